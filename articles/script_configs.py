"""What Docusaurus', Gatsby's and Astro's configs say, read as text: Folio runs no JavaScript (Eleventy's are read
in eleventy_configs.py).

Each setting is found by a pattern where a config writes it out as a plain string: the site's author, the folders
gatsby-source-filesystem reads, Astro's content collections, page routes and locales, AstroWind's blog
settings. One computed in code is not found. Apart from data_configs.py because nothing
here is parsed: it is all searching, with patterns and limits of its own.
"""

import os
import posixpath
import re
from pathlib import Path, PurePosixPath

from .config_files import MARKERS, Yaml12ConfigLoader, as_mapping, deep_merged, load_config, script_text
from .site_config import Person, SiteConfig, is_language_code

# `author: { name: "…" }` or `author: "…"` in a JavaScript object, or a module's own `export const author = {…}`
# (eleventy-excellent's _data/meta.js); quotes of any of the three kinds. The key in any case: astro-sphere's
# src/consts.ts writes `AUTHOR: "…"`.
_JS_AUTHOR_NAME = re.compile(r"""\b(?i:author)\s*[:=]\s*\{[^{}]*?\bname\s*:\s*(["'`])(?P<name>[^"'`\n]+)\1""")
# gatsby-source-filesystem's folders: `path: `${__dirname}/content/blog``, `path: "./src/posts"`, or
# `path: path.join(__dirname, "src", "content")` (also `resolve`), each relative to the site.
_GATSBY_PATH_TEXT = re.compile(r"""\bpath\s*:\s*(["'`])(?:\$\{__dirname\}/?)?(?P<folder>[^"'`$\n]*)\1""")
_GATSBY_PATH_JOIN = re.compile(r"""\bpath\s*:\s*path\.(?:join|resolve)\(\s*__dirname\s*,(?P<parts>[^()\n]*)\)""")
# gatsby-node's createPage at a front-matter field: `path: post.node.frontmatter.slug`, or in a template literal
# `path: `/blog/${node.frontmatter.slug}``, whatever the text around it.
_GATSBY_PAGE_PATH = re.compile(
    r"""\bpath\s*:\s*(?:`(?P<before>[^`$]*)\$\{\s*)?[\w$.?]*\bfrontmatter\??\.(?P<key>\w+)\b\s*(?(before)\}(?P<after>[^`$]*)`)"""
)
# A gatsby-node query that makes pages only of the files without a front-matter key: `type: { eq: null }`.
_GATSBY_UNSET_FILTER = re.compile(r"\b(?P<key>\w+)\s*:\s*\{\s*eq\s*:\s*null\s*\}")
# gatsby-node cutting a page's path at its first `--` (`slug.indexOf("--")`, `path.split("--")`): the
# gatsby-starter-hero-blog family names post folders `2017-10-01--a-walk` and pages `1--about`, each served at the
# name after the dashes, the part before being a date or a place in the menu.
_GATSBY_NAME_CUT = re.compile(r"""\.(?:indexOf|split)\(\s*(["'`])(?P<cut>--)\1\s*\)""")
# The path the site is served under (`pathPrefix: "/blog"`), which `gatsby build --prefix-paths` puts before
# every page's address.
_GATSBY_PATH_PREFIX = re.compile(r"""\bpathPrefix\s*:\s*(["'`])(?P<prefix>[^"'`$\n]*)\1""")
# `author: config.authorName`, a field of a module the config reads (the key in front varies).
_JS_MODULE_FIELD = r"\b{key}\s*:\s*(?P<module>[A-Za-z_$][\w$]*)\.(?P<key>[A-Za-z_$][\w$]*)\b"
# A module of the site's own: `const config = require('./data/siteConfig')`, `import config from "./config.js"`.
_JS_MODULES = (
    re.compile(r"""\b(?:const|let|var)\s+(?P<name>[\w$]+)\s*=\s*require\(\s*(["'])(?P<path>\.{1,2}/[^"'\n]+)\2"""),
    re.compile(r"""\bimport\s+(?P<name>[\w$]+)\s+from\s+(["'])(?P<path>\.{1,2}/[^"'\n]+)\2"""),
)
_JS_AUTHOR_TEXT = re.compile(r"""\b(?i:author)\s*[:=]\s*(["'`])(?P<name>[^"'`\n]+)\1""")
# Where Astro themes name the site and its author (AstroPaper's src/config.ts, Cactus' src/site.config.ts).
ASTRO_SITE_FILES = tuple(
    f"src/{name}.{ext}" for name in ("site.config", "config", "consts") for ext in ("ts", "js", "mjs")
)
# Astro's content collections (src/content.config.ts): `name = defineCollection({ loader: glob({ base: "…" }) })`,
# and `export const collections = { name, other: variable }`.
ASTRO_CONTENT_CONFIGS = tuple(
    f"src/{name}.{ext}" for name in ("content.config", "content/config") for ext in ("ts", "mts", "js", "mjs")
)
_ASTRO_COLLECTION = re.compile(r"(?P<name>[\w$]+)\s*[=:]\s*defineCollection\s*\(")
_ASTRO_GLOB_BASE = re.compile(r"""\bglob\s*\(\s*\{[^{}]*?\bbase\s*:\s*(["'`])(?P<base>[^"'`$\n]+)\1""")
_ASTRO_EXPORT = re.compile(r"\bcollections\s*=\s*\{(?P<entries>[^{}]*)\}")
_ASTRO_GET_COLLECTION = re.compile(r"""\bgetCollection\s*\(\s*["'`](?P<name>[\w$-]+)["'`]""")
# Page routes that give each entry of a collection its own page: src/pages/blog/[...slug].astro and the like.
ASTRO_ENTRY_PARAMS = ("[...slug]", "[slug]", "[...id]", "[id]", "[...path]")
MAX_ASTRO_PAGES = 2_000
# Starlight's locales: `de: { label: 'Deutsch', lang: 'de' }`, the folder first (`root` is the top of the docs).
_JS_LOCALE = re.compile(r"""(?P<q>["'`]?)(?P<folder>[\w-]+)(?P=q)\s*:\s*\{(?P<entry>[^{}]*?\blabel\s*:[^{}]*)\}""")
_JS_LANG = re.compile(r"""\blang\s*:\s*["'`](?P<code>[\w-]+)["'`]""")
# Astro's own i18n: `i18n: { defaultLocale: 'en', locales: ['en', 'fr'] }`, each locale a folder of the collection.
_JS_LOCALE_LIST = re.compile(r"""\blocales\s*:\s*\[(?P<list>[^\]]*)\]""")
_JS_DEFAULT_LOCALE = re.compile(r"""\bdefaultLocale\s*:\s*["'`](?P<code>[\w-]+)["'`]""")
_JS_STRING = re.compile(r"""["'`]([\w-]+)["'`]""")
# AstroWind's integration in astro.config, `astrowind()` or `astrowind({ config: './src/config.yaml' })`: the YAML
# file it names holds where the theme's blog serves its posts (apps.blog.post.permalink: '/%slug%').
_ASTROWIND_CALL = re.compile(r"\bastrowind\s*\(\s*(?P<options>\{[^{}]*\}|\))")
_JS_CONFIG_FILE = re.compile(r"""\bconfig\s*:\s*["'`](?P<file>[^"'`\n]+)["'`]""")
ASTROWIND_CONFIG = "src/config.yaml"
# What AstroWind's config builder gives the settings its file leaves out.
ASTROWIND_DEFAULTS = {
    "site": {"base": "/", "trailingSlash": False},
    "apps": {"blog": {"isEnabled": False, "post": {"isEnabled": True, "permalink": "/blog/%slug%"}}},
}


