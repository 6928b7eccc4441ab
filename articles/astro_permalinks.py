"""Where an Astro site published a page: a file under src/pages at its path, a content collection's entry at the
route that shows the collection, with its id; AstroWind's blog posts at the theme's own permalink.

Apart from permalinks.py because Astro's rules read the site's collections and page routes (script_configs.py
finds them), and a collection that no page shows entry by entry is told by them too (site_pages.py asks
astro_collection).
"""

import contextlib
import re
from pathlib import PurePosixPath

from django.utils.text import slugify

from .front_matter_values import parse_date
from .frontmatter import FrontMatter
from .invalid_file import InvalidFile
from .permalink_parts import folder_url
from .site_config import SiteConfig


def astro_permalink(relative: PurePosixPath, *, site: SiteConfig, meta: dict, fm: FrontMatter) -> str | None:
    """A page under src/pages is at its path. A collection's entry is at the route that shows the collection's
    entries, with its id: its `slug`, else its path in the collection's folder, each part slugged as Astro does."""
    parts = relative.with_suffix("").parts
    if parts[:2] == ("src", "pages"):
        return folder_url(list(parts[2:]))
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
    return folder_url([*_astro_route(name, folder=folder, site=site), *entry])


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
