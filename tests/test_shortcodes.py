"""Hugo's built-in shortcodes become Markdown or link cards that pass the sanitiser and the CSP."""

import time

import pytest

from articles.generator_tags import convert_template_tags
from articles.rendering import render_markdown


def test_youtube_becomes_a_link_card_without_a_frame_or_script():
    body, warnings = convert_template_tags("{{< youtube ZJthWmvUzzc >}}\n")
    html = render_markdown(body).html
    assert '<a class="embed-link" href="https://www.youtube.com/watch?v=ZJthWmvUzzc">' in html
    assert "<iframe" not in html and "<script" not in html
    assert warnings == []


def test_x_vimeo_instagram_and_gist_become_links_to_their_sites():
    body, _ = convert_template_tags(
        '{{< x user="someone" id="123" >}}\n{{< vimeo 4891 >}}\n{{< instagram BWNjjyYFxVx >}}\n{{< gist u 1a2b >}}\n'
    )
    for url in (
        "https://x.com/someone/status/123",
        "https://vimeo.com/4891",
        "instagram.com/p/BWNjjyYFxVx/",
        "https://gist.github.com/u/1a2b",
    ):
        assert url in body


def test_ref_resolves_through_link_for_and_param_reads_the_front_matter():
    body, _ = convert_template_tags(
        '[next]({{< ref "post/next.md" >}}) by {{< param owner >}}',
        link_for=lambda kind, target: "/articles/next/" if target == "post/next.md" else None,
        page={"params": {"owner": "Ana"}},
    )
    assert body == "[next](/articles/next/) by Ana"


def test_escaped_shortcodes_are_kept_as_text():
    body, warnings = convert_template_tags("{{</* youtube x */>}} and {{</* chart 1 */>}}")
    assert body == "{{< youtube x >}} and {{< chart 1 >}}"
    assert warnings == []


def test_a_sites_own_shortcodes_are_left_out_with_the_text_between_a_pair_kept_and_a_warning():
    body, warnings = convert_template_tags(
        '{{< chart 1 >}}\n\n{{< quote author="Ana" >}}\nWords worth keeping.\n{{< /quote >}}\n\n'
        "{{% sidenote %}}Mind the gap{{% /sidenote %}}"
    )
    assert body == "\n\n\nWords worth keeping.\n\n\nMind the gap"
    assert warnings == [
        "shortcode '{{< chart 1 >}}' is the site's own, which Folio cannot run: left out (the text between a pair "
        "is kept)",
        "shortcode '{{< quote author=\"Ana\" >}}' is the site's own, which Folio cannot run: left out (the text "
        "between a pair is kept)",
        "shortcode '{{% sidenote %}}' is the site's own, which Folio cannot run: left out (the text between a pair "
        "is kept)",
    ]


def test_a_built_in_shortcode_that_cannot_be_made_is_left_as_written_with_a_warning():
    body, warnings = convert_template_tags("{{< youtube >}}")
    assert body == "{{< youtube >}}"
    assert warnings == ["template tag '{{< youtube >}}' left as written"]


def test_hugo_highlight_keeps_its_line_options_for_the_highlighter():
    body, _ = convert_template_tags(
        '{{< highlight go "linenos=table,hl_lines=2 3-4" >}}\na\nb\nc\nd\n{{< /highlight >}}'
    )
    assert body.splitlines()[0] == '```go {linenos="table" hl_lines="2 3-4"}'
    html = render_markdown(body).html
    assert html.count('<span class="hll">') == 3
    assert '<span class="linenos">1</span>' in html


def test_audio_and_video_shortcodes_give_players_with_https_or_local_sources():
    body, _ = convert_template_tags('{{< video src="https://example.org/a.mp4" >}}\n\n{{< audio src="a.mp3" >}}')
    html = render_markdown(body).html
    assert '<video controls="" preload="metadata" src="https://example.org/a.mp4">' in html
    assert '<audio controls="" preload="metadata" src="a.mp3">' in html


def test_an_inline_shortcode_is_left_out_with_its_go_template():
    body, warnings = convert_template_tags(
        "Before.\n\n{{< math.inline >}}\n{{ if .Page.Params.math }}<link href=x>{{ end }}\n"
        "{{< /math.inline >}}\n\nAfter."
    )
    assert body == "Before.\n\n\n\nAfter."
    assert warnings == [
        "inline shortcode '{{< math.inline >}}' is a template only Hugo can run: left out with its template"
    ]


def test_many_unclosed_inline_shortcodes_are_each_left_out():
    body, warnings = convert_template_tags("{{< x.inline >}} text\n" * 20_000)
    assert "{{<" not in body
    assert len(warnings) == 1


