"""Real-browser tests: pytest-playwright driving the system's Chromium against Django's live_server.

Playwright's own browser downloads are never used. Without Chromium these tests are skipped, saying why.
"""

import io
import os
import re
import shutil
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from articles.images import store_image
from articles.models import Article, Author, Tag
from tests.factories import make_article, make_author, make_call_to_action, make_tag

# live_server's database setup runs while Playwright's event loop is alive; Django would refuse it otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
BROWSER_DIR = Path(__file__).parent
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Every wait is on readiness (an element, a message, a response); this is only how long one may take before the
# test fails, long enough for a shared machine under load, where Playwright's 5 s default fails good tests.
WAIT_MS = 30_000
expect.set_options(timeout=WAIT_MS)


def pytest_collection_modifyitems(config, items):
    in_browser = [item for item in items if BROWSER_DIR in Path(str(item.fspath)).parents]
    # Last: once Playwright's event loop runs, Django keeps database connections per asyncio context, and a
    # connection opened by a later test would outlive the test database's teardown.
    others = [item for item in items if BROWSER_DIR not in Path(str(item.fspath)).parents]
    items[:] = others + in_browser
    if os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(
        reason=f"browser tests need Chromium at {CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)"
    )
    for item in in_browser:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    }


@pytest.fixture(scope="session")
def browser(browser):
    yield browser
    # While Playwright's event loop runs, Django keeps main-thread connections per async context; close them
    # before the loop stops, or PostgreSQL cannot drop the test database at the end of the run.
    from django.db import connections

    connections.close_all()


@pytest.fixture
def context(context):
    context.set_default_timeout(WAIT_MS)
    return context


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The site's Content-Security-Policy would block the injected axe script.
    return {**browser_context_args, "bypass_csp": True, "viewport": DESKTOP}


@pytest.fixture(autouse=True)
def site_url(live_server, settings):
    """Canonical links, feeds and share links point at the server the browser reads, as SITE_URL does in production."""
    settings.SITE_URL = live_server.url
    return live_server.url


def picture_bytes(color: str, size=(2000, 1125)) -> bytes:
    image = Image.new("RGB", size, color)
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 125):
        draw.line([(x, 0), (x + size[1], size[1])], fill="white", width=18)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


@dataclass
class Site:
    url: str
    article: Article
    author: Author
    tag: Tag
    others: list[Article]

    def go(self, path: str) -> str:
        return self.url + path


LONG_BODY = """The first paragraph sets the scene for a reader who arrived from a search result.

## Why the measure matters

A comfortable line holds between sixty and seventy-five characters, so the eye returns without effort.

![A patterned field in steel blue]({image} "The column, drawn as a field")

## What a phone changes

On a narrow screen the margins shrink before the type does. *Rhythm* matters more than size. A line of
width $w$ set in characters of width $c$ holds

$$
n = \\frac{{w}}{{c}}
$$

characters, so a phone's column holds fewer.

> A page is read in a queue, on a train, in the last ten minutes before sleep.

## What stays the same

| Screen | Width |
|:-------|------:|
| Phone | 390 px |
| Desktop | 1280 px |

The end of the piece, and a [link to the home page](/).
"""


@pytest.fixture
def site(live_server, settings) -> Site:
    """A small publication: one full article with images, a translation, and enough others for two pages."""
    settings.ARTICLES_PER_PAGE = 4
    hero = store_image(picture_bytes("steelblue"))
    inline = store_image(picture_bytes("darkslategray", size=(1600, 900)))
    avatar = store_image(picture_bytes("sienna", size=(200, 200)), folder="avatars")
    author = make_author(name="Tomás Lindqvist", slug="tomas", bio="Writes about *reading* on screens.", avatar=avatar)
    tag = make_tag(name="Typography", slug="typography")
    make_call_to_action(
        text="Enjoyed this? Follow us for weekly notes.",
        button_label="Follow us",
        button_url="https://example.com/follow",
        is_default=True,
    )
    now = timezone.now()
    others = [
        make_article(
            title=f"Reading note {i}",
            author=make_author() if i % 2 else author,
            tags=[tag] if i < 3 else [make_tag()],
            hero_image=hero if i % 3 == 0 else "",
            hero_image_alt=f"Cover of note {i}",
            publish_date=now - timedelta(days=i + 2),
        )
        for i in range(6)
    ]
    article = make_article(
        title="Reading on small screens",
        slug="reading-on-small-screens",
        subtitle="What a narrow column teaches us about long-form writing",
        description="Line length, type size and rhythm on phones.",
        author=author,
        tags=[tag, make_tag(name="Design", slug="design")],
        hero_image=hero,
        hero_image_alt="Diagonal white lines across a steel blue field",
        body=LONG_BODY.format(image=default_storage.url(inline)),
        publish_date=now - timedelta(days=1),
    )
    translation = make_article(
        title="Lire sur petit écran",
        slug="lire-sur-petit-ecran",
        language="fr",
        author=author,
        tags=[tag],
        publish_date=now - timedelta(days=1, hours=1),
    )
    article.translations.add(translation)
    return Site(url=live_server.url, article=article, author=author, tag=tag, others=others)


@pytest.fixture
def new_context(browser, live_server):
    """Browser contexts on the live server (each another device), signed in as the user given; closed after the test.

    Folio's CSP stays on unless bypassed; bypassing it lets axe be injected.
    """
    from django.test import Client

    contexts = []

    def open_context(user=None, *, viewport=DESKTOP, bypass_csp=True):
        context = browser.new_context(base_url=live_server.url, viewport=viewport, bypass_csp=bypass_csp)
        context.set_default_timeout(WAIT_MS)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
            context.add_cookies([cookie])
        contexts.append(context)
        return context

    yield open_context
    # Closing here ends the browser's keep-alive connections while the test database still exists; offline
    # first, so that a page closed with unsaved text sends nothing to the server after the test.
    for context in contexts:
        context.set_offline(True)
        context.close()


@pytest.fixture
def admin_page(new_context):
    """A page signed in to the admin as an editor (or the user given), at a window size."""
    from tests.factories import make_staff_user

    opened = []

    def open_page(viewport, user=None):
        user = user or make_staff_user(f"edna{len(opened)}", role="Editors")
        opened.append(user)
        return new_context(user, viewport=viewport).new_page()

    return open_page


# The body is edited in a CodeMirror editor (EasyMDE, static/admin/js/folio-body-editor.js) shown in place of the
# textarea #id_body, which the editor keeps in step and the form posts. CodeMirror's wrapper element carries its
# editor as `.CodeMirror`, CodeMirror's own API.
BODY_EDITOR = ".field-body .CodeMirror"


def write_body(page, text: str) -> None:
    """Replace the article body with `text` in the editor, as a paste over everything would."""
    page.locator(BODY_EDITOR).evaluate("(element, text) => element.CodeMirror.setValue(text)", text)


def expect_body(page, text) -> None:
    """The article body becomes `text` (a string, or a compiled pattern it matches), both as the form will post
    it and as the editor shows it."""
    from playwright.sync_api import expect

    expect(page.locator("#id_body")).to_have_value(text)
    shown = page.locator(BODY_EDITOR)
    if isinstance(text, re.Pattern):
        assert text.search(shown.evaluate("element => element.CodeMirror.getValue()"))
    else:
        page.wait_for_function(
            "([element, text]) => element.CodeMirror.getValue() === text", arg=[shown.element_handle(), text]
        )


def body_editor(page):
    """Where a writer types the body: the element keyboard shortcuts go to."""
    return page.locator(f"{BODY_EDITOR} [contenteditable=true], {BODY_EDITOR} textarea")
