"""A site's config files read within bounds: as data (TOML, YAML, JSON, a Markdown file's front matter) or, when
they are JavaScript or TypeScript, as text.

A config file in the import root is as untrusted as a post: each is read up to MAX_CONFIG_BYTES, YAML with the same
bounded loader as front matter, and nothing runs the site's code. A file that cannot be read is a warning on the
site, never an error. Shared by the readers that say what the files hold (data_configs.py, script_configs.py,
site_authors.py); MARKERS names each generator's config files, in the order the generator itself looks for them.
"""

import json
import re
import tomllib
from pathlib import Path

import yaml

from .front_matter_reading import read_front_matter
from .invalid_file import InvalidFile
from .site_config import SiteConfig
from .yaml_loading import BoundedConstruction, load_yaml

MAX_CONFIG_BYTES = 512 * 1024
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


class ConfigLoader(BoundedConstruction, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML configuration, within front matter's bounds: a config file in the import root is as untrusted as a
    post. mkdocs.yml names Python objects (`!!python/name:…`, `!ENV`): read as nothing, never built."""


ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


class Yaml12ConfigLoader(ConfigLoader):
    """YAML config as Hugo and js-yaml (AstroWind's src/config.yaml) read it, by YAML 1.2's rules: only true and
    false are booleans, so a language keyed `no` is Norwegian, not False. Front matter and other generators'
    configs keep YAML 1.1's yes/no/on/off, as Jekyll's and MkDocs' own readers do."""


Yaml12ConfigLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in ConfigLoader.yaml_implicit_resolvers.items()
}
Yaml12ConfigLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_config(
    site: SiteConfig, path: Path, *, yaml_loader: type = ConfigLoader, top_list: bool = False
) -> dict | list:
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


def deep_merged(base: dict, over: dict) -> dict:
    """`over` laid on `base`: mappings merged key by key, anything else replaced."""
    merged = dict(base)
    for key, value in over.items():
        inner = merged.get(key)
        merged[key] = deep_merged(inner, value) if isinstance(inner, dict) and isinstance(value, dict) else value
    return merged


def script_text(site: SiteConfig, path: Path) -> str | None:
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


def as_mapping(value: object) -> dict:
    return value if isinstance(value, dict) else {}
