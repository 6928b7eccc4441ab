"""The article form as a writing room, in a real browser: side by side on a desktop, a switch on a phone."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from articles.rendering import estimate_read_minutes, render_markdown
from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS, body_editor, expect_body, write_body
from tests.browser.test_accessibility import violations
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)

LONG = "\n\n".join(f"## Part {n}\n\n" + "Words that fill the column, one after another. " * 12 for n in range(30))


@pytest.fixture
def writing_page(admin_page):
    """The change form of a long article, signed in as an editor, at a given window size."""

    def open_form(viewport):
        page = admin_page(viewport)
        article = make_article(title="A long read", body=LONG)
        page.goto(f"/admin/articles/article/{article.pk}/change/")
        expect(page.locator(".markdownx-preview h2").first).to_have_text("Part 0")  # the preview has rendered
        return page

    return open_form


def test_on_a_desktop_the_editor_and_preview_stand_side_by_side_and_scroll_together(writing_page):
    page = writing_page(DESKTOP)
    editor, preview = page.locator("#id_body"), page.locator(".markdownx-preview")

    editor_box, preview_box = editor.bounding_box(), preview.bounding_box()
    assert preview_box["x"] >= editor_box["x"] + editor_box["width"]
    assert abs(preview_box["y"] - editor_box["y"]) < 2
    assert preview_box["height"] > 400
    form_box = page.locator(".field-body").bounding_box()
    assert preview_box["x"] + preview_box["width"] <= form_box["x"] + form_box["width"]
    expect(page.get_by_role("button", name="Preview")).to_be_hidden()

    editor.evaluate("e => { e.scrollTop = (e.scrollHeight - e.clientHeight) / 2; }")
    page.wait_for_function("() => document.querySelector('.markdownx-preview').scrollTop > 0")
    share = preview.evaluate("p => p.scrollTop / (p.scrollHeight - p.clientHeight)")
    assert 0.45 < share < 0.55
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "writing-room-desktop.png")


def test_on_a_phone_the_editor_comes_first_and_a_switch_shows_the_preview(writing_page):
    page = writing_page(PHONE)
    editor, preview = page.locator("#id_body"), page.locator(".markdownx-preview")
    expect(editor).to_be_visible()
    expect(preview).to_be_hidden()

    page.get_by_role("button", name="Preview").click()
    expect(preview).to_be_visible()
    expect(editor).to_be_hidden()
    expect(page.get_by_role("button", name="Preview")).to_have_attribute("aria-pressed", "true")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "writing-room-phone-preview.png")

    page.get_by_role("button", name="Write").click()
    expect(editor).to_be_visible()
    expect(preview).to_be_hidden()


def test_full_screen_shows_only_the_editor_and_preview_until_escape(writing_page):
    page = writing_page(DESKTOP)
    page.get_by_role("button", name="Full screen").click()

    room = page.locator(".folio-writing").bounding_box()
    assert (room["x"], room["y"], room["width"], room["height"]) == (0, 0, DESKTOP["width"], DESKTOP["height"])
    expect(page.get_by_role("button", name="Leave full screen")).to_have_attribute("aria-pressed", "true")

    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Full screen")).to_have_attribute("aria-pressed", "false")
    assert page.locator(".folio-writing").bounding_box()["y"] > 0


def test_the_word_count_and_read_time_follow_the_text_as_it_is_typed_as_saving_would_count_them(writing_page):
    page = writing_page(DESKTOP)
    count = page.locator(".folio-live-count")
    saved = render_markdown(LONG)
    minutes = estimate_read_minutes(word_count=saved.word_count, image_count=saved.image_count)
    expect(count).to_have_text(f"{saved.word_count:,} words · {minutes} min read")

    write_body(page, "Three short words.\n\n![A map](/static/x.png)")

    expect(count).to_have_text("3 words · 1 min read")
    expect(page.locator("#id_read_time")).to_have_attribute("placeholder", "1 min read, from the text")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_article_form_has_no_accessibility_violations(writing_page, viewport):
    page = writing_page(viewport)
    assert violations(page) == []


def test_control_s_saves_a_published_article_without_publishing_and_stays_on_its_form(writing_page):
    page = writing_page(DESKTOP)
    write_body(page, "Saved with the keyboard.")

    body_editor(page).press("Control+s")

    expect(page.locator(".messagelist")).to_contain_text("Saved without publishing")
    expect_body(page, "Saved with the keyboard.")
    article = Article.objects.get(title="A long read")
    assert article.body == LONG
    assert article.pending_change.data["body"] == ["Saved with the keyboard."]
