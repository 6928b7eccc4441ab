"""kramdown's `$$…$$`: a formula in its line when written inside a paragraph of other text, displayed only as a
paragraph of its own; read so on import from a Jekyll site, and left to Folio's own reading elsewhere."""

import pytest

from articles.kramdown_formulas import kramdown_formulas
from articles.models import Article
from articles.rendering import render_markdown
from tests.markdown_files import run_json, write

pytestmark = pytest.mark.usefixtures("media_root")

POST = (
    "---\ntitle: Waves\nauthor: W\n---\n"
    "A crest follows $$ y = \\sin(kx) $$ closely,\nand [$$\\lambda$$](https://example.org/wavelength) names it.\n\n"
    "$$ E = h \\nu $$\n\n"
    "Written as code: `$$ a $$`.\n\n"
    "```tex\nSee $$ b $$ here.\n```\n"
)


def test_double_dollars_inside_a_line_become_a_formula_in_the_line():
    converted = kramdown_formulas(POST)

    assert "A crest follows $y = \\sin(kx)$ closely," in converted
    assert "[$\\lambda$](https://example.org/wavelength)" in converted
    assert "\n\n$$ E = h \\nu $$\n\n" in converted  # a paragraph of its own stays displayed
    assert "`$$ a $$`" in converted
    assert "See $$ b $$ here." in converted


def test_a_formula_in_a_line_between_digits_is_kept_apart_from_them():
    html = render_markdown(kramdown_formulas("Between 5$$x$$2 and more.\n")).html

    assert html.count('display="inline"') == 1
    assert html.startswith("<p>Between 5<span")
    assert "</span>2 and more.</p>" in html


@pytest.mark.django_db
def test_a_jekyll_post_shows_double_dollars_inside_a_line_as_a_formula_in_the_line(site):
    write(site, "_config.yml", "title: Physics\n")
    write(site, "_posts/2023-02-03-waves.md", POST)

    code, report = run_json(site)

    assert code == 0, report
    html = Article.objects.get().body_html
    assert html.count('display="inline"') == 2
    assert html.count('display="block"') == 1


@pytest.mark.django_db
def test_double_dollars_inside_a_line_stay_displayed_outside_a_jekyll_site(site):
    write(site, "hugo.toml", 'title = "Physics"\n')
    write(site, "content/waves.md", POST)

    code, report = run_json(site / "content", "--root", site)

    assert code == 0, report
    assert Article.objects.get().body_html.count('display="block"') == 3
