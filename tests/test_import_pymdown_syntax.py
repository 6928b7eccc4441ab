"""pymdownx.tilde's subscripts, pymdownx.critic's CriticMarkup and pymdownx.progressbar's bars: read on import where
the MkDocs site's config turns them on, written as HTML every article reads, and left as written elsewhere; and
pymdownx.arithmatex's `\\(…\\)`, `\\[…\\]` and `\\begin{…}` formulas (and those a Hugo site's Goldmark passthrough
keeps), written between dollars as Folio's own."""

import pytest

from articles.models import Article
from articles.pymdown_syntax import PymdownSyntax, convert_pymdown_syntax, pymdown_syntax
from articles.rendering import render_markdown
from articles.site_finding import find_site
from tests.markdown_files import run_json, write
from tests.test_hostile_input import deadline
from tests.test_round_trip import export_and_reimport, snapshot

pytestmark = pytest.mark.usefixtures("media_root")

ALL_ON = PymdownSyntax(subscript=True, critic="view", progress_bars=True)
SITE_CONFIG = (
    "site_name: Lab notes\nmarkdown_extensions:\n  - pymdownx.tilde\n  - pymdownx.critic\n  - pymdownx.progressbar\n"
)
BODY = (
    "Water is H~2~O, ethanol CH~3~CH~2~OH; this~was\\ spaced~ and ~~this~~ struck.\n\n"
    "Review: {++ added ++}, {-- removed --}, {~~ before ~> after ~~}, {== checked ==}{>> by Ada <<}.\n\n"
    '[=75% "Three quarters"]\n'
)


def html(text: str, *, syntax: PymdownSyntax = ALL_ON) -> str:
    return render_markdown(convert_pymdown_syntax(text, syntax=syntax)).html


def imported(site, body: str, *, config: str = SITE_CONFIG) -> tuple[str, str]:
    write(site, "mkdocs.yml", config)
    write(site, "docs/notes.md", f"---\ntitle: Notes\nauthor: Ada Lovelace\ndate: 2024-03-01\n---\n{body}")
    code, report = run_json(site / "docs", "--root", site)
    assert code == 0, report
    article = Article.objects.get(slug="notes")
    return article.body, article.body_html


def test_single_tildes_around_text_without_spaces_make_a_subscript():
    assert html("CH~3~CH~2~OH") == "<p>CH<sub>3</sub>CH<sub>2</sub>OH</p>\n"


def test_an_escaped_space_is_a_space_in_the_subscript_and_markdown_inside_is_read():
    assert html("text~a\\ *sub*~") == "<p>text<sub>a <em>sub</em></sub></p>\n"


@pytest.mark.parametrize(
    "text",
    [
        "about ~5 km ~ from here",  # a space inside: no subscript
        "~~struck~~",  # strikethrough keeps its pairs
        "`H~2~O`",
        "[home](/~ada/~notes)",
        '<a href="/~ada/~notes">home</a>',
        "$a~b~c$",  # TeX's non-breaking spaces in a formula
        "$$\na~b~c\n$$",
        "the formula $x~i\nx~j~$ over two lines",
        "\\(a~b~c\\) and \\[x~y~z\\]",  # pymdownx.arithmatex's own delimiters
        "x~$a~b$",  # a tilde before a formula pairs with none inside it
        "```\nH~2~O\n```",
    ],
)
def test_tildes_that_make_no_subscript_stay_as_written(text):
    assert convert_pymdown_syntax(text, syntax=ALL_ON) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("H~2~O beside $a~b$", "H<sub>2</sub>O beside $a~b$"),
        ("x~$a~b$ and CO~2~", "x~$a~b$ and CO<sub>2</sub>"),
        # Dollars of prices open no formula (formulas.py reads them so), so the subscript between them is one.
        ("from US$5 to H~2~O at US$10", "from US$5 to H<sub>2</sub>O at US$10"),
        ("\\(a~b\\) then x~i~", "\\(a~b\\) then x<sub>i</sub>"),
    ],
)
def test_a_subscript_outside_a_formula_is_still_one(text, expected):
    assert convert_pymdown_syntax(text, syntax=ALL_ON) == expected


