"""Stored pages: an anonymous reader's page is built once per change, kept in the database, served with one query.

A page is built the first time a reader asks for it. Its view names what it shows (`depends_on`): the
articles (itself, its cards, related articles, translations), authors, tags and calls to action, and the lists
an article can join or leave (`list:home`, `list:author:<id>`, `list:tag:<id>`). The page is stored with those
keys. From then on it is answered by one query on its path, and nothing else runs, until the database's
triggers (articles/triggers.py) delete it, in the same transaction as a change to a row it depends on, whoever
makes the change: the admin, an import, QuerySet.update(), bulk operations, raw SQL, another process. Pages
that do not show the changed row stay stored. An edit to what a page shows beside its article or list (a
related article, an author, a tag, a call to action, each on many pages at once) marks it stale instead: served
once more, then rebuilt, as below; a rebuild that no longer gives a page (a 404) deletes it.

What no write announces has a time instead. A list page is kept until the next scheduled article comes out
(`valid_until`). Any page is fresh for STORED_PAGES_MAX_AGE (`fresh_until`), which bounds how long an article
page's related articles can miss a newer one; after that it is served as it is to the reader who finds it
stale, whose request then claims its rebuild and rebuilds it once that response has been sent (one claim per
page, in any number of processes), so a reader never waits for a page that was built before, nor for the
claim's write, and a page nobody asked for in a month (STORED_PAGES_STALE_FOR) is built afresh. A page is only
served with the build stamp of this process (its code, templates, static files and settings), so a deploy never
serves a page built by the one before.

The work is done on save where it can be: an admin save of a published article rebuilds its page, the home
page and its author's and tags' lists right after the editor's response is sent (`rebuild_after_response`),
so the first reader after a change finds them stored.

A page is kept gzip-compressed, as most readers' browsers and feed readers take it: a fifth of the bytes to
store and to read back (a feed's full text is a hundred kilobytes), sent as they are to a reader who accepts
gzip (the one whose request builds the page too) and decompressed for one who does not.

Requests with a session cookie (signed-in staff) never read or store a page.
"""

import contextlib
import functools
import gzip
import hashlib
import io
import json
import logging
import re
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import http_date

from .ignored_parameters import is_ignored, without_ignored_address

logger = logging.getLogger(__name__)

# Pages that are only ever for staff, must always answer live, or are one per query (search, the API).
UNSTORED_PREFIXES = ("/admin/", "/preview/", "/healthz", "/static/", "/media/", "/search/", "/api/")
# Headers the stored response carries itself; the outer middleware adds the rest to every response.
UNSTORED_HEADERS = {"content-length", "set-cookie", "x-stored-page"}
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
_GZIP_MAGIC = b"\x1f\x8b"
# A stale page whose rebuild failed (or whose rebuilder died) is tried again after this long.
RETRY_SECONDS = 60
# Settings a page's bytes are built from; with the code, templates and static files they make the build stamp.
BUILD_SETTINGS = (
    "SITE_URL",
    "SITE_NAME",
    "LANGUAGE_CODE",
    "TIME_ZONE",
    "STATIC_URL",
    "MEDIA_URL",
    "ARTICLES_PER_PAGE",
    "FEED_FULL_TEXT_MAX_BYTES",
    "CONTENT_SECURITY_POLICY",
    "X_FRAME_OPTIONS",
    "STORAGES",
)


@dataclass
class _Build:
    """The page being built: whether its view said what it shows, and the keys it named."""

    declared: bool = False
    keys: set[str] = field(default_factory=set)


def list_keys(owner) -> tuple[str, str]:
    """What an author's or a tag's list (their page, their feed) depends on: the articles joining or leaving it,
    and the author or tag themselves."""
    name = owner._meta.model_name
    return f"list:{name}:{owner.pk}", f"{name}:{owner.pk}"


def depends_on(request, *keys: str) -> None:
    """Store the page being built for this request, and delete it when any of `keys` changes.

    A view that never calls this is never stored.
    """
    build = getattr(request, "_folio_page_build", None)
    if build is not None:
        build.declared = True
        build.keys.update(keys)


