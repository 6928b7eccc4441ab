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

    def open_form(viewport, scheme="light"):
        page = admin_page(viewport)
        # Before the page loads: the admin's links fade between colours, and axe must not see them halfway.
        page.emulate_media(color_scheme=scheme)
        article = make_article(title="A long read", body=LONG)
        page.goto(f"/admin/articles/article/{article.pk}/change/")
        expect(page.locator(".markdownx-preview h2").first).to_have_text("Part 0")  # the preview has rendered
        return page

    return open_form


def test_on_a_desktop_the_editor_and_preview_stand_side_by_side_and_scroll_together(writing_page):
    page = writing_page(DESKTOP)
    editor, preview = page.locator(".field-body .EasyMDEContainer"), page.locator(".markdownx-preview")

    editor_box, preview_box = editor.bounding_box(), preview.bounding_box()
    assert preview_box["x"] >= editor_box["x"] + editor_box["width"]
    assert abs(preview_box["y"] - editor_box["y"]) < 2
    assert preview_box["height"] > 400
    form_box = page.locator(".field-body").bounding_box()
    assert preview_box["x"] + preview_box["width"] <= form_box["x"] + form_box["width"]
    expect(page.get_by_role("button", name="Preview")).to_be_hidden()

    scroller = editor.locator(".CodeMirror-scroll")
    scroller.evaluate("e => { e.scrollTop = (e.scrollHeight - e.clientHeight) / 2; }")
    page.wait_for_function("() => document.querySelector('.markdownx-preview').scrollTop > 0")
    share = preview.evaluate("p => p.scrollTop / (p.scrollHeight - p.clientHeight)")
    assert 0.45 < share < 0.55
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".field-body").screenshot(path=SCREENSHOTS / "writing-room-desktop.png")


def test_on_a_phone_the_editor_comes_first_and_a_switch_shows_the_preview(writing_page):
    page = writing_page(PHONE)
    editor, preview = page.locator(".field-body .EasyMDEContainer"), page.locator(".markdownx-preview")
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


def test_on_a_phone_nothing_on_the_article_form_reaches_past_the_screen_s_edge(writing_page):
    page = writing_page(PHONE)

    # CodeMirror hides its own scroll bar under a negative margin inside a clipped box: not the form's layout.
    past_the_edge = page.evaluate(
        """() => [...document.querySelectorAll('#content-main *')]
            .filter(e => !e.closest('.CodeMirror') && e.getBoundingClientRect().width > 0)
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
            .map(e => e.tagName.toLowerCase() + '.' + e.className)"""
    )

    assert past_the_edge == []


def test_on_a_phone_the_writing_rooms_buttons_are_as_easy_to_tap_as_the_toolbars(writing_page):
    page = writing_page(PHONE)
    toolbar = page.get_by_role("toolbar").get_by_role("button", name="Bold").bounding_box()
    buttons = [
        page.get_by_role("button", name=name, exact=True)
        for name in ("Write", "Preview", "Full screen", "Choose from library")
    ]

    heights = {button.inner_text(): round(button.bounding_box()["height"]) for button in buttons}

    assert toolbar["height"] >= 32
    assert all(height >= toolbar["height"] - 0.5 for height in heights.values()), heights


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

    expect(count).to_have_text("3 words · less than 1 min read")
    expect(page.locator("#id_read_time")).to_have_attribute("placeholder", "Less than 1 min read, from the text")

    write_body(page, "")

    expect(count).to_have_text("0 words")
    expect(page.locator("#id_read_time")).to_have_attribute("placeholder", "From the text, once it has some")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_article_form_has_no_accessibility_violations(writing_page, viewport, scheme):
    page = writing_page(viewport, scheme)
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


# The body editor's toolbar and shortcuts (EasyMDE, static/admin/js/folio-body-editor.js).

TOOLBAR = {
    "Heading": "Ctrl-Alt-2",
    "Subheading": "Ctrl-Alt-3",
    "Bold": "Ctrl-B",
    "Italic": "Ctrl-I",
    "Link": "Ctrl-K",
    "Footnote": None,
    "Quote": "Ctrl-'",
    "Bulleted list": "Ctrl-L",
    "Numbered list": "Ctrl-Alt-L",
    "Code": "Ctrl-Alt-C",
    "Table": None,
    "Image": "Ctrl-Alt-I",
    "Horizontal rule": None,
}


@pytest.fixture
def short_page(admin_page):
    """The change form of a one-paragraph article on a desktop, its preview rendered."""
    page = admin_page(DESKTOP)
    article = make_article(title="A short note", body="A first line.")
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    expect(page.locator(".markdownx-preview p")).to_have_text("A first line.")
    return page


