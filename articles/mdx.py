"""MDX files as the Markdown they hold: Astro, Gatsby and Docusaurus publish them as posts.

MDX is Markdown with JavaScript inside: `import`/`export` statements, JSX components (`<Chart />`,
`<Note>…</Note>`) and `{expressions}`. Folio runs no JavaScript, so each of those is taken out, the text
between a component's tags kept, and each named in a warning. Code blocks and inline code are left alone.
"""

import re

from .generator_tags import code_spans

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ESM = re.compile(r"^(?:import|export)\s")
# A component's tag: a capitalised name (HTML's own are lower case), possibly dotted, with its attributes.
_COMPONENT = re.compile(r"<(/?)([A-Z][\w.]*)((?:\s+[^<>]*?)?)\s*(/?)>")
_EXPRESSION = re.compile(r"\{[^{}\n]*\}")


def to_markdown(body: str, *, warnings: list[str]) -> str:
    """The body without MDX's JavaScript; a warning for each kind of thing taken out."""
    out, fence, statement, depth = [], None, False, 0
    for line in body.split("\n"):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            out.append(line)
            continue
        if opening:
            fence = opening.group(1)
            out.append(line)
            continue
        if statement or _ESM.match(line):
            # An import or export runs until a line that ends it (a `;`, or a `from '…'` clause).
            statement = not re.search(r"""(;|\bfrom\s+["'][^"']*["'])\s*$""", line)
            _warn(warnings, "MDX import and export statements are JavaScript, which Folio does not run: left out")
            continue
        alone = _COMPONENT.fullmatch(line.strip())
        if alone and not alone.group(4):
            depth += -1 if alone.group(1) else 1
        elif depth > 0:
            # Inside a component, indentation is JSX's layout, not Markdown's code block.
            line = line.lstrip()
        out.append(_line_without_jsx(line, warnings))
    return "\n".join(out)


def _line_without_jsx(line: str, warnings: list[str]) -> str:
    code = list(code_spans(line))

    def in_code(at: int) -> bool:
        return any(start <= at < end for start, end in code)

    def component(match: re.Match) -> str:
        if in_code(match.start()):
            return match.group(0)
        _warn(
            warnings,
            f"MDX component <{match.group(2)}> is JavaScript, which Folio does not run: "
            "left out (the text between its tags is kept)",
        )
        return ""

    def expression(match: re.Match) -> str:
        if in_code(match.start()):
            return match.group(0)
        _warn(warnings, f"MDX expression '{match.group(0)[:40]}' is JavaScript, which Folio does not run: left out")
        return ""

    line = _COMPONENT.sub(component, line)
    code = list(code_spans(line))
    return _EXPRESSION.sub(expression, line)


def _warn(warnings: list[str], message: str) -> None:
    if message not in warnings:
        warnings.append(message)
