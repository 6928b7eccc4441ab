"""No lost edits: a save based on an older version of the article is refused, and nothing typed is lost."""

from pathlib import Path

from django.urls import reverse

from articles.importing import import_paths
from articles.models import Article
from articles.revisions import versions_of, when
from tests.conftest import logged_in
from tests.factories import admin_form_data, make_staff_user, make_tag


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def opened_form_data(client, article) -> dict:
    """Open the change form as a person would and keep what it holds, including its version."""
    response = client.get(change_url(article))
    assert response.status_code == 200
    form = response.context["adminform"].form
    return admin_form_data(article, base_version=form["base_version"].value())


def test_the_second_of_two_concurrent_saves_is_refused_with_who_and_when(editor, published_article):
    first = logged_in(editor)
    second_user = make_staff_user("sam", role="Editors", first_name="Sam", last_name="Second")
    second = logged_in(second_user)
    editor.first_name, editor.last_name = "Edna", "First"
    editor.save()

    first_data = opened_form_data(first, published_article)
    second_data = opened_form_data(second, published_article)

    response = first.post(change_url(published_article), {**first_data, "body": "The first person's text."})
    assert response.status_code == 302
    saved = Article.objects.get(pk=published_article.pk)

    response = second.post(change_url(published_article), {**second_data, "body": "The second person's text."})
    assert response.status_code == 200
    form = response.context["adminform"].form
    message = " ".join(form.non_field_errors())
    assert "Edna First" in message
    first_save = versions_of(saved).first().revision
    assert first_save.user == editor
    assert when(first_save.date_created) in message
    assert form["body"].value() == "The second person's text."
    assert "The second person&#x27;s text." in response.content.decode()
    assert Article.objects.get(pk=published_article.pk).body == "The first person's text."


def test_a_refused_form_keeps_refusing_until_it_is_reopened(editor_client, published_article):
    stale = opened_form_data(editor_client, published_article)
    editor_client.post(change_url(published_article), {**stale, "body": "One."})
    assert editor_client.post(change_url(published_article), {**stale, "body": "Two."}).status_code == 200
    assert editor_client.post(change_url(published_article), {**stale, "body": "Three."}).status_code == 200
    fresh = opened_form_data(editor_client, published_article)
    assert editor_client.post(change_url(published_article), {**fresh, "body": "Four."}).status_code == 302
    assert Article.objects.get(pk=published_article.pk).body == "Four."


def test_a_save_without_a_version_is_refused(editor_client, published_article):
    data = admin_form_data(published_article, body="Blind overwrite.", base_version="")
    assert editor_client.post(change_url(published_article), data).status_code == 200
    assert Article.objects.get(pk=published_article.pk).body != "Blind overwrite."


def test_every_save_moves_the_version_on(published_article):
    before = published_article.version
    published_article.save()
    assert Article.objects.get(pk=published_article.pk).version == before + 1


def test_a_publishing_action_moves_the_version_on_so_an_open_form_cannot_undo_it(editor_client, writers_draft):
    stale = opened_form_data(editor_client, writers_draft)
    changelist = reverse("admin:articles_article_changelist")
    editor_client.post(changelist, {"action": "publish", "_selected_action": [writers_draft.pk]})
    assert editor_client.post(change_url(writers_draft), {**stale, "status": "draft"}).status_code == 200
    assert Article.objects.get(pk=writers_draft.pk).status == Article.Status.PUBLISHED


def test_an_import_moves_the_version_on_so_an_open_form_is_refused(editor_client, tmp_path: Path):
    (tmp_path / "imported.md").write_text(
        "---\ntitle: Imported\nauthor: Ada\npublish_date: 2024-01-01\n---\nFirst text.\n", encoding="utf-8"
    )
    import_paths([tmp_path])
    article = Article.objects.get(slug="imported")
    stale = opened_form_data(editor_client, article)
    (tmp_path / "imported.md").write_text(
        "---\ntitle: Imported\nauthor: Ada\npublish_date: 2024-01-01\n---\nSecond text.\n", encoding="utf-8"
    )
    import_paths([tmp_path])
    response = editor_client.post(change_url(article), {**stale, "body": "Edited in the admin."})
    assert response.status_code == 200
    assert "An import or a script" in " ".join(response.context["adminform"].form.non_field_errors())
    assert Article.objects.get(pk=article.pk).body.strip() == "Second text."


def test_a_refused_save_shows_their_version_against_the_writers_text_only_where_they_differ(
    editor_client, published_article
):
    stale = opened_form_data(editor_client, published_article)
    editor_client.post(change_url(published_article), {**stale, "body": "Intro.\n\nTheir paragraph."})

    response = editor_client.post(change_url(published_article), {**stale, "body": "Intro.\r\n\r\nMy paragraph."})

    form = response.context["adminform"].form
    assert "how their version differs from it is shown under this message" in " ".join(form.non_field_errors())
    assert [diff.name for diff in form.conflict_diffs] == ["body"]
    assert form.conflict_also == []
    (body,) = form.conflict_diffs
    assert ("removed", "Their paragraph.") in body.rows and ("added", "My paragraph.") in body.rows
    assert ("same", "Intro.") in body.rows
    page = response.content.decode()
    assert 'id="conflict"' in page
    assert f'href="{published_article.get_absolute_url()}" target="_blank"' in page


def test_the_refused_form_is_based_on_the_version_it_showed_so_saving_it_again_keeps_the_writers_text(
    editor_client, published_article
):
    stale = opened_form_data(editor_client, published_article)
    editor_client.post(change_url(published_article), {**stale, "body": "Their text."})
    response = editor_client.post(change_url(published_article), {**stale, "body": "Their text, and mine."})
    shown = response.context["adminform"].form["base_version"].value()
    assert shown == str(Article.objects.get(pk=published_article.pk).version)

    again = editor_client.post(
        change_url(published_article), {**stale, "base_version": shown, "body": "Their text, and mine."}
    )

    assert again.status_code == 302
    assert Article.objects.get(pk=published_article.pk).body == "Their text, and mine."


def test_a_refused_save_names_the_other_fields_the_form_holds_otherwise_than_their_version(
    editor_client, published_article
):
    tag = make_tag(name="Night trains")
    stale = opened_form_data(editor_client, published_article)
    editor_client.post(change_url(published_article), {**stale, "tags": [tag.pk]})

    response = editor_client.post(change_url(published_article), {**stale, "body": "Mine."})

    form = response.context["adminform"].form
    assert form.conflict_also == ["Tags"]
    assert "Also different in your form: <strong>Tags</strong>" in response.content.decode()
