"""Which files an import takes from the paths it is given, under which import root, and in what order.

Apart from the rest of the import because it is the one part that looks at the folders before any file is read:
its answer fixes the run's order (of two files asking for one slug the first keeps it) and where each site's
configuration is looked for, and it needs no database.
"""

import os
from collections.abc import Iterable
from pathlib import Path

from .real_paths import real_path

# MDX is read as the Markdown it holds, its JavaScript taken out (mdx.py).
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")


def is_markdown(path: Path) -> bool:
    return path.name.lower().endswith(MARKDOWN_SUFFIXES)


def skip_reason(path: Path) -> str | None:
    if path.is_dir():  # find_files lists only links to folders outside the root
        return f"a link to the folder {real_path(path)}, outside the import root; nothing in it was read"
    return None


def find_files(paths: Iterable[str | Path], *, root: str | Path | None = None) -> list[tuple[Path, Path | None]]:
    """(file, import root) pairs, those in fewest folders first and then in path order; the root is None for a
    file that is skipped.

    The run takes files in this order, and of two files asking for one slug the first keeps it (import_slugs.py):
    the page at the top of a site (`upgrade.md`) rather than a section's page of that name (`insiders/upgrade.md`).

    Without `root`, a folder is the root of the files in it and a named file's root is its own folder.
    """
    common_root = real_path(Path(root)) if root is not None else None
    found: dict[Path, tuple[Path, Path | None]] = {}
    for given in map(Path, paths):
        if not given.exists():
            raise FileNotFoundError(f"{given}: no such file or folder")
        if common_root is not None and not real_path(given).is_relative_to(common_root):
            raise ValueError(f"{given} is not inside the import root {root}")
        if given.is_dir():
            folder_root = real_path(common_root or given)
            for folder, dirs, names in os.walk(given):
                dirs[:] = [name for name in dirs if not name.startswith(".")]  # .git and editor folders
                # os.walk does not follow links to folders; one leading out of the root is said so, not ignored.
                for name in dirs:
                    path = Path(folder, name)
                    if path.is_symlink() and not real_path(path).is_relative_to(folder_root):
                        found.setdefault(real_path(path), (path, None))
                for name in names:
                    path = Path(folder, name)
                    if is_markdown(path):
                        found.setdefault(real_path(path), (path, common_root or given))
                    elif skip_reason(path):
                        found.setdefault(real_path(path), (path, None))
        else:
            own_root = common_root or given.parent
            found.setdefault(real_path(given), (given, own_root if is_markdown(given) else None))
    return sorted(found.values(), key=lambda pair: (len(pair[0].parts), str(pair[0])))


def site_starts(paths: Iterable[str | Path], *, root: str | Path | None = None) -> dict[Path, Path]:
    """Where the site of each import root is looked for from (its real path -> a folder): the first folder given
    under it. A generator finds its config above the content it builds, so `docs/en/docs` with `--root` at the
    repository's top still finds `docs/en/mkdocs.yml`."""
    starts: dict[Path, Path] = {}
    for given in map(Path, paths):
        folder = given if given.is_dir() else given.parent
        starts.setdefault(real_path(Path(root) if root is not None else folder), folder)
    return starts