@functools.cache
def build_stamp() -> str:
    """What the pages of this process are built with: a page with another stamp was built by another deploy."""
    digest = hashlib.sha256()
    base = settings.BASE_DIR
    sources = [base / "templates", base / "articles", base / "cms"]
    for folder in sources:
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".html", ".txt", ".xml") and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    if manifest.exists():
        digest.update(manifest.read_bytes())
    for name in BUILD_SETTINGS:
        digest.update(f"{name}={getattr(settings, name, None)!r}".encode())
    return digest.hexdigest()


def _readable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(UNSTORED_PREFIXES)
        # Only the page number makes another page: any other query (?ref=…) would fill the table. A campaign tag or
        # a click identifier (articles/ignored_parameters.py) is the same page, stored without it: stored_path().
        and all(name == "page" or is_ignored(name) for name in request.GET)
    )


def stored_path(request) -> str:
    """The address a page is stored under: the reader's, without the parameters that mean nothing to Folio, which
    no page shows, so that a visit from a newsletter's link (?utm_source=…) is served the stored page."""
    if not any(is_ignored(name) for name in request.GET):
        return request.get_full_path()
    return without_ignored_address(request.get_full_path().partition("?")[0], request.GET)


def _storable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


_READ = (
    "SELECT body, headers, fresh_until > %s FROM articles_storedpage "
    "WHERE path = %s AND build_stamp = %s AND valid_until > %s"
)
# Whoever moves a stale page's freshness on rebuilds it: one rebuilder for each page, in every process.
_CLAIM = "UPDATE articles_storedpage SET fresh_until = %s WHERE path = %s AND fresh_until <= %s"


def read(path: str, *, gzip_accepted: bool) -> tuple[HttpResponse, bool] | None:
    """The stored page at `path`, current for this build and this moment, as a response (gzip-encoded when the
    reader accepts it), and whether it is fresh; None when there is none."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    # On PostgreSQL, a query the server keeps planned (cms/postgresql/base.py); SQLite's driver keeps its own.
    with getattr(connection, "prepared_cursor", connection.cursor)() as cursor:
        cursor.execute(_READ, [now, path, build_stamp(), now])
        row = cursor.fetchone()
    if row is None:
        return None
    body, headers, fresh = row
    headers = headers if isinstance(headers, dict) else json.loads(headers)
    try:
        if bytes(body[:2]) != _GZIP_MAGIC:
            raise OSError("not gzip")
        if not gzip_accepted:
            return HttpResponse(gzip.decompress(body), headers=headers), bool(fresh)
    except (OSError, EOFError, zlib.error):
        # A damaged copy is no reason for an error page: the page is built again, and stored over it.
        logger.warning("The stored page %s could not be decompressed; building it again", path)
        return None
    return _gzip_encoded(HttpResponse(headers=headers), body=bytes(body)), bool(fresh)


def _accepts_gzip(request) -> bool:
    return bool(_ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))


def _gzip_encoded(response: HttpResponse, *, body: bytes) -> HttpResponse:
    """`response` sent as `body`, its page as stored, gzip-compressed."""
    response.content = body
    response["Content-Encoding"] = "gzip"
    if response.has_header("Content-Length"):  # the plain page's, counted as it was built (CommonMiddleware)
        response["Content-Length"] = str(len(body))
    # Not the same bytes as the plain page: a weak tag still matches it for a conditional GET (as Django's
    # GZipMiddleware marks it).
    etag = response.get("ETag", "")
    if etag.startswith('"'):
        response["ETag"] = "W/" + etag
    return response


def claim_rebuild(path: str) -> bool:
    """Whether this request is the one to rebuild the stale page at `path` (no other has taken it on)."""
    now = timezone.now()
    retry = connection.ops.adapt_datetimefield_value(now + timedelta(seconds=RETRY_SECONDS))
    try:
        with connection.cursor() as cursor:
            cursor.execute(_CLAIM, [retry, path, connection.ops.adapt_datetimefield_value(now)])
            return cursor.rowcount == 1
    except DatabaseError:
        return False  # a writer holds the table: the next reader of the stale page claims it


def _forget(path: str) -> None:
    from .models import StoredPage

    StoredPage.objects.filter(path=path).delete()


def rebuild_after_response(request, *paths: str, if_claimed: bool = False) -> None:
    """Build and store the pages at `paths` once the response to `request` has been sent (when pages are stored);
    `if_claimed`: only those whose rebuild this request then claims (claim_rebuild), for stale pages."""
    if settings.STORED_PAGES:
        request._folio_rebuild = [*getattr(request, "_folio_rebuild", []), *((path, if_claimed) for path in paths)]


def _generation(*, lock: bool = False) -> int | None:
    """The content generation the triggers keep; `lock` holds it against writers until this transaction ends."""
    sql = "SELECT generation FROM articles_contentstate WHERE id = 1"
    if lock and connection.vendor == "postgresql":
        # A writer's triggers lock this row before deleting pages: either it waits for this page to be
        # stored and then deletes it, or it holds the row and this page is not stored (NOWAIT: a reader
        # never waits for a writer's transaction to end).
        sql += " FOR SHARE NOWAIT"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return row[0] if row else None


def _valid_until(built_at: datetime, keys: set[str]) -> datetime:
    until = built_at + timedelta(seconds=settings.STORED_PAGES_STALE_FOR)
    if any(key.startswith("list:") for key in keys):
        from .models import Article

        # A list changes, with no write, when a scheduled article's time comes.
        coming = Article.objects.scheduled().order_by("publish_date").values_list("publish_date", flat=True).first()
        if coming is not None:
            until = min(until, coming)
    return until


def compressed(content: bytes) -> bytes:
    """A page's bytes as they are stored, and sent to a reader who accepts gzip."""
    # mtime=0: the same page compresses to the same bytes whenever it is built.
    return gzip.compress(content, compresslevel=6, mtime=0)


# What became of a page built to be stored (store()), as its X-Stored-Page header says.
STORED, CHANGED, BUSY = "stored", "built", "busy"


def store(
    *, path: str, response, body: bytes, keys: set[str], built_at: datetime, generation: int | None, wait: bool
) -> str:
    """Keep a page built from the content of `generation` (`response`, whose content is `body` once compressed:
    compressed()), unless the content has moved on since (CHANGED) or another connection is writing (BUSY).
    `wait`: wait for that write to end, as a builder may; a reader's request does not wait for it (the page is
    served, and stored by a later reader)."""
    from .models import PageDependency, StoredPage

    headers = {name: value for name, value in response.items() if name.lower() not in UNSTORED_HEADERS}
    valid_until = _valid_until(built_at, keys)
    page = StoredPage(
        path=path,
        body=body,
        headers=headers,
        etag=response["ETag"],
        built_at=built_at,
        valid_until=valid_until,
        fresh_until=min(valid_until, built_at + timedelta(seconds=settings.STORED_PAGES_MAX_AGE)),
        build_stamp=build_stamp(),
    )
    try:
        with _writing(wait=wait), transaction.atomic():
            if _generation(lock=True) != generation:
                return CHANGED  # something changed while the page was built: it may show the old rows
            StoredPage.objects.bulk_create(
                [page],
                update_conflicts=True,
                unique_fields=["path"],
                update_fields=["body", "headers", "etag", "built_at", "valid_until", "fresh_until", "build_stamp"],
            )
            PageDependency.objects.filter(path=path).delete()
            PageDependency.objects.bulk_create(
                [PageDependency(path=path, key=key) for key in sorted(keys)], ignore_conflicts=True
            )
    except DatabaseError:
        # Another builder or a writer holds the lock: the page was served, it is stored next time.
        return BUSY
    return STORED


def _writing(*, wait: bool):
    """Where a write that does not wait fails at once when another connection is writing (SQLite's backend,
    cms/sqlite3/base.py; PostgreSQL's lock is taken NOWAIT by _generation)."""
    not_waiting = getattr(connection, "not_waiting", None)
    return contextlib.nullcontext() if wait or not_waiting is None else not_waiting()


class StoredPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.respond(request)
        paths = getattr(request, "_folio_rebuild", None)
        if paths:
            # After the response is sent: the reader or the editor does not wait for the rebuild.
            response._resource_closers.append(functools.partial(self.rebuild, request, paths))
        return response

    def respond(self, request):
        if not _readable(request):
            return self.get_response(request)
        # A Host outside ALLOWED_HOSTS is answered 400 here, as CommonMiddleware would answer it, before a stored
        # page is sent for it or its request claims a stale page's rebuild (made for that host, which would fail).
        request.get_host()
        path = stored_path(request)
        if settings.STORED_PAGES:
            found = read(path, gzip_accepted=_accepts_gzip(request))
            if found is not None:
                response, fresh = found
                if fresh:
                    response["X-Stored-Page"] = "hit"
                else:
                    response["X-Stored-Page"] = "stale"
                    # Claimed after the response: the claim writes, and a reader never waits for a writer's lock.
                    rebuild_after_response(request, path, if_claimed=True)
                return response
        return self.build(request, path)

    def build(self, request, path: str):
        """The page for `request`, built by its view; stored when its view said what it shows."""
        if settings.STORED_PAGES:
            # Read before the page is built, so that a change made while it is built keeps it from being stored.
            generation = _generation()
        build = request._folio_page_build = _Build()
        response = self.get_response(request)
        if not (build.declared and _storable(response)):
            return response
        built_at = timezone.now()
        # Readers' browsers check back every time; the ETag makes that check a cheap 304.
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        # Stored, it is served gzip-encoded or plain by the reader's Accept-Encoding.
        patch_vary_headers(response, ("Accept-Encoding",))
        set_response_etag(response)
        # The page was made now from the current rows: a feed's or a sitemap's newest entry can be older than
        # a change to it (an older entry withdrawn, an author renamed).
        response["Last-Modified"] = http_date(built_at.timestamp())
        if settings.STORED_PAGES:
            body = compressed(response.content)
            response["X-Stored-Page"] = store(
                path=path,
                response=response,
                body=body,
                keys=build.keys,
                built_at=built_at,
                generation=generation,
                wait=request.META.get(BUILT_AHEAD, False),
            )
            if _accepts_gzip(request):
                # Sent as its later readers get it; stored or not, it is compressed already.
                _gzip_encoded(response, body=body)
        return response

    def rebuild(self, request, paths: list[tuple[str, bool]]) -> None:
        """Build and store each of `paths` (whose rebuild this request claims first, where it says so) as an
        anonymous reader's GET to the host `request` was made to."""
        for path, if_claimed in dict.fromkeys(paths):
            if if_claimed and not claim_rebuild(path):
                continue  # another reader's request is rebuilding it
            environ = reader_environ(
                path,
                host=request.get_host(),
                scheme=request.scheme,
                server_name=request.META.get("SERVER_NAME", "localhost"),
                server_port=request.META.get("SERVER_PORT", "80"),
            )
            try:
                reader = WSGIRequest(environ)
                if _readable(reader):
                    response = self.build(reader, reader.get_full_path())
                    if 300 <= response.status_code < 500:
                        # No longer a page (a renamed tag's old address, say): its old copy is not served again.
                        _forget(reader.get_full_path())
            except Exception:
                # The page is simply built by its next reader; the response this follows has been sent.
                logger.exception("Could not rebuild the stored page %s", path)


# In the environ of a request Folio makes itself to build a page (build_pages, a rebuild after a response): no
# reader waits for it, so it may wait to store the page.
BUILT_AHEAD = "folio.built_ahead"


def reader_environ(path: str, *, host: str, scheme: str, server_name: str, server_port: str) -> dict:
    """The WSGI environ of an anonymous reader's GET of `path` (as a URL has it, with its query string) to `host`,
    asked by Folio itself to build the page."""
    address, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        # As a WSGI server gives it: the percent-escapes decoded, the bytes as latin-1 (PEP 3333).
        "PATH_INFO": unquote_to_bytes(address).decode("iso-8859-1"),
        "QUERY_STRING": query,
        "SERVER_NAME": server_name,
        "SERVER_PORT": server_port,
        "HTTP_HOST": host,
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": scheme,
        BUILT_AHEAD: True,
    }
