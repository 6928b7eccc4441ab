"""The sites an import run's files belong to: each import root's generator configuration, read once, and the
folders of the site a file's images, includes and snippets come from.

Apart from writing articles because none of it depends on a file: it is the same for every file under one
import root, so it is looked up once per root and kept for the run.
"""

from pathlib import Path

from .hugo_includes import IncludeFiles
from .hugo_themes import hugo_theme_folders
from .import_images import ImageOptions
from .permalinks import hugo_content_folder
from .real_paths import real_path
from .site_config import SiteConfig, served_from, served_under
from .site_finding import find_site
from .snippets import SnippetOptions, snippet_options

# Where each generator serves site-root paths from, relative to the site (the first that exists is used).
PUBLIC_DIRS = {
    "hugo": ("static",),
    "jekyll": (".",),
    "eleventy": ("public", "."),
    "astro": ("public",),
    "gatsby": ("static",),
    "docusaurus": ("static",),
    "mkdocs": ("docs",),
}


class RunSites:
    """The config of the site each import root's content is in, and how it includes snippets, read once per root."""

    def __init__(self, *, starts: dict[Path, Path], max_bytes: int):
        self.starts = starts  # where each root's site is looked for from (import_folders.site_starts)
        self.max_bytes = max_bytes
        self.configs: dict[Path, SiteConfig] = {}
        self.snippets: dict[Path, SnippetOptions | None] = {}

    def site(self, root: Path) -> SiteConfig:
        if root not in self.configs:
            self.configs[root] = find_site(self.starts.get(real_path(root), root))
        return self.configs[root]

    def snippet_options(self, root: Path) -> SnippetOptions | None:
        """How the site includes snippets (MkDocs' pymdownx.snippets)."""
        if root not in self.snippets:
            self.snippets[root] = snippet_options(self.site(root), root=root, max_bytes=self.max_bytes)
        return self.snippets[root]


def aim_images(images: ImageOptions, *, site: SiteConfig, root: Path, public_dir_given: bool) -> None:
    """Point the run's image options at the site of the file about to be imported."""
    images.root = root
    if not public_dir_given:
        images.public_dir = public_dir(site, root=root)
    images.base_path = served_under(site)
    images.own_hosts = served_from(site)
    images.root_paths_beside_file = site.generator == "gatsby"
    images.assets_dir = assets_dir(site, root=root)
    images.theme_dirs = tuple(theme_static_dirs(site, root=root))


def public_dir(site: SiteConfig, *, root: Path) -> Path | None:
    """Where the site's generator serves site-root paths (`/img/x.png`) from, if inside the import root."""
    if site.root is None:
        return None
    folders = PUBLIC_DIRS.get(site.generator, ())
    if site.generator == "eleventy" and site.config.get("input"):
        # Eleventy copies files from its input folder through to the site's root (`src/img` to `/img`).
        folders = (folders[0], str(site.config["input"]), *folders[1:])
    return next(filter(None, (_folder_inside(site.root / folder, root=root) for folder in folders)), None)


def theme_static_dirs(site: SiteConfig, *, root: Path) -> list[Path]:
    """A Hugo site's themes' static folders inside the import root, in Hugo's order (hugo_theme_folders)."""
    folders = []
    for theme in hugo_theme_folders(site):
        static = _folder_inside(theme / "static", root=root)
        if static is not None and static not in folders:
            folders.append(static)
    return folders


def assets_dir(site: SiteConfig, *, root: Path) -> Path | None:
    """A Hugo site's assets folder, if inside the import root."""
    if site.generator != "hugo" or site.root is None:
        return None
    return _folder_inside(site.root / "assets", root=root)


def _folder_inside(folder: Path, *, root: Path) -> Path | None:
    """The folder, links followed, when it is one and inside the import root: nothing outside the root is read."""
    folder = real_path(folder)
    return folder if folder.is_dir() and folder.is_relative_to(real_path(root)) else None


def includes_from(site: SiteConfig, *, root: Path) -> Path:
    """Where the site's `_includes` folder is looked for, walking up: Eleventy's input folder, which holds it
    (`src/_includes` when the import root is the repository's top), else the import root."""
    if site.generator == "eleventy" and site.root is not None and site.config.get("input"):
        folder = site.root / str(site.config["input"])
        if folder.is_dir() and folder.resolve().is_relative_to(site.root.resolve()):
            return folder
    return root


def include_files(site: SiteConfig, *, path: Path, root: Path, max_bytes: int) -> IncludeFiles | None:
    """Where a Hugo page's include shortcodes find files: the site's folder, and the page's content folder."""
    content = hugo_content_folder(path, root=root) if site.generator == "hugo" else None
    if content is None or site.root is None:
        return None
    return IncludeFiles(root=root, site=site.root, content=content, max_bytes=max_bytes)
