"""MDX files as the Markdown they hold: Astro, Gatsby and Docusaurus publish them as posts.

MDX is Markdown with JavaScript inside: `import`/`export` statements, JSX components (`<Chart />`,
`<Note>…</Note>`) and `{expressions}`. Folio runs no JavaScript, so each of those is taken out, the text
between a component's tags kept, and each named in a warning. Code blocks and inline code are left alone. Tabs
and callouts (`<Aside>`, `<Callout>`), which say what they are, are shown as Folio's own tabs and notes.
"""

import re

from .notes import DIRECTIVE_KINDS
from .template_code import code_spans

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ESM = re.compile(r"^(?:import|export)\s")
# A component's tag: a capitalised name (HTML's own are lower case), possibly dotted, with its attributes.
_COMPONENT = re.compile(r"<(/?)([A-Z][\w.]*)((?:\s+[^<>]*?)?)\s*(/?)>")
_EXPRESSION = re.compile(r"\{[^{}\n]*\}")
# A component's opening tag whose attributes go on over the lines below it (`<Card` / `  title="…"` / `/>`).
_TAG_START = re.compile(r"\s*<([A-Z][\w.]*)(?=\s|$)")
# Starlight's <TabItem label="npm"> and Docusaurus' <TabItem value="npm" label="npm">.
TAB_COMPONENTS = ("TabItem",)
_TAB_LABEL = re.compile(r"""\blabel\s*=\s*(?P<q>["'])(?P<label>[^"'\n]*)(?P=q)""")
# Notes set apart from the text, as themes write them: Starlight's <Aside type="caution">, Docusaurus'
# <Admonition type="tip">, and the <Callout type="warning"> of many blog themes. Each is shown as a note of its kind.
CALLOUT_COMPONENTS = ("Aside", "Admonition", "Callout")
_CALLOUT_KINDS = {"error": "danger", "default": "note"}
# `name="text"`, or `name={"text"}`.
_ATTRIBUTE = (
    r"""\b{name}\s*=\s*(?:(?P<q>["'])(?P<value>[^"'\n]*)(?P=q)"""
    r"""|\{{\s*(?P<r>["'])(?P<braced>[^"'\n]*)(?P=r)\s*\}})"""
)
MAX_TAG_LINES = 200  # a tag not closed within these many lines is no tag: its lines are read as they are


def to_markdown(body: str, *, warnings: list[str]) -> str:
    """The body without MDX's JavaScript; a warning for each kind of thing taken out."""
    out, fence, statement, depth, tabs = [], None, False, 0, 0
    # Each open callout's opening line in `out`, and how many callouts deep its contents go.
    callouts: list[list[int]] = []
    lines = body.split("\n")

    def emit(text: str) -> None:
        # A tab's Markdown is indented under its `=== "label"`, as content tabs are written.
        out.append("    " * tabs + text if tabs and text.strip() else text)

    index = unclosed_until = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            emit(line)
            continue
        if opening:
            fence = opening.group(1)
            emit(line)
            continue
        if statement or _ESM.match(line):
            # An import or export runs until a line that ends it (a `;`, or a `from '…'` clause).
            statement = not re.search(r"""(;|\bfrom\s+["'][^"']*["'])\s*$""", line)
            _warn(warnings, "MDX import and export statements are JavaScript, which Folio does not run: left out")
            continue
        tag = _TAG_START.match(line) if index > unclosed_until else None
        if tag and _tag_end(line) is None:
            taken = _multiline_tag(lines, index - 1)
            if isinstance(taken, int):
                unclosed_until = taken  # no tag starting before this line closes: read them as they are
            else:
                end, self_closing, rest = taken
                _warn_component(warnings, tag.group(1))
                depth += 0 if self_closing else 1
                index = end
                if rest.strip():
                    emit(_line_without_jsx(rest.strip(), warnings))
                continue
        alone = _COMPONENT.fullmatch(line.strip())
        if alone and alone.group(2) in TAB_COMPONENTS and not alone.group(4):
            # Starlight's and Docusaurus' tabs are shown as content tabs: each a block titled with its label.
            label = _TAB_LABEL.search(alone.group(3))
            if alone.group(1) and tabs:
                tabs, depth = tabs - 1, depth - 1
                out.append("")
                continue
            if not alone.group(1) and label:
                emit('=== "' + label.group("label").replace('"', "'") + '"')
                out.append("")
                tabs, depth = tabs + 1, depth + 1
                continue
        if alone and alone.group(2) in CALLOUT_COMPONENTS and not alone.group(4):
            if alone.group(1) and callouts:
                # A container is closed by the first fence at least as long as its own, so one holding others
                # is given a longer fence than theirs: the inner one's end does not end it too.
                opened, inner = callouts.pop()
                marker = ":" * (3 + inner)
                out[opened] = out[opened].replace(":::", marker, 1)
                if callouts:
                    callouts[-1][1] = max(callouts[-1][1], inner + 1)
                depth -= 1
                emit(marker)
                continue
            if not alone.group(1):
                emit(_callout_opening(alone.group(3)))
                callouts.append([len(out) - 1, 0])
                depth += 1
                continue
        if alone and not alone.group(4):
            depth += -1 if alone.group(1) else 1
        elif depth > 0:
            # Inside a component, indentation is JSX's layout, not Markdown's code block.
            line = line.lstrip()
        emit(_line_without_jsx(line, warnings))
    return "\n".join(out)


