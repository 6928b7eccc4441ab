"""Where the CPU of building a reader's page goes: each page built on every request, profiled by part.

    python bench/page_profile.py [--articles 2000] [--database-url URL] [--repeat 200]

Loads generated articles with serve.py's fast loader into a fresh database (a temporary SQLite file unless
--database-url names an empty one), then builds the home, article, author and tag pages through Django's WSGI
handler and every middleware with stored pages off, and prints the median time of each and, from a profile of
the article page, the share of its parts. A measurement, not a test.
"""

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django_setup import reader_pages, start_generated_site, wsgi_get

# The parts of a page worth telling apart, by the function that does each (file suffix and function name).
PARTS = {
    "finding the article (its row, tags, translations)": ("django/views/generic/detail.py", "get_object"),
    "the context (related articles, metadata)": ("articles/views.py", "get_context_data"),
    "  of which metadata (Open Graph, JSON-LD)": ("articles/metadata.py", "article_meta"),
    "rendering the template (Jinja2)": ("jinja2/environment.py", "render"),
    "all SQL, run in the database": ("django/db/backends/utils.py", "_execute"),
    "all queries compiled by the ORM": ("django/db/models/sql/compiler.py", "as_sql"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--dump", help="write the article page's profile to this file")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="folio-profile-"))
    article = start_generated_site(work, articles=args.articles, database_url=args.database_url)
    from django.core.handlers.wsgi import WSGIHandler

    pages = reader_pages(article)
    app = WSGIHandler()

    def call(path: str) -> None:
        status, _ = wsgi_get(app, path)
        assert status.startswith("200"), (path, status)

    print(f"{args.articles:,} articles, built on every request, median of {args.repeat}, and its multiple of the")
    print("one-query page (bench/urls.py: one row, one small template) timed beside it:")
    medians = {}
    for name, path in {"one-query": "/bench/one-query/", **pages}.items():
        for _ in range(20):
            call(path)
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            call(path)
            timings.append((time.perf_counter() - started) * 1000)
        medians[name] = statistics.median(timings)
        print(f"  {name:<9} {medians[name]:6.2f} ms  {medians[name] / medians['one-query']:4.1f}×  {path}")

    from django.db import connection

    timed = []

    def timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timed.append(((time.perf_counter() - started) * 1000, sql))

    for _ in range(args.repeat):
        with connection.execute_wrapper(timer):
            call(pages["article"])
    per_page = len(timed) // args.repeat
    print(f"the article page's {per_page} queries, median time of each (the rest of the page is Python):")
    for index in range(per_page):
        sql = timed[index][1]
        median = statistics.median(t for t, _ in timed[index::per_page])
        print(f"  {median:6.2f} ms  {sql[:110]}")

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.repeat):
        call(pages["article"])
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt
    print(f"the article page, profiled ({total / args.repeat * 1000:.2f} ms a page under the profiler):")
    for label, places in PARTS.items():
        suffix, name = places
        cumulative = sum(
            entry[3]
            for (filename, _, function), entry in stats.stats.items()
            if filename.endswith(suffix) and function == name
        )
        print(f"  {label:<52} {cumulative / total:6.1%}")
    if args.dump:
        stats.dump_stats(args.dump)


if __name__ == "__main__":
    main()
