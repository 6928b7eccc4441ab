"""Every save, import and restore leaves a revision; revisions can be compared, restored and outlive a delete."""

from pathlib import Path

from django.db import connection
from django.urls import reverse
from reversion.models import Version

from articles.importing import import_paths
from articles.models import Article
from articles.revisions import versions_of
from tests.factories import admin_form_data, make_article, make_call_to_action, make_tag

CHANGELIST = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def compare_url(article, version):
    return reverse("admin:articles_article_compare", args=[article.pk, version.pk])


def save_in_admin(client, article, **changes):
    article = Article.objects.get(pk=article.pk)
    response = client.post(change_url(article), admin_form_data(article, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Article.objects.get(pk=article.pk)


def test_an_admin_save_records_a_revision_with_the_fields_user_time_and_a_note(editor, editor_client, writers_draft):
    save_in_admin(editor_client, writers_draft, title="A new title", body="New body.")
    version = versions_of(writers_draft).first()
    assert version.revision.user == editor
    assert version.revision.date_created is not None
    assert "Title" in version.revision.comment and "Body" in version.revision.comment
    assert version.field_dict["title"] == "A new title"
    assert version.field_dict["body"] == "New body."
    assert "body_html" not in version.field_dict
    assert "version" not in version.field_dict


def test_adding_an_article_in_the_admin_records_its_first_revision(writer, writer_client):
    data = admin_form_data(Article(author=writer.author, title="Fresh", slug="fresh", status="draft"), base_version="")
    writer_client.post(reverse("admin:articles_article_add"), data)
    assert versions_of(Article.objects.get(slug="fresh")).count() == 1


def test_a_publishing_action_records_a_revision_with_a_note(editor, editor_client, writers_draft):
    editor_client.post(CHANGELIST, {"action": "publish", "_selected_action": [writers_draft.pk]})
    revision = versions_of(writers_draft).first().revision
    assert revision.comment == "Published."
    assert revision.user == editor


def test_an_import_records_a_revision_and_an_unchanged_file_does_not(db, tmp_path: Path):
    (tmp_path / "piece.md").write_text("---\ntitle: Piece\nauthor: Ada\n---\nText.\n", encoding="utf-8")
    import_paths([tmp_path])
    import_paths([tmp_path])
    versions = versions_of(Article.objects.get(slug="piece"))
    assert versions.count() == 1
    assert versions.first().revision.comment == "Imported from piece.md."
    assert versions.first().revision.user is None


def test_a_dry_run_import_records_no_revision(db, tmp_path: Path):
    (tmp_path / "piece.md").write_text("---\ntitle: Piece\nauthor: Ada\n---\nText.\n", encoding="utf-8")
    import_paths([tmp_path], dry_run=True)
    assert Version.objects.count() == 0


def test_the_change_page_lists_revisions_with_links_to_compare(editor_client, writers_draft):
    save_in_admin(editor_client, writers_draft, body="Second.")
    save_in_admin(editor_client, writers_draft, body="Third.")
    content = editor_client.get(change_url(writers_draft)).content.decode()
    for version in versions_of(writers_draft):
        assert compare_url(writers_draft, version) in content
    assert "Changed Body" in content


def test_the_diff_shows_removed_and_added_lines_per_field_html_escaped(editor_client, writers_draft):
    save_in_admin(editor_client, writers_draft, title="Old title", body="Same line.\nOld <script>alert(1)</script>")
    old = versions_of(writers_draft).first()
    save_in_admin(editor_client, writers_draft, title="New title", body="Same line.\nNew line.")
    response = editor_client.get(compare_url(writers_draft, old))
    assert response.status_code == 200
    content = response.content.decode()
    assert '<del class="folio-removed">- Old &lt;script&gt;alert(1)&lt;/script&gt;</del>' in content
    assert '<ins class="folio-added">+ New line.</ins>' in content
    assert '<span class="folio-same">  Same line.</span>' in content
    assert '<del class="folio-removed">- Old title</del>' in content
    assert "<script>alert(1)" not in content
    assert [diff.name for diff in response.context["diffs"]] == ["title", "body"]


def test_the_diff_names_tags_and_authors_rather_than_their_numbers(editor_client, writers_draft):
    craft = make_tag(name="Craft")
    save_in_admin(editor_client, writers_draft, tags=[craft.pk])
    old = versions_of(writers_draft).first()
    save_in_admin(editor_client, writers_draft, tags=[])
    content = editor_client.get(compare_url(writers_draft, old)).content.decode()
    assert '<del class="folio-removed">- Craft</del>' in content


def test_restoring_a_revision_brings_back_its_text_as_a_new_revision(editor, editor_client, writers_draft):
    craft = make_tag(name="Craft")
    save_in_admin(editor_client, writers_draft, title="Good title", body="Good body.", tags=[craft.pk])
    good = versions_of(writers_draft).first()
    current = save_in_admin(editor_client, writers_draft, title="Worse title", body="Worse body.", tags=[])
    count = versions_of(writers_draft).count()

    response = editor_client.post(compare_url(writers_draft, good), {"base_version": current.version})
    assert response.status_code == 302
    restored = Article.objects.get(pk=writers_draft.pk)
    assert (restored.title, restored.body) == ("Good title", "Good body.")
    assert list(restored.tags.all()) == [craft]
    assert "Good body" in restored.body_html
    assert restored.version == current.version + 1
    assert versions_of(writers_draft).count() == count + 1
    newest = versions_of(writers_draft).first().revision
    assert newest.comment.startswith("Restored the revision of")
    assert newest.user == editor


def test_a_canonical_url_change_is_shown_in_the_diff_and_restored_with_the_text(editor_client, writers_draft):
    first = save_in_admin(editor_client, writers_draft, canonical_url="https://first.example.com/piece")
    old = versions_of(writers_draft).first()
    current = save_in_admin(editor_client, first, canonical_url="")

    response = editor_client.get(compare_url(writers_draft, old))
    assert [diff.label for diff in response.context["diffs"]] == ["Canonical URL"]
    assert '<del class="folio-removed">- https://first.example.com/piece</del>' in response.content.decode()

    editor_client.post(compare_url(writers_draft, old), {"base_version": current.version})
    assert Article.objects.get(pk=writers_draft.pk).canonical_url == "https://first.example.com/piece"


def test_restoring_keeps_the_publishing_state(editor_client, writers_draft):
    old = save_in_admin(editor_client, writers_draft, body="Draft text.")
    version = versions_of(writers_draft).first()
    live = save_in_admin(
        editor_client,
        old,
        body="Live text.",
        status="published",
        publish_date_0="2024-01-01",
        publish_date_1="09:00:00",
    )
    editor_client.post(compare_url(writers_draft, version), {"base_version": live.version})
    restored = Article.objects.get(pk=writers_draft.pk)
    assert restored.body == "Draft text."
    assert restored.is_published()


def test_a_restore_based_on_an_old_version_is_refused(editor_client, writers_draft):
    save_in_admin(editor_client, writers_draft, body="Good body.")
    good = versions_of(writers_draft).first()
    seen = save_in_admin(editor_client, writers_draft, body="Seen body.")
    save_in_admin(editor_client, writers_draft, body="Someone else's newer body.")
    response = editor_client.post(compare_url(writers_draft, good), {"base_version": seen.version}, follow=True)
    assert "after you opened it" in response.content.decode()
    assert Article.objects.get(pk=writers_draft.pk).body == "Someone else's newer body."


def test_a_writer_cannot_restore_a_revision_of_someone_elses_article(writer_client, editor_client, published_article):
    save_in_admin(editor_client, published_article, body="Edited.")
    version = versions_of(published_article).first()
    assert writer_client.get(compare_url(published_article, version)).status_code == 200
    response = writer_client.post(compare_url(published_article, version), {"base_version": 99})
    assert response.status_code == 403


def test_reversions_own_revert_page_leads_to_compare_and_restore(editor_client, writers_draft):
    save_in_admin(editor_client, writers_draft, body="Edited.")
    version = versions_of(writers_draft).first()
    response = editor_client.get(reverse("admin:articles_article_revision", args=[writers_draft.pk, version.pk]))
    assert response.status_code == 302
    assert response["Location"] == compare_url(writers_draft, version)


def test_a_deleted_article_keeps_its_revisions_and_can_be_recovered(editor_client, writers_draft):
    save_in_admin(editor_client, writers_draft, body="Worth keeping.")
    pk = writers_draft.pk
    assert editor_client.post(reverse("admin:articles_article_delete", args=[pk]), {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=pk).exists()

    deleted = Version.objects.get_deleted(Article)
    assert deleted.count() == 1
    recover_list = editor_client.get(reverse("admin:articles_article_recoverlist"))
    recover_url = reverse("admin:articles_article_recover", args=[deleted.first().pk])
    assert recover_url in recover_list.content.decode()

    form = editor_client.get(recover_url).context["adminform"].form
    data = admin_form_data(writers_draft, body="Worth keeping.", base_version=form["base_version"].value())
    assert editor_client.post(recover_url, data).status_code == 302
    recovered = Article.objects.get(pk=pk)
    assert recovered.body == "Worth keeping."
    assert "Worth keeping." in recovered.body_html


def test_deleting_asks_for_confirmation_first(editor_client, writers_draft):
    response = editor_client.get(reverse("admin:articles_article_delete", args=[writers_draft.pk]))
    assert response.status_code == 200
    assert "Are you sure" in response.content.decode()
    assert Article.objects.filter(pk=writers_draft.pk).exists()


def test_a_writer_cannot_recover_a_deleted_article(writer_client, editor_client, writers_draft):
    save_in_admin(editor_client, writers_draft, body="Worth keeping.")
    editor_client.post(reverse("admin:articles_article_delete", args=[writers_draft.pk]), {"post": "yes"})
    version = Version.objects.get_deleted(Article).first()
    response = writer_client.post(reverse("admin:articles_article_recover", args=[version.pk]), {})
    assert response.status_code == 403
    assert not Article.objects.filter(pk=writers_draft.pk).exists()


def test_compare_answers_404_for_an_unknown_article_or_a_foreign_revision(editor_client, writers_draft):
    other = save_in_admin(editor_client, make_article(), body="Other.")
    foreign = versions_of(other).first()
    assert editor_client.get(f"/admin/articles/article/abc/compare/{foreign.pk}/").status_code == 404
    assert editor_client.get(compare_url(writers_draft, foreign)).status_code == 404


def test_a_restore_brings_back_the_tags_that_still_exist_and_says_the_others_are_gone(editor_client, writers_draft):
    craft, gone, ink = make_tag(name="Craft"), make_tag(name="Gone"), make_tag(name="Ink")
    save_in_admin(editor_client, writers_draft, title="Good title", tags=[ink.pk, gone.pk, craft.pk])
    good = versions_of(writers_draft).first()
    current = save_in_admin(editor_client, writers_draft, title="Worse title", tags=[])
    gone.delete()

    response = editor_client.post(compare_url(writers_draft, good), {"base_version": current.version}, follow=True)

    restored = Article.objects.get(pk=writers_draft.pk)
    assert restored.title == "Good title"
    assert set(restored.tags.all()) == {ink, craft}
    connection.check_constraints()  # no link to the deleted tag waits to fail the commit
    assert "1 of its tags" in " ".join(str(m) for m in response.context["messages"])


def test_a_restore_keeps_the_current_call_to_action_when_the_revisions_was_deleted(editor_client, writers_draft):
    old, current_cta = make_call_to_action(text="Old call"), make_call_to_action(text="Current call")
    save_in_admin(editor_client, writers_draft, title="Good title", call_to_action=old.pk)
    good = versions_of(writers_draft).first()
    current = save_in_admin(editor_client, writers_draft, title="Worse title", call_to_action=current_cta.pk)
    old.delete()

    response = editor_client.post(compare_url(writers_draft, good), {"base_version": current.version}, follow=True)

    restored = Article.objects.get(pk=writers_draft.pk)
    assert (restored.title, restored.call_to_action) == ("Good title", current_cta)
    assert "its call to action" in " ".join(str(m) for m in response.context["messages"])
