"""Which imported articles are translations of one another, linked once every file of the run is in.

Apart from writing each article because a file may name a translation that a later file makes: the links wait
for the end of the run, whatever order the files came in.
"""

from django.conf import settings

from .frontmatter import FrontMatter
from .import_results import FileResult
from .models import Article
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
        for result, pk, slugs in self.listed:
            found = dict(Article.objects.filter(slug__in=slugs).exclude(pk=pk).values_list("slug", "pk"))
            for slug in slugs:
                if slug not in found:
                    result.warnings.append(f"translations: there is no article '{slug}' to link to")
            Article.objects.get(pk=pk).translations.set(found.values())
        for group in self.groups.values():
            if len(group) > 1:
                for pk in group.values():
                    Article.objects.get(pk=pk).translations.add(*(other for other in group.values() if other != pk))
