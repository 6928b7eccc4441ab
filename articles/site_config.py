"""What a static-site generator's own configuration says about the site being imported.

The site is found by walking up from the import root to the folder that holds a generator's config file
(hugo.toml, _config.yml, mkdocs.yml, gatsby-config.js…), stopping at a repository's top (.git). From it
Folio reads the site's author, the authors that posts name by id (MkDocs Material's `.authors.yml`,
Docusaurus' `authors.yml`) and the languages a Hugo or Astro site declares. Nothing here runs the site's code:
JavaScript config is read with a regular expression, YAML with the same bounded loader as front matter.
A folder Folio's own export wrote is a site of its own kind (FOLIO), told by the `generator:` in its site.yml.
"""

import json
import os
import posixpath
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import yaml
from django.conf import global_settings

from .front_matter_reading import read_front_matter
from .invalid_file import InvalidFile
from .yaml_loading import BoundedConstruction, load_yaml

MAX_CONFIG_BYTES = 512 * 1024
MAX_INHERIT_DEPTH = 5  # configs an mkdocs.yml may stack by INHERIT, each naming the next
# Config files by generator, in the order a generator itself would look for them.
HUGO_FILES = tuple(f"{name}.{ext}" for name in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json"))
HUGO_DEFAULT_DIR = Path("config", "_default")
MARKERS = {
    "hugo": (*HUGO_FILES, "config/_default"),
    "jekyll": ("_config.yml", "_config.yaml"),
    # Zensical builds from an mkdocs.yml, from a zensical.yml in the same shape (`zensical build -f`), or from its
    # own zensical.toml, the same settings under a [project] table.
    "mkdocs": ("mkdocs.yml", "mkdocs.yaml", "zensical.yml", "zensical.yaml", "zensical.toml"),
    "docusaurus": ("docusaurus.config.js", "docusaurus.config.ts"),
    "gatsby": ("gatsby-config.js", "gatsby-config.ts", "gatsby-config.mjs"),
    "eleventy": ("eleventy.config.js", "eleventy.config.mjs", ".eleventy.js", "eleventy.config.cjs"),
    "astro": ("astro.config.mjs", "astro.config.ts", "astro.config.js"),
}
# A folder Folio's export wrote says so in its site.yml (`generator: folio`): its Markdown is the articles' own text,
# which no generator's template language has touched.
FOLIO = "folio"
SITE_FILE = "site.yml"
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
# Eleventy keeps the site's author in a global data file, in its data folder (`_data` unless `dir.data` says).
ELEVENTY_DATA = ("metadata.json", "metadata.js", "site.json", "site.js")
_ELEVENTY_DIR = re.compile(r"\bdir\s*:\s*\{(?P<entries>[^{}]*)\}")
_JS_DATA_DIR = re.compile(r"""\bdata\s*:\s*["'`]([^"'`\n]+)["'`]""")
KNOWN_LANGUAGES = {code.lower() for code, _ in global_settings.LANGUAGES}
_KNOWN_PRIMARY = {code.split("-")[0] for code in KNOWN_LANGUAGES}  # zh of zh-hans, for a locale such as zh-cn
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")
# `author: { name: "…" }` or `author: "…"` in a JavaScript object; quotes of any of the three kinds.
_JS_AUTHOR_NAME = re.compile(r"""\bauthor\s*:\s*\{[^{}]*?\bname\s*:\s*(["'`])(?P<name>[^"'`\n]+)\1""")
# gatsby-source-filesystem's folders: `path: `${__dirname}/content/blog``, `path: "./src/posts"`, or
# `path: path.join(__dirname, "src", "content")` (also `resolve`), each relative to the site.
_GATSBY_PATH_TEXT = re.compile(r"""\bpath\s*:\s*(["'`])(?:\$\{__dirname\}/?)?(?P<folder>[^"'`$\n]*)\1""")
_GATSBY_PATH_JOIN = re.compile(r"""\bpath\s*:\s*path\.(?:join|resolve)\(\s*__dirname\s*,(?P<parts>[^()\n]*)\)""")
# gatsby-node's createPage at a front-matter field: `path: post.node.frontmatter.slug`, or in a template literal
# `path: `/blog/${node.frontmatter.slug}``, whatever the text around it.
_GATSBY_PAGE_PATH = re.compile(
    r"""\bpath\s*:\s*(?:`(?P<before>[^`$]*)\$\{\s*)?[\w$.?]*\bfrontmatter\??\.(?P<key>\w+)\b\s*(?(before)\}(?P<after>[^`$]*)`)"""
)
_JS_INPUT = re.compile(r"""\binput\s*:\s*["'`]([^"'`\n]+)["'`]""")
# `author: config.authorName`, a field of a module the config reads.
_JS_AUTHOR_FIELD = re.compile(r"\bauthor\s*:\s*(?P<module>[A-Za-z_$][\w$]*)\.(?P<key>[A-Za-z_$][\w$]*)\b")
# A module of the site's own: `const config = require('./data/siteConfig')`, `import config from "./config.js"`.
_JS_MODULES = (
    re.compile(r"""\b(?:const|let|var)\s+(?P<name>[\w$]+)\s*=\s*require\(\s*(["'])(?P<path>\.{1,2}/[^"'\n]+)\2"""),
    re.compile(r"""\bimport\s+(?P<name>[\w$]+)\s+from\s+(["'])(?P<path>\.{1,2}/[^"'\n]+)\2"""),
)
_JS_AUTHOR_TEXT = re.compile(r"""\bauthor\s*:\s*(["'`])(?P<name>[^"'`\n]+)\1""")
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


class _ConfigLoader(BoundedConstruction, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML configuration, within front matter's bounds: a config file in the import root is as untrusted as a
    post. mkdocs.yml names Python objects (`!!python/name:…`, `!ENV`): read as nothing, never built."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


class _Yaml12ConfigLoader(_ConfigLoader):
    """YAML config as Hugo and js-yaml (AstroWind's src/config.yaml) read it, by YAML 1.2's rules: only true and
    false are booleans, so a language keyed `no` is Norwegian, not False. Front matter and other generators'
    configs keep YAML 1.1's yes/no/on/off, as Jekyll's and MkDocs' own readers do."""


_Yaml12ConfigLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _ConfigLoader.yaml_implicit_resolvers.items()
}
_Yaml12ConfigLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass
class Person:
    name: str
    url: str = ""
    avatar: str = ""  # as written: a path is relative to `source`, the file the person was read from
    bio: str = ""
    source: Path | None = None


@dataclass
class SiteConfig:
    """A site's generator and what its config says; an empty one when no config was found."""

    root: Path | None = None
    generator: str = ""
    config_file: str = ""
    config: dict = field(default_factory=dict)  # what the config file says, for the generator's permalink rules
    author: Person | None = None
    authors: dict[str, Person] = field(default_factory=dict)  # id -> person, for posts that name authors by id
    languages: list[str] = field(default_factory=list)
    default_language: str = ""
    language_dirs: dict[str, str] = field(default_factory=dict)  # contentDir -> language code
    warnings: list[str] = field(default_factory=list)

    def person(self, key: str) -> Person | None:
        return self.authors.get(key)

    def is_language(self, code: str) -> bool:
        code = code.lower()
        if self.languages:
            return code in self.languages
        return code in KNOWN_LANGUAGES


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
        if not generator and _mkdocs_variants(folder):
            generator = "mkdocs"
        if generator:
            found = SiteConfig(root=folder, generator=generator)
            _read(found)
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
    # Author lists are looked for where the blog plugin is told to, in the site and in every folder from it down
    # to the import root.
    configured = _mkdocs_authors_file(site)
    if configured is not None and configured.resolve().is_relative_to(site.root.resolve()):
        _read_authors(site, configured)
    top = site.root or start
    for folder in [start, *start.parents]:
        for name in AUTHOR_FILES:
            _read_authors(site, folder / name)
        for name in AUTHOR_FOLDERS:
            _read_author_folder(site, folder / name)
        if folder == top:
            break
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
        data = load_yaml(path.read_text(encoding="utf-8-sig"), loader=_ConfigLoader)
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


def _read(site: SiteConfig) -> None:
    reader = {
        "hugo": _read_hugo,
        "jekyll": _read_jekyll,
        "gatsby": _read_gatsby,
        "docusaurus": _read_js_author,
        "eleventy": _read_eleventy,
        "mkdocs": _read_mkdocs,
        "astro": _read_astro,
    }.get(site.generator)
    if reader is not None:
        reader(site)


def _load(site: SiteConfig, path: Path, *, yaml_loader: type = _ConfigLoader, top_list: bool = False) -> dict | list:
    """A TOML, YAML or JSON config file (or a Markdown file's front matter) as a mapping, or a list where
    `top_list` allows one; {} with a warning when it cannot be read."""
    shown = _shown(site, path)
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise InvalidFile(f"it is over {MAX_CONFIG_BYTES:,} bytes")
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".toml":
            data = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        elif path.suffix == ".md":
            data = read_front_matter(text.encode())[0]
        else:
            data = load_yaml(text, loader=yaml_loader)
    except (OSError, UnicodeDecodeError, ValueError, InvalidFile) as error:
        site.warnings.append(f"the site config {shown} could not be read ({_reason(error)}); it was not used")
        return {}
    return data if isinstance(data, dict) or (top_list and isinstance(data, list)) else {}


def _reason(error: Exception) -> str:
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error).split("\n")[0]


