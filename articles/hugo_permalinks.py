"""Where Hugo published a page: its content folder (a language's contentDir, a module mount, the site's), its
language's folder, its section's permalink or its path, and its aliases beside it.

Apart from permalinks.py because Hugo's rules read how the site is laid out as well as its config, and other
steps of an import (the content folder a page's names come from, the folders a page sits in) ask them too.
"""

import posixpath
from pathlib import PurePosixPath

from django.utils.text import slugify

from .frontmatter import FrontMatter
from .permalink_parts import date_values, fill_placeholders, folder_url, literal_permalink, page_date
from .site_config import SiteConfig, hugo_setting


def hugo_content(relative: PurePosixPath, *, site: SiteConfig) -> tuple[PurePosixPath, str] | None:
    """Where a file is inside Hugo's content, and the language its folder gives it ('' for none): a language's
    own `contentDir`, a module mount onto `content` (`source = "content/en"`), else the site's `contentDir`."""
    config = site.config
    folders: list[tuple[str, str]] = list(site.language_dirs.items())
    module = config.get("module") if isinstance(config.get("module"), dict) else {}
    for mount in module.get("mounts") or []:
        if isinstance(mount, dict) and str(mount.get("target", "")).strip("/") == "content" and mount.get("source"):
            folders.append((str(mount["source"]).strip("/"), str(mount.get("lang") or "").lower()))
    folders.append((str(hugo_setting(config, "contentDir") or "content").strip("/"), ""))
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
    place = hugo_content(relative, site=site)
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


def hugo_permalink(relative: PurePosixPath, *, site: SiteConfig, meta: dict, fm: FrontMatter) -> str | None:
    page = _hugo_page(relative, site=site, fm=fm)
    if page is None:
        return None
    parts, prefix = page
    config = site.config
    given = literal_permalink(meta.get("url"))
    if given:
        return given
    lower = not hugo_setting(config, "disablePathToLower")
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
            **date_values(page_date(meta, fm, name)),
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
        url = "/" + fill_placeholders(template, values).lstrip("/")
    else:
        name_parts = parts[:-1] if parts[-1] == "_index" else [*folders, slug or name]
        url = folder_url([part.replace(" ", "-") for part in name_parts])
    url = prefix + url
    return url.lower() if lower else url


def _hugo_language_prefix(language: str, *, site: SiteConfig) -> str:
    default = str(hugo_setting(site.config, "defaultContentLanguage") or "en").lower()
    in_subdir = hugo_setting(site.config, "defaultContentLanguageInSubdir")
    if not language:  # a page whose name and folder give no language is in the site's own
        return f"/{default}" if in_subdir else ""
    return f"/{language}" if language != default or in_subdir else ""


def hugo_aliases(aliases: list[str], relative: PurePosixPath, *, site: SiteConfig, fm: FrontMatter) -> list[str]:
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
