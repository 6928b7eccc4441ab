r"""pymdownx.arithmatex's formulas, read on import where a MkDocs site turns it on and written as Folio writes
formulas, `$…$` and `$$…$$` (formulas.py), so that the page shows the formulas the site showed:

- `\(…\)` in a line;
- `\[…\]` and `\begin{align}…\end{align}` as a paragraph of their own, at the top of the page, in a note or as the
  first paragraph of a list item or a quote (`1. \[x^2\]`, `> \[x\]`), where Python-Markdown reads them as a block
  of the item's or quote's own;
- `$…$` in a line as the site's `smart_dollar` reads it: by default a `$` followed by a space opens nothing and one
  after a space closes nothing, whatever is beside it (`2$x$` is a formula); with `smart_dollar: false` any `$…$` not
  escaped is one (`$ x $`). Where Folio reads the page's dollars so already, they stay as written;
- InlineHilite's math code, `` `#!math x^2` `` (or `` `:::math x^2` ``), where the site's `custom_inline` gives
  arithmatex a language (`math` in its documentation);
- SuperFences' fences in a language its `custom_fences` gives arithmatex (```` ```math ````), written as `$$…$$`
  (math_fences.py).

Where the site's `inline_syntax` (or `block_syntax`) leaves out `dollar`, its `$…$` (or `$$…$$`) are text on the
site: their dollars are escaped (`\$`) where Folio would read a formula in them, so that the page shows them as
written.

A formula that dollars would not give back as it is (it holds a `$` of its own) stays as written, and so does a
paragraph whose formulas Folio would not read as the site did even with the text's own dollars escaped.
"""

import itertools
import re
import textwrap
from collections.abc import Callable, Iterable

from .formulas import math_plugin
from .markdown_scanning import block_parser
from .prose_spans import (
    NOT_FORMULA_PROSE,
    NOT_PROSE_BUT_ARITHMATEX,
    Spans,
    by_paragraph,
    escaped,
    inline_code_spans,
    not_prose,
)

# arithmatex's names for its delimiters beyond the dollars Folio reads anyway: `\(…\)`, `\[…\]`, `\begin{…}…\end{…}`.
ARITHMATEX_SYNTAX = ("round", "square", "begin")
# arithmatex's formula in a line, `\(…\)`, as it reads it: within a paragraph, a `\\` inside is TeX's (`\(a\\)b\)` is
# one formula), and not after an escaped backslash (`\\(` is a backslash and a bracket: checked where it matches).
_INLINE_FORMULA = re.compile(r"\\\((?P<tex>(?:\\[^()\n]|[^\\\n]|\n(?![ \t]*\n))+?)\\\)")
# arithmatex's displayed formulas, each a block of its own (a paragraph, as markdown-it reads the page's blocks).
_DISPLAYED_FORMULA = {
    "square": re.compile(r"\\\[(?P<tex>(?:\\[^\]]|[^\\])+?)\\\]", re.DOTALL),
    "begin": re.compile(r"(?P<tex>\\begin\{(?P<env>[a-z]+\*?)\}.+?\\end\{(?P=env)\})", re.DOTALL),
}
# arithmatex's `$…$` in a line, with `smart_dollar` (True) and without. What it holds stops at the next `$`, so that
# each `$` is looked at once, however many there are.
_SITE_DOLLARS = {
    True: re.compile(r"\$(?!\s)(?P<tex>(?:\\.|[^\\$])+?)(?<!\s)\$"),
    False: re.compile(r"\$(?P<tex>(?:\\.|[^\\$])+?)\$"),
}
_DOLLAR = re.compile(r"\$")
_DOUBLE_DOLLARS = re.compile(r"\$\$[^$]*\$\$")


def arithmatex_syntax(options: dict | None) -> frozenset[str]:
    """The delimiters of ARITHMATEX_SYNTAX arithmatex reads with these options: all of them unless `inline_syntax`
    or `block_syntax` lists fewer."""
    return frozenset(_listed_syntax(options) & set(ARITHMATEX_SYNTAX))


def site_dollars(options: dict | None) -> bool | None:
    """How arithmatex reads `$…$` in a line with these options: its `smart_dollar` (True unless turned off), or None
    where it reads no such formula (it is off, or its `inline_syntax` leaves dollars out)."""
    if options is None or "dollar" not in _listed(options, "inline_syntax", ["dollar", "round"]):
        return None
    return options.get("smart_dollar", True) is not False


