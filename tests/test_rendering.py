import pytest

from articles.rendering import (
    estimate_read_minutes,
    parse_read_time,
    read_time_label,
    removed_by_sanitiser,
    render_markdown,
    sanitize,
)


def test_commonmark_basics_render_to_html():
    html = render_markdown("Some *emphasis* and **strong** text with `code`.\n\n> A quote.").html
    assert "<em>emphasis</em>" in html
    assert "<strong>strong</strong>" in html
    assert "<code>code</code>" in html
    assert "<blockquote>" in html


def test_headings_get_ids_and_build_the_table_of_contents():
    rendered = render_markdown("## First part\n\ntext\n\n### A detail\n\n## Second part\n\n#### Too deep\n")
    assert '<h2 id="first-part">First part</h2>' in rendered.html
    assert '<h4 id="too-deep">' in rendered.html
    assert [(e.id, e.text, e.level) for e in rendered.toc] == [
        ("first-part", "First part", 2),
        ("a-detail", "A detail", 3),
        ("second-part", "Second part", 2),
    ]


def test_repeated_headings_get_distinct_ids():
    rendered = render_markdown("## Notes\n\n## Notes\n")
    assert [e.id for e in rendered.toc] == ["notes", "notes-1"]


def test_a_heading_repeated_many_times_numbers_its_ids_in_order_past_ids_written_on_others():
    # Each name's next number is remembered rather than counted up again from 1 (which took minutes at 20,000).
    body = "## Notes {#notes-2}\n\n" + "## Notes\n\n" * 3000 + "## Notes 1\n\n#### Notes\n"

    ids = [e.id for e in render_markdown(body).toc]

    assert ids[:4] == ["notes-2", "notes", "notes-1", "notes-3"]
    assert ids[-1] == "notes-1-1"
    assert len(set(ids)) == len(ids) == 3002
    assert '<h4 id="notes-3001">' in render_markdown(body).html


def test_toc_text_drops_inline_markup():
    rendered = render_markdown("## The **bold** `move`\n")
    assert rendered.toc[0].text == "The bold move"


def test_tables_render_with_alignment_as_classes_not_styles():
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |\n").html
    assert "<table>" in html
    assert '<th class="align-left">a</th>' in html
    assert '<td class="align-right">2</td>' in html
    assert "style=" not in html


def test_strikethrough_task_lists_and_footnotes_render():
    html = render_markdown("~~gone~~\n\n- [x] done\n- [ ] open\n\nClaim.[^1]\n\n[^1]: Source.\n").html
    assert "<s>gone</s>" in html
    assert 'class="task-list-item-checkbox" checked="checked"' in html
    assert '<sup class="footnote-ref"><a href="#fn1" id="fnref1">' in html
    assert '<li id="fn1" class="footnote-item">' in html


def test_a_task_lists_checkbox_is_labelled_by_its_items_text():
    html = render_markdown("- [x] Check the [sources](/about/)\n- [ ] Draft\n").html
    assert (
        '<li class="task-list-item"><label><input type="checkbox" disabled="" class="task-list-item-checkbox"'
        ' checked="checked"> Check the <a href="/about/">sources</a></label></li>'
    ) in html
    assert 'class="task-list-item-checkbox"> Draft</label></li>' in html
    assert removed_by_sanitiser("- [ ] Draft\n") == []


def test_fenced_code_keeps_its_language_class_and_escapes_its_content():
    html = render_markdown("```python\nif a < b: print('<b>')\n```\n").html
    assert '<code class="language-python">' in html
    assert "&lt;b&gt;" in html


def test_an_image_alone_in_a_paragraph_becomes_a_figure_with_its_title_as_caption():
    html = render_markdown('![A harbour at dawn](/media/harbour.jpg "Morning light")\n').html
    assert html.startswith("<figure><img ")
    assert 'alt="A harbour at dawn"' in html
    assert 'loading="lazy"' in html
    assert "<figcaption>Morning light</figcaption></figure>" in html


def test_an_image_inside_text_stays_inline():
    html = render_markdown("Look ![icon](/i.png) here.\n").html
    assert "<figure>" not in html
    assert html.startswith("<p>Look <img ")


def test_caption_text_is_escaped():
    html = render_markdown('![x](/a.png "<b>bold</b>")\n').html
    assert "<figcaption>&lt;b&gt;bold&lt;/b&gt;</figcaption>" in html


