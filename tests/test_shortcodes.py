"""Hugo's built-in shortcodes become Markdown or link cards that pass the sanitiser and the CSP."""

import pytest

from articles.generator_tags import convert_template_tags
from articles.hugo_includes import IncludeFiles
from articles.models import Article
from articles.rendering import render_markdown
from articles.theme_shortcodes import MAX_NESTED_BLOCKS
from tests.markdown_files import run_json, write
from tests.test_hostile_input import deadline


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


def test_a_ref_to_the_home_page_leads_to_the_home_page_not_to_any_page():
    def link_for(kind, target):
        return "/articles/some-post/" if kind == "post_url" else None  # every name ends with ''

    body, warnings = convert_template_tags('[home]({{< relref "/" >}})', link_for=link_for)
    assert (body, warnings) == ("[home](/)", [])


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


def test_hugo_highlight_given_its_options_alone_shows_its_code_as_plain_text():
    body, warnings = convert_template_tags(
        '{{< highlight "linenos=table" >}}\n```flow\na=>b\n```\n{{< / highlight >}}\n'
    )
    assert body == '````text {linenos="table"}\n```flow\na=>b\n```\n````\n'
    assert warnings == []


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


@pytest.mark.parametrize("target", ["https://example.org/menu", "tel:+15550100", "mailto:desk@example.org"])
def test_hugos_qr_shortcode_of_an_address_a_number_or_a_mail_address_becomes_a_link_to_it(target):
    body, _ = convert_template_tags(f'{{{{< qr text="{target}" />}}}}')
    assert body == f"[{target}]({target})"
    assert f'href="{target}"' in render_markdown(body).html


def test_hugos_highlight_within_a_line_is_code_in_the_text():
    body, warnings = convert_template_tags(
        'Call {{< highlight go "hl_inline=true" >}}fmt.Println(`hi`){{< /highlight >}} once.'
    )
    assert body == "Call ``fmt.Println(`hi`)`` once."
    assert warnings == []


def closing_of(written: str) -> str:
    """The closing of a pair's opening, with the same delimiters."""
    name = written.split()[1]
    return "{{% /" + name + " %}}" if written.startswith("{{%") else "{{< /" + name + " >}}"


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
        ("{{< note >}}", "!!! note"),  # Cupper: a note named by its kind
        ('{{< warning title="Mind" >}}', '!!! warning "Mind"'),
    ],
)
def test_theme_callouts_read_their_kind_and_title_as_their_theme_writes_them(written, heading):
    body, warnings = convert_template_tags(f"{written}\nText.\n{closing_of(written)}\n", liquid=False)
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


@pytest.mark.parametrize(
    ("written", "heading"),
    [
        ('{{< callout type="tip" text="Water the *roots*, not the leaves." >}}', "!!! tip"),
        ('{{< callout type="alert" text="Water the *roots*, not the leaves." >}}', "!!! danger"),
        ('{{< callout emoji="🌱" text="Water the *roots*, not the leaves." >}}', '!!! tip "🌱"'),
        (
            '{{< callout type="custom" emoji="🌱" title="Garden" text="Water the *roots*, not the leaves." >}}',
            '!!! note "🌱 Garden"',
        ),
    ],
)
def test_a_callout_that_holds_its_text_in_an_argument_and_has_no_closing_is_a_note_of_that_text(written, heading):
    body, warnings = convert_template_tags(f"Before.\n\n{written}\n\nAfter.\n", liquid=False)

    assert warnings == []
    assert f"{heading}\n    Water the \\*roots\\*, not the leaves.\n" in body
    html = render_markdown(body).html
    assert "<p>Water the *roots*, not the leaves.</p>\n</aside>\n<p>After.</p>" in html


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
        ("{{< expand >}}", "<details>\n<summary>Expand</summary>"),
        ('{{< expand "Custom *label*" "↕" >}}', "<details>\n<summary>Custom *label*</summary>"),
        ('{{% expand title="Why?" open="true" %}}', "<details open>\n<summary>Why?</summary>"),
        ('{{% expand title="Why?" expanded="false" %}}', "<details>\n<summary>Why?</summary>"),
        ('{{< expandable label="Why?" level="2" >}}', "<details>\n<summary>Why?</summary>"),  # Cupper
    ],
)
def test_details_and_expand_read_the_title_and_openness_their_themes_give(written, opening):
    body, warnings = convert_template_tags(f"{written}\nBecause.\n{closing_of(written)}", liquid=False)
    assert body == f"{opening}\n\n\nBecause.\n\n\n</details>"
    assert warnings == []


