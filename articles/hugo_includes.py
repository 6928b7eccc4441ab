"""geekdoc's include shortcode: a file of the site in the page, where the shortcode stands.

`{{< include file="…" >}}` is the file as Markdown; with `type="page"`, the body of a page of the content
(its front matter dropped); with `language="go"`, the file as code. Hugo looks for `file` from the site's
folder (readFile), and for a page from the content folder (GetPage). `type="html"` puts the file's HTML in
the page as it is, which Folio does not do: that include is left out.

A file is read as an imported file is: inside the import root, a regular file, within the size limit. An
include of a file that is already being included (a file that includes itself) is left out.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from .front_matter_reading import decode_text, read_front_matter
from .import_sources import read_source
from .include_budget import IncludeBudget
from .invalid_file import InvalidFile
from .real_paths import real_path

MAX_DEPTH = 8


@dataclass(frozen=True)
class IncludeFiles:
    """Where a page's includes are looked for, and the files being included around it."""

    root: Path  # the import root: nothing outside it is read
    site: Path  # the site's folder, from which Hugo reads a file
    content: Path  # the page's content folder, from which Hugo finds a page
    max_bytes: int
    within: tuple[Path, ...] = ()
    # What the page's includes have added, shared by the files it includes: InvalidFile once it is too much.
    budget: IncludeBudget = field(default_factory=IncludeBudget, compare=False)

    def inside(self, path: Path) -> "IncludeFiles":
        return replace(self, within=(*self.within, path))


class Included(NamedTuple):
    text: str  # Markdown, or the code of a file included as code
    path: Path
    language: str = ""  # the code's language; '' for Markdown
    options: str = ""  # Hugo's highlight options for the code ("linenos=table,hl_lines=2")


class NotIncluded(Exception):
    """Why an include is left out."""


def include(named: Mapping[str, str], *, files: IncludeFiles) -> Included:
    """What geekdoc's include shortcode puts in the page, read from the site; NotIncluded says why not."""
    name = named.get("file", "").strip()
    if not name:
        raise NotIncluded("it names no file")
    language, kind = named.get("language", "").strip(), named.get("type", "").strip().lower()
    if kind == "html" and not language:
        raise NotIncluded("it puts the file's HTML in the page as it is, which Folio does not")
    is_page = kind == "page" and not language
    path = _page(name, content=files.content) if is_page else _file(files.site / name.lstrip("/"))
    if path is None:
        where = "content folder" if is_page else "folder"
        raise NotIncluded(f"no file '{name}' was found in the site's {where}")
    if path in files.within or len(files.within) >= MAX_DEPTH:
        raise NotIncluded("the file includes itself, or includes nest too deep")
    files.budget.add_file(kind="included file", name=name)
    try:
        raw = read_source(path, root=files.root, max_bytes=files.max_bytes)
        text = read_front_matter(raw)[1] if is_page else decode_text(raw).replace("\r\n", "\n")
    except InvalidFile as error:
        raise NotIncluded(f"the file could not be read ({error})") from None
    files.budget.add_text(len(text), kind="included file", name=name)
    return Included(text, path, language=language.lower(), options=named.get("options", "") if language else "")


def _file(path: Path) -> Path | None:
    return real_path(path) if path.is_file() else None


def _page(name: str, *, content: Path) -> Path | None:
    """The file of the page GetPage finds by `name`, a path from the content folder with or without `.md`."""
    base = content / name.strip("/")
    for candidate in (base, base.with_name(base.name + ".md"), base / "_index.md", base / "index.md"):
        if found := _file(candidate):
            return found
    return None
