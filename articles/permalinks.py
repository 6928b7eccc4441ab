"""Where a static-site generator published a Markdown file: its old address, from the generator's permalink rules.

The generator and its configuration are those of the nearest site above the file (site_finding.py), or else
guessed from the folder the file is in (`_posts`, `content`, `src/content`). A file of
no known generator, or of Folio's own export, has only the addresses its front matter lists: `aliases` (Hugo,
and Folio's export) and `redirect_from` (jekyll-redirect-from).

Only the rules that need no code run are followed: literal permalinks and the placeholders each
generator documents. JavaScript configuration is read as text, never run (script_configs.py).

Here are the entry points and the rules of Jekyll, MkDocs, Eleventy and Gatsby, each a template filled in from
the page's path and front matter. Hugo's rules (hugo_permalinks.py) and Astro's (astro_permalinks.py) are apart
because they read how the site is laid out too (Hugo's content folders, mounts and languages; Astro's collections
and page routes), and other steps of an import ask them about it; the placeholders and address pieces every rule
shares are permalink_parts.py's.
"""

import contextlib
import json
import re
import unicodedata
from datetime import datetime
from functools import lru_cache
from pathlib import Path, PurePosixPath

from django.utils import timezone
from django.utils.text import slugify
from liquid.exceptions import LiquidError

from .astro_permalinks import astro_permalink
from .eleventy_configs import TEMPLATE_SUFFIXES as ELEVENTY_LAYOUT_SUFFIXES
from .front_matter_reading import read_front_matter
from .frontmatter import FrontMatter
from .hugo_permalinks import hugo_aliases, hugo_content, hugo_permalink
from .invalid_file import InvalidFile
from .liquid import render_liquid
from .old_addresses import PageAddresses
from .page_names import FOLDER_PAGES, JEKYLL_NAME
from .permalink_parts import categories_of, date_values, fill_placeholders, folder_url, literal_permalink, page_date
from .real_paths import real_path
from .site_config import SiteConfig, mkdocs_blog_options, mkdocs_plugin_options, served_under
from .site_finding import find_site

ALIAS_KEYS = ("aliases", "redirect_from")
MARKDOWN_SUFFIXES = (".md", ".markdown")
# Jekyll's named permalink styles.
_JEKYLL_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}


@lru_cache(maxsize=256)
def _site_at(folder: Path) -> SiteConfig:
    return find_site(folder)


@lru_cache(maxsize=256)
def _real_root(root: Path) -> Path:
    return real_path(root)


def site_of(path: Path, *, root: Path) -> SiteConfig:
    """The site a file belongs to: the nearest generator configuration above it, else a guess by folder."""
    return _site_of_real(real_path(path), root=root)


def _site_of_real(path: Path, *, root: Path) -> SiteConfig:
    """site_of() for a path with every link already followed (each real_path() is a system call per folder)."""
    site = _site_at(path.parent)
    if site.root is not None:
        return site
    root = _real_root(root)
    parts = path.relative_to(root).parts
    for generator, marker in (("jekyll", ("_posts",)), ("astro", ("src", "content")), ("hugo", ("content",))):
        for i in range(len(parts) - len(marker)):
            if parts[i : i + len(marker)] == marker:
                return SiteConfig(root=root.joinpath(*parts[:i]), generator=generator)
    return SiteConfig(root=root)


def clear_cache() -> None:
    _site_at.cache_clear()
    _real_root.cache_clear()


def old_addresses(path: Path, *, root: Path, meta: dict, fm: FrontMatter) -> PageAddresses:
    """Where the file's page was on its old site: where the generator published it, and its front matter's aliases."""
    real = real_path(path)
    site = _site_of_real(real, root=root)
    relative = PurePosixPath(real.relative_to(site.root).as_posix())
    rule = {
        "jekyll": _jekyll,
        "hugo": hugo_permalink,
        "mkdocs": _mkdocs,
        "eleventy": _eleventy,
        "astro": astro_permalink,
        "gatsby": _gatsby,
    }.get(site.generator)
    own = None
    if rule is not None:
        with contextlib.suppress(ValueError, TypeError, KeyError):
            own = rule(relative, site=site, meta=meta, fm=fm) or None
    addresses = []
    for key in ALIAS_KEYS:
        value = meta.get(key)
        values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        aliases = [item.strip() for item in values if isinstance(item, str) and item.strip()]
        if site.generator == "hugo":
            aliases = hugo_aliases(aliases, relative, site=site, fm=fm)
        addresses += aliases
    if site.generator == "mkdocs":
        addresses += _mkdocs_redirects(relative, site=site)
    # The generators make every address from the top of the site, which was served under its base path (Jekyll's
    # baseurl, the path of Hugo's baseURL or MkDocs' site_url, Gatsby's pathPrefix); the redirect pages of aliases
    # are written into the site too. An alias already written with that path keeps it. The site's top stays `/`:
    # the old site's home page is this site's, which no article takes.
    base = served_under(site)
    if base:
        own = base + "/" + own.lstrip("/") if own and own.strip("/") else own
        addresses = [alias if alias.startswith(f"{base}/") else f"{base}/{alias.lstrip('/')}" for alias in addresses]
    return PageAddresses(own=own, aliases=list(dict.fromkeys(addresses)))


