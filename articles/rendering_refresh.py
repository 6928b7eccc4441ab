"""Rendering stored text again: after an upgrade of Folio whose rendering learnt more Markdown (a new kind of
note, abbreviations…), every article's and author's stored HTML is made anew from the text as it is now.

Only what is derived from the text changes: no editor's field, no version number (an editor's open form stays
valid), no revision. `updated_at` moves for a row whose HTML changed, so that the API's `updated_since` and
the webhooks announce it, and the database's triggers refresh the readers' pages that show it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from .models import Article, Author
from .rendering import render_markdown

CHUNK = 200
# What Article.refresh_rendering() derives from the body and the hero.
ARTICLE_FIELDS = ("body_html", "toc", "word_count", "read_time_minutes", "hero_image_set")


@dataclass
class RefreshReport:
    articles: int = 0
    articles_changed: int = 0
    authors: int = 0
    authors_changed: int = 0


def refresh_renderings(*, dry_run: bool = False, progress: Callable[[int], None] | None = None) -> RefreshReport:
    """Render every article and author bio again; store those whose HTML changed (none with `dry_run`)."""
    report = RefreshReport()
    for article in _in_chunks(Article.objects.order_by("pk")):
        before = [getattr(article, name) for name in ARTICLE_FIELDS]
        article.refresh_rendering()
        changed = {name: getattr(article, name) for name in ARTICLE_FIELDS}
        report.articles += 1
        if list(changed.values()) != before:
            # Only the text that was rendered: an editor's save in between rendered its own text already.
            same_text = Article.objects.filter(pk=article.pk, version=article.version)
            if dry_run or same_text.update(**changed, updated_at=timezone.now()):
                report.articles_changed += 1
        if progress:
            progress(1)
    for author in _in_chunks(Author.objects.order_by("pk").only("pk", "bio", "bio_html")):
        report.authors += 1
        html = render_markdown(author.bio).html
        if html != author.bio_html:
            same_text = Author.objects.filter(pk=author.pk, bio=author.bio)
            if dry_run or same_text.update(bio_html=html, updated_at=timezone.now()):
                report.authors_changed += 1
    return report


def _in_chunks(queryset):
    """Every row, a chunk of CHUNK at a time by primary key, so that memory stays flat at any size."""
    after = 0
    while True:
        rows = list(queryset.filter(pk__gt=after)[:CHUNK])
        yield from rows
        if len(rows) < CHUNK:
            return
        after = rows[-1].pk