def test_a_blockquote_pair_is_a_quote_of_its_markdown_signed_by_its_author_where_it_starts_a_line():
    body, warnings = convert_template_tags(
        'Before.\n\n{{< blockquote author="Ines *D*" >}}\nThe sea is *patient*.\n\nSo am I.\n{{< /blockquote >}}\n\n'
        "Said {{< blockquote >}}so{{< /blockquote >}}.",
        liquid=False,
    )
    assert render_markdown(body).html == (
        "<p>Before.</p>\n<blockquote>\n<p>The sea is <em>patient</em>.</p>\n<p>So am I.</p>\n<p>— Ines *D*</p>\n"
        "</blockquote>\n<p>Said so.</p>\n"
    )
    assert warnings == [
        "shortcode '{{< blockquote >}}' is the site's own, which Folio cannot run: left out (the text between a pair "
        "is kept)"
    ]


def test_a_theme_s_code_pair_naming_its_language_is_a_highlighted_block_titled_as_it_is():
    body, warnings = convert_template_tags(
        'Style:\n\n{{< code title="Tide, table" language="css" opts="hl_lines=2" >}}\np {\n  margin: 0;\n}\n'
        "{{< /code >}}\n\n{{< code >}}\nplain\n{{< /code >}}\n",
        liquid=False,
    )
    html = render_markdown(body).html
    assert '<figure class="code-block"><figcaption>Tide, table</figcaption><pre class="highlight">' in html
    assert '<code class="language-css">' in html and html.count('<span class="hll">') == 1
    assert "<p>plain</p>" in html  # no language: the theme's own, left out with its text kept
    assert warnings == [
        "shortcode '{{< code >}}' is the site's own, which Folio cannot run: left out (the text between a pair is kept)"
    ]


def test_a_theme_s_own_figure_is_read_as_hugo_s_figure_with_its_picture_as_src_or_img():
    body, warnings = convert_template_tags(
        '{{< prettyfigure src="/img/dune.png" caption="The dune" width="25%" >}}\n\n'
        '{{< figureTheme\nimg="shore.jpg"\ncaption="The shore"\ncommand="Resize" >}}\n\n'
        '{{< bigfigure caption="None" >}}\n',
        liquid=False,
    )
    assert body == '![](/img/dune.png "The dune")\n\n![](shore.jpg "The shore")\n\n\n'
    assert warnings == [
        "shortcode '{{< bigfigure caption=\"None\" >}}' is the site's own, which Folio cannot run: left out (the text "
        "between a pair is kept)"
    ]


def test_a_mermaid_pair_is_a_mermaid_block_of_its_diagram_text():
    body, warnings = convert_template_tags(
        'Flow:\n\n{{< mermaid align="center" >}}\ngraph LR\n    A[Tide] --> B{High?}\n{{< /mermaid >}}\n', liquid=False
    )
    assert body == "Flow:\n\n```mermaid\ngraph LR\n    A[Tide] --> B{High?}\n```\n"
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


def test_a_file_tree_becomes_a_nested_list_of_names_as_code_folders_ending_in_a_slash():
    body, warnings = convert_template_tags(
        "Layout:\n\n{{< filetree/container >}}\n"
        '    {{< filetree/folder name="site" >}}\n'
        '        {{< filetree/file name="index.md" >}}\n'
        '        {{< filetree/folder name="posts" state="closed" >}}\n'
        '            {{< filetree/file name="first.md" >}}\n'
        "        {{< /filetree/folder >}}\n"
        '        {{< filetree/folder name="empty" >}}{{< /filetree/folder >}}\n'
        "    {{< /filetree/folder >}}\n"
        "{{< /filetree/container >}}\n\nAfter.",
        liquid=False,
    )
    assert warnings == []
    assert "- `site/`\n    - `index.md`\n    - `posts/`\n        - `first.md`\n    - `empty/`\n" in body
    assert render_markdown(body).html == (
        "<p>Layout:</p>\n<ul>\n<li><code>site/</code>\n<ul>\n<li><code>index.md</code></li>\n"
        "<li><code>posts/</code>\n<ul>\n<li><code>first.md</code></li>\n</ul>\n</li>\n"
        "<li><code>empty/</code></li>\n</ul>\n</li>\n</ul>\n<p>After.</p>\n"
    )


def test_a_file_tree_item_with_no_name_or_a_backtick_in_it_is_left_out_with_a_warning():
    body, warnings = convert_template_tags(
        "{{< filetree/container >}}\n{{< filetree/folder >}}\n"
        '{{< filetree/file name="a`b" >}}\n{{< filetree/file name="kept.md" >}}\n'
        "{{< /filetree/folder >}}\n{{< /filetree/container >}}\n",
        liquid=False,
    )
    assert render_markdown(body).html == "<ul>\n<li><code>kept.md</code></li>\n</ul>\n"
    assert [warning.split("'")[1] for warning in warnings] == [
        '{{< filetree/file name="a`b" >}}',
        "{{< filetree/folder >}}",
    ]


