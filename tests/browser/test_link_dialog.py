"""The link dialog, in a real browser: words find the site's articles, the keyboard links one; an address goes in
as typed."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS, body_editor, expect_body
from tests.browser.test_accessibility import violations
from tests.factories import make_article, make_staff_user

pytestmark = pytest.mark.django_db(transaction=True)

OPENING = "Read more about the harbour"


@pytest.fixture
def link_form(admin_page):
    """The change form of an article whose body is one line, at a window size, beside three articles to link to:
    two published and a draft begun today."""

    def open_form(viewport=DESKTOP, **kwargs):
        now = timezone.now()
        make_article(title="Harbour walls", slug="harbour-walls", publish_date=now - timedelta(days=10))
        make_article(title="Harbour lights", slug="harbour-lights", publish_date=now - timedelta(days=2))
        make_article(title="Harbour plans", slug="harbour-plans", status=Article.Status.DRAFT, publish_date=None)
        article = make_article(title="Notes from the quay", body=OPENING)
        page = kwargs.get("page") or admin_page(viewport)
        page.goto(f"/admin/articles/article/{article.pk}/change/")
        expect(page.locator(".markdownx-preview p")).to_have_text(OPENING)
        return page

    return open_form


def select_last_word(page) -> None:
    editor = body_editor(page)
    editor.press("Control+End")
    editor.press("Control+Shift+ArrowLeft")


def open_dialog(page):
    body_editor(page).press("Control+k")
    dialog = page.get_by_role("dialog", name="Insert a link")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("combobox", name="Address or article")).to_be_focused()
    return dialog


def test_typed_words_offer_the_sites_articles_newest_first_saying_which_readers_cannot_see_yet(link_form):
    page = link_form()
    dialog = open_dialog(page)

    page.keyboard.type("HARBOUR")

    options = dialog.get_by_role("option")
    expect(options).to_have_count(3)
    expect(options.locator(".folio-link-name")).to_have_text(["Harbour plans", "Harbour lights", "Harbour walls"])
    expect(options.nth(0)).to_contain_text("Draft: the link leads readers nowhere until it is published")
    expect(options.nth(1)).to_contain_text("Published")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    expect(dialog.get_by_role("status")).to_have_text(
        "3 articles for “HARBOUR”: Harbour plans, Draft: the link leads readers nowhere until it is published. "
        "Enter links to it; the arrows choose another."
    )
    expect(dialog.get_by_role("combobox")).to_have_attribute("aria-expanded", "true")


def test_an_article_chosen_with_the_keyboard_links_the_selected_words_and_one_undo_takes_the_link_back(link_form):
    page = link_form()
    select_last_word(page)
    dialog = open_dialog(page)
    page.keyboard.type("harbour")
    options = dialog.get_by_role("option")
    expect(options).to_have_count(3)
    box = dialog.get_by_role("combobox")

    page.keyboard.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", options.nth(1).get_attribute("id"))
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(options.nth(2)).to_have_attribute("aria-selected", "true")  # round from the first to the last
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")

    expect(dialog).to_be_hidden()
    expect_body(page, "Read more about the [harbour](/articles/harbour-lights/)")
    link = page.locator(".markdownx-preview p a")
    expect(link).to_have_text("harbour")
    expect(link).to_have_attribute("href", "/articles/harbour-lights/")
    editor = body_editor(page)
    expect(editor).to_be_focused()

    editor.press("Control+z")
    expect_body(page, OPENING)


def test_with_nothing_selected_the_articles_title_becomes_the_links_text_its_markdown_signs_kept_as_text(link_form):
    make_article(title="Why *stars* and [brackets] stay", slug="stars-and-brackets")
    page = link_form()
    body_editor(page).press("Control+End")
    page.keyboard.type(": ")
    dialog = open_dialog(page)

    page.keyboard.type("stars brackets")
    expect(dialog.get_by_role("option")).to_have_count(1)
    page.keyboard.press("Enter")

    expect_body(page, OPENING + r": [Why \*stars\* and \[brackets\] stay](/articles/stars-and-brackets/)")
    expect(page.locator(".markdownx-preview p a")).to_have_text("Why *stars* and [brackets] stay")


def test_a_click_on_an_article_links_it_too(link_form):
    page = link_form()
    select_last_word(page)
    dialog = open_dialog(page)
    page.keyboard.type("walls")

    dialog.get_by_role("option", name="Harbour walls").click()

    expect_body(page, "Read more about the [harbour](/articles/harbour-walls/)")


def test_a_typed_address_links_the_selected_words_as_it_always_did(link_form):
    page = link_form()
    select_last_word(page)
    toolbar = page.get_by_role("toolbar", name="Formatting")
    toolbar.get_by_role("button", name="Link").click()
    dialog = page.get_by_role("dialog", name="Insert a link")

    dialog.get_by_role("combobox").fill("https://example.com/harbour(map)")
    dialog.get_by_role("button", name="Insert link").click()

    expect(dialog).to_be_hidden()
    expect_body(page, "Read more about the [harbour](https://example.com/harbour%28map%29)")
    expect(page.locator(".markdownx-preview p a")).to_have_attribute("href", "https://example.com/harbour%28map%29")


def test_an_address_with_nothing_selected_leaves_the_cursor_inside_the_brackets_for_the_links_words(link_form):
    page = link_form()
    body_editor(page).press("Control+End")
    page.keyboard.type(" and the ")
    open_dialog(page)

    page.keyboard.type("/about/")
    page.keyboard.press("Enter")
    page.keyboard.type("quay")

    expect_body(page, OPENING + " and the [quay](/about/)")
    expect(page.locator(".markdownx-preview p a")).to_have_attribute("href", "/about/")


def test_a_domain_typed_without_its_scheme_is_linked_over_https(link_form):
    page = link_form()
    select_last_word(page)
    open_dialog(page)

    page.keyboard.type("example.com/harbour")
    page.keyboard.press("Enter")

    expect_body(page, "Read more about the [harbour](https://example.com/harbour)")


def test_the_article_being_written_is_not_offered_as_a_link_to_itself(link_form):
    make_article(title="Notes from the quay, continued", slug="quay-continued")
    page = link_form()
    dialog = open_dialog(page)

    page.keyboard.type("notes quay")

    options = dialog.get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.locator(".folio-link-name")).to_have_text(["Notes from the quay, continued"])


def test_a_word_with_a_dot_is_looked_for_among_the_titles_not_taken_for_an_address(link_form):
    make_article(title="Notes on node.js", slug="notes-on-node")
    page = link_form()
    select_last_word(page)
    dialog = open_dialog(page)

    page.keyboard.type("node.js")
    expect(dialog.get_by_role("option")).to_have_count(1)
    page.keyboard.press("Enter")

    expect_body(page, "Read more about the [harbour](/articles/notes-on-node/)")


@pytest.mark.parametrize(
    "typed, reason",
    [
        # A file's name whose ending is a top-level domain too is no address: its words are looked for.
        ("README.md", "No article's title holds “README.md”: type other words, or an address such as /about/."),
        # An address broken by a space (pasted from a wrapped line) is still an address, not words to look for.
        (
            "https://example.com/harbour map",
            "An address has no spaces: take the space out of “https://example.com/harbour map”, or write it as %20.",
        ),
    ],
)
def test_what_the_dialog_cannot_link_is_refused_saying_why_and_nothing_is_inserted(link_form, typed, reason):
    page = link_form()
    dialog = open_dialog(page)

    page.keyboard.type(typed)
    page.keyboard.press("Enter")

    expect(dialog.get_by_role("alert")).to_have_text(reason)
    expect_body(page, OPENING)


# What is typed, and whether the dialog takes it for an address: (typed, the address linked, or "" for words).
ADDRESSES = [
    ("https://example.com/harbour(map)", "https://example.com/harbour(map)"),
    ("http://example.com", "http://example.com"),
    ("mailto:editor@example.com", "mailto:editor@example.com"),
    ("tel:+441234567890", "tel:+441234567890"),
    ("/about/", "/about/"),
    ("#notes", "#notes"),
    ("?page=2", "?page=2"),
    ("./harbour/", "./harbour/"),
    ("../harbour/", "../harbour/"),
    ("www.example.com", "https://www.example.com"),
    ("www.example.md", "https://www.example.md"),
    ("example.com", "https://example.com"),
    ("example.com/harbour", "https://example.com/harbour"),
    ("Example.ORG:8080/notes?x=1#top", "https://Example.ORG:8080/notes?x=1#top"),
    ("bbc.co.uk", "https://bbc.co.uk"),
    ("café.fr", "https://café.fr"),
]
WORDS = [
    "node.js",  # no such top-level domain
    "README.md",  # files whose endings are top-level domains too
    "setup.py",
    "install.sh",
    "main.rs",
    "notes.zip",
    "index.html",
    "harbour",
    "example.com and more",
    "Chapter:",  # a colon is no scheme
    "javascript:alert(1)",
    "v1.2",
    "127.0.0.1",
    "e.g.",
    "www.",
    "",
]


def test_an_address_has_a_scheme_is_on_this_site_starts_with_www_or_ends_in_a_real_top_level_domain(link_form):
    page = link_form()
    link_address = "typed => window.Folio.linkAddress(typed)"

    assert {typed: page.evaluate(link_address, typed) for typed, _ in ADDRESSES} == dict(ADDRESSES)
    assert {typed: page.evaluate(link_address, typed) for typed in WORDS} == dict.fromkeys(WORDS, "")


def test_words_no_title_holds_are_refused_with_a_reason_and_nothing_is_inserted(link_form):
    page = link_form()
    dialog = open_dialog(page)

    page.keyboard.type("zeppelin")
    page.keyboard.press("Enter")

    error = dialog.get_by_role("alert")
    expect(error).to_have_text("No article's title holds “zeppelin”: type other words, or an address such as /about/.")
    expect(dialog.get_by_role("combobox")).to_have_attribute("aria-invalid", "true")
    expect_body(page, OPENING)


def test_escape_closes_the_dialog_leaving_the_text_and_its_selection_as_they_were(link_form):
    page = link_form()
    select_last_word(page)
    dialog = open_dialog(page)
    page.keyboard.type("harbour")
    expect(dialog.get_by_role("option")).to_have_count(3)

    page.keyboard.press("Escape")

    expect(dialog).to_be_hidden()
    expect(body_editor(page)).to_be_focused()
    expect_body(page, OPENING)
    page.keyboard.type("quay")  # over the selection still there
    expect_body(page, "Read more about the quay")


def test_escape_in_the_dialog_over_the_full_screen_closes_the_dialog_alone(link_form):
    page = link_form()
    page.get_by_role("button", name="Full screen").click()
    body_editor(page).click()
    dialog = open_dialog(page)

    page.keyboard.press("Escape")

    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Leave full screen")).to_have_attribute("aria-pressed", "true")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_open_dialog_has_no_accessibility_violations(link_form, viewport):
    page = link_form(viewport)
    dialog = open_dialog(page)
    page.keyboard.type("harbour")
    expect(dialog.get_by_role("option")).to_have_count(3)

    assert violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"link-dialog-{viewport['width']}.png")


def test_the_dialog_runs_under_the_sites_content_security_policy(link_form, new_context):
    """Without bypass_csp: the script and its styles break no rule."""
    page = new_context(make_staff_user("csp", role="Editors"), bypass_csp=False).new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    link_form(page=page)
    page.evaluate(
        "() => { window.violations = [];"
        " document.addEventListener('securitypolicyviolation', e => window.violations.push(e.violatedDirective)); }"
    )
    dialog = open_dialog(page)
    page.keyboard.type("harbour")
    expect(dialog.get_by_role("option")).to_have_count(3)

    assert page.evaluate("() => window.violations") == []
    assert [text for text in messages if "Content Security Policy" in text] == []
