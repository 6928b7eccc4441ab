"""Where a static-site generator published a Markdown file: its old address, from the generator's permalink rules.

The generator and its configuration are those of the nearest site above the file (site_finding.py), or else
guessed from the folder the file is in (`_posts`, `content`, `src/content`). A file of
no known generator, or of Folio's own export, has only the addresses its front matter lists: `aliases` (Hugo,
and Folio's export) and `redirect_from` (jekyll-redirect-from).

Only the rules that need no code run are followed: literal permalinks and the placeholders each
generator documents. JavaScript configuration is read for the input folder only.
"""

import contextlib
import json
import posixpath
import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path, PurePosixPath

from django.utils.text import slugify
from liquid.exceptions import LiquidError

from .front_matter_values import parse_date
from .frontmatter import FrontMatter
from .invalid_file import InvalidFile
from .liquid import render_liquid
from .old_addresses import PageAddresses
from .page_names import FOLDER_PAGES, JEKYLL_NAME
from .real_paths import real_path
from .site_config import SiteConfig, mkdocs_blog_options
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
_PLACEHOLDER = re.compile(r":([a-z_]+)")


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
        "hugo": _hugo,
        "mkdocs": _mkdocs,
        "eleventy": _eleventy,
        "astro": _astro,
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
            aliases = _hugo_aliases(aliases, relative, site=site, fm=fm)
        elif site.generator == "jekyll" and (base := str(site.config.get("baseurl") or "").strip("/")):
            # jekyll-redirect-from writes its pages into the site, which is served under its baseurl.
            aliases = [alias if alias.startswith(f"/{base}/") else f"/{base}/{alias.lstrip('/')}" for alias in aliases]
        addresses += aliases
    return PageAddresses(own=own, aliases=list(dict.fromkeys(addresses)))


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
    place = _hugo_content(relative, site=site)
    if place is None:
        return None
    return site.root.joinpath(*relative.parts[: len(relative.parts) - len(place[0].parts)])


def _inside_content(relative: PurePosixPath, *, site: SiteConfig) -> PurePosixPath:
    """The path inside the folder the generator reads its pages from; the path in the site when it has none."""
    if site.generator == "hugo":
        place = _hugo_content(relative, site=site)
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


def _literal(value: object) -> str | None:
    """A permalink given as plain text (not false, not a template the generator would compute)."""
    if isinstance(value, str) and value.strip() and "{{" not in value and "{%" not in value:
        return value.strip()
    return None


def _folder_url(parts: list[str], *, ext: str = "/") -> str:
    """`/a/b/` for parts a, b (an `index` file names its folder)."""
    parts = [part for part in parts if part]
    if parts and parts[-1].lower() in FOLDER_PAGES:
        parts = parts[:-1]
        ext = "/"
    if not parts:
        return "/"
    return "/" + "/".join(parts) + ext


def _date_of(meta: dict, fm: FrontMatter, name: str) -> date | None:
    match = JEKYLL_NAME.fullmatch(name)
    value = meta.get("date")
    if isinstance(value, dict):  # Material for MkDocs: date: {created: …}
        value = value.get("created")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        # An unreadable date is the front matter's problem, said once there: the generator's fallback is used.
        with contextlib.suppress(InvalidFile):
            parsed = parse_date(value, key="date")
            return parsed.date() if parsed else None
    if match:
        with contextlib.suppress(ValueError):  # 2023-02-30-… is just a name
            return date(*(int(part) for part in match.group("date").split("-")))
    return fm.publish_date.date() if fm.publish_date else None


def _fill(template: str, values: dict[str, str]) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        # The longest placeholder name that is known: `:title:output_ext`, `:year` followed by text.
        for end in range(len(name), 0, -1):
            if name[:end] in values:
                return values[name[:end]] + name[end:]
        return match.group(0)

    url = _PLACEHOLDER.sub(value, template)
    return re.sub(r"/{2,}", "/", url)