def test_safe_raw_html_is_kept():
    html = render_markdown('<aside><p>Side <abbr title="HyperText">HTML</abbr></p></aside>\n').html
    assert '<aside><p>Side <abbr title="HyperText">HTML</abbr></p></aside>' in html


HOSTILE = [
    ("<script>alert(1)</script>", "<script"),
    ("<img src=x onerror=alert(1)>", "onerror"),
    ('<a href="javascript:alert(1)">x</a>', "javascript:"),
    ("[x](javascript:alert(1))", 'href="javascript'),
    ("[x](JaVaScRiPt:alert(1))", 'href="javascript'),
    ('<a href="&#106;avascript:alert(1)">x</a>', "alert(1)"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:"),
    ("![x](data:image/svg+xml;base64,PHN2Zz4=)", 'src="data:'),
    ('<iframe src="https://example.org"></iframe>', "<iframe"),
    ('<form action="/steal"><input name="q"><button>Go</button></form>', "<form"),
    ('<form action="/steal"><input name="q"><button>Go</button></form>', "<button"),
    ("<style>body{display:none}</style>", "<style"),
    ("<style>body{display:none}</style>", "display:none"),
    ('<p style="position:fixed">x</p>', "style="),
    ('<div onclick="alert(1)">x</div>', "onclick"),
    ("<svg><script>alert(1)</script></svg>", "<svg"),
    ('<object data="x.swf"></object>', "<object"),
    ('<embed src="x.swf">', "<embed"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example">', "<meta"),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', "<link"),
    ('<base href="https://evil.example/">', "<base"),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "onerror"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>">', "onerror"),
    ('<a href="vbscript:msgbox(1)">x</a>', "vbscript"),
    ('<img src="x" srcset="javascript:alert(1) 1x">', "srcset"),
    ('<code class="language-x onmouseover">x</code>', "onmouseover"),
]


@pytest.mark.parametrize(("markdown", "forbidden"), HOSTILE)
def test_hostile_markup_is_removed(markdown, forbidden):
    html = render_markdown(markdown).html
    assert forbidden.lower() not in html.lower()


def test_the_only_input_that_survives_is_a_disabled_checkbox():
    html = sanitize('<input type="text" name="q" value="x" onfocus="alert(1)">')
    # Attribute order is not fixed by the sanitiser, so compare the attributes as a set.
    assert html.startswith("<input ") and html.endswith(">")
    assert set(html[len("<input ") : -1].split()) == {'type="checkbox"', 'disabled=""'}


def test_classes_outside_the_allowlist_are_dropped():
    html = sanitize('<p class="preview-banner">x</p><li class="footnote-item evil">y</li>')
    assert html == '<p>x</p><li class="footnote-item">y</li>'


def test_links_keep_their_address_and_gain_no_rel():
    html = render_markdown("[Folio](https://example.org/a?b=1) and [mail](mailto:desk@example.org)").html
    assert '<a href="https://example.org/a?b=1">Folio</a>' in html
    assert '<a href="mailto:desk@example.org">mail</a>' in html


def test_word_count_counts_the_words_readers_see():
    rendered = render_markdown("## Two words\n\nThree more words, don't split.\n\n<script>hidden hidden</script>")
    assert rendered.word_count == 2 + 5


def test_image_count_counts_body_images():
    assert render_markdown("![a](/a.png)\n\n![b](/b.png)\n\ntext").image_count == 2


def test_empty_body_renders_to_nothing():
    rendered = render_markdown("")
    assert rendered.html == ""
    assert rendered.word_count == 0
    assert rendered.toc == []


@pytest.mark.parametrize(
    ("words", "images", "minutes"),
    [(0, 0, 0), (118, 0, 0), (119, 0, 1), (238, 0, 1), (238 * 8, 0, 8), (238 * 8, 5, 9), (238 * 2, 15, 5), (0, 3, 1)],
)
def test_read_time_is_238_words_a_minute_plus_12_seconds_an_image_to_the_nearest_minute(words, images, minutes):
    assert estimate_read_minutes(word_count=words, image_count=images) == minutes


@pytest.mark.parametrize(
    ("minutes", "words", "label"),
    [
        (8, 1900, "8 min read"),
        (1, 200, "1 min read"),
        (0, 40, "Less than 1 min read"),
        (0, 0, ""),
        (1, 0, "1 min read"),
    ],
)
def test_the_read_time_label_is_hidden_without_words_and_says_less_than_a_minute_for_a_few(minutes, words, label):
    assert read_time_label(minutes=minutes, word_count=words) == label


@pytest.mark.parametrize(
    ("given", "minutes"),
    [("8 mins", 8), ("8 min read", 8), (8, 8), ("8", 8), ("12 minutes", 12), ("1 min", 1), ("8 MIN READ", 8)],
)
def test_read_time_given_by_people_is_understood(given, minutes):
    assert parse_read_time(given) == minutes


@pytest.mark.parametrize("given", ["soon", "", "0", 0, -3, "8 hours", True, "eight minutes"])
def test_read_time_that_is_not_minutes_is_refused(given):
    assert parse_read_time(given) is None


def test_emoji_shortcodes_become_emoji_outside_code():
    html = render_markdown("Done :tada: `:tada:`\n").html
    assert html == "<p>Done 🎉 <code>:tada:</code></p>\n"


def test_mkdocs_admonitions_and_github_alerts_are_asides_and_collapsibles_are_details():
    html = render_markdown('!!! tip "Try this"\n    Body.\n\n??? note\n    Hidden.\n\n> [!WARNING]\n> Careful.\n').html
    assert '<aside class="admonition admonition-tip">\n<p class="admonition-title">Try this</p>' in html
    assert '<details class="admonition admonition-note">\n<summary class="admonition-title">Note</summary>' in html
    assert '<aside class="admonition admonition-warning">\n<p class="admonition-title">Warning</p>' in html


def test_an_alert_with_its_own_title_is_an_aside_under_that_title():
    html = render_markdown(
        "> [!NOTE] Before you start\n> Read *this*.\n\n> [!CAUTION] Hot\n\n> [!TIP] Last\n> Words.\n"
    ).html
    assert html == (
        '<aside class="admonition admonition-note">\n<p class="admonition-title">Before you start</p>\n'
        "<p>Read <em>this</em>.</p>\n</aside>\n"
        '<aside class="admonition admonition-caution">\n<p class="admonition-title">Hot</p>\n</aside>\n'
        '<aside class="admonition admonition-tip">\n<p class="admonition-title">Last</p>\n<p>Words.</p>\n</aside>\n'
    )


def test_a_quote_that_mentions_an_alert_marker_stays_a_quote():
    assert render_markdown("> As [!NOTE] says\n").html == "<blockquote>\n<p>As [!NOTE] says</p>\n</blockquote>\n"


def test_a_collapsible_admonition_with_an_empty_title_is_named_for_its_kind():
    html = render_markdown('??? warning ""\n    Hidden.\n').html
    assert (
        '<details class="admonition admonition-warning">\n<summary class="admonition-title">Warning</summary>' in html
    )


def test_code_is_highlighted_with_classes_and_keeps_line_options_and_title():
    html = render_markdown('```python {hl_lines="2" linenos=true title="x.py"}\na = 1\nb = 2\n```\n').html
    assert html.startswith('<figure class="code-block"><figcaption>x.py</figcaption><pre class="highlight">')
    assert '<span class="hll"><span class="linenos">2</span><span class="n">b</span>' in html
    assert "style=" not in html


def test_each_code_block_keeps_its_own_marked_lines_and_numbering_in_one_body():
    html = render_markdown(
        '```python {hl_lines="1"}\na = 1\nb = 2\n```\n\n'
        '```python {hl_lines="2" linenos=true linenostart=7}\na = 1\nb = 2\n```\n\n'
        "```python\na = 1\nb = 2\n```\n"
    ).html
    first, second, third = html.split("</pre>")[:3]
    assert first.count('class="hll"') == 1 and '<span class="hll"><span class="n">a</span>' in first
    assert '<span class="linenos">7</span><span class="n">a</span>' in second
    assert '<span class="hll"><span class="linenos">8</span><span class="n">b</span>' in second
    assert "hll" not in third and "linenos" not in third


@pytest.mark.parametrize("start", ["²", "٣", "seven"])
def test_a_line_numbering_start_that_is_no_number_in_plain_digits_numbers_from_one(start):
    html = render_markdown(f"```python {{linenos=true linenostart={start}}}\na = 1\n```\n").html
    assert '<span class="linenos">1</span><span class="n">a</span>' in html


def test_a_fence_in_attribute_form_takes_its_language_from_the_first_class():
    html = render_markdown('``` { .python .no-copy hl_lines="1" }\nx = 1\n```\n').html
    assert html.startswith('<pre class="highlight"><code class="language-python"><span class="hll">')


def test_the_stylesheet_holds_the_light_and_dark_code_colours():
    from pathlib import Path

    from articles.code import stylesheet

    assert stylesheet() in (Path(__file__).parent.parent / "static/css/site.css").read_text()


def test_the_sanitiser_keeps_https_and_local_media_and_reports_what_it_removes():
    from articles.rendering import removed_by_sanitiser

    text = '<video controls><source src="https://e.org/a.mp4"></video>\n\n<script>x()</script><p onclick="y">z</p>'
    assert '<source src="https://e.org/a.mp4">' in render_markdown(text).html
    assert removed_by_sanitiser(text) == ["<script>", "onclick="]


def test_rendering_gives_the_same_bytes_in_every_process():
    import os
    import subprocess
    import sys

    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'cms.settings'); django.setup();"
        "from articles.rendering import render_markdown;"
        "import sys; sys.stdout.write(render_markdown('- [x] done\\n- [ ] open\\n').html)"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": str(seed), "DEBUG": "1"},
            capture_output=True,
            check=True,
        ).stdout
        for seed in range(1, 7)
    }
    assert len(outputs) == 1


