"""What an Eleventy site's config says (its input, data and includes folders, written as plain strings in the
`dir` of .eleventy.js or eleventy.config.js), and the site's author, from its global data files.

Starters name the author in different shapes: `author` (or Hylia's `authorName`) in `metadata` or `site`, or in
any other data file; a data file of its own, `author.json`; or only a value the site's templates print as the
author (`<span class="author">{{ site.name }}</span>`, an include named `author.liquid`), where `name` alone would
as often be the site's. The data is read as data (JSON, YAML) or as text (JavaScript), the templates as text:
Folio runs neither.
"""

import posixpath
import re
from pathlib import Path, PurePosixPath

from .config_files import MARKERS, load_config, script_text
from .script_configs import read_js_author
from .site_authors import add_person
from .site_config import Person, SiteConfig, person_from

_ELEVENTY_DIR = re.compile(r"\bdir\s*:\s*\{(?P<entries>[^{}]*)\}")

# Where starters usually name the author, read before the data folder's other files.
FIRST_DATA = ("metadata", "site")
DEFAULT_INCLUDES = (("includes", "_includes"), ("layouts", "_includes"))
DATA_SUFFIXES = (".json", ".yaml", ".yml", ".js", ".cjs", ".mjs")
TEMPLATE_SUFFIXES = (".liquid", ".njk", ".html", ".hbs", ".webc", ".md")
# A data folder or an includes folder of more files than this is read no further.
MAX_FILES = 200
# A data file's value printed by a template: `{{ site.name }}`, a filter after it or not.
_OUTPUT = re.compile(r"\{\{-?\s*(?P<file>[A-Za-z_$][\w$]*)\.(?P<key>[A-Za-z_$][\w$]*)\s*(?:\|[^{}]*)?-?\}\}")
_AUTHOR = re.compile("author", re.IGNORECASE)


def read_eleventy(site: SiteConfig) -> None:
    """The input folder (`input`) and data folder (`data`) the config names, and the site's author. The data and
    includes folders are inside the input folder (`_data`, `_includes` unless `dir` says)."""
    entries = ""
    for name in MARKERS["eleventy"]:
        text = script_text(site, site.root / name)
        if text is not None:
            found = _ELEVENTY_DIR.search(text)
            entries = found.group("entries") if found else ""
            input_folder = _dir_entry(text, "input")
            site.config = {"input": input_folder} if input_folder else {}
            if data := _dir_entry(entries, "data"):
                site.config["data"] = data
            break
    folder = PurePosixPath(str(site.config.get("input", ".")))
    data = PurePosixPath(str(site.config.get("data", "_data")))
    includes = [PurePosixPath(_dir_entry(entries, key) or default) for key, default in DEFAULT_INCLUDES]
    # An older site may keep its data folder at its top, outside the input folder it names. Eleventy resolves the
    # folders from the input folder: the base blog's `data: "../_data"` beside `input: "content"` is `_data`.
    data_folders = [posixpath.normpath(folder / data), data.as_posix()] if folder.parts else [data.as_posix()]
    include_folders = [posixpath.normpath(folder / name) for name in includes]
    data_folders = list(dict.fromkeys(data_folders))
    read_eleventy_author(site, data_folders=data_folders, include_folders=include_folders)
    read_eleventy_people(site, data_files=[name for folder in data_folders for name in _data_files(site, folder)])
    # Layouts give the pages using them the permalink of their own front matter (permalinks.py reads it).
    layouts = _dir_entry(entries, "layouts") or _dir_entry(entries, "includes") or "_includes"
    site.config["layouts"] = posixpath.normpath(folder / layouts)


# The keys a list of people gives each its id by, which a post's `author:` names.
PERSON_IDS = ("id", "slug", "key", "username")


def read_eleventy_people(site: SiteConfig, *, data_files: list[str]) -> None:
    """The people posts name by id (`author: mira`), into `site.authors`: the `authors` of a JSON or YAML global
    data file (smix's `site.json`), a list of people each known by its id (or its name), or a mapping of ids to
    people."""
    for name in data_files:
        if Path(name).suffix not in (".json", ".yaml", ".yml"):
            continue
        people = load_config(site, site.root / name).get("authors")
        if isinstance(people, list):
            people = {
                next((entry[key] for key in PERSON_IDS if isinstance(entry.get(key), str)), entry.get("name")): entry
                for entry in people
                if isinstance(entry, dict)
            }
        for key, value in people.items() if isinstance(people, dict) else ():
            add_person(site, key, value, source=site.root / name)


