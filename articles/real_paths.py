"""A path with every link followed, which no path an imported file writes can make raise.

A module of its own because most steps of reading an imported site (its folders, includes, snippets, links, old
addresses and images) use it to tell whether a file is inside the folder it must be in. An import asks it of each
file several times, and each answer costs a system call for each folder in the path: within `kept_for_run()` each
path is followed once. The site's files do not move while an import reads them.
"""

import contextlib
import os
from contextvars import ContextVar
from pathlib import Path

_followed: ContextVar[dict[str, Path] | None] = ContextVar("followed_paths", default=None)


def real_path(path: Path) -> Path:
    """The path with every link followed, like Path.resolve(), which in Python 3.11 raises RuntimeError on a
    link loop: here the loop stays a path, and fails like a missing file when it is opened. So does a name with a
    NUL in it (written as %00 in a link), which no file can have."""
    followed = _followed.get()
    if followed is None:
        return _follow(path)
    key = os.fspath(path)
    found = followed.get(key)
    if found is None:
        found = followed[key] = _follow(path)
    return found


def _follow(path: Path) -> Path:
    try:
        return Path(os.path.realpath(path))
    except ValueError:
        return Path(os.path.abspath(path))


@contextlib.contextmanager
def kept_for_run():
    """Within: each path's real path is worked out once (an import run, a worker of one)."""
    token = _followed.set({})
    try:
        yield
    finally:
        _followed.reset(token)