def test_a_definition_list_renders_as_one():
    html = render_markdown("Folio\n: A Markdown-first editorial CMS.\n").html
    assert html.strip() == "<dl>\n<dt>Folio</dt>\n<dd>A Markdown-first editorial CMS.</dd>\n</dl>"


def test_a_definition_under_a_comment_shows_its_blocks_without_an_empty_term():
    source = (
        "<!-- md:option layout:wide -->\n\n"
        ":   Pages use the whole window. It changes:\n\n"
        "    * the margins\n"
        "    * the sidebar\n\n"
        "<!-- md:option layout:narrow -->\n\n"
        ":   Pages keep to a column.\n"
    )
    assert render_markdown(source).html == (
        "<p>Pages use the whole window. It changes:</p>\n"
        "<ul>\n<li>the margins</li>\n<li>the sidebar</li>\n</ul>\n"
        "<p>Pages keep to a column.</p>\n"
    )


def test_a_list_with_named_and_unnamed_terms_keeps_the_named_ones_in_lists():
    html = render_markdown("Draft\n: Unseen.\n\n<!-- hook -->\n\n: Between.\n\nLive\n: Seen.\n").html
    assert html == (
        "<dl>\n<dt>Draft</dt>\n<dd>Unseen.</dd>\n</dl>\n<p>Between.</p>\n<dl>\n<dt>Live</dt>\n<dd>Seen.</dd>\n</dl>\n"
    )