def test_critic_markup_shows_additions_deletions_substitutions_highlights_and_comments():
    assert html("{++ new ++} {-- old --} {~~ was ~> is ~~} {== this ==}{>> why? <<}") == (
        "<p><ins>new</ins> <del>old</del> <del>was</del><ins>is</ins> <mark>this</mark>"
        '<span class="critic-comment">why?</span></p>\n'
    )


def test_an_addition_over_paragraphs_marks_each_paragraph():
    assert html("{++\n\nOne.\n\nTwo *more*.\n\n++}") == "<p><ins>One.</ins></p>\n<p><ins>Two <em>more</em>.</ins></p>\n"


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("accept", "<p>add new mark</p>\n"), ("reject", "<p>gone old mark</p>\n")],
)
def test_critic_markups_accept_and_reject_modes_take_or_turn_down_the_changes(mode, expected):
    syntax = PymdownSyntax(critic=mode)
    assert html("{++add++}{--gone--} {~~old~>new~~} {==mark==}{>>note<<}", syntax=syntax) == expected


@pytest.mark.parametrize(
    "text",
    [
        "`{++ code ++}` and {++ never closed",
        "``a {-- b\nc --} d``",
        "```\n{++ added ++} {>> note <<}\n```",
        "    {~~ old ~> new ~~}",
        "- item\n\n    ```\n    {== marked ==}\n    ```",
        "!!! note\n\n    ~~~\n    {++ added ++}\n    ~~~",
    ],
)
def test_critic_markup_in_code_or_left_open_stays_as_written(text):
    assert convert_pymdown_syntax(text, syntax=ALL_ON) == text


@pytest.mark.parametrize(
    "text",
    [
        "<pre>{++ added ++} {-- deleted --}</pre>",
        "<pre><code>{~~ old ~> new ~~}\n\n{== marked ==}{>> note <<}\n</code></pre>",
        '<div>\n<pre class="shell">\n{++ added ++}\n</pre>\n</div>',
        "Type <CODE>{++ x ++}</CODE> to add x.",
        "<pre>\n{++ a pre left open ++}",
    ],
)
def test_critic_markup_in_a_hand_written_pre_or_code_element_stays_as_written(text):
    assert convert_pymdown_syntax(text, syntax=ALL_ON) == text


def test_a_hand_written_pre_shows_its_critic_markup_as_written():
    assert html("<pre>{++ added ++} {>> note <<}</pre>\n\n{++ added ++}") == (
        "<pre>{++ added ++} {&gt;&gt; note &lt;&lt;}</pre>\n<p><ins>added</ins></p>\n"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<code>{++a++}</code> and {++b++}", "<code>{++a++}</code> and <ins>b</ins>"),
        ("`<pre>` is a tag, {++b++} an addition", "`<pre>` is a tag, <ins>b</ins> an addition"),
        ("<precode>{++b++}</precode>", "<precode><ins>b</ins></precode>"),
        ("a <code> left open {++a++}\n\n{++b++}", "a <code> left open {++a++}\n\n<ins>b</ins>"),
    ],
)
def test_critic_markup_beside_a_hand_written_code_element_is_still_read(text, expected):
    assert convert_pymdown_syntax(text, syntax=ALL_ON) == expected


@pytest.mark.parametrize("tag", ["<code>", "<pre>", "<code>a</pre>", "<pre x"])
def test_a_page_of_code_tags_converts_in_good_time(tag):
    text = tag * 100_000 + "\n\n{-- x --}"
    with deadline(5):
        converted = convert_pymdown_syntax(text, syntax=ALL_ON)
    assert converted.startswith(tag * 1000)


