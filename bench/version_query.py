"""What reading the content version costs each request, against the same query built by the ORM each time.

    bench/version_query.py [--database-url URL] [--articles 1000] [--calls 3000]

Every request reads the content version (articles/page_cache.py) before anything else, cached page or not.
This prints, per call and in one process: read_content_version() as Folio runs it (SQL compiled once per
process), the same query built and compiled by the ORM on every call, and `SELECT 1` (the round trip alone).
A fresh SQLite database by default; give a PostgreSQL URL to measure there (its database is created and
dropped).
"""

import argparse
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django_setup import start_django


def per_call_us(function, calls: int) -> float:
    for _ in range(calls // 10):
        function()
    started = time.perf_counter()
    for _ in range(calls):
        function()
    return (time.perf_counter() - started) / calls * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="postgres://… (a fresh SQLite file by default)")
    parser.add_argument("--articles", type=int, default=1000, help="published articles in the table (1000)")
    parser.add_argument("--calls", type=int, default=3000, help="calls timed for each (3000)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="folio-version-"))
    start_django(database_url=args.database_url or f"sqlite:///{work / 'bench.sqlite3'}")
    from django.db import connection
    from django.db.models import Subquery
    from django.test.utils import setup_databases, teardown_databases
    from django.utils import timezone

    from articles.models import Article, Author, ContentState
    from articles.page_cache import read_content_version

    # A test database of its own: on PostgreSQL, made beside the given one and dropped at the end.
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        author = Author.objects.create(name="Bench", slug="bench")
        now = timezone.now()
        Article.objects.bulk_create(
            Article(
                title=f"Article {n}",
                slug=f"article-{n}",
                author=author,
                body="Words.",
                status=Article.Status.PUBLISHED,
                publish_date=now - timedelta(minutes=n),
            )
            for n in range(args.articles)
        )

        def orm_each_time():
            newest = Article.objects.published().order_by("-publish_date").values("publish_date")[:1]
            query = ContentState.objects.filter(pk=1).annotate(newest=Subquery(newest))
            return query.values_list("generation", "changed_at", "newest").first()

        def select_one():
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                return cursor.fetchone()

        print(f"{connection.vendor}, {args.articles} published articles, {args.calls} calls each, per call:")
        for label, function in (
            ("read_content_version() (compiled once)", read_content_version),
            ("the same query built by the ORM each call", orm_each_time),
            ("SELECT 1 (the round trip alone)", select_one),
        ):
            print(f"  {label:44} {per_call_us(function, args.calls):8.1f} µs")
    finally:
        teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
