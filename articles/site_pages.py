"""Where a Markdown file sits in a generator's site: a list page to skip, or one language of an article.

A site's content folder holds more than articles: Hugo's `_index.md` section pages, a `404.md`, archive and
tag listings, the `index.md` of a section or of MkDocs' blog. Folio builds its own lists, so these are
skipped with the reason. A page bundle's `index.md` (Hugo `post/my-post/index.md`, Gatsby's
`content/blog/my-post/index.md`) is an article named after its folder. Translations are found the way Hugo
finds them: `name.fr.md`, a language folder declared in the site config, or a shared `translationKey`.
"""

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .astro_permalinks import astro_collection
from .front_matter_reading import read_front_matter
from .import_sources import read_source
from .invalid_file import InvalidFile
from .page_names import title_from_heading
from .real_paths import real_path
from .site_config import SiteConfig

# A layout or type that makes a page a listing rather than an article.
LIST_LAYOUTS = {
    "archive",
    "archives",
    "tags",
    "tag",
    "categories",
    "category",
    "taxonomy",
    "term",
    "section",
    "list",
    "home",
    "search",
    "404",
}
# Such a page's usual file names, when they hold no text of their own.
# Astroplate's -index.md is the data its section's list page reads (the title and description over the list).
LIST_NAMES = {"archive", "archives", "tags", "categories", "search", "blog", "posts", "-index"}
# Eleventy's lists: a loop over one of the site's collections.
_COLLECTION_LOOP = re.compile(r"\{%-?\s*for\s+\w+\s+in\s+collections\.")
# Hugo themes (Congo, Blowfish) show the image of a page bundle named feature*, cover* or thumb* as its picture.
BUNDLE_PICTURES = ("feature", "cover", "thumb")
PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif")
_STEM = re.compile(r"(?P<name>.+?)(?:\.(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*))?")


class Pages:
    """The Markdown files of one run, to tell a section's `index.md` from a page bundle's."""

    def __init__(self, paths, *, max_bytes: int):
        self.max_bytes = max_bytes  # the largest file the run reads (a Hugo section's _index.md among them)
        self.under: Counter[Path] = Counter()  # folder -> Markdown files at any depth under it
        self.bundles: Counter[Path] = Counter()  # folder -> its index.md files, one per language
        self.cascades: dict[Path, object] = {}  # Hugo section folder -> its _index.md's cascade, read once
        for path in paths:
            path = Path(path).absolute()
            self.under.update(path.parents)
            if _base_stem(path) == "index":
                self.bundles[path.parent] += 1


def _base_stem(path: Path) -> str:
    """The file name without its extension and without a language (`index.fr.md` → `index`)."""
    return path.stem.split(".", 1)[0].lower()


def named_page_reason(path: Path) -> str | None:
    """Why a file whose name alone says it is no article (a section's list page, the error page) is not imported,
    whatever it holds: Hugo builds an empty `_index.md` as its section's list too."""
    stem = _base_stem(path)
    if stem == "_index":
        return "a section's list page (_index.md), not an article; Folio makes its own lists"
    if stem == "404":
        return "the site's 'page not found' page, not an article"
    return None