@pytest.mark.parametrize("opening", ["{++ ", "{~~ a ", "~a ", "[=5% ", "`a ", "<a ", "$a ", "\\(a ", "a\\\\[b "])
def test_a_page_of_openings_that_never_close_converts_in_good_time(opening):
    text = opening * 100_000 + "{-- x --} ~y~ [=1%]"
    with deadline(5):
        converted = convert_pymdown_syntax(text, syntax=ALL_ON)
    assert converted.startswith(opening * 1000) and converted.endswith("</span>")


def test_a_progress_bar_is_a_progress_element_with_its_label():
    assert html('[=75% "Three quarters"]') == (
        '<p><span class="progress"><progress max="100" value="75" title="Three quarters"></progress>'
        " Three quarters</span></p>\n"
    )


def test_a_fraction_gives_the_bar_its_percentage_and_its_attribute_list_is_dropped():
    assert html("[=1/8]{: .thin}") == (
        '<p><span class="progress"><progress max="100" value="12.5" title="12.5%"></progress></span></p>\n'
    )


def test_a_bar_over_the_whole_is_full():
    assert 'value="100"' in html("[=7/4]")


def test_a_bars_label_is_text_not_html():
    assert '<progress max="100" value="5" title="&lt;b&gt;"></progress> &lt;b&gt;' in html('[=5% "<b>"]')


@pytest.mark.django_db
def test_a_site_that_turns_the_extensions_on_imports_them_as_html(site):
    _, body_html = imported(site, BODY)
    assert "H<sub>2</sub>O" in body_html
    assert "this<sub>was spaced</sub> and <s>this</s> struck" in body_html
    assert "<ins>added</ins>, <del>removed</del>, <del>before</del><ins>after</ins>, <mark>checked</mark>" in body_html
    assert '<span class="critic-comment">by Ada</span>' in body_html
    assert '<progress max="100" value="75" title="Three quarters"></progress>' in body_html


@pytest.mark.django_db
def test_a_formula_keeps_its_tildes_and_is_a_formula_where_subscripts_are_on(site):
    config = "site_name: Lab notes\nmarkdown_extensions:\n  - pymdownx.tilde\n  - pymdownx.arithmatex\n"
    body, body_html = imported(site, "Water is H~2~O, and $a~b~c$ spaces its letters.\n", config=config)
    assert "H~2~O" not in body and "$a~b~c$" in body
    assert "H<sub>2</sub>O" in body_html
    formula = body_html.split('<span class="math">')[1].split("</span>")[0]
    assert formula.startswith("<math") and formula.count("<mtext>&nbsp;</mtext>") == 2 and "<sub>" not in formula


@pytest.mark.django_db
def test_a_site_that_does_not_turn_them_on_keeps_tildes_braces_and_brackets_as_written(site):
    body, body_html = imported(site, BODY, config="site_name: Lab notes\nmarkdown_extensions:\n  - pymdownx.mark\n")
    assert body.strip() == BODY.strip()
    assert "H~2~O" in body_html and "{++ added ++}" in body_html and '[=75% "Three quarters"]' in body_html
    assert "<sub>" not in body_html and "<progress" not in body_html


@pytest.mark.django_db
def test_subscript_off_in_the_tilde_options_keeps_single_tildes(site):
    config = "site_name: Lab notes\nmarkdown_extensions:\n  - pymdownx.tilde:\n      subscript: false\n"
    _, body_html = imported(site, "H~2~O\n", config=config)
    assert body_html == "<p>H~2~O</p>\n"


@pytest.mark.django_db
def test_the_export_of_an_imported_page_reimports_to_the_same_html(site, tmp_path):
    imported(site, BODY)
    before = snapshot()

    after, report = export_and_reimport(tmp_path)

    assert report.summary["failed"] == 0, report.as_dict()
    assert after["notes"]["body_html"] == before["notes"]["body_html"]
    assert after == before


# pymdownx.arithmatex's formulas