def test_a_comment_with_no_definition_after_it_is_an_html_block_as_before():
    assert render_markdown("<!-- note to self -->\n\nText.\n").html.strip() == "<p>Text.</p>"


@pytest.mark.parametrize(
    ("source", "kind", "title"),
    [
        (":::note\nRemember this.\n:::\n", "note", "Note"),
        (":::tip[A better way]\nRemember this.\n:::\n", "tip", "A better way"),
        (":::caution Mind the gap\nRemember this.\n:::\n", "caution", "Mind the gap"),
    ],
)
def test_a_directive_container_renders_as_the_admonition_of_its_kind(source, kind, title):
    html = render_markdown(source).html
    assert html == (
        f'<aside class="admonition admonition-{kind}">\n<p class="admonition-title">{title}</p>\n'
        "<p>Remember this.</p>\n</aside>\n"
    )


def test_a_directive_of_no_known_kind_stays_text():
    assert render_markdown(":::sidebar\nText.\n:::\n").html == "<p>:::sidebar\nText.\n:::</p>\n"


def callout(kind: str, title: str, body: str) -> str:
    return f'<aside class="admonition admonition-{kind}">\n<p class="admonition-title">{title}</p>\n{body}</aside>\n'


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("> Keep a backup first.\n{: .prompt-warning }\n", "warning"),  # Chirpy
        ("> Keep a backup first.\n{: .block-danger }\n", "danger"),  # jekyll-gitbook
        ("Keep a backup first.\n{: .notice--success }\n", "success"),  # Minimal Mistakes
        ("Keep a backup first.\n{: .notice }\n", "note"),
        ("Keep a backup first.\n{: .alert .alert-danger }\n", "danger"),  # Bootstrap
        ("{: .box-error }\nKeep a backup first.\n", "error"),  # Beautiful Jekyll
        ("{: .important }\nKeep a backup first.\n", "important"),  # just-the-docs
        ("{: .tip }\n> Keep a backup first.\n", "tip"),
        ("{: .caution }\n  Keep a backup first.\n", "caution"),
    ],
)
def test_a_quote_or_paragraph_whose_class_names_a_callout_is_an_aside_of_that_kind(source, kind):
    html = render_markdown(source + "\nAfter.\n").html
    assert html == callout(kind, kind.capitalize(), "<p>Keep a backup first.</p>\n") + "<p>After.</p>\n"


