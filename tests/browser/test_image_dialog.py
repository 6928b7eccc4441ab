"""The image dialog, in a real browser: upload or pick from the library, alt text required, paste and drop, the hero."""

import base64
import hashlib
import re

import pytest
from django.core.files.storage import default_storage
from playwright.sync_api import expect

from articles import media_library
from articles.images import store_image
from articles.models import Article
from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS, body_editor, expect_body, picture_bytes
from tests.browser.test_accessibility import violations
from tests.factories import make_article, make_staff_user

pytestmark = pytest.mark.django_db(transaction=True)

PHOTO = picture_bytes("seagreen", size=(1200, 800))


def stored_url(data: bytes, extension: str = "jpg") -> str:
    digest = hashlib.sha256(data).hexdigest()
    return default_storage.url(f"images/{digest[:2]}/{digest}.{extension}")


def body_pattern(*middle: str) -> re.Pattern:
    """The body as the form posts it: the given parts in order, an inserted image standing as its own paragraph."""
    return re.compile("^" + r"\n\n+".join(middle) + "$")


@pytest.fixture
def article_form(admin_page):
    """The change form of an article, its preview rendered, at a window size."""

    def open_form(viewport=DESKTOP, **fields):
        page = admin_page(viewport)
        fields.setdefault("body", "First paragraph.\n\nLast paragraph.")
        article = make_article(title="Harbour notes", **fields)
        page.goto(f"/admin/articles/article/{article.pk}/change/")
        expect(page.locator(".markdownx-preview p").first).to_have_text("First paragraph.")
        page.article = article
        return page

    return open_form


def cursor_after_first_paragraph(page) -> None:
    editor = body_editor(page)
    editor.click()
    editor.press("Control+Home")
    editor.press("End")


def open_dialog(page):
    page.get_by_role("toolbar").get_by_role("button", name="Image").click()
    dialog = page.get_by_role("dialog", name="Insert an image")
    expect(dialog).to_be_visible()
    return dialog


def file_payload(data: bytes = PHOTO, name: str = "harbour.jpg", mime: str = "image/jpeg") -> dict:
    return {"name": name, "mimeType": mime, "buffer": data}


def library_images(*originals: str) -> list[str]:
    names = []
    for n, original in enumerate(originals):
        names.append(
            store_image(
                picture_bytes(["tomato", "gold", "navy", "plum"][n % 4], size=(900, 600 + n)), original_name=original
            )
        )
    return names


def test_an_uploaded_image_goes_in_at_the_cursor_with_its_alt_text_and_caption_and_previews_as_a_figure(
    article_form,
):
    page = article_form()
    cursor_after_first_paragraph(page)
    dialog = open_dialog(page)

    dialog.get_by_label("Image file").set_input_files(file_payload())
    # Alt text is plain text: its signs are neither emphasis nor the end of the image.
    dialog.get_by_label("Alt text").fill("Fishing boats *moored* at [dawn]")
    dialog.get_by_label("Caption").fill('The "old" harbour')
    dialog.get_by_role("button", name="Insert").click()

    expect(dialog).to_be_hidden()
    image = re.escape(f'![Fishing boats \\*moored\\* at \\[dawn\\]]({stored_url(PHOTO)} "The \\"old\\" harbour")')
    expect_body(page, body_pattern(r"First paragraph\.", image, r"Last paragraph\."))
    preview = page.locator(".markdownx-preview")
    expect(preview.locator("figure figcaption")).to_have_text('The "old" harbour')
    expect(preview.locator('figure picture source[type="image/webp"]')).to_have_attribute(
        "srcset", re.compile(r"-480w\.webp 480w")
    )
    expect(preview.locator("figure img")).to_have_attribute("alt", "Fishing boats *moored* at [dawn]")


def test_a_long_pasted_caption_goes_in_whole_for_captions_have_no_limit(article_form):
    page = article_form()
    cursor_after_first_paragraph(page)
    dialog = open_dialog(page)
    caption = " ".join(["Boats moored in the old harbour at dawn"] * 10)  # 399 characters

    dialog.get_by_label("Image file").set_input_files(file_payload())
    dialog.get_by_label("Alt text").fill("Fishing boats moored at dawn")
    dialog.get_by_label("Caption").fill(caption)
    dialog.get_by_role("button", name="Insert").click()

    expect(dialog).to_be_hidden()
    expect(page.locator(".markdownx-preview figure figcaption")).to_have_text(caption)


