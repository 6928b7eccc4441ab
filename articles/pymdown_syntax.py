r"""pymdown-extensions' syntax that Folio reads only where a MkDocs site turned it on, written at import as HTML
(or, for formulas, as Folio's own Markdown):

- pymdownx.tilde's subscript, `H~2~O` (its `~~strikethrough~~` every article has);
- pymdownx.critic's CriticMarkup: `{++ added ++}`, `{-- deleted --}`, `{~~ old ~> new ~~}`, `{== marked ==}` and
  `{>> a comment <<}`, shown as the extension's default mode does, or with the changes taken or turned down when the
  site's `mode` is `accept` or `reject`;
- pymdownx.progressbar's `[=85% "85%"]` (or `[=3/4]`), a <progress> with its label;
- pymdownx.arithmatex's formulas `\(…\)` in a line, and `\[…\]` and `\begin{align}…\end{align}` as a paragraph of
  their own, written as Folio writes formulas, `$…$` and `$$…$$` (formulas.py), which arithmatex reads too.

Folio's own Markdown leaves a single `~`, `{++` and `[=` as written: a page that did not ask for these reads as
before. Written as HTML, the page stays the same in the editor, in the export and in the export's re-import. What
pymdownx.caret, pymdownx.mark and pymdownx.keys add (`^sup^`, `^^ins^^`, `==mark==`, `++ctrl+c++`) every article
reads already (inline_marks.py). Code, inline code, HTML tags, link addresses and formulas are left as written, and
so is the text of a hand-written `<pre>` or `<code>` element, code as a fence's is.
Without arithmatex, `\(` is Markdown's escaped `(`, as it always was.
"""

import bisect
import html
import itertools
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from .formulas import math_plugin
from .markdown_scanning import block_parser
from .site_config import SiteConfig, mkdocs_extension_options
from .template_code import code_spans

CRITIC_MODES = ("view", "accept", "reject")
# arithmatex's names for its delimiters beyond the dollars Folio reads anyway: `\(…\)`, `\[…\]`, `\begin{…}…\end{…}`.
ARITHMATEX_SYNTAX = ("round", "square", "begin")


@dataclass(frozen=True)
class PymdownSyntax:
    subscript: bool = False
    critic: str = ""  # one of CRITIC_MODES, or "" when CriticMarkup is off
    progress_bars: bool = False
    formulas: frozenset[str] = frozenset()  # of ARITHMATEX_SYNTAX, those the site's arithmatex reads

    def __bool__(self) -> bool:
        return self.subscript or bool(self.critic) or self.progress_bars or bool(self.formulas)


def pymdown_syntax(site: SiteConfig) -> PymdownSyntax:
    """What of this syntax the site's mkdocs.yml (or zensical.yml) turns on."""
    if site.generator != "mkdocs":
        return PymdownSyntax()
    tilde = mkdocs_extension_options(site.config, "pymdownx.tilde")
    critic = mkdocs_extension_options(site.config, "pymdownx.critic")
    mode = str(critic.get("mode") or "view") if critic is not None else ""
    return PymdownSyntax(
        subscript=tilde is not None and tilde.get("subscript", True) is not False,
        critic=mode if mode in CRITIC_MODES else "view" if critic is not None else "",
        progress_bars=mkdocs_extension_options(site.config, "pymdownx.progressbar") is not None,
        formulas=_arithmatex_syntax(mkdocs_extension_options(site.config, "pymdownx.arithmatex")),
    )


def _arithmatex_syntax(options: dict | None) -> frozenset[str]:
    """The delimiters arithmatex reads with these options: all of them unless `inline_syntax` or `block_syntax`
    lists fewer."""
    if options is None:
        return frozenset()
    listed = set()
    for key, default in (("inline_syntax", ["dollar", "round"]), ("block_syntax", ["dollar", "square", "begin"])):
        names = options.get(key, default)
        listed |= {str(name) for name in names} if isinstance(names, list) else set(default)
    return frozenset(listed) & set(ARITHMATEX_SYNTAX)