def _listed_syntax(options: dict | None) -> set[str]:
    if options is None:
        return set()
    return _listed(options, "inline_syntax", ["dollar", "round"]) | _listed(
        options, "block_syntax", ["dollar", "square", "begin"]
    )


def _listed(options: dict, key: str, default: list[str]) -> set[str]:
    names = options.get(key, default)
    return {str(name) for name in names} if isinstance(names, list) else set(default)


def math_code_languages(options: dict | None) -> frozenset[str]:
    """The names InlineHilite's options give math (`#!math`): a `custom_inline` entry of class `arithmatex`, as
    arithmatex's documentation writes one, or named `math`. The entry's `format` names Python code, never read."""
    return arithmatex_names(options.get("custom_inline") if options else None)


def arithmatex_names(entries: object) -> frozenset[str]:
    """The names of a list of pymdown-extensions' custom formats (InlineHilite's `custom_inline`, SuperFences'
    `custom_fences`) that give arithmatex a language: of class `arithmatex`, or named `math`."""
    named = [entry for entry in (entries if isinstance(entries, list) else []) if isinstance(entry, dict)]
    return frozenset(
        str(entry["name"])
        for entry in named
        if entry.get("name") and (entry.get("class") == "arithmatex" or entry["name"] == "math")
    )


def text_dollars(options: dict | None) -> frozenset[str]:
    """Where arithmatex, turned on, reads dollars as text: `inline` where its `inline_syntax` leaves out `dollar`
    (`$…$` in a line), `block` where its `block_syntax` does (`$$…$$`)."""
    if options is None:
        return frozenset()
    read = {"inline": _listed(options, "inline_syntax", ["dollar", "round"])}
    read["block"] = _listed(options, "block_syntax", ["dollar", "square", "begin"])
    return frozenset(kind for kind, names in read.items() if "dollar" not in names)


def arithmatex_formulas(
    text: str,
    *,
    delimiters: frozenset[str],
    smart_dollar: bool | None,
    math_code: frozenset[str],
    dollars_as_text: frozenset[str] = frozenset(),
) -> str:
    """The formulas arithmatex (and InlineHilite's math) would read in the text, written between dollars as Folio
    reads formulas, a paragraph at a time; dollars it reads as text (`dollars_as_text`, of text_dollars()) escaped
    where Folio would read a formula in them."""
    code_formula = _math_code_pattern(math_code)

    def paragraph_formulas(paragraph: str) -> str:
        if dollars_as_text and "$" in paragraph:
            paragraph = _escaped_dollars(
                paragraph, inline="inline" in dollars_as_text, block="block" in dollars_as_text
            )
        if {"square", "begin"} & delimiters and ("\\[" in paragraph or "\\begin{" in paragraph):
            paragraph = _displayed_formulas(paragraph, delimiters=delimiters)
        if smart_dollar is not None and "$" in paragraph:
            paragraph = _site_dollars(paragraph, smart=smart_dollar)
        if "round" in delimiters and "\\(" in paragraph:
            paragraph = _in_dollars(paragraph, lambda text: _found(text, _INLINE_FORMULA, NOT_PROSE_BUT_ARITHMATEX))
        if code_formula and "`" in paragraph:
            paragraph = _in_dollars(paragraph, lambda text: _math_code(text, pattern=code_formula))
        return paragraph

    return by_paragraph(text, paragraph_formulas)


_formula_reader = block_parser().use(math_plugin)
_block_reader = block_parser()
_block_reader.core.ruler.enableOnly(["normalize", "block"])


def formulas_read(text: str) -> list[str]:
    """The TeX of each formula Folio reads in the text, a paragraph that may be indented in a list or a note."""
    found = []
    for token in _formula_reader.parse(textwrap.dedent(text)):
        if token.type.startswith("math_block"):
            found.append(token.content.strip())
        for child in token.children or []:
            if child.type.startswith("math_inline"):
                found.append(child.content.strip())
    return sorted(found)