def _shown(site: SiteConfig, path: Path) -> str:
    try:
        return path.relative_to(site.root).as_posix() if site.root else path.name
    except ValueError:
        return str(path)


def _person(value: object) -> Person | None:
    """`Name`, or a mapping with a name (and perhaps url and picture), as configs and front matter write it."""
    if isinstance(value, str) and value.strip():
        return Person(name=value.strip())
    if isinstance(value, dict):
        name = value.get("name") or value.get("display_name")
        if isinstance(name, str) and name.strip():
            url = next((value[k] for k in ("url", "website", "link") if isinstance(value.get(k), str)), "")
            avatar = next(
                (value[k] for k in ("avatar", "picture", "image", "image_url") if isinstance(value.get(k), str)), ""
            )
            bio = next((value[k] for k in ("bio", "description", "about") if isinstance(value.get(k), str)), "")
            return Person(name=name.strip(), url=url.strip(), avatar=avatar.strip(), bio=bio.strip())
    return None


def hugo_setting(config: dict, name: str):
    """A Hugo setting by its name, which Hugo reads in any case (`themesDir`, `themesdir`); None when not set."""
    wanted = name.lower()
    return next((value for key, value in config.items() if str(key).lower() == wanted), None)


def _load_hugo(site: SiteConfig, path: Path) -> dict:
    return _load(site, path, yaml_loader=_Yaml12ConfigLoader)


