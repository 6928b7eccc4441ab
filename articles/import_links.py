"""Links between the pages of an imported site, pointed at the articles they became.

A body may link to another page of its old site by the address that site gave it (`/docs/history/`,
`/2023/01/29/title.html`), by its source file (`../changelog/index.md`, Eleventy's `/blog/firstpost.md`)
or relatively (`../other-post/`). Each is looked up among the files of this run and the articles of
earlier runs (their source files and old addresses). A link found becomes the article's Folio address;
one that points at a page of the old site that was not imported is left as written, with a warning.

The whole site is known before the first file is written, so links resolve whatever order files come
in; the same files give the same bodies on every run. External links, anchors, files such as images
and PDFs, and anything inside code are left alone.
"""

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from django.urls import Resolver404, resolve, reverse

from . import permalinks
from .invalid_file import InvalidFile
from .markdown_scanning import (
    REFERENCE_DEFINITION,
    block_parser,
    line_of,
    line_starts,
    reference_definitions,
    unbracketed,
)
from .old_addresses import PageAddresses, normalize_path
from .real_paths import real_path
from .site_config import served_from
from .template_code import code_spans

# Addresses with these endings are pages; any other ending (.png, .pdf, .zip, .xml) is a file.
PAGE_SUFFIXES = ("", ".html", ".htm", ".md", ".markdown", ".php")
SOURCE_SUFFIXES = (".md", ".markdown")

_INLINE = re.compile(r"\]\(\s*(?P<dest><[^>\n]*>|(?:[^\s()]|\([^\s()]*\))+)")
_HREF = re.compile(r"""<a\s[^>]*?\bhref\s*=\s*(?P<q>["'])(?P<dest>[^"'\n]*)(?P=q)""", re.IGNORECASE)

_parser = block_parser()
# The addresses as written, so that they can be found in the text again.
_parser.normalizeLink = lambda url: url
_parser.validateLink = lambda url: True

# A file's front matter, normalised front matter and slug; None for a file that will not become an article.
Reader = Callable[[Path, Path], tuple[dict, object, str] | None]