def _displayed_formulas(paragraph: str, *, delimiters: frozenset[str]) -> str:
    """The paragraph with each block of it that is one of arithmatex's displayed formulas, alone or as the first
    block of a list item or a quote, between `$$`: the first line's opening and the last line's closing are written
    anew, the container's markers and the TeX's own lines left as they are. Unchanged if Folio would not then read
    each of them as a formula."""
    lines = paragraph.split("\n")
    written = []
    tokens = _block_reader.parse(textwrap.dedent(paragraph))
    for opening, inline in itertools.pairwise(tokens):
        if opening.type != "paragraph_open" or not opening.map:
            continue
        for name in delimiters & set(_DISPLAYED_FORMULA):
            found = _DISPLAYED_FORMULA[name].fullmatch(inline.content)
            if found and found.group("tex").strip() and "$" not in found.group("tex"):
                first, last = opening.map[0], opening.map[1] - 1
                lines[first : last + 1] = _between_double_dollars(lines[first : last + 1], square=name == "square")
                written.append(found.group("tex").strip())
    if not written:
        return paragraph
    converted = "\n".join(lines)
    return converted if formulas_read(converted) == sorted(formulas_read(paragraph) + written) else paragraph


def _between_double_dollars(lines: list[str], *, square: bool) -> list[str]:
    """A displayed formula's lines with its `\\[…\\]` written `$$…$$`, or `$$` put around its `\\begin…\\end`."""
    lines = list(lines)
    if square:
        end = lines[-1].rfind("\\]")
        lines[-1] = f"{lines[-1][:end]}$${lines[-1][end + 2 :]}"
        start = lines[0].find("\\[")
        lines[0] = f"{lines[0][:start]}$${lines[0][start + 2 :]}"
    else:
        end = lines[-1].rfind("}") + 1
        lines[-1] = f"{lines[-1][:end]}$${lines[-1][end:]}"
        start = lines[0].find("\\begin{")
        lines[0] = f"{lines[0][:start]}$${lines[0][start:]}"
    return lines


def _site_dollars(paragraph: str, *, smart: bool) -> str:
    """The paragraph's `$…$` as the site's arithmatex reads them, written as Folio reads formulas (no space inside,
    kept apart from a digit beside them, each other `$` of the text escaped). Unchanged where Folio reads them so
    already, where they sit with a `$$` (Folio's own), or where Folio would not read them so even written anew."""
    if "$$" in paragraph:
        return paragraph
    kept = not_prose(paragraph, pattern=NOT_FORMULA_PROSE)
    code = Spans(inline_code_spans(paragraph))
    formulas = []
    at = 0
    while found := _SITE_DOLLARS[smart].search(paragraph, at):
        # As arithmatex's: an escaped `$` opens nothing, and what it holds reaches into no inline code (read before
        # formulas), though it may hold a tag or a link, as Folio's formulas may.
        if escaped(paragraph, found.start()) or found.start() in kept or code.meets(*found.span()):
            at = found.start() + 1
            continue
        formulas.append(found)
        at = found.end()
    if formulas_read(paragraph) == sorted(found.group("tex").strip() for found in formulas):
        return paragraph
    prices = _text_dollars(paragraph, kept=kept, formulas=formulas)
    converted, written = _written_in_dollars(paragraph, formulas, escape=prices)
    return converted if formulas_read(converted) == sorted(written) else paragraph


def _escaped_dollars(paragraph: str, *, inline: bool, block: bool) -> str:
    """The paragraph with a backslash before each `$` of its prose that the site reads as text, where Folio would
    read a formula in them: those of its `$…$` where `inline`, of its `$$…$$` where `block`, shown as written.
    Unchanged where Folio reads no formula of them."""
    before = formulas_read(paragraph)
    if not before:
        return paragraph
    kept = not_prose(paragraph, pattern=NOT_FORMULA_PROSE)
    displayed = Spans([found.span() for found in _DOUBLE_DOLLARS.finditer(paragraph)])
    dollars = [
        dollar.start()
        for dollar in _DOLLAR.finditer(paragraph)
        if dollar.start() not in kept
        and (block if dollar.start() in displayed else inline)
        and not escaped(paragraph, dollar.start())
    ]
    converted, _ = _written_in_dollars(paragraph, [], escape=dollars)
    return paragraph if formulas_read(converted) == before else converted


def _in_dollars(paragraph: str, formulas: Callable[[str], list[re.Match]]) -> str:
    """The paragraph with the formulas `formulas` finds in it (their TeX the group `tex`) made `$…$`. Where that
    would pair a dollar of the text (a price) with a formula's, the text's dollars are escaped, shown as they were; if
    even so the formulas would not read as they did, the paragraph stays as written."""
    found = formulas(paragraph)
    converted, written = _written_in_dollars(paragraph, found)
    if not written:
        return paragraph
    expected = sorted(formulas_read(paragraph) + written)
    if formulas_read(converted) == expected:
        return converted
    prices = _text_dollars(paragraph, kept=not_prose(paragraph, pattern=NOT_PROSE_BUT_ARITHMATEX), formulas=found)
    converted, _ = _written_in_dollars(paragraph, found, escape=prices)
    return converted if formulas_read(converted) == expected else paragraph


