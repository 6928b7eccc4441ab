"""markdown-include-variants, the extension FastAPI's projects (Typer, SQLModel, FastAPI) write their examples with.

A line `{* docs_src/app/tutorial001_py310.py hl[9] ln[3:12] *}` stands for the example in a code block, under a
tab titled with the Python version it needs: `hl[…]` highlights lines of the file, `ln[…]` takes only those
lines (with a comment where lines are left out, and the whole file in a "Full file preview" below), and
the other versions of the same example (`tutorial001.py`, `tutorial001_an_py39.py`, …: an `_an` file uses
`Annotated`) follow in a collapsed "Other versions and variants". The versions are files beside it, or folders
named so beside its folder (`app_py310/main.py`, `app_an_py310/main.py`).

As the extension does, the line becomes Markdown that other extensions read in turn: pymdownx.blocks' tabs and
details, and mdx_include's `{!path!}`, which includes each file from its base path. The versions are looked
for from the site's folder, where MkDocs runs.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from .front_matter_reading import decode_text
from .import_sources import read_source
from .invalid_file import InvalidFile
from .real_paths import real_path

_LINE = re.compile(r"\{\*\s*(?P<path>\S+)\s*(?P<options>.*)\*\}")
_OPTION = re.compile(r"(?P<name>\w+)\[(?P<value>[^\]]+)\]")
# A version's suffixes, as the files and folders are named: `_an` (Annotated), then `_py310` and the like.
_VERSION = re.compile(r"(?P<base>.+?)(?P<annotated>_an)?(?:_py3(?P<minor>\d+))?")
OLDEST_MINOR = 8  # a name without a version is the example for Python 3.8 and later


@dataclass(frozen=True)
class Variant:
    path: str  # as written in the page: relative to the site's folder
    minor: int
    annotated: bool | None  # None when no file of its version uses Annotated

    @property
    def title(self) -> str:
        return f"Python 3.{self.minor}+" + (" - non-Annotated" if self.annotated is False else "")


def expand_include_variants(body: str, *, site_root: Path, root: Path, max_bytes: int, warnings: list[str]) -> str:
    """Each `{* … *}` line replaced by the Markdown the extension makes of it; one whose file is not there is
    left out with a warning."""
    if "{*" not in body:
        return body
    out = []
    for line in body.split("\n"):
        match = _LINE.fullmatch(line)
        if match is None:
            out.append(line)
        else:
            out.extend(_block(match, site_root=site_root, root=root, max_bytes=max_bytes, warnings=warnings))
    return "\n".join(out)


def _block(match: re.Match, *, site_root: Path, root: Path, max_bytes: int, warnings: list[str]) -> list[str]:
    written = match.group("path")
    shown, highlighted, title = [], [], ""
    for option in _OPTION.finditer(match.group("options")):
        name, value = option.group("name"), option.group("value")
        if name == "title" and len(value) > 1 and value[0] == value[-1] == '"':
            title = value[1:-1]
        elif name in ("ln", "hl"):
            ranges = _ranges(value)
            if ranges is None:
                warnings.append(f"example '{written}': {name}[{value}] is not a list of line numbers; left out")
                return []
            (shown if name == "ln" else highlighted).extend(ranges)
    variants = _variants(written, site_root=site_root, root=root)
    preferred = next((variant for variant in variants if Path(variant.path) == Path(written)), None)
    if preferred is None:
        warnings.append(f"example '{written}' was not found from the site's folder; left out")
        return []
    fence = "```python" + (f' title="{title}"' if title else "")
    lines = []
    if shown != [(0, 0)]:
        lines += [f"//// tab | {preferred.title}", _fence(fence, _shifted(highlighted, shown=shown))]
        total = _line_count(site_root / preferred.path, root=root, max_bytes=max_bytes)
        lines += _shown_lines(preferred.path, shown=sorted(shown), total=total)
        lines += ["```", "", "////", ""]
    if shown:
        lines += ["///// details | 👀 Full file preview", "", f"//// tab | {preferred.title}", ""]
        lines += [_fence(fence, highlighted), f"{{!{preferred.path}!}}", "```", "", "////", "", "/////", ""]
    others = [variant for variant in variants if variant != preferred]
    if others:
        lines += ["///// details | 🤓 Other versions and variants", ""]
        for variant in others:
            lines += [f"//// tab | {variant.title}", ""]
            if variant.annotated is False:
                lines += ["/// tip", "", "Prefer to use the `Annotated` version if possible.", "", "///", ""]
            lines += [fence, f"{{!{variant.path}!}}", "```", "////"]
        lines += ["", "/////", ""]
    return lines


def _ranges(value: str) -> list[tuple[int, int]] | None:
    """`3,5:7` as [(3, 3), (5, 7)]; None when it is not line numbers."""
    ranges = []
    for part in value.split(","):
        first, _, last = part.strip().partition(":")
        if not first.isdigit() or not (last or first).isdigit():
            return None
        ranges.append((int(first), int(last or first)))
    return sorted(ranges)


def _fence(fence: str, highlighted: list[tuple[int, int]]) -> str:
    if not highlighted:
        return fence
    spans = " ".join(str(first) if first == last else f"{first}-{last}" for first, last in highlighted)
    return f'{fence} hl_lines="{spans}"'


def _shown_lines(path: str, *, shown: list[tuple[int, int]], total: int) -> list[str]:
    """The include lines of the code block: the whole file, or the ranges asked for with a comment where lines
    are left out."""
    if not shown:
        return [f"{{!{path}!}}"]
    lines = []
    for i, (first, last) in enumerate(shown):
        if i == 0 and first > 1:
            lines += ["# Code above omitted 👆", ""]
        elif i > 0:
            lines += ["", "# Code here omitted 👈", ""]
        lines.append(f"{{!{path}[ln:{first}-{last}]!}}")
    if shown[-1][1] < total:
        lines += ["", "# Code below omitted 👇"]
    return lines


def _shifted(highlighted: list[tuple[int, int]], *, shown: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The highlighted lines of the file counted in the code block, which holds only the ranges shown and a
    comment of two lines before the first (when it does not start the file) and of three between two."""
    if not shown:
        return highlighted
    counted, at = [], 0
    for i, (first, last) in enumerate(sorted(shown)):
        if first > 1:
            at += 2 if i == 0 else 3
        counted += [(a - first + at + 1, b - first + at + 1) for a, b in highlighted if a >= first and b <= last]
        at += last - first + 1
    return counted