def _dir_entry(text: str, key: str) -> str:
    """A folder `dir` names (`input: "src"`), as written; '' when it is not written as a plain string."""
    match = re.search(rf"""\b{key}\s*:\s*["'`]([^"'`\n]+)["'`]""", text)
    return match.group(1) if match else ""


def read_eleventy_author(site: SiteConfig, *, data_folders: list[str], include_folders: list[str]) -> None:
    """`site.author` (and `site.config_file`, the file that named it) from the data folders (relative to the
    site, the first that names an author wins), else from the value the templates of the include folders show
    as the author. Left alone when none names one."""
    data_files = [name for folder in data_folders for name in _data_files(site, folder)]
    for name in data_files:
        path = site.root / name
        if path.suffix in (".json", ".yaml", ".yml"):
            data = load_config(site, path)
            found = person_from(data.get("author")) or person_from(data.get("authorName"))
            if found is None and path.stem == "author":
                found = person_from(data)
            if found is not None:
                site.author, site.config_file = found, name
                return
        else:
            # As a JSON file's `author` is its own key, not a record's in a list of them.
            read_js_author(site, (name,), in_lists=False)
            if site.author:
                return
    shown = _shown_author(site, data_files=data_files, include_folders=include_folders)
    if shown is not None:
        site.author, site.config_file = shown


def _data_files(site: SiteConfig, folder: str) -> list[str]:
    """The data files of one folder, relative to the site: `metadata` and `site` first, then the others by name."""
    if ".." in PurePosixPath(folder).parts or not (site.root / folder).is_dir():
        return []
    try:
        paths = sorted(path for path in (site.root / folder).iterdir() if path.suffix in DATA_SUFFIXES)
    except OSError:
        return []
    paths = [path for path in paths[:MAX_FILES] if path.is_file()]
    paths.sort(key=lambda path: FIRST_DATA.index(path.stem) if path.stem in FIRST_DATA else len(FIRST_DATA))
    return [(PurePosixPath(folder) / path.name).as_posix() for path in paths]


def _shown_author(site: SiteConfig, *, data_files: list[str], include_folders: list[str]) -> tuple[Person, str] | None:
    """The person a template prints as the author, from a data file, and that file's name: a value printed in
    an include named after the author, or inside a tag that names the author (its class, `rel`, `itemprop`, a
    `<meta name="author">`). Only a JSON or YAML file's text that is no address is taken."""
    values = {}
    for name in data_files:
        if Path(name).suffix in (".json", ".yaml", ".yml"):
            values.setdefault(Path(name).stem, (name, load_config(site, site.root / name)))
    if not values:
        return None
    for path in _templates(site, include_folders):
        text = script_text(site, path) or ""
        for match in _OUTPUT.finditer(text):
            name, data = values.get(match.group("file"), ("", {}))
            value = data.get(match.group("key"))
            if not isinstance(value, str) or not value.strip() or ":" in value or "/" in value or "@" in value:
                continue
            if _AUTHOR.search(path.stem) or _AUTHOR.search(_enclosing_tag(text, match.start())):
                return Person(name=value.strip()), name
    return None


def _enclosing_tag(text: str, at: int) -> str:
    """The HTML tag whose attributes hold the text at `at`, else the opening tag of the element whose text it is
    ('' when neither: a closing tag, or no tag before it)."""
    opened, closed = text.rfind("<", 0, at), text.rfind(">", 0, at)
    if opened < 0:
        return ""
    if opened > closed:
        end = text.find(">", at)
        return text[opened : end if end >= 0 else len(text)]
    tag = text[opened : closed + 1]
    return "" if tag.startswith("</") else tag


def _templates(site: SiteConfig, folders: list[str]) -> list[Path]:
    """The template files of the include folders, relative to the site, by name: at most MAX_FILES."""
    found: list[Path] = []
    for folder in dict.fromkeys(folders):
        if ".." in PurePosixPath(folder).parts or not (site.root / folder).is_dir():
            continue
        try:
            paths = sorted((site.root / folder).rglob("*"))[:MAX_FILES]
        except OSError:
            continue
        found += [path for path in paths if path.suffix in TEMPLATE_SUFFIXES and path.is_file()]
    return found[:MAX_FILES]
