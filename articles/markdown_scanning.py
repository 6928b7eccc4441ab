"""Where things are written in a Markdown body, found by a parse that reads blocks as the renderer does.

The images, links, video embeds and pymdown syntax an import rewrites are each found through the same parse, so
that an example inside a code block is never touched and Markdown the renderer reads indented (admonitions,
content tabs) is not taken for code. Kept apart from what each of them does with what it finds: here are only the
parser, the lines of a body, its link reference definitions and the lines of its own HTML.
"""

import bisect
import re

from markdown_it import MarkdownIt
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .markdown_in_html import markdown_in_html_plugin
from .tabbed import tabbed_plugin


def block_parser(**options) -> MarkdownIt:
    """A parser that finds blocks as the renderer does: the Markdown it reads indented (admonitions, content tabs,
    footnotes, definitions) is not a code block here either, and the Markdown inside an HTML block marked
    `markdown` (Material's `<figure markdown>` around an image) is Markdown, so the images and links in it are the
    site's own."""
    return (
        MarkdownIt("commonmark", options)
        .enable("table")
        .use(admon_plugin)
        .use(tabbed_plugin)
        .use(footnote_plugin)
        .use(deflist_plugin)
        .use(markdown_in_html_plugin)
    )


# store_labels: a reference image's token names the definition that gives its address.
body_finder = block_parser(store_labels=True)
# Find every image Markdown would parse, including those with addresses markdown-it refuses to link.
body_finder.validateLink = lambda url: True
# A link reference definition as written, from its label to its destination, which may be on the next line.
REFERENCE_DEFINITION = re.compile(r"\[(?:\\.|[^\\\[\]])+\]:[ \t]*(?:\n[ \t>]*)?(?P<dest><[^>\n]*>|\S+)")
Span = tuple[int, int]


def reference_definitions(body: str, env: dict, starts: list[int]) -> dict[str, tuple[Span, Span]]:
    """Where each link reference definition of a markdown-it parse (`env`, from parsing `body`) is written:
    its normalised label -> (the whole definition, its destination with any `<…>`), as spans of `body`."""
    spans = {}
    for label, reference in env.get("references", {}).items():
        first, last = reference["map"]
        whole = (starts[first], starts[last] if last < len(starts) else len(body))
        if match := REFERENCE_DEFINITION.search(body, *whole):
            spans[label] = (whole, match.span("dest"))
    return spans


def line_starts(text: str) -> list[int]:
    """Where each line of `text` starts, so that `line_of` finds the line an offset is on."""
    return [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]


def line_of(starts: list[int], at: int) -> int:
    return bisect.bisect_right(starts, at) - 1


def unbracketed(written: str) -> str:
    return written[1:-1] if written.startswith("<") and written.endswith(">") else written


def html_lines(body: str, *, holding: str) -> set[int]:
    """The numbers of the lines of a body's own HTML (not HTML shown as code) that hold `holding` (lower case)."""
    lines: set[int] = set()
    for token in body_finder.parse(body):
        is_html = token.type == "html_block" or any(child.type == "html_inline" for child in token.children or [])
        if is_html and token.map and holding in token.content.lower():
            lines.update(range(*token.map))
    return lines
