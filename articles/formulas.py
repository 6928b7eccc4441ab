"""Math in Markdown: `$…$` in a line and `$$…$$` on lines of their own, written in TeX as Jekyll (kramdown),
MkDocs (arithmatex), Astro and Hugo sites write it, rendered on save into MathML, which browsers lay out
themselves: no script on the reader's page, and the formula reads aloud to a screen reader.

`$5 and $10` stays text: a `$` before a space or next to a digit opens or closes nothing.
"""

import html
import re

from latex2mathml.converter import convert
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.dollarmath.index import math_inline_dollar

# What the converter writes, and nothing that can link, load or hold HTML (`maction`, `annotation-xml`, `href`).
MATHML_TAGS = {
    "math",
    "mrow",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mspace",
    "msup",
    "msub",
    "msubsup",
    "mfrac",
    "msqrt",
    "mroot",
    "mover",
    "munder",
    "munderover",
    "mmultiscripts",
    "mprescripts",
    "none",
    "mtable",
    "mtr",
    "mtd",
    "mstyle",
    "mpadded",
    "mphantom",
    "menclose",
    "merror",
}
_PRESENTATION = {"mathvariant", "mathcolor", "mathbackground", "displaystyle", "scriptlevel", "dir"}
_OPERATOR = {"stretchy", "fence", "separator", "form", "lspace", "rspace", "largeop", "movablelimits", "symmetric"}
_SIZES = {"width", "height", "depth", "minsize", "maxsize", "linethickness", "voffset"}
_TABLE = {"columnalign", "rowalign", "columnspacing", "rowspacing", "columnlines", "rowlines", "frame"}
_OWN = {
    "math": {"xmlns", "display"},
    "mo": _OPERATOR,
    "mover": {"accent"},
    "munder": {"accentunder"},
    "munderover": {"accent", "accentunder"},
    "mfrac": {"linethickness"},
    "mspace": _SIZES,
    "mpadded": _SIZES,
    "menclose": {"notation"},
    "mtable": _TABLE,
    "mtr": {"columnalign", "rowalign"},
    "mtd": {"columnalign", "rowalign", "columnspan", "rowspan"},
}
MATHML_ATTRIBUTES = {tag: _PRESENTATION | _OWN.get(tag, set()) for tag in MATHML_TAGS}


# amsmath's `aligned`, which KaTeX and MathJax read inside `$$…$$` (Hugo's documentation writes it), lays out its
# rows as `align*` does, unnumbered and aligned at their `&`: the converter knows only the latter.
_ALIGNED = re.compile(r"\\(begin|end)\{aligned\}")


def _mathml(tex: str, options: dict) -> str:
    tex = _ALIGNED.sub(r"\\\1{align*}", tex)
    try:
        return convert(tex, display="block" if options["display_mode"] else "inline")
    except Exception:  # the converter fails on bad TeX in many ways; the writer still sees what was written
        return f'<code class="language-latex">{html.escape(tex)}</code>'


def math_plugin(md: MarkdownIt) -> None:
    dollarmath_plugin(
        md,
        allow_labels=False,
        allow_space=False,
        allow_digits=False,
        allow_blank_lines=False,
        double_inline=True,
        renderer=_mathml,
    )
    md.inline.ruler.at("math_inline", _inline_math)
    md.add_render_rule("math_inline_double", _render_displayed_in_line)


def _render_displayed_in_line(self, tokens, idx, options, env) -> str:
    """`$$…$$` inside a paragraph: displayed, in a span, so that the paragraph it is written in stays one (a
    `<div>` there would end the paragraph and leave the words after the formula outside it)."""
    return f'<span class="math">{_mathml(tokens[idx].content.strip(), {"display_mode": True})}</span>'


_dollars = math_inline_dollar(allow_space=False, allow_digits=True, allow_double=True)


def _inline_math(state: StateInline, silent: bool) -> bool:
    """mdit-py-plugins' `$…$` with its digit rule kept as it is meant: its own looks for a digit before a dollar
    that opens the paragraph at the paragraph's last character, so `$x$ is 5` read as no formula."""
    start = state.pos
    if state.src[start] != "$" or (start and state.src[start - 1].isdigit()):
        return False
    found = _dollars(state, True)
    end, state.pos = state.pos, start
    if not found or state.src[end : end + 1].isdigit():
        return False
    return _dollars(state, silent)
