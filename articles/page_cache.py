"""Whole-page cache for anonymous readers.

Every cached page is kept with the content version it was made from (see ContentVersion), read from
the database on every request. Database triggers move the version on with every write to what readers
see, whoever makes it (the admin, an import, QuerySet.update(), another process or app server), and the
newest publish date that has come moves it on when a scheduled article's time comes. A page made from
an older version is a miss, whatever cache holds it: a per-process memory cache can lag in what it
keeps, never in what it serves. No job has to run.

Requests that carry a session cookie (signed-in staff) are never served from, or stored in,
the cache, so editors always see fresh pages and previews.
"""

import functools
import hashlib
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Subquery
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.functional import cached_property
from django.utils.http import http_date

# Pages that are only ever for staff, or must always answer live.
UNCACHED_PREFIXES = ("/admin/", "/preview/", "/healthz", "/static/", "/media/")
# A count belongs to one content version and never changes; the timeout only frees the memory.
COUNT_SECONDS = 600


@dataclass(frozen=True)
class ContentVersion:
    """What readers see, as of one moment: it changes exactly when some page may have changed."""

    generation: int
    changed_at: float  # when the content last changed (Unix seconds)
    latest_published: float  # the newest publish date that has come (0 when none has)

    @property
    def token(self) -> str:
        return f"{self.generation}:{self.changed_at!r}:{self.latest_published!r}"

    @property
    def last_changed(self) -> float:
        """A time no earlier than the last change to anything readers see: the Last-Modified of pages."""
        return max(self.changed_at, self.latest_published)


def read_content_version() -> ContentVersion:
    """One query: the state row the triggers keep, and the newest publish date that has come."""
    sql, compiled_params, now_index = _version_query()
    params = list(compiled_params)  # threads share the compiled query
    params[now_index] = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        # No state row (a hand-emptied table): every request is a new version, so nothing stale is served.
        from .models import Article

        published = Article.objects.published().order_by("-publish_date").values("publish_date").first()
        return ContentVersion(0, time.time(), published["publish_date"].timestamp() if published else 0.0)
    generation, changed_at, published_at = row
    return ContentVersion(generation, changed_at, _as_datetime(published_at).timestamp() if published_at else 0.0)


# Stands for "now" when the query is compiled, so that its place among the parameters can be found again.
_NOW_MARKER = datetime(2000, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)


@functools.cache
def _version_query() -> tuple[str, tuple, int]:
    """The version query as SQL, built by the ORM once per process from the one published() rule.

    Every request runs it, cached page or not: building and compiling it each time cost about 0.4 ms on
    SQLite and 0.8 ms on PostgreSQL, many times the query itself (see docs/performance.md).
    """
    from .models import Article, ContentState

    newest = Article.objects.published(now=_NOW_MARKER).order_by("-publish_date").values("publish_date")[:1]
    query = (
        ContentState.objects.filter(pk=1)
        .annotate(newest=Subquery(newest))
        .values_list("generation", "changed_at", "newest")
    )
    sql, params = query.query.sql_with_params()
    return sql, tuple(params), params.index(connection.ops.adapt_datetimefield_value(_NOW_MARKER))


def _as_datetime(value) -> datetime:
    # SQLite gives a subquery's datetime back as text, in UTC; PostgreSQL gives an aware datetime.
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def content_version(request=None) -> ContentVersion:
    """The content version for this request, read once however many parts of the page ask."""
    if request is None:
        return read_content_version()
    version = getattr(request, "_folio_content_version", None)
    if version is None:
        version = request._folio_content_version = read_content_version()
    return version


def dated_by_content(view):
    """Give a page that gathers many rows (a feed, the sitemap) the content version's Last-Modified.

    Django dates feeds and sitemaps by their newest entry, which stays the same when an older entry is
    unpublished or an author renamed: a reader asking If-Modified-Since would be told nothing changed.
    """

    @functools.wraps(view)
    def dated(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            response["Last-Modified"] = http_date(content_version(request).last_changed)
        return response

    return dated


class ContentCountPaginator(Paginator):
    """A paginator that remembers its total, under the list's own name, for one content version.

    "Page 1 of N" costs a COUNT over every published article, which grows with the archive; the list
    itself is an indexed slice that does not.
    """

    def __init__(self, object_list, per_page, *, list_name: str, version: ContentVersion, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.list_name = list_name
        self.version = version

    @cached_property
    def count(self) -> int:
        digest = hashlib.sha256(f"{self.version.token}|{self.list_name}".encode()).hexdigest()
        key = f"folio:count:{digest}"
        total = cache.get(key)
        if total is None:
            total = super().count
            cache.set(key, total, COUNT_SECONDS)
        return total


def _cacheable(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(UNCACHED_PREFIXES)
    )


def _storable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable(request):
            return self.get_response(request)
        key = "folio:pages:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()
        # The version is read before the page is made: a page can only be newer than the version it is
        # filed under, never older.
        version = content_version(request).token
        page = cache.get(key)
        if page is not None and page[0] == version:
            response = page[1]
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _storable(response):
            # Readers' browsers check back every time; the ETag makes that check a cheap 304.
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            set_response_etag(response)
            cache.set(key, (version, response), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response
