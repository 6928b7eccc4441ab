"""Shortcodes that many Hugo themes share, as the Markdown Folio renders the same way, with no template run.

A callout (Hextra's `callout`, hugo-coder's and Relearn's `notice`, Docsy's `alert`, hugo-book's `hint`, LoveIt's
`admonition`, Cupper's `note` and `warning`; Archie's `callout`, which holds its text in `text=` and has no closing)
becomes an admonition, tabs (`tabs` and `tab`) content tabs, an `expand` (Cupper's `expandable`) the disclosure
Hugo's own `details` is, a `blockquote` a quote, a theme's own figure Hugo's figure, a card or a button a link, a
badge its text, Hextra's file tree a nested list of names. Each theme names its arguments its own way; what is
read here is what those themes document. A shortcode whose arguments do not say enough (a card with no link, a
tab with no label) is not made up: it is left to the caller, which leaves it out with a warning, as any other of
a theme's own.
"""

import re
import textwrap
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from .shortcodes import LinkFor, disclosure, figure, markdown_text, parse_arguments, ref_address

# A note's kind as Folio names it (the kinds site.css colours); a theme's word for it, or its colour, otherwise.
NOTE_KINDS = frozenset(
    {
        "note", "info", "tip", "success", "hint", "warning", "caution", "attention", "danger", "error", "failure",
        "bug", "important", "example", "question", "abstract", "quote",
    }
)  # fmt: skip
_KIND_ALIASES = {
    "warn": "warning", "fail": "failure", "check": "success", "done": "success", "red": "danger", "alert": "danger",
}  # fmt: skip
# Notes named by their kind, whose theme shows no title but the kind's sign (Cupper's {{< note >}}, {{< warning >}}).
KIND_NOTES = frozenset({"note", "tip", "info", "warning", "caution", "danger", "important"})
NOTES = frozenset({"callout", "notice", "alert", "hint", "admonition"}) | KIND_NOTES
FOLDER = "filetree/folder"  # Hextra's file tree: folders (pairs) and files in a container
# Pairs that become a block, the Markdown they enclose indented under its heading.
BLOCKS = NOTES | {"tab", FOLDER}
# Pairs that become a disclosure, HTML around the Markdown they enclose, which stays where it is unindented.
DISCLOSURES = frozenset({"details", "expand", "expandable"})  # details: Hugo's own, made in shortcodes.py
# Pairs that only group what they enclose, and go: what is inside is made all the same.
WRAPPERS = frozenset({"tabs", "filetree/container"})
# Shortcodes made of an opening, the Markdown it encloses and a closing: read as pairs, not tag by tag.
PAIRED = BLOCKS | DISCLOSURES | WRAPPERS | {"button", "blockquote"}
INDENT = "    "
MAX_NESTED_BLOCKS = 8


def note_kind(written: str) -> str:
    kind = written.strip().lower()
    kind = _KIND_ALIASES.get(kind, kind)
    return kind if kind in NOTE_KINDS else "note"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def note_heading(name: str, positional: Sequence[str], named: Mapping[str, str]) -> str:
    """The `!!! kind "Title"` line an admonition starts with: untitled where the theme shows no title."""

    def at(index: int) -> str:
        return positional[index] if len(positional) > index else ""

    marker, title = "!!!", None  # None: the kind's own name, as the admonition shows it by default
    if name == "callout":  # Hextra: type= (green with a light bulb by default), an emoji= where a title would be
        kind = named.get("type", "default").replace("default", "tip")
        title = " ".join(part for part in (named.get("emoji"), named.get("title")) if part)  # Archie's: both
    elif name == "notice":  # hugo-coder: {{< notice tip >}}; Relearn: style= (or the first argument), title=
        kind, title = named.get("style") or at(0), named.get("title") or at(1) or None
    elif name == "alert":  # Docsy: color=, title=
        kind, title = named.get("color", ""), named.get("title") or ""
    elif name == "hint":  # hugo-book: {{% hint warning %}}
        kind, title = named.get("type") or at(0), ""
    elif name in KIND_NOTES:
        kind, title = name, named.get("title") or None
    else:  # LoveIt and DoIt: {{< admonition tip "Title" false >}}, or type=, title=, open=
        kind, title = named.get("type") or at(0), named.get("title") or at(1) or None
        if (named.get("open") or at(2)).lower() == "false":
            marker = "???"
    heading = f"{marker} {note_kind(kind)}"
    return heading if title is None else f'{heading} "{_one_line(title)}"'


