"""pymdownx.blocks' generic blocks, as MkDocs sites write them: `/// name | argument`, options indented under it,
the Markdown inside, and `///` to close (an outer block takes more slashes than the blocks it holds).

- `/// note | Title` (and every other name but those below) is a note of that kind; `/// admonition | Title`
  takes its kind from its `type` option;
- `/// details | Summary` (or `details-<kind>`) is a collapsible note, shown open when its `open` option says so;
- `/// tab | Label` is a tab, shown as the tabs of pymdownx.tabbed are (tabbed.py);
- `/// caption` (`figure-caption`, `table-caption`) captions the block above it, which becomes a figure;
- `/// html | div.result` and `/// define` keep their Markdown and drop the wrapper, which is the theme's style.
"""

import re

import yaml
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

from .notes import closing_of, title_tokens

_HEADER = re.compile(r"\s*(?P<name>[a-z][a-z0-9-]{0,30})\s*(?:\|\s*(?P<argument>.*?))?\s*")
_WRAPPERS = frozenset({"html", "define", "definition"})
_CAPTIONS = frozenset({"caption", "figure-caption", "table-caption"})
_LONE_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")


def _is_block(params: str, *args) -> bool:
    return _HEADER.fullmatch(params) is not None


def _options(tokens: list[Token], i: int) -> dict:
    """The options indented under the header: the container's first child, read as indented code. Removed."""
    opening = tokens[i]
    first = tokens[i + 1] if i + 1 < len(tokens) else None
    if first is None or first.type != "code_block" or not first.map or first.map[0] != opening.map[0] + 1:
        return {}
    try:
        options = yaml.safe_load(first.content)
    except yaml.YAMLError:
        return {}
    if not isinstance(options, dict):
        return {}
    del tokens[i + 1]
    return options


def _opening_of_block_before(tokens: list[Token], i: int) -> int | None:
    """The index where the block just above tokens[i] (at its level) starts, or None when there is none."""
    if i == 0 or tokens[i - 1].level != tokens[i].level or tokens[i - 1].nesting == 1:
        return None
    j, depth = i - 1, 0
    while j >= 0:
        depth += tokens[j].nesting
        if depth == 0:
            return j
        j -= 1
    return None


def _html(content: str, *, like: Token) -> Token:
    token = Token("html_block", "", 0)
    token.content, token.level, token.block, token.map = content, like.level, True, like.map
    return token


def _as_note(opening: Token, closing: Token, *, kind: str, markup: str) -> None:
    opening.type, closing.type = "admonition_open", "admonition_close"
    opening.tag = closing.tag = "aside"
    opening.markup = closing.markup = markup
    opening.meta = {"tag": kind}


def _blocks(state: StateCore) -> None:
    tokens = state.tokens
    i = -1
    while (i := i + 1) < len(tokens):
        opening = tokens[i]
        if opening.type != "container_block_open":
            continue
        header = _HEADER.fullmatch(opening.info)  # matched when the container was made
        name, argument = header.group("name"), (header.group("argument") or "").strip()
        options = _options(tokens, i)
        end = closing_of(tokens, i)
        closing = tokens[end]
        if name in _WRAPPERS:
            del tokens[end], tokens[i]
            i -= 1
            continue
        if name in _CAPTIONS:
            above = _opening_of_block_before(tokens, i)
            if above is None:  # nothing to caption: its text stays, as a paragraph
                del tokens[end], tokens[i]
                i -= 1
                continue
            if tokens[above].type == "paragraph_open" and _LONE_IMAGE.fullmatch(tokens[above + 1].content.strip()):
                # The image goes into this figure, not into one of its own (rendering.py's figures).
                tokens[above].hidden = tokens[i - 1].hidden = True
            tokens[end] = _html("</figcaption>\n</figure>\n", like=closing)
            tokens[i] = _html("<figcaption>\n", like=opening)
            tokens.insert(above, _html("<figure>\n", like=opening))
            i += 1
            continue
        if name == "tab":
            _as_note(opening, closing, kind="tab", markup="===")
            title = argument or "Tab"
        elif name == "details" or name.startswith("details-"):
            kind = name.removeprefix("details-") if name != "details" else str(options.get("type") or "note")
            _as_note(opening, closing, kind=kind, markup="???+" if options.get("open") is True else "???")
            title = argument or kind.capitalize()
        else:
            kind = str(options.get("type") or "note") if name == "admonition" else name
            _as_note(opening, closing, kind=kind, markup="!!!")
            title = argument or kind.capitalize()
        tokens[i + 1 : i + 1] = title_tokens(title, like=opening)
        i += 3


def blocks_plugin(md: MarkdownIt) -> None:
    md.use(container_plugin, name="block", marker="/", validate=_is_block)
    md.core.ruler.after("block", "folio_blocks", _blocks)
