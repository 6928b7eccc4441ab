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

_OPENING = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*\smarkdown(?:=([\"']?)(?:1|block)\2)?(?=[\s/>])[^<>]*>\s*")


def _html(content: str, like: Token, first_line: int) -> Token:
    token = Token("html_block", "", 0)
    token.content, token.block, token.level = content, True, like.level
    token.map = [first_line, first_line + content.count("\n")]
    return token


def _split(state: StateCore, token: Token) -> list[Token] | None:
    first, _, rest = token.content.partition("\n")
    opening = _OPENING.fullmatch(first.strip())
    if opening is None or not rest.strip():
        return None
    lines = rest.rstrip("\n").split("\n")
    # The block's own closing tag may come before the blank line that ends the HTML block (a fence written right
    # under it): what follows the tag is Markdown too.
    closing = next((n for n, line in enumerate(lines) if line.strip() == f"</{opening.group(1)}>"), len(lines))
    start = (token.map or (0, 0))[0] + 1
    tokens = [_html(first + "\n", token, start - 1), *_parsed(state, token, lines[:closing], start)]
    if closing < len(lines):
        tokens.append(_html(lines[closing] + "\n", token, start + closing))
        tokens += _parsed(state, token, lines[closing + 1 :], start + closing + 1)
    return tokens


def _parsed(state: StateCore, token: Token, lines: list[str], first_line: int) -> list[Token]:
    parsed: list[Token] = []
    if lines:
        state.md.block.parse("\n".join(lines) + "\n", state.md, state.env, parsed)
    for child in parsed:
        child.level += token.level
        if child.map:
            child.map = [line + first_line for line in child.map]
    return parsed


def _markdown_in_html(state: StateCore) -> None:
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        token = tokens[i]
        split = _split(state, token) if token.type == "html_block" and "markdown" in token.content else None
        if split is None:
            i += 1
            continue
        tokens[i : i + 1] = split
        i += len(split)


def markdown_in_html_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("block", "folio_markdown_in_html", _markdown_in_html)
