r"""pymdown-extensions' syntax that Folio reads only where a MkDocs site turned it on, written as HTML at import:

- pymdownx.tilde's subscript, `H~2~O` (its `~~strikethrough~~` every article has);
- pymdownx.critic's CriticMarkup: `{++ added ++}`, `{-- deleted --}`, `{~~ old ~> new ~~}`, `{== marked ==}` and
  `{>> a comment <<}`, shown as the extension's default mode does, or with the changes taken or turned down when the
  site's `mode` is `accept` or `reject`;
- pymdownx.progressbar's `[=85% "85%"]` (or `[=3/4]`), a <progress> with its label.

Folio's own Markdown leaves a single `~`, `{++` and `[=` as written: a page that did not ask for these reads as
before. Written as HTML, the page stays the same in the editor, in the export and in the export's re-import. What
pymdownx.caret, pymdownx.mark and pymdownx.keys add (`^sup^`, `^^ins^^`, `==mark==`, `++ctrl+c++`) every article
reads already (inline_marks.py). Code, inline code, HTML tags, link addresses and formulas (`$…$`, `$$…$$`,
arithmatex's `\(…\)` and `\[…\]`) are left as written.
"""

import bisect
import html
import itertools
import re
from dataclasses import dataclass

from .generator_tags import code_spans
from .import_images import block_parser
from .site_config import SiteConfig, mkdocs_extension_options

CRITIC_MODES = ("view", "accept", "reject")


@dataclass(frozen=True)
class PymdownSyntax:
    subscript: bool = False
    critic: str = ""  # one of CRITIC_MODES, or "" when CriticMarkup is off
    progress_bars: bool = False

    def __bool__(self) -> bool:
        return self.subscript or bool(self.critic) or self.progress_bars


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
    )


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
_FORMULA = re.compile(
    r"\$\$[^$]*\$\$"
    r"|(?<![\\\d])\$(?![\s$])(?:\\.|[^$\\\n]|\n(?![ \t]*\n))+?(?<!\s)\$(?!\d)"
    r"|\\\((?:\\(?!\()|[^\\\n]|\n(?![ \t]*\n))+?\\\)"
    r"|\\\[(?:\\(?!\[)|[^\\\n]|\n(?![ \t]*\n))+?\\\]"
)
# Text that is not prose: an HTML tag or autolink, a link's address, a reference definition's, a formula.
_NOT_PROSE = re.compile(
    r"<[^<>\n]+>|\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)|^[ \t]*\[[^\]\n]+\]:.*$|" + _FORMULA.pattern,
    re.MULTILINE,
)
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_code_finder = block_parser()
_code_finder.core.ruler.enableOnly(["normalize", "block"])  # code blocks are all it looks for


def convert_pymdown_syntax(body: str, *, syntax: PymdownSyntax) -> str:
    """The body with the syntax `syntax` turns on written as HTML, its code left as it was."""
    if not syntax or not any(mark in body for mark in ("~", "{", "[=")):
        return body
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
                pieces.append(_prose("\n".join(lines[start:number]), syntax=syntax))
            if number < len(lines):
                pieces.append(lines[number])
            start = number + 1
    return "\n".join(pieces)


def _prose(text: str, *, syntax: PymdownSyntax) -> str:
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


def _not_prose(text: str) -> _Spans:
    kept = [match.span() for match in _NOT_PROSE.finditer(text)]
    at = 0
    for paragraph in _BLANK_LINES.split(text):
        at = text.index(paragraph, at)
        kept += [(at + start, at + end) for start, end in code_spans(paragraph)]
        at += len(paragraph)
    return _Spans(kept)


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
    paragraphs = [part.strip() for part in _BLANK_LINES.split(text)]
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
