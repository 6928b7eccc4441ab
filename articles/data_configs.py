"""What Hugo's, Jekyll's and MkDocs' configs say: data files (TOML, YAML, JSON), merged as each generator merges
them.

Hugo's config may be spread over config/_default and a file per language, an mkdocs.yml may INHERIT another, and
Zensical's zensical.toml holds MkDocs' settings under [project]. Apart from script_configs.py because these
configs are data, parsed whole, where a JavaScript config can only be searched as text.
"""

from pathlib import Path

from .config_files import (
    HUGO_DEFAULT_DIR,
    HUGO_FILES,
    MARKERS,
    Yaml12ConfigLoader,
    as_mapping,
    deep_merged,
    load_config,
)
from .site_authors import add_person
from .site_config import LANGUAGE_CODE, SiteConfig, hugo_setting, mkdocs_blog_options, person_from

MAX_INHERIT_DEPTH = 5  # configs an mkdocs.yml may stack by INHERIT, each naming the next


def _load_hugo(site: SiteConfig, path: Path) -> dict:
    return load_config(site, path, yaml_loader=Yaml12ConfigLoader)


def read_hugo(site: SiteConfig) -> None:
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
    site.author = person_from(params.get("author")) or person_from(hugo_setting(config, "author"))
    default = hugo_setting(config, "defaultContentLanguage")
    site.default_language = default.lower() if isinstance(default, str) else ""
    languages = hugo_setting(config, "languages")
    if site.author is None and isinstance(languages, dict):
        # The site's own language's author (its [params.author]), when the site names none for every language.
        own = {str(code).lower(): settings for code, settings in languages.items()}.get(site.default_language or "en")
        own_params = own.get("params") if isinstance(own, dict) else None
        site.author = person_from(own_params.get("author")) if isinstance(own_params, dict) else None
        if site.author is not None:
            site.config_file = own_files.get(site.default_language or "en", site.config_file)
    if isinstance(languages, dict):
        for code, settings in languages.items():
            if isinstance(code, str) and LANGUAGE_CODE.fullmatch(code.lower()):
                site.languages.append(code.lower())
                if isinstance(settings, dict) and isinstance(settings.get("contentDir"), str):
                    site.language_dirs[settings["contentDir"].strip("/")] = code.lower()
    if site.default_language and site.languages and site.default_language not in site.languages:
        site.languages.append(site.default_language)


def read_jekyll(site: SiteConfig) -> None:
    for name in MARKERS["jekyll"]:
        if (site.root / name).is_file():
            site.config_file = name
            site.config = load_config(site, site.root / name)
            site.author = person_from(site.config.get("author"))
            # Themes such as Mediumish describe their authors in the config, as others do in _data/authors.yml.
            if isinstance(site.config.get("authors"), dict):
                for key, value in site.config["authors"].items():
                    add_person(site, key, value, source=site.root / name)
            break


def mkdocs_variants(folder: Path) -> list[str]:
    """Config files a site builds with `mkdocs build -f` (mkdocs-online.yml, mkdocs.insiders.yml), by name."""
    return sorted(path.name for path in folder.glob("mkdocs[-._]*.y*ml") if path.suffix in (".yml", ".yaml"))


def read_mkdocs(site: SiteConfig) -> None:
    for name in MARKERS["mkdocs"]:
        if (site.root / name).is_file():
            site.config_file = name
            site.config = _load_mkdocs(site, site.root / name)
            break
    else:
        # No mkdocs.yml: of the site's other configs, the one that publishes the blog, else the first by name.
        configs = {name: _load_mkdocs(site, site.root / name) for name in mkdocs_variants(site.root)}
        if configs:
            blogs = [name for name, config in configs.items() if mkdocs_blog_options(config) is not None]
            site.config_file = blogs[0] if blogs else min(configs)
            site.config = configs[site.config_file]
    site.author = person_from(site.config.get("site_author"))


def _load_mkdocs(site: SiteConfig, path: Path, *, depth: int = 0) -> dict:
    """An mkdocs.yml with the config it names by INHERIT under it, merged as MkDocs merges them (mappings key by
    key, anything else replaced), from files inside the site only. A zensical.toml holds the same settings
    under its [project] table."""
    config = load_config(site, path)
    if path.suffix == ".toml":
        return as_mapping(config.get("project"))
    parent = config.pop("INHERIT", None)
    if isinstance(parent, str) and depth < MAX_INHERIT_DEPTH:
        parent_path = path.parent / parent
        if parent_path.resolve().is_relative_to(site.root.resolve()) and parent_path.is_file():
            config = deep_merged(_load_mkdocs(site, parent_path, depth=depth + 1), config)
    return config
