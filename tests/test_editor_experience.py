"""What the admin's article form offers the person writing: styled preview, backups, SEO hints, counts."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import admin_form_data


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_the_article_form_loads_the_backup_seo_and_preview_assets(editor_client, writers_draft):
    content = editor_client.get(change_url(writers_draft)).content.decode()
    for asset in ("admin/js/folio-backup.js", "admin/js/folio-seo.js", "admin/css/folio-admin.css"):
        assert asset in content
        assert finders.find(asset), asset


def test_the_live_preview_is_styled_with_the_sites_prose_rules_and_only_there():
    css = Path(finders.find("admin/css/folio-admin.css")).read_text(encoding="utf-8")
    preview_rules = [rule for rule in css.split("}") if "font: 1.05rem/1.7 var(--serif)" in rule]
    assert preview_rules and all(".markdownx .markdownx-preview" in rule for rule in preview_rules)
    assert "Charter" in css


def test_word_count_and_read_time_update_on_save(editor_client, writers_draft):
    body = " ".join(["word"] * 600)
    editor_client.post(change_url(writers_draft), admin_form_data(writers_draft, body=body))
    content = editor_client.get(change_url(writers_draft)).content.decode()
    assert '<div class="readonly">600</div>' in content
    assert 'placeholder="3 min read, from the text"' in content


def test_the_text_a_writer_types_takes_its_direction_from_its_first_letters_so_arabic_and_hebrew_read_right_to_left(
    editor_client, writers_draft
):
    form = editor_client.get(change_url(writers_draft)).context["adminform"].form
    for name in ("title", "subtitle", "description", "hero_image_alt", "cta_text", "cta_button_label"):
        assert 'dir="auto"' in str(form[name]), name
    for name in ("slug", "hero_image_url", "cta_button_url", "read_time"):
        assert "dir=" not in str(form[name]), name


def test_writers_are_offered_only_draft_and_in_review(writer_client, writers_draft):
    form = writer_client.get(change_url(writers_draft)).context["adminform"].form
    assert [value for value, _ in form.fields["status"].choices] == ["draft", "review"]
    assert "publish_date" not in form.fields


def test_editors_are_offered_every_status(editor_client, writers_draft):
    form = editor_client.get(change_url(writers_draft)).context["adminform"].form
    assert [value for value, _ in form.fields["status"].choices] == ["draft", "review", "published"]
