"""The people a site's posts name by id: MkDocs Material's `.authors.yml`, Docusaurus' `authors.yml`, Jekyll's and
Hugo's data files, a Gatsby site's author.yaml, and folders with a file per author.

They are looked for in the site and in every folder from it down to the import root, whatever its generator: a
list of authors is a file of its own rather than a setting of the generator's config, so it is read apart.
"""

from pathlib import Path

from .config_files import load_config
from .front_matter_reading import read_front_matter
from .invalid_file import InvalidFile
from .site_config import SiteConfig, mkdocs_blog_options, person_from

# Where authors named by id are listed, relative to the site or to a folder between it and the import root.
AUTHOR_FILES = (
    ".authors.yml",  # MkDocs Material
    "authors.yml",  # Docusaurus
    "blog/.authors.yml",
    "docs/blog/.authors.yml",
    "blog/authors.yml",
    "_data/authors.yml",  # Jekyll's themes
    "_data/authors.yaml",
    "_data/authors.json",
    "data/authors.yaml",  # Hugo's themes
    "data/authors.yml",
    "data/authors.json",
    "data/authors.toml",
    "author.yaml",  # Gatsby's gatsby-transformer-yaml, a list of authors beside the posts
    "author.yml",
)
# Folders with a file per author, named by its id: Hugo's data/authors/ana.yaml, an Astro collection's
# src/content/authors/ana.md (its front matter).
AUTHOR_FOLDERS = ("data/authors", "_data/authors", "src/content/authors", "src/data/authors")
AUTHOR_FOLDER_SUFFIXES = (".yaml", ".yml", ".json", ".toml", ".md")
# A folder of more files than this is not a list of people; it is read no further.
MAX_AUTHOR_FILES = 500


def read_authors(site: SiteConfig, *, start: Path) -> None:
    """The people posts name by id, into `site.authors`: the lists the blog plugin is told of, then those in the
    site and in every folder from it down to the import root (`start`); an id listed twice keeps its first."""
    configured = _mkdocs_authors_file(site)
    if configured is not None and configured.resolve().is_relative_to(site.root.resolve()):
        _read_author_file(site, configured)
    top = site.root or start
    for folder in [start, *start.parents]:
        for name in AUTHOR_FILES:
            _read_author_file(site, folder / name)
        for name in AUTHOR_FOLDERS:
            _read_author_folder(site, folder / name)
        if folder == top:
            break


def _mkdocs_authors_file(site: SiteConfig) -> Path | None:
    """Where the blog plugin reads its authors: `authors_file`, by default `.authors.yml` in the blog's folder."""
    options = mkdocs_blog_options(site.config) if site.generator == "mkdocs" and site.root else None
    if options is None:
        return None
    blog = str(options.get("blog_dir") or "blog").strip("/")
    written = str(options.get("authors_file") or "{blog}/.authors.yml").replace("{blog}", blog)
    return site.root / str(site.config.get("docs_dir") or "docs") / written


def _read_author_file(site: SiteConfig, path: Path) -> None:
    """Ids and their people: at the top (Docusaurus, Jekyll's and Hugo's data files), under an `authors:` key
    (MkDocs Material), or a list of people each known by its `id` or its name (Gatsby's author.yaml)."""
    if not path.is_file():
        return
    data = load_config(site, path, top_list=True)
    if isinstance(data, list):
        data = {entry.get("id") or entry.get("name"): entry for entry in data if isinstance(entry, dict)}
    entries = data.get("authors") if isinstance(data.get("authors"), dict) else data
    for key, value in entries.items():
        add_person(site, key, value, source=path)


def _read_author_folder(site: SiteConfig, folder: Path) -> None:
    """A file per author, its name (less the suffix) the id posts give."""
    if not folder.is_dir():
        return
    try:
        paths = sorted(path for path in folder.iterdir() if path.suffix.lower() in AUTHOR_FOLDER_SUFFIXES)
    except OSError:
        return
    for path in paths[:MAX_AUTHOR_FILES]:
        if path.is_file():
            data = load_config(site, path)
            add_person(
                site, path.stem, _collection_entry(path, data) if path.suffix.lower() == ".md" else data, source=path
            )


def _collection_entry(path: Path, data: dict) -> dict:
    """An author's Markdown file as a person: its `title` is their name where no `name` is given (Astroplate's
    authors), and its text their bio where no `bio` is."""
    entry = dict(data)
    if not entry.get("name") and isinstance(entry.get("title"), str):
        entry["name"] = entry["title"]
    if not entry.get("bio"):
        try:
            body = read_front_matter(path.read_bytes())[1].strip()
        except (OSError, InvalidFile):
            body = ""
        if body:
            entry["bio"] = body
    return entry


def add_person(site: SiteConfig, key: object, value: object, *, source: Path) -> None:
    person = person_from(value)
    if isinstance(key, str) and person is not None:
        person.source = source
        site.authors.setdefault(key, person)
