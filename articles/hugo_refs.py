"""Hugo's ref and relref: the file of the run that `{{< ref "name" >}}` names, in the linking page's language.

Hugo finds a page by its path in the content folder (`/docs/install`), by a path from the linking page's folder,
or by the end of its path (`install`); a page bundle goes by its folder (`docs/install/index.md` is
`docs/install`), and a translation (`index.ja.md`, or a language's folder) by the path of the page it translates.
"""

import posixpath
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

from .real_paths import real_path
from .site_config import SiteConfig
from .site_pages import place_of

PAGE_SUFFIXES = (".md", ".markdown", ".mdx")


def _page_key(path: Path, *, root: Path, site: SiteConfig) -> tuple[PurePosixPath, str]:
    """The page's path without its extension and language, and its language ('' for the site's own)."""
    place = place_of(path, root=root, site=site)
    return PurePosixPath(place.key), place.language


def _named(key: PurePosixPath) -> str:
    """A bundle's or a section's page by its folder, as ref names it."""
    return (key.parent if key.name.lower() in ("index", "_index") else key).as_posix()


class HugoRefs:
    """The pages of one run by the paths ref may give them, each in its languages."""

    def __init__(self, files: Iterable[tuple[Path, Path]], *, site_for: Callable[[Path], SiteConfig]):
        self.pages: dict[str, dict[str, Path]] = {}  # page path -> language -> file
        for path, root in files:
            key, language = _page_key(path, root=root, site=site_for(root))
            self.pages.setdefault(_named(key), {}).setdefault(language, real_path(path))

    def find(self, target: str, *, source: Path, root: Path, site: SiteConfig) -> Path | None:
        """The file `target` names (its anchor already taken off), or None when no page of the run is it."""
        wanted = target.strip()
        if PurePosixPath(wanted).suffix.lower() in PAGE_SUFFIXES:
            wanted = wanted.rsplit(".", 1)[0]
        wanted = wanted.strip("/")
        if not wanted:
            return None
        own, language = _page_key(source, root=root, site=site)
        tried = [] if target.startswith("/") else [posixpath.normpath(posixpath.join(own.parent.as_posix(), wanted))]
        tried.append(wanted)
        # The end of a page's path: the nearest the top of the content folder first, as Hugo's own search finds it.
        tried += sorted((page for page in self.pages if page.endswith(f"/{wanted}")), key=len)
        for page in tried:
            if page in self.pages:
                languages = self.pages[page]
                default = site.default_language
                return (
                    languages.get(language)
                    or languages.get("")
                    or languages.get(default)
                    or next(iter(languages.values()))
                )
        return None
