"""Preview changes: the article's page with the text autosave kept, for those who may edit it, never for readers."""

import pytest
from django.urls import reverse

from articles.models import Article, PendingChange
from tests.factories import make_tag
from tests.test_pending_changes import autosave, change_url, generation, opened

pytestmark = pytest.mark.usefixtures("stored_pages_on")


def preview_url(article):
    return reverse("admin:articles_article_preview", args=[article.pk])


def test_the_preview_shows_the_autosaved_text_of_a_published_article_while_readers_keep_the_published_one(
    editor_client, client, published_article
):
    autosave(
        editor_client,
        published_article,
        opened(editor_client, published_article, title="A sharper title", body="## New part\n\nAutosaved words."),
    )
    version, before = published_article.version, generation()

    page = editor_client.get(preview_url(published_article))

    html = page.content.decode()
    assert page.status_code == 200
    assert "<h1>A sharper title</h1>" in html
    assert '<h2 id="new-part">New part</h2>' in html
    assert "Preview of your changes." in html
    assert "readers still see" in html and f'href="{published_article.get_absolute_url()}"' in html
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in page["Cache-Control"] and "private" in page["Cache-Control"]
    reader = client.get(published_article.get_absolute_url()).content.decode()
    assert "Autosaved words" not in reader and "A sharper title" not in reader
    article = Article.objects.get(pk=published_article.pk)
    assert (article.title, article.version) == (published_article.title, version)
    assert "Autosaved words" not in article.body_html
    assert generation() == before
    assert PendingChange.objects.filter(article=published_article).exists()


def test_the_preview_of_a_draft_with_nothing_waiting_is_the_article_as_saved(editor_client, draft_article):
    page = editor_client.get(preview_url(draft_article)).content.decode()

    assert f"<h1>{draft_article.title}</h1>" in page
    assert "No changes wait: this is the article as saved, visible only to staff." in page


def test_a_pending_value_the_form_would_refuse_is_shown_as_saved_and_named(editor_client, published_article):
    autosave(editor_client, published_article, opened(editor_client, published_article, title="", body="New body."))

    page = editor_client.get(preview_url(published_article)).content.decode()

    assert f"<h1>{published_article.title}</h1>" in page
    assert "New body." in page
    assert "Shown as saved, since saving would refuse the new value: Title." in page


def test_changed_tags_are_shown_as_saved_and_said_to_show_once_the_form_is_saved(editor_client, published_article):
    tag = make_tag(name="Harbours")
    autosave(editor_client, published_article, opened(editor_client, published_article, tags=[str(tag.pk)]))

    page = editor_client.get(preview_url(published_article)).content.decode()

    assert "Changes to Tags show once the form is saved." in page
    assert "Harbours" not in page


def test_only_people_who_may_edit_the_article_see_its_changes_preview(writer_client, published_article, client):
    assert writer_client.get(preview_url(published_article)).status_code == 403
    assert client.get(preview_url(published_article)).status_code == 302  # to the sign-in page


def test_the_form_tells_the_published_page_from_the_preview_of_changes(editor_client, published_article, draft_article):
    live = editor_client.get(change_url(published_article)).content.decode()
    draft = editor_client.get(change_url(draft_article)).content.decode()

    assert ">View on site</a>" in live and ">Preview changes</a>" in live
    assert f'href="{preview_url(published_article)}"' in live
    assert ">Preview as saved</a>" in draft and ">View on site</a>" not in draft