def test_a_callout_is_titled_by_its_opening_heading_or_by_its_first_line_when_its_class_says_title():
    headed = render_markdown("> ##### Before you start\n>\n> Read this.\n{: .block-tip }\n").html
    titled = render_markdown("{: .note-title }\n> Before you start\n>\n> Read this.\n").html
    assert headed == callout("tip", "Before you start", "<p>Read this.</p>\n")
    assert titled == callout("note", "Before you start", "<p>Read this.</p>\n")


@pytest.mark.parametrize("name", ["pull-quote", "primary", "btn-warning"])
def test_a_class_that_names_no_callout_leaves_a_quote_a_quote_and_its_list_unseen(name):
    assert render_markdown(f"> Said once.\n{{: .{name} }}\n").html == "<blockquote>\n<p>Said once.</p>\n</blockquote>\n"


def test_a_list_line_that_keeps_the_quote_s_marker_belongs_to_the_paragraph_inside():
    html = render_markdown("> Outside.\n>\n> Inside.\n> {: .warning }\n").html
    assert (
        html
        == "<blockquote>\n<p>Outside.</p>\n" + callout("warning", "Warning", "<p>Inside.</p>\n") + "</blockquote>\n"
    )


def test_a_list_above_a_lazy_line_in_a_quote_stays_the_paragraph_s():
    html = render_markdown("> {: .warning }\nMind the gap.\n").html
    assert html == "<blockquote>\n" + callout("warning", "Warning", "<p>Mind the gap.</p>\n") + "</blockquote>\n"


def test_a_callout_on_a_tight_list_item_shows_its_text_as_a_paragraph():
    html = render_markdown("- Mind the gap.\n{: .notice--warning }\n").html
    assert html == "<ul>\n<li>\n" + callout("warning", "Warning", "<p>Mind the gap.</p>\n") + "</li>\n</ul>\n"


def test_a_table_keeps_its_footer():
    html = render_markdown(
        "<table><tbody><tr><td>1</td></tr></tbody><tfoot><tr><td>Sum</td></tr></tfoot></table>\n"
    ).html
    assert "<tfoot><tr><td>Sum</td></tr></tfoot>" in html


def test_an_abbreviation_definition_is_hidden_and_marks_the_word_wherever_it_stands_in_prose():
    html = render_markdown(
        "The HTML spec, HTML5 and XHTML.\n*[HTML]: Hyper Text Markup Language\n*[HTML5]: Its fifth version\n\n"
        "- A list names HTML too, `HTML` in code does not.\n"
    ).html
    assert html == (
        '<p>The <abbr title="Hyper Text Markup Language">HTML</abbr> spec, '
        '<abbr title="Its fifth version">HTML5</abbr> and XHTML.</p>\n'
        '<ul>\n<li>A list names <abbr title="Hyper Text Markup Language">HTML</abbr> too, '
        "<code>HTML</code> in code does not.</li>\n</ul>\n"
    )


def test_an_abbreviation_title_is_text_not_markup():
    html = render_markdown('Ask the CLI.\n\n*[CLI]: "><script>alert(1)</script>\n').html
    assert html == '<p>Ask the <abbr title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">CLI</abbr>.</p>\n'


def test_an_abbreviation_definition_in_code_is_code():
    html = render_markdown("    *[API]: Application Programming Interface\n\nAn API.\n").html
    assert html == "<pre><code>*[API]: Application Programming Interface\n</code></pre>\n<p>An API.</p>\n"


def test_an_inline_svg_drawing_goes_whole_and_is_reported_once_not_as_its_text_and_shapes():
    from articles.rendering import removed_by_sanitiser

    drawing = (
        '<div class="drawing">\n<svg viewBox="0 0 9 9"><!-- payload-start -->eyJ2ZXJzaW9u<!-- payload-end -->'
        '<defs><style>.a{fill:red}</style></defs><g><rect width="3"/><text x="1">Tide <tspan>chart</tspan></text>'
        "</g></svg>\n</div>\n"
    )
    text = f"Before.\n\n{drawing}\nAfter.\n"

    html = render_markdown(text).html

    assert "eyJ2ZXJzaW9u" not in html and "Tide" not in html and "chart" not in html
    assert "<p>Before.</p>" in html and "<p>After.</p>" in html
    assert removed_by_sanitiser(text) == ["<svg>"]


