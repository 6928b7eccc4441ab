"""The editorial workflow in a real browser: writer's draft to scheduled publication, and the local backup."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.conftest import DESKTOP, PHONE, body_editor, expect_body, write_body
from tests.browser.test_accessibility import violations
from tests.factories import make_article, make_staff_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_article_goes_from_a_writers_draft_through_review_to_a_scheduled_publication(
    new_context, live_server, monkeypatch
):
    writer = make_staff_user("wren", role="Writers")
    editor = make_staff_user("edna", role="Editors")

    writing = new_context(writer).new_page()
    writing.goto("/admin/articles/article/add/")
    writing.fill("#id_title", "Proofs at midnight")
    writing.press("#id_title", "Tab")
    expect(writing.locator("#id_slug")).to_have_value("proofs-at-midnight")
    write_body(writing, "## The night desk\n\nEvery proof is read twice.")
    expect(writing.locator("#id_status option")).to_have_text(["Draft", "In review"])
    writing.click("input[name=_continue]")
    expect(writing.locator(".messagelist")).to_contain_text("was added successfully")
    writing.select_option("#id_status", "review")
    writing.click("input[name=_continue]")
    expect(writing.locator(".messagelist")).to_contain_text("was changed successfully")
    article = Article.objects.get(slug="proofs-at-midnight")
    assert (article.status, article.author) == (Article.Status.REVIEW, writer.author)

    editing = new_context(editor).new_page()
    editing.goto("/admin/articles/article/")
    editing.click("text=1 article waiting for review")
    expect(editing.locator("#result_list tbody tr")).to_have_count(1)
    editing.click("#result_list >> text=Proofs at midnight")
    publish_at = timezone.localtime() + timedelta(days=1)
    editing.select_option("#id_status", "published")
    editing.fill("#id_publish_date_0", publish_at.strftime("%Y-%m-%d"))
    editing.fill("#id_publish_date_1", publish_at.strftime("%H:%M:%S"))
    editing.click("input[name=_save]")
    expect(editing.locator(".messagelist")).to_contain_text("was changed successfully")
    editing.goto("/admin/articles/article/?state=scheduled")
    expect(editing.locator("#result_list .field-status_label")).to_have_text(["Scheduled"])

    reading = new_context().new_page()
    assert reading.goto("/articles/proofs-at-midnight/").status == 404
    # The time comes because the clock is moved past it (the live server runs in this process), not waited for.
    the_day_after = timezone.now() + timedelta(days=1, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: the_day_after)
    response = reading.goto("/articles/proofs-at-midnight/")
    assert response.status == 200
    expect(reading.locator("h1")).to_have_text("Proofs at midnight")
    expect(reading.locator(".preview-banner")).to_have_count(0)
    reading.goto("/")
    expect(reading.locator("main")).to_contain_text("Proofs at midnight")


def test_text_typed_before_the_page_closed_comes_back_from_the_local_backup(new_context, live_server):
    writer = make_staff_user("wren", role="Writers")
    draft = make_article(author=writer.author, status="draft", publish_date=None, body="What the server has.")
    url = f"/admin/articles/article/{draft.pk}/change/"
    context = new_context(writer)

    page = context.new_page()
    page.goto(url)
    expect(page.locator(".folio-backup")).to_have_count(0)
    write_body(page, "What the server has.\n\nA paragraph typed just before the tab closed.")
    page.close(run_before_unload=True)

    page = context.new_page()
    page.goto(url)
    expect_body(page, "What the server has.")
    banner = page.locator(".folio-backup")
    expect(banner).to_contain_text("text you had not saved")
    banner.get_by_role("button", name="Restore").click()
    expect_body(page, "What the server has.\n\nA paragraph typed just before the tab closed.")
    expect(banner).to_have_count(0)

    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.locator(".folio-backup")).to_have_count(0)
    assert page.evaluate(f"window.localStorage.getItem('folio:backup:{draft.pk}')") is None
    assert "typed just before" in Article.objects.get(pk=draft.pk).body


def test_a_body_ending_in_a_new_line_is_saved_without_the_local_backup_offering_it_back(new_context):
    # Saving strips the white space around the body, as the form does every text: the copy in the browser, which
    # kept the last new line, is still the text saved.
    writer = make_staff_user("wren", role="Writers")
    draft = make_article(author=writer.author, status="draft", publish_date=None, body="What the server has.")
    page = new_context(writer).new_page()
    page.goto(f"/admin/articles/article/{draft.pk}/change/")
    body_editor(page).click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" And a last line.")
    page.keyboard.press("Enter")
    expect(page.locator("#id_body")).to_have_value("What the server has. And a last line.\n")

    page.click("input[name=_continue]")

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.locator(".folio-backup")).to_have_count(0)
    assert page.evaluate(f"window.localStorage.getItem('folio:backup:{draft.pk}')") is None
    assert Article.objects.get(pk=draft.pk).body == "What the server has. And a last line."


def test_the_editor_shows_seo_lengths_and_a_search_result_preview(new_context, live_server):
    editor = make_staff_user("edna", role="Editors")
    article = make_article(title="Short title", slug="short-title", description="A summary.")
    page = new_context(editor).new_page()
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    expect(page.locator("#id_title_count")).to_have_text("11 of 60 characters recommended.")
    page.fill("#id_description", "x" * 170)
    expect(page.locator("#id_description_count")).to_contain_text("170 of 160 characters recommended")
    preview = page.locator(".folio-serp")
    expect(preview.locator(".folio-serp-title")).to_have_text("Short title")
    expect(preview.locator(".folio-serp-url")).to_have_text(f"{live_server.url}/articles/short-title/")


def test_a_refused_save_keeps_the_text_in_the_form_and_in_the_local_backup(new_context):
    editor = make_staff_user("edna", role="Editors", last_name="First")
    other = make_staff_user("sam", role="Editors")
    article = make_article(body="Shared text.", status="draft", publish_date=None)
    url = f"/admin/articles/article/{article.pk}/change/"
    first, second = new_context(editor).new_page(), new_context(other).new_page()
    first.goto(url)
    second.goto(url)

    write_body(first, "Edna's version.")
    first.click("input[name=_continue]")
    expect(first.locator(".messagelist")).to_contain_text("was changed successfully")

    write_body(second, "Sam's version.")
    second.click("input[name=_continue]")
    expect(second.locator(".errorlist.nonfield")).to_contain_text("Edna First saved this article on")
    expect_body(second, "Sam's version.")

    second.goto(url)
    expect_body(second, "Edna's version.")
    second.locator(".folio-backup").get_by_role("button", name="Restore").click()
    expect_body(second, "Sam's version.")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_refused_save_shows_their_version_against_the_writers_and_saving_again_keeps_the_writers(
    new_context, viewport
):
    editor = make_staff_user("edna", role="Editors", last_name="First")
    writer = make_staff_user("wren", role="Writers")
    article = make_article(body="Shared opening.", status="draft", publish_date=None, author=writer.author)
    url = f"/admin/articles/article/{article.pk}/change/"
    first, second = new_context(editor).new_page(), new_context(writer, viewport=viewport).new_page()
    first.goto(url)
    second.goto(url)
    write_body(first, "Shared opening.\n\nEdna's paragraph.")
    first.click("input[name=_continue]")
    expect(first.locator(".messagelist")).to_contain_text("was changed successfully")

    write_body(second, "Shared opening.\n\nWren's paragraph.")
    second.click("input[name=_continue]")

    conflict = second.get_by_role("region", name="Their version against yours")
    expect(conflict.locator("pre del")).to_have_text(["- Edna's paragraph."])
    expect(conflict.locator("pre ins")).to_have_text(["+ Wren's paragraph."])
    expect(conflict).not_to_contain_text("Also different")  # nothing but the body differs
    expect(conflict.get_by_role("link", name="their version on the site")).to_have_attribute(
        "href", article.get_absolute_url()
    )
    assert second.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert violations(second) == []
    expect_body(second, "Shared opening.\n\nWren's paragraph.")

    write_body(second, "Shared opening.\n\nEdna's paragraph.\n\nWren's paragraph.")
    second.click("input[name=_continue]")
    expect(second.locator(".messagelist")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert article.body.splitlines() == ["Shared opening.", "", "Edna's paragraph.", "", "Wren's paragraph."]