def tab_label(positional: Sequence[str], named: Mapping[str, str], *, items: Sequence[str], index: int) -> str | None:
    """A tab's label: its own (Hextra's name=, Relearn's title=, hugo-book's first argument) or its place in the
    `items=` of its tabs (Hextra's older form). None when it has none, or one a `=== "Label"` line cannot hold."""
    label = named.get("name") or named.get("title") or (positional[0] if positional else "")
    if not label and index < len(items):
        label = items[index]
    label = _one_line(label)
    return f'=== "{label}"' if label and '"' not in label else None


def tab_items(named: Mapping[str, str]) -> list[str]:
    return [item.strip() for item in named.get("items", "").split(",")] if named.get("items") else []


class Line(NamedTuple):
    """Where a shortcode that starts its line stands: the spaces before it, and whether shortcodes come between."""

    indent: str
    after_shortcodes: bool

    def lead(self) -> str:
        # Behind other shortcodes, what is made starts a line of its own; otherwise it takes the shortcode's place.
        return f"\n{self.indent}" if self.after_shortcodes else ""


def block(heading: str, content: str, *, line: Line) -> str:
    """A `!!!` or `===` block of the Markdown between a pair, its heading where the opening was.

    The text after the opening on its line starts the content; the lines below keep their indentation relative
    to one another. Every line of the content is indented, blank ones too: two blank lines would end the block.
    """
    body = _body(content)
    indented = textwrap.indent(body, line.indent + INDENT, predicate=lambda _: True)
    return f"{line.lead()}{heading}\n{indented}\n" if body else f"{line.lead()}{heading}\n"


def text_note(name: str, arguments: str, *, line: Line | None) -> str | None:
    """A callout that holds its text in an argument and has no closing (Archie's `{{< callout type="tip"
    text="…" >}}`): the note of that text, where a line starts. None for any other."""
    if name not in NOTES or line is None:
        return None
    positional, named = parse_arguments(arguments)
    text = _one_line(named.get("text", ""))
    if not text:
        return None
    # Titled by the kind's own name where it names no title, as Archie shows its tips and warnings.
    heading = note_heading(name, positional, named).removesuffix(' ""')
    return block(heading, markdown_text(text), line=line)


def _body(content: str) -> str:
    first, _, rest = content.partition("\n")
    return "\n".join(part for part in (first.lstrip(), textwrap.dedent(rest).strip("\n")) if part.strip())


def tree(content: str, *, line: Line) -> str:
    """What a file tree's container holds, its outermost items where the container stands: written four spaces
    further in, as the theme lets them be, they would be code, not a list."""
    indented = textwrap.indent(_body(content), line.indent, predicate=lambda _: True)
    return f"{line.lead()}\n{indented}\n"


def tree_item(named: Mapping[str, str], *, folder: bool) -> str | None:
    """A file or folder of Hextra's file tree as a list item, its name= as code, a folder's ending in `/`.
    None when it has no name, or one a code span cannot hold as written."""
    name = _one_line(named.get("name", ""))
    if folder:
        name = name.removesuffix("/") + "/" if name else ""
    return f"- `{name}`" if name and "`" not in name else None


def _target(address: str) -> str | None:
    """An address as a Markdown link or image takes it; None for none, or one with spaces or angle brackets."""
    address = address.strip()
    if not address or re.search(r"[\s<>]", address):
        return None
    return f"<{address}>" if re.search(r"[()]", address) else address