def _date_values(when: date | None) -> dict[str, str]:
    if when is None:
        return {}
    return {
        "year": f"{when.year:04d}",
        "short_year": f"{when.year % 100:02d}",
        "month": f"{when.month:02d}",
        "i_month": str(when.month),
        "day": f"{when.day:02d}",
        "i_day": str(when.day),
        "y_day": f"{when.timetuple().tm_yday:03d}",
        "week": f"{when.isocalendar()[1]:02d}",
        "short_day": when.strftime("%a"),
        "monthname": when.strftime("%B").lower(),
        "yearday": str(when.timetuple().tm_yday),
    }


def _categories(meta: dict) -> list[str]:
    names: list[str] = []
    for key in ("category", "categories"):
        value = meta.get(key)
        if isinstance(value, str):
            names += value.split()
        elif isinstance(value, list):
            names += [str(item) for item in value if isinstance(item, str | int)]
    return list(dict.fromkeys(name.lower() for name in names))


def _cased_slugify(text: str) -> str:
    """Django's slugify, its capitals kept."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", text)).strip("-_")


def _jekyll(relative: PurePosixPath, *, site: SiteConfig, meta: dict, fm: FrontMatter) -> str | None:
    config = site.config
    base = str(config.get("baseurl") or "").rstrip("/")
    parts = relative.parts
    stem = relative.stem
    collections = config.get("collections") if isinstance(config.get("collections"), dict) else {}
    style = str(config.get("permalink") or "date")
    default = _JEKYLL_STYLES.get(style, style)
    given = _literal(meta.get("permalink"))
    name_match = JEKYLL_NAME.fullmatch(stem)
    words = str(meta.get("slug") or (name_match.group("rest") if name_match else stem))
    # Jekyll's :title keeps the capitals of the file name (2014-07-02-Hello-World.md: /2014/07/02/Hello-World.html),
    # its :slug does not.
    title, slug = _cased_slugify(words), slugify(words)
    values = {"output_ext": ".html", "title": title, "slug": slug, "name": stem, **_date_values(None)}
    if "_posts" in parts:
        at = parts.index("_posts")
        settings = collections.get("posts") if isinstance(collections.get("posts"), dict) else {}
        template = given or str(settings.get("permalink") or default)
        folders = [part.lower() for part in parts[:at] if not part.startswith("_")]
        values.update(_date_values(_date_of(meta, fm, stem)))
        values["categories"] = "/".join(dict.fromkeys([*folders, *_categories(meta)]))
        values["collection"] = "posts"
        return base + _rooted(_fill(template, values))
    if parts[0].startswith("_") and parts[0][1:] in collections:
        name = parts[0][1:]
        settings = collections[name] if isinstance(collections[name], dict) else {}
        if not settings.get("output"):
            return None
        template = given or str(settings.get("permalink") or "/:collection/:path:output_ext")
        values.update(_date_values(_date_of(meta, fm, stem)))
        values["collection"] = name
        values["path"] = relative.relative_to(parts[0]).with_suffix("").as_posix()
        values["categories"] = "/".join(_categories(meta))
        return base + _rooted(_fill(template, values))
    if any(part.startswith(("_", ".")) for part in parts):
        return None  # drafts, includes, layouts: not pages of the site
    if given:
        return base + _rooted(given)
    folder_style = default.endswith("/")
    ext = "/" if folder_style else ".html"
    return base + _folder_url(list(relative.with_suffix("").parts), ext=ext)


def _rooted(url: str) -> str:
    """A Jekyll URL starts at the site's top, whether or not its permalink starts with `/` (`:title/`)."""
    return "/" + url.lstrip("/")


def _hugo_content(relative: PurePosixPath, *, site: SiteConfig) -> tuple[PurePosixPath, str] | None:
    """Where a file is inside Hugo's content, and the language its folder gives it ('' for none): a language's
    own `contentDir`, a module mount onto `content` (`source = "content/en"`), else the site's `contentDir`."""
    config = site.config
    folders: list[tuple[str, str]] = list(site.language_dirs.items())
    module = config.get("module") if isinstance(config.get("module"), dict) else {}
    for mount in module.get("mounts") or []:
        if isinstance(mount, dict) and str(mount.get("target", "")).strip("/") == "content" and mount.get("source"):
            folders.append((str(mount["source"]).strip("/"), str(mount.get("lang") or "").lower()))
    folders.append((str(config.get("contentDir") or config.get("contentdir") or "content").strip("/"), ""))
    # The deepest folder first: content/fr inside content belongs to French.
    for folder, language in sorted(folders, key=lambda pair: -len(PurePosixPath(pair[0]).parts)):
        try:
            return relative.relative_to(folder), language
        except ValueError:
            continue
    return None


