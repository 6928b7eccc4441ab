"""pymdownx.snippets, as MkDocs sites use it: a line `--8<-- "file.md"` stands for the file it names (or a
part of it: `file.md:3:9` its lines 3 to 9, `file.md:name` what lies between `--8<-- [start:name]` and
`--8<-- [end:name]`), and `--8<--` on a line of its own opens and closes a list of such files, one a line.
`auto_append` adds files to the end of every page (a glossary of abbreviations, often).

mdx_include, the other way MkDocs sites include files (FastAPI's documentation includes its examples so):
`{! path !}` anywhere in a line stands for the file, looked for from the extension's `base_path`; `{!> path !}`
indents each included line as the first is, `[ln:3-9,12]` after the path takes those lines, and `\\{!` is the
text `{!`. An included file's own includes are read in turn, unless written `{!- path !}`. It runs before
pymdownx.snippets, as in MkDocs, and after markdown-include-variants, whose `{* path *}` lines become
mdx_include's (include_variants.py).

The files are looked for in the extension's `base_path` folders (the site's own folder unless mkdocs.yml says
otherwise), read as every imported file is (inside the import root, a regular file, within the size limit),
and their own snippets included in turn. A snippet that cannot be included is left out with a warning.
"""

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from .front_matter_reading import decode_text
from .import_sources import read_source
from .include_budget import IncludeBudget
from .include_variants import expand_include_variants
from .invalid_file import InvalidFile
from .real_paths import real_path
from .site_config import SiteConfig, mkdocs_extension_options

_SNIPPET = re.compile(r"""(?P<indent>[ \t]*)(?P<escape>;*)-+8<-+[ \t]+(?P<quote>["'])(?P<name>.+?)(?P=quote)[ \t]*""")
_BLOCK = re.compile(r"(?P<indent>[ \t]*)(?P<escape>;*)-+8<-+[ \t]*")
_SECTION = re.compile(r"-+8<-+[ \t]+\[[ \t]*(?P<kind>start|end)[ \t]*:[ \t]*(?P<name>[a-z][-_0-9a-z]*)[ \t]*\]")
_MDX_INCLUDE = re.compile(
    r"(?P<escape>\\)?\{!(?P<recursion>[+-])?(?P<indent>>)?\s*(?P<path>[^]|[]+?)"
    r"(?:\s*\[ln:(?P<lines>[\d.,-]+)\])?\s*(?:\|\s*(?P<encoding>.+?)\s*)?!\}"
)
_LINES = re.compile(r"(?P<path>.+?):(?P<start>\d*):?(?P<end>\d*)")
_NAMED = re.compile(r"(?P<path>.+?):(?P<section>[a-z][-_0-9a-z]*)")
_ADDRESS = re.compile(r"[a-z][a-z0-9+.-]*://", re.IGNORECASE)
MAX_DEPTH = 8


@dataclass
class SnippetOptions:
    bases: list[Path]
    root: Path
    max_bytes: int
    auto_append: list[str] = field(default_factory=list)
    snippets: bool = True  # pymdownx.snippets is on
    mdx_base: Path | None = None  # mdx_include is on, and reads from here
    variants_from: Path | None = None  # markdown-include-variants is on, and looks for examples from here


def snippet_options(site: SiteConfig, *, root: Path, max_bytes: int) -> SnippetOptions | None:
    """How the site's mkdocs.yml has pymdownx.snippets and mdx_include read; None when neither is on."""
    if site.generator != "mkdocs" or site.root is None:
        return None
    options = mkdocs_extension_options(site.config, "pymdownx.snippets")
    includes = mkdocs_extension_options(site.config, "mdx_include")
    variants = mkdocs_extension_options(site.config, "markdown_include_variants")
    if options is None and includes is None and variants is None:
        return None
    snippets_on, options = options is not None, options or {}
    bases = options.get("base_path", ["."])
    bases = [bases] if isinstance(bases, str) else bases if isinstance(bases, list) else ["."]
    appended = options.get("auto_append") or []
    mdx_base = (includes or {}).get("base_path", ".")
    return SnippetOptions(
        bases=[site.root / base for base in bases if isinstance(base, str)],
        root=root,
        max_bytes=max_bytes,
        auto_append=[name for name in appended if isinstance(name, str)] if isinstance(appended, list) else [],
        snippets=snippets_on,
        mdx_base=None if includes is None else site.root / (mdx_base if isinstance(mdx_base, str) else "."),
        variants_from=None if variants is None else site.root,
    )


