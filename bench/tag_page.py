"""What TagListing earns: a tag page built with it, and built with a plain join of the tag links instead.

    python bench/tag_page.py --articles 100000 --database-url postgres://postgres@127.0.0.1:5432/folio_tags

Loads the articles with serve.py's fast loader into a fresh database (the one named, or a temporary SQLite
file), then builds the first and the tenth page of a few tags, stored pages off, as Folio does (newest first
from the TagListing index) and as it would without the table (published articles joined to their tag links),
and prints the median of each. A measurement, not a test.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import serve
from django_setup import start_django


def median_ms(client, path: str, repeat: int) -> float:
    client.get(path)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="folio-tags-"))
    start_django(
        database_url=args.database_url or f"sqlite:///{work / 'tags.sqlite3'}",
        ALLOWED_HOSTS="testserver",
        STORED_PAGES="0",
        LOG_LEVEL="WARNING",
        STATIC_ROOT=str(work / "static"),
        MEDIA_ROOT=str(work / "media"),
    )
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from articles.models import Article, ArticleQuerySet, Tag

    settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    serve.load_fast(args.articles)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    loaded = time.perf_counter() - started
    print(f"{Article.objects.count():,} articles on {connection.vendor}, loaded in {loaded:.0f} s")

    with_listing = ArticleQuerySet.tagged

    def joined(self, tag):
        # What a tag page would read without TagListing: the published articles linked to the tag.
        return self.published().filter(tags=tag).order_by("-publish_date", "-id")

    client = Client()
    tags = list(Tag.objects.order_by("pk")[:: max(1, Tag.objects.count() // 4)])
    print("| tag page | with TagListing | joined, without it |")
    print("| --- | ---: | ---: |")
    for tag in tags:
        for page in ("", "?page=10"):
            path = tag.get_absolute_url() + page
            ArticleQuerySet.tagged = with_listing
            listed = median_ms(client, path, args.repeat)
            ArticleQuerySet.tagged = joined
            plain = median_ms(client, path, args.repeat)
            ArticleQuerySet.tagged = with_listing
            print(f"| {path} | {listed:.1f} ms | {plain:.1f} ms |")
    print(f"median of {args.repeat} builds each, stored pages off, {timezone.now():%Y-%m-%d %H:%M} UTC")


if __name__ == "__main__":
    main()