def _hugo_page(relative: PurePosixPath, *, site: SiteConfig, fm: FrontMatter) -> tuple[list[str], str] | None:
    """A page's path inside Hugo's content, without its extension or language, and its language's folder
    (`/fr`, or '' for the site's own language at the top); None for a file outside the content."""
    place = _hugo_content(relative, site=site)
    if place is None:
        return None
    inside, folder_language = place
    parts = list(inside.with_suffix("").parts)
    # A translation's file name carries its language (`index.fr.md`), and Hugo serves it under that
    # language's folder: /fr/p/x/, the site's own language at the top unless configured otherwise.
    language = (fm.language or folder_language or "").lower()
    stem, dot, code = parts[-1].rpartition(".")
    if dot and language and code.lower() == language:
        parts[-1] = stem
    return parts, _hugo_language_prefix(language, site=site)


def _hugo_folders(parts: list[str]) -> list[str]:
    """The folders a page sits in: a bundle's (`post/x/index.md`) are those around its own."""
    return parts[:-2] if parts[-1] in ("index", "_index") else parts[:-1]


def _hugo(relative: PurePosixPath, *, site: SiteConfig, meta: dict, fm: FrontMatter) -> str | None:
    page = _hugo_page(relative, site=site, fm=fm)
    if page is None:
        return None
    parts, prefix = page
    config = site.config
    given = _literal(meta.get("url"))
    if given:
        return given
    lower = not config.get("disablePathToLower", config.get("disablepathtolower", False))
    bundle = parts[-1] in ("index", "_index")
    name = parts[-2] if bundle and len(parts) > 1 else parts[-1]
    folders = _hugo_folders(parts)
    section = parts[0] if len(parts) > 1 else ""
    slug = str(meta.get("slug") or "").strip()
    permalinks = config.get("permalinks") if isinstance(config.get("permalinks"), dict) else {}
    template = permalinks.get(section)
    if isinstance(permalinks.get("page"), dict):  # Hugo 0.120's permalinks.page.<section>
        template = permalinks["page"].get(section, template)
    if isinstance(template, str) and section and not (bundle and parts[-1] == "_index"):
        # Hugo's urlize keeps letters of every script (a Japanese title gives a Japanese address) and a slug's
        # slashes.
        title = slugify(str(meta.get("title") or name), allow_unicode=True)
        slug = "/".join(slugify(part, allow_unicode=True) for part in slug.split("/"))
        values = {
            **_date_values(_date_of(meta, fm, name)),
            "section": section,
            "sections": "/".join(folders),
            "title": title,
            "slug": slug or title,
            "filename": name,
            "contentbasename": name,
            "slugorfilename": slug or name,
            "slugorcontentbasename": slug or name,
        }
        # A permalink is from the site's top, written with its leading slash or not (LoveIt's `:contentbasename`).
        url = "/" + _fill(template, values).lstrip("/")
    else:
        name_parts = parts[:-1] if parts[-1] == "_index" else [*folders, slug or name]
        url = _folder_url([part.replace(" ", "-") for part in name_parts])
    url = prefix + url
    return url.lower() if lower else url


def _hugo_language_prefix(language: str, *, site: SiteConfig) -> str:
    config = site.config
    default = str(config.get("defaultContentLanguage") or config.get("defaultcontentlanguage") or "en").lower()
    in_subdir = config.get("defaultContentLanguageInSubdir", config.get("defaultcontentlanguageinsubdir", False))
    return f"/{language}" if language and (language != default or in_subdir) else ""