@pytest.mark.parametrize(
    "heading", ["## <!--more-->", "#### <!-- md:setting theme -->", "##", "### <!-- a --> <!-- b -->"]
)
def test_a_heading_with_nothing_a_reader_sees_is_left_out(heading):
    assert render_markdown(f"Before.\n\n{heading}\n\nAfter.").html == "<p>Before.</p>\n<p>After.</p>\n"


def test_a_heading_holding_only_an_image_is_kept_without_an_empty_id():
    html = render_markdown("## ![Our logo](/media/logo.png)").html

    assert html.startswith('<h2><img src="/media/logo.png" alt="Our logo"')


def test_an_anchor_named_in_html_is_a_place_links_to_its_name_still_reach():
    text = (
        'Back to [the start](#start).\n\n## <a name="start"></a> Ropes\n\n'
        '<a href="/knots/" name=\'knots\'>Knots</a> and <a id="kept" name="other"></a>.\n\n'
        '`<a name="shown">`\n'
    )

    html = render_markdown(text).html

    assert '<a id="start"></a> Ropes</h2>' in html
    assert '<a href="/knots/" id="knots">Knots</a>' in html
    assert '<a id="kept"></a>' in html
    assert '<code>&lt;a name="shown"&gt;</code>' in html


def test_a_bare_https_address_in_prose_becomes_a_link_without_the_full_stop_after_it():
    html = render_markdown("See https://example.org/notes for more, or https://example.org/about.").html
    assert '<a href="https://example.org/notes">https://example.org/notes</a> for more' in html
    assert '<a href="https://example.org/about">https://example.org/about</a>.</p>' in html


def test_a_www_address_becomes_a_link_over_http_as_gfm_inserts_it():
    html = render_markdown("Visit www.example.org, then WWW.example.dev/docs.").html
    assert '<a href="http://www.example.org">www.example.org</a>,' in html
    assert '<a href="http://WWW.example.dev/docs">WWW.example.dev/docs</a>.</p>' in html


def test_an_unbalanced_closing_paren_stays_out_of_a_bare_link_and_a_balanced_one_stays_in():
    html = render_markdown("(see https://example.org/a) and https://en.wikipedia.org/wiki/Set_(mathematics).").html
    assert '(see <a href="https://example.org/a">https://example.org/a</a>) and' in html
    assert (
        'href="https://en.wikipedia.org/wiki/Set_(mathematics)">https://en.wikipedia.org/wiki/Set_(mathematics)</a>.'
        in html
    )


def test_a_bare_email_address_becomes_a_mailto_link():
    html = render_markdown("Write to editors@example.org.").html
    assert '<a href="mailto:editors@example.org">editors@example.org</a>.</p>' in html


@pytest.mark.parametrize(
    "text",
    ["Built with example.com and node.js", "ftp://example.org/file", "see //example.org/x", "file.www.example.org"],
)
def test_bare_domains_and_other_schemes_stay_text(text):
    assert "<a" not in render_markdown(text).html


def test_addresses_in_code_spans_code_blocks_and_raw_html_blocks_stay_text():
    body = "Run `curl https://example.org/api`.\n\n```\nhttps://example.org/code\n```\n\n<div>\nhttps://example.org/html\n</div>\n"
    html = render_markdown(body).html
    assert "<code>curl https://example.org/api</code>" in html
    assert "<code>https://example.org/code\n</code>" in html
    assert "<div>\nhttps://example.org/html\n</div>" in html
    assert "<a" not in html


def test_written_links_and_angle_bracket_autolinks_are_unchanged_by_bare_linking():
    body = '[the notes](https://example.org/notes), <https://example.org/a> and <a href="https://example.org/b">https://example.org/c</a>'
    html = render_markdown(body).html
    assert '<a href="https://example.org/notes">the notes</a>' in html
    assert '<a href="https://example.org/a">https://example.org/a</a>' in html
    assert '<a href="https://example.org/b">https://example.org/c</a>' in html
    assert html.count("<a ") == 3


def test_a_bare_address_in_a_heading_becomes_a_link_and_the_heading_keeps_its_anchor():
    rendered = render_markdown("## Docs at https://example.org/docs\n")
    assert '<a href="https://example.org/docs">https://example.org/docs</a></h2>' in rendered.html
    assert [entry.text for entry in rendered.toc] == ["Docs at https://example.org/docs"]