# CriticMarkup's openings and their closings; what they hold may run over lines (and paragraphs).
_CRITIC_OPENING = re.compile(r"\{(?:\+\+|--|~~|==|>>)")
_CRITIC_CLOSING = {"{++": "++}", "{--": "--}", "{~~": "~~}", "{==": "==}", "{>>": "<<}"}
# A subscript holds no space but an escaped one (`text~a\ subscript~`); `~~` on either side is strikethrough's.
_SUBSCRIPT = re.compile(r"(?<![~\\])~(?=[^\s~])((?:\\.|[^\s~\\])+?)~(?!~)")
_ESCAPED_SPACE = "\\ "
_NUMBER = r"(?:\d*\.)?\d+"
_PROGRESS = re.compile(
    rf"\[=+[ \t]*(?:(?P<percent>{_NUMBER})[ \t]*%|(?P<part>{_NUMBER})[ \t]*/[ \t]*(?P<whole>{_NUMBER}))"
    r"(?:[ \t]+(?:\"(?P<title>[^\"\n]*)\"|'(?P<single>[^'\n]*)'))?[ \t]*\]"
    r"(?:\{[^{}\n]*\})?"  # the bar's attribute list (`{: .candystripe}`) styles Material's bar, not Folio's
)
# A formula, as formulas.py reads `$…$` and `$$…$$` (a `$` before a space or next to a digit opens or closes nothing;
# an inline one stays in its paragraph), and as pymdownx.arithmatex reads `\(…\)` and `\[…\]`. TeX's `a~b` is a
# non-breaking space, never a subscript.
# One opening's search stops at the next opening: a page of openings that never close is read in one pass.
_DOLLAR_FORMULA = (
    r"\$\$[^$]*\$\$"
    r"|(?<![\\\d])\$(?![\s$])(?:\\.|[^$\\\n]|\n(?![ \t]*\n))+?(?<!\s)\$(?!\d)"
)
_FORMULA = re.compile(
    _DOLLAR_FORMULA + r"|\\\((?:\\(?!\()|[^\\\n]|\n(?![ \t]*\n))+?\\\)"
    r"|\\\[(?:\\(?!\[)|[^\\\n]|\n(?![ \t]*\n))+?\\\]"
)
# Text that is not prose: an HTML tag or autolink, a link's address, a reference definition's, a formula.
_NOT_FORMULA_PROSE = r"<[^<>\n]+>|\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)|^[ \t]*\[[^\]\n]+\]:.*$"
_NOT_PROSE = re.compile(_NOT_FORMULA_PROSE + "|" + _FORMULA.pattern, re.MULTILINE)
# The same, where no formula is read yet.
NOT_FORMULA_PROSE = re.compile(_NOT_FORMULA_PROSE, re.MULTILINE)
# The same, where arithmatex's delimiters are still to be read: only a formula between dollars is one already.
_NOT_PROSE_BUT_ARITHMATEX = re.compile(_NOT_FORMULA_PROSE + "|" + _DOLLAR_FORMULA, re.MULTILINE)
# arithmatex's formula in a line, `\(…\)`, as it reads it: within a paragraph, a `\\` inside is TeX's (`\(a\\)b\)` is
# one formula), and not after an escaped backslash (`\\(` is a backslash and a bracket: checked where it matches).
_INLINE_FORMULA = re.compile(r"\\\((?P<tex>(?:\\[^()\n]|[^\\\n]|\n(?![ \t]*\n))+?)\\\)")
# arithmatex's displayed formulas, each a paragraph of its own (a paragraph as Python-Markdown splits the page).
_DISPLAYED_FORMULA = {
    "square": re.compile(r"(?P<indent>\s*)\\\[(?P<tex>(?:\\[^\]]|[^\\])+?)\\\](?P<after>\s*)", re.DOTALL),
    "begin": re.compile(
        r"(?P<indent>\s*)(?P<tex>\\begin\{(?P<env>[a-z]+\*?)\}.+?\\end\{(?P=env)\})(?P<after>\s*)", re.DOTALL
    ),
}
BLANK_LINES = re.compile(r"\n[ \t]*\n")
# Hand-written HTML whose text is code: a <pre> or <code> element, from its start tag to its end tag.
_HTML_CODE_START = re.compile(r"<(pre|code)(?=[\s/>])[^<>]*>", re.IGNORECASE)
_HTML_CODE_END = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in ("pre", "code")}
_code_finder = block_parser()
_code_finder.core.ruler.enableOnly(["normalize", "block"])  # code blocks are all it looks for


