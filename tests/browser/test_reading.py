import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS

RENDITION = re.compile(r"-\d+w\.webp$")


def test_a_reader_opens_the_newest_article_from_the_home_page(page: Page, site):
    page.goto(site.go("/"))
    page.locator(".feature-title a").click()
    expect(page).to_have_url(site.go(site.article.get_absolute_url()))
    expect(page.locator("h1")).to_have_text("Reading on small screens")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".toc li")).to_have_count(3)
    expect(page.locator(".cta .button")).to_have_text("Follow us")
    expect(page.locator(".related .card")).to_have_count(3)


def test_a_reader_follows_the_author_link_and_then_a_tag(page: Page, site):
    page.goto(site.go(site.article.get_absolute_url()))
    page.locator(".article-header .byline-author").click()
    expect(page.locator("h1")).to_have_text("Tomás Lindqvist")
    expect(page.locator(".card-title a").first).to_be_visible()
    page.go_back()
    page.locator(".tags a", has_text="Typography").click()
    expect(page).to_have_url(site.go("/tags/typography/"))
    expect(page.locator("h1")).to_have_text("Typography")
    expect(page.get_by_role("link", name="Reading on small screens")).to_be_visible()


def test_a_reader_finds_an_article_with_the_search_box(page: Page, site):
    page.goto(site.go("/"))
    page.get_by_label("Search articles").fill("narrow column")
    page.get_by_label("Search articles").press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=narrow\+column$"))
    expect(page.locator("h1")).to_have_text("Results for “narrow column”")
    expect(page.locator(".card-title a")).to_have_text(["Reading on small screens"])
    page.get_by_label("Words to look for").fill("zeppelin")
    page.get_by_role("button", name="Search").last.click()
    expect(page.locator(".empty")).to_contain_text("Nothing matches “zeppelin”")


def test_a_reader_pages_through_the_list_and_back(page: Page, site):
    page.goto(site.go("/"))
    expect(page.locator(".pagination-status")).to_have_text("Page 1 of 2")
    first_page = page.locator(".feature-title a, .card-title a").all_inner_texts()
    page.get_by_role("link", name="Older articles").click()
    expect(page.locator(".pagination-status")).to_have_text("Page 2 of 2")
    second_page = page.locator(".card-title a").all_inner_texts()
    assert second_page and not set(first_page) & set(second_page)
    page.get_by_role("link", name="Newer articles").click()
    expect(page.locator(".pagination-status")).to_have_text("Page 1 of 2")


def loaded_image(page: Page, selector: str) -> dict:
    image = page.locator(selector).first
    image.scroll_into_view_if_needed()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    return image.evaluate(
        "(img) => ({src: img.src, currentSrc: img.currentSrc, naturalWidth: img.naturalWidth,"
        " loading: img.loading, fetchPriority: img.getAttribute('fetchpriority'),"
        " width: img.getAttribute('width'), height: img.getAttribute('height')})"
    )


@pytest.mark.parametrize(("viewport", "hero_width"), [(PHONE, "480"), (DESKTOP, "1600")])
def test_images_load_from_their_renditions_at_each_screen_size(page: Page, site, viewport, hero_width):
    page.set_viewport_size(viewport)
    page.goto(site.go(site.article.get_absolute_url()))
    hero = loaded_image(page, ".hero img")
    assert hero["naturalWidth"] > 0
    assert hero["currentSrc"] != hero["src"]
    assert RENDITION.search(hero["currentSrc"])
    assert hero["currentSrc"].endswith(f"-{hero_width}w.webp")
    assert (hero["fetchPriority"], hero["width"], hero["height"]) == ("high", "2000", "1125")
    body = loaded_image(page, ".prose img")
    assert body["naturalWidth"] > 0
    assert RENDITION.search(body["currentSrc"])
    assert (body["loading"], body["width"], body["height"]) == ("lazy", "1600", "900")
    avatar = loaded_image(page, ".author-box img")
    assert avatar["naturalWidth"] > 0


def test_the_pages_are_screenshotted_at_phone_and_desktop_sizes(page: Page, site):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = {
        "home": "/",
        "article": site.article.get_absolute_url(),
        "search": "/search/?q=reading",
        "not-found": "/articles/no-such-thing/",
    }
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        for name, path in pages.items():
            page.goto(site.go(path))
            for image in page.locator("img").all():
                image.scroll_into_view_if_needed()
            page.wait_for_function("() => [...document.images].every((img) => img.complete)")
            page.evaluate("window.scrollTo(0, 0)")
            # No sideways scrolling at any size.
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            target = SCREENSHOTS / f"{name}-{size}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 10_000