def _read_hugo(site: SiteConfig) -> None:
    config: dict = {}
    for name in HUGO_FILES:
        if (site.root / name).is_file():
            site.config_file = name
            config = _load_hugo(site, site.root / name)
            break
    default_dir = site.root / HUGO_DEFAULT_DIR
    for name in HUGO_FILES:
        if (default_dir / name).is_file():
            config = {**_load_hugo(site, default_dir / name), **config}
            site.config_file = site.config_file or (HUGO_DEFAULT_DIR / name).as_posix()
    for section in ("params", "languages"):
        for ext in ("toml", "yaml", "yml", "json"):
            if (default_dir / f"{section}.{ext}").is_file() and section not in config:
                config[section] = _load_hugo(site, default_dir / f"{section}.{ext}")
    # A language's settings in a file of its own (languages.en.toml), as Congo and Blowfish write them.
    own_files: dict[str, str] = {}
    for path in sorted(default_dir.glob("languages.*.*")) if default_dir.is_dir() else []:
        code = path.name.split(".")[1]
        if path.suffix in (".toml", ".yaml", ".yml", ".json") and path.name.count(".") == 2:
            languages = config.setdefault("languages", {})
            if isinstance(languages, dict) and code not in languages:
                languages[code] = _load_hugo(site, path)
                own_files[code.lower()] = (HUGO_DEFAULT_DIR / path.name).as_posix()
    site.config = config
    params = hugo_setting(config, "params")
    params = params if isinstance(params, dict) else {}
    site.author = _person(params.get("author")) or _person(hugo_setting(config, "author"))
    default = hugo_setting(config, "defaultContentLanguage")
    site.default_language = default.lower() if isinstance(default, str) else ""
    languages = hugo_setting(config, "languages")
    if site.author is None and isinstance(languages, dict):
        # The site's own language's author (its [params.author]), when the site names none for every language.
        own = {str(code).lower(): settings for code, settings in languages.items()}.get(site.default_language or "en")
        own_params = own.get("params") if isinstance(own, dict) else None
        site.author = _person(own_params.get("author")) if isinstance(own_params, dict) else None
        if site.author is not None:
            site.config_file = own_files.get(site.default_language or "en", site.config_file)
    if isinstance(languages, dict):
        for code, settings in languages.items():
            if isinstance(code, str) and _LANGUAGE_CODE.fullmatch(code.lower()):
                site.languages.append(code.lower())
                if isinstance(settings, dict) and isinstance(settings.get("contentDir"), str):
                    site.language_dirs[settings["contentDir"].strip("/")] = code.lower()
    if site.default_language and site.languages and site.default_language not in site.languages:
        site.languages.append(site.default_language)


