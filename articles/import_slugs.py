"""The slug of a file whose own is another file's: a generator's addresses have folders, Folio's do not.

`about/introduction.md` and `getting-started/introduction.md` were two pages of one Hugo site, at two
addresses; in Folio both would be /articles/introduction/. The file that asks first (the one in fewest folders,
then by path: find_files) or was imported earlier keeps the slug, and the other is named after its folders too
(`getting-started-introduction`), with a number when that is taken as well or it is in no folder
(`upgrade-2`). A file that already has one of these keeps it, so that importing the site again finds every
article where it was.
"""

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import count, islice

from django.utils.text import slugify

# How far a slug's number is looked for among a file's alternatives (a higher one is not taken for one of them).
MAX_NUMBER = 10_000


def alternatives(slug: str, *, folders: list[str], max_length: int) -> Iterator[str]:
    """The slugs a file may have instead of `slug`: its folders in front (as many as fit), then numbered."""
    room = max(max_length - len(slug) - 1, 0)
    prefix = slugify(" ".join(folders), allow_unicode=True)[:room].strip("-")
    named = f"{prefix}-{slug}" if prefix else slug
    if named != slug:
        yield named
    for number in count(2):
        suffix = f"-{number}"
        yield named[: max_length - len(suffix)].strip("-") + suffix


def unique_slug(
    slug: str,
    *,
    source: str,
    folders: Callable[[], list[str]],
    holder: Callable[[str], str | None],
    held: Iterable[str],
    renamable: bool,
    max_length: int,
) -> str:
    """The slug the file at `source` gets: `slug`, unless another file has it (`holder` gives the source path
    holding a slug, "" for an article made in the admin, None for a free one) and `renamable` allows another.

    An article made in the admin, and a slug that may not be renamed, keep `slug`: the import refuses it.
    `folders` gives the file's folders, asked for only when the file may need them.
    """
    owner = holder(slug)
    if owner == source:
        return slug
    for kept in sorted(held):  # one the file was given before, though its own may be free now
        number = re.search(r"-(\d+)$", kept)
        limit = min(int(number.group(1)) if number else 1, MAX_NUMBER)
        if kept in islice(alternatives(slug, folders=folders(), max_length=max_length), limit):
            return kept
    if not owner or not renamable:
        return slug
    options = alternatives(slug, folders=folders(), max_length=max_length)
    return next(option for option in options if holder(option) in (None, source))


class RunSlugs:
    """Every article's slug and source path, and the slugs this run's files were given, as the run goes."""

    def __init__(self, articles: Iterable[tuple[str, str]]):
        self.slugs: dict[str, str] = {}  # slug -> source path, for every article
        self.claimed: dict[str, str] = {}  # slug -> source path, for the files of this run given it
        self.sources: dict[str, set[str]] = {}  # source path -> slugs
        for slug, source in articles:
            self.remember(slug, source)

    def __contains__(self, slug: str) -> bool:
        """Whether an article has `slug`."""
        return slug in self.slugs

    def remember(self, slug: str, source: str) -> None:
        self.slugs[slug] = source
        if source:
            self.sources.setdefault(source, set()).add(slug)

    def holder(self, slug: str) -> str | None:
        """The source path of the article or the file of this run that has `slug` ("" for an article made in the
        admin); None when it is free."""
        return self.slugs[slug] if slug in self.slugs else self.claimed.get(slug)

    def claim(self, slug: str, *, source: str) -> None:
        """Give a free `slug` to the file at `source`, so that no later file of the run is given it too."""
        if self.holder(slug) is None:
            self.claimed[slug] = source
