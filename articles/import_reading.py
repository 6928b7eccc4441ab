"""Reading one import file: what it says, whether it is an article at all, its title, and the slug it gets.

Apart from writing the article because the run reads every file this way twice: once to import it, and once,
ahead of it, for the map of links between the run's files (import_links), which needs each file's slug before
the file that links to it is written.
"""

import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from .frontmatter import FrontMatter, fill_title, normalize, slug_for
from .import_results import SkippedFile
from .import_slugs import RunSlugs, unique_slug
from .import_sources import read_page
from .import_workers import Prepared
from .invalid_file import InvalidFile
from .models import Article
from .page_names import title_from_eleventy_navigation, title_from_mkdocs_name, title_from_text
from .permalinks import page_folders
from .site_config import FOLIO, SiteConfig
from .site_pages import Pages, Place, list_page_reason, named_page_reason, place_of, slug_in_language


@dataclass
class ReadFile:
    raw: bytes
    meta: dict
    body: str
    fm: FrontMatter
    slug: str
    place: Place
    inherited: dict  # what the site's folders add to the front matter (import_sources.folder_meta)
    source: str  # the path relative to the import root, which finds the file's article again
    fixed: bool  # a slug written in Folio's own format: the article's address, never another
    wanted: str  # the slug the file gives, which another file may have


def read_file(
    path: Path,
    *,
    root: Path,
    site: SiteConfig,
    pages: Pages,
    slugs: RunSlugs,
    max_bytes: int,
    prepared: Prepared | None = None,
) -> ReadFile:
    """What a file says, and the slug its article gets; SkippedFile for a page that is not an article.

    The one reading of a file: the import itself, and the map of links between this run's files. A file a
    worker process has read (`prepared`) is not read again.
    """
    if named := named_page_reason(path):
        raise SkippedFile(named)  # before reading: an empty one is still its section's list, not an empty article
    if prepared is not None:
        raw, meta, body, has_front_matter = prepared.raw, prepared.meta, prepared.body, prepared.has_front_matter
        inherited = prepared.inherited
    else:
        raw, meta, body, has_front_matter, inherited = read_page(path, root=root, max_bytes=max_bytes)
    skipped = list_page_reason(path, meta=meta, body=body, root=root, site=site, pages=pages)
    if skipped:
        raise SkippedFile(skipped)
    if prepared is not None and prepared.fm is not None:
        fm, body = prepared.fm, prepared.titled
    else:
        fm = normalize(meta, path=path, generator=site.generator)
        body = fill_title(fm, body, path=path, generator=site.generator)
    if not fm.title and site.generator == "mkdocs":
        fm.title = title_from_mkdocs_name(path)
    if not fm.title and site.generator == "eleventy":
        fm.title = title_from_eleventy_navigation(meta)
    if not fm.title and site.generator not in (FOLIO, "") and (words := title_from_text(body)):
        # The generator builds the page untitled; an article needs a title, and this one names it as it opens.
        fm.title = words
        fm.warnings.append(f"no title: titled by its first words, '{words}', as the site shows the post untitled")
    if not fm.title:
        raise InvalidFile("missing title" + ("" if has_front_matter else ": no front matter and no '# ' heading"))
    place = place_of(path, root=root, site=site)
    # Relative to the import root, so that a moved or freshly cloned content folder is still the same source.
    source = Path(os.path.relpath(path.absolute(), root.absolute())).as_posix()
    wanted = file_slug(fm, path=path, site=site, place=place)
    # A generator's slug is its section's (Hugo's, Jekyll's): only Folio's own format gives a whole address.
    fixed = bool(fm.slug) and site.generator in (FOLIO, "")
    slug = unique_slug(
        wanted,
        source=source,
        folders=lambda: page_folders(path, root=root),
        holder=slugs.holder,
        held=slugs.sources.get(source, ()),
        renamable=not fixed,
        max_length=Article._meta.get_field("slug").max_length,
    )
    slugs.claim(slug, source=source)
    return ReadFile(
        raw=raw,
        meta=meta,
        body=body,
        fm=fm,
        slug=slug,
        place=place,
        inherited=inherited,
        source=source,
        fixed=fixed,
        wanted=wanted,
    )


def file_slug(fm: FrontMatter, *, path: Path, site: SiteConfig, place: Place) -> str:
    """The file's slug; a translation found by its name or folder gets its language (see site_pages)."""
    fm.language = fm.language or place.language
    cut = site.config.get("name_cut") if site.generator == "gatsby" else None
    if not place.language:
        return slug_for(fm, path=path, cut=cut)
    default = site.default_language or settings.LANGUAGE_CODE.lower()
    return slug_in_language(slug_for(fm, path=place.base, cut=cut), language=fm.language.lower(), default=default)