def _hugo_aliases(aliases: list[str], relative: PurePosixPath, *, site: SiteConfig, fm: FrontMatter) -> list[str]:
    """Hugo serves an alias without a leading slash beside its page's content path (`a-old` on
    content/examples/a.md is /examples/a-old/), under the page's language folder."""
    page = _hugo_page(relative, site=site, fm=fm)
    if page is None:
        return aliases
    parts, prefix = page
    beside = _hugo_folders(parts)

    def resolved(alias: str) -> str:
        if alias.startswith("/") or "://" in alias:
            return alias
        folder_like = alias.endswith("/") or "." not in PurePosixPath(alias).name
        return prefix + posixpath.normpath(posixpath.join("/", *beside, alias)) + ("/" if folder_like else "")

    return [resolved(alias) for alias in aliases]


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
            when = _date_of(meta, fm, inside.stem)
            slug = str(meta.get("slug") or "") or slugify(str(meta.get("title") or fm.title or inside.stem))
            if when is None:
                return None
            when_text = date_format.replace("yyyy", f"{when.year:04d}").replace("MM", f"{when.month:02d}")
            when_text = when_text.replace("dd", f"{when.day:02d}")
            url = url_format.replace("{date}", when_text).replace("{slug}", slug).replace("{file}", inside.stem)
            url = url.replace("{categories}", "/".join(slugify(c) for c in _categories(meta)))
            return _folder_url([blog_dir.strip("/"), *url.strip("/").split("/")])
    return _folder_url(list(inside.with_suffix("").parts), ext="/" if directory_urls else ".html")


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
    if _literal(given):
        return _literal(given)
    source = str(site.config.get("input") or ".").strip("./") or "."
    try:
        inside = relative.relative_to(source) if source != "." else relative
    except ValueError:
        return None
    if any(part.startswith("_") for part in inside.parts):
        return None
    parts = list(inside.with_suffix("").parts)
    if isinstance(given, str) or given is None:
        template = given or _eleventy_folder_permalink(site.root / source, inside)
        if template:
            return _eleventy_permalink(template, inside, meta=meta)
    if len(parts) > 1 and parts[-1] == parts[-2]:  # blog/post/post.md is Eleventy's blog/post/index.md
        parts.pop()
    return _folder_url(parts)


_ELEVENTY_PAGE_VALUE = re.compile(r"\{\{-?\s*page\.(fileSlug|filePathStem)\s*-?\}\}")


def _eleventy_permalink(template: str, inside: PurePosixPath, *, meta: dict) -> str | None:
    """A permalink template filled in from the page's `fileSlug` and `filePathStem` and its front matter
    (`/blog/{{ title | slugify }}/`), as Liquid evaluates it; None for one that only Eleventy can compute."""
    stem = inside.with_suffix("")
    slug = stem.parent.name if stem.name == "index" else re.sub(r"^\d{4}-\d{2}-\d{2}-", "", stem.name)
    values = {"fileSlug": slug, "filePathStem": "/" + stem.as_posix()}
    filled = _ELEVENTY_PAGE_VALUE.sub(lambda match: values[match.group(1)], template)
    if "{{" in filled or "{%" in filled:
        with contextlib.suppress(LiquidError):
            filled = render_liquid(
                filled, site={}, page=values, link_for=lambda *_: None, includes=None, warn=lambda _: None, data=meta
            )
    return None if "{{" in filled or "{%" in filled else filled.strip()


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


def _astro(relative: PurePosixPath, *, site: SiteConfig, meta: dict, fm: FrontMatter) -> str | None:
    """A page under src/pages is at its path. A collection's entry is at the route that shows the collection's
    entries, with its id: its `slug`, else its path in the collection's folder, each part slugged as Astro does."""
    parts = relative.with_suffix("").parts
    if parts[:2] == ("src", "pages"):
        return _folder_url(list(parts[2:]))
    collection = astro_collection(parts, site=site)
    if collection is None:
        return None
    name, folder, rest = collection
    slug = str(meta.get("slug") or "").strip("/")
    entry = [_github_slug(part) for part in (slug.split("/") if slug else rest)]
    if entry and entry[-1] == "index":
        entry.pop()
    astrowind = site.config.get("astrowind")
    if name == "post" and astrowind is not None:  # the collection AstroWind's blog shows
        return _astrowind_post(entry, settings=astrowind, meta=meta)
    return _folder_url([*_astro_route(name, folder=folder, site=site), *entry])


