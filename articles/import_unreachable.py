"""The links of an import's articles to articles of this site that readers cannot reach (unreachable_links.py),
named in each file's warnings once the whole run is written.

Checked at the end, so that a link between two of the run's files finds the other article whatever order they came
in, and all together, so that a run of thousands of files asks a query for each few thousand addresses, not one a
file. A link the import already named as left as written (import_links.py) is not named again.

An unchanged file's article is checked too, from its stored body: the article a link leads to may have been
published, deleted or rescheduled since, and an operator imports again to see what is left to fix.
"""

from collections.abc import Collection
from urllib.parse import unquote

from .import_results import FileResult
from .models import Article
from .unreachable_links import Linked, linked_in, unreachable_of_each


class RunUnreachable:
    """The links to check of each published or scheduled article the run wrote."""

    def __init__(self):
        self.written: list[tuple[FileResult, Article, Linked]] = []

    def add(self, article: Article, *, result: FileResult, left: Collection[str] = ()) -> None:
        """Keep the links of `article`, saved from `result`'s file (in this run or, when it is unchanged, an earlier
        one), but for those in `left` (import_links)."""
        left_as_written = {unquote(address) for address in left}
        linked = {
            path: link
            for path, link in linked_in(article=article, body_html=article.body_html).items()
            if link[0] not in left_as_written
        }
        if linked:
            # Only what the check reads of the article: a run of many files does not hold every body until its end.
            linking = Article(
                pk=article.pk, slug=article.slug, status=article.status, publish_date=article.publish_date
            )
            self.written.append((result, linking, linked))

    def warn(self) -> None:
        """Name each link that leads nowhere in the warnings of its file."""
        found = unreachable_of_each(linked_each=[(article, linked) for _, article, linked in self.written])
        for (result, _, _), links in zip(self.written, found, strict=True):
            result.warnings.extend(f"link '{link.address}' leads nowhere yet: {link.reason}" for link in links)
        self.written = []