def include_snippets(body: str, *, options: SnippetOptions, warnings: list[str]) -> str:
    """The body with its files included (mdx_include's, then pymdownx.snippets'), and the site's `auto_append`
    files after it."""
    budget = IncludeBudget()  # InvalidFile when the includes would make the page larger than an article may be
    if options.variants_from is not None and "{*" in body:
        body = expand_include_variants(
            body, site_root=options.variants_from, root=options.root, max_bytes=options.max_bytes, warnings=warnings
        )
    if options.mdx_base is not None and "{!" in body:
        body = _expand_mdx(body, options=options, warnings=warnings, within=(), budget=budget)
    if not options.snippets or ("8<-" not in body and not options.auto_append):
        return body
    text = _expand(body, options=options, warnings=warnings, within=(), budget=budget)
    for name in options.auto_append:
        appended = _snippet(name, options=options, warnings=warnings, within=(), budget=budget)
        if appended is not None:
            text = text.rstrip("\n") + "\n\n" + appended
    return text


def _expand(
    text: str, *, options: SnippetOptions, warnings: list[str], within: tuple[Path, ...], budget: IncludeBudget
) -> str:
    if "8<-" not in text:
        return text
    lines, block_indent = [], None
    for line in text.split("\n"):
        block = _BLOCK.fullmatch(line)
        if block_indent is not None:
            if block and not block.group("escape"):
                block_indent = None
            elif line.strip() and not line.strip().startswith(";"):
                lines.extend(
                    _included(
                        line.strip(), block_indent, options=options, warnings=warnings, within=within, budget=budget
                    )
                )
            continue
        snippet = _SNIPPET.fullmatch(line)
        if snippet and snippet.group("escape"):
            lines.append(line.replace(";", "", 1))
        elif snippet:
            name = snippet.group("name")
            lines.extend(
                _included(
                    name, snippet.group("indent"), options=options, warnings=warnings, within=within, budget=budget
                )
            )
        elif block and block.group("escape"):
            lines.append(line.replace(";", "", 1))
        elif block:
            block_indent = block.group("indent")
        else:
            lines.append(line)
    return "\n".join(lines)


def _included(name: str, indent: str, *, budget: IncludeBudget, **kwargs) -> list[str]:
    text = _snippet(name, budget=budget, **kwargs)
    if text is None:
        return []
    lines = text.split("\n")
    if indent:
        budget.add_text(len(indent) * len(lines), kind="snippet", name=name)
    return [indent + line if line else line for line in lines]


def _snippet(
    name: str, *, options: SnippetOptions, warnings: list[str], within: tuple[Path, ...], budget: IncludeBudget
) -> str | None:
    """The text of the snippet `name` with its own snippets included; None, with a warning, when it cannot be."""
    if _is_address(name, kind="snippet", warnings=warnings):
        return None
    path, section, start, end = name, "", 0, 0
    if not any(_in_base(base, name) for base in options.bases):
        if named := _NAMED.fullmatch(name):
            path, section = named.group("path"), named.group("section")
        elif numbered := _LINES.fullmatch(name):
            path = numbered.group("path")
            start, end = int(numbered.group("start") or 0), int(numbered.group("end") or 0)
    found = next((real_path(file) for base in options.bases if (file := _in_base(base, path))), None)
    if found is None:
        warnings.append(f"snippet '{name}' was not found in the snippets' base path; left out")
        return None
    if _nests(found, within=within, name=name, kind="snippet", kinds="snippets", warnings=warnings):
        return None
    budget.add_file(kind="snippet", name=name)
    lines = _lines(found, name=name, kind="snippet", options=options, warnings=warnings)
    if lines is None:
        return None
    if section:
        lines = _section(lines, section)
        if lines is None:
            warnings.append(f"snippet '{name}' has no section '{section}'; left out")
            return None
    elif start or end:
        lines = lines[max(start, 1) - 1 : end or None]
    text = "\n".join(line for line in lines if not _SECTION.search(line))
    budget.add_text(len(text), kind="snippet", name=name)
    return _expand(text, options=options, warnings=warnings, within=(*within, found), budget=budget)


def _in_base(base: Path, path: str) -> Path | None:
    """The file `path` in a base path: a folder's, or the base itself when it is a file of that name, as
    pymdownx.snippets takes a file listed in base_path (`LICENSE.md`) by its name."""
    if base.is_dir():
        return base / path if (base / path).is_file() else None
    file = base.parent / path
    return file if file.is_file() and real_path(file) == real_path(base) else None


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


def _is_address(name: str, *, kind: str, warnings: list[str]) -> bool:
    if _ADDRESS.match(name):
        warnings.append(f"{kind} '{name}' is an address; Folio includes only files; left out")
        return True
    return False


