"""The content API's docs page (Swagger UI, from the installed package's static files) under Folio's CSP."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_docs_page_draws_every_endpoint_and_breaks_no_csp_rule(browser, live_server):
    make_article(slug="on-the-docs-page")
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)  # the CSP is not bypassed
    context.add_init_script(
        "window.violations = [];"
        " document.addEventListener('securitypolicyviolation', e => window.violations.push(e.violatedDirective));"
    )
    page = context.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    try:
        page.goto("/api/v1/docs")
        # Each path is listed again under "refused", with the 405 any other method gets: the GETs are the content.
        reads = page.locator(".opblock-get")
        expect(reads.get_by_text("/api/v1/articles/{slug}/", exact=True)).to_be_visible()
        expect(reads.get_by_text("/api/v1/tags/", exact=True)).to_be_visible()
        expect(page.locator(".opblock-post").get_by_text("/api/v1/tags/", exact=True)).to_be_visible()
        # Try it out: the page's own request to the API is allowed too (connect-src 'self').
        reads.get_by_text("/api/v1/authors/", exact=True).click()
        page.get_by_role("button", name="Try it out").click()
        page.get_by_role("button", name="Execute").click()
        expect(page.locator(".live-responses-table tbody .response-col_status").first).to_contain_text("200")
        assert page.evaluate("() => window.violations") == []
        assert [text for text in messages if "Content Security Policy" in text] == []
    finally:
        context.close()
