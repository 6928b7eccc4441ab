"""`==mark==`, `^^ins^^` and `++keys++`, as MkDocs Material's sites (pymdownx) and Obsidian's notes write them."""

import pytest

from articles.rendering import render_markdown


def html(text: str) -> str:
    return render_markdown(text).html


def test_double_equals_highlight_text_and_may_hold_other_marks():
    assert html("A ==vital **and** bold== point.") == "<p>A <mark>vital <strong>and</strong> bold</mark> point.</p>\n"


def test_double_carets_mark_inserted_text():
    assert html("Now ^^added^^ here.") == "<p>Now <ins>added</ins> here.</p>\n"


@pytest.mark.parametrize(
    "text",
    [
        "if a == b then c ^^ d",  # spaced: neither opens nor closes, as with ~~
        "`==code==` and `++ctrl++`",
        "==never closed",
        "C++ and C++ beat i++j++",  # no key is named where a word runs into the pluses
        "++foo+bar++",  # words that name no key
    ],
)
def test_text_that_only_looks_like_a_mark_stays_as_written(text):
    assert "<mark>" not in html(text) and "<ins>" not in html(text) and "<kbd>" not in html(text)


def test_an_odd_run_keeps_its_extra_marker_outside_the_mark():
    assert html("===three===") == "<p>=<mark>three</mark>=</p>\n"


def test_keys_become_kbd_elements_joined_by_plus_signs():
    assert html("Press ++ctrl+alt+del++.") == "<p>Press <kbd>Ctrl</kbd>+<kbd>Alt</kbd>+<kbd>Del</kbd>.</p>\n"


@pytest.mark.parametrize(
    ("keys", "labels"),
    [
        ("++cmd+k++", ["Cmd", "K"]),
        ("++f12++", ["F12"]),
        ("++page-up++", ["Page Up"]),
        ("++arrow-left++", ["←"]),
        ("++media-play-pause++", ["Media Play Pause"]),
        ('++ctrl+"My <Key>"++', ["Ctrl", "My &lt;Key&gt;"]),
    ],
)
def test_key_names_are_shown_as_a_keyboard_labels_them(keys, labels):
    assert html(keys) == "<p>" + "+".join(f"<kbd>{label}</kbd>" for label in labels) + "</p>\n"


def test_a_mark_in_a_heading_keeps_the_heading_text_for_its_anchor():
    rendered = render_markdown("## A ==marked== step")
    assert rendered.html == '<h2 id="a-marked-step">A <mark>marked</mark> step</h2>\n'
    assert [entry.text for entry in rendered.toc] == ["A marked step"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2^10^ bytes", "2<sup>10</sup> bytes"),
        ("the 1^st^ and ^^new^^", "the 1<sup>st</sup> and <ins>new</ins>"),
        ("x^2 + y^2", "x^2 + y^2"),
        ("`2^10^`", "<code>2^10^</code>"),
    ],
)
def test_a_run_between_single_carets_with_no_space_is_a_superscript(text, expected):
    assert html(text) == f"<p>{expected}</p>\n"
