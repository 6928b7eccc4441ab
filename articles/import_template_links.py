"""Where a generator's template tags that link to another page lead: Jekyll's `{% post_url %}` and `{% link %}`,
and Hugo's `ref`, each to the article the page became, or to the old site's address of a page not imported.

Apart from writing articles because a tag names a page by the generator's rules, not by a slug: finding it takes
the run's whole list of files, the slugs given so far and those its other files will have (import_links).
"""

import os
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from django.urls import reverse

from .frontmatter import normalize
from .hugo_refs import HugoRefs
from .import_links import SiteLinks
from .import_sites import RunSites
from .import_sources import read_page
from .invalid_file import InvalidFile
from .real_paths import real_path
from .site_pages import place_of


class TemplateLinks:
    """The run's files by the names a template tag may give them, looked up as the tags are converted."""

    def __init__(
        self,
        *,
        files: list[tuple[Path, Path | None]],
        sites: RunSites,
        links: SiteLinks,
        sources: dict[str, set[str]],
        imported_slugs: dict[Path, str],
        max_bytes: int,
    ):
        self.files = files
        self.sites = sites
        self.links = links
        self.sources = sources  # source path -> slugs, of every article (the run's, kept up to date)
        self.imported_slugs = imported_slugs  # file -> slug, of the files imported so far (the run's)
        self.max_bytes = max_bytes
        self._by_stem: dict[str, list[Path]] | None = None
        self._refs: HugoRefs | None = None  # the run's pages by the paths Hugo's ref may give them
        self._in_run: set[Path] | None = None

    def link_for(self, source: Path, root: Path) -> Callable[[str, str], str | None]:
        """Resolve Jekyll's {% post_url name %} and {% link path %}, and Hugo's ref, to the imported article."""

        def link_for(kind: str, target: str) -> str | None:
            target = target.strip("'\"")
            if kind == "post_url":
                slug = self._post_slug(target, root=root)
                return reverse("articles:article", kwargs={"slug": slug}) if slug else None
            if kind == "ref":
                path = self._hugo_refs().find(target, source=source, root=root, site=self.sites.site(root))
            else:
                path = real_path(root / target)
            if path is None:
                return None
            slug = self._slug_of(path, root=root)
            if slug is None:
                # A page of the old site this run does not import (a section's list page): its old address, as
                # the generator would write it. The link check that follows reports it.
                return self._old_site_address(path, root=root)
            return reverse("articles:article", kwargs={"slug": slug})

        return link_for

    def _hugo_refs(self) -> HugoRefs:
        if self._refs is None:
            in_run = ((path, root) for path, root in self.files if root is not None)
            self._refs = HugoRefs(in_run, site_for=self.sites.site)
        return self._refs

    def _post_slug(self, name: str, *, root: Path) -> str | None:
        """The slug of the post Jekyll calls `name` (its file name without the extension, perhaps with folders)."""
        if self._by_stem is None:
            self._by_stem = {}
            for path, file_root in self.files:
                if file_root is not None:
                    self._by_stem.setdefault(path.stem, []).append(real_path(path))
        for path in self._by_stem.get(name.rsplit("/", 1)[-1], []):
            if path.with_suffix("").as_posix().endswith(name):
                return self._slug_of(path, root=root)
        for source, slugs in self.sources.items():
            if PurePosixPath(source).with_suffix("").as_posix().endswith(name) and slugs:
                return sorted(slugs)[0]
        return None

    def _slug_of(self, path: Path, *, root: Path) -> str | None:
        """The slug a file in this run has or will have, or its article already has."""
        if path in self.imported_slugs:
            return self.imported_slugs[path]
        if self._in_run is None:
            self._in_run = {real_path(candidate) for candidate, file_root in self.files if file_root is not None}
        if path in self._in_run:
            return self.links.slug_of(path)
        source = Path(os.path.relpath(path, real_path(root))).as_posix()
        return next(iter(sorted(self.sources.get(source, ()))), None)

    def _old_site_address(self, path: Path, *, root: Path) -> str | None:
        """Where the old site published a file of its own (inside the root), by its generator's rules."""
        try:
            meta = read_page(path, root=root, max_bytes=self.max_bytes).meta
            fm = normalize(meta, path=path, generator=self.sites.site(root).generator)
            # A translation's language comes from its name or folder (`_index.fa.md`), as for an imported file.
            fm.language = fm.language or place_of(path, root=root, site=self.sites.site(root)).language
            addresses = self.links.addresses(path, root=root, meta=meta, fm=fm).all
        except (InvalidFile, OSError, ValueError):
            return None
        return addresses[0] if addresses else None