def _read_jekyll(site: SiteConfig) -> None:
    for name in MARKERS["jekyll"]:
        if (site.root / name).is_file():
            site.config_file = name
            site.config = _load(site, site.root / name)
            site.author = _person(site.config.get("author"))
            # Themes such as Mediumish describe their authors in the config, as others do in _data/authors.yml.
            if isinstance(site.config.get("authors"), dict):
                for key, value in site.config["authors"].items():
                    _add_person(site, key, value, source=site.root / name)
            break


def _mkdocs_variants(folder: Path) -> list[str]:
    """Config files a site builds with `mkdocs build -f` (mkdocs-online.yml, mkdocs.insiders.yml), by name."""
    return sorted(path.name for path in folder.glob("mkdocs[-._]*.y*ml") if path.suffix in (".yml", ".yaml"))


def _read_mkdocs(site: SiteConfig) -> None:
    for name in MARKERS["mkdocs"]:
        if (site.root / name).is_file():
            site.config_file = name
            site.config = _load_mkdocs(site, site.root / name)
            break
    else:
        # No mkdocs.yml: of the site's other configs, the one that publishes the blog, else the first by name.
        configs = {name: _load_mkdocs(site, site.root / name) for name in _mkdocs_variants(site.root)}
        if configs:
            blogs = [name for name, config in configs.items() if mkdocs_blog_options(config) is not None]
            site.config_file = blogs[0] if blogs else min(configs)
            site.config = configs[site.config_file]
    site.author = _person(site.config.get("site_author"))


def _load_mkdocs(site: SiteConfig, path: Path, *, depth: int = 0) -> dict:
    """An mkdocs.yml with the config it names by INHERIT under it, merged as MkDocs merges them (mappings key by
    key, anything else replaced), from files inside the site only. A zensical.toml holds the same settings
    under its [project] table."""
    config = _load(site, path)
    if path.suffix == ".toml":
        return _mapping(config.get("project"))
    parent = config.pop("INHERIT", None)
    if isinstance(parent, str) and depth < MAX_INHERIT_DEPTH:
        parent_path = path.parent / parent
        if parent_path.resolve().is_relative_to(site.root.resolve()) and parent_path.is_file():
            config = _merged(_load_mkdocs(site, parent_path, depth=depth + 1), config)
    return config


def _merged(base: dict, over: dict) -> dict:
    merged = dict(base)
    for key, value in over.items():
        inner = merged.get(key)
        merged[key] = _merged(inner, value) if isinstance(inner, dict) and isinstance(value, dict) else value
    return merged


