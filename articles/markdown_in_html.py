"""Markdown inside an HTML block marked `markdown="1"`, as kramdown (Jekyll) and Python-Markdown's md_in_html read it.

CommonMark keeps everything from an HTML block's opening tag to the next blank line as raw HTML, so the lines
a site wrote straight under `<div class="example" markdown="1">` would reach readers as unformatted text, their
`*emphasis*` and `{: .lead }` lists showing. Here those lines are parsed as the Markdown they were written as;
the lines after the first blank one already are.
"""

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

MAX_TAG = 2000
MAX_LINES = 200  # how far into an HTML block a marked tag is looked for
# How much HTML, in characters, a page's marked blocks may have read: four times the page, and some.
REREAD_FACTOR, REREAD_FLOOR = 4, 200_000
_OPENING = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*\smarkdown(?:=([\"']?)(1|block|span)\2)?(?=[\s/>])[^<>]*>\s*")


def _html(content: str, like: Token, first_line: int) -> Token:
    token = Token("html_block", "", 0)
    token.content, token.block, token.level = content, True, like.level
    token.meta["split"] = True  # made here: read already, never split again
    token.map = [first_line, first_line + content.count("\n")]
    return token


def _marked(line: str) -> re.Match | None:
    # A tag is short: a hostile line of a million characters is not tried against the pattern at all.
    return _OPENING.fullmatch(line.strip()) if "markdown" in line and len(line) <= MAX_TAG else None


def _marked_inside(line: str) -> bool:
    # kramdown reads a block marked `markdown="1"` inside an unmarked one; Python-Markdown reads none there, and
    # MkDocs sites write the bare `markdown` (Material's `<figure markdown>` with indented HTML in it, which read
    # as Markdown would be code). So only a value written out, as kramdown's sites write it, marks one inside.
    opening = _marked(line)
    return opening is not None and opening.group(2) is not None


def _split(state: StateCore, token: Token, still_open: list[str], budget: list[int]) -> list[Token] | None:
    """The HTML block as its tags and the Markdown between and after them; `still_open` names the marked blocks
    whose closing tag is yet to come, as a later HTML block's first line. A marked tag on a later line of the
    block (inside an unmarked `<div class="grid">`, as kramdown allows) starts a block of its own there."""
    # Each block read costs its length: marked blocks within marked blocks are read again, and a hostile page of
    # them would otherwise cost the square of its length.
    budget[0] -= len(token.content)
    if budget[0] < 0:
        return None
    first = token.content.partition("\n")[0]
    closes = bool(still_open) and first.strip() == f"</{still_open[-1]}>"
    if "markdown" in token.content and not closes and not _marked(first):
        lines = token.content.split("\n")
        inner = next((n for n, line in enumerate(lines[1:MAX_LINES], start=1) if _marked_inside(line)), None)
        if inner is not None:
            start = (token.map or (0, 0))[0]
            rest = _html("\n".join(lines[inner:]), token, start + inner)
            return [
                _html("\n".join(lines[:inner]) + "\n", token, start),
                *(_split(state, rest, still_open, budget) or [rest]),
            ]
    first, _, rest = token.content.partition("\n")
    lines = rest.rstrip("\n").split("\n") if rest.strip() else []
    start = (token.map or (0, 0))[0] + 1
    opening = _marked(first)
    if opening is None:
        # A closing tag that interrupted a paragraph opens an HTML block of its own, which holds what follows it
        # up to the next blank line (a fence written right under it): that is Markdown too.
        if not still_open or first.strip() != f"</{still_open[-1]}>":
            return None
        still_open.pop()
        return [_html(first + "\n", token, start - 1), *_parsed(state, token, lines, start)] if lines else None
    closing = next((n for n, line in enumerate(lines) if line.strip() == f"</{opening.group(1)}>"), None)
    span = opening.group(3) == "span"
    if closing is None:
        still_open.append(opening.group(1))
        return (
            [_html(first + "\n", token, start - 1), *_parsed(state, token, lines, start, span=span)] if lines else None
        )
    return [
        _html(first + "\n", token, start - 1),
        *_parsed(state, token, lines[:closing], start, span=span),
        _html(lines[closing] + "\n", token, start + closing),
        *_parsed(state, token, lines[closing + 1 :], start + closing + 1),
    ]


def _parsed(state: StateCore, token: Token, lines: list[str], first_line: int, *, span: bool = False) -> list[Token]:
    parsed: list[Token] = []
    if lines:
        state.md.block.parse("\n".join(lines) + "\n", state.md, state.env, parsed)
    for child in parsed:
        child.level += token.level
        if span and child.type in ("paragraph_open", "paragraph_close"):
            # `markdown="span"`: the lines are a run of text in the element (Material's `<figure>` around an
            # image), not a paragraph of their own.
            child.hidden = True
        if child.map:
            child.map = [line + first_line for line in child.map]
    return parsed


def _markdown_in_html(state: StateCore) -> None:
    tokens = state.tokens
    still_open: list[str] = []
    budget = [REREAD_FACTOR * len(state.src) + REREAD_FLOOR]
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type != "html_block" or token.meta.get("split"):
            i += 1
            continue
        split = _split(state, token, still_open, budget)
        if split is None:
            i += 1
            continue
        # The Markdown parsed from the block may hold HTML blocks of its own (a second marked block after the
        # first one's closing tag): those are read in turn; the pieces made here are not.
        tokens[i : i + 1] = split


def markdown_in_html_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("block", "folio_markdown_in_html", _markdown_in_html)