FORMULAS_ON = PymdownSyntax(formulas=frozenset({"round", "square", "begin"}))
ARITHMATEX_CONFIG = "site_name: Lab notes\nmarkdown_extensions:\n  - pymdownx.arithmatex:\n      generic: true\n"
FORMULA_PAGE = (
    "The square \\(a^2\\) grows, and `\\(x\\)` is code.\n\n"
    "It costs $5 and $10 a month.\n\n"
    "\\[\n\\sum_{i=1}^{n} i\n  = \\frac{n(n+1)}{2}\n\\]\n\n"
    "```tex\n\\(y\\) in a fence\n```\n"
)


def formulas(text: str, *, syntax: PymdownSyntax = FORMULAS_ON) -> str:
    return convert_pymdown_syntax(text, syntax=syntax)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The square \\(a^2\\) grows.", "The square $a^2$ grows."),
        ("\\( x + y \\) and \\(z\\)", "$x + y$ and $z$"),  # spaces inside, which Folio's dollars do not take
        ("over \\(a +\nb\\) two lines", "over $a +\nb$ two lines"),
        ("\\(a\\\\)b\\)", "$a\\\\)b$"),  # TeX's `\\` inside closes nothing
        ("a \\\\\\(x\\) after a backslash", "a \\\\$x$ after a backslash"),
        ("- item\n\n    and \\(x\\) in it", "- item\n\n    and $x$ in it"),
        ("!!! note\n\n    Here \\(x\\) is.", "!!! note\n\n    Here $x$ is."),
        ("\\(a\\) is 5", "$a$ is 5"),
        ("a dollar sign \\(\\$5\\) in TeX", "a dollar sign $\\$5$ in TeX"),
        ("\\[\n\\sum_i i\n\\]", "$$\n\\sum_i i\n$$"),
        ("\\[ x^2 \\]", "$$ x^2 $$"),
        ("- item\n\n    \\[\n    x\n    \\]", "- item\n\n    $$\n    x\n    $$"),
        ("\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}", "$$\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}$$"),
    ],
)
def test_arithmatex_formulas_are_written_between_dollars(text, expected):
    assert formulas(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "`\\(x\\)` in code",
        "```\n\\(x\\)\n\\[y\\]\n```",
        "    \\(x\\) indented code",
        "an escaped \\\\(x\\) is a backslash and brackets",
        "It costs $5 and $10 a month.",
        "a \\[x\\] inside a paragraph is no displayed formula",
        "Text\n\\[x\\]",  # nor one without a blank line before it
        '<a title="\\(x\\)">x</a>',
        "$a \\(b\\) c$",  # inside a formula already
        "\\(\\) and \\( \\)",
        "\\(a$b\\)",  # a dollar of its own would end the formula
        "\\(x\n\n\\)",  # a formula stays in its paragraph
    ],
)
def test_what_arithmatex_does_not_read_as_a_formula_stays_as_written(text):
    assert formulas(text) == text


def test_a_formula_beside_a_digit_is_kept_apart_from_it():
    assert render_markdown(formulas("a 2\\(\\times\\)2 grid")).html.count("<math") == 1
    assert html("a 2\\(\\times\\)2 grid", syntax=FORMULAS_ON).startswith('<p>a 2<span class="math"><math')


def test_a_price_that_would_pair_with_a_formula_is_escaped_and_reads_as_before():
    text = "From $5 a head to\\(n\\) heads."
    converted = formulas(text)
    assert converted == "From \\$5 a head to$n$ heads."
    rendered = render_markdown(converted).html
    assert rendered.startswith('<p>From $5 a head to<span class="math"><math') and rendered.count("<math") == 1