def card(named: Mapping[str, str]) -> str | None:
    """Hextra's card (link=, title=, subtitle=, image=): its link, titled, with its image above it."""
    target, title = _target(named.get("link", "")), _one_line(named.get("title", ""))
    if not target or not title:
        return None
    title = re.sub(r"([\[\]])", r"\\\1", title)
    line = f"[{title}]({target})"
    subtitle = _one_line(named.get("subtitle", ""))
    if subtitle:
        line += f" — {subtitle}"
    image = _target(named.get("image", ""))
    if image:
        line = f"![{title}]({image})\n{line}"
    return line


def badge(positional: Sequence[str], named: Mapping[str, str]) -> str | None:
    """Hextra's badge: its text (content=, or the first argument), a link when it has one."""
    text = _one_line(named.get("content") or (positional[0] if positional else ""))
    if not text:
        return None
    text = markdown_text(text)
    target = _target(named.get("link", ""))
    return f"[{text}]({target})" if target else text


def expand(positional: Sequence[str], named: Mapping[str, str]) -> str:
    """The opening of hugo-learn's, Relearn's and geekdoc's expand, and Cupper's expandable: titled by its first
    argument (Relearn's title=, Cupper's label=), "Expand" when it has none; closed unless Relearn's open=
    (expanded= before it) is true."""
    title = named.get("title") or named.get("label") or (positional[0] if positional else "")
    title = _one_line(title) or "Expand"
    is_open = (named.get("open") or named.get("expanded") or "").lower() == "true"
    return disclosure(title, is_open=is_open)


_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.IGNORECASE)


def button(text: str, named: Mapping[str, str], *, link_for: LinkFor) -> str | None:
    """geekdoc's, hugo-book's and Relearn's button as a link: to the page its relref= (or ref=) names, as Hugo's
    relref leads, else to its href=. None when it has no text a link can hold, or no address Folio links to:
    none, a page the run does not have, or a scheme other than http(s) and mailto (no javascript:)."""
    text = _one_line(text)
    if not text or re.search(r"[\[\]]", text):
        return None
    ref = named.get("relref") or named.get("ref")
    if ref:
        address = ref_address(ref, link_for=link_for)
    else:
        address = named.get("href", "").strip()
        scheme = _SCHEME.match(address)
        if scheme and scheme.group(1).lower() not in ("http", "https", "mailto"):
            address = None
    target = _target(address) if address is not None else None
    return f"[{text}]({target})" if target else None


def quote(content: str, named: Mapping[str, str], *, line: Line) -> str:
    """A quotation pair (Cupper's `{{< blockquote author="…" >}}`) as a Markdown quote of what it encloses, its
    author= on the quote's last line after a dash, as the theme shows it."""
    lines = _body(content).split("\n")
    author = _one_line(named.get("author", ""))
    if author:
        lines += ["", f"— {markdown_text(author)}"]
    quoted = "\n".join(f"{line.indent}> {text}".rstrip() for text in lines)
    return f"{line.lead()}{quoted.removeprefix(line.indent)}\n"


def convert(name: str, arguments: str, *, line: Line | None) -> str | None:
    """The Markdown for one of the themes' shortcodes that stand alone; None for any other."""
    if name in ("cards", "/cards"):
        return ""  # a grid, and no more: its cards are made one by one
    if "figure" in name.lower() and not name.startswith("/"):
        # A theme's own figure (Beautiful Hugo's beautifulfigure, Cupper's figureCupper) takes Hugo's figure's
        # arguments, Cupper's picture as img=: the same image and caption.
        named = parse_arguments(arguments)[1]
        return figure({**named, "src": named.get("src") or named.get("img", "")})
    if name not in ("card", "badge", "filetree/file"):
        return None
    positional, named = parse_arguments(arguments)
    if name == "filetree/file":  # an item of a list, so only where a line starts
        item = tree_item(named, folder=False)
        return line.lead() + item if item is not None and line is not None else None
    if name == "badge":
        return badge(positional, named)
    made = card(named)
    if made is None or line is None:
        return made
    # A card that starts its line is a paragraph of its own, as it is a box of its own in the theme.
    return line.lead() + made.replace("\n", f"\n{line.indent}") + "\n"