def test_a_hugo_sites_text_in_double_braces_is_text_not_liquid():
    text = "Write {{ .Title }} in a layout, and {% raw %} means nothing here."
    assert convert_template_tags(text, liquid=False) == (text, [])


def test_hugos_details_shortcode_is_a_disclosure_around_its_markdown():
    body, warnings = convert_template_tags(
        '{{< details summary="See the *steps*" open=true >}}\n1. First\n2. Second\n{{< /details >}}'
    )
    assert warnings == []
    html = render_markdown(body).html
    assert html.startswith('<details open="">\n<summary>See the *steps*</summary>\n<ol>\n<li>First</li>')
    assert html.rstrip().endswith("</ol>\n</details>")


def test_hugos_qr_shortcode_of_an_address_becomes_a_link_to_it():
    body, _ = convert_template_tags('{{< qr text="https://example.org/menu" />}}')
    assert body == "[https://example.org/menu](https://example.org/menu)"


# --- Shortcodes many themes share ------------------------------------------------------------------------------------


def test_a_callout_becomes_an_admonition_of_its_kind_around_its_markdown():
    body, warnings = convert_template_tags(
        'Before.\n\n{{< callout type="warning" >}}\n  Back up *first*:\n\n  - the database\n{{< /callout >}}\n\nAfter.',
        liquid=False,
    )
    assert warnings == []
    assert render_markdown(body).html == (
        "<p>Before.</p>\n"
        '<aside class="admonition admonition-warning">\n'
        "<p>Back up <em>first</em>:</p>\n<ul>\n<li>the database</li>\n</ul>\n</aside>\n"
        "<p>After.</p>\n"
    )


@pytest.mark.parametrize(
    ("written", "heading"),
    [
        ("{{< callout >}}", '!!! tip ""'),
        ('{{< callout type="error" emoji="🔥" >}}', '!!! error "🔥"'),
        ("{{< notice warning >}}", "!!! warning"),
        ('{{% notice style="tip" title="Good to know" %}}', '!!! tip "Good to know"'),
        ('{{% alert title="Mind" color="danger" %}}', '!!! danger "Mind"'),
        ('{{% alert color="primary" %}}', '!!! note ""'),
        ("{{% hint info %}}", '!!! info ""'),
        ('{{< admonition type="example" title="Try it" open=false >}}', '??? example "Try it"'),
        ("{{< admonition something-else >}}", "!!! note"),
    ],
)
def test_theme_callouts_read_their_kind_and_title_as_their_theme_writes_them(written, heading):
    name = written.split()[1]
    closing = "{{% /" + name + " %}}" if written.startswith("{{%") else "{{< /" + name + " >}}"
    body, warnings = convert_template_tags(f"{written}\nText.\n{closing}\n", liquid=False)
    assert body == f"{heading}\n    Text.\n\n"
    assert warnings == []


def test_tabs_become_content_tabs_labelled_by_their_name_or_by_the_items_of_their_tabs():
    named = (
        "{{< tabs >}}\n"
        '  {{< tab name="Shell" >}}\n  ```sh\n  make  run\n  ```\n  {{< /tab >}}\n'
        '  {{< tab name="Notes" >}}Read **this**.{{< /tab >}}\n'
        "{{< /tabs >}}\n"
    )
    listed = (
        '{{< tabs items="Shell,Notes" >}}\n{{< tab >}}\n```sh\nmake  run\n```\n{{< /tab >}}\n'
        "{{< tab >}}Read **this**.{{< /tab >}}\n{{< /tabs >}}\n"
    )
    positional = (
        '{{< tabs "install" >}}\n{{% tab "Shell" %}}\n```sh\nmake  run\n```\n{{% /tab %}}\n'
        '{{% tab "Notes" %}}Read **this**.{{% /tab %}}\n{{< /tabs >}}\n'
    )
    for written in (named, listed, positional):
        body, warnings = convert_template_tags(written, liquid=False)
        assert warnings == []
        html = render_markdown(body).html
        assert html.count('<aside class="admonition admonition-tab">') == 2
        assert '<p class="admonition-title">Shell</p>\n<pre class="highlight"><code class="language-sh">' in html
        assert "make  run" in body
        assert '<p class="admonition-title">Notes</p>\n<p>Read <strong>this</strong>.</p>' in html


def test_a_tab_with_no_label_is_left_out_with_its_text_kept_and_a_warning():
    body, warnings = convert_template_tags(
        "{{< tabs >}}\n{{< tab >}}Some text.{{< /tab >}}\n{{< /tabs >}}", liquid=False
    )
    assert body == "\nSome text.\n"
    assert warnings == [
        "shortcode '{{< tab >}}' is the site's own, which Folio cannot run: left out (the text between a pair is kept)"
    ]