# What tells where in JavaScript a key is written: its brackets, past strings and comments.
_JS_BRACKETS = re.compile(
    r"""//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`|[\[\]{}()]""", re.DOTALL
)


def read_js_author(site: SiteConfig, names: tuple[str, ...] | None = None, *, in_lists: bool = True) -> None:
    """`site.author` from the first of the files (the generator's configs unless `names`) that names one. With
    `in_lists` False, an author written inside a list is passed over: one record's among others (11ty-website's
    _data/mascots.js lists each mascot's), not the site's."""
    for name in names or MARKERS[site.generator]:
        text = script_text(site, site.root / name)
        if text is None:
            continue
        match = next(
            (
                match
                for pattern in (_JS_AUTHOR_NAME, _JS_AUTHOR_TEXT)
                for match in pattern.finditer(text)
                if in_lists or not _in_a_list(text, match.start())
            ),
            None,
        )
        if match is None and (found := _js_value_elsewhere(site, text, key="author", folder=(site.root / name).parent)):
            name, match = found
        if match:
            site.config_file = name
            site.author = Person(name=match.group("name").strip())
            return


def _in_a_list(text: str, at: int) -> bool:
    """Whether the JavaScript at `at` is inside a list's brackets, however deep in objects within it."""
    opened: list[str] = []
    for token in _JS_BRACKETS.finditer(text, 0, at):
        bracket = token.group()
        if bracket in "[{(":
            opened.append(bracket)
        elif bracket in "]})" and opened:
            opened.pop()
    return "[" in opened


