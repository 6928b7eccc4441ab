"""Where a Markdown body's prose is, for the syntax an import rewrites in it (pymdown_syntax.py, arithmatex.py,
kramdown_formulas.py): code blocks are passed over whole, and within the prose the spans that are not prose are
found (inline code, the text of a hand-written `<pre>` or `<code>` element, HTML tags, link addresses, formulas),
so that an example of the syntax is never rewritten.
"""

import bisect
import itertools
import re
from collections.abc import Callable

from .markdown_scanning import block_parser
from .template_code import code_spans

# A formula, as formulas.py reads `$…$` and `$$…$$` (a `$` before a space or next to a digit opens or closes nothing;
# an inline one stays in its paragraph), and as pymdownx.arithmatex reads `\(…\)` and `\[…\]`. TeX's `a~b` is a
# non-breaking space, never a subscript.
# One opening's search stops at the next opening: a page of openings that never close is read in one pass.
DOLLAR_FORMULA = (
    r"\$\$[^$]*\$\$"
    r"|(?<![\\\d])\$(?![\s$])(?:\\.|[^$\\\n]|\n(?![ \t]*\n))+?(?<!\s)\$(?!\d)"
)
FORMULA = re.compile(
    DOLLAR_FORMULA + r"|\\\((?:\\(?!\()|[^\\\n]|\n(?![ \t]*\n))+?\\\)"
    r"|\\\[(?:\\(?!\[)|[^\\\n]|\n(?![ \t]*\n))+?\\\]"
)
# Text that is not prose: an HTML tag or autolink, a link's address, a reference definition's, a formula.
_NOT_FORMULA_PROSE = r"<[^<>\n]+>|\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)|^[ \t]*\[[^\]\n]+\]:.*$"
NOT_PROSE = re.compile(_NOT_FORMULA_PROSE + "|" + FORMULA.pattern, re.MULTILINE)
# The same, where no formula is read yet.
NOT_FORMULA_PROSE = re.compile(_NOT_FORMULA_PROSE, re.MULTILINE)
# The same, where arithmatex's delimiters are still to be read: only a formula between dollars is one already.
NOT_PROSE_BUT_ARITHMATEX = re.compile(_NOT_FORMULA_PROSE + "|" + DOLLAR_FORMULA, re.MULTILINE)
BLANK_LINES = re.compile(r"\n[ \t]*\n")
# Hand-written HTML whose text is code: a <pre> or <code> element, from its start tag to its end tag.
_HTML_CODE_START = re.compile(r"<(pre|code)(?=[\s/>])[^<>]*>", re.IGNORECASE)
_HTML_CODE_END = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in ("pre", "code")}
_code_finder = block_parser()
_code_finder.core.ruler.enableOnly(["normalize", "block"])  # code blocks are all it looks for


def in_prose(body: str, convert: Callable[[str], str]) -> str:
    """The body with `convert` applied to each run of its lines between code blocks, the code left as it was."""
    lines = body.split("\n")
    code = [False] * len(lines)
    for token in _code_finder.parse(body):
        if token.type in ("fence", "code_block") and token.map:
            for number in range(*token.map):
                code[number] = True
    pieces, start = [], 0
    for number in range(len(lines) + 1):
        if number == len(lines) or code[number]:
            if start < number:
                pieces.append(convert("\n".join(lines[start:number])))
            if number < len(lines):
                pieces.append(lines[number])
            start = number + 1
    return "\n".join(pieces)


def by_paragraph(text: str, convert: Callable[[str], str]) -> str:
    """The text with `convert` applied to each of its paragraphs (as Python-Markdown splits them, at blank lines)."""
    paragraphs = BLANK_LINES.split(text)
    separators = BLANK_LINES.findall(text)
    converted = [convert(paragraph) for paragraph in paragraphs]
    return "".join(itertools.chain.from_iterable(itertools.zip_longest(converted, separators, fillvalue="")))


class Spans:
    """Where the text is not prose, asked of each match: found by bisection, however many spans there are."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self.starts = [start for start, _ in spans]
        self.reach = list(itertools.accumulate((end for _, end in spans), max))  # the furthest end so far

    def __contains__(self, at: int) -> bool:
        index = bisect.bisect_right(self.starts, at) - 1
        return index >= 0 and self.reach[index] > at

    def meets(self, start: int, end: int) -> bool:
        """Whether any span shares a character with text[start:end]."""
        index = bisect.bisect_left(self.starts, end) - 1
        return index >= 0 and self.reach[index] > start


def not_prose(text: str, *, pattern: re.Pattern = NOT_PROSE, inline_code: bool = True) -> Spans:
    """Where the text is not prose: `pattern`'s matches, hand-written code elements and, unless told, inline code."""
    code = inline_code_spans(text)
    in_code = Spans(list(code))
    found = [match.span() for match in pattern.finditer(text)] + _html_code(text, in_code=in_code)
    return Spans(found + code if inline_code else found)


def inline_code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each inline code span, none reaching past its paragraph."""
    code = []
    at = 0
    for paragraph in BLANK_LINES.split(text):
        at = text.index(paragraph, at)
        code += [(at + start, at + end) for start, end in code_spans(paragraph)]
        at += len(paragraph)
    return code


def _html_code(text: str, *, in_code: Spans) -> list[tuple[int, int]]:
    """Where each hand-written <pre> or <code> element is, to its end tag; one left open runs, as a browser reads it,
    to the page's end (a <pre>, which markdown-it reads as a block to its end tag) or its paragraph's (a <code>). A
    tag inside inline code is code's text. Each end tag is looked for once: where one is not found, none is later."""
    spans: list[tuple[int, int]] = []
    done, unclosed = 0, set()
    for tag in _HTML_CODE_START.finditer(text):
        name = tag.group(1).lower()
        if tag.start() < done or tag.start() in in_code:
            continue
        closing = None if name in unclosed else _HTML_CODE_END[name].search(text, tag.end())
        if closing:
            done = closing.end()
        elif name == "pre":
            done = len(text)
        else:
            unclosed.add(name)
            paragraph_end = BLANK_LINES.search(text, tag.end())
            done = paragraph_end.start() if paragraph_end else len(text)
        spans.append((tag.start(), done))
    return spans


def escaped(text: str, at: int) -> bool:
    """Whether the character at `at` follows an odd number of backslashes."""
    before = at
    while before and text[before - 1] == "\\":
        before -= 1
    return (at - before) % 2 == 1
