"""Writers and editors: every rule checked by a direct request, the way a crafted POST would arrive."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from articles.workflow import ROLE_PERMISSIONS, sync_roles
from tests.factories import admin_form_data, make_article, make_author, make_call_to_action, make_tag

CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def delete_url(article):
    return reverse("admin:articles_article_delete", args=[article.pk])


def group_permissions(name):
    return {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename")
    }


def test_migrations_create_the_writers_and_editors_groups_with_their_permissions(db):
    assert group_permissions("Writers") == set(ROLE_PERMISSIONS["Writers"])
    assert group_permissions("Editors") == set(ROLE_PERMISSIONS["Editors"])
    assert "articles.publish_article" in group_permissions("Editors")
    assert "articles.publish_article" not in group_permissions("Writers")
    assert "articles.delete_article" not in group_permissions("Writers")


def test_sync_roles_puts_back_a_removed_permission_and_takes_away_an_extra_one(db):
    writers = Group.objects.get(name="Writers")
    writers.permissions.remove(Permission.objects.get(codename="add_article"))
    writers.permissions.add(Permission.objects.get(codename="delete_article"))
    out = StringIO()
    call_command("sync_roles", stdout=out)
    assert group_permissions("Writers") == set(ROLE_PERMISSIONS["Writers"])
    assert "Roles in sync" in out.getvalue()


def test_sync_roles_can_run_twice(db):
    sync_roles()
    sync_roles()
    assert Group.objects.filter(name__in=["Writers", "Editors"]).count() == 2


def test_a_writer_sees_every_article_and_its_status_in_the_changelist(writer_client, writers_draft, published_article):
    response = writer_client.get(CHANGELIST)
    assert response.status_code == 200
    assert writers_draft.title in response.content.decode()
    assert published_article.title in response.content.decode()
    assert writer_client.get(change_url(published_article)).status_code == 200


def test_a_writer_creates_a_draft_under_their_own_name(writer, writer_client):
    author = writer.author
    data = admin_form_data(Article(author=author, title="Fresh", slug="fresh", status="draft"), base_version="")
    response = writer_client.post(ADD, data)
    assert response.status_code == 302
    assert Article.objects.get(slug="fresh").author == author


def test_a_writer_cannot_create_an_article_under_someone_elses_name(writer_client):
    someone = make_author()
    data = admin_form_data(Article(author=someone, title="Fresh", slug="fresh", status="draft"), base_version="")
    response = writer_client.post(ADD, data)
    assert response.status_code == 200
    assert "their own name" in str(response.context["adminform"].form.errors["author"])
    assert not Article.objects.filter(slug="fresh").exists()


def test_a_writer_edits_their_own_draft(writer_client, writers_draft):
    response = writer_client.post(change_url(writers_draft), admin_form_data(writers_draft, body="Better words."))
    assert response.status_code == 302
    writers_draft.refresh_from_db()
    assert writers_draft.body == "Better words."


def test_a_writer_cannot_edit_another_writers_article(writer_client, other_writer):
    theirs = make_article(author=other_writer.author, status="draft", publish_date=None, body="Theirs.")
    response = writer_client.post(change_url(theirs), admin_form_data(theirs, body="Mine now."))
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.body == "Theirs."


def test_a_writer_cannot_edit_their_own_article_once_it_is_published(writer, writer_client):
    live = make_article(author=writer.author, body="As published.")
    response = writer_client.post(change_url(live), admin_form_data(live, body="Sneaky edit."))
    assert response.status_code == 403
    live.refresh_from_db()
    assert live.body == "As published."


@pytest.mark.parametrize("status", ["published"])
def test_a_writer_posting_status_published_is_refused(writer_client, writers_draft, status):
    data = admin_form_data(writers_draft, status=status, publish_date_0="2024-01-01", publish_date_1="09:00:00")
    response = writer_client.post(change_url(writers_draft), data)
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    writers_draft.refresh_from_db()
    assert writers_draft.status == Article.Status.DRAFT
    assert writers_draft.publish_date is None


def test_a_writer_posting_a_publish_date_does_not_schedule_the_article(writer_client, writers_draft):
    data = admin_form_data(writers_draft, publish_date_0="2031-01-01", publish_date_1="09:00:00")
    writer_client.post(change_url(writers_draft), data)
    writers_draft.refresh_from_db()
    assert writers_draft.publish_date is None


def test_a_writer_may_submit_their_draft_for_review_from_the_form(writer_client, writers_draft):
    response = writer_client.post(change_url(writers_draft), admin_form_data(writers_draft, status="review"))
    assert response.status_code == 302
    writers_draft.refresh_from_db()
    assert writers_draft.status == Article.Status.REVIEW


@pytest.mark.parametrize("action", ["publish", "unpublish"])
def test_a_writer_running_a_publishing_action_is_refused(writer_client, writers_draft, published_article, action):
    writer_client.post(CHANGELIST, {"action": action, "_selected_action": [writers_draft.pk, published_article.pk]})
    writers_draft.refresh_from_db()
    published_article.refresh_from_db()
    assert writers_draft.status == Article.Status.DRAFT
    assert published_article.status == Article.Status.PUBLISHED


def test_a_writer_is_not_offered_the_publishing_actions(writer_client, writers_draft):
    actions = dict(writer_client.get(CHANGELIST).context["action_form"].fields["action"].choices)
    assert "submit_for_review" in actions
    assert "publish" not in actions
    assert "unpublish" not in actions
    assert "delete_selected" not in actions


def test_a_writer_cannot_delete_an_article(writer_client, writers_draft):
    assert writer_client.get(delete_url(writers_draft)).status_code == 403
    assert writer_client.post(delete_url(writers_draft), {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=writers_draft.pk).exists()


def test_a_writer_cannot_bulk_delete_articles(writer_client, writers_draft):
    writer_client.post(CHANGELIST, {"action": "delete_selected", "_selected_action": [writers_draft.pk], "post": "yes"})
    assert Article.objects.filter(pk=writers_draft.pk).exists()


def test_a_writer_cannot_change_authors_tags_or_calls_to_action(writer_client):
    author, tag, cta = make_author(), make_tag(), make_call_to_action()
    for model, obj in (("author", author), ("tag", tag), ("calltoaction", cta)):
        response = writer_client.post(reverse(f"admin:articles_{model}_change", args=[obj.pk]), {"name": "Taken over"})
        assert response.status_code == 403, model
    assert writer_client.post(reverse("admin:articles_tag_add"), {"name": "New", "slug": "new"}).status_code == 403


def test_an_editor_can_edit_publish_and_delete_anyones_article(editor_client, writers_draft):
    data = admin_form_data(writers_draft, body="Edited.", status="published", publish_date_0="2024-01-01")
    data["publish_date_1"] = "09:00:00"
    assert editor_client.post(change_url(writers_draft), data).status_code == 302
    writers_draft.refresh_from_db()
    assert writers_draft.body == "Edited."
    assert writers_draft.is_published()
    assert editor_client.post(delete_url(writers_draft), {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=writers_draft.pk).exists()


def test_an_editor_can_change_authors_tags_and_calls_to_action(editor_client):
    response = editor_client.post(reverse("admin:articles_tag_add"), {"name": "Craft", "slug": "craft"})
    assert response.status_code == 302
    author = make_author()
    url = reverse("admin:articles_author_change", args=[author.pk])
    data = {"name": "Renamed", "slug": author.slug, "bio": "", "website": "", "social_links": "{}", "user": ""}
    assert editor_client.post(url, data).status_code == 302


def test_the_editor_upload_endpoint_accepts_writers_and_refuses_staff_without_article_rights(
    writer_client, django_user_model, client
):
    url = reverse("markdownx_upload")
    assert writer_client.post(url).status_code == 400  # reached the view: no file given
    bystander = django_user_model.objects.create_user("bystander", password="x", is_staff=True)
    client.force_login(bystander)
    assert client.post(url).status_code == 403
    assert client.post(reverse("markdownx_markdownify"), {"content": "*hi*"}).status_code == 403


def test_a_page_a_writer_may_only_read_shows_no_empty_sections_and_no_inputs_of_the_form(writer, writer_client):
    article = make_article(title="Someone else's", slug="someone-elses", subtitle="", hero_image_alt="")
    response = writer_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    sections = {fieldset.name: [line.fields for line in fieldset] for fieldset in response.context["adminform"]}
    content = response.content.decode()

    assert "Write a new call to action" not in content
    assert "Hero image" not in sections and "Call to action" not in sections and "Tags" not in sections
    shown = [name for lines in sections.values() for fields in lines for name in fields]
    assert "base_version" not in shown and "subtitle" not in shown
    assert {"title", "body", "status", "word_count"} <= set(shown)


def test_a_page_a_writer_may_edit_keeps_every_section_to_fill_in(writer, writer_client, writers_draft):
    response = writer_client.get(reverse("admin:articles_article_change", args=[writers_draft.pk]))
    names = [fieldset.name for fieldset in response.context["adminform"]]
    assert "Write a new call to action" in names and "Hero image" in names and "Tags" in names
