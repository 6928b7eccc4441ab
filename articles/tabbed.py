"""MkDocs Material's content tabs (pymdownx.tabbed): `=== "Title"` with the tab's Markdown indented under it.

A page has no script to switch between tabs, so each tab is shown in turn, as a block titled with its label:
the same tokens as an admonition of the kind `tab`, which the renderer and the sanitiser already know.
"""

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

# `===! "Title"` starts a new set of tabs, `===+ "Title"` is the one selected: both are shown as any other.
_TAB = re.compile(r'===[!+]{0,2}[ \t]+"(?P<title>[^"\n]*)"[ \t]*')
_INDENT = 4


def _tab(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= _INDENT:  # an indented code block
        return False
    start = state.bMarks[start_line] + state.tShift[start_line]
    match = _TAB.fullmatch(state.src, start, state.eMarks[start_line])
    if match is None:
        return False
    if silent:
        return True
    indent = state.sCount[start_line] + _INDENT
    last = next_line = start_line + 1
    while next_line < end_line:
        if state.isEmpty(next_line):
            next_line += 1
            continue
        if state.sCount[next_line] < indent:
            break
        next_line += 1
        last = next_line

    old_parent, old_line_max, old_indent = state.parentType, state.lineMax, state.blkIndent
    state.parentType, state.lineMax, state.blkIndent = "admonition", last, indent
    opening = state.push("admonition_open", "aside", 1)
    opening.markup, opening.meta, opening.block = "===", {"tag": "tab"}, True
    opening.map = [start_line, last]
    state.push("admonition_title_open", "p", 1).markup = "==="
    title = state.push("inline", "", 0)
    title.content, title.map, title.children = match.group("title"), [start_line, start_line + 1], []
    state.push("admonition_title_close", "p", -1)
    state.md.block.tokenize(state, start_line + 1, last)
    state.push("admonition_close", "aside", -1).markup = "==="
    state.parentType, state.lineMax, state.blkIndent = old_parent, old_line_max, old_indent
    state.line = last
    return True


def tabbed_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("fence", "tabbed", _tab, {"alt": ["paragraph", "reference", "blockquote", "list"]})