def _script_text(site: SiteConfig, path: Path) -> str | None:
    """The start of a JavaScript or TypeScript file Folio reads as text (it runs none): at most MAX_CONFIG_BYTES
    of a regular file; None when there is none, or with a warning when it cannot be read."""
    try:
        if not path.is_file():
            return None
        with path.open("rb") as file:
            return file.read(MAX_CONFIG_BYTES).decode("utf-8", errors="replace")
    except OSError as error:
        site.warnings.append(f"the site config {_shown(site, path)} could not be read ({_reason(error)})")
        return None


def _read_js_author(site: SiteConfig, names: tuple[str, ...] | None = None) -> None:
    for name in names or MARKERS[site.generator]:
        text = _script_text(site, site.root / name)
        if text is None:
            continue
        match = _JS_AUTHOR_NAME.search(text) or _JS_AUTHOR_TEXT.search(text)
        if match is None and (found := _js_author_elsewhere(site, text, folder=(site.root / name).parent)):
            name, match = found
        if match:
            site.config_file = name
            site.author = Person(name=match.group("name").strip())
            return


def _js_author_elsewhere(site: SiteConfig, text: str, *, folder: Path) -> tuple[str, re.Match] | None:
    """The author a config names as a field of a module of the site's own (`author: config.authorName`, with
    `const config = require('./data/siteConfig')`): that file's name and the field's text in it. None when either
    is not written out."""
    field = _JS_AUTHOR_FIELD.search(text)
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
        other = _script_text(site, path) or ""
        value = re.search(rf"""\b{re.escape(field.group("key"))}\s*:\s*(["'`])(?P<name>[^"'`\n]+)\1""", other)
        return (path.resolve().relative_to(site.root.resolve()).as_posix(), value) if value else None
    return None


def _read_gatsby(site: SiteConfig) -> None:
    """The site's author, and the folders gatsby-source-filesystem reads (`sources`), from which a page's address
    is made. Read as text: a folder computed in code is not found."""
    _read_js_author(site)
    for name in MARKERS["gatsby"]:
        text = _script_text(site, site.root / name)
        if text is None:
            continue
        written = [match.group("folder") for match in _GATSBY_PATH_TEXT.finditer(text)]
        for match in _GATSBY_PATH_JOIN.finditer(text):
            written.append("/".join(_JS_STRING.findall(match.group("parts"))))
        folders = (PurePosixPath(folder.strip()).as_posix() for folder in written)
        inside = {folder for folder in folders if folder != "." and not folder.startswith("/") and ".." not in folder}
        site.config["sources"] = sorted(inside, key=len, reverse=True)  # the deepest folder that holds a page wins
        break
    for name in ("gatsby-node.js", "gatsby-node.ts", "gatsby-node.mjs"):
        text = _script_text(site, site.root / name)
        if text is not None and (match := _GATSBY_PAGE_PATH.search(text)):
            # Each page is made at the front-matter field it names, inside the text around it.
            site.config["page_path"] = {
                "key": match.group("key"),
                "before": match.group("before") or "",
                "after": match.group("after") or "",
            }
            return


def _read_eleventy(site: SiteConfig) -> None:
    for name in MARKERS["eleventy"]:
        # Only the input and data folders, and only when written as plain strings: Folio runs no JavaScript.
        text = _script_text(site, site.root / name)
        if text is not None:
            match = _JS_INPUT.search(text)
            site.config = {"input": match.group(1)} if match else {}
            folders = _ELEVENTY_DIR.search(text)
            data_dir = _JS_DATA_DIR.search(folders.group("entries")) if folders else None
            if data_dir:
                site.config["data"] = data_dir.group(1)
            break
    # Eleventy's data folder is inside its input folder.
    folder = PurePosixPath(str(site.config.get("input", ".")))
    data_folder = PurePosixPath(str(site.config.get("data", "_data")))
    in_data = [(data_folder / name).as_posix() for name in ELEVENTY_DATA]
    names = [(folder / name).as_posix() for name in in_data] if folder.parts else []
    for name in dict.fromkeys([*names, *in_data]):
        if ".." in PurePosixPath(name).parts:
            continue
        path = site.root / name
        if path.is_file() and name.endswith(".json"):
            data = _load(site, path)
            # Hylia's starter names the site's author `authorName`.
            site.author = _person(data.get("author")) or _person(data.get("authorName"))
            if site.author:
                site.config_file = name
                return
        elif path.is_file():
            _read_js_author(site, (name,))
            if site.author:
                return