def test_folders_nested_deeper_than_anyone_writes_are_left_out():
    depth = MAX_NESTED_BLOCKS + 2
    body, warnings = convert_template_tags(
        "".join(f'{{{{< filetree/folder name="d{level}" >}}}}\n' for level in range(depth))
        + "{{< /filetree/folder >}}\n" * depth,
        liquid=False,
    )
    assert body.count("`d") == MAX_NESTED_BLOCKS
    assert len(warnings) == 2


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
        '{{< filetree/folder name="a" >}}\n' * 6_000
        + '{{< filetree/file name="b" >}}\n'
        + "{{< /filetree/folder >}}\n" * 6_000,
    ],
    ids=[
        "unclosed-tabs",
        "one-line-of-tabs",
        "nested-callouts",
        "crossed-pairs",
        "distinct-unclosed",
        "nested-folders",
    ],
)
def test_thousands_of_unclosed_or_nested_pairs_convert_without_rereading_the_page_for_each(body):
    assert len(body) > 150_000
    # About 0.2 s on a quiet machine, a few seconds on a loaded one; reading the page again for each of these
    # thousands of pairs takes minutes, which the deadline stops.
    with deadline(10):
        converted, _ = convert_template_tags(body, liquid=False)
    assert "{{<" not in converted


def test_a_button_is_a_link_to_its_href_or_to_the_article_its_relref_names():
    body, warnings = convert_template_tags(
        '{{< button relref="usage/start/" size="large" >}}Get started{{< /button >}}\n\n'
        'See {{<button href="https://example.org/docs">}}the docs{{</button>}} or '
        '{{% button href="../faq/" %}}\n  the FAQ\n{{% /button %}}.',
        link_for=lambda kind, target: "/articles/start/" if (kind, target) == ("ref", "usage/start/") else None,
        liquid=False,
    )
    assert warnings == []
    assert body == "[Get started](/articles/start/)\n\nSee [the docs](https://example.org/docs) or [the FAQ](../faq/)."


@pytest.mark.parametrize(
    "written",
    [
        '{{< button href="javascript:alert(1)" >}}Click{{< /button >}}',
        '{{< button relref="nowhere" >}}Click{{< /button >}}',
        "{{< button >}}Click{{< /button >}}",
    ],
)
def test_a_button_with_no_address_folio_links_to_keeps_its_text_and_is_not_a_link(written):
    body, warnings = convert_template_tags(written, liquid=False)
    assert body == "Click"
    assert warnings == [
        f"shortcode '{written.split('Click')[0]}' has no text or no address Folio links to: left out (its text is kept)"
    ]


@pytest.fixture
def hugo_site(tmp_path):
    """A site folder, its content folder and a file outside the site, to include from."""
    write(tmp_path, "outside.md", "Not the site's.")
    write(tmp_path, "site/parts/steps.md", "1. One\n2. Two\n\n{{< hint warning >}}\nMind it.\n{{< /hint >}}\n")
    write(
        tmp_path,
        "site/parts/self.md",
        'Again: {{< include file="parts/self.md" >}}\n\n{{< include file="parts/self.md" >}}',
    )
    write(tmp_path, "site/config.yaml", "title: Tides\nparams:\n  `x`: 1\n")
    write(tmp_path, "site/content/_includes/shared.md", "---\ntitle: Shared\n---\nShared *words*.\n")
    return IncludeFiles(
        root=tmp_path / "site", site=tmp_path / "site", content=tmp_path / "site/content", max_bytes=10_000
    )


def test_an_include_of_a_sites_markdown_file_is_its_markdown_converted_in_turn(hugo_site):
    body, warnings = convert_template_tags(
        '- Steps:\n\n  {{< include file="/parts/steps.md" >}}\n- Done.', files=hugo_site, liquid=False
    )
    assert warnings == []
    assert body == '- Steps:\n\n  1. One\n  2. Two\n\n  !!! warning ""\n      Mind it.\n- Done.'


def test_an_include_of_a_page_is_its_body_from_the_content_folder_without_its_front_matter(hugo_site):
    body, warnings = convert_template_tags(
        '{{< include file="/_includes/shared" type="page" >}}', files=hugo_site, liquid=False
    )
    assert (body, warnings) == ("Shared *words*.", [])