_ASTROWIND_DATE_PARTS = ("year", "month", "day", "hour", "minute", "second")


def _astrowind_post(entry: list[str], *, settings: dict, meta: dict) -> str | None:
    """Where AstroWind's blog serves a post: its permalink (`/%slug%`, `/%category%/%year%/%slug%`) filled in as
    the theme's src/utils/blog.ts does, each placeholder once, under the site's base. A permalink with a date part
    and a post without a publishDate gives none: the theme dates such a post at the time of each build."""
    permalink = settings["post_permalink"]
    if permalink is None:
        return None
    category = meta.get("category")
    values = {
        "slug": _astrowind_slug("/".join(entry)),
        "id": "/".join(entry),
        "category": _astrowind_slug(category) if isinstance(category, str) else "",
    }
    with contextlib.suppress(InvalidFile):
        when = parse_date(meta.get("publishDate"), key="publishDate")
        if when is not None:
            values.update(zip(_ASTROWIND_DATE_PARTS, when.strftime("%Y %m %d %H %M %S").split(), strict=True))
    for name, value in values.items():
        permalink = permalink.replace(f"%{name}%", value, 1)
    if any(f"%{name}%" in permalink for name in _ASTROWIND_DATE_PARTS):
        return None
    path = "/".join(part.strip() for part in permalink.split("/") if part.strip())
    if not path:
        return None
    base = settings["base"].strip("/")
    return ("/" + base if base else "") + "/" + path + ("/" if settings["trailing_slash"] else "")


def _astrowind_slug(text: str) -> str:
    """A path slugged part by part, as the theme's cleanSlug does for a post's id and its category."""
    return "/".join(slugify(part) for part in text.strip("/").split("/"))


def astro_collection(parts: tuple[str, ...], *, site: SiteConfig) -> tuple[str, str, tuple[str, ...]] | None:
    """(collection name, its folder's name, the entry's path in it) for a file in a content collection: one
    that src/content.config.ts loads from a folder with a glob loader, else a folder of src/content."""
    for base, name in sorted(site.config.get("collections", {}).items(), key=lambda item: -len(item[0])):
        base_parts = PurePosixPath(base).parts
        if parts[: len(base_parts)] == base_parts and len(parts) > len(base_parts):
            return name, base_parts[-1], parts[len(base_parts) :]
    if parts[:2] == ("src", "content") and len(parts) > 3:
        return parts[2], parts[2], parts[3:]
    return None


def _astro_route(name: str, *, folder: str, site: SiteConfig) -> list[str]:
    """The page route's folder for a collection's entries: the route that asks for the collection by name, else
    one named after the collection or its folder (`post` in content/posts, shown by src/pages/posts/); else the
    collection's name."""
    if name == "docs" and site.config.get("starlight"):
        # Starlight serves its docs collection from the site's root: docs/fr/guides/tides.md is /fr/guides/tides/.
        return []
    routes = site.config.get("routes", [])
    for route in routes:
        if name in route["collections"]:
            return route["prefix"]
    for route in routes:
        if route["prefix"] and route["prefix"][-1] in (name, f"{name}s", folder):
            return route["prefix"]
    return [name]


def _github_slug(text: str) -> str:
    """A part of an entry's id as Astro makes it (github-slugger): lower case, punctuation gone, spaces dashes."""
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


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
            return _folder_url(list(relative.relative_to(folder).with_suffix("").parts))
    if parts[:2] == ("src", "pages"):
        return _folder_url(list(parts[2:]))
    if parts[:1] == ("content",) and len(parts) > 2:  # a gatsby-source-filesystem folder: content/blog/…
        return _folder_url(list(parts[2:]))
    return None