def convert_pymdown_syntax(body: str, *, syntax: PymdownSyntax) -> str:
    """The body with the syntax `syntax` turns on written as HTML, its code left as it was."""
    if not syntax or not any(mark in body for mark in ("~", "{", "[=", "\\")):
        return body
    return in_prose(body, lambda text: _prose(text, syntax=syntax))


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


def _prose(text: str, *, syntax: PymdownSyntax) -> str:
    if syntax.formulas and "\\" in text:
        text = _arithmatex_formulas(text, syntax=syntax.formulas)
    if syntax.critic:
        text = _critic_marks(text, mode=syntax.critic)
    if syntax.progress_bars:
        text = _outside(text, _PROGRESS, _progress_bar)
    if syntax.subscript:
        text = _outside(text, _SUBSCRIPT, lambda match: f"<sub>{match.group(1).replace(_ESCAPED_SPACE, ' ')}</sub>")
    return text


def _outside(text: str, pattern: re.Pattern, replace) -> str:
    """pattern.sub(replace, text) for the matches that start in prose (not in inline code, a tag or an address) and
    reach into no formula: `x~$a~b$` is a formula after an `x~`, whatever a tilde before it would pair with."""
    kept = _not_prose(text)
    formulas = _Spans([match.span() for match in _FORMULA.finditer(text)])

    def checked(match: re.Match) -> str:
        if match.start() in kept or formulas.meets(*match.span()):
            return match.group(0)
        return replace(match)

    return pattern.sub(checked, text)


class _Spans:
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


def _not_prose(text: str, *, pattern: re.Pattern = _NOT_PROSE) -> _Spans:
    code = []
    at = 0
    for paragraph in BLANK_LINES.split(text):
        at = text.index(paragraph, at)
        code += [(at + start, at + end) for start, end in code_spans(paragraph)]
        at += len(paragraph)
    in_code = _Spans(list(code))
    return _Spans([match.span() for match in pattern.finditer(text)] + code + _html_code(text, in_code=in_code))


def _html_code(text: str, *, in_code: _Spans) -> list[tuple[int, int]]:
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


def _arithmatex_formulas(text: str, *, syntax: frozenset[str]) -> str:
    """arithmatex's formulas of `syntax` written between dollars, as Folio reads formulas. A formula that dollars
    would not give back as it is (it holds a `$` of its own) stays as written."""
    paragraphs = BLANK_LINES.split(text)
    separators = BLANK_LINES.findall(text)
    for index, paragraph in enumerate(paragraphs):
        displayed = next(
            (
                match
                for name, pattern in _DISPLAYED_FORMULA.items()
                if name in syntax and (match := pattern.fullmatch(paragraph))
            ),
            None,
        )
        if displayed and displayed.group("tex").strip() and "$" not in displayed.group("tex"):
            paragraphs[index] = f"{displayed.group('indent')}$${displayed.group('tex')}$${displayed.group('after')}"
        elif "round" in syntax and "\\(" in paragraph:
            paragraphs[index] = _inline_formulas(paragraph)
    return "".join(itertools.chain.from_iterable(itertools.zip_longest(paragraphs, separators, fillvalue="")))


_formula_reader = block_parser().use(math_plugin)


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


def _inline_formulas(paragraph: str) -> str:
    """The paragraph with its `\\(…\\)` made `$…$`. Where that would pair a dollar of the text (a price) with a
    formula's, the text's dollars are escaped, shown as they were; if even so the formulas would not read as they
    did, the paragraph stays as written."""
    converted, written = dollar_forms(paragraph)
    if not written:
        return paragraph
    expected = sorted(formulas_read(paragraph) + written)
    if formulas_read(converted) == expected:
        return converted
    kept = _not_prose(paragraph, pattern=_NOT_PROSE_BUT_ARITHMATEX)
    formulas = _Spans([match.span() for match in _INLINE_FORMULA.finditer(paragraph)])
    prices = [
        match.start()
        for match in re.finditer(r"\$", paragraph)
        if match.start() not in kept and match.start() not in formulas and not _escaped(paragraph, match.start())
    ]
    pieces, done = [], 0
    for at in prices:
        pieces += [paragraph[done:at], "\\"]
        done = at
    converted, _ = dollar_forms("".join(pieces) + paragraph[done:])
    return converted if formulas_read(converted) == expected else paragraph