def test_a_callout_in_a_list_item_stays_in_the_item():
    body, _ = convert_template_tags(
        "1. Install it.\n\n   {{< callout type=info >}}\n   It takes a minute.\n   {{< /callout >}}\n2. Run it.\n",
        liquid=False,
    )
    html = render_markdown(body).html
    assert '<li>\n<p>Install it.</p>\n<aside class="admonition admonition-info">\n<p>It takes a minute.</p>' in html
    assert "<li>\n<p>Run it.</p>\n</li>" in html


def test_blank_lines_in_a_callout_do_not_end_it():
    body, _ = convert_template_tags("{{% hint %}}\nOne.\n\n\nTwo.\n{{% /hint %}}\n", liquid=False)
    assert render_markdown(body).html == (
        '<aside class="admonition admonition-note">\n<p>One.</p>\n<p>Two.</p>\n</aside>\n'
    )


@pytest.mark.parametrize(
    ("written", "opening"),
    [
        ('{{% details title="Why?" %}}', "<details>\n<summary>Why?</summary>"),
        ('{{% details title="Why?" closed="false" %}}', "<details open>\n<summary>Why?</summary>"),
        ('{{% details "Why?" open %}}', "<details open>\n<summary>Why?</summary>"),
    ],
)
def test_details_read_the_title_and_openness_of_the_themes_that_had_one_before_hugo(written, opening):
    body, warnings = convert_template_tags(f"{written}\nBecause.\n{{{{% /details %}}}}", liquid=False)
    assert body == f"{opening}\n\n\nBecause.\n\n\n</details>"
    assert warnings == []


def test_a_card_becomes_a_link_of_its_own_and_a_badge_its_text():
    body, warnings = convert_template_tags(
        '{{< cards >}}\n  {{< card link="../setup" title="Set up" subtitle="In *five* minutes" icon="cog" >}}\n'
        '  {{< card\n      link="https://example.org/"\n      title="Elsewhere"\n  >}}\n{{< /cards >}}\n\n'
        'New in {{< badge "v2" >}}, see {{< badge content="notes" link="/notes/" >}}.',
        liquid=False,
    )
    assert warnings == []
    assert body == (
        "\n  [Set up](../setup) — In *five* minutes\n\n  [Elsewhere](https://example.org/)\n\n\n\n"
        "New in v2, see [notes](/notes/)."
    )


def test_a_card_without_a_link_and_an_icon_are_still_left_out_with_a_warning():
    body, warnings = convert_template_tags('{{< card title="Lonely" >}} {{< icon "star" >}}', liquid=False)
    assert body == " "
    assert [warning.split("'")[1] for warning in warnings] == ['{{< card title="Lonely" >}}', '{{< icon "star" >}}']


def test_a_callout_never_closed_is_left_out_alone_and_the_text_after_it_kept():
    body, warnings = convert_template_tags(
        "{{< callout >}}\nOpened.\n\n{{< callout type=info >}}\nInner {{< tab >}} stray.\n{{< /callout >}}\n\n"
        "{{< /tabs >}}The rest.",
        liquid=False,
    )
    assert body == '\nOpened.\n\n!!! info ""\n    Inner  stray.\n\n\nThe rest.'
    assert warnings == [
        "shortcode '{{< tab >}}' has no closing '{{< /tab >}}': left out (the text after it is kept)",
        "shortcode '{{< callout >}}' has no closing '{{< /callout >}}': left out (the text after it is kept)",
    ]


def test_a_callout_written_in_code_stays_as_written():
    text = "Write `{{< callout >}}x{{< /callout >}}`, or:\n\n```\n{{< callout >}}\nx\n{{< /callout >}}\n```\n"
    assert convert_template_tags(text, liquid=False) == (text, [])


@pytest.mark.parametrize(
    "body",
    [
        "{{< tabs >}}\n" * 16_000,
        '{{< tab "a" >}}' * 14_000,
        "{{< callout >}}\n" * 6_000 + "text\n" + "{{< /callout >}}\n" * 6_000,
        "{{< tabs >}}{{< tab >}}" * 5_000 + "{{< /tabs >}}" * 5_000,
        "".join(f"{{{{< notice n{i} >}}}}\n" for i in range(10_000)),
    ],
    ids=["unclosed-tabs", "one-line-of-tabs", "nested-callouts", "crossed-pairs", "distinct-unclosed"],
)
def test_thousands_of_unclosed_or_nested_pairs_convert_in_well_under_a_second(body):
    assert len(body) > 150_000
    started = time.perf_counter()
    converted, _ = convert_template_tags(body, liquid=False)
    assert time.perf_counter() - started < 1
    assert "{{<" not in converted