def _js_value_elsewhere(site: SiteConfig, text: str, *, key: str, folder: Path) -> tuple[str, re.Match] | None:
    """The value a config gives `key` as a field of a module of the site's own (`author: config.authorName`, with
    `const config = require('./data/siteConfig')`): that file's name and the field's text in it (its group
    `name`). None when either is not written out."""
    field = re.search(_JS_MODULE_FIELD.format(key=re.escape(key)), text)
    if field is None:
        return None
    modules = (match for pattern in _JS_MODULES for match in pattern.finditer(text))
    module = next((match for match in modules if match.group("name") == field.group("module")), None)
    if module is None:
        return None
    written = folder / module.group("path")
    for path in (written, *(written.with_name(written.name + ext) for ext in (".js", ".ts", ".mjs", ".cjs"))):
        if not path.resolve().is_relative_to(site.root.resolve()) or not path.is_file():
            continue
        other = script_text(site, path) or ""
        value = re.search(rf"""\b{re.escape(field.group("key"))}\s*:\s*(["'`])(?P<name>[^"'`\n]+)\1""", other)
        return (path.resolve().relative_to(site.root.resolve()).as_posix(), value) if value else None
    return None


def read_gatsby(site: SiteConfig) -> None:
    """The site's author, the folders gatsby-source-filesystem reads (`sources`), from which a page's address
    is made, the `pathPrefix` the site is served under, the front-matter keys gatsby-node makes pages only of
    files without (`posts_without`) and the text it cuts page names at (`name_cut`). Read as text: a value
    computed in code is not found."""
    read_js_author(site)
    for name in MARKERS["gatsby"]:
        text = script_text(site, site.root / name)
        if text is None:
            continue
        written = [match.group("folder") for match in _GATSBY_PATH_TEXT.finditer(text)]
        for match in _GATSBY_PATH_JOIN.finditer(text):
            written.append("/".join(_JS_STRING.findall(match.group("parts"))))
        folders = (PurePosixPath(folder.strip()).as_posix() for folder in written)
        inside = {folder for folder in folders if folder != "." and not folder.startswith("/") and ".." not in folder}
        site.config["sources"] = sorted(inside, key=len, reverse=True)  # the deepest folder that holds a page wins
        if prefix := _GATSBY_PATH_PREFIX.search(text):
            site.config["pathPrefix"] = prefix.group("prefix")
        elif found := _js_value_elsewhere(site, text, key="pathPrefix", folder=(site.root / name).parent):
            site.config["pathPrefix"] = found[1].group("name")
        break
    for name in ("gatsby-node.js", "gatsby-node.ts", "gatsby-node.mjs"):
        text = script_text(site, site.root / name)
        if text is not None and (cut := _GATSBY_NAME_CUT.search(text)):
            site.config["name_cut"] = cut.group("cut")
        if text is not None and (unset := _GATSBY_UNSET_FILTER.findall(text)):
            # gatsby-starter-i18n-blog makes posts only of files without a `type`; one with `type: language`
            # holds a language's home page, which gatsby-node builds itself.
            site.config["posts_without"] = {"keys": sorted(set(unset)), "file": name}
        if text is not None and (match := _GATSBY_PAGE_PATH.search(text)):
            # Each page is made at the front-matter field it names, inside the text around it.
            site.config["page_path"] = {
                "key": match.group("key"),
                "before": match.group("before") or "",
                "after": match.group("after") or "",
            }
            return


