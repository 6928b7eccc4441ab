"""Where a Hugo site's themes are on disk, in the order Hugo reads them: its `theme` setting (a name or a list,
the first first) and then its `module.imports`, each found as Hugo finds a module without going to the network:

- a replacement the site names for it: `module.replacements` ("github.com/a/theme -> ../theme", relative to
  the themes folder) or go.mod's `replace github.com/a/theme => ../theme` (relative to the site);
- the copy `hugo mod vendor` keeps in the site's `_vendor/` folder;
- a folder of that name in the themes folder (`themesDir`, `themes` unless the config says);
- for a theme's example site (`exampleSite/` beside the theme's theme.toml, built with `--themesDir ../..`),
  the theme around it.

A module only in Hugo's module cache, fetched when the site was built, is not found: Folio reads the import root
alone.
"""

import os
import re
from pathlib import Path, PurePosixPath

from .site_config import SiteConfig, hugo_setting

# go.mod's `replace github.com/a/theme => ../theme` (one line, or a line of a `replace ( … )` block) to a folder
# (a path starting with . or /), not to another module version.
_GO_MOD_REPLACE = re.compile(r"^\s*(?:replace\s+)?(?P<module>\S+)(?:\s+v\S+)?\s+=>\s+(?P<folder>[./]\S*)\s*$", re.M)


def hugo_theme_folders(site: SiteConfig) -> list[Path]:
    """The folders of the site's themes that are there, each once, in Hugo's order."""
    if site.generator != "hugo" or site.root is None:
        return []
    themes_dir = hugo_setting(site.config, "themesDir")
    themes_dir = site.root / (themes_dir if isinstance(themes_dir, str) and themes_dir.strip() else "themes")
    replacements = _replacements(site, themes_dir=themes_dir)
    around = site.root.parent if (site.root.parent / "theme.toml").is_file() else None
    folders: list[Path] = []
    for name in _module_names(site.config):
        candidates = [replacements.get(name), site.root / "_vendor" / name, themes_dir / name]
        theme = next((folder for folder in candidates if folder is not None and folder.is_dir()), None)
        if theme is None and around is not None:
            theme, around = around, None
        if theme is not None and theme not in folders:
            folders.append(theme)
    return folders


def _module_names(config: dict) -> list[str]:
    names = hugo_setting(config, "theme")
    names = [names] if isinstance(names, str) else names if isinstance(names, list) else []
    module = hugo_setting(config, "module")
    imports = hugo_setting(module, "imports") if isinstance(module, dict) else None
    for entry in imports if isinstance(imports, list) else []:
        path = hugo_setting(entry, "path") if isinstance(entry, dict) else None
        disabled = hugo_setting(entry, "disable") if isinstance(entry, dict) else None
        if not disabled:
            names.append(path)
    cleaned = (name.strip().strip("/") for name in names if isinstance(name, str))
    # Never a path that leaves the folder it is looked for in.
    return list(dict.fromkeys(name for name in cleaned if name and ".." not in PurePosixPath(name).parts))


def _replacements(site: SiteConfig, *, themes_dir: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    go_mod = site.root / "go.mod"
    if go_mod.is_file():
        text = go_mod.read_text(encoding="utf-8", errors="replace")
        for match in _GO_MOD_REPLACE.finditer(text):
            found.setdefault(match.group("module"), _lexical(site.root / match.group("folder")))
    module = hugo_setting(site.config, "module")
    written = hugo_setting(module, "replacements") if isinstance(module, dict) else None
    pairs = written.split(",") if isinstance(written, str) else written if isinstance(written, list) else []
    for pair in pairs:
        module_path, arrow, folder = str(pair).partition("->")
        if arrow and folder.strip():
            # The config's own replacement wins over go.mod's, as Hugo reads it.
            found[module_path.strip()] = _lexical(themes_dir / folder.strip())
    return found


def _lexical(path: Path) -> Path:
    # As Hugo joins it: `themes/../../road` need not pass through a themes folder that is there.
    return Path(os.path.normpath(path))
