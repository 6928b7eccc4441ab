r"""pymdown-extensions' syntax that Folio reads only where a MkDocs site turned it on (formulas also where a Hugo
site's Goldmark passthrough extension keeps them), written at import as HTML
(or, for formulas, as Folio's own Markdown):

- pymdownx.tilde's subscript, `H~2~O` (its `~~strikethrough~~` every article has);
- pymdownx.critic's CriticMarkup: `{++ added ++}`, `{-- deleted --}`, `{~~ old ~> new ~~}`, `{== marked ==}` and
  `{>> a comment <<}`, shown as the extension's default mode does, or with the changes taken or turned down when the
  site's `mode` is `accept` or `reject`;
- pymdownx.progressbar's `[=85% "85%"]` (or `[=3/4]`), a <progress> with its label;
- pymdownx.arithmatex's formulas (and InlineHilite's `#!math`, SuperFences' math fences), written as Folio writes
  formulas (arithmatex.py, math_fences.py).

Folio's own Markdown leaves a single `~`, `{++` and `[=` as written: a page that did not ask for these reads as
before. Written as HTML, the page stays the same in the editor, in the export and in the export's re-import. What
pymdownx.caret, pymdownx.mark and pymdownx.keys add (`^sup^`, `^^ins^^`, `==mark==`, `++ctrl+c++`) every article
reads already (inline_marks.py). Code, inline code, HTML tags, link addresses and formulas are left as written, and
so is the text of a hand-written `<pre>` or `<code>` element, code as a fence's is.
Without arithmatex, `\(` is Markdown's escaped `(`, as it always was.
"""

import html
import re
from dataclasses import dataclass

from .arithmatex import (
    arithmatex_formulas,
    arithmatex_names,
    arithmatex_syntax,
    math_code_languages,
    site_dollars,
    text_dollars,
)
from .math_fences import math_fences
from .prose_spans import BLANK_LINES, FORMULA, Spans, in_prose, not_prose
from .site_config import SiteConfig, hugo_setting, mkdocs_extension_options

CRITIC_MODES = ("view", "accept", "reject")


@dataclass(frozen=True)
class PymdownSyntax:
    subscript: bool = False
    critic: str = ""  # one of CRITIC_MODES, or "" when CriticMarkup is off
    progress_bars: bool = False
    formulas: frozenset[str] = frozenset()  # of arithmatex.ARITHMATEX_SYNTAX, those the site's arithmatex reads
    smart_dollar: bool | None = None  # how its arithmatex reads `$…$` in a line, None where it reads none
    math_code: frozenset[str] = frozenset()  # InlineHilite's languages for math, `#!math`
    math_fences: frozenset[str] = frozenset()  # SuperFences' languages for math, ```` ```math ````
    dollars_as_text: frozenset[str] = frozenset()  # of arithmatex.text_dollars(), dollars its arithmatex leaves text

    def __bool__(self) -> bool:
        return self.subscript or bool(self.critic) or self.progress_bars or self.reads_math

    @property
    def reads_math(self) -> bool:
        return bool(self.formulas or self.math_code or self.math_fences or self.dollars_as_text) or (
            self.smart_dollar is not None
        )


def pymdown_syntax(site: SiteConfig) -> PymdownSyntax:
    """What of this syntax the site's mkdocs.yml (or zensical.yml) turns on; on a Hugo site, the formulas its
    Goldmark passthrough extension reads."""
    if site.generator == "hugo":
        return PymdownSyntax(formulas=_hugo_passthrough_syntax(site.config))
    if site.generator != "mkdocs":
        return PymdownSyntax()
    tilde = mkdocs_extension_options(site.config, "pymdownx.tilde")
    critic = mkdocs_extension_options(site.config, "pymdownx.critic")
    arithmatex = mkdocs_extension_options(site.config, "pymdownx.arithmatex")
    mode = str(critic.get("mode") or "view") if critic is not None else ""
    superfences = mkdocs_extension_options(site.config, "pymdownx.superfences")
    return PymdownSyntax(
        subscript=tilde is not None and tilde.get("subscript", True) is not False,
        critic=mode if mode in CRITIC_MODES else "view" if critic is not None else "",
        progress_bars=mkdocs_extension_options(site.config, "pymdownx.progressbar") is not None,
        formulas=arithmatex_syntax(arithmatex),
        smart_dollar=site_dollars(arithmatex),
        math_code=math_code_languages(mkdocs_extension_options(site.config, "pymdownx.inlinehilite")),
        math_fences=arithmatex_names(superfences.get("custom_fences") if superfences else None),
        dollars_as_text=text_dollars(arithmatex),
    )


def _hugo_passthrough_syntax(config: dict) -> frozenset[str]:
    """arithmatex's names for the delimiters Hugo's passthrough extension (markup.goldmark.extensions.passthrough)
    is told to keep for its math: `\\(…\\)` round, `\\[…\\]` square; none when it is off."""
    options: object = config
    for key in ("markup", "goldmark", "extensions", "passthrough"):
        options = hugo_setting(options, key) if isinstance(options, dict) else None
    if not isinstance(options, dict) or hugo_setting(options, "enable") is not True:
        return frozenset()
    delimiters = hugo_setting(options, "delimiters")
    delimiters = delimiters if isinstance(delimiters, dict) else {}
    names = {"inline": {("\\(", "\\)"): "round"}, "block": {("\\[", "\\]"): "square"}}
    found = set()
    for kind, known in names.items():
        pairs = hugo_setting(delimiters, kind)
        for pair in pairs if isinstance(pairs, list) else []:
            if isinstance(pair, list) and len(pair) == 2 and (name := known.get(tuple(map(str, pair)))):
                found.add(name)
    return frozenset(found)


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


def convert_pymdown_syntax(body: str, *, syntax: PymdownSyntax) -> str:
    """The body with the syntax `syntax` turns on written as HTML, its code left as it was."""
    marks = ("~", "{", "[=", "\\", *(("$", "`") if syntax.reads_math else ()))
    if not syntax or not any(mark in body for mark in marks):
        return body
    # A math fence is code until it is written `$$…$$`, after the prose: what it holds is TeX, never prose.
    return math_fences(in_prose(body, lambda text: _prose(text, syntax=syntax)), languages=syntax.math_fences)


def _prose(text: str, *, syntax: PymdownSyntax) -> str:
    if syntax.reads_math:
        text = arithmatex_formulas(
            text,
            delimiters=syntax.formulas,
            smart_dollar=syntax.smart_dollar,
            math_code=syntax.math_code,
            dollars_as_text=syntax.dollars_as_text,
        )
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
    kept = not_prose(text)
    formulas = Spans([match.span() for match in FORMULA.finditer(text)])

    def checked(match: re.Match) -> str:
        if match.start() in kept or formulas.meets(*match.span()):
            return match.group(0)
        return replace(match)

    return pattern.sub(checked, text)


def _critic_marks(text: str, *, mode: str) -> str:
    """Each CriticMarkup pair as `mode` shows it. Each opening looks for its closing once, and an opening whose
    closing is nowhere after it stops the search for that kind: a page of openings takes no longer than its length."""
    kept = not_prose(text)
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
