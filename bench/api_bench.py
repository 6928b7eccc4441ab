"""The content API's list pages, uncached, on PostgreSQL at a given number of articles.

    bench/api_bench.py --articles 100000 [--server postgres://postgres@127.0.0.1:5432] [--requests 200]
                       [--database NAME]

Loads the articles once into a database of their own (--database, else folio_api_bench_<N>; kept for the next
run; bench/serve.py's fast loader), then times GETs through Django's full middleware stack in this process, with
the page cache off and the request limit off: each request runs its queries and builds its JSON. Prints the
median and 95th percentile wall time per request and the queries each one ran.
"""

import argparse
import statistics
import time

import psycopg
from django_setup import start_django


def ensure_database(server: str, name: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--requests", type=int, default=200, help="timed GETs of each address (200)")
    parser.add_argument("--database", help="the database to load and use (folio_api_bench_<articles>)")
    args = parser.parse_args()

    name = args.database or f"folio_api_bench_{args.articles}"
    ensure_database(args.server, name)
    start_django(database_url=f"{args.server}/{name}", API_RATE_LIMIT="0")
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from serve import load_fast

    from articles.api.paging import Cursor
    from articles.models import Article, Tag

    call_command("migrate", verbosity=0)
    if Article.objects.count() != args.articles:
        Article.objects.all().delete()
        started = time.perf_counter()
        load_fast(args.articles)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"loaded {args.articles:,} articles in {time.perf_counter() - started:.0f} s")

    middle = Article.objects.published().order_by("-publish_date", "-id")[args.articles // 2]
    deep = Cursor(keys=(middle.publish_date.isoformat(), middle.id)).encode()
    tag = Tag.objects.order_by("slug").first()
    week_ago = Article.objects.published().order_by("-updated_at").values_list("updated_at", flat=True)[200]
    addresses = {
        "first page (20)": "/api/v1/articles/",
        "first page (100)": "/api/v1/articles/?page_size=100",
        "a page halfway": f"/api/v1/articles/?cursor={deep}",
        "oldest first": "/api/v1/articles/?ordering=oldest",
        "a tag": f"/api/v1/articles/?tag={tag.slug}",
        "an author": f"/api/v1/articles/?author={middle.author.slug}",
        "updated since": f"/api/v1/articles/?updated_since={week_ago.isoformat().replace('+', '%2B')}",
        "every field (20)": "/api/v1/articles/?fields=" + ",".join(("body_html", "toc", "call_to_action", "tags",
                                                                   "translations", "author", "hero")),
        "search": "/api/v1/articles/?q=margin",
        "one article": f"/api/v1/articles/{middle.slug}/",
    }  # fmt: skip
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{args.articles:,} articles on PostgreSQL; {args.requests} GETs each, uncached")
    print(f"{'address':<20} {'median ms':>10} {'p95 ms':>8} {'queries':>8}  status")
    for label, address in addresses.items():
        for _ in range(5):
            client.get(address)  # warm the connection and the database's cache
        timings = []
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.get(address)
            timings.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(address)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"{label:<20} {statistics.median(timings):>10.1f} {p95:>8.1f} {len(queries):>8}  {response.status_code}")


if __name__ == "__main__":
    main()
