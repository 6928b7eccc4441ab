"""The admin's home page: Folio's name, and what waits for the person signed in."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def panels(response) -> dict[str, list[str]]:
    return {heading: [article.title for article in articles] for heading, _, articles in response.context["panels"]}


def test_the_admin_is_named_for_the_publication(editor_client, settings):
    settings.SITE_NAME = "The Harbour Review"

    page = editor_client.get("/admin/").content.decode()

    assert '<div id="site-name"><a href="/admin/">The Harbour Review</a></div>' in page
    assert "<title>Dashboard | Folio</title>" in page
    assert "/static/admin/css/folio-theme.css" in page


def test_an_editor_sees_their_drafts_what_waits_for_review_the_scheduled_and_the_recently_published(
    editor, editor_client, writer
):
    now = timezone.now()
    make_article(title="Mine, unfinished", author=editor.author, status="draft", publish_date=None)
    make_article(title="Someone else's draft", author=writer.author, status="draft", publish_date=None)
    make_article(title="Please read", author=writer.author, status="review", publish_date=None)
    make_article(title="Out on Friday", publish_date=now + timedelta(days=2))
    make_article(title="Out last week", publish_date=now - timedelta(days=7))
    make_article(title="Out yesterday", publish_date=now - timedelta(days=1))

    assert panels(editor_client.get("/admin/")) == {
        "My drafts": ["Mine, unfinished"],
        "Waiting for review": ["Please read"],
        "Scheduled": ["Out on Friday"],
        "Recently published": ["Out yesterday", "Out last week"],
    }


def test_a_writer_sees_no_review_queue(writer, writer_client):
    make_article(title="Please read", author=writer.author, status="review", publish_date=None)

    assert list(panels(writer_client.get("/admin/"))) == ["My drafts", "Scheduled", "Recently published"]


def test_each_panel_links_to_the_articles_form(editor_client):
    article = make_article(title="Out yesterday", publish_date=timezone.now() - timedelta(days=1))

    page = editor_client.get("/admin/").content.decode()

    assert f'<a href="/admin/articles/article/{article.pk}/change/">Out yesterday</a>' in page


def test_the_dashboard_reads_a_fixed_number_of_queries_however_many_articles(editor, editor_client):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get("/admin/").status_code == 200
        return len(queries)

    make_article(author=editor.author, status="draft", publish_date=None)
    few = count()
    for n in range(12):
        make_article(author=editor.author, status="draft", publish_date=None)
        make_article(status="review", publish_date=None)
        make_article(publish_date=timezone.now() + timedelta(days=n + 1))
        make_article(publish_date=timezone.now() - timedelta(days=n + 1))
    assert count() == few
