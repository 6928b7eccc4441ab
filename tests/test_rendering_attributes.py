"""Attribute lists (`{#id .class}`, kramdown's `{: …}`): applied where a page can use them, never shown as text."""

import pytest

from articles.rendering import render_markdown


def html_of(text: str) -> str:
    return render_markdown(text).html


@pytest.mark.parametrize(
    "heading",
    [
        "## Release notes {#v2}",
        '## Release notes { id="v2" }',
        "## Release notes {: #v2 }",
        "## Release notes {#v2 .b}",
    ],
)
def test_a_list_at_the_end_of_a_heading_names_its_anchor_and_leaves_its_text(heading):
    rendered = render_markdown(f"{heading}\n\nText.")

    assert '<h2 id="v2">Release notes</h2>' in rendered.html
    assert [(entry.id, entry.text) for entry in rendered.toc] == [("v2", "Release notes")]


def test_a_heading_s_anchor_may_hold_dots_so_links_to_a_version_keep_working():
    html = html_of('### 4.2.1 <small>May 2026</small> { id="4.2.1" }')

    assert '<h3 id="4.2.1">4.2.1 <small>May 2026</small></h3>' in html


def test_a_list_after_an_image_gives_its_size_and_is_not_shown():
    html = html_of("![A harbour](/media/harbour.png){ width=300 align=left }")

    assert 'width="300"' in html
    assert "{" not in html and "align" not in html


@pytest.mark.parametrize("text", ["[Start here](/start/){ .md-button }", "[Start here](/start/){: .button }"])
def test_a_list_after_a_link_is_not_shown_and_the_link_stays(text):
    assert html_of(text) == '<p><a href="/start/">Start here</a></p>\n'


def test_kramdown_s_list_under_a_paragraph_belongs_to_it_and_is_not_shown():
    assert html_of("A lead paragraph.\n{: .lead }\n\nThe rest.") == "<p>A lead paragraph.</p>\n<p>The rest.</p>\n"


def test_a_list_on_the_line_beside_a_heading_keeps_it_out_of_the_contents():
    rendered = render_markdown("{: .no_toc }\n## On this page\n\n## First part\n\n## Second part\n{: .no_toc }\n")

    assert [entry.text for entry in rendered.toc] == ["First part"]
    assert "{" not in rendered.html
    assert '<h2 id="on-this-page">On this page</h2>' in rendered.html


def test_kramdown_s_marker_for_where_the_contents_go_is_left_to_the_page_s_own_contents():
    html = html_of("## Contents\n\n1. TOC\n{:toc}\n\n## Planning\n\nText.")

    assert "TOC" not in html and "<ol>" not in html
    assert '<h2 id="planning">Planning</h2>' in html


def test_a_label_for_the_contents_names_the_heading_there():
    rendered = render_markdown('## A long heading about configuration { data-toc-label="Configuration" }')

    assert [entry.text for entry in rendered.toc] == ["Configuration"]
    assert "data-toc-label" not in rendered.html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[Read on](https://example.org/){target=“_blank”}", '<a href="https://example.org/">Read on</a>'),
        ("![A pier](/media/pier.png){ width=“240” }", 'width="240"'),
        ("## Opening hours {: id=‘hours’ }", '<h2 id="hours">Opening hours</h2>'),
        ("[The map](/map/){ title='Where we are' }", '<a href="/map/" title="Where we are">The map</a>'),
    ],
)
def test_a_list_whose_values_are_in_single_or_curled_quotes_is_applied_as_with_double_quotes_and_not_shown(
    text, expected
):
    html = html_of(text)

    assert expected in html
    assert "{" not in html and "“" not in html and "‘" not in html and "'" not in html


@pytest.mark.parametrize(
    "text",
    [
        "Sets are written {a, b} and maps {like: this}.",
        "A word in {curly} braces.",
        "## Sets {a, b}",
        "## Why {braces}",
        "[a link](/x/){% raw %}",
        "{{ page.title }}",
        "{: not a list",
    ],
)
def test_braces_that_are_not_an_attribute_list_stay_text(text):
    html = html_of(text)

    assert text.split("{", 1)[1].split("}", 1)[0] in html


def test_code_keeps_braces_that_look_like_a_list():
    html = html_of("Write `## Notes {#notes}` for an anchor.\n\n```md\nA lead.\n{: .lead }\n```")

    assert "<code>## Notes {#notes}</code>" in html
    assert "{: .lead }" in html


def test_handlers_and_styles_given_in_a_list_are_removed_by_the_sanitiser():
    html = html_of('![x](/x.png){ onclick="alert(1)" style="color: red" }\n\n## T { onmouseover="alert(1)" }')

    assert "onclick" not in html and "onmouseover" not in html and "style" not in html
    assert "alert" not in html


def test_an_mkdocs_material_icon_and_its_list_are_left_out_and_code_keeps_them():
    html = html_of(':material-check:{ style="color: teal" } Supported, :octicons-heart-16: and `:material-check:`')

    assert html == "<p> Supported,  and <code>:material-check:</code></p>\n"


@pytest.mark.parametrize(
    "text, expected",
    [
        ('**Update**{ title="21 August" }: the text.', '<p><strong title="21 August">Update</strong>: the text.</p>\n'),
        ("The *Contents*{:.text-delta} heading.", "<p>The <em>Contents</em> heading.</p>\n"),
        ("<span>New</span>{: .label } in 2.0", "<p><span>New</span> in 2.0</p>\n"),
        ("*a*{curly} and **b** {#x} stay", "<p><em>a</em>{curly} and <strong>b</strong> {#x} stay</p>\n"),
    ],
)
def test_a_list_right_after_emphasis_or_a_closing_tag_is_applied_or_dropped_never_shown(text, expected):
    assert html_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "![A harbour](/media/harbour.png){:.circle.shadow}",
        "| Rounded |\n| --- |\n| ![A harbour](/media/harbour.png){:.border.rounded} |",
        "## Tides {:#tides.lead}",
        "![A harbour](/media/harbour.png){: .circle.shadow :}",
    ],
)
def test_kramdown_s_names_run_together_or_closed_by_a_colon_are_one_list_never_shown(text):
    html = html_of(text)

    assert "{" not in html and "circle" not in html and "rounded}" not in html
    assert '<h2 id="tides">Tides</h2>' in html if text.startswith("##") else '<img src="/media/harbour.png"' in html