def _read_astro(site: SiteConfig) -> None:
    """Where each content collection's entries are (`collections`: base folder -> name, for glob loaders), the
    page routes that show one entry each (`routes`: folder parts under src/pages, with the collections the route
    names), the collections some page with a parameter in its path asks for (`paged`), the languages whose
    folders hold translations and AstroWind's blog settings. Read as text: Folio runs no JavaScript, so a base
    or a name computed in code is not found."""
    astro_config = next(
        (text for name in MARKERS["astro"] if (text := _script_text(site, site.root / name)) is not None), None
    )
    if astro_config is not None:
        _read_astro_locales(site, astro_config)
        _read_astrowind(site, astro_config)
    _read_js_author(site, ASTRO_SITE_FILES)
    collections: dict[str, str] = {}
    for name in ASTRO_CONTENT_CONFIGS:
        text = _script_text(site, site.root / name)
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
        text = _script_text(site, path) or ""
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
        elif _is_language_code(folder):
            site.languages.append(folder)
    listed = _JS_LOCALE_LIST.search(text)
    if not site.languages and listed:
        codes = _JS_STRING.findall(listed.group("list"))
        site.languages = [code.lower() for code in codes if _is_language_code(code)]
    default = _JS_DEFAULT_LOCALE.search(text)
    if default and not site.default_language and _is_language_code(default.group("code")):
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
    settings = _merged(ASTROWIND_DEFAULTS, _load(site, path, yaml_loader=_Yaml12ConfigLoader))
    own = _mapping(settings.get("site"))
    blog = _mapping(_mapping(settings.get("apps")).get("blog"))
    post = _mapping(blog.get("post"))
    # An empty permalink falls back to the blog list's path, as the theme's src/utils/permalinks.ts does.
    permalink = post.get("permalink") or f"{_mapping(blog.get('list')).get('pathname') or ''}/%slug%"
    site.config["astrowind"] = {
        "post_permalink": str(permalink) if blog.get("isEnabled") and post.get("isEnabled") else None,
        "base": str(own.get("base") or "/"),
        "trailing_slash": bool(own.get("trailingSlash")),
    }