def test_a_trailing_tex_space_stays_in_the_formula():
    assert formulas("\\( a\\ \\) b") == "${a\\ }$ b"


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ("      generic: true\n", {"round", "square", "begin"}),
        ("      inline_syntax: [dollar]\n", {"square", "begin"}),
        ("      block_syntax: [dollar, square]\n", {"round", "square"}),
        ("      enabled: false\n", set()),
    ],
)
def test_the_sites_arithmatex_options_choose_its_delimiters(site, options, expected):
    write(
        site,
        "mkdocs.yml",
        f"site_name: Lab\nmarkdown_extensions:\n  - pymdownx.arithmatex:\n{options}",
    )
    assert pymdown_syntax(find_site(site)).formulas == expected


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (  # Hugo's documentation's own passthrough settings
            "[markup.goldmark.extensions.passthrough]\nenable = true\n"
            "[markup.goldmark.extensions.passthrough.delimiters]\n"
            "block = [['\\[', '\\]'], ['$$', '$$']]\ninline = [['\\(', '\\)']]\n",
            {"round", "square"},
        ),
        (  # Hugo reads its settings in any case
            "[Markup.Goldmark.Extensions.Passthrough]\nEnable = true\n"
            "[Markup.Goldmark.Extensions.Passthrough.Delimiters]\ninline = [['\\(', '\\)'], ['$', '$']]\n",
            {"round"},
        ),
        (
            "[markup.goldmark.extensions.passthrough]\nenable = false\n"
            "[markup.goldmark.extensions.passthrough.delimiters]\ninline = [['\\(', '\\)']]\n",
            set(),
        ),
        ('title = "Lab"\n', set()),
    ],
)
def test_a_hugo_site_s_passthrough_delimiters_choose_its_formulas(site, config, expected):
    write(site, "hugo.toml", config)
    assert pymdown_syntax(find_site(site)).formulas == expected


@pytest.mark.django_db
def test_a_hugo_site_with_passthrough_imports_its_formulas_as_mathml(site):
    config = (
        "[markup.goldmark.extensions.passthrough]\nenable = true\n"
        "[markup.goldmark.extensions.passthrough.delimiters]\ninline = [['\\(', '\\)']]\n"
    )
    write(site, "hugo.toml", config)
    write(
        site,
        "content/posts/notes.md",
        "---\ntitle: Notes\nauthor: Ada\ndate: 2024-03-01\n---\nA square \\(a^2\\) grows.\n",
    )

    code, report = run_json(site / "content", "--root", site)

    assert code == 0, report
    assert '<span class="math"><math' in Article.objects.get(slug="notes").body_html


@pytest.mark.parametrize("opening", ["\\(a ", "\\(a\\) ", "\\[ ", "\\begin{a} ", "$\\(a\\) "])
def test_a_page_of_formula_openings_converts_in_good_time(opening):
    text = opening * 100_000
    with deadline(10):
        converted = formulas(text)
    assert len(converted) >= len(text) // 2


@pytest.mark.django_db
def test_a_site_with_arithmatex_imports_its_formulas_as_mathml(site):
    body, body_html = imported(site, FORMULA_PAGE, config=ARITHMATEX_CONFIG)
    assert "The square $a^2$ grows" in body and "$$\n\\sum_{i=1}^{n} i\n  = \\frac{n(n+1)}{2}\n$$" in body
    assert body_html.count('<span class="math"><math') == 1 and body_html.count('<div class="math">') == 1
    assert "<msup><mi>a</mi><mn>2</mn></msup>" in body_html and "<munderover><mo>∑</mo>" in body_html
    assert "<code>\\(x\\)</code> is code" in body_html
    assert "<p>It costs $5 and $10 a month.</p>" in body_html
    assert "```tex\n\\(y\\) in a fence\n```" in body and "language-tex" in body_html


@pytest.mark.django_db
def test_a_site_without_arithmatex_keeps_its_escaped_brackets(site):
    body, body_html = imported(
        site, FORMULA_PAGE, config="site_name: Lab notes\nmarkdown_extensions:\n  - pymdownx.mark\n"
    )
    assert body.strip() == FORMULA_PAGE.strip()
    assert "The square (a^2) grows" in body_html and "<math" not in body_html


@pytest.mark.django_db
def test_the_export_of_a_page_of_arithmatex_formulas_reimports_to_the_same_page(site, tmp_path):
    imported(site, FORMULA_PAGE, config=ARITHMATEX_CONFIG)
    before = snapshot()

    after, report = export_and_reimport(tmp_path)

    assert report.summary["failed"] == 0, report.as_dict()
    assert "<math" in after["notes"]["body_html"]
    assert after == before