def _callout_opening(attributes: str) -> str:
    """The `:::kind[title]` directive a callout component is shown as: its `type` (`note` when it names none, or
    one Folio has no note for) and its `title`."""
    kind = (_attribute(attributes, "type") or _attribute(attributes, "variant") or "note").lower()
    kind = _CALLOUT_KINDS.get(kind, kind)
    kind = kind if kind in DIRECTIVE_KINDS else "note"
    title = _attribute(attributes, "title").replace("[", "(").replace("]", ")")
    return f":::{kind}[{title}]" if title else f":::{kind}"


def _attribute(attributes: str, name: str) -> str:
    """A JSX attribute's text, written `name="…"` or `name={"…"}`; empty when it has none."""
    match = re.search(_ATTRIBUTE.format(name=name), attributes)
    return (match.group("value") or match.group("braced") or "").strip() if match else ""


def _tag_end(text: str) -> int | None:
    """Where the tag that opens `text` ends (just after its `>`), past `>` inside `{…}` or quotes; None while open."""
    braces, quote = 0, ""
    for at in range(text.index("<") + 1, len(text)):
        char = text[at]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'`":
            quote = char
        elif char == "{":
            braces += 1
        elif char == "}":
            braces -= 1
        elif char == ">" and braces <= 0:
            return at + 1
    return None


def _multiline_tag(lines: list[str], start: int) -> tuple[int, bool, str] | int:
    """(the line after it, whether it closes itself, the text after it on its last line) for the opening tag that
    starts at lines[start] and ends on a later line; else the line the search stopped at, a blank one or
    MAX_TAG_LINES on. The lines are read once, so a file of tags that never close is read in linear time."""
    window = [lines[start]]
    for line in lines[start + 1 : start + MAX_TAG_LINES]:
        if not line.strip():
            break
        window.append(line)
    text = "\n".join(window)
    end = _tag_end(text)
    if end is None:
        return start + len(window)
    last = start + text.count("\n", 0, end)
    return last + 1, text[:end].endswith("/>"), text[end:].split("\n", 1)[0]


def _warn_component(warnings: list[str], name: str) -> None:
    _warn(
        warnings,
        f"MDX component <{name}> is JavaScript, which Folio does not run: left out (the text between its tags is kept)",
    )


def _line_without_jsx(line: str, warnings: list[str]) -> str:
    code = list(code_spans(line))

    def in_code(at: int) -> bool:
        return any(start <= at < end for start, end in code)

    def component(match: re.Match) -> str:
        if in_code(match.start()):
            return match.group(0)
        _warn_component(warnings, match.group(2))
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
