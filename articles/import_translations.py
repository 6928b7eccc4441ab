"""Which imported articles are translations of one another, linked once every file of the run is in.

Apart from writing each article because a file may name a translation that a later file makes: the links wait
for the end of the run, whatever order the files came in.
"""

import contextlib

from django.conf import settings

from . import old_addresses
from .frontmatter import FrontMatter
from .import_results import FileResult
from .models import Article
from .site_config import is_language_code
from .site_pages import Place


class RunTranslations:
    """The run's articles by the translations they name, and by the page they are each a language of."""

    def __init__(self):
        self.listed: list[tuple[FileResult, int, list[str]]] = []  # (its report, article pk, slugs it names)
        self.groups: dict[str, dict[str, int]] = {}  # translation key -> language -> article pk

    def add(self, fm: FrontMatter, *, place: Place, pk: int, result: FileResult) -> None:
        """An article just saved: the translations its front matter names, and the page it is a language of
        (its translationKey, else its name or folder without the language: site_pages)."""
        if fm.translations is not None:
            self.listed.append((result, pk, fm.translations))
        key = fm.extra.get("translationKey")
        key = f"translationKey:{key}" if isinstance(key, str | int) else place.key
        self.groups.setdefault(key, {}).setdefault((fm.language or settings.LANGUAGE_CODE).lower(), pk)

    def link(self) -> None:
        """Link each article to its translations once every file is in, whatever order they came in."""
        for result, pk, names in self.listed:
            names = _unpaired(names)
            found = {name: other for name in names if (other := _named(name)) is not None and other != pk}
            for name in names:
                if name not in found:
                    result.warnings.append(f"translations: there is no article '{name}' to link to")
            Article.objects.get(pk=pk).translations.set(found.values())
        for group in self.groups.values():
            if len(group) > 1:
                for pk in group.values():
                    Article.objects.get(pk=pk).translations.add(*(other for other in group.values() if other != pk))


def _unpaired(names: list[str]) -> list[str]:
    """The translations a list names: each second entry of a list of pairs of a language and its page (as
    gatsby-starter-i18n-blog writes them, `["es", "es/hola-mundo"]`), else every entry."""
    languages, pages = names[::2], names[1::2]
    paired = len(names) % 2 == 0 and all(map(is_language_code, languages)) and not all(map(is_language_code, pages))
    return pages if names and paired else names


def _named(name: str) -> int | None:
    """The article a translation names: by its slug, or by an address of its page on the old site (`/hello-fr`),
    else by that address's last part as a slug."""
    if "/" not in name:
        return Article.objects.filter(slug=name).values_list("pk", flat=True).first()
    with contextlib.suppress(ValueError):
        path = old_addresses.normalize_path(name)
        if (pk := Article.objects.filter(old_addresses__path=path).values_list("pk", flat=True).first()) is not None:
            return pk
    last = name.rstrip("/").rsplit("/", 1)[-1]
    return Article.objects.filter(slug=last).values_list("pk", flat=True).first() if last else None