def _mapping(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _is_language_code(text: str) -> bool:
    """A locale such as `de` or `pt-BR`, whose language Django knows (not any short word a config may hold)."""
    code = text.lower()
    return bool(_LANGUAGE_CODE.fullmatch(code)) and code.split("-")[0] in _KNOWN_PRIMARY


def served_under(site: SiteConfig) -> str:
    """The path the site was served under, as its config gives it (`/blog`, or '' for a site at its host's top):
    Jekyll's baseurl (else the path of its url, `https://someone.github.io/notes`, which its absolute addresses
    start with), the path of Hugo's baseURL or of MkDocs' site_url."""
    key = {"jekyll": "baseurl", "hugo": "baseURL", "mkdocs": "site_url"}.get(site.generator)
    value = site.config.get(key) if key else None
    if site.generator == "hugo" and value is None:
        value = site.config.get("baseurl")
    if site.generator == "jekyll" and not (isinstance(value, str) and value.strip("/ ")):
        value = site.config.get("url")
    path = urlsplit(value).path if isinstance(value, str) else ""
    return "/" + path.strip("/") if path.strip("/") else ""


def served_from(site: SiteConfig) -> frozenset[str]:
    """The hosts the site was served from, as its config gives them (Hugo's baseURL, Jekyll's url, MkDocs'
    site_url), in lower case."""
    keys = ("baseURL", "baseurl", "url", "site_url")
    hosts = (urlsplit(str(site.config.get(key) or "")).netloc.lower() for key in keys)
    return frozenset(host for host in hosts if host)


def emoji_in_titles(site: SiteConfig) -> bool:
    """Whether the site shows a `:shortcode:` in a page's title as its emoji: a Jekyll site with jemoji, which
    turns the shortcodes of a page's whole output, its layout's heading included, into emoji."""
    if site.generator != "jekyll":
        return False
    listed = [site.config.get(key) for key in ("plugins", "gems")]  # `gems` is Jekyll's older name for it
    return any(isinstance(names, list) and "jemoji" in names for names in listed)


def mkdocs_plugin_options(config: dict, *names: str) -> dict | None:
    """The options of the first of these MkDocs plugins that mkdocs.yml lists and does not turn off (empty when
    it is listed bare); None when none is on. `plugins` is a list or a mapping of names to options."""
    return _mkdocs_listed_options(config.get("plugins"), names)


def mkdocs_extension_options(config: dict, *names: str) -> dict | None:
    """The options of the first of these Markdown extensions that mkdocs.yml's `markdown_extensions` lists, as
    mkdocs_plugin_options() reads plugins."""
    return _mkdocs_listed_options(config.get("markdown_extensions"), names)


def _mkdocs_listed_options(listed: object, names: tuple[str, ...]) -> dict | None:
    listed = listed or []
    if isinstance(listed, dict):
        # zensical.toml's tables: `[project.markdown_extensions.pymdownx.snippets]` nests the dotted name.
        listed = {**{name: options for name in names if (options := _dotted(listed, name)) is not None}, **listed}
    entries = [{name: options} for name, options in listed.items()] if isinstance(listed, dict) else listed
    for entry in entries if isinstance(entries, list) else []:
        for name in names:
            if entry == name or (isinstance(entry, dict) and name in entry):
                options = entry[name] if isinstance(entry, dict) and isinstance(entry[name], dict) else {}
                return None if options.get("enabled") is False else options
    return None


def _dotted(table: dict, name: str) -> object:
    """What a TOML table holds under a dotted name (`pymdownx.snippets`) written as nested tables, or None."""
    for part in name.split("."):
        if not isinstance(table, dict) or part not in table:
            return None
        table = table[part]
    return table


def mkdocs_blog_options(config: dict) -> dict | None:
    """The options of MkDocs Material's blog plugin; None when it is off."""
    return mkdocs_plugin_options(config, "blog", "material/blog")


def _mkdocs_authors_file(site: SiteConfig) -> Path | None:
    """Where the blog plugin reads its authors: `authors_file`, by default `.authors.yml` in the blog's folder."""
    options = mkdocs_blog_options(site.config) if site.generator == "mkdocs" and site.root else None
    if options is None:
        return None
    blog = str(options.get("blog_dir") or "blog").strip("/")
    written = str(options.get("authors_file") or "{blog}/.authors.yml").replace("{blog}", blog)
    return site.root / str(site.config.get("docs_dir") or "docs") / written


def _read_authors(site: SiteConfig, path: Path) -> None:
    """Ids and their people: at the top (Docusaurus, Jekyll's and Hugo's data files), under an `authors:` key
    (MkDocs Material), or a list of people each known by its `id` or its name (Gatsby's author.yaml)."""
    if not path.is_file():
        return
    data = _load(site, path, top_list=True)
    if isinstance(data, list):
        data = {entry.get("id") or entry.get("name"): entry for entry in data if isinstance(entry, dict)}
    entries = data.get("authors") if isinstance(data.get("authors"), dict) else data
    for key, value in entries.items():
        _add_person(site, key, value, source=path)


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
            _add_person(site, path.stem, _load(site, path), source=path)


def _add_person(site: SiteConfig, key: object, value: object, *, source: Path) -> None:
    person = _person(value)
    if isinstance(key, str) and person is not None:
        person.source = source
        site.authors.setdefault(key, person)