def list_page_reason(path: Path, *, meta: dict, body: str, root: Path, site: SiteConfig, pages: Pages) -> str | None:
    """Why this file is a page Folio does not import (a list, a home or an error page); None for an article."""
    if named := named_page_reason(path):
        return named
    stem = _base_stem(path)
    if meta.get("headless") is True:
        return "a headless page (headless: true), which the site publishes nowhere"
    if site.generator == "hugo":
        render = _hugo_render(meta) or _hugo_cascaded_render(
            path.absolute().parent, top=Path(root).absolute(), pages=pages
        )
        if render is not None:
            return f"a page Hugo does not render ({render}), which the site publishes nowhere"
        if folders := _outside_hugo_languages(path, site=site):
            return f"outside every language's contentDir ({folders}), so Hugo publishes it in no language"
    for key in ("layout", "type"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip().lower() in LIST_LAYOUTS:
            return f"a listing page ({key}: {value.strip()}), not an article; Folio makes its own lists"
    if site.generator == "astro" and (collection := _astro_listed_only(path, site=site)):
        return (
            f"an entry of the Astro collection '{collection}', which the site only lists: no page of its "
            "src/pages shows one entry of it"
        )
    if site.generator == "gatsby" and (unset := _gatsby_posts_without(meta, site=site)):
        return unset
    if site.generator == "eleventy" and meta.get("permalink") is False:
        return "a page Eleventy writes nowhere (permalink: false), only data for the site's templates"
    if site.generator == "eleventy" and (meta.get("pagination") or _COLLECTION_LOOP.search(body)):
        return "a listing page (it pages through or loops over the site's collections), not an article"
    if stem in LIST_NAMES and not body.strip():
        return f"a listing page ({path.name}, with no text of its own), not an article; Folio makes its own lists"
    folder = path.absolute().parent
    if stem == "index":
        if folder == Path(root).absolute():
            return "the home page of the imported folder (index.md), not an article"
        # Astro, MkDocs and Gatsby make a page of a section's index.md as of any other file (a Gatsby bundle's
        # index.md beside its translation, index-fr.md): it is a list only when it has nothing but a title
        # (MkDocs' blog index); other generators list the section there.
        pages_of_their_own = site.generator in ("astro", "mkdocs", "gatsby") and title_from_heading(body)[1].strip()
        if site.generator != "hugo" and pages.under[folder] > pages.bundles[folder] and not pages_of_their_own:
            return f"the list page of the section {folder.name}/ (an index.md beside other Markdown files)"
    elif site.generator == "hugo":
        top = Path(root).absolute()
        bundle = next((parent for parent in path.absolute().parents if parent in pages.bundles), None)
        if bundle is not None and bundle != top and bundle.is_relative_to(top):
            return f"a resource of the page bundle {bundle.name}/ (beside its index.md); Hugo publishes it as no page"
    return None


def _astro_listed_only(path: Path, *, site: SiteConfig) -> str | None:
    """The collection of a file that no page shows on its own (astro-nano's `work`, shown on its /work list):
    no page with a parameter in its path asks for it, nor is named after it. None when Folio cannot tell, as
    when such a page reads its entries through the theme's own code."""
    paged = site.config.get("paged")
    if paged is None or site.root is None or site.config.get("starlight"):
        return None
    real = real_path(path)
    if not real.is_relative_to(site.root):
        return None
    collection = astro_collection(PurePosixPath(real.relative_to(site.root).as_posix()).parts, site=site)
    if collection is None:
        return None
    name, folder, _ = collection
    routes = site.config.get("routes", [])
    if name in paged or any(route["prefix"][-1:] in ([name], [f"{name}s"], [folder]) for route in routes):
        return None
    return name


def _gatsby_posts_without(meta: dict, *, site: SiteConfig) -> str | None:
    """Why a file that sets a key gatsby-node makes pages only of files without (`type: { eq: null }`) is no
    article: the data of a page the site's code builds. None for any other file."""
    posts_without = site.config.get("posts_without") or {}
    key = next((key for key in posts_without.get("keys", ()) if meta.get(key) is not None), None)
    if key is None:
        return None
    return (
        f"data for a page the site's {posts_without['file']} builds ({key}: {meta[key]}), not an article: it makes "
        f"pages only of the files without {key}"
    )


def _outside_hugo_languages(path: Path, *, site: SiteConfig) -> str:
    """The language folders, when the Hugo site gives every language a contentDir of its own and the file is in
    none of them (blist's content/about.md beside content/en and content/de); '' otherwise. A site that mounts
    content of its own (module.mounts) is not judged."""
    module = site.config.get("module")
    if not site.languages or set(site.languages) - set(site.language_dirs.values()) or site.root is None:
        return ""
    if isinstance(module, dict) and module.get("mounts"):
        return ""
    real = real_path(path)
    if not real.is_relative_to(site.root):
        return ""
    relative = PurePosixPath(real.relative_to(site.root).as_posix())
    if any(relative.is_relative_to(folder) for folder in site.language_dirs):
        return ""
    return ", ".join(sorted(site.language_dirs))


def _hugo_render(meta: dict) -> str | None:
    """`build: {render: never}` (or `link`, or the older `_build: {render: false}`) as written; None when the
    page is rendered."""
    for key in ("build", "_build"):
        options = meta.get(key)
        render = options.get("render") if isinstance(options, dict) else None
        if render is False or (isinstance(render, str) and render.strip().lower() in ("never", "link", "false")):
            return f"{key}.render: {str(render).lower()}"
    return None


def _hugo_cascaded_render(folder: Path, *, top: Path, pages: "Pages") -> str | None:
    """A `cascade` of build options in a section's `_index.md` above the page, up to the imported folder."""
    for section in [folder, *folder.parents]:
        if not section.is_relative_to(top):
            return None
        if section not in pages.cascades:
            pages.cascades[section] = _section_cascade(section, top=top, max_bytes=pages.max_bytes)
        cascade = pages.cascades[section]
        for values in cascade if isinstance(cascade, list) else [cascade]:
            # A cascade aimed elsewhere (`_target`, `target`) is left to the pages it names: not guessed at.
            if isinstance(values, dict) and not (values.get("_target") or values.get("target")):
                render = _hugo_render(values)
                if render is not None:
                    return f"{render}, cascaded from {section.name}/_index.md"
    return None


def _section_cascade(section: Path, *, top: Path, max_bytes: int) -> object:
    for candidate in sorted(section.glob("_index.*")):
        if candidate.suffix.lower() in (".md", ".markdown"):
            try:
                meta, _, _ = read_front_matter(read_source(candidate, root=top, max_bytes=max_bytes))
            except (OSError, InvalidFile):
                return None  # the section page's own import says what is wrong with it
            return meta.get("cascade")
    return None


@dataclass
class Place:
    """A file's language as its name or folder says (empty when neither does), and the name it shares with its
    translations: `base` is the path an article in the site's default language would have."""

    language: str
    base: Path
    key: str


def place_of(path: Path, *, root: Path, site: SiteConfig) -> Place:
    path = Path(path)
    language = ""
    match = _STEM.fullmatch(path.stem)
    if match and match.group("lang") and site.is_language(match.group("lang")):
        language = match.group("lang").lower()
        path = path.with_name(match.group("name") + path.suffix)
    top = Path(root).absolute()
    inside = path.absolute().is_relative_to(top)
    relative = PurePosixPath(path.absolute().relative_to(top).as_posix()) if inside else None
    folder_language, relative = _language_folder(relative, path=path, root=top, site=site)
    language = language or folder_language
    if folder_language:
        path = top.joinpath(*relative.parts) if relative else path
    key = relative.with_suffix("").as_posix() if relative else path.with_suffix("").as_posix()
    return Place(language=language, base=path, key=key)


def _language_folder(relative, *, path: Path, root: Path, site: SiteConfig):
    """(language, path without its language folder) when a folder of the path is a language the site declares."""
    if relative is None or not site.languages:
        return "", relative
    for content_dir, language in site.language_dirs.items():
        if site.root and path.absolute().is_relative_to(site.root / content_dir):
            inside = path.absolute().relative_to(site.root / content_dir).as_posix()
            return language, PurePosixPath(inside)
    parts = relative.parts
    for i, part in enumerate(parts[:-1]):
        if part.lower() in site.languages:
            return part.lower(), PurePosixPath(*parts[:i], *parts[i + 1 :])
    return "", relative


def slug_in_language(slug: str, *, language: str, default: str) -> str:
    """A translation's slug: the default language's own, others with the language after it (my-post-fr)."""
    if not language or language == default or slug.endswith(f"-{language}"):
        return slug
    return f"{slug}-{language}"


def bundle_picture(path: Path, *, site: SiteConfig) -> str:
    """The picture a Hugo page bundle holds by name (`./feature.jpg`), for its index.md; '' when it holds none."""
    if site.generator != "hugo" or _base_stem(path) != "index":
        return ""
    names = sorted(
        file.name for file in path.parent.iterdir() if file.suffix.lower() in PICTURE_SUFFIXES and file.is_file()
    )
    for prefix in BUNDLE_PICTURES:
        for name in names:
            if name.lower().startswith(prefix):
                return f"./{name}"
    return ""