def read_astro(site: SiteConfig) -> None:
    """Where each content collection's entries are (`collections`: base folder -> name, for glob loaders), the
    page routes that show one entry each (`routes`: folder parts under src/pages, with the collections the route
    names), the collections some page with a parameter in its path asks for (`paged`), the languages whose
    folders hold translations and AstroWind's blog settings. Read as text: Folio runs no JavaScript, so a base
    or a name computed in code is not found."""
    astro_config = next(
        (text for name in MARKERS["astro"] if (text := script_text(site, site.root / name)) is not None), None
    )
    if astro_config is not None:
        _read_astro_locales(site, astro_config)
        _read_astrowind(site, astro_config)
    read_js_author(site, ASTRO_SITE_FILES)
    collections: dict[str, str] = {}
    for name in ASTRO_CONTENT_CONFIGS:
        text = script_text(site, site.root / name)
        if text is None:
            continue
        exported = {}
        for match in _ASTRO_EXPORT.finditer(text):
            for entry in match.group("entries").split(","):
                key, _, variable = (part.strip() for part in entry.partition(":"))
                if key:
                    exported[variable or key] = key
        found = list(_ASTRO_COLLECTION.finditer(text))
        for match, following in zip(found, [*found[1:], None], strict=True):
            base = _ASTRO_GLOB_BASE.search(text, match.end(), following.start() if following else len(text))
            if base:
                folder = PurePosixPath(posixpath.normpath(base.group("base").strip()))
                variable = match.group("name")
                collections[folder.as_posix()] = exported.get(variable, variable)
        break
    routes = []
    # The collections that pages with a parameter in their path ask for: those that may have a page per entry.
    # None when such a page names none (it reads its entries through the theme's own code).
    paged: set[str] | None = set()
    for path in _astro_pages(site.root / "src" / "pages"):
        parts = path.relative_to(site.root / "src" / "pages").with_suffix("").parts
        if parts[-1] == "index":
            parts = parts[:-1]
        if not any("[" in part for part in parts):
            continue
        text = script_text(site, path) or ""
        names = sorted({match.group("name") for match in _ASTRO_GET_COLLECTION.finditer(text)})
        paged = None if paged is None or not names else paged | set(names)
        if parts[-1] in ASTRO_ENTRY_PARAMS and not any("[" in part for part in parts[:-1]):
            routes.append({"prefix": list(parts[:-1]), "collections": names})
    if paged is None or not (site.root / "src" / "pages").is_dir():
        site.config.update(collections=collections, routes=routes, paged=None)
    else:
        site.config.update(collections=collections, routes=routes, paged=sorted(paged))


def _astro_pages(pages: Path) -> list[Path]:
    """The .astro files under src/pages, in order: at most MAX_ASTRO_PAGES, never through a linked folder."""
    found = []
    for folder, folders, files in os.walk(pages):
        folders.sort()
        found += [Path(folder) / name for name in sorted(files) if name.endswith(".astro")]
        if len(found) >= MAX_ASTRO_PAGES:
            break
    return sorted(found[:MAX_ASTRO_PAGES])


def _read_astro_locales(site: SiteConfig, text: str) -> None:
    """The languages whose folders hold translations (Starlight's `locales` or Astro's `i18n.locales`), and
    whether the site is Starlight's, which serves its docs collection from the top of the site."""
    site.config["starlight"] = "@astrojs/starlight" in text
    for match in _JS_LOCALE.finditer(text):
        folder = match.group("folder").lower()
        lang = _JS_LANG.search(match.group("entry"))
        if folder == "root":  # the default language's pages sit at the top, in no folder of their own
            site.default_language = lang.group("code").lower() if lang else ""
        elif is_language_code(folder):
            site.languages.append(folder)
    listed = _JS_LOCALE_LIST.search(text)
    if not site.languages and listed:
        codes = _JS_STRING.findall(listed.group("list"))
        site.languages = [code.lower() for code in codes if is_language_code(code)]
    default = _JS_DEFAULT_LOCALE.search(text)
    if default and not site.default_language and is_language_code(default.group("code")):
        site.default_language = default.group("code").lower()
    if site.default_language and site.languages and site.default_language not in site.languages:
        site.languages.append(site.default_language)


def _read_astrowind(site: SiteConfig, astro_config: str) -> None:
    """AstroWind's blog settings (`astrowind` in site.config), from the YAML file its integration reads, with the
    theme's defaults: the post permalink (None when the blog or its post pages are off), the site's base and
    whether its addresses end in a slash. Only a file inside the site is read."""
    call = _ASTROWIND_CALL.search(astro_config)
    if call is None:
        return
    named = _JS_CONFIG_FILE.search(call.group("options"))
    path = site.root / (named.group("file") if named else ASTROWIND_CONFIG)
    if not path.resolve().is_relative_to(site.root.resolve()) or not path.is_file():
        return
    settings = deep_merged(ASTROWIND_DEFAULTS, load_config(site, path, yaml_loader=Yaml12ConfigLoader))
    own = as_mapping(settings.get("site"))
    blog = as_mapping(as_mapping(settings.get("apps")).get("blog"))
    post = as_mapping(blog.get("post"))
    # An empty permalink falls back to the blog list's path, as the theme's src/utils/permalinks.ts does.
    permalink = post.get("permalink") or f"{as_mapping(blog.get('list')).get('pathname') or ''}/%slug%"
    site.config["astrowind"] = {
        "post_permalink": str(permalink) if blog.get("isEnabled") and post.get("isEnabled") else None,
        "base": str(own.get("base") or "/"),
        "trailing_slash": bool(own.get("trailingSlash")),
    }
