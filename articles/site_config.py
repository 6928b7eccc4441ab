"""What a static-site generator's configuration says about the site being imported, once it is read.

SiteConfig is the record each part of an import consults: the site's generator, its config as data, its author,
the authors posts name by id and the languages it declares. The questions asked of it (where the site was served,
which MkDocs plugins and extensions are on, a Hugo setting in any case) are answered here from the record alone.
Finding the site and reading its files is site_finding.py's, so that what a config means is decided in one place
and the parts of an import that only ask never touch the site's files.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import global_settings

from .social_profiles import listed_website, social_profiles

# A folder Folio's export wrote says so in its site.yml (`generator: folio`): its Markdown is the articles' own text,
# which no generator's template language has touched.
FOLIO = "folio"
SITE_FILE = "site.yml"
KNOWN_LANGUAGES = {code.lower() for code, _ in global_settings.LANGUAGES}
_KNOWN_PRIMARY = {code.split("-")[0] for code in KNOWN_LANGUAGES}  # zh of zh-hans, for a locale such as zh-cn
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")
GRAVATAR_HASH = re.compile(r"[0-9a-f]{32}|[0-9a-f]{64}", re.IGNORECASE)  # the MD5 or SHA-256 of an address


@dataclass
class Person:
    name: str
    url: str = ""
    avatar: str = ""  # as written: a path is relative to `source`, the file the person was read from
    bio: str = ""
    source: Path | None = None
    social: dict[str, str] = field(default_factory=dict)  # profiles by network (social_profiles.py)


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
        """The person posts name by `key`: an id of the site's data files, else a person of them or the site's
        author by name."""
        found = self.authors.get(key)
        if found is None:
            # Astroplate's posts name an author by the name their file gives, not by the file's id.
            found = next((person for person in self.authors.values() if person.name == key), None)
        if found is None and self.author is not None and key == self.author.name:
            return self.author
        return found

    def is_language(self, code: str) -> bool:
        code = code.lower()
        if self.languages:
            return code in self.languages
        return code in KNOWN_LANGUAGES


def person_from(value: object) -> Person | None:
    """`Name`, or a mapping with a name (and perhaps url and picture), as configs and front matter write it."""
    if isinstance(value, str) and value.strip():
        return Person(name=value.strip())
    if isinstance(value, dict):
        name = value.get("name") or value.get("display_name")
        if isinstance(name, str) and name.strip():
            # Jasper's authors write their host alone as `url` and the address to link to as `url_full`.
            # Mediumish's authors give their site as `web`.
            keys = ("url", "website", "web", "link", "url_full")
            written = [value[k] for k in keys if isinstance(value.get(k), str)]
            url = next((url for url in written if "://" in url), written[0] if written else "") or listed_website(value)
            avatar = next(
                (value[k] for k in ("avatar", "picture", "image", "image_url") if isinstance(value.get(k), str)),
                "",
            ) or _gravatar(value.get("gravatar"))
            bio = next(
                (value[k] for k in ("bio", "description", "about", "introduction") if isinstance(value.get(k), str)),
                "",
            )
            return Person(
                name=name.strip(),
                url=url.strip(),
                avatar=avatar.strip(),
                bio=bio.strip(),
                social=social_profiles(value),
            )
    return None


def _gravatar(written: object) -> str:
    """The picture Gravatar keeps for the hash a theme's author names (Mediumish's `gravatar:`), else ''."""
    if isinstance(written, str) and GRAVATAR_HASH.fullmatch(written.strip()):
        return f"https://www.gravatar.com/avatar/{written.strip().lower()}"
    return ""


def hugo_setting(config: dict, name: str):
    """A Hugo setting by its name, which Hugo reads in any case (`themesDir`, `themesdir`); None when not set."""
    wanted = name.lower()
    return next((value for key, value in config.items() if str(key).lower() == wanted), None)


def is_language_code(text: str) -> bool:
    """A locale such as `de` or `pt-BR`, whose language Django knows (not any short word a config may hold)."""
    code = text.lower()
    return bool(LANGUAGE_CODE.fullmatch(code)) and code.split("-")[0] in _KNOWN_PRIMARY


def served_under(site: SiteConfig) -> str:
    """The path the site was served under, as its config gives it (`/blog`, or '' for a site at its host's top):
    Jekyll's baseurl (else the path of its url, `https://someone.github.io/notes`, which its absolute addresses
    start with), the path of Hugo's baseURL or of MkDocs' site_url, Gatsby's pathPrefix."""
    key = {"jekyll": "baseurl", "hugo": "baseURL", "mkdocs": "site_url", "gatsby": "pathPrefix"}.get(site.generator)
    value = hugo_setting(site.config, key) if site.generator == "hugo" else site.config.get(key) if key else None
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
