"""Hostile Markdown and metadata, opened in a real browser: no script may run, no dialog may open."""

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import PHONE
from tests.factories import make_article, make_author, make_call_to_action, make_tag

# Each payload, if it ever ran, would set window.pwned or open a dialog.
SET = "window.pwned=1;alert(1)"
HOSTILE_BODY = f"""Opening words.

<script>{SET}</script>

<img src="x" onerror="{SET}">

<svg onload="{SET}"><circle r="4"/></svg>

<iframe srcdoc="<script>parent.pwned=1</script>"></iframe>

<details open ontoggle="{SET}"><summary>More</summary>Hidden</details>

<a href="javascript:{SET}">a script link</a> and [a Markdown one](javascript:window.pwned=1) and
[an encoded one](jav&#x09;ascript:window.pwned=1) and <a href="data:text/html,<script>alert(1)</script>">data</a>.

![x" onerror="{SET}](/missing.png "t\\" onmouseover=\\"{SET}")

<math><mtext><table><mglyph><style><img src=x onerror="{SET}"></style></mglyph></table></mtext></math>

<noscript><p title="</noscript><img src=x onerror={SET}>"></noscript>

<form action="javascript:{SET}"><button>Send</button></form>

<div style="background:url(javascript:window.pwned=1)" onmouseover="{SET}">hover me</div>
"""
HOSTILE_TEXT = f'"><img src=x onerror="{SET}"></script><script>{SET}</script>'


@pytest.fixture
def hostile_site(live_server):
    author = make_author(name=HOSTILE_TEXT, slug="mallory", bio=HOSTILE_BODY)
    tag = make_tag(name=HOSTILE_TEXT, slug="hostile")
    make_call_to_action(
        text=HOSTILE_TEXT, button_label=HOSTILE_TEXT[:80], button_url="https://example.com/", is_default=True
    )
    article = make_article(
        title=HOSTILE_TEXT,
        subtitle=HOSTILE_TEXT,
        description=HOSTILE_TEXT,
        hero_image_url='https://images.invalid/x.jpg?"onerror=alert(1)',
        hero_image_alt=HOSTILE_TEXT,
        body=HOSTILE_BODY,
        author=author,
        tags=[tag],
        language='en"><script>',
    )
    return live_server.url, article, author, tag


def test_hostile_markdown_and_metadata_never_run_script(page: Page, hostile_site):
    url, article, author, tag = hostile_site
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    paths = [
        article.get_absolute_url(),
        "/",
        author.get_absolute_url(),
        tag.get_absolute_url(),
        "/search/?q=" + HOSTILE_TEXT.replace("#", ""),
    ]
    for path in paths:
        page.goto(url + path)
        page.wait_for_load_state("load")
        for element in page.locator(".prose a, .prose img, .prose div, .prose button, h1").all():
            if element.is_visible():
                element.hover()
        for details in page.locator("details").all():
            details.evaluate("(d) => { d.open = !d.open; }")
        page.wait_for_timeout(100)
        assert page.evaluate("typeof window.pwned") == "undefined", path
        assert dialogs == [], path
        assert page.locator("script:not([type='application/ld+json'])").count() == 0, path
        for link in page.locator(".prose a").all():
            href = link.get_attribute("href") or ""
            assert not href.lower().replace("\t", "").startswith(("javascript:", "data:")), path


def test_quotes_nested_as_deep_as_an_article_may_hold_stay_within_a_phones_screen(page: Page, live_server):
    # 19 quotes, the deepest nesting saving accepts (README: Limits); lists indent less, 9 at most.
    article = make_article(body="\n".join(">" * level + f" quote {level}" for level in range(1, 20)))
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + article.get_absolute_url())
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