def toolbar(page):
    return page.get_by_role("toolbar", name="Formatting")


def select_last_word(page, text: str) -> None:
    write_body(page, text)
    editor = body_editor(page)
    editor.press("Control+End")
    editor.press("Control+Shift+ArrowLeft")


def test_the_toolbar_names_each_formatting_button_and_its_shortcut_and_leaves_preview_to_the_writing_room(short_page):
    buttons = toolbar(short_page).get_by_role("button")
    expect(buttons).to_have_count(len(TOOLBAR))
    for index, (name, shortcut) in enumerate(TOOLBAR.items()):
        button = buttons.nth(index)
        expect(button).to_have_accessible_name(name)
        expect(button).to_have_attribute("title", f"{name} ({shortcut})" if shortcut else name)
    # One tab stop for the toolbar; arrow keys move along it.
    expect(buttons.nth(0)).to_have_attribute("tabindex", "0")
    buttons.nth(0).focus()
    short_page.keyboard.press("ArrowRight")
    expect(buttons.nth(1)).to_be_focused()
    expect(buttons.nth(1)).to_have_attribute("tabindex", "0")


@pytest.mark.parametrize(
    ("keys", "markdown", "element"),
    [
        ("Control+b", "Make it **plain**", "strong"),
        ("Control+i", "Make it *plain*", "em"),
    ],
    ids=["bold", "italic"],
)
def test_a_shortcut_wraps_the_selected_word_and_the_form_and_preview_follow(short_page, keys, markdown, element):
    select_last_word(short_page, "Make it plain")

    body_editor(short_page).press(keys)

    expect_body(short_page, markdown)
    expect(short_page.locator(f".markdownx-preview p > {element}")).to_have_text("plain")


@pytest.mark.parametrize(
    ("button", "markdown", "element"),
    [
        ("Heading", "## A first line.", "h2"),
        ("Subheading", "### A first line.", "h3"),
        ("Quote", "> A first line.", "blockquote"),
        ("Bulleted list", "- A first line.", "ul > li"),
        ("Numbered list", "1. A first line.", "ol > li"),
    ],
)
def test_a_block_button_formats_the_line_the_cursor_is_on(short_page, button, markdown, element):
    body_editor(short_page).press("Control+End")

    toolbar(short_page).get_by_role("button", name=button, exact=True).click()

    expect_body(short_page, markdown)
    expect(short_page.locator(f".markdownx-preview {element}")).to_have_text("A first line.")
    expect(body_editor(short_page)).to_be_focused()


def test_the_footnote_button_puts_the_next_number_at_the_cursor_and_its_definition_at_the_end_to_write(short_page):
    write_body(short_page, "One claim[^1] and another.\n\n[^1]: The first source.")
    editor = body_editor(short_page)
    editor.press("Control+Home")
    editor.press("End")
    for _ in range(len(" another.")):
        editor.press("ArrowLeft")

    toolbar(short_page).get_by_role("button", name="Footnote").click()
    short_page.keyboard.type("The second source.")

    expect_body(short_page, "One claim[^1] and[^2] another.\n\n[^1]: The first source.\n\n[^2]: The second source.")
    expect(short_page.locator(".markdownx-preview sup.footnote-ref")).to_have_count(2)
    expect(short_page.locator(".markdownx-preview .footnote-item").nth(1)).to_contain_text("The second source.")


def test_the_footnote_button_answers_the_keyboard_and_one_undo_takes_its_reference_and_definition_back(short_page):
    editor = body_editor(short_page)
    editor.press("Control+End")
    buttons = toolbar(short_page).get_by_role("button")
    buttons.nth(0).focus()
    for _ in range(list(TOOLBAR).index("Footnote")):
        short_page.keyboard.press("ArrowRight")
    expect(toolbar(short_page).get_by_role("button", name="Footnote")).to_be_focused()

    short_page.keyboard.press("Enter")

    expect_body(short_page, "A first line.[^1]\n\n[^1]: ")
    expect(editor).to_be_focused()
    editor.press("Control+z")
    expect_body(short_page, "A first line.")


def test_the_image_button_asks_for_the_image_dialog_and_inserts_nothing_itself(short_page):
    short_page.on("dialog", lambda dialog: pytest.fail(f"a browser prompt opened: {dialog.message}"))
    short_page.evaluate(
        """() => { window.imageDialogs = [];
        document.addEventListener("folio:image-dialog", (event) => window.imageDialogs.push(event.target.id)); }"""
    )

    toolbar(short_page).get_by_role("button", name="Image").click()

    assert short_page.evaluate("window.imageDialogs") == ["id_body"]
    expect_body(short_page, "A first line.")


