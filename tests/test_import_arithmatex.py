"""pymdownx.arithmatex's formulas in list items and quotes, its `$…$` as the site's `smart_dollar` reads them (or as
text, escaped, where its syntax leaves dollars out), InlineHilite's `#!math` and SuperFences' math fences: written on
import as Folio's own formulas, shown as MathML like any other."""

import pytest

from articles.pymdown_syntax import PymdownSyntax, convert_pymdown_syntax, pymdown_syntax
from articles.rendering import render_markdown
from articles.site_finding import find_site
from tests.markdown_files import write
from tests.test_hostile_input import deadline
from tests.test_import_pymdown_syntax import imported
from tests.test_round_trip import export_and_reimport, snapshot

pytestmark = pytest.mark.usefixtures("media_root")

DELIMITERS = frozenset({"round", "square", "begin"})
SMART = PymdownSyntax(formulas=DELIMITERS, smart_dollar=True)
ANY_DOLLARS = PymdownSyntax(formulas=DELIMITERS, smart_dollar=False)
MATH_CODE = PymdownSyntax(math_code=frozenset({"math"}))


def converted(text: str, syntax: PymdownSyntax = SMART) -> str:
    return convert_pymdown_syntax(text, syntax=syntax)


def formulas_shown(text: str, syntax: PymdownSyntax = SMART) -> int:
    return render_markdown(converted(text, syntax)).html.count("<math")


# Displayed formulas in list items and quotes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. \\[x^2\\]", "1. $$x^2$$"),
        ("- first\n- \\[x\\]\n- third", "- first\n- $$x$$\n- third"),
        ("- \\[\n  x^2\n  \\]", "- $$\n  x^2\n  $$"),
        ("* \\begin{align}a &= b\\end{align}", "* $$\\begin{align}a &= b\\end{align}$$"),
        ("> \\[\n> x\n> \\]", "> $$\n> x\n> $$"),
        ("> - \\[x\\]", "> - $$x$$"),
        ("- \\[x\\]\n\n    \\[y\\]", "- $$x$$\n\n    $$y$$"),
    ],
)
def test_a_displayed_formula_opening_a_list_item_or_a_quote_is_written_between_double_dollars(text, expected):
    assert converted(text) == expected


def test_a_displayed_formula_in_a_list_item_is_shown_displayed_inside_the_item():
    html = render_markdown(converted("- first\n- \\[x^2\\]\n- third")).html
    assert html.startswith('<ul>\n<li>first</li>\n<li>\n<div class="math">\n<math ')
    assert "<msup><mi>x</mi><mn>2</mn></msup>" in html and html.count("<li>") == 3


@pytest.mark.parametrize(
    "text",
    [
        "- item\n    \\[x\\]",  # a line of the item's paragraph, not a block of its own
        "1. \\[x^2\\] and more",
        "- \\[x$y\\]",  # a dollar of its own would end the formula
        "- `\\[x\\]`",
    ],
)
def test_a_list_item_whose_block_is_not_a_displayed_formula_stays_as_written(text):
    assert converted(text) == text


# `$…$` as smart_dollar reads it


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ("      generic: true\n", True),
        ("      smart_dollar: false\n", False),
        ("      inline_syntax: [round]\n      smart_dollar: false\n", None),
    ],
)
def test_the_sites_smart_dollar_option_is_read_where_arithmatex_reads_dollars(site, options, expected):
    write(site, "mkdocs.yml", f"site_name: Lab\nmarkdown_extensions:\n  - pymdownx.arithmatex:\n{options}")
    assert pymdown_syntax(find_site(site)).smart_dollar is expected


def test_a_site_without_arithmatex_reads_no_dollars_of_its_own(site):
    write(site, "mkdocs.yml", "site_name: Lab\nmarkdown_extensions:\n  - pymdownx.mark\n")
    assert pymdown_syntax(find_site(site)).smart_dollar is None