def _line_count(path: Path, *, root: Path, max_bytes: int) -> int:
    """The file's number of lines, read as an imported file is (mdx_include says what is wrong with it)."""
    try:
        return len(decode_text(read_source(path, root=root, max_bytes=max_bytes)).splitlines())
    except InvalidFile:
        return 0


def _variants(written: str, *, site_root: Path, root: Path) -> list[Variant]:
    """The versions of the example, in the order shown: Annotated ones newest first, then the others. They are
    files named so beside it; when that finds only the file itself, folders named so beside its folder."""
    path = Path(written)
    by_file = _found(path.parent, stem=path.stem, name=path.name, folders=False, site_root=site_root, root=root)
    if len(by_file) != 1 or not path.parent.name:
        return by_file
    by_folder = _found(
        path.parent.parent, stem=path.parent.name, name=path.name, folders=True, site_root=site_root, root=root
    )
    if len(by_folder) > 1 or (len(by_folder) == 1 and _plain(by_file[0]) and not _plain(by_folder[0])):
        return by_folder
    return by_file


def _plain(variant: Variant) -> bool:
    """Whether a version is named without a suffix: the file for Python 3.8 without Annotated."""
    return variant.minor == OLDEST_MINOR and variant.annotated is None


def _found(folder: Path, *, stem: str, name: str, folders: bool, site_root: Path, root: Path) -> list[Variant]:
    """The versions of `stem` in `folder`: its files (`stem_an_py310.py`), or its folders holding a file `name`;
    none outside the import root."""
    match = _VERSION.fullmatch(stem)
    base = match.group("base") if match else stem
    where = site_root / folder
    try:
        if not real_path(where).is_relative_to(real_path(root)):
            return []
        entries = sorted(where.iterdir())
    except OSError:
        return []
    found: dict[tuple[int, bool], str] = {}
    for entry in entries:
        if folders:
            label, file, ok = entry.name, folder / entry.name / name, (entry / name).is_file()
        else:
            label, file, ok = entry.stem, folder / entry.name, entry.suffix == ".py" and entry.is_file()
        version = _VERSION.fullmatch(label) if ok else None
        if version is not None and version.group("base") == base:
            minor = int(version.group("minor") or OLDEST_MINOR)
            found[(minor, bool(version.group("annotated")))] = file.as_posix()
    variants = [
        # A file without `_an` is "non-Annotated" only beside one with it, of the same version.
        Variant(path=file, minor=minor, annotated=True if annotated else (False if (minor, True) in found else None))
        for (minor, annotated), file in found.items()
    ]
    order = {True: 0, False: 1, None: 2}
    return sorted(variants, key=lambda variant: (order[variant.annotated], -variant.minor))
