"""SuperFences' custom fences for math: where a MkDocs site's `custom_fences` gives pymdownx.arithmatex a fence's
language (```` ```math ```` in its documentation, or ```` ```{.math} ````, SuperFences' attribute form), the fence is
a displayed formula on the site, and is written on import as Folio's own, `$$…$$` on lines of their own. Other
fences, and a fence inside other code, stay code."""

import re

from .arithmatex import formulas_read
from .code import parse_info
from .markdown_scanning import block_parser

_fence_finder = block_parser()
_fence_finder.core.ruler.enableOnly(["normalize", "block"])
# A fence's closing line: its backticks or tildes, after the container's markers and indentation.
_CLOSING = re.compile(r"(?P<marker>`{3,}|~{3,})[ \t]*$")


def math_fences(body: str, *, languages: frozenset[str]) -> str:
    """The body with each fence in one of `languages` written between `$$`: the opening line's fence and language
    and the closing line's fence become `$$`, the container's markers and the TeX's lines left as they are. A fence
    that is not closed, holds nothing, or that Folio would not read as that one formula stays code."""
    if not any(name in body for name in languages):
        return body
    lines = body.split("\n")
    written = []
    for token in _fence_finder.parse(body):
        if token.type != "fence" or not token.map or not token.content.strip():
            continue
        # The language as SuperFences reads it: ```` ```math ````, or the first class of ```` ```{.math} ````.
        if parse_info(token.info)[0] not in languages:
            continue
        first, last = token.map[0], token.map[1] - 1
        opening = lines[first].find(token.markup)
        closing = _CLOSING.search(lines[last])
        if opening < 0 or last == first or not closing or not closing.group("marker").startswith(token.markup):
            continue
        tex = token.content.strip()
        if formulas_read(f"$$\n{token.content}$$") != [tex]:
            continue
        lines[first] = f"{lines[first][:opening]}$$"
        lines[last] = f"{lines[last][: closing.start()]}$$"
        written.append(tex)
    if not written:
        return body
    converted = "\n".join(lines)
    return converted if formulas_read(converted) == sorted(formulas_read(body) + written) else body
