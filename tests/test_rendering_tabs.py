"""MkDocs Material's content tabs reach readers as titled blocks, never as `=== "…"` text and broken code."""

from articles.rendering import render_markdown

TABS = """Intro.

=== "Output"

    ```text
    tide: high
    ```

===+ "tides.py"

    ```python
    print("high")
    ```

    Run it *twice*.

After the tabs.
"""


def test_each_content_tab_is_a_block_titled_with_its_label_holding_its_markdown():
    html = render_markdown(TABS).html

    assert '<aside class="admonition admonition-tab">\n<p class="admonition-title">Output</p>' in html
    assert '<p class="admonition-title">tides.py</p>' in html
    assert '<code class="language-python">' in html
    assert "<p>Run it <em>twice</em>.</p>\n</aside>" in html
    assert "<p>After the tabs.</p>" in html
    assert "===" not in html and "```" not in html


def test_tabs_inside_an_admonition_are_tabs_of_that_admonition():
    html = render_markdown('!!! example\n\n    === "One"\n\n        First.\n\n    === "Two"\n\n        Second.\n').html

    assert html.count('class="admonition admonition-tab"') == 2
    assert html.rstrip().endswith("</aside>\n</aside>")


def test_a_tab_marker_in_code_or_without_a_quoted_label_is_left_as_written():
    html = render_markdown('```\n=== "Output"\n```\n\n=== Output\n').html

    assert "admonition-tab" not in html
    assert '<code>=== "Output"\n</code>' in html and "<p>=== Output</p>" in html
