"""pymdownx.blocks' `/// name | argument` … `///` blocks: notes, details, tabs, captions and wrappers."""

import pytest

from articles.rendering import render_markdown


def html_of(text: str) -> str:
    return render_markdown(text).html


def note(kind: str, title: str, body: str, *, tag: str = "aside", heading: str = "p", opened: str = "") -> str:
    return (
        f'<{tag} class="admonition admonition-{kind}"{opened}>\n<{heading} class="admonition-title">{title}'
        f"</{heading}>\n{body}</{tag}>\n"
    )


@pytest.mark.parametrize(
    ("source", "kind", "title"),
    [
        ("/// note | Before you start\nRead *this*.\n///\n", "note", "Before you start"),
        ("/// warning\nRead *this*.\n///\n", "warning", "Warning"),
        ("/// admonition | Mind the gap\n    type: danger\n\nRead *this*.\n///\n", "danger", "Mind the gap"),
        ("/// new | New in 2.0\nRead *this*.\n///\n", "new", "New in 2.0"),  # a kind a site names for itself
    ],
)
def test_a_block_is_a_note_of_its_kind_titled_by_its_argument_or_its_kind(source, kind, title):
    assert html_of(source) == note(kind, title, "<p>Read <em>this</em>.</p>\n")


def test_a_details_block_is_a_collapsible_note_open_when_its_option_says_so():
    assert html_of("/// details | More\nHidden.\n///\n") == note(
        "note", "More", "<p>Hidden.</p>\n", tag="details", heading="summary"
    )
    assert html_of("/// details-tip | More\n    open: true\n\nShown.\n///\n") == note(
        "tip", "More", "<p>Shown.</p>\n", tag="details", heading="summary", opened=' open=""'
    )


def test_tab_blocks_are_shown_in_turn_under_their_labels_and_their_options_are_not_shown():
    html = html_of("/// tab | pip\nInstall it.\n///\n\n/// tab | uv\n    new: true\n\nAdd it.\n///\n")
    assert html == note("tab", "pip", "<p>Install it.</p>\n") + note("tab", "uv", "<p>Add it.</p>\n")


def test_a_tab_block_without_a_label_is_titled_tab():
    assert html_of("/// tab\nInstall it.\n///\n") == note("tab", "Tab", "<p>Install it.</p>\n")


def test_an_outer_block_with_more_slashes_holds_the_blocks_inside_it():
    html = html_of("//// tab | Output\n/// note | Inside\nDeep.\n///\n////\n")
    assert html == note("tab", "Output", note("note", "Inside", "<p>Deep.</p>\n"))


def test_an_html_block_keeps_its_markdown_and_drops_the_theme_s_wrapper():
    assert html_of("/// html | div.result\n==Marked== text.\n///\n") == "<p><mark>Marked</mark> text.</p>\n"


@pytest.mark.parametrize(
    ("above", "shown"),
    [
        ("| a |\n|---|\n| 1 |\n", "<table>"),
        ("```\nx = 1\n```\n", "<pre><code>x = 1"),
        ("![A lake](lake.png)\n", '<img src="lake.png" alt="A lake"'),
    ],
)
def test_a_caption_block_makes_the_block_above_it_a_figure_with_that_caption(above, shown):
    html = html_of(f"{above}\n/// caption\nThe *first* one.\n///\n")
    assert html.startswith(f"<figure>\n{shown}")
    assert html.endswith("<figcaption>\n<p>The <em>first</em> one.</p>\n</figcaption>\n</figure>\n")
    assert html.count("<figure") == 1


def test_a_caption_with_nothing_above_it_keeps_its_text():
    assert html_of("/// caption\nAlone.\n///\n") == "<p>Alone.</p>\n"


@pytest.mark.parametrize("text", ["/// A comment in prose\n", "```\n/// note\nin code\n///\n```\n", "///\n"])
def test_slashes_that_open_no_block_stay_as_written(text):
    assert "admonition" not in html_of(text)
    assert "///" in html_of(text)
