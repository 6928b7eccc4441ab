"""Definitions whose term is only an HTML comment, as MkDocs Material's documentation describes each option
under a marker its build hook fills in:

    <!-- md:option mode:search -->

    :   This mode is active when the search is focused:

        * ++esc++ : close the search

Python-Markdown reads the comment as the term. Folio has no hook to fill it, and an empty term is no help to a
reader, so the definition's text is shown as ordinary paragraphs and lists. Left to CommonMark, the comment
would be an HTML block, the definition a paragraph starting with `:` and its indented list a code block.
"""

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_COMMENT = re.compile(r"<!--(?:(?!-->).)*-->[ \t]*")


def unnamed_definitions_plugin(md: MarkdownIt) -> None:
    """Needs the definition list plugin: its rule reads the definitions, with the comment as their term."""
    deflist = next(rule for rule in md.block.ruler.getRules("") if rule.__name__ == "deflist")

    def definition_under_comment(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        # Silent is the question "may this interrupt a paragraph?": the HTML block rule answers it as before,
        # and the comment's line then comes back here as a block of its own.
        if silent or state.sCount[start_line] - state.blkIndent >= 4:
            return False
        start = state.bMarks[start_line] + state.tShift[start_line]
        if not _COMMENT.fullmatch(state.src, start, state.eMarks[start_line]):
            return False
        return deflist(state, start_line, end_line, False)

    md.block.ruler.before("html_block", "folio_unnamed_definitions", definition_under_comment)
    md.core.ruler.after("block", "folio_unnamed_definitions", _unwrap)


def _unwrap(state: StateCore) -> None:
    """Each term that is only a comment gives way to its definitions' blocks; named terms keep their list."""
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        if tokens[i].type != "dl_open" or not _has_unnamed_term(tokens, i):
            i += 1
            continue
        end = _closing(tokens, i)
        opening, closing = tokens[i], tokens[end]
        replacement, in_list = [], False
        for term, group in _groups(tokens, i + 1, end):
            if _COMMENT.fullmatch(tokens[term[0] + 1].content):
                if in_list:
                    replacement.append(_copy(closing))
                    in_list = False
                replacement += _definitions_unwrapped(group, opening.level)
            else:
                if not in_list:
                    replacement.append(_copy(opening))
                    in_list = True
                replacement += [tokens[j] for j in term] + group
        if in_list:
            replacement.append(_copy(closing))
        tokens[i : end + 1] = replacement
        i += len(replacement)


def _has_unnamed_term(tokens: list[Token], opening: int) -> bool:
    end = _closing(tokens, opening)
    return any(
        tokens[j].type == "dt_open"
        and tokens[j].level == tokens[opening].level + 1
        and _COMMENT.fullmatch(tokens[j + 1].content)
        for j in range(opening, end)
    )


def _groups(tokens: list[Token], start: int, end: int):
    """(the term's three token indexes, the tokens of its definitions) for each term of the list."""
    level = tokens[start].level
    j = start
    while j < end:
        term = [j, j + 1, j + 2]
        j += 3
        group = []
        while j < end and not (tokens[j].type == "dt_open" and tokens[j].level == level):
            group.append(tokens[j])
            j += 1
        yield term, group


def _definitions_unwrapped(group: list[Token], level: int) -> list[Token]:
    kept = []
    for token in group:
        if token.level == level + 1 and token.type in ("dd_open", "dd_close"):
            continue
        if token.type in ("paragraph_open", "paragraph_close") and token.level == level + 2:
            token.hidden = False  # a tight list's definitions were bare text; here they are paragraphs
        kept.append(token)
    return kept


def _copy(token: Token) -> Token:
    return Token(token.type, token.tag, token.nesting, level=token.level, markup=token.markup, block=True)


def _closing(tokens: list[Token], opening: int) -> int:
    depth = 0
    for index in range(opening, len(tokens)):
        depth += tokens[index].nesting if tokens[index].type in ("dl_open", "dl_close") else 0
        if depth == 0:
            return index
    return len(tokens) - 1
