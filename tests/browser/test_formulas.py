import pytest
from playwright.sync_api import Page

from tests.browser.conftest import PHONE
from tests.factories import make_article

WIDE = " + ".join(f"x_{{{n}}}^{{{n}}}" for n in range(40))


@pytest.mark.parametrize(
    "body",
    [f"Block math:\n$$\n{WIDE}\n$$\n", f"$$\n{WIDE}\n$$\n"],
    ids=["in a paragraph", "a paragraph of its own"],
)
def test_a_wide_displayed_formula_scrolls_within_the_text_not_the_page(page: Page, live_server, body):
    article = make_article(body=body)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + article.get_absolute_url())
    page.locator(".prose math").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
