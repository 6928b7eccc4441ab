"""axe-core, run in Chromium on each kind of reader page, in light and dark colour schemes."""

import os
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Page

from articles.pymdown_syntax import PymdownSyntax, convert_pymdown_syntax
from tests.browser.conftest import SCREENSHOTS
from tests.factories import make_article

# The copy bundled with the pinned axe-playwright-python package, so no extra install is needed.
AXE_JS = Path(os.environ.get("AXE_CORE_JS") or Path(axe_playwright_python.__file__).with_name("axe.min.js"))
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def violations(page: Page) -> list[tuple]:
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", RULES)
    assert result["passes"], "axe did not run"
    return [(v["id"], v["impact"], [node["target"] for node in v["nodes"]][:3]) for v in result["violations"]]


def reader_pages(site) -> dict[str, str]:
    return {
        "home": "/",
        "home, page 2": "/?page=2",
        "article": site.article.get_absolute_url(),
        "author": site.author.get_absolute_url(),
        "tag": site.tag.get_absolute_url(),
        "authors": "/authors/",
        "topics": "/tags/",
        "search": "/search/?q=reading",
        "search, no results": "/search/?q=zeppelin",
        "not found": "/articles/no-such-thing/",
    }


# Dark mode changes only colours: its check covers one page of each layout.
@pytest.mark.parametrize(
    ("scheme", "names"),
    [("light", None), ("dark", ("home", "article", "search"))],
)
def test_reader_pages_have_no_accessibility_violations(page: Page, site, scheme, names):
    page.emulate_media(color_scheme=scheme)
    paths = {name: path for name, path in reader_pages(site).items() if names is None or name in names}
    found = {}
    for name, path in paths.items():
        page.goto(site.go(path))
        if problems := violations(page):
            found[name] = problems
    assert found == {}


# What an import writes for pymdownx's subscripts, CriticMarkup and progress bars (articles/pymdown_syntax.py).
PYMDOWN_BODY = (
    "Water is H~2~O.\n\n"
    "Review: {++ added ++}, {-- removed --}, {~~ before ~> after ~~}, {== checked ==}{>> a note by Ada <<}.\n\n"
    '[=30% "Drafted"]\n[=3/4 "Edited"]\n[=100%]\n'
)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_subscripts_critic_markup_and_progress_bars_have_no_accessibility_violations(page: Page, live_server, scheme):
    body = convert_pymdown_syntax(PYMDOWN_BODY, syntax=PymdownSyntax(subscript=True, critic="view", progress_bars=True))
    article = make_article(title="Marked up", body=body)
    page.emulate_media(color_scheme=scheme)
    page.goto(live_server.url + article.get_absolute_url())
    assert page.locator(".prose progress").count() == 3
    assert page.locator(".prose .critic-comment").is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"pymdown-marks-{scheme}.png"), full_page=True)
    assert violations(page) == []


# What technical articles hold: a task list, and code, a table and a formula wider than a phone's column.
WIDE_BODY = (
    "- [ ] Draft the outline\n- [x] Check the [sources](/about/)\n\n"
    "```python\nprint('" + "a long line of code " * 8 + "')\n```\n\n"
    "| " + " | ".join(f"Column {i}" for i in range(12)) + " |\n|" + "---|" * 12 + "\n"
    "| " + " | ".join(f"cell {i}" for i in range(12)) + " |\n\n"
    "$$ " + " + ".join(f"a_{{{i}}}" for i in range(30)) + " $$\n"
)


def test_task_lists_and_code_tables_and_formulas_wider_than_a_phone_have_no_accessibility_violations(
    page: Page, live_server
):
    article = make_article(title="Checklists and wide blocks", body=WIDE_BODY)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + article.get_absolute_url())
    scrolling = page.locator(".prose pre, .prose table, .prose div.math")
    assert scrolling.count() == 3
    for index in range(3):  # each wider than the column, so that it scrolls and a keyboard must reach it
        assert scrolling.nth(index).evaluate("(block) => block.scrollWidth > block.clientWidth")
    assert violations(page) == []