@pytest.mark.parametrize(
    ("text", "expected", "shown"),
    [
        # smart_dollar looks at spaces only: a formula beside a digit is one, kept apart from the digit for Folio.
        ("rows 2$n$ and $m$2", "rows 2<!-- -->$n$ and $m$<!-- -->2", 2),
        ("from $5/$6", "from $5/$<!-- -->6", 1),
        # A `$` before a space opens nothing, one after a space closes nothing: prices stay text.
        ("It costs $5 and $10 a month.", "It costs $5 and $10 a month.", 0),
        ("a $ x $ b", "a $ x $ b", 0),
        ("$x$ and \\$y$", "$x$ and \\$y$", 1),
    ],
)
def test_with_smart_dollar_a_formula_between_dollars_opens_before_no_space_and_closes_after_none(text, expected, shown):
    assert converted(text) == expected
    assert formulas_shown(text) == shown


@pytest.mark.parametrize(
    ("text", "expected", "shown"),
    [
        ("a $ x $ b", "a $x$ b", 1),
        ("I have $2.00 and Bob has $10.00.", "I have $2.00 and Bob has$<!-- -->10.00.", 1),
        ("$x$ and $ y$", "$x$ and $y$", 2),
        ("`$ code $` and $ x $", "`$ code $` and $x$", 1),
    ],
)
def test_without_smart_dollar_any_dollars_not_escaped_make_a_formula(text, expected, shown):
    assert converted(text, ANY_DOLLARS) == expected
    assert formulas_shown(text, ANY_DOLLARS) == shown


def test_with_smart_dollar_dollars_folio_reads_as_the_site_did_stay_as_written():
    text = "Both $x^2$ and $\\frac{a}{b}$ read alike, and so do $5 and $10.\n\n$$\ny\n$$\n"
    assert converted(text) == text
    assert (
        converted(text, ANY_DOLLARS)
        == "Both $x^2$ and $\\frac{a}{b}$ read alike, and so do $5 and$<!-- -->10.\n\n$$\ny\n$$\n"
    )


# InlineHilite's `#!math` (and the languages SuperFences' custom fences give math)

INLINEHILITE = (
    "site_name: Lab\nmarkdown_extensions:\n  - pymdownx.inlinehilite:\n      custom_inline:\n"
    "        - name: {name}\n          class: {css_class}\n"
    "          format: !!python/name:pymdownx.arithmatex.arithmatex_inline_format\n"
)
SUPERFENCES = (
    "site_name: Lab\nmarkdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n"
    "        - name: {name}\n          class: {css_class}\n"
    "          format: !!python/name:pymdownx.arithmatex.arithmatex_fenced_format {{kwds: {{mode: generic}}}}\n"
)


@pytest.mark.parametrize(("config", "read"), [(INLINEHILITE, "math_code"), (SUPERFENCES, "math_fences")])
@pytest.mark.parametrize(
    ("name", "css_class", "expected"),
    [
        ("math", "arithmatex", {"math"}),
        ("tex", "arithmatex", {"tex"}),
        ("math", "maths", {"math"}),
        ("ipa", "ipa", set()),
    ],
)
def test_the_languages_inlinehilite_and_superfences_give_arithmatex_are_read_from_their_custom_entries(
    site, config, read, name, css_class, expected
):
    write(site, "mkdocs.yml", config.format(name=name, css_class=css_class))
    assert getattr(pymdown_syntax(find_site(site)), read) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("So `#!math p(x|y) = \\frac{a}{b}` holds.", "So $p(x|y) = \\frac{a}{b}$ holds."),
        ("`:::math x^2` and ``#!math a`b``", "$x^2$ and $a`b$"),
        ("`#!math x`2 rows", "$x$<!-- -->2 rows"),
    ],
)
def test_math_code_is_written_as_a_formula_between_dollars(text, expected):
    assert converted(text, MATH_CODE) == expected
    assert formulas_shown(text, MATH_CODE) == expected.count("$") // 2


@pytest.mark.parametrize(
    "text",
    [
        "` #!math x` (a space before the shebang makes it code)",
        "`#!py x = 1`",
        "`#!math a$b`",
        "```\n`#!math x`\n```",
        "\\`#!math x`",
    ],
)
def test_code_that_inlinehilite_does_not_read_as_math_stays_code(text):
    assert converted(text, MATH_CODE) == text


def test_math_code_stays_code_where_the_site_gives_inlinehilite_no_math():
    assert converted("`#!math x`", SMART) == "`#!math x`"


