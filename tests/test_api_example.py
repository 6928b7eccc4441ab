"""docs/examples/api_static_copy.py builds a static copy of the site's articles from the API of a running server."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import make_article, make_tag

SCRIPT = Path(__file__).resolve().parent.parent / "docs" / "examples" / "api_static_copy.py"


@pytest.mark.django_db(transaction=True)
def test_the_example_builds_every_published_article_from_the_api_of_a_live_server(live_server, tmp_path):
    tag = make_tag(name="Harbours", slug="harbours")
    published = [make_article(title=f"Harbour story {n}", tags=[tag]) for n in range(3)]
    make_article(title="A draft nobody sees", status="draft", publish_date=None)
    out = tmp_path / "copy"
    result = subprocess.run(
        # Two a page, so that it follows the next links.
        [sys.executable, str(SCRIPT), live_server.url, str(out), "--page-size", "2"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("3 articles written")
    assert sorted(p.name for p in (out / "articles").iterdir()) == sorted(f"{a.slug}.html" for a in published)
    page = (out / "articles" / f"{published[0].slug}.html").read_text()
    assert "<h1>Harbour story 0</h1>" in page and published[0].body_html in page
    index = (out / "index.html").read_text()
    assert "Harbour story 2" in index and "draft" not in index
