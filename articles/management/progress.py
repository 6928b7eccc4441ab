import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.management.base import BaseCommand


@contextmanager
def progress_bar(
    command: BaseCommand, *, asked: bool, verbosity: int, unit: str, desc: str
) -> Iterator[Callable[[int], None] | None]:
    """A command's progress bar on its stderr, when `--progress` asked for one or a person is watching: the
    function to call with each step done, or None."""
    if not (asked or (verbosity and sys.stderr.isatty())):
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(file=command.stderr, unit=unit, desc=desc)
    try:
        yield bar.update
    finally:
        bar.close()
