"""pymdownx.snippets, as MkDocs sites use it: a line `--8<-- "file.md"` stands for the file it names (or a
part of it: `file.md:3:9` its lines 3 to 9, `file.md:name` what lies between `--8<-- [start:name]` and
`--8<-- [end:name]`), and `--8<--` on a line of its own opens and closes a list of such files, one a line.
`auto_append` adds files to the end of every page (a glossary of abbreviations, often).

The files are looked for in the extension's `base_path` folders (the site's own folder unless mkdocs.yml says
otherwise), read as every imported file is (inside the import root, a regular file, within the size limit),
and their own snippets included in turn. A snippet that cannot be included is left out with a warning.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from .frontmatter import InvalidFile
from .import_images import real_path
from .import_sources import read_source
from .site_config import SiteConfig, mkdocs_extension_options

_SNIPPET = re.compile(r"""(?P<indent>[ \t]*)(?P<escape>;*)-+8<-+[ \t]+(?P<quote>["'])(?P<name>.+?)(?P=quote)[ \t]*""")
_BLOCK = re.compile(r"(?P<indent>[ \t]*)(?P<escape>;*)-+8<-+[ \t]*")
_SECTION = re.compile(r"-+8<-+[ \t]+\[[ \t]*(?P<kind>start|end)[ \t]*:[ \t]*(?P<name>[a-z][-_0-9a-z]*)[ \t]*\]")
_LINES = re.compile(r"(?P<path>.+?):(?P<start>\d*):?(?P<end>\d*)")
_NAMED = re.compile(r"(?P<path>.+?):(?P<section>[a-z][-_0-9a-z]*)")
MAX_DEPTH = 8


@dataclass
class SnippetOptions:
    bases: list[Path]
    root: Path
    max_bytes: int
    auto_append: list[str] = field(default_factory=list)


def snippet_options(site: SiteConfig, *, root: Path, max_bytes: int) -> SnippetOptions | None:
    """How the site's mkdocs.yml has pymdownx.snippets read; None when the extension is not on."""
    if site.generator != "mkdocs" or site.root is None:
        return None
    options = mkdocs_extension_options(site.config, "pymdownx.snippets")
    if options is None:
        return None
    bases = options.get("base_path", ["."])
    bases = [bases] if isinstance(bases, str) else bases if isinstance(bases, list) else ["."]
    appended = options.get("auto_append") or []
    return SnippetOptions(
        bases=[site.root / base for base in bases if isinstance(base, str)],
        root=root,
        max_bytes=max_bytes,
        auto_append=[name for name in appended if isinstance(name, str)] if isinstance(appended, list) else [],
    )


def include_snippets(body: str, *, options: SnippetOptions, warnings: list[str]) -> str:
    """The body with its snippets included, and the site's `auto_append` files after it."""
    if "8<-" not in body and not options.auto_append:
        return body
    text = _expand(body, options=options, warnings=warnings, within=())
    for name in options.auto_append:
        appended = _snippet(name, options=options, warnings=warnings, within=())
        if appended is not None:
            text = text.rstrip("\n") + "\n\n" + appended
    return text


def _expand(text: str, *, options: SnippetOptions, warnings: list[str], within: tuple[Path, ...]) -> str:
    if "8<-" not in text:
        return text
    lines, block_indent = [], None
    for line in text.split("\n"):
        block = _BLOCK.fullmatch(line)
        if block_indent is not None:
            if block and not block.group("escape"):
                block_indent = None
            elif line.strip() and not line.strip().startswith(";"):
                lines.extend(_included(line.strip(), block_indent, options=options, warnings=warnings, within=within))
            continue
        snippet = _SNIPPET.fullmatch(line)
        if snippet and snippet.group("escape"):
            lines.append(line.replace(";", "", 1))
        elif snippet:
            name = snippet.group("name")
            lines.extend(_included(name, snippet.group("indent"), options=options, warnings=warnings, within=within))
        elif block and block.group("escape"):
            lines.append(line.replace(";", "", 1))
        elif block:
            block_indent = block.group("indent")
        else:
            lines.append(line)
    return "\n".join(lines)


def _included(name: str, indent: str, **kwargs) -> list[str]:
    text = _snippet(name, **kwargs)
    return [] if text is None else [indent + line if line else line for line in text.split("\n")]


def _snippet(name: str, *, options: SnippetOptions, warnings: list[str], within: tuple[Path, ...]) -> str | None:
    """The text of the snippet `name` with its own snippets included; None, with a warning, when it cannot be."""
    if re.match(r"[a-z][a-z0-9+.-]*://", name, re.IGNORECASE):
        warnings.append(f"snippet '{name}' is an address; Folio includes only files; left out")
        return None
    path, section, start, end = name, "", 0, 0
    if not any((base / name).is_file() for base in options.bases):
        if named := _NAMED.fullmatch(name):
            path, section = named.group("path"), named.group("section")
        elif numbered := _LINES.fullmatch(name):
            path = numbered.group("path")
            start, end = int(numbered.group("start") or 0), int(numbered.group("end") or 0)
    found = next((real_path(base / path) for base in options.bases if (base / path).is_file()), None)
    if found is None:
        warnings.append(f"snippet '{name}' was not found in the snippets' base path; left out")
        return None
    if found in within or len(within) >= MAX_DEPTH:
        warnings.append(f"snippet '{name}' includes itself, or snippets nest too deep; left out")
        return None
    try:
        text = read_source(found, root=options.root, max_bytes=options.max_bytes).decode("utf-8-sig")
    except (InvalidFile, UnicodeDecodeError) as error:
        warnings.append(f"snippet '{name}' could not be read ({error}); left out")
        return None
    lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
    if section:
        lines = _section(lines, section)
        if lines is None:
            warnings.append(f"snippet '{name}' has no section '{section}'; left out")
            return None
    elif start or end:
        lines = lines[max(start, 1) - 1 : end or None]
    lines = [line for line in lines if not _SECTION.search(line)]
    return _expand("\n".join(lines), options=options, warnings=warnings, within=(*within, found))


def _section(lines: list[str], name: str) -> list[str] | None:
    """The lines between `--8<-- [start:name]` and `--8<-- [end:name]`."""
    inside, kept, found = False, [], False
    for line in lines:
        marker = _SECTION.search(line)
        if marker and marker.group("name") == name:
            inside = marker.group("kind") == "start"
            found = found or inside
            continue
        if inside:
            kept.append(line)
    return kept if found else None
