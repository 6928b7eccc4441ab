"""Math written in TeX between dollars is stored as MathML, laid out by the browser; money stays prose."""

import pytest

from articles.rendering import render_markdown


def html_of(text: str) -> str:
    return render_markdown(text).html


def test_math_in_a_line_becomes_inline_mathml():
    html = html_of(r"Euler wrote $e^{i\pi} + 1 = 0$ once.")

    assert '<span class="math"><math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in html
    assert "<msup><mi>e</mi><mrow><mi>i</mi><mi>π</mi></mrow></msup>" in html
    assert "$" not in html


def test_math_on_lines_of_its_own_becomes_a_displayed_formula():
    html = html_of("Its area:\n\n$$\n\\frac{1}{2} b h\n$$\n\nand so on.")

    assert '<div class="math">' in html
    assert 'display="block"' in html
    assert "<mfrac><mrow><mn>1</mn></mrow><mrow><mn>2</mn></mrow></mfrac>" in html


def test_double_dollars_inside_a_paragraph_display_the_formula_within_the_paragraph():
    html = html_of(r"So $$x^2$$ holds, and [$$\alpha$$](https://example.org/alpha) is linked.")

    assert html.startswith('<p>So <span class="math"><math xmlns="http://www.w3.org/1998/Math/MathML" display="block">')
    assert html.count("<p>") == 1
    assert html.rstrip().endswith("</math></span></a> is linked.</p>")


@pytest.mark.parametrize(
    "text",
    [
        "It costs $5 and $10 a month.",
        "Between $ 3 and 4 $ a head.",
        "Set `$PATH` and `$HOME` first.",
        "```sh\n$ echo $HOME$\n```",
        r"An escaped \$x\$ is money, not math.",
    ],
)
def test_dollars_that_open_no_formula_stay_as_written(text):
    html = html_of(text)

    assert "<math" not in html
    assert "$" in html


def test_aligned_rows_are_a_table_of_rows_aligned_at_their_ampersands():
    html = html_of("$$\n\\begin{aligned}\nx &= a + b \\\\\ny &= c\n\\end{aligned}\n$$\n")

    assert html.count("<mtr>") == 2
    assert '<mtd columnalign="right"><mi>x</mi></mtd>' in html
    assert "&amp;" not in html and "<mi>&" not in html


def test_a_formula_the_converter_cannot_read_is_shown_as_its_tex():
    # An unclosed environment makes the converter fail: the writer and the reader still see what was written.
    html = html_of(r"See $\begin{matrix} a$ here.")

    assert "<math" not in html
    assert r'<code class="language-latex">\begin{matrix} a</code>' in html


def test_mathml_written_as_html_keeps_its_layout_and_loses_what_could_run_or_link():
    html = html_of(
        '<math><maction actiontype="statusline"><mi>x</mi></maction>'
        '<annotation-xml encoding="text/html"><img src=x onerror=alert(1)></annotation-xml>'
        '<mi href="javascript:alert(1)" onclick="alert(1)">y</mi><mo stretchy="false">=</mo></math>'
    )

    assert '<math><mi>x</mi><mi>y</mi><mo stretchy="false">=</mo></math>' in html
    for lost in ("maction", "annotation", "<img", "onerror", "href", "onclick", "javascript"):
        assert lost not in html


@pytest.mark.parametrize("text", ["$x$ is 5", "$a^2$ costs $5"])
def test_a_formula_opening_a_paragraph_that_ends_in_a_digit_is_a_formula(text):
    html = html_of(text)

    assert html.count("<math") == 1
    assert "5</p>" in html
