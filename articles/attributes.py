"""Attribute lists, `{#id .class key=value}`, as Hugo, kramdown, Python-Markdown and markdown-it-attrs write them.

Sites use them to name a heading's anchor (`## Changes {#v2}`, so that links to `#v2` keep working), to size an
image, or to give a block a theme's class (`{: .lead }` under a paragraph, `{: .no_toc }` beside a heading).
Folio applies them to the element they follow or stand beside, leaves to the sanitiser what a page may keep
(a heading's id, an image's size), and never lets the braces reach readers as text. Braces that do not read as
attributes (`{curly}`, `{{ template }}`, `{% tag %}`) stay text.
"""

import re
from itertools import pairwise

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.attrs.parse import ParseError, parse

_LIST = r"\{:?[^{}%\n]*\}"
_AT = re.compile(_LIST)
_LINE = re.compile(rf"[ \t]*({_LIST})[ \t]*")


_CLOSING_COLON = re.compile(r"\s:\}$")
# Quotes an editor or input method curled (`{target=“_blank”}`, `{ title=「…」 }`): Python-Markdown reads the value
# as one word, quotes and all, and applies the list; Folio reads them as the quotes they stand for.
_CURLED_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "「": '"', "」": '"', "‘": "'", "’": "'"})
# A value in single quotes (`{ title='Map' }`), which Python-Markdown, kramdown and Hugo read and the parser does not.
_SINGLE_QUOTED = re.compile(r"""='([^'"\n]*)'""")
_RUN_OF_NAMES = re.compile(r"(?<![^\s{])(?:[.#][\w-]+){2,}(?![^\s}])")


def read(text: str) -> dict[str, str] | None:
    """The attributes in one `{…}` (kramdown's `{: …}` too), or None when the braces are not an attribute list."""
    if text.startswith("{:"):
        # kramdown skips what is no attribute, so Beautiful Jekyll's closing colon (`{: .mx-auto :}`) is nothing.
        text = "{" + _CLOSING_COLON.sub("}", text[2:])
        if "." in text and '"' not in text and "'" not in text:
            # kramdown runs names together: `{:.circle.shadow}` is two classes, `{:#intro.lead}` an id and a class.
            text = _RUN_OF_NAMES.sub(lambda run: " ".join(re.findall(r"[.#][\w-]+", run.group(0))), text)
    try:
        end, attributes = parse(text)
    except ParseError:
        straightened = _SINGLE_QUOTED.sub(r'="\1"', text.translate(_CURLED_QUOTES))
        if straightened == text:
            return None
        return read(straightened)
    return attributes if attributes and end == len(text) - 1 else None


def apply(token: Token, attributes: dict[str, str]) -> None:
    for name, value in attributes.items():
        if name == "class" and token.attrGet("class"):
            value = f"{token.attrGet('class')} {value}"
        token.attrSet(name, value)


def _headings(state: StateCore) -> None:
    tokens = state.tokens
    for opening, inline in pairwise(tokens):
        text = inline.content.rstrip() if opening.type == "heading_open" else ""
        if not text.endswith("}"):
            continue
        # The last `{`, with a space before it, as Hugo and Python-Markdown require: found without a pattern
        # that a long run of spaces would make scan again from each of them.
        start = text.rfind("{")
        attributes = read(text[start:]) if start > 0 and text[start - 1] in " \t" else None
        if attributes is not None:
            apply(opening, attributes)
            inline.content = text[:start].rstrip()


def _line_attributes(line: str) -> dict[str, str] | None:
    match = _LINE.fullmatch(line)
    return read(match.group(1)) if match else None


def _block_lists(state: StateCore) -> None:
    """`{: …}` lines: each ends the paragraph above it and is its own; alone, one belongs to the block it touches."""
    tokens = state.tokens
    source_lines: list[str] = []  # the page's lines, split once when a quote's last line is first looked at
    i = 0
    while i < len(tokens) - 2:
        opening, inline = tokens[i], tokens[i + 1]
        if opening.type != "paragraph_open" or "{" not in inline.content:
            i += 1
            continue
        if _is_kramdown_contents(tokens, i):
            del tokens[i - 2 : i + 5]
            i -= 2
            continue
        parts = _paragraphs(inline.content)
        if parts is None:
            i += 1
            continue
        # The last part has attributes only when the paragraph's last line is a list.
        quote = None
        if parts[-1][1] and opening.level:
            source_lines = source_lines or state.src.split("\n")
            quote = _quote_ended_by(tokens, i, source_lines)
        if quote is not None:
            # `> A tip.` then `{: .prompt-tip }`: the list's line has no `>`, so kramdown gives it to the quote
            # (Chirpy's and jekyll-gitbook's callouts), where markdown-it reads it as the paragraph's last line.
            apply(quote, parts[-1][1])
            parts[-1] = (parts[-1][0], {})
        if len(parts) > 1 and not parts[0][0]:
            # A list on the line above a paragraph is that paragraph's, as just-the-docs' `{: .note }` says.
            parts[:2] = [(parts[1][0], _merged(parts[0][1], parts[1][1]))]
        made = [
            token for text, attributes in parts if text for token in _paragraph(tokens[i : i + 3], text, attributes)
        ]
        tokens[i : i + 3] = made
        target = None if made else _touching(tokens, i, opening)
        for _, attributes in parts if target is not None else ():
            apply(target, attributes)
        i += len(made)