def _text_dollars(paragraph: str, *, kept: Spans, formulas: list[re.Match]) -> list[int]:
    """Where the paragraph's prose has a `$` of its own (a price's): in none of `formulas`, and not escaped."""
    in_formulas = Spans([found.span() for found in formulas])
    return [
        dollar.start()
        for dollar in _DOLLAR.finditer(paragraph)
        if dollar.start() not in kept and dollar.start() not in in_formulas and not escaped(paragraph, dollar.start())
    ]


def dollar_forms(
    paragraph: str, *, formula: re.Pattern = _INLINE_FORMULA, not_prose: re.Pattern = NOT_PROSE_BUT_ARITHMATEX
) -> tuple[str, list[str]]:
    """The paragraph with each `formula` (its TeX the group `tex`; arithmatex's `\\(…\\)` unless told) in its
    prose written `$…$`, and the TeX of those formulas."""
    return _written_in_dollars(paragraph, _found(paragraph, formula, not_prose))


def _found(paragraph: str, formula: re.Pattern, not_prose_pattern: re.Pattern) -> list[re.Match]:
    """Each `formula` that starts in the paragraph's prose and not after an escaping backslash."""
    kept = not_prose(paragraph, pattern=not_prose_pattern)
    return [
        match
        for match in formula.finditer(paragraph)
        if match.start() not in kept and not escaped(paragraph, match.start())
    ]


def _math_code_pattern(languages: frozenset[str]) -> re.Pattern | None:
    """InlineHilite's code in these languages, `` `#!math x` `` or `` `:::math x` ``: the mock shebang right after
    the opening backticks and a space after it."""
    if not languages:
        return None
    names = "|".join(re.escape(name) for name in sorted(languages))
    return re.compile(rf"(?P<ticks>`+)(?:#!|:{{3,}})(?:{names})[ \t\n]+(?P<tex>.*?)[ \t\n]*(?P=ticks)", re.DOTALL)


def _math_code(paragraph: str, *, pattern: re.Pattern) -> list[re.Match]:
    """The paragraph's inline code that InlineHilite reads as math, where the code is in prose."""
    kept = not_prose(paragraph, pattern=NOT_PROSE_BUT_ARITHMATEX, inline_code=False)
    return [
        found
        for start, end in inline_code_spans(paragraph)
        if start not in kept and not escaped(paragraph, start) and (found := pattern.fullmatch(paragraph, start, end))
    ]


def _written_in_dollars(
    paragraph: str, formulas: Iterable[re.Match], *, escape: Iterable[int] = ()
) -> tuple[str, list[str]]:
    """The paragraph with each of `formulas` written `$…$` and a backslash before each place of `escape`, and the
    TeX written. A formula whose TeX is empty or holds a `$` of its own stays as it was."""
    edits: list[tuple[int, int, str]] = [(at, at, "\\") for at in escape]
    written: list[str] = []
    for match in formulas:
        tex = match.group("tex").strip()
        if not tex or _bare_dollar(tex):
            continue
        if tex.endswith("\\"):  # `\( a\ \)`: its last space is TeX's, which a closing dollar must not follow
            tex = f"{{{match.group('tex').lstrip()}}}"
        written.append(tex)
        # Folio's `$` opens and closes nothing beside a digit (a price's); an empty comment keeps them apart.
        before = "<!-- -->" if match.start() and paragraph[match.start() - 1].isdigit() else ""
        after = "<!-- -->" if paragraph[match.end() : match.end() + 1].isdigit() else ""
        edits.append((match.start(), match.end(), f"{before}${tex}${after}"))
    pieces, done = [], 0
    for start, end, replacement in sorted(edits):
        pieces += [paragraph[done:start], replacement]
        done = end
    return "".join(pieces) + paragraph[done:], written


def _bare_dollar(tex: str) -> bool:
    """Whether the TeX holds a `$` that would close the formula between dollars (TeX's `\\$` is a dollar sign)."""
    return any(not escaped(tex, match.start()) for match in _DOLLAR.finditer(tex))
