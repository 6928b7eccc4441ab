import http.server
import json
import os
import runpy
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import Client
from django.utils import timezone

from tests.factories import make_article, make_author, make_staff_user, make_webhook
from tests.servers import free_port


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded and imported files go to this test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def trusted_network(settings):
    """Image downloads may go to private and local addresses: the tests' image servers listen on 127.0.0.1."""
    settings.IMPORT_DOWNLOAD_PRIVATE_ADDRESSES = True


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


DEPLOY_VARIABLES = {
    "DEBUG",
    "SITE_URL",
    "SERVE_MEDIA",
    "HTTPS",
    "TRUST_X_FORWARDED_PROTO",
    "TRUST_X_FORWARDED_FOR",
    "REDIRECT_MAX_AGE",
}
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


class Receiver:
    """A webhook receiver on 127.0.0.1 (http.server in a thread): it records every request and answers as told."""

    def __init__(self):
        self.requests: list[dict] = []
        self._answers: list[tuple[int, float, dict]] = []
        self._arrived = threading.Condition()
        self.released = threading.Event()  # ends every delay at once, so that teardown never waits
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver._arrived:
                    status, delay, headers = receiver._answers.pop(0) if receiver._answers else (200, 0, {})
                    receiver.requests.append(
                        {"path": self.path, "headers": dict(self.headers), "body": body, "json": json.loads(body)}
                    )
                    receiver._arrived.notify_all()
                if delay:
                    receiver.released.wait(delay)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def answer(self, status: int = 200, *, delay: float = 0, headers: dict | None = None, times: int = 1) -> None:
        """Answer the next `times` requests so (after `delay` seconds); then 200 again."""
        self._answers += [(status, delay, headers or {})] * times

    def wait_for(self, count: int, *, within: float = 60) -> list[dict]:
        """The requests, once there are at least `count` of them (a generous bound, so a slow machine is not wrong)."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self.requests) >= count, timeout=within):
                raise AssertionError(f"{len(self.requests)} requests arrived within {within} s, not {count}")
            return list(self.requests)

    def events(self) -> list[tuple[str, str]]:
        return [(r["json"]["event"], (r["json"]["article"] or {}).get("slug", "")) for r in self.requests]

    def close(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.close()


@pytest.fixture
def webhook(db, receiver):
    """An active webhook for every article event, pointed at the test's receiver."""
    return make_webhook(url=receiver.url)


@pytest.fixture
def import_running():
    """Another process's import holding the database's import lock for the test (PostgreSQL: a connection of
    its own; the test needs django_db(transaction=True) to see it)."""
    from django.db import connections

    from articles.import_lock import one_import_at_a_time

    holding, release = threading.Event(), threading.Event()

    def other_import():
        try:
            with one_import_at_a_time():
                holding.set()
                release.wait(60)
        finally:
            connections.close_all()

    importer = threading.Thread(target=other_import)
    importer.start()
    try:
        assert holding.wait(60)
        yield
    finally:
        release.set()
        importer.join(60)


@pytest.fixture
def unwritable_media_root(settings, tmp_path):
    """A MEDIA_ROOT Folio cannot write under. The tests run as root, whom no folder's mode stops: a file where the
    folder should be refuses every write, for root too ("Not a directory")."""
    settings.MEDIA_ROOT = tmp_path / "a-file"
    settings.MEDIA_ROOT.write_text("not a folder")
    return settings.MEDIA_ROOT


@pytest.fixture
def unreachable_database(tmp_path):
    """Swap the default connection for one to a database that is not there: a real failure to connect."""
    settings_dict = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "no-such-folder" / "folio.sqlite3")
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(free_port()))  # free: nothing listens there
    working = connections[DEFAULT_DB_ALIAS]
    broken = working.__class__(settings_dict, alias=DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = broken
    yield
    connections[DEFAULT_DB_ALIAS] = working
    broken.close()
