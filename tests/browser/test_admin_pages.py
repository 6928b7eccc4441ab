"""The admin's dashboard and article list in a real browser: readable at both sizes, with no axe violation."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS
from tests.browser.test_accessibility import violations
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def articles(db):
    now = timezone.now()
    make_article(title="A draft about harbours", status="draft", publish_date=None)
    make_article(title="Waiting for an editor", status="review", publish_date=None)
    make_article(title="Out next week", publish_date=now + timedelta(days=7))
    return [
        make_article(title=f"A published piece, number {n}", publish_date=now - timedelta(days=n)) for n in range(1, 4)
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_dashboard_and_article_list_have_no_accessibility_violations(admin_page, articles, viewport, scheme):
    page = admin_page(viewport)
    page.emulate_media(color_scheme=scheme)
    found = {}
    # Django drills its date links down to a month's days when every article falls in one month, so the month's
    # view is visited by name: the result must not hang on the date the suite runs.
    month = articles[0].publish_date
    pages = {
        "dashboard": "/admin/",
        "article list": "/admin/articles/article/",
        "one month": f"/admin/articles/article/?publish_date__year={month.year}&publish_date__month={month.month}",
    }
    for name, path in pages.items():
        page.goto(path)
        if problems := violations(page):
            found[name] = problems
    assert found == {}


def test_the_dashboard_lists_what_waits_and_links_to_it(admin_page, articles):
    page = admin_page(DESKTOP)
    page.goto("/admin/")

    expect(page.locator("#site-name")).to_have_text("Folio")
    expect(page.get_by_role("region", name="Waiting for review")).to_contain_text("Waiting for an editor")
    expect(page.get_by_role("region", name="Scheduled")).to_contain_text("Out next week")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "admin-dashboard-desktop.png", full_page=True)
    page.get_by_role("link", name="A published piece, number 1").click()
    expect(page.locator("#id_title")).to_have_value("A published piece, number 1")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_article_list_shows_every_column_without_scrolling_sideways(admin_page, articles, viewport):
    page = admin_page(viewport)
    page.goto("/admin/articles/article/")

    expect(page.get_by_role("link", name="View").first).to_be_visible()
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"admin-articles-{'phone' if viewport == PHONE else 'desktop'}.png")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_article_list_never_breaks_a_state_or_a_link_inside_its_word(admin_page, articles, viewport):
    page = admin_page(viewport)
    page.goto("/admin/articles/article/")
    expect(page.get_by_role("link", name="View").first).to_be_visible()

    lines = page.evaluate(
        """() => [...document.querySelectorAll('#result_list td.field-status_label, #result_list td.field-site_link')]
            .map(cell => {
                const range = document.createRange();
                range.selectNodeContents(cell);
                const tops = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
                return [cell.textContent.trim(), tops.size];
            })"""
    )

    assert len(lines) == 12  # six articles, two cells each
    assert [text for text, count in lines if count != 1] == []