def served_path(path: Path) -> str:
    """The path the site of the file at `path` was served under (`/blog`), as its config gives it; '' for a site
    at its host's top or a file of no site's config."""
    return served_under(_site_at(real_path(path).parent))


def page_folders(path: Path, *, root: Path) -> list[str]:
    """The folders a page sits in inside its site's content, its sections on the old site (`functions/math` for
    Hugo's content/en/functions/math/Abs.md); a folder's own page (`abs/index.md`) sits in those around it."""
    real = real_path(path)
    site = _site_of_real(real, root=root)
    relative = PurePosixPath(real.relative_to(site.root).as_posix())
    parts = [part for part in _inside_content(relative, site=site).parts if part not in ("_posts", "_drafts")]
    own_folder = parts[-1].split(".", 1)[0].lower() in FOLDER_PAGES
    return parts[:-2] if own_folder else parts[:-1]


def hugo_content_folder(path: Path, *, root: Path) -> Path | None:
    """The content folder a Hugo page is in (its language's own contentDir, or the site's), from which the
    site's pages are named; None for a file outside a Hugo site's content."""
    real = real_path(path)
    site = _site_of_real(real, root=root)
    if site.generator != "hugo" or site.root is None:
        return None
    relative = PurePosixPath(real.relative_to(site.root).as_posix())
    place = hugo_content(relative, site=site)
    if place is None:
        return None
    return site.root.joinpath(*relative.parts[: len(relative.parts) - len(place[0].parts)])


def _inside_content(relative: PurePosixPath, *, site: SiteConfig) -> PurePosixPath:
    """The path inside the folder the generator reads its pages from; the path in the site when it has none."""
    if site.generator == "hugo":
        place = hugo_content(relative, site=site)
        return place[0] if place else relative
    folders = {
        "mkdocs": (str(site.config.get("docs_dir") or "docs"),),
        "eleventy": (str(site.config.get("input") or "."),),
        # A collection's own folder (a glob loader's base) first: its folders are the entry's.
        "astro": (*site.config.get("collections", {}), "src/content", "src/pages"),
        "gatsby": (*site.config.get("sources", ()), "content", "src/pages"),
    }.get(site.generator, ())
    for folder in folders:
        if relative.is_relative_to(folder):
            return relative.relative_to(folder)
    return relative


def _cased_slugify(text: str) -> str:
    """Django's slugify, its capitals kept."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", text)).strip("-_")


def _jekyll(relative: PurePosixPath, *, site: SiteConfig, meta: dict, fm: FrontMatter) -> str | None:
    config = site.config
    parts = relative.parts
    stem = relative.stem
    collections = config.get("collections") if isinstance(config.get("collections"), dict) else {}
    style = str(config.get("permalink") or "date")
    default = _JEKYLL_STYLES.get(style, style)
    given = literal_permalink(meta.get("permalink"))
    name_match = JEKYLL_NAME.fullmatch(stem)
    words = str(meta.get("slug") or (name_match.group("rest") if name_match else stem))
    # Jekyll's :title keeps the capitals of the file name (2014-07-02-Hello-World.md: /2014/07/02/Hello-World.html),
    # its :slug does not.
    title, slug = _cased_slugify(words), slugify(words)
    values = {"output_ext": ".html", "title": title, "slug": slug, "name": stem, **date_values(None)}
    if "_posts" in parts:
        at = parts.index("_posts")
        settings = collections.get("posts") if isinstance(collections.get("posts"), dict) else {}
        template = given or str(settings.get("permalink") or default)
        folders = [part.lower() for part in parts[:at] if not part.startswith("_")]
        values.update(date_values(page_date(meta, fm, stem)))
        values["categories"] = "/".join(dict.fromkeys([*folders, *categories_of(meta)]))
        values["collection"] = "posts"
        return _rooted(fill_placeholders(template, values))
    if parts[0].startswith("_") and parts[0][1:] in collections:
        name = parts[0][1:]
        settings = collections[name] if isinstance(collections[name], dict) else {}
        if not settings.get("output"):
            return None
        template = given or str(settings.get("permalink") or "/:collection/:path:output_ext")
        values.update(date_values(page_date(meta, fm, stem)))
        values["collection"] = name
        values["path"] = relative.relative_to(parts[0]).with_suffix("").as_posix()
        values["categories"] = "/".join(categories_of(meta))
        return _rooted(fill_placeholders(template, values))
    if any(part.startswith(("_", ".")) for part in parts):
        return None  # drafts, includes, layouts: not pages of the site
    if given:
        return _rooted(given)
    folder_style = default.endswith("/")
    ext = "/" if folder_style else ".html"
    return folder_url(list(relative.with_suffix("").parts), ext=ext)


def _rooted(url: str) -> str:
    """A Jekyll URL starts at the site's top, whether or not its permalink starts with `/` (`:title/`)."""
    return "/" + url.lstrip("/")


