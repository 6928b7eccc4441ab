"""A post's summary where its author divided it: the text before Hugo's `<!--more-->`, MkDocs Material's
`<!-- more -->` or the `excerpt_separator` a Jekyll post or site names. The old site showed that text in its lists;
a file without a description keeps it as its description."""

import html
import re

from django.utils.html import strip_tags
from django.utils.text import Truncator

from .rendering import render_markdown

# Hugo reads `<!--more-->` only; MkDocs Material's blog writes it with spaces.
MORE = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
# A link reference definition (`[go]: https://go.dev/`), which the summary's `[Go][]` may use from further down.
REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.MULTILINE)
MAX_WORDS = 80  # a description is a sentence or two; a divider far down the page gives its opening words


def divided_summary(body: str, *, generator: str, separator: object = None) -> str:
    """The plain text before the page's summary divider; empty when it has none. `separator` is Jekyll's
    `excerpt_separator`, from the post's front matter or the site's config."""
    if generator == "jekyll":
        if not isinstance(separator, str) or not separator.strip() or not separator.strip("\n"):
            return ""  # Jekyll's own default, a blank line, is no divider an author wrote
        at = body.find(separator)
    elif generator in ("hugo", "mkdocs"):
        match = MORE.search(body)
        at = match.start() if match else -1
    else:
        return ""
    if at <= 0:
        return ""
    # The page's link definitions come along, as Hugo renders the page whole: its links read as their text.
    definitions = "\n".join(match.group(0) for match in REFERENCE.finditer(body, at))
    text = " ".join(html.unescape(strip_tags(render_markdown(f"{body[:at]}\n\n{definitions}").html)).split())
    return Truncator(text).words(MAX_WORDS)
