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


def test_escaped_shortcodes_are_kept_as_text_and_unknown_ones_warned():
    body, warnings = convert_template_tags("{{</* youtube x */>}} and {{< chart 1 >}}")
    assert body == "{{< youtube x >}} and {{< chart 1 >}}"
    assert warnings == ["template tag '{{< chart 1 >}}' left as written"]


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