def _mkdocs(relative: PurePosixPath, *, site: SiteConfig, meta: dict, fm: FrontMatter) -> str | None:
    config = site.config
    docs = str(config.get("docs_dir") or "docs")
    try:
        inside = relative.relative_to(docs)
    except ValueError:
        return None
    directory_urls = config.get("use_directory_urls", True) is not False
    blog = _mkdocs_blog(config)
    if blog is not None:
        blog_dir, url_format, date_format = blog
        posts = PurePosixPath(blog_dir) / "posts"
        if inside.is_relative_to(posts) and inside.suffix in MARKDOWN_SUFFIXES:
            when = page_date(meta, fm, inside.stem)
            slug = str(meta.get("slug") or "") or slugify(str(meta.get("title") or fm.title or inside.stem))
            if when is None:
                return None
            when_text = date_format.replace("yyyy", f"{when.year:04d}").replace("MM", f"{when.month:02d}")
            when_text = when_text.replace("dd", f"{when.day:02d}")
            url = url_format.replace("{date}", when_text).replace("{slug}", slug).replace("{file}", inside.stem)
            url = url.replace("{categories}", "/".join(slugify(c) for c in categories_of(meta)))
            return folder_url([blog_dir.strip("/"), *url.strip("/").split("/")])
    return folder_url(list(inside.with_suffix("").parts), ext="/" if directory_urls else ".html")


def _mkdocs_redirects(relative: PurePosixPath, *, site: SiteConfig) -> list[str]:
    """The old addresses the mkdocs-redirects plugin sends to this page: each page of its `redirect_maps` that
    leads to this file (`insiders.md: posts/sunsetting.md`, an anchor after it or not), at the address MkDocs
    gave that page. A redirect to another site's address is no page of this import."""
    options = mkdocs_plugin_options(site.config, "redirects")
    maps = options.get("redirect_maps") if isinstance(options, dict) else None
    if not isinstance(maps, dict):
        return []
    try:
        inside = relative.relative_to(str(site.config.get("docs_dir") or "docs")).as_posix()
    except ValueError:
        return []
    directory_urls = site.config.get("use_directory_urls", True) is not False
    return [
        folder_url(list(PurePosixPath(old).with_suffix("").parts), ext="/" if directory_urls else ".html")
        for old, new in maps.items()
        if isinstance(old, str) and isinstance(new, str) and new.split("#", 1)[0].strip().lstrip("/") == inside
    ]


def _mkdocs_blog(config: dict) -> tuple[str, str, str] | None:
    """(blog folder, post address format, date format) when Material's blog plugin is on."""
    options = mkdocs_blog_options(config)
    if options is None:
        return None
    return (
        str(options.get("blog_dir") or "blog").strip("./") or ".",
        str(options.get("post_url_format") or "{date}/{slug}"),
        str(options.get("post_url_date_format") or "yyyy/MM/dd"),
    )


def _eleventy(relative: PurePosixPath, *, site: SiteConfig, meta: dict, fm: FrontMatter) -> str | None:
    given = meta.get("permalink")
    if given is False:
        return None
    if literal_permalink(given):
        return literal_permalink(given)
    source = str(site.config.get("input") or ".").strip("./") or "."
    try:
        inside = relative.relative_to(source) if source != "." else relative
    except ValueError:
        return None
    if any(part.startswith("_") for part in inside.parts):
        return None
    parts = list(inside.with_suffix("").parts)
    if isinstance(given, str) or given is None:
        # Eleventy's data cascade: the page's own, then its folders' data files, then its layout's front matter.
        template = (
            given
            or _eleventy_folder_permalink(site.root / source, inside)
            or _eleventy_layout_permalink(site, meta.get("layout"))
        )
        if template:
            return _eleventy_permalink(template, inside, meta=meta, date=fm.publish_date)
    if len(parts) > 1 and parts[-1] == parts[-2]:  # blog/post/post.md is Eleventy's blog/post/index.md
        parts.pop()
    return folder_url(parts)


