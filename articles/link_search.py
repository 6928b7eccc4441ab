"""The link dialog's search: the site's articles whose titles hold the words a writer types, newest first.

Each comes with its address on the site, relative so that a link to it survives a change of domain, and with
whether readers can follow that link yet: a draft's or a scheduled article's address leads nowhere until it is
published.
"""

from django.db.models.functions import Coalesce
from django.utils import dateformat, timezone

from .models import Article
from .search import MAX_TERMS, title_has_words

LIMIT = 8
MAX_QUERY_LENGTH = 100


def link_targets(*, query: str, exclude: int | None = None, limit: int = LIMIT) -> list[dict]:
    """The articles whose titles hold every word of `query`, newest first (a draft by when it was begun), but the
    one whose id is `exclude` (the article being written, which has no need to link to itself); none for a blank
    query. One query."""
    words = " ".join(query.split())[:MAX_QUERY_LENGTH].split()[:MAX_TERMS]
    if not words:
        return []
    found = Article.objects.filter(title_has_words(words))
    if exclude is not None:
        found = found.exclude(pk=exclude)
    articles = found.only("title", "slug", "status", "publish_date", "created_date").order_by(
        Coalesce("publish_date", "created_date").desc(), "-id"
    )
    return [describe(article) for article in articles[:limit]]


def describe(article: Article) -> dict:
    """What the link dialog offers and inserts for one article."""
    if article.is_published():
        state, note = "published", f"Published {day(article.publish_date)}"
    elif article.is_scheduled():
        state = "scheduled"
        note = f"Scheduled for {day(article.publish_date)}: the link leads readers nowhere until then"
    elif article.status == Article.Status.PUBLISHED:
        state, note = "undated", "Published without a date: the link leads readers nowhere until it has one"
    else:
        state = article.status
        note = f"{article.get_status_display()}: the link leads readers nowhere until it is published"
    return {"title": article.title, "url": article.get_absolute_url(), "state": state, "note": note}


def day(moment) -> str:
    return dateformat.format(timezone.localtime(moment), "j M Y")
