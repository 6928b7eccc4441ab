"""Hugo's built-in shortcodes become Markdown or link cards that pass the sanitiser and the CSP."""

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
        "{{% notice %}}Mind the gap{{% /notice %}}"
    )
    assert body == "\n\n\nWords worth keeping.\n\n\nMind the gap"
    assert warnings == [
        "shortcode '{{< chart 1 >}}' is the site's own, which Folio cannot run: left out (the text between a pair "
        "is kept)",
        "shortcode '{{< quote author=\"Ana\" >}}' is the site's own, which Folio cannot run: left out (the text "
        "between a pair is kept)",
        "shortcode '{{% notice %}}' is the site's own, which Folio cannot run: left out (the text between a pair "
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
