"""A path with every link followed, which no path an imported file writes can make raise.

A module of its own because most steps of reading an imported site (its folders, includes, snippets, links, old
addresses and images) use it to tell whether a file is inside the folder it must be in.
"""

import os
from pathlib import Path


def real_path(path: Path) -> Path:
    """The path with every link followed, like Path.resolve(), which in Python 3.11 raises RuntimeError on a
    link loop: here the loop stays a path, and fails like a missing file when it is opened. So does a name with a
    NUL in it (written as %00 in a link), which no file can have."""
    try:
        return Path(os.path.realpath(path))
    except ValueError:
        return Path(os.path.abspath(path))