def test_insert_is_refused_until_the_alt_text_is_given_with_an_error_tied_to_the_field(article_form):
    page = article_form()
    dialog = open_dialog(page)
    dialog.get_by_label("Image file").set_input_files(file_payload())
    alt = dialog.get_by_label("Alt text")
    insert = dialog.get_by_role("button", name="Insert")

    for attempt in ("", "   "):
        alt.fill(attempt)
        insert.click()
        error = dialog.locator("#folio-image-alt-error")
        expect(error).to_have_text("Write the alt text: the image cannot be inserted without it.")
        expect(alt).to_have_attribute("aria-invalid", "true")
        expect(alt).to_be_focused()
        expect(dialog).to_be_visible()
    assert "folio-image-alt-error" in alt.get_attribute("aria-describedby").split()
    expect(alt).to_have_accessible_description(re.compile("cannot be inserted without it"))
    expect(dialog.get_by_text("leave out “image of”")).to_be_visible()
    expect_body(page, "First paragraph.\n\nLast paragraph.")

    alt.fill("A lighthouse")
    expect(error).to_be_hidden()
    insert.click()
    expect(dialog).to_be_hidden()
    expect_body(page, re.compile(re.escape(f"![A lighthouse]({stored_url(PHOTO)})")))


def test_alt_text_longer_than_is_kept_is_refused_with_its_length_and_left_whole_to_shorten(article_form):
    page = article_form()
    dialog = open_dialog(page)
    dialog.get_by_label("Image file").set_input_files(file_payload())
    alt = dialog.get_by_label("Alt text")
    pasted = ("Boats at anchor in the harbour as the tide turns, " * 8)[:340].strip()
    alt.fill(pasted)
    expect(alt).to_have_value(pasted)  # nothing cut as it is pasted

    dialog.get_by_role("button", name="Insert").click()

    expect(dialog.locator("#folio-image-alt-error")).to_have_text(
        f"The alt text has {len(pasted)} characters; at most 300 fit: shorten it to the essentials."
    )
    expect(alt).to_have_attribute("aria-invalid", "true")
    expect(alt).to_have_value(pasted)
    expect_body(page, "First paragraph.\n\nLast paragraph.")
    alt.fill(pasted[:120].strip())
    dialog.get_by_role("button", name="Insert").click()
    expect(dialog).to_be_hidden()


def test_an_upload_the_server_refuses_shows_its_reason_and_inserts_nothing(article_form):
    page = article_form()
    dialog = open_dialog(page)

    dialog.get_by_label("Image file").set_input_files(file_payload(b"plain words", name="notes.png", mime="image/png"))
    dialog.get_by_label("Alt text").fill("Notes")
    dialog.get_by_role("button", name="Insert").click()

    expect(dialog.get_by_role("alert").filter(has_text="notes.png")).to_have_text(
        re.compile("notes.png: The file is not an image")
    )
    expect(dialog).to_be_visible()
    expect_body(page, "First paragraph.\n\nLast paragraph.")


def test_the_library_is_searched_and_an_image_picked_with_the_keyboard(article_form, monkeypatch):
    monkeypatch.setattr(media_library, "PER_PAGE", 2)
    harbour, *_ = library_images("harbour.jpg", "kitchen.jpg", "field.jpg")
    media_library.remember_alt_text(harbour, "Boats in a small harbour")
    page = article_form()
    cursor_after_first_paragraph(page)
    dialog = open_dialog(page)

    dialog.get_by_role("tab", name="Library").click()
    choices = dialog.locator(".folio-image-choice")
    expect(choices).to_have_count(2)  # the newest two, then "Load more"
    dialog.get_by_role("button", name="Load more").click()
    expect(choices).to_have_count(3)
    expect(dialog.get_by_role("button", name=re.compile("^harbour.jpg"))).to_be_focused()

    dialog.get_by_label("Search the library").fill("harb")
    expect(choices).to_have_count(1)
    expect(dialog.get_by_role("status")).to_have_text("1 image.")
    choice = dialog.get_by_role("button", name=re.compile("^harbour.jpg"))
    choice.focus()
    page.keyboard.press("Enter")
    expect(choice).to_have_attribute("aria-pressed", "true")
    expect(dialog.get_by_label("Alt text")).to_have_value("Boats in a small harbour")
    dialog.get_by_label("Alt text").press("Enter")

    expect(dialog).to_be_hidden()
    url = re.escape(default_storage.url(harbour))
    expect_body(
        page, body_pattern(r"First paragraph\.", rf"!\[Boats in a small harbour\]\({url}\)", r"Last paragraph\.")
    )

    dialog = open_dialog(page)
    dialog.get_by_role("tab", name="Library").press("ArrowRight")  # the tabs follow the arrow keys too
    expect(dialog.get_by_role("tab", name="Library")).to_have_attribute("aria-selected", "true")
    dialog.get_by_label("Search the library").fill("zeppelin")
    expect(dialog.get_by_role("status")).to_have_text("No image matches “zeppelin”.")


def test_escape_closes_the_dialog_and_gives_focus_back(article_form):
    page = article_form()
    open_dialog(page)
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(page.get_by_role("toolbar").get_by_role("button", name="Image")).to_be_focused()


def image_transfer(page, data: bytes = PHOTO, name: str = "pasted.jpg"):
    return page.evaluate_handle(
        """([encoded, name]) => {
            const bytes = Uint8Array.from(atob(encoded), c => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, {type: "image/jpeg"}));
            return transfer;
        }""",
        [base64.b64encode(data).decode(), name],
    )