@pytest.mark.parametrize(
    "body",
    ["$ " * 100_000, "2$a$" * 50_000, "`#!math " * 50_000, "`#!math a` " * 50_000, "- \\[x\\]\n" * 20_000],
    ids=["lone-dollars", "formulas-beside-digits", "open-math-code", "math-code", "list-of-formulas"],
)
def test_a_page_of_formulas_or_their_openings_converts_in_good_time(body):
    syntax = PymdownSyntax(formulas=DELIMITERS, smart_dollar=False, math_code=frozenset({"math"}))
    with deadline(10):
        convert_pymdown_syntax(body, syntax=syntax)


# A site's page, imported

SITE_CONFIG = (
    "site_name: Lab notes\nmarkdown_extensions:\n  - pymdownx.arithmatex:\n      generic: true\n"
    "      smart_dollar: false\n" + INLINEHILITE.format(name="math", css_class="arithmatex").split("\n", 2)[2]
)
PAGE = (
    "Steps:\n\n1. Square it:\n\n    \\[x^2\\]\n\n2. \\[\n   y^2\n   \\]\n\n"
    "The value $ z $ and `#!math \\alpha` in a line, `#!py x = 1` as code.\n\n"
    "> \\begin{align}a &= b\\end{align}\n"
)


@pytest.mark.django_db
def test_a_sites_formulas_in_lists_quotes_dollars_and_math_code_import_as_mathml(site):
    body, body_html = imported(site, PAGE, config=SITE_CONFIG)

    assert "    $$x^2$$" in body and "2. $$\n   y^2\n   $$" in body and "> $$\\begin{align}" in body
    assert "The value $z$ and $\\alpha$ in a line, `#!py x = 1` as code." in body
    assert body_html.count('<div class="math">') == 3 and body_html.count('<span class="math">') == 2
    assert "<mi>α</mi>" in body_html and "<code>#!py x = 1</code>" in body_html


# SuperFences' math fences

FENCES = PymdownSyntax(math_fences=frozenset({"math"}))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Area:\n\n```math\n\\pi r^2\n```\n\nThen.", "Area:\n\n$$\n\\pi r^2\n$$\n\nThen."),
        ("~~~math {.wide}\na\n~~~~", "$$\na\n$$"),
        ("- item\n\n    ```math\n    a+b\n    ```", "- item\n\n    $$\n    a+b\n    $$"),
        ("> ```math\n> y\n> ```", "> $$\n> y\n> $$"),
        # SuperFences' attribute form: the first class is the language.
        ("```{.math}\n\\pi r^2\n```", "$$\n\\pi r^2\n$$"),
        ("``` { .math .wide }\na\n```", "$$\na\n$$"),
    ],
)
def test_a_fence_in_a_math_language_is_written_as_a_displayed_formula(text, expected):
    assert converted(text, FENCES) == expected
    assert formulas_shown(text, FENCES) == 1


@pytest.mark.parametrize(
    "text",
    [
        "```python\nx = 1\n```",
        "````markdown\n```math\nx\n```\n````",  # a math fence shown as code
        "```math\n```",
        "```math\nx^2",  # never closed: code to the page's end
        "```{.python .math}\nx = 1\n```",  # a class after the language's
    ],
)
def test_a_fence_that_is_not_a_closed_math_fence_stays_code(text):
    assert converted(text, FENCES) == text


def test_a_math_fence_stays_code_where_the_site_gives_superfences_no_math():
    assert converted("```math\nx\n```", SMART) == "```math\nx\n```"


# Dollars that arithmatex reads as text

INLINE_TEXT_DOLLARS = PymdownSyntax(formulas=frozenset({"round", "square"}), dollars_as_text=frozenset({"inline"}))
ALL_TEXT_DOLLARS = PymdownSyntax(formulas=frozenset({"round"}), dollars_as_text=frozenset({"inline", "block"}))
BLOCK_TEXT_DOLLARS = PymdownSyntax(
    formulas=frozenset({"round"}), smart_dollar=True, dollars_as_text=frozenset({"block"})
)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ("      generic: true\n", set()),
        ("      inline_syntax: [round]\n", {"inline"}),
        ("      block_syntax: [square]\n", {"block"}),
        ("      inline_syntax: [round]\n      block_syntax: [square, begin]\n", {"inline", "block"}),
    ],
)
def test_the_dollars_arithmatex_leaves_as_text_are_read_from_its_syntax_lists(site, options, expected):
    write(site, "mkdocs.yml", f"site_name: Lab\nmarkdown_extensions:\n  - pymdownx.arithmatex:\n{options}")
    assert pymdown_syntax(find_site(site)).dollars_as_text == expected


