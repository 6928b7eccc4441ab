"""Autosave and pending changes: text saved to the server apart from the article, live only once published."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.images import store_image
from articles.models import Article, ContentState, PendingChange
from articles.revisions import versions_of
from tests.conftest import logged_in
from tests.factories import admin_form_data, article_form_data, make_article, make_staff_user
from tests.image_files import image_bytes
from tests.markdown_files import article_text, run, run_json, write

# Readers' pages are checked through the page cache, as production serves them.
pytestmark = pytest.mark.usefixtures("stored_pages_on")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def autosave_url(article=None):
    if article is None:
        return reverse("admin:articles_article_autosave_new")
    return reverse("admin:articles_article_autosave", args=[article.pk])


def discard_url(article=None):
    if article is None:
        return reverse("admin:articles_article_discard_new")
    return reverse("admin:articles_article_discard_changes", args=[article.pk])


def opened(client, article, **changes) -> dict:
    """The change form as a page opened now posts it, with its version and pending token, and `changes` typed."""
    response = client.get(change_url(article))
    assert response.status_code == 200
    form = response.context["adminform"].form
    article = Article.objects.get(pk=article.pk)
    data = admin_form_data(article, _publish=None, pending_token=form["pending_token"].value())
    for name in ("title", "body", "subtitle", "description", "canonical_url"):
        data[name] = form[name].value()
    return {**data, **changes}


def autosave(client, article, data):
    response = client.post(autosave_url(article), data)
    return response, response.json()


def generation() -> int:
    return ContentState.objects.get(pk=1).generation


def test_autosave_keeps_the_text_apart_from_a_published_article_and_its_readers(
    editor_client, client, published_article
):
    reader = client.get(published_article.get_absolute_url())
    assert "Autosaved words" not in reader.content.decode()
    version, before = published_article.version, generation()

    response, answer = autosave(
        editor_client, published_article, opened(editor_client, published_article, body="Autosaved words.")
    )

    assert response.status_code == 200
    assert answer["message"].startswith("Saved to the server ")
    assert "readers still see the published version" in answer["message"]
    assert answer["token"] == PendingChange.objects.get(article=published_article).token
    article = Article.objects.get(pk=published_article.pk)
    assert (article.body, article.version) == (published_article.body, version)
    assert generation() == before
    again = client.get(published_article.get_absolute_url())
    assert again["X-Stored-Page"] == "hit"
    assert "Autosaved words" not in again.content.decode()
    assert PendingChange.objects.get(article=published_article).data["body"] == ["Autosaved words."]


def test_the_form_shows_the_pending_text_who_saved_it_and_that_readers_still_see_the_published_version(
    editor_client, editor, published_article
):
    autosave(editor_client, published_article, opened(editor_client, published_article, body="Autosaved words."))

    response = editor_client.get(change_url(published_article))

    assert response.context["adminform"].form["body"].value() == "Autosaved words."
    content = response.content.decode()
    assert "Unpublished changes" in content
    assert "Readers still see the published version" in content
    assert "Edna" in content
    assert "Changed: Body." in content
    assert 'name="_publish"' in content and "Discard changes" in content
    assert "Save without publishing" in content
    assert 'name="_save"' not in content


def test_saving_a_published_article_without_publish_changes_keeps_the_changes_pending(
    editor_client, client, published_article
):
    revisions_before = versions_of(published_article).count()
    data = opened(editor_client, published_article, body="Edited, not yet public.", _continue="Save without publishing")

    response = editor_client.post(change_url(published_article), data)

    assert response.status_code == 302
    assert response["Location"] == change_url(published_article)
    assert Article.objects.get(pk=published_article.pk).body == published_article.body
    assert PendingChange.objects.get(article=published_article).data["body"] == ["Edited, not yet public."]
    assert versions_of(published_article).count() == revisions_before
    assert "Edited, not yet public." not in client.get(published_article.get_absolute_url()).content.decode()


def test_publish_changes_makes_the_pending_text_live_and_records_a_revision(editor_client, client, published_article):
    autosave(editor_client, published_article, opened(editor_client, published_article, body="Now for readers."))
    data = opened(editor_client, published_article, _publish="Publish changes")
    assert data["body"] == "Now for readers."

    response = editor_client.post(change_url(published_article), data)

    assert response.status_code == 302
    article = Article.objects.get(pk=published_article.pk)
    assert article.body == "Now for readers."
    assert article.body_html == "<p>Now for readers.</p>\n"
    assert not PendingChange.objects.exists()
    comment = versions_of(article).first().revision.comment
    assert comment.startswith("Published pending changes.") and "Body" in comment
    assert "Now for readers." in client.get(article.get_absolute_url()).content.decode()


def test_a_hero_uploaded_on_a_published_article_waits_in_the_pending_changes_until_published(
    editor_client, client, published_article, media_root
):
    # What the writing room sends once a chosen hero file has gone up: its name in the media library.
    hero = store_image(image_bytes(size=(1200, 800)))
    changes = {"hero_image_stored": hero, "hero_image_alt": "A harbour at dawn"}
    autosave(editor_client, published_article, opened(editor_client, published_article, **changes))
    assert PendingChange.objects.get(article=published_article).data["hero_image_stored"] == [hero]
    assert "A harbour at dawn" not in client.get(published_article.get_absolute_url()).content.decode()

    form = editor_client.get(change_url(published_article)).context["adminform"].form
    assert (form["hero_image_stored"].value(), form["hero_image_alt"].value()) == (hero, "A harbour at dawn")
    response = editor_client.post(
        change_url(published_article), opened(editor_client, published_article, _publish="Publish changes", **changes)
    )

    assert response.status_code == 302
    assert Article.objects.get(pk=published_article.pk).hero_image.name == hero
    assert 'alt="A harbour at dawn"' in client.get(published_article.get_absolute_url()).content.decode()


def test_a_canonical_url_typed_on_a_published_article_is_autosaved_and_waits_for_publish_changes(
    editor_client, client, published_article
):
    original = "https://first.example.com/the-original"
    autosave(editor_client, published_article, opened(editor_client, published_article, canonical_url=original))

    assert PendingChange.objects.get(article=published_article).data["canonical_url"] == [original]
    assert Article.objects.get(pk=published_article.pk).canonical_url == ""
    assert original not in client.get(published_article.get_absolute_url()).content.decode()
    page = editor_client.get(change_url(published_article))
    assert page.context["adminform"].form["canonical_url"].value() == original
    assert "Changed: Canonical URL." in page.content.decode()

    editor_client.post(
        change_url(published_article), opened(editor_client, published_article, _publish="Publish changes")
    )

    assert Article.objects.get(pk=published_article.pk).canonical_url == original
    assert (
        f'<link rel="canonical" href="{original}">' in client.get(published_article.get_absolute_url()).content.decode()
    )


def test_discard_changes_drops_them_and_records_it_in_the_revisions(editor_client, published_article):
    _, answer = autosave(
        editor_client, published_article, opened(editor_client, published_article, body="Second thoughts.")
    )
    before = generation()

    response = editor_client.post(discard_url(published_article), {"pending_token": answer["token"]})

    assert response.status_code == 302
    assert response["Location"] == change_url(published_article)
    assert not PendingChange.objects.exists()
    assert Article.objects.get(pk=published_article.pk).body == published_article.body
    assert versions_of(published_article).first().revision.comment.startswith("Discarded pending changes saved by Edna")
    assert generation() == before
    form = editor_client.get(change_url(published_article)).context["adminform"].form
    assert form["body"].value() == published_article.body


def test_discarding_is_refused_when_newer_changes_came_after_the_page_was_opened(editor_client, published_article):
    _, first = autosave(editor_client, published_article, opened(editor_client, published_article, body="One."))
    data = opened(editor_client, published_article, body="Two.")
    autosave(editor_client, published_article, data)

    response = editor_client.post(discard_url(published_article), {"pending_token": first["token"]}, follow=True)

    assert "were not discarded" in response.content.decode()
    assert PendingChange.objects.get(article=published_article).data["body"] == ["Two."]


def test_a_writer_can_neither_autosave_nor_publish_nor_discard_changes_to_a_published_article(writer, writer_client):
    article = make_article(author=writer.author, body="Published text.")
    data = admin_form_data(article, body="A writer's edit.")

    assert writer_client.post(autosave_url(article), {**data, "_publish": ""}).status_code == 403
    assert writer_client.post(change_url(article), data).status_code == 403
    assert writer_client.post(discard_url(article), {"pending_token": ""}).status_code == 403
    assert Article.objects.get(pk=article.pk).body == "Published text."
    assert not PendingChange.objects.exists()


def test_a_drafts_autosave_leaves_it_as_it_is_until_its_next_save_applies_and_clears_it(writer_client, writers_draft):
    version = writers_draft.version
    autosave(writer_client, writers_draft, opened(writer_client, writers_draft, body="Written on the train."))
    assert Article.objects.get(pk=writers_draft.pk).version == version

    data = opened(writer_client, writers_draft, _continue="Save and continue editing")
    assert data["body"] == "Written on the train."
    response = writer_client.post(change_url(writers_draft), data)

    assert response.status_code == 302
    assert Article.objects.get(pk=writers_draft.pk).body == "Written on the train."
    assert not PendingChange.objects.exists()


def test_autosave_from_a_page_that_missed_another_devices_autosave_is_refused_with_409(editor, published_article):
    laptop, phone = logged_in(editor), logged_in(editor)
    on_laptop, on_phone = opened(laptop, published_article), opened(phone, published_article)
    autosave(laptop, published_article, {**on_laptop, "body": "Typed on the laptop."})

    response, answer = autosave(phone, published_article, {**on_phone, "body": "Typed on the phone."})

    assert response.status_code == 409
    assert "Newer changes were saved to the server by Edna" in answer["error"]
    assert "reload the page" in answer["error"]
    assert PendingChange.objects.get(article=published_article).data["body"] == ["Typed on the laptop."]


def test_autosave_from_a_page_opened_before_the_article_was_saved_is_refused_with_409(editor_client, writers_draft):
    stale = opened(editor_client, writers_draft, body="Typed on an old page.")
    Article.objects.get(pk=writers_draft.pk).save()

    response, answer = autosave(editor_client, writers_draft, stale)

    assert response.status_code == 409
    assert "saved this article on" in answer["error"]
    assert not PendingChange.objects.exists()


def test_a_form_save_over_newer_pending_changes_is_refused_and_keeps_both_texts(editor, writers_draft):
    desk, sofa = logged_in(editor), logged_in(editor)
    at_desk = opened(desk, writers_draft, body="Saved at the desk.")
    autosave(sofa, writers_draft, opened(sofa, writers_draft, body="Autosaved on the sofa."))

    response = desk.post(change_url(writers_draft), at_desk)

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "Newer changes were saved to the server by Edna" in errors
    assert response.context["adminform"].form["body"].value() == "Saved at the desk."
    assert Article.objects.get(pk=writers_draft.pk).body == writers_draft.body
    assert PendingChange.objects.get(article=writers_draft).data["body"] == ["Autosaved on the sofa."]


def test_a_save_refused_over_newer_pending_changes_shows_theirs_against_the_form_and_saving_again_saves_it(
    editor, writers_draft
):
    desk, sofa = logged_in(editor), logged_in(editor)
    at_desk = opened(desk, writers_draft, body="Saved at the desk.", title="The desk's title")
    autosave(sofa, writers_draft, opened(sofa, writers_draft, body="Autosaved on the sofa."))

    refused = desk.post(change_url(writers_draft), at_desk)

    form = refused.context["adminform"].form
    assert form.conflicted
    shown = {diff.name: diff.rows for diff in form.conflict_diffs}
    assert shown["body"] == [("removed", "Autosaved on the sofa."), ("added", "Saved at the desk.")]
    assert ("added", "The desk's title") in shown["title"]
    page = refused.content.decode()
    assert "Their version against yours" in page
    assert "and shown against your text below" in page
    assert f'name="pending_seen" value="{PendingChange.objects.get(article=writers_draft).token}"' in page
    assert "then save again" in " ".join(form.non_field_errors())

    again = desk.post(change_url(writers_draft), {**at_desk, "pending_seen": form.pending_seen})

    assert again.status_code == 302
    assert Article.objects.get(pk=writers_draft.pk).body == "Saved at the desk."
    assert not PendingChange.objects.filter(article=writers_draft).exists()


def test_saving_again_after_a_pending_conflict_is_refused_once_more_if_newer_changes_came_meanwhile(
    editor, writers_draft
):
    desk, sofa = logged_in(editor), logged_in(editor)
    at_desk = opened(desk, writers_draft, body="Saved at the desk.")
    on_sofa = opened(sofa, writers_draft, body="Autosaved on the sofa.")
    _, first = autosave(sofa, writers_draft, on_sofa)
    seen = desk.post(change_url(writers_draft), at_desk).context["adminform"].form.pending_seen
    autosave(sofa, writers_draft, {**on_sofa, "pending_token": first["token"], "body": "Written later on the sofa."})

    response = desk.post(change_url(writers_draft), {**at_desk, "pending_seen": seen})

    assert response.status_code == 200
    diffs = response.context["adminform"].form.conflict_diffs
    assert ("removed", "Written later on the sofa.") in diffs[0].rows
    assert Article.objects.get(pk=writers_draft.pk).body == writers_draft.body
    assert PendingChange.objects.get(article=writers_draft).data["body"] == ["Written later on the sofa."]


def test_a_save_sent_while_its_own_autosave_was_under_way_is_not_a_conflict(editor_client, writers_draft):
    data = opened(editor_client, writers_draft, body="The same words.")
    autosave(editor_client, writers_draft, data)  # the form still holds the token it had before

    response = editor_client.post(change_url(writers_draft), data)

    assert response.status_code == 302
    assert Article.objects.get(pk=writers_draft.pk).body == "The same words."


def test_autosave_answers_404_for_an_unknown_article_and_405_for_a_put(editor_client, published_article):
    response = editor_client.post("/admin/articles/article/999999/autosave/", {"body": "Lost?"})
    assert response.status_code == 404
    assert "No such article" in response.json()["error"]
    assert editor_client.put(autosave_url(published_article)).status_code == 405


def test_a_get_of_autosave_tells_a_page_the_newest_pending_token_so_it_can_catch_up(editor, published_article):
    laptop, phone = logged_in(editor), logged_in(editor)
    on_phone = opened(phone, published_article)
    assert laptop.get(autosave_url(published_article)).json() == {"token": ""}

    _, answer = autosave(phone, published_article, {**on_phone, "body": "Sent as the phone's page was left."})

    assert laptop.get(autosave_url(published_article)).json() == {"token": answer["token"]}


def test_a_get_of_autosave_is_for_those_who_may_edit_the_article(other_writer, writers_draft, writer, writer_client):
    assert logged_in(other_writer).get(autosave_url(writers_draft)).status_code == 403
    writer_client.post(autosave_url(), article_form_data(writer.author, title="Half a thought"))
    assert writer_client.get(autosave_url()).json()["token"]
    assert logged_in(other_writer).get(autosave_url()).json() == {"token": ""}


def test_a_writer_cannot_autosave_another_writers_draft(other_writer, writers_draft):
    response = logged_in(other_writer).post(autosave_url(writers_draft), admin_form_data(writers_draft, body="Mine?"))
    assert response.status_code == 403
    assert response.json()["error"] == "You may not edit this article."
    assert not PendingChange.objects.exists()


def test_autosave_needs_the_pages_csrf_token(editor, writers_draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(autosave_url(writers_draft), admin_form_data(writers_draft, body="Forged.")).status_code == 403
    assert not PendingChange.objects.exists()


def test_autosave_refuses_a_body_over_the_size_limit_saying_why(editor_client, writers_draft, settings):
    settings.ARTICLE_BODY_MAX_BYTES = 100
    response, answer = autosave(editor_client, writers_draft, opened(editor_client, writers_draft, body="x" * 200))
    assert response.status_code == 400
    assert "an article may be at most 100" in answer["error"]
    assert "not saved to the server" in answer["error"]
    assert not PendingChange.objects.exists()


def test_autosave_of_an_unchanged_form_stores_nothing(editor_client, published_article):
    response, answer = autosave(editor_client, published_article, opened(editor_client, published_article))
    assert response.status_code == 200
    assert answer["message"] == "No changes to save yet."
    assert not PendingChange.objects.exists()


def test_typing_back_to_the_saved_text_leaves_nothing_waiting(editor_client, published_article):
    data = opened(editor_client, published_article, body="A detour.")
    _, answer = autosave(editor_client, published_article, data)

    _, back = autosave(
        editor_client, published_article, {**data, "body": published_article.body, "pending_token": answer["token"]}
    )

    assert back["token"] == ""
    assert not PendingChange.objects.exists()


def test_saving_a_published_article_without_publishing_refuses_a_change_of_status(editor_client, published_article):
    data = opened(editor_client, published_article, status="draft", _continue="Save without publishing")

    response = editor_client.post(change_url(published_article), data)

    assert response.status_code == 200
    assert "use Publish changes" in " ".join(response.context["adminform"].form.errors["status"])
    assert not PendingChange.objects.exists()
    assert Article.objects.get(pk=published_article.pk).status == Article.Status.PUBLISHED


def test_the_publishing_state_is_never_kept_in_a_pending_change(editor_client, writers_draft):
    autosave(editor_client, writers_draft, opened(editor_client, writers_draft, body="More.", status="published"))
    kept = PendingChange.objects.get(article=writers_draft).data
    assert "status" not in kept and "publish_date_0" not in kept and "base_version" not in kept
    assert kept["body"] == ["More."]


def new_article_form(client, url=None):
    """An add page as a writer opens it: its form, with the draft key that keeps its autosaved text apart."""
    page = client.get(url or reverse("admin:articles_article_add"))
    assert page.status_code == 200
    return page, page.context["adminform"].form


def test_a_new_article_in_progress_is_autosaved_for_its_writer_and_its_own_form_carries_on_with_it(
    writer, writer_client, other_writer
):
    _, form = new_article_form(writer_client)
    key = form["draft_key"].value()
    data = article_form_data(writer.author, title="Notes from the train", body="Started somewhere near Leeds.")
    response = writer_client.post(f"{autosave_url()}?draft={key}", {**data, "draft_key": key})
    assert response.status_code == 200
    assert not Article.objects.exists()

    page, form = new_article_form(writer_client, f"{reverse('admin:articles_article_add')}?draft={key}")
    assert form["title"].value() == "Notes from the train"
    assert form["body"].value() == "Started somewhere near Leeds."
    assert form["draft_key"].value() == key
    assert "A new article in progress" in page.content.decode()
    _, others = new_article_form(logged_in(other_writer), f"{reverse('admin:articles_article_add')}?draft={key}")
    assert others["title"].value() in (None, "")

    saved = writer_client.post(
        reverse("admin:articles_article_add"),
        {**data, "pending_token": form["pending_token"].value(), "draft_key": key},
    )
    assert saved.status_code == 302
    assert Article.objects.get().title == "Notes from the train"
    assert not PendingChange.objects.exists()


def test_two_new_article_forms_open_side_by_side_each_keep_their_own_text_and_both_save(writer, writer_client):
    add = reverse("admin:articles_article_add")
    firsts, seconds = new_article_form(writer_client)[1], new_article_form(writer_client)[1]
    assert firsts["draft_key"].value() != seconds["draft_key"].value()
    typed = {}
    for form, title in ((firsts, "The morning tide"), (seconds, "The evening tide")):
        key = form["draft_key"].value()
        data = article_form_data(writer.author, title=title, slug="", body=f"{title}, as it came in.")
        _, answer = autosave(writer_client, None, {**data, "draft_key": key})
        typed[key] = {**data, "draft_key": key, "pending_token": answer["token"]}
    assert PendingChange.objects.filter(article=None).count() == 2

    # A fresh add page starts a third article, and leads to both kept ones.
    page, form = new_article_form(writer_client)
    assert form["title"].value() in (None, "")
    content = page.content.decode()
    assert "Your new articles in progress" in content
    assert "The morning tide" in content and "The evening tide" in content

    # The second one saved first: neither is refused, and each saves its own text.
    for key in reversed(list(typed)):
        reopened = new_article_form(writer_client, f"{add}?draft={key}")[1]
        assert reopened["title"].value() == typed[key]["title"]
        response = writer_client.post(f"{add}?draft={key}", typed[key])
        assert response.status_code == 302, response.context["adminform"].form.errors
    assert sorted(Article.objects.values_list("title", flat=True)) == ["The evening tide", "The morning tide"]
    assert not PendingChange.objects.exists()


def test_one_new_article_form_open_in_two_windows_still_refuses_the_older_windows_save(writer, writer_client):
    key = new_article_form(writer_client)[1]["draft_key"].value()
    data = article_form_data(writer.author, title="One article, two windows", body="From the first window.")
    _, first = autosave(writer_client, None, {**data, "draft_key": key})
    autosave(writer_client, None, {**data, "draft_key": key, "pending_token": first["token"], "body": "Second."})

    response = writer_client.post(
        reverse("admin:articles_article_add"), {**data, "draft_key": key, "pending_token": first["token"]}
    )

    assert response.status_code == 200
    assert "in another window or on another device" in response.content.decode()
    assert not Article.objects.exists()


def test_a_new_article_with_no_words_yet_is_not_autosaved(writer, writer_client):
    response = writer_client.post(autosave_url(), article_form_data(writer.author, title="", slug="", body=" "))
    assert response.status_code == 200
    assert "Nothing to save yet" in response.json()["message"]
    assert not PendingChange.objects.exists()


def test_a_new_article_in_progress_can_be_discarded(writer, writer_client):
    _, answer = autosave(writer_client, None, article_form_data(writer.author, title="A false start"))
    response = writer_client.post(discard_url(), {"pending_token": answer["token"]})
    assert response["Location"] == reverse("admin:articles_article_add")
    assert not PendingChange.objects.exists()


def test_discarding_one_new_article_in_progress_leaves_the_others(writer, writer_client):
    kept = {}
    for key, title in (("a" * 32, "A false start"), ("b" * 32, "A keeper")):
        data = {**article_form_data(writer.author, title=title), "draft_key": key}
        kept[key] = autosave(writer_client, None, data)[1]["token"]
    writer_client.post(discard_url(), {"pending_token": kept["a" * 32], "draft_key": "a" * 32})
    assert list(PendingChange.objects.values_list("data__title", flat=True)) == [["A keeper"]]


def test_the_revisions_panel_lists_the_pending_change_above_the_saved_revisions(editor_client, published_article):
    autosave(editor_client, published_article, opened(editor_client, published_article, title="A sharper title"))
    content = editor_client.get(change_url(published_article)).content.decode()
    panel = content[content.index('id="revisions"') :]
    assert "Unpublished changes: readers do not see them yet" in panel


def test_the_note_warns_when_the_article_was_saved_after_its_pending_changes(editor_client, writers_draft):
    autosave(editor_client, writers_draft, opened(editor_client, writers_draft, body="Older words."))
    Article.objects.get(pk=writers_draft.pk).save()
    content = editor_client.get(change_url(writers_draft)).content.decode()
    assert "The article was saved again after these changes were made" in content


def test_someone_else_sees_who_left_pending_changes(published_article):
    sam = make_staff_user("sam", role="Editors", first_name="Sam", last_name="Second")
    autosave(logged_in(sam), published_article, opened(logged_in(sam), published_article, body="Sam's draft."))
    edna = make_staff_user("edna", role="Editors")
    content = logged_in(edna).get(change_url(published_article)).content.decode()
    assert "by Sam Second" in content


def test_the_article_list_leads_back_to_a_new_article_in_progress(writer, writer_client, editor_client):
    autosave(
        writer_client, None, {**article_form_data(writer.author, title="Notes from the train"), "draft_key": "c" * 32}
    )
    changelist = reverse("admin:articles_article_changelist")
    content = writer_client.get(changelist).content.decode()
    assert "Carry on with your new article in progress, “Notes from the train”" in content
    assert f'href="{reverse("admin:articles_article_add")}?draft={"c" * 32}"' in content
    assert "Carry on" not in editor_client.get(changelist).content.decode()


def test_saving_an_unchanged_published_article_without_publishing_leaves_nothing_waiting(
    editor_client, published_article
):
    data = opened(editor_client, published_article, _continue="Save without publishing")
    response = editor_client.post(change_url(published_article), data, follow=True)
    assert "Nothing waits to be published" in response.content.decode()
    assert not PendingChange.objects.exists()


def test_an_import_that_changes_an_article_with_changes_waiting_keeps_them_and_says_whose_they_are(editor, site):
    write(site, "tide-tables.md", article_text(title="'Tide tables'", slug="tide-tables", body="Low water at six.\n"))
    assert run(site)[0] == 0
    article = Article.objects.get(slug="tide-tables")
    PendingChange.objects.create(
        article=article, data={"body": ["Low water at seven."]}, based_on_version=article.version, saved_by=editor
    )
    write(site, "tide-tables.md", article_text(title="'Tide tables'", slug="tide-tables", body="Low water at five.\n"))

    code, report = run_json(site)

    assert code == 0
    (result,) = report["files"]
    assert result["status"] == "updated"
    whose = editor.get_full_name() or editor.get_username()
    assert any(f"{whose} saved changes to this article" in warning for warning in result["warnings"])
    assert PendingChange.objects.get(article=article).data == {"body": ["Low water at seven."]}