def dollar_forms(
    paragraph: str, *, formula: re.Pattern = _INLINE_FORMULA, not_prose: re.Pattern = _NOT_PROSE_BUT_ARITHMATEX
) -> tuple[str, list[str]]:
    """The paragraph with each `formula` (its TeX the group `tex`; arithmatex's `\\(…\\)` unless told) in its
    prose written `$…$`, and the TeX of those formulas."""
    kept = _not_prose(paragraph, pattern=not_prose)
    written: list[str] = []

    def dollars(match: re.Match) -> str:
        tex = match.group("tex").strip()
        if match.start() in kept or _escaped(paragraph, match.start()) or not tex or _bare_dollar(tex):
            return match.group(0)
        if tex.endswith("\\"):  # `\( a\ \)`: its last space is TeX's, which a closing dollar must not follow
            tex = f"{{{match.group('tex').lstrip()}}}"
        written.append(tex)
        # Folio's `$` opens and closes nothing beside a digit (a price's); an empty comment keeps them apart.
        before = "<!-- -->" if match.start() and paragraph[match.start() - 1].isdigit() else ""
        after = "<!-- -->" if paragraph[match.end() : match.end() + 1].isdigit() else ""
        return f"{before}${tex}${after}"

    return formula.sub(dollars, paragraph), written


def _bare_dollar(tex: str) -> bool:
    """Whether the TeX holds a `$` that would close the formula between dollars (TeX's `\\$` is a dollar sign)."""
    return any(not _escaped(tex, match.start()) for match in re.finditer(r"\$", tex))


def _escaped(text: str, at: int) -> bool:
    """Whether the character at `at` follows an odd number of backslashes."""
    before = at
    while before and text[before - 1] == "\\":
        before -= 1
    return (at - before) % 2 == 1


def _critic_marks(text: str, *, mode: str) -> str:
    """Each CriticMarkup pair as `mode` shows it. Each opening looks for its closing once, and an opening whose
    closing is nowhere after it stops the search for that kind: a page of openings takes no longer than its length."""
    kept = _not_prose(text)
    pieces, done, unclosed = [], 0, set()
    for opening in _CRITIC_OPENING.finditer(text):
        written = opening.group(0)
        if opening.start() < done or written in unclosed or opening.start() in kept:
            continue
        end = text.find(_CRITIC_CLOSING[written], opening.end())
        if end < 0:
            unclosed.add(written)
            continue
        inside = text[opening.end() : end]
        if written == "{~~" and "~>" not in inside:
            continue
        pieces += [text[done : opening.start()], _critic(written, inside, mode=mode)]
        done = end + 3
    return "".join(pieces) + text[done:]


def _critic(opening: str, inside: str, *, mode: str) -> str:
    if opening == "{~~":  # a substitution: its old text, then its new
        old, new = inside.split("~>", 1)
        if mode == "view":
            return _wrapped("del", old) + _wrapped("ins", new)
        return new if mode == "accept" else old
    if opening == "{>>":
        return _wrapped("span", inside, attributes=' class="critic-comment"') if mode == "view" else ""
    if opening == "{==":
        return _wrapped("mark", inside) if mode == "view" else inside
    if mode == "view":
        return _wrapped("ins" if opening == "{++" else "del", inside)
    return inside if (opening == "{++") == (mode == "accept") else ""


def _wrapped(tag: str, text: str, *, attributes: str = "") -> str:
    """`text` in `tag`, each of its paragraphs on its own: HTML written inline closes within its paragraph."""
    paragraphs = [part.strip() for part in BLANK_LINES.split(text)]
    return "\n\n".join(f"<{tag}{attributes}>{part}</{tag}>" for part in paragraphs if part)


def _progress_bar(match: re.Match) -> str:
    if match.group("percent") is not None:
        percent = float(match.group("percent"))
    else:
        whole = float(match.group("whole"))
        percent = float(match.group("part")) / whole * 100 if whole else 0.0
    value = f"{min(max(percent, 0.0), 100.0):.2f}".rstrip("0").rstrip(".")
    title = match.group("title") if match.group("title") is not None else match.group("single")
    label = html.escape(title if title else f"{value}%")
    shown = f" {html.escape(title)}" if title else ""
    return f'<span class="progress"><progress max="100" value="{value}" title="{label}"></progress>{shown}</span>'