def test_text_inserted_by_another_script_lands_at_the_writers_cursor(short_page):
    write_body(short_page, "Before after.")
    editor = body_editor(short_page)
    editor.press("Control+Home")
    for _ in range(len("Before ")):
        editor.press("ArrowRight")

    handled = short_page.evaluate(
        """() => !document.getElementById("id_body").dispatchEvent(new CustomEvent("folio:insert",
        {detail: {text: "![A map](/media/map.png) "}, cancelable: true, bubbles: true}))"""
    )

    assert handled
    expect_body(short_page, "Before ![A map](/media/map.png) after.")
    expect(short_page.locator(".markdownx-preview img")).to_have_attribute("alt", "A map")


def test_a_file_dropped_on_the_editor_is_not_read_into_the_text(short_page):
    # CodeMirror reads a dropped file into the body unless the drop is cancelled; files go to the image dialog only.
    cancelled = short_page.locator(".field-body .CodeMirror-scroll").evaluate(
        """(scroller) => { const files = new DataTransfer();
        files.items.add(new File(["Secret notes."], "notes.txt", {type: "text/plain"}));
        const box = scroller.getBoundingClientRect();
        return !scroller.dispatchEvent(new DragEvent("drop", {dataTransfer: files, bubbles: true, cancelable: true,
            clientX: box.left + 20, clientY: box.top + 10})); }"""
    )
    assert cancelled
    expect_body(short_page, "A first line.")


def test_the_editor_works_under_the_sites_content_security_policy_with_nothing_from_elsewhere(browser, live_server):
    from django.test import Client

    from tests.factories import make_staff_user

    client = Client()
    client.force_login(make_staff_user("cass", role="Editors"))
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)  # the CSP enforced
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    try:
        page = context.new_page()
        console, requests = [], []
        page.on("console", lambda message: console.append(message.text))
        page.on("request", lambda request: requests.append(request.url))
        article = make_article(title="Under the policy", body="Plain words.")
        page.goto(f"/admin/articles/article/{article.pk}/change/")
        expect(toolbar(page)).to_be_visible()

        select_last_word(page, "Plain words")
        body_editor(page).press("Control+b")
        body_editor(page).press("End")
        toolbar(page).get_by_role("button", name="Table").click()

        expect(page.locator(".markdownx-preview strong")).to_have_text("words")
        expect(page.locator(".markdownx-preview table")).to_have_count(1)
        assert [text for text in console if "Content Security Policy" in text] == []
        assert [url for url in requests if not url.startswith(live_server.url)] == []
    finally:
        context.close()


def test_tab_indents_a_list_item_and_elsewhere_moves_on_instead_of_trapping_the_keyboard(short_page):
    editor = body_editor(short_page)
    editor.press("Control+End")
    editor.press("Tab")
    expect(editor).not_to_be_focused()
    expect_body(short_page, "A first line.")

    write_body(short_page, "- One\n- Two")
    editor.press("Control+End")
    editor.press("Tab")
    expect(editor).to_be_focused()
    expect_body(short_page, "- One\n    - Two")


def test_a_new_line_in_a_code_block_keeps_the_indent_in_spaces_as_the_published_page_shows_it(short_page):
    write_body(short_page, "```python\ndef walk():\n    if far:")
    editor = body_editor(short_page)
    editor.press("Control+End")
    editor.press("Enter")
    editor.press_sequentially("    return home")
    editor.press("Enter")
    editor.press_sequentially("x")

    # A tab would stand eight columns wide on the page, twice the indent of the spaces above it.
    expect_body(short_page, "```python\ndef walk():\n    if far:\n        return home\n        x")


def test_the_body_label_names_the_editor_and_clicking_it_puts_the_cursor_there(short_page):
    expect(short_page.get_by_role("textbox", name="Body", exact=True)).to_have_count(1)

    short_page.locator(".field-body label", has_text="Body").click()

    expect(body_editor(short_page)).to_be_focused()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_refused_save_lists_each_field_to_correct_and_its_link_takes_the_keyboard_there(writing_page, viewport):
    page = writing_page(viewport)
    page.fill("#id_title", "")
    page.fill("#id_read_time", "soon")
    page.locator("input[name=_continue]").click()

    summary = page.get_by_role("navigation", name="To correct before saving")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("listitem")).to_have_text(
        ["Title: This field is required.", "Read time: Give the read time in minutes, for example “8” or “8 min read”."]
    )
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#id_read_time")).to_be_focused()
    expect(page.locator("#id_read_time")).to_be_in_viewport()
    page.keyboard.type("8")
    expect(page.locator("#id_read_time")).to_have_value("soon8")
    assert violations(page) == []
