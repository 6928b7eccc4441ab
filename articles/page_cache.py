"""Whole-page cache for anonymous readers.

Every cached page is kept with a generation token. Any change to what readers can see
(an article, author, tag or call to action saved or deleted) starts a new generation, and so
does the moment a scheduled article's time comes: the cache remembers when the next one is
due and the first request after that starts a new generation. No job has to run, and no
reader is served a page older than the content behind it.

The time of the last such change is kept too: it is the Last-Modified of pages that show more than
one row (see content_changed_at).

Requests that carry a session cookie (signed-in staff) are never served from, or stored in,
the cache, so editors always see fresh pages and previews.
"""

import hashlib
import uuid
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.functional import cached_property

GENERATION_KEY = "folio:pages:generation"
NEXT_CHANGE_KEY = "folio:pages:next-scheduled"
CHANGED_AT_KEY = "folio:content:changed-at"
NO_SCHEDULED = "none"
# Pages that are only ever for staff, or must always answer live.
COUNT_SECONDS = 60
UNCACHED_PREFIXES = ("/admin/", "/preview/", "/healthz", "/static/", "/media/")


def _next_scheduled() -> datetime | None:
    from .models import Article

    return Article.objects.scheduled().order_by("publish_date").values_list("publish_date", flat=True).first()


def new_generation() -> str:
    generation = uuid.uuid4().hex
    next_at = _next_scheduled()
    cache.set_many(
        {
            GENERATION_KEY: generation,
            NEXT_CHANGE_KEY: next_at.timestamp() if next_at else NO_SCHEDULED,
        },
        timeout=None,
    )
    return generation


def current_generation(stored: dict | None = None) -> str:
    """The generation pages are filed under now; `stored` may bring the two keys already fetched."""
    if stored is None:
        stored = cache.get_many([GENERATION_KEY, NEXT_CHANGE_KEY])
    generation, next_at = stored.get(GENERATION_KEY), stored.get(NEXT_CHANGE_KEY)
    if generation is None or next_at is None:
        return new_generation()
    if next_at != NO_SCHEDULED and timezone.now().timestamp() >= next_at:
        # A scheduled article has just appeared: pages changed at that moment.
        cache.set(CHANGED_AT_KEY, max(cache.get(CHANGED_AT_KEY, 0), next_at), timeout=None)
        return new_generation()
    return generation


def content_changed_at() -> float:
    """A time no earlier than the last change to anything readers see (a Unix timestamp).

    A cache that has forgotten it (new, flushed or evicted) starts again from now, the safe answer.
    """
    stored = cache.get_many([CHANGED_AT_KEY, NEXT_CHANGE_KEY])
    changed, next_at = stored.get(CHANGED_AT_KEY), stored.get(NEXT_CHANGE_KEY)
    now = timezone.now().timestamp()
    if changed is None:
        cache.add(CHANGED_AT_KEY, now, timeout=None)
        changed = cache.get(CHANGED_AT_KEY, now)
    if next_at not in (None, NO_SCHEDULED) and next_at <= now:
        changed = max(changed, next_at)  # a scheduled article has appeared since
    return changed


class ContentCountPaginator(Paginator):
    """A paginator that remembers its total, under the list's own name, until the next content change.

    "Page 1 of N" costs a COUNT over every published article, which grows with the archive; the list
    itself is an indexed slice that does not. A minute at most covers a scheduled article appearing
    while the page cache, which watches for those, is turned off.
    """

    def __init__(self, object_list, per_page, *, list_name: str, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.list_name = list_name

    @cached_property
    def count(self) -> int:
        digest = hashlib.sha256(f"{content_changed_at()}|{self.list_name}".encode()).hexdigest()
        key = f"folio:count:{digest}"
        total = cache.get(key)
        if total is None:
            total = super().count
            cache.set(key, total, COUNT_SECONDS)
        return total


def _forget_generation() -> None:
    cache.delete_many([GENERATION_KEY, NEXT_CHANGE_KEY])
    cache.set(CHANGED_AT_KEY, timezone.now().timestamp(), timeout=None)


def invalidate(**_signal_kwargs) -> None:
    """Drop every cached page now, and again once the transaction commits.

    The second time covers a reader who fetched the old content between the change and its commit.
    Forgetting the generation is one cache call; the next reader's request starts the new one.
    """
    _forget_generation()
    transaction.on_commit(_forget_generation)


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
        # A page is kept with the generation it was made in: one cache call fetches both, and a page
        # from an older generation is a miss.
        stored = cache.get_many([GENERATION_KEY, NEXT_CHANGE_KEY, key])
        generation = current_generation(stored)
        page = stored.get(key)
        if page is not None and page[0] == generation:
            response = page[1]
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _storable(response):
            # Readers' browsers check back every time; the ETag makes that check a cheap 304.
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            set_response_etag(response)
            cache.set(key, (generation, response), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response