class SiteLinks:
    """What the run knows of the old site: each page's slug by source file and by old address."""

    def __init__(self, *, files: Iterable[tuple[Path, Path | None]], read: Reader, sources: dict[str, set[str]]):
        # A file whose real path is outside its root is refused unread: nor is its folder's configuration read.
        self.files = [
            (path, root) for path, root in files if root is not None and real_path(path).is_relative_to(real_path(root))
        ]
        self.read = read
        self.sources = sources  # source path (relative to its import root) -> slugs, from earlier runs
        self._by_file: dict[Path, str] | None = None
        self._by_address: dict[str, str] = {}
        self._by_tail: dict[str, str] = {}
        self._own_hosts: set[str] | None = None
        permalinks.clear_cache()

    def addresses(self, path: Path, *, root: Path, meta: dict, fm) -> PageAddresses:
        """The old addresses of one file, as its generator's rules and its front matter give them."""
        return permalinks.old_addresses(path, root=root, meta=meta, fm=fm)

    def _build(self) -> None:
        from .models import OldAddress

        self._by_file = {}
        for source, slugs in self.sources.items():
            if slugs:
                self._add_tail(source, sorted(slugs)[0])
        stored: dict[bool, dict[str, str]] = {True: {}, False: {}}  # by whether an alias -> address -> slug
        for address, slug, alias in OldAddress.objects.values_list("path", "article__slug", "alias"):
            stored[alias][address] = slug
        in_run: dict[bool, dict[str, str]] = {True: {}, False: {}}
        # A slug another source holds and the later file may not take another of (import_slugs.py) fails that
        # file's import: it gets no links.
        owners = {slug: source for source, slugs in self.sources.items() for slug in slugs}
        for path, root in self.files:
            planned = self.read(path, root)
            if planned is None:  # not an article, or one that will fail
                continue
            meta, fm, slug = planned
            try:
                addresses = self.addresses(path, root=root, meta=meta, fm=fm)
            except (InvalidFile, OSError, ValueError):
                continue
            source = Path(os.path.relpath(path.absolute(), root.absolute())).as_posix()
            if owners.setdefault(slug, source) != source:
                continue
            self._by_file[real_path(path)] = slug
            self._add_tail(source, slug)
            for address, alias in addresses.kinds():
                try:
                    in_run[alias].setdefault(normalize_path(address), slug)
                except ValueError:
                    continue
        # This run's files are what the site is now; an address an earlier run gave elsewhere still wins, but for
        # an alias there, which a page published at that address takes (old_addresses.record).
        self._by_address = {**in_run[True], **stored[True], **in_run[False], **stored[False]}

    def slug_of(self, path: Path) -> str | None:
        """The slug this run gives the file at `path` (a real path), read with the whole run so that of two files
        asking for one slug the first in the run's order keeps it; None for one that will not be an article."""
        if self._by_file is None:
            self._build()
        return self._by_file.get(path)

    def _add_tail(self, source: str, slug: str) -> None:
        parts = PurePosixPath(source).parts
        for i in range(len(parts)):
            self._by_tail.setdefault("/".join(parts[i:]), slug)

    def rewrite(
        self, body: str, *, source: Path, own_address: str | None, warnings: list[str], left: set[str] | None = None
    ) -> str:
        """The body with each link to a page of the old site pointed at its article; `left` gets each address left
        as written with a warning, which the link check after the import then does not warn of again."""
        if "](" not in body and "]:" not in body and "href" not in body.lower():
            return body
        found = [
            (match.span("dest"), markdown)
            for pattern, markdown in ((_INLINE, True), (_HREF, False))
            for match in pattern.finditer(body)
            if self._may_resolve(unbracketed(match.group("dest")))
        ]
        defines = any(self._may_resolve(unbracketed(m.group("dest"))) for m in REFERENCE_DEFINITION.finditer(body))
        if not found and not defines:  # only links to other sites and anchors: the parse below could change nothing
            return body
        env: dict = {}
        tokens = _parser.parse(body, env)
        code_lines: set[int] = set()
        shown: set[str] = set()
        for token in tokens:
            if token.type in ("fence", "code_block") and token.map:
                code_lines.update(range(*token.map))
            for child in token.children or []:
                if child.type == "link_open":
                    shown.add(str(child.attrGet("href") or ""))
        starts = line_starts(body)
        spans_by_line: dict[int, list[tuple[int, int]]] = {}

        def in_code(at: int) -> bool:
            line = line_of(starts, at)
            if line in code_lines:
                return True
            if line not in spans_by_line:
                start = starts[line]
                end = starts[line + 1] if line + 1 < len(starts) else len(body)
                spans_by_line[line] = [(start + a, start + b) for a, b in code_spans(body[start:end])]
            return any(a <= at < b for a, b in spans_by_line[line])

        # A definition markdown-it found is neither code nor an example: it needs neither check.
        spans = [
            span
            for span, markdown in found
            if not in_code(span[0]) and (not markdown or unbracketed(body[slice(*span)]) in shown)
        ]
        spans += [dest for _, dest in reference_definitions(body, env, starts).values()]
        replacements: list[tuple[int, int, str]] = []
        for start, end in sorted(spans):
            written = body[start:end]
            new = self.resolve(
                unbracketed(written), source=source, own_address=own_address, warnings=warnings, left=left
            )
            if new is not None:
                replacements.append((start, end, f"<{new}>" if written.startswith("<") else new))
        if not replacements:
            return body
        pieces, done = [], 0
        for start, end, new in sorted(replacements):
            if start < done:
                continue
            pieces += [body[done:start], new]
            done = end
        pieces.append(body[done:])
        return "".join(pieces)

    def _may_resolve(self, dest: str) -> bool:
        """Whether resolve() could point `dest` anywhere or warn of it: the checks it makes before any lookup."""
        parts = urlsplit(dest)
        if parts.scheme in ("http", "https") and parts.netloc.lower() in self.own_hosts():
            return True
        if parts.scheme or dest.startswith("//") or not parts.path or "{" in dest:
            return False
        return PurePosixPath(unquote(parts.path)).suffix.lower() in PAGE_SUFFIXES

    def resolve(
        self, dest: str, *, source: Path, own_address: str | None, warnings: list[str], left: set[str] | None = None
    ) -> str | None:
        """The Folio address for a link to `dest`, or None to leave it (with a warning when it is left dangling)."""
        parts = urlsplit(dest)
        if parts.scheme in ("http", "https") and parts.netloc.lower() in self.own_hosts():
            # A link written with the old site's own address: its path, if it leads to an imported article.
            at_site = urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
            found = self.resolve(at_site, source=source, own_address=own_address, warnings=[])
            return found if found and found.startswith("/articles/") else None
        if parts.scheme or dest.startswith("//") or not parts.path or "{" in dest:
            return None  # another site, mail, an anchor on this page, or a template's address
        path = unquote(parts.path)
        suffix = PurePosixPath(path).suffix.lower()
        if suffix not in PAGE_SUFFIXES:
            return None
        if self._by_file is None:
            self._build()
        slug = self._slug_for(path, suffix=suffix, source=source, own_address=own_address)
        if slug is not None:
            return reverse("articles:article", kwargs={"slug": slug}) + (f"#{parts.fragment}" if parts.fragment else "")
        if path.startswith("/") and _is_folio_page(path):
            return None
        message = f"link '{dest}' points at a page of the old site that was not imported; left as written"
        if message not in warnings:
            warnings.append(message)
        if left is not None:
            left.add(dest)
        return None

    def own_hosts(self) -> set[str]:
        """The hosts the old site was served from, as its configuration gives them (Hugo's baseURL, Jekyll's
        url, MkDocs' site_url)."""
        if self._own_hosts is None:
            self._own_hosts = set()
            for path, root in self.files:
                self._own_hosts |= served_from(permalinks.site_of(path, root=root))
        return self._own_hosts

    def _slug_for(self, path: str, *, suffix: str, source: Path, own_address: str | None) -> str | None:
        if path.startswith("/"):
            if suffix in SOURCE_SUFFIXES:  # Eleventy and others link to the source file from the input folder
                return self._by_tail.get(path.strip("/"))
            found = self._address(path)
            base = permalinks.served_path(source) if found is None else ""
            if base and not path.startswith(f"{base}/"):
                # Written from the site's own top, without the path the host served it under (a project page's
                # repository name): the writer meant the site's page, not one at the top of that host.
                found = self._address(base + path)
            return found
        if suffix in SOURCE_SUFFIXES or suffix == "":
            target = real_path(source.parent / path)
            for candidate in (target, target / "index.md", target / "README.md", target.with_name(target.name + ".md")):
                if candidate in self._by_file:
                    return self._by_file[candidate]
            if suffix in SOURCE_SUFFIXES:  # Eleventy reads a relative source path from its input folder too
                return self._by_tail.get(PurePosixPath(path.lstrip("./")).as_posix())
        if own_address:
            return self._address(urljoin(own_address, path))
        return None

    def _address(self, path: str) -> str | None:
        try:
            return self._by_address.get(normalize_path(path, decoded=True))
        except ValueError:
            return None


def _is_folio_page(path: str) -> bool:
    """Whether a site-root path is one of Folio's own pages (an article, a tag, the feed), not the old site's."""
    try:
        resolve(path)
    except Resolver404:
        return False
    return True
