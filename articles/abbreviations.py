"""Abbreviations, as Python-Markdown's abbr extension (MkDocs), kramdown (Jekyll) and PHP Markdown Extra write
them: a line `*[HTML]: Hyper Text Markup Language` anywhere in the body is not shown, and every HTML in the
text becomes `<abbr title="Hyper Text Markup Language">HTML</abbr>`.
"""

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_DEFINITION = re.compile(r"\*\[(?P<label>[^\]\n]+)\]:[ \t]*(?P<title>.*)")
_WORD = re.compile(r"\w+")
# Labels that are not all word characters, each tried at every word of the text: a glossary has a few.
MAX_TRIED = 100


def abbreviations_plugin(md: MarkdownIt) -> None:
    # Before reference definitions, which `*[…]:` would otherwise never be; and able to end a paragraph, since
    # MkDocs sites list them straight after the text, or append a whole glossary to every page.
    md.block.ruler.before("reference", "abbreviation", _definition, {"alt": ["paragraph", "reference"]})
    md.core.ruler.after("inline", "abbreviations", _abbreviate)


def _definition(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    start = state.bMarks[start_line] + state.tShift[start_line]
    if state.src[start : start + 2] != "*[" or state.sCount[start_line] - state.blkIndent >= 4:
        return False
    match = _DEFINITION.fullmatch(state.src, start, state.eMarks[start_line])
    if match is None or not match.group("label").strip():
        return False
    if not silent:
        state.env.setdefault("abbreviations", {})[match.group("label").strip()] = match.group("title").strip()
        state.line = start_line + 1
    return True


def _abbreviate(state: StateCore) -> None:
    """Each defined abbreviation, where it stands as a word of its own in text: not in code, nor in raw HTML."""
    defined = state.env.get("abbreviations")
    if not defined:
        return
    # A label of word characters is looked up word by word, in time that does not grow with the number of
    # labels; the others ("C++", "e.g.") are tried at each word's start, the longest first, and only so many.
    others = sorted((label for label in defined if not _WORD.fullmatch(label)), key=len, reverse=True)
    tried = "|".join(map(re.escape, others[:MAX_TRIED]))
    pattern = re.compile(rf"(?<!\w)(?:{tried})(?!\w)|\w+" if tried else r"\w+")
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children = []
        for token in block.children:
            found = [m for m in pattern.finditer(token.content) if m.group() in defined] if token.type == "text" else []
            if not found:
                children.append(token)
                continue
            done = 0
            for match in found:
                if match.start() > done:
                    children.append(_text(token.content[done : match.start()], like=token))
                opening = Token("abbr_open", "abbr", 1, level=token.level)
                if defined[match.group()]:
                    opening.attrSet("title", defined[match.group()])
                children += [
                    opening,
                    _text(match.group(), like=token),
                    Token("abbr_close", "abbr", -1, level=token.level),
                ]
                done = match.end()
            if done < len(token.content):
                children.append(_text(token.content[done:], like=token))
        block.children = children


def _text(content: str, *, like: Token) -> Token:
    return Token("text", "", 0, content=content, level=like.level)
