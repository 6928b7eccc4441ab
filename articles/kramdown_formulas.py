"""kramdown's formulas (Jekyll's Markdown): `$$…$$` is a displayed formula only as a paragraph of its own; inside
a line of text it is a formula in the line, as kramdown renders it. Written at import as Folio writes a formula in
a line, `$…$` (formulas.py), so that the page shows it where the site did.

Code, inline code, HTML tags and link addresses are left as written, and so is a paragraph whose formulas would
not read the same once written with single dollars.
"""

import re

from .arithmatex import dollar_forms, formulas_read
from .prose_spans import NOT_FORMULA_PROSE, by_paragraph, in_prose

_DOUBLE_DOLLARS = re.compile(r"\$\$(?P<tex>[^$]+?)\$\$")
_DISPLAYED = re.compile(r"\s*\$\$[^$]+\$\$\s*")


def kramdown_formulas(body: str) -> str:
    """The body with each `$$…$$` written inside a paragraph of other text made a formula in its line."""
    if "$$" not in body:
        return body
    return in_prose(body, _in_lines)


def _in_lines(text: str) -> str:
    return by_paragraph(text, _in_line)


def _in_line(paragraph: str) -> str:
    if "$$" in paragraph and not _DISPLAYED.fullmatch(paragraph):
        converted, written = dollar_forms(paragraph, formula=_DOUBLE_DOLLARS, not_prose=NOT_FORMULA_PROSE)
        if written and formulas_read(converted) == formulas_read(paragraph):
            return converted
    return paragraph
