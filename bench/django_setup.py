"""Folio's production settings for a benchmark script, in a folder of its own, with the bench's one-query page
(bench/settings.py) beside Folio's URLs as a yardstick."""

import os
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def start_django(*, database_url: str, **environ: str) -> None:
    """Set up Django with `database_url` and DEBUG off (plus any other variables given, such as MEDIA_ROOT)."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database_url,
        SECRET_KEY="folio-benchmark-only",
        SITE_URL="http://127.0.0.1:8000",
        DEBUG="0",
        **environ,
    )
    sys.path.insert(0, str(PROJECT))
    import django

    django.setup()


def wsgi_get(app, path: str) -> tuple[str, dict]:
    """GET `path` from the WSGI application `app` in this process, as a server would: its status and headers."""
    from articles.stored_pages import reader_environ

    environ = reader_environ(path, host="testserver", scheme="http", server_name="testserver", server_port="80")
    answer = {}
    body = app(environ, lambda status, headers: answer.update(status=status, headers=dict(headers)))
    b"".join(body)
    body.close()
    return answer["status"], answer["headers"]


def start_generated_site(work, *, articles: int, database_url: str = ""):
    """Django on a fresh database (a SQLite file in `work` unless `database_url`), stored pages off, filled with
    `articles` generated articles by serve.py's fast loader; returns the published article in the middle, with
    its tags, and its author's and tags' pages, for a benchmark to build."""
    start_django(
        database_url=database_url or f"sqlite:///{work / 'site.sqlite3'}",
        ALLOWED_HOSTS="testserver",
        STORED_PAGES="0",
        LOG_LEVEL="WARNING",
        STATIC_ROOT=str(work / "static"),
        MEDIA_ROOT=str(work / "media"),
    )
    import serve
    from django.core.management import call_command

    from articles.models import Article
    from articles.planner_statistics import refresh_planner_statistics

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    serve.load_fast(articles)
    refresh_planner_statistics()
    newest_first = Article.objects.published().filter(tags__isnull=False).order_by("-publish_date", "-id")
    return newest_first[articles // 2]


def reader_pages(article) -> dict[str, str]:
    """The home page and, for `article`, its own page, its author's and its first tag's."""
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "author": article.author.get_absolute_url(),
        "tag": article.tags.order_by("name").first().get_absolute_url(),
    }
