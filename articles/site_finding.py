"""The site an import root belongs to: found by walking up to a generator's config file, and read once per run.

The walk goes up from the import root to the folder that holds a generator's config file (hugo.toml, _config.yml,
mkdocs.yml, gatsby-config.js…), stopping at a repository's top (.git). A folder Folio's own export wrote is a site
of its own kind (FOLIO), told by the `generator:` in its site.yml. The config is read by data_configs.py (Hugo,
Jekyll, MkDocs) or script_configs.py (Docusaurus, Gatsby, Eleventy, Astro), the author lists by site_authors.py.
Apart from site_config.py, which says what a config means: this is the one place that decides which folder is the
site and which generator made it.
"""

import os
from pathlib import Path

from .config_files import HUGO_DEFAULT_DIR, HUGO_FILES, MARKERS, MAX_CONFIG_BYTES, ConfigLoader
from .data_configs import mkdocs_variants, read_hugo, read_jekyll, read_mkdocs
from .eleventy_configs import read_eleventy
from .invalid_file import InvalidFile
from .script_configs import read_astro, read_gatsby, read_js_author
from .site_authors import read_authors
from .site_config import FOLIO, SITE_FILE, SiteConfig
from .yaml_loading import load_yaml


def find_site(start: Path) -> SiteConfig:
    """The config of the site that holds `start` (the import root), read once per run."""
    start = Path(start).resolve()
    folders = [start, *start.parents]
    site = SiteConfig()
    elsewhere: SiteConfig | None = None
    for folder in folders:
        if is_folio_export(folder):
            site = SiteConfig(root=folder, generator=FOLIO)
            break
        generator = next((name for name, files in MARKERS.items() if any((folder / f).exists() for f in files)), "")
        if generator == "hugo" and not _is_hugo_site(folder):
            generator = ""
        if not generator and mkdocs_variants(folder):
            generator = "mkdocs"
        if generator:
            found = SiteConfig(root=folder, generator=generator)
            _read_config(found)
            if generator != "mkdocs" or _docs_dir_meets(found, start):
                site = found
                break
            # An mkdocs.yml whose docs_dir is not where the import is: a source a build copies to the top (as
            # `docs/src/mkdocs.yml`, its docs_dir written from the top), whose config is the one above.
            elsewhere = elsewhere or found
        if (folder / ".git").exists():
            break
    if not site.generator and elsewhere is not None:
        site = elsewhere
    read_authors(site, start=start)
    return site


def _docs_dir_meets(site: SiteConfig, start: Path) -> bool:
    """Whether the MkDocs site's docs_dir holds the import root, or lies inside it."""
    docs = Path(os.path.realpath(site.root / str(site.config.get("docs_dir") or "docs")))
    return start.is_relative_to(docs) or docs.is_relative_to(start)


def is_folio_export(folder: Path) -> bool:
    """Whether the folder's site.yml says Folio's export wrote it. One that cannot be read says nothing here; the
    import reports it when it reads the file for its tags and calls to action."""
    path = folder / SITE_FILE
    try:
        if not path.is_file() or path.stat().st_size > MAX_CONFIG_BYTES:
            return False
        data = load_yaml(path.read_text(encoding="utf-8-sig"), loader=ConfigLoader)
    except (OSError, UnicodeDecodeError, ValueError, InvalidFile):
        return False
    return isinstance(data, dict) and data.get("generator") == FOLIO


def _is_hugo_site(folder: Path) -> bool:
    """`config.toml` alone is too common a name to mean Hugo: it does with hugo.*, config/_default or content/, but
    not in an Astro site's src, whose content/ holds collections and whose config.yaml is a theme's (AstroWind's)."""
    if any((folder / name).exists() for name in HUGO_FILES if name.startswith("hugo.")):
        return True
    if folder.name == "src" and any((folder.parent / name).is_file() for name in MARKERS["astro"]):
        return False
    return (folder / HUGO_DEFAULT_DIR).is_dir() or (folder / "content").is_dir()


def _read_config(site: SiteConfig) -> None:
    reader = {
        "hugo": read_hugo,
        "jekyll": read_jekyll,
        "gatsby": read_gatsby,
        "docusaurus": read_js_author,
        "eleventy": read_eleventy,
        "mkdocs": read_mkdocs,
        "astro": read_astro,
    }.get(site.generator)
    if reader is not None:
        reader(site)
