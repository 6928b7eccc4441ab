"""`markdown="1"` on an HTML block: its lines are read as Markdown, as kramdown and Python-Markdown read them."""

import pytest

from articles import markdown_in_html
from articles.rendering import TooDeeplyNested, check_nesting, render_markdown


def html_of(text: str) -> str:
    return render_markdown(text).html


@pytest.mark.parametrize("marker", ['markdown="1"', "markdown='block'", "markdown"])
def test_lines_right_under_a_block_marked_markdown_are_read_as_markdown(marker):
    html = html_of(f'<div class="example" {marker}>\nA *styled* line and a [link](/x/).\n</div>\n\nAfter.')

    assert html == ('<div>\n<p>A <em>styled</em> line and a <a href="/x/">link</a>.</p>\n</div>\n<p>After.</p>\n')


def test_kramdown_s_lists_between_lines_inside_such_a_block_make_paragraphs_and_are_not_shown():
    html = html_of('<div markdown="1">\nSmall print\n{: .fs-1 }\nLarge print\n{: .fs-9 }\n</div>')

    assert html == "<div>\n<p>Small print</p>\n<p>Large print</p>\n</div>\n"


def test_an_html_block_without_the_marker_stays_raw_html():
    assert html_of("<div>\n*as written*\n</div>") == "<div>\n*as written*\n</div>"


def test_a_marked_block_shown_as_code_stays_code():
    html = html_of('```\n<div markdown="1">\n*x*\n</div>\n```')

    assert "<em>" not in html
    assert "*x*" in html


def test_text_nested_too_deeply_inside_a_marked_block_is_refused_before_saving():
    with pytest.raises(TooDeeplyNested):
        check_nesting('<div markdown="1">\n' + "> " * 30 + "deep\n</div>")


def test_what_follows_the_closing_tag_before_a_blank_line_is_markdown_too():
    html = html_of('<div markdown="1">\nShown *here*.\n</div>\n```\nA [link](/x/)\n```')

    assert html.startswith("<div>\n<p>Shown <em>here</em>.</p>\n</div>\n<pre")
    assert "A [link](/x/)" in html and "```" not in html


def test_a_closing_tag_after_a_blank_line_inside_the_block_still_lets_markdown_follow_it():
    html = html_of('<div markdown="1">\nOne.\n\nTwo *words*.\n</div>\n```\nAn [example](/x/)\n```\n\nAfter.')

    assert html == (
        "<div>\n<p>One.</p>\n<p>Two <em>words</em>.</p>\n</div>\n"
        "<pre><code>An [example](/x/)\n</code></pre>\n<p>After.</p>\n"
    )


def test_a_closing_tag_of_an_unmarked_block_leaves_the_html_after_it_raw():
    html = html_of("Text.\n</div>\n*raw*")

    assert "*raw*" in html and "<em>" not in html


def test_marked_blocks_inside_an_unmarked_grid_are_each_read_as_markdown():
    html = html_of(
        '<div class="grid">\n<div class="cell" markdown="1">\n*One*\n</div>\n'
        '<div class="cell" markdown="1">\n**Two**{:.lead}\n</div>\n</div>\n\nAfter.'
    )

    assert html == (
        "<div>\n<div>\n<p><em>One</em></p>\n</div>\n<div>\n<p><strong>Two</strong></p>\n</div>\n</div>\n<p>After.</p>\n"
    )


def test_reading_marked_blocks_again_stops_at_a_budget_so_a_hostile_page_costs_no_square(monkeypatch):
    cells = '<div class="cell" markdown="1">\n*cell*\n</div>\n' * 50
    page = f'<div class="grid">\n{cells}</div>'
    assert html_of(page).count("<em>cell</em>") == 50

    monkeypatch.setattr(markdown_in_html, "REREAD_FLOOR", 0)
    read = html_of(page).count("<em>cell</em>")

    assert 0 < read < 50  # four times the page's length is spent, then the rest stays as written


def test_a_bare_markdown_attribute_inside_an_unmarked_block_leaves_its_html_as_written():
    # MkDocs' way: Python-Markdown reads no marked block inside a raw one, and the indented HTML is not code.
    text = (
        '<div>\n<figure markdown>\n    <img src="/a.png" alt="">\n    <figcaption>A caption</figcaption>\n'
        "</figure>\n</div>"
    )

    html = html_of(text)

    assert "<pre>" not in html and '<img src="/a.png" alt="">' in html


def test_a_block_marked_markdown_span_reads_its_lines_as_text_of_the_element_not_a_paragraph():
    html = html_of('<figure markdown="span">\n  ![A harbour](/media/harbour.png){ width="500" }\n</figure>\n\nAfter.')

    assert html.startswith('<figure>\n<img src="/media/harbour.png" alt="A harbour" width="500"')
    assert "<p>" not in html.split("</figure>")[0] and "{" not in html


def test_an_image_alone_right_inside_a_figure_marked_markdown_is_its_picture_not_a_figure_of_its_own():
    html = html_of("<figure markdown>\n  ![A harbour](/media/harbour.png)\n  <figcaption>Boats</figcaption>\n</figure>")

    assert html.startswith('<figure>\n<img src="/media/harbour.png" alt="A harbour"')
    assert html.count("<figure") == 1 and "<p>" not in html
    assert html_of("<div markdown>\n![A harbour](/media/harbour.png)\n</div>").startswith("<div>\n<figure><img")