@pytest.mark.parametrize("how", ["paste", "drop"])
def test_a_pasted_or_dropped_image_opens_the_dialog_with_the_file_and_markdownx_does_not_upload_it(article_form, how):
    page = article_form()
    cursor_after_first_paragraph(page)
    transfer = image_transfer(page)

    if how == "drop":
        body_editor(page).dispatch_event("drop", {"dataTransfer": transfer})
    else:
        body_editor(page).evaluate(
            "(editor, transfer) => editor.dispatchEvent("
            "new ClipboardEvent('paste', {clipboardData: transfer, bubbles: true, cancelable: true}))",
            transfer,
        )

    dialog = page.get_by_role("dialog", name="Insert an image")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("tab", name="Upload")).to_have_attribute("aria-selected", "true")
    assert dialog.get_by_label("Image file").evaluate("input => input.files[0].name") == "pasted.jpg"
    expect(dialog.get_by_label("Alt text")).to_be_focused()
    expect_body(page, "First paragraph.\n\nLast paragraph.")  # markdownx inserted no empty-alt image

    page.keyboard.type("A pasted photograph")
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    image = re.escape(f"![A pasted photograph]({stored_url(PHOTO)})")
    expect_body(page, body_pattern(r"First paragraph\.", image, r"Last paragraph\."))


def test_a_hero_chosen_from_the_library_is_saved_and_shown_on_the_article_page(article_form):
    [hero] = library_images("quay.jpg")
    media_library.remember_alt_text(hero, "The quay at low tide")
    page = article_form()

    page.get_by_role("button", name="Choose from library").click()
    dialog = page.get_by_role("dialog", name="Choose the hero image")
    expect(dialog.get_by_label("Caption")).to_be_hidden()
    dialog.get_by_role("button", name=re.compile("^quay.jpg")).click()
    expect(dialog.get_by_label("Alt text")).to_have_value("The quay at low tide")
    dialog.get_by_label("Alt text").fill("The quay at low tide, boats aground")
    dialog.get_by_role("button", name="Use as hero image").click()

    expect(dialog).to_be_hidden()
    expect(page.locator(".folio-hero-choice")).to_contain_text("Chosen from the library: quay.jpg")
    expect(page.locator("#id_hero_image_alt")).to_have_value("The quay at low tide, boats aground")
    page.get_by_role("button", name="Publish changes").click()
    expect(page.locator(".messagelist")).to_contain_text("are published")

    article = Article.objects.get(pk=page.article.pk)
    assert article.hero_image.name == hero
    page.goto(article.get_absolute_url())
    hero_image = page.locator("figure.hero img")
    expect(hero_image).to_have_attribute("src", default_storage.url(hero))
    expect(hero_image).to_have_attribute("alt", "The quay at low tide, boats aground")


def test_a_hero_file_the_server_refuses_when_chosen_stays_in_the_box_saying_why_and_the_save_refuses_it_too(
    article_form,
):
    page = article_form()
    drawing = b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'
    page.set_input_files("#id_hero_image", files=[{"name": "drawing.png", "mimeType": "image/png", "buffer": drawing}])

    expect(page.locator(".folio-hero-choice")).to_contain_text("drawing.png is not uploaded yet: drawing.png: ")
    assert page.locator("#id_hero_image").evaluate("input => input.files.length") == 1
    assert page.locator("#id_hero_image_stored").input_value() == ""
    page.fill("#id_hero_image_alt", "A drawing")
    page.get_by_role("button", name="Publish changes").click()
    expect(page.locator(".field-hero_image .errorlist")).to_be_visible()
    assert not Article.objects.get(pk=page.article.pk).hero_image


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_open_dialog_has_no_accessibility_violations(article_form, viewport):
    library_images("harbour.jpg", "kitchen.jpg")
    page = article_form(viewport)
    dialog = open_dialog(page)
    dialog.get_by_role("tab", name="Library").click()
    expect(dialog.locator(".folio-image-choice")).to_have_count(2)
    dialog.get_by_role("button", name="Insert").click()  # with its errors showing
    expect(dialog.locator("#folio-image-alt-error")).to_be_visible()

    assert violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"image-dialog-{viewport['width']}.png")


def test_the_dialog_runs_under_the_sites_content_security_policy(browser, live_server):
    """Without bypass_csp: the script, its styles and the library's thumbnails break no rule."""
    from django.test import Client

    library_images("harbour.jpg")
    article = make_article(body="Words.")
    client = Client()
    client.force_login(make_staff_user("csp", role="Editors"))
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    try:
        page.goto(f"/admin/articles/article/{article.pk}/change/")
        page.evaluate(
            "() => { window.violations = [];"
            " document.addEventListener('securitypolicyviolation', e => window.violations.push(e.violatedDirective)); }"
        )
        dialog = open_dialog(page)
        dialog.get_by_role("tab", name="Library").click()
        expect(dialog.locator(".folio-image-choice img")).to_have_js_property("complete", True)
        assert dialog.locator(".folio-image-choice img").evaluate("img => img.naturalWidth") > 0
        assert page.evaluate("() => window.violations") == []
        assert [text for text in messages if "Content Security Policy" in text] == []
    finally:
        context.close()