def _merged(first: dict[str, str], second: dict[str, str]) -> dict[str, str]:
    merged = {**first, **second}
    if "class" in first and "class" in second:
        merged["class"] = f"{first['class']} {second['class']}"
    return merged


def _quote_ended_by(tokens: list[Token], i: int, source_lines: list[str]) -> Token | None:
    """The quote a paragraph's last line closes: a `{: …}` line without `>`, which markdown-it reads as lazy."""
    opening = tokens[i]
    if not opening.map or source_lines[opening.map[1] - 1].lstrip().startswith(">"):
        return None
    # Only a quote's last paragraph can end with a lazy line, so this walk back is made once a quote at most.
    parent = next((tokens[j] for j in range(i - 1, -1, -1) if tokens[j].level < opening.level), None)
    return parent if parent is not None and parent.type == "blockquote_open" else None


def _paragraphs(content: str) -> list[tuple[str, dict[str, str]]] | None:
    """A paragraph's lines as kramdown reads them, each `{: …}` line closing the text above it; None if it has none."""
    parts: list[tuple[str, dict[str, str]]] = []
    lines: list[str] = []
    for line in content.split("\n"):
        attributes = _line_attributes(line)
        if attributes is None:
            lines.append(line)
        else:
            parts.append(("\n".join(lines).lstrip(), attributes))
            lines = []
    if not parts:
        return None
    return [*parts, ("\n".join(lines).lstrip(), {})] if lines else parts


def _paragraph(original: list[Token], text: str, attributes: dict[str, str]) -> list[Token]:
    opening, inline, closing = (Token(t.type, t.tag, t.nesting) for t in original)
    for made, was in zip((opening, inline, closing), original, strict=True):
        made.level, made.block, made.hidden, made.map = was.level, was.block, was.hidden, was.map
    inline.content, inline.children = text, []
    apply(opening, attributes)
    return [opening, inline, closing]


_CONTENTS = re.compile(r"[^\n]*\n[ \t]*\{:\s*toc\s*\}[ \t]*")
_LISTS = {"bullet_list_open": "bullet_list_close", "ordered_list_open": "ordered_list_close"}


def _is_kramdown_contents(tokens: list[Token], i: int) -> bool:
    """kramdown's `* TOC` + `{:toc}`, a one-item list that marks where its contents go: the page shows its own."""
    if i < 2 or i + 4 >= len(tokens) or not _CONTENTS.fullmatch(tokens[i + 1].content):
        return False
    listing, item, close_item, close_list = tokens[i - 2], tokens[i - 1], tokens[i + 3], tokens[i + 4]
    return (
        listing.type in _LISTS
        and item.type == "list_item_open"
        and close_item.type == "list_item_close"
        and close_list.type == _LISTS[listing.type]
    )


def _touching(tokens: list[Token], i: int, removed: Token) -> Token | None:
    """The block a removed `{: …}` paragraph stood against: the one ending on the line above, else the one below."""
    start, end = removed.map or (None, None)
    above = next((t for t in reversed(tokens[:i]) if t.level == removed.level and t.nesting >= 0 and t.map), None)
    if above is not None and start is not None and above.map[1] == start:
        return above
    below = tokens[i] if i < len(tokens) else None
    if below is not None and below.nesting >= 0 and below.map and below.map[0] == end:
        return below
    return None


# What a list right after it applies to: an image or code itself, or the opening of a link or of emphasis.
# Emphasis is only known once a line's delimiters are paired, after the inline rules: lists are read then.
_OPENING_OF = {"link_close": "link_open", "strong_close": "strong_open", "em_close": "em_open", "s_close": "s_open"}
_ITSELF = ("image", "code_inline")


def _inline_lists(state: StateCore) -> None:
    """`[Start](/s/){ .button }`, `**Update**{ title="…" }`: the list goes to what it follows (after a closing
    HTML tag, it goes), and is not shown."""
    for token in state.tokens:
        children = token.children or [] if token.type == "inline" and "{" in token.content else []
        emptied = []
        for at in range(1, len(children)):
            before, text = children[at - 1], children[at]
            closing_tag = before.type == "html_inline" and before.content.startswith("</")
            follows = before.type in _OPENING_OF or before.type in _ITSELF or closing_tag
            if text.type != "text" or not text.content.startswith("{") or not follows:
                continue
            match = _AT.match(text.content)
            attributes = read(match.group()) if match else None
            if attributes is None:
                continue
            text.content = text.content[match.end() :]
            if not text.content:
                emptied.append(text)
            if before.type in _ITSELF:
                apply(before, attributes)
            elif before.type in _OPENING_OF:
                wanted = _OPENING_OF[before.type]
                opening = next(t for t in reversed(children[:at]) if t.type == wanted and t.level == before.level)
                apply(opening, attributes)
        if emptied:  # nothing is left where a list stood: an image alone in its paragraph is still a figure
            token.children = [child for child in children if not any(child is gone for gone in emptied)]


def attributes_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("inline", "folio_inline_attributes", _inline_lists)
    md.core.ruler.after("block", "folio_heading_attributes", _headings)
    md.core.ruler.after("block", "folio_block_attributes", _block_lists)
