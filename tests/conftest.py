import os
import runpy
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import make_article, make_author, make_staff_user


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded and imported files go to this test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def site(tmp_path):
    """A folder of Markdown files to import, apart from the media folder."""
    folder = tmp_path / "site"
    folder.mkdir()
    return folder


@pytest.fixture
def author(db):
    return make_author(name="Ada Lovelace", slug="ada-lovelace", bio="Writes about *engines*.")


@pytest.fixture
def published_article(author):
    return make_article(title="A published piece", slug="a-published-piece", author=author)


@pytest.fixture
def draft_article(author):
    return make_article(title="A draft piece", slug="a-draft-piece", author=author, status="draft", publish_date=None)


@pytest.fixture
def scheduled_article(author):
    return make_article(
        title="A scheduled piece",
        slug="a-scheduled-piece",
        author=author,
        publish_date=timezone.now() + timedelta(days=3),
    )


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="x", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


DEPLOY_VARIABLES = {"DEBUG", "SITE_URL", "SERVE_MEDIA", "HTTPS", "TRUST_X_FORWARDED_PROTO", "TRUST_X_FORWARDED_FOR"}
DEPLOY_PREFIXES = ("HSTS_", "S3_", "LOGIN_FAILURE_")


@pytest.fixture
def load_settings(monkeypatch):
    """Evaluate cms/settings.py afresh under the given deploy variables; returns its names as a dict."""

    def load(**environ: str) -> dict:
        for name in list(os.environ):
            if name in DEPLOY_VARIABLES or name.startswith(DEPLOY_PREFIXES):
                monkeypatch.delenv(name)
        # Settings refuse to start without a SITE_URL when DEBUG is off; pass SITE_URL="" to see it.
        for name, value in {"SITE_URL": "http://127.0.0.1:8000", **environ}.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(Path(__file__).resolve().parent.parent / "cms" / "settings.py"))

    return load


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def writer(db):
    return make_staff_user("wren", role="Writers")


@pytest.fixture
def other_writer(db):
    return make_staff_user("otto", role="Writers")


@pytest.fixture
def editor(db):
    return make_staff_user("edna", role="Editors")


@pytest.fixture
def writer_client(writer):
    return logged_in(writer)


@pytest.fixture
def editor_client(editor):
    return logged_in(editor)


@pytest.fixture
def writers_draft(writer):
    return make_article(
        title="A draft in progress", slug="a-draft-in-progress", author=writer.author, status="draft", publish_date=None
    )


@pytest.fixture
def outdir(tmp_path):
    """Where a test exports to."""
    return tmp_path / "export"


@pytest.fixture
def stored_pages_on(settings):
    """Stored pages as in production (the test settings turn them off)."""
    settings.STORED_PAGES = True


class Clock:
    """timezone.now() as the test sets it: it moves only when told to."""

    def __init__(self, start):
        self.now = start

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(timezone.now())
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock
