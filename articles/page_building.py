"""Building readers' pages ahead of readers: `manage.py build_pages`.

A stored page (stored_pages.py) is otherwise built by the first reader who asks for it after it changed, after
a deploy (which changes the build stamp) or after an import: the long tail of an archive, which crawlers walk,
would be built on their requests, one cold page each. build_pages asks for every page a reader can reach
from the home page once, as an anonymous reader's GET through the whole application, so what it stores is
exactly what that reader's request would have stored; a page already stored, fresh and of this build is
skipped. It runs beside the app servers, as often as wanted.
"""

import multiprocessing
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from . import stored_pages
from .reversing import slug_url

CHUNK = 200  # paths checked against the stored pages in one query, and handed to a worker at once
# What a page is built with that a test or a caller may have set in this process: a worker gets these values.
WORKER_SETTINGS = ("STORED_PAGES", "SITE_URL", "ALLOWED_HOSTS", "MEDIA_ROOT", "MEDIA_URL")


def reader_paths() -> Iterator[str]:
    """The home page, the feeds and sitemap, the indexes of authors and tags, each author's and tag's page, then
    every published article, newest first: the first page of every list, and every page a list links to."""
    # Here and below, the models are imported where they are used: a worker process imports this module to find
    # its functions before it has set Django up.
    from .models import Article, Author, Tag

    yield from ("/", reverse("articles:feed"), reverse("articles:atom"), reverse("articles:sitemap"))
    yield from (reverse("articles:authors"), reverse("articles:tags"))
    for model, name in ((Author, "articles:author"), (Tag, "articles:tag")):
        for slug in model.objects.with_published_articles().order_by("slug").values_list("slug", flat=True):
            yield slug_url(name, slug)
    # A page at a time, newest first: each a query of its own, since building a page (a request) may close the
    # database connection that an open cursor would still be reading.
    newest = Article.objects.published().order_by("-publish_date", "-id")
    after = None
    while True:
        rows = (
            newest
            if after is None
            else newest.filter(Q(publish_date__lt=after[0]) | Q(publish_date=after[0], id__lt=after[1]))
        )
        page = list(rows.values_list("publish_date", "id", "slug")[:CHUNK])
        for _, _, slug in page:
            yield slug_url("articles:article", slug)
        if len(page) < CHUNK:
            return
        after = page[-1][:2]


@dataclass
class BuildReport:
    built: int = 0
    already_stored: int = 0
    # Not stored, and why: a page whose rows changed while it was built, or one that is gone (a 404), is left
    # to its next reader; a server error is a failure.
    not_stored: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0


def build_pages(*, paths: Iterable[str], progress: Callable[[int], None] | None = None, jobs: int = 1) -> BuildReport:
    """Build and store each of `paths` that is not stored, fresh and of this build already, in `jobs` processes."""
    started = time.perf_counter()
    paths = iter(paths)
    chunks = iter(lambda: list(islice(paths, CHUNK)), [])
    if jobs <= 1:
        reports = map(_build_chunk, chunks)
        report = _merged(reports, progress)
    else:
        # Spawned, as the importer's workers are: nothing of this process's connections is inherited. A worker
        # that cannot start breaks the pool (BrokenProcessPool) instead of being started again and again.
        context = multiprocessing.get_context("spawn")
        values = {name: getattr(settings, name) for name in WORKER_SETTINGS}
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(values,)) as pool:
            try:
                report = _merged(pool.map(_build_chunk, chunks), progress)
            except BaseException:
                # Stopped (Ctrl-C, SIGTERM): the chunks not begun are dropped, not built before the pool closes.
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    report.seconds = time.perf_counter() - started
    return report


def _merged(reports: Iterable[BuildReport], progress: Callable[[int], None] | None) -> BuildReport:
    total = BuildReport()
    for report in reports:
        total.built += report.built
        total.already_stored += report.already_stored
        total.not_stored += report.not_stored
        total.failed += report.failed
        if progress is not None:
            progress(report.built + report.already_stored + len(report.not_stored) + len(report.failed))
    return total


def _start_worker(values: dict) -> None:
    # Ctrl-C reaches every process of the terminal's group: a worker ends at once and quietly, and build_pages
    # itself says it stopped. Python's own handler would print each worker's traceback.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    import django

    django.setup()
    for name, value in values.items():
        setattr(settings, name, value)


def _build_chunk(chunk: list[str]) -> BuildReport:
    report = BuildReport()
    app = WSGIHandler()
    site = urlsplit(settings.SITE_URL)
    port = str(site.port or (443 if site.scheme == "https" else 80))
    current = _fresh(chunk)
    report.already_stored += len(current)
    for path in chunk:
        if path not in current:
            _build(app, path, site=site, port=port, report=report)
    return report


def _fresh(paths: list[str]) -> set[str]:
    """Those of `paths` that are stored, fresh and of this build."""
    from .models import StoredPage

    now = timezone.now()
    return set(
        StoredPage.objects.filter(
            path__in=paths, build_stamp=stored_pages.build_stamp(), fresh_until__gt=now, valid_until__gt=now
        ).values_list("path", flat=True)
    )


def _build(app: WSGIHandler, path: str, *, site, port: str, report: BuildReport) -> None:
    environ = stored_pages.reader_environ(
        path, host=site.netloc, scheme=site.scheme, server_name=site.hostname or "localhost", server_port=port
    )
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    response = app(environ, start_response)
    try:
        for _ in response:  # the body, read as a server would, so that what follows the response runs too
            pass
    finally:
        response.close()
    outcome = answer["headers"].get("X-Stored-Page")
    if outcome == "stale":
        # Served as it was stored, and rebuilt once the response was closed, as for any reader of a stale page.
        outcome = "stored" if _fresh([path]) else "stale"
    if outcome == "stored":
        report.built += 1
    elif outcome == "stale":
        report.not_stored.append((path, "stale, and rebuilt by another process or left to its next reader"))
    elif outcome == "hit":
        report.already_stored += 1  # stored by a reader or another builder since the check
    elif answer["status"].startswith("5"):
        report.failed.append((path, answer["status"]))
    elif outcome == stored_pages.BUSY:
        report.not_stored.append((path, "the database was busy with another write"))
    elif outcome == stored_pages.CHANGED:
        report.not_stored.append((path, "its content changed while it was built"))
    else:
        report.not_stored.append((path, answer["status"]))