_ELEVENTY_PAGE_VALUE = re.compile(r"\{\{-?\s*page\.(fileSlug|filePathStem)\s*-?\}\}")


def _eleventy_permalink(
    template: str, inside: PurePosixPath, *, meta: dict, date: datetime | None = None
) -> str | None:
    """A permalink template filled in from the page's `fileSlug`, `filePathStem` and `date` and its front matter
    (`/blog/{{ title | slugify }}/`), as Liquid evaluates it; None for one that only Eleventy can compute."""
    stem = inside.with_suffix("")
    slug = stem.parent.name if stem.name == "index" else re.sub(r"^\d{4}-\d{2}-\d{2}-", "", stem.name)
    values: dict = {"fileSlug": slug, "filePathStem": "/" + stem.as_posix()}
    if date is not None:
        values["date"] = timezone.localtime(date)
    filled = _ELEVENTY_PAGE_VALUE.sub(lambda match: values[match.group(1)], template)
    if "{{" in filled or "{%" in filled:
        with contextlib.suppress(LiquidError):
            filled = render_liquid(
                filled, site={}, page=values, link_for=lambda *_: None, includes=None, warn=lambda _: None, data=meta
            )
    return None if "{{" in filled or "{%" in filled else filled.strip()


def _eleventy_layout_permalink(site: SiteConfig, layout: object) -> str | None:
    """The `permalink` in the front matter of the layout a page names (`layout: post/note`, found in the layouts
    folder with or without its suffix), which Eleventy's data cascade gives every page using it."""
    if not isinstance(layout, str) or not layout.strip() or ".." in PurePosixPath(layout).parts:
        return None
    folder = site.root / str(site.config.get("layouts") or "_includes")
    written = folder / layout.strip().lstrip("/")
    for path in (written, *(written.with_name(written.name + ext) for ext in ELEVENTY_LAYOUT_SUFFIXES)):
        try:
            if not real_path(path).is_relative_to(real_path(site.root)) or not path.is_file():
                continue
            if path.stat().st_size > 64 * 1024:
                return None
            meta = read_front_matter(path.read_bytes())[0]
        except (OSError, InvalidFile):
            return None
        return meta.get("permalink") if isinstance(meta.get("permalink"), str) else None
    return None


def _eleventy_folder_permalink(input_folder: Path, inside: PurePosixPath) -> str | None:
    """The `permalink` of the nearest folder data file (`blog/blog.json`, `blog/blog.11tydata.json`) above the
    page, which Eleventy's data cascade gives every page in that folder."""
    folder = inside.parent
    while folder.parts:
        for name in (f"{folder.name}.11tydata.json", f"{folder.name}.json"):
            path = input_folder / folder / name
            try:
                # Read only inside the site, whatever a link in it points at.
                inside_site = real_path(path).is_relative_to(real_path(input_folder))
                if inside_site and path.is_file() and path.stat().st_size <= 64 * 1024:
                    data = json.loads(path.read_text(encoding="utf-8"))
                    if isinstance(data, dict) and isinstance(data.get("permalink"), str):
                        return data["permalink"]
            except (OSError, ValueError):
                continue
        folder = folder.parent
    return None


def _gatsby(relative: PurePosixPath, *, site: SiteConfig, meta: dict, fm: FrontMatter) -> str | None:
    for key in ("path", "slug"):
        if isinstance(meta.get(key), str) and meta[key].startswith("/"):
            return meta[key]
    # gatsby-node's createPage at a front-matter field, written without its leading slash (`slug: my-post`).
    page_path = site.config.get("page_path")
    if page_path and isinstance(value := meta.get(page_path["key"]), str) and value.strip(" /"):
        return "/" + f"{page_path['before']}{value.strip()}{page_path['after']}".lstrip("/")
    parts = relative.with_suffix("").parts
    # gatsby-starter-blog's rule (createFilePath): the file's path inside the source folder that holds it.
    for folder in site.config.get("sources", ()):
        if relative.is_relative_to(folder):
            address = folder_url(list(relative.relative_to(folder).with_suffix("").parts))
            cut = site.config.get("name_cut")
            # gatsby-node serves it at the text after the cut, when its path has one.
            return "/" + address.split(cut, 1)[1] if cut and cut in address else address
    if parts[:2] == ("src", "pages"):
        return folder_url(list(parts[2:]))
    if parts[:1] == ("content",) and len(parts) > 2:  # a gatsby-source-filesystem folder: content/blog/…
        return folder_url(list(parts[2:]))
    return None