def _nests(found: Path, *, within: tuple[Path, ...], name: str, kind: str, kinds: str, warnings: list[str]) -> bool:
    """Whether the file is one of those it is included from, or below too many of them (said in a warning)."""
    if found in within or len(within) >= MAX_DEPTH:
        warnings.append(f"{kind} '{name}' includes itself, or {kinds} nest too deep; left out")
        return True
    return False


def _lines(
    found: Path, *, name: str, kind: str, options: SnippetOptions, warnings: list[str], encoding: str = ""
) -> list[str] | None:
    """An included file's lines, read as an imported file is (or in the encoding its include names); None,
    with a warning, when it cannot be read."""
    try:
        raw = read_source(found, root=options.root, max_bytes=options.max_bytes)
        text = raw.decode(encoding) if encoding else decode_text(raw)
    except (InvalidFile, UnicodeDecodeError) as error:
        warnings.append(f"{kind} '{name}' could not be read ({error}); left out")
        return None
    return text.replace("\r\n", "\n").rstrip("\n").split("\n")


def _expand_mdx(
    text: str, *, options: SnippetOptions, warnings: list[str], within: tuple[Path, ...], budget: IncludeBudget
) -> str:
    """Each `{! path !}` replaced by its file's lines: the text before it on its line goes before the first
    included line (before every line with `{!>`), the text after it after the last."""
    if "{!" not in text:
        return text
    out = []
    for line in text.split("\n"):
        if "{!" not in line:
            out.append(line)
            continue
        made: list[str] = []  # the lines this line becomes
        at = 0
        for match in _MDX_INCLUDE.finditer(line):
            before, at = line[at : match.start()], match.end()
            if match.group("escape"):
                included = [match.group(0)[1:]]
            else:
                included = _mdx_file(match, options=options, warnings=warnings, within=within, budget=budget) or [""]
            if made:
                made[-1] += before + included[0]
                made.extend(included[1:])
            elif match.group("indent") and not match.group("escape"):
                budget.add_text(len(before) * len(included), kind="included file", name=match.group("path").strip())
                made = [before + part if part else part for part in included]
            else:
                made = [before + included[0], *included[1:]]
        made[-1] += line[at:]
        out.extend(made)
    return "\n".join(out)


def _mdx_file(
    match: re.Match, *, options: SnippetOptions, warnings: list[str], within: tuple[Path, ...], budget: IncludeBudget
) -> list[str]:
    """The lines `{! path !}` stands for; none, with a warning, when the file cannot be included."""
    name = match.group("path").strip()
    if _is_address(name, kind="included file", warnings=warnings):
        return []
    path = options.mdx_base / name
    if not path.is_file():
        warnings.append(f"included file '{name}' was not found from mdx_include's base path; left out")
        return []
    found = real_path(path)
    if _nests(found, within=within, name=name, kind="included file", kinds="includes", warnings=warnings):
        return []
    encoding = (match.group("encoding") or "").strip()
    try:
        encoding = codecs.lookup(encoding).name if encoding else ""
    except LookupError:
        warnings.append(f"included file '{name}' names an unknown encoding '{encoding}'; read as UTF-8")
        encoding = ""
    budget.add_file(kind="included file", name=name)
    lines = _lines(found, name=name, kind="included file", options=options, warnings=warnings, encoding=encoding)
    if lines is None:
        return []
    if match.group("lines"):
        lines = _line_slice(lines, match.group("lines"))
        if lines is None:
            warnings.append(
                f"included file '{name}': [ln:{match.group('lines')}] is not a list of line numbers; left out"
            )
            return []
    text = "\n".join(lines)
    budget.add_text(len(text), kind="included file", name=name)
    if match.group("recursion") != "-":
        text = _expand_mdx(text, options=options, warnings=warnings, within=(*within, found), budget=budget)
    return text.split("\n")


def _line_slice(lines: list[str], spec: str) -> list[str] | None:
    """The lines `3-9,12,20-` names (counted from 1, both ends included, `9-3` backwards); None for a spec that
    is not that, such as rcslice's columns (`3.5-9`)."""
    kept = []
    for part in filter(None, spec.split(",")):
        first, dash, last = part.partition("-")
        if "." in part or not (first or last) or "-" in last:
            return None
        start = int(first) if first else 1
        end = (int(last) if last else len(lines)) if dash else start
        if start < 1 or end < 1:
            return None
        kept += lines[start - 1 : end] if start <= end else lines[end - 1 : start][::-1]
    return kept