def test_an_include_in_a_language_is_a_code_block_of_the_file(hugo_site):
    body, warnings = convert_template_tags(
        '{{< include file="config.yaml" language="YAML" options="linenos=table" >}}', files=hugo_site, liquid=False
    )
    assert warnings == []
    assert body == '```yaml {linenos="table"}\ntitle: Tides\nparams:\n  `x`: 1\n```'


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        (
            '{{< include file="config.yaml" type="html" >}}',
            "it puts the file's HTML in the page as it is, which Folio does not",
        ),
        ('{{< include file="../outside.md" >}}', "the file could not be read (its real path"),
        ('{{< include file="/parts/none.md" >}}', "no file '/parts/none.md' was found in the site's folder"),
        ('Text {{< include file="/parts/steps.md" >}}', "it does not start its line, as what it includes must"),
    ],
)
def test_an_include_folio_cannot_make_faithfully_is_left_out_with_the_reason(hugo_site, written, reason):
    body, warnings = convert_template_tags(written, files=hugo_site, liquid=False)
    assert body == written.split("{{<")[0]
    assert len(warnings) == 1 and warnings[0].startswith(f"shortcode '{written[written.index('{{<') :]}': {reason}")


def test_a_file_that_includes_itself_is_included_once(hugo_site):
    body, warnings = convert_template_tags('{{< include file="parts/self.md" >}}', files=hugo_site, liquid=False)
    assert body == "Again: "
    assert warnings == [
        "shortcode '{{< include file=\"parts/self.md\" >}}': it does not start its line, as what it includes must; "
        "left out",
        "shortcode '{{< include file=\"parts/self.md\" >}}': the file includes itself, or includes nest too deep; "
        "left out",
    ]


@pytest.mark.django_db
def test_an_imported_hugo_page_includes_a_page_from_its_languages_content_folder(site, media_root):
    write(site, "hugo.toml", '[languages.en]\ncontentDir = "content/en"\n')
    write(site, "content/en/_includes/shared.md", "---\ntitle: Shared\n---\nShared *words*.\n")
    write(
        site,
        "content/en/guide.md",
        '---\ntitle: Guide\ndate: 2024-03-01\n---\n\n{{< include file="/_includes/shared.md" type="page" >}}\n',
    )

    code, report = run_json(site / "content", "--root", site)

    assert code == 0, report
    assert Article.objects.get(slug="guide").body_html == "<p>Shared <em>words</em>.</p>\n"


def test_a_closing_shortcode_may_have_spaces_after_its_slash_as_hugo_reads_it():
    body, warnings = convert_template_tags(
        "{{< highlight go >}}\nfunc main() {}\n{{< / highlight >}}\n\n"
        "{{< admonition tip >}}\nSome words.\n{{< / admonition >}}\n"
    )
    assert warnings == []
    assert body.startswith("```go\nfunc main() {}\n```\n")
    assert body.endswith("!!! tip\n    Some words.\n\n")


@pytest.mark.parametrize(
    "sample, language",
    [
        ("[params]\ncolor = 'red'", "toml"),
        ("params:\n  color: red", "yaml"),
        ('{\n  "params": {"color": "red"}\n}', "json"),
    ],
)
def test_a_code_toggle_pair_is_a_code_block_in_the_language_its_sample_is_written_in(sample, language):
    body, warnings = convert_template_tags(
        f"Set it:\n\n{{{{< code-toggle file=hugo >}}}}\n{sample}\n{{{{< /code-toggle >}}}}\n", liquid=False
    )
    assert body == f'Set it:\n\n```{language} {{title="hugo.{language}"}}\n{sample}\n```\n'
    assert warnings == []


def test_a_code_toggle_of_front_matter_is_titled_with_the_file_it_names_as_written():
    body, _ = convert_template_tags(
        "{{< code-toggle file=content/tides.md fm=true >}}\ntitle = 'Tides'\n{{< /code-toggle >}}\n", liquid=False
    )
    assert body == "```toml {title=\"content/tides.md\"}\ntitle = 'Tides'\n```\n"


@pytest.mark.parametrize(
    "opening, closing",
    [("{{< code-toggle file=hugo >}}", "{{< /code-toggle >}}"), ("{{< highlight toml >}}", "{{< /highlight >}}")],
)
def test_a_code_pair_indented_in_a_list_item_is_a_code_block_of_that_item(opening, closing):
    body, warnings = convert_template_tags(
        f"1. Set the marks:\n\n   {opening}\n   [marks]\n   block = [['$$', '$$']]\n   {closing}\n\n2. Build.\n",
        liquid=False,
    )
    html = render_markdown(body).html
    assert warnings == []
    first, second = (item.split("</li>")[0] for item in html.split("<li>")[1:])
    assert '<code class="language-toml">' in first and "$$" in first and "</pre>" in first
    assert html.count("<ol") == 1 and "Build." in second
    assert "{{" not in html and "<math" not in html