@pytest.mark.parametrize(
    ("text", "syntax", "expected", "shown"),
    [
        ("Pay $a$ or \\(b\\).", INLINE_TEXT_DOLLARS, "Pay \\$a\\$ or $b$.", 1),
        ("Pay $a$.\n\n$$\ny\n$$", INLINE_TEXT_DOLLARS, "Pay \\$a\\$.\n\n$$\ny\n$$", 1),
        ("$$\ny\n$$ and $a$", ALL_TEXT_DOLLARS, "\\$\\$\ny\n\\$\\$ and \\$a\\$", 0),
        ("See `$a$` and [it](/p$a$).", INLINE_TEXT_DOLLARS, "See `$a$` and [it](/p$a$).", 0),
        ("$$\ny\n$$\n\nand $a$", BLOCK_TEXT_DOLLARS, "\\$\\$\ny\n\\$\\$\n\nand $a$", 1),
        ("It costs $5 and $10.", INLINE_TEXT_DOLLARS, "It costs $5 and $10.", 0),
    ],
)
def test_dollars_the_site_reads_as_text_are_escaped_where_folio_would_read_a_formula(text, syntax, expected, shown):
    assert converted(text, syntax) == expected
    assert formulas_shown(text, syntax) == shown


def test_escaped_dollars_are_shown_as_written():
    html = render_markdown(converted("Pay $a$ now.", INLINE_TEXT_DOLLARS)).html
    assert html == "<p>Pay $a$ now.</p>\n"


# Math fences and text dollars, on a site's page

FENCE_SITE_CONFIG = (
    "site_name: Lab notes\nmarkdown_extensions:\n  - pymdownx.arithmatex:\n      generic: true\n"
    "      inline_syntax: [round]\n" + SUPERFENCES.format(name="math", css_class="arithmatex").split("\n", 2)[2]
)
FENCE_PAGE = "Swap $a$ for \\(b\\):\n\n```math\n\\frac{a}{b}\n```\n\n```python\nx = 1\n```\n"


@pytest.mark.django_db
def test_a_sites_math_fences_and_text_dollars_import_as_its_pages_showed_them(site):
    body, body_html = imported(site, FENCE_PAGE, config=FENCE_SITE_CONFIG)

    assert body.startswith("Swap \\$a\\$ for $b$:\n\n$$\n\\frac{a}{b}\n$$\n\n```python\nx = 1\n```")
    assert "<p>Swap $a$ for <span" in body_html and body_html.count('<div class="math">') == 1
    assert "<mfrac>" in body_html and body_html.count('<code class="language-python">') == 1


@pytest.mark.django_db
def test_a_math_fence_in_superfences_attribute_form_imports_as_a_displayed_formula(site):
    body, body_html = imported(site, "Area:\n\n```{.math}\n\\pi r^2\n```\n", config=FENCE_SITE_CONFIG)

    assert body.startswith("Area:\n\n$$\n\\pi r^2\n$$")
    assert body_html.count('<div class="math">') == 1 and "<code" not in body_html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "config"),
    [(PAGE, SITE_CONFIG), (FENCE_PAGE, FENCE_SITE_CONFIG)],
    ids=["formulas", "fences-and-text-dollars"],
)
def test_the_export_of_the_imported_formulas_reimports_to_the_same_page(site, tmp_path, page, config):
    imported(site, page, config=config)
    before = snapshot()

    after, report = export_and_reimport(tmp_path)

    assert report.summary["failed"] == 0, report.as_dict()
    assert after == before


@pytest.mark.parametrize(
    "body",
    ["```math\nx\n```\n\n" * 20_000, "```math\n" * 50_000, "$a$ " * 50_000],
    ids=["math-fences", "open-math-fences", "text-dollars"],
)
def test_a_page_of_math_fences_or_text_dollars_converts_in_good_time(body):
    syntax = PymdownSyntax(
        formulas=frozenset({"round"}), math_fences=frozenset({"math"}), dollars_as_text=frozenset({"inline"})
    )
    with deadline(10):
        convert_pymdown_syntax(body, syntax=syntax)
