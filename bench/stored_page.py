"""What serving one stored page costs in one process, through Django's WSGI handler and every middleware.

    python bench/stored_page.py [--database-url URL] [--conn-max-age 0] [--repeat 500] [--rounds 5]

Migrates a fresh database (a temporary SQLite file unless --database-url names one), makes a few articles,
stores the home page, and prints the median time of serving it, of /healthz and of /robots.txt. With
--conn-max-age 0 every request opens its own connection. On PostgreSQL each is timed six ways, in turns
within one run: with Folio's check of the kept connection (cms/postgresql/base.py: the socket asked, no round
trip), with Django's own (`SELECT 1` sent and answered before the request's first query) and with none; each
with the stored page's query prepared by the server once per connection (Folio's `prepared_cursor()`) and
parsed and planned on every request; then that query alone, in a loop, both ways. A measurement, not a test.
"""

import argparse
import statistics
import sys
import tempfile
import time
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django_setup import start_django, wsgi_get

PATHS = ("/", "/healthz", "/robots.txt")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--conn-max-age", default="60")
    parser.add_argument("--repeat", type=int, default=500, help="requests of each page in each round")
    parser.add_argument("--rounds", type=int, default=5, help="turns taken by the checks (PostgreSQL)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="folio-stored-"))
    start_django(
        database_url=args.database_url or f"sqlite:///{work / 'stored.sqlite3'}",
        ALLOWED_HOSTS="testserver",
        STORED_PAGES="1",
        LOG_LEVEL="WARNING",
        CONN_MAX_AGE=args.conn_max_age,
        STATIC_ROOT=str(work / "static"),
        MEDIA_ROOT=str(work / "media"),
    )
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.db import connection

    from tests.factories import make_article

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    for _ in range(12):
        make_article()
    connection.close()
    app = WSGIHandler()

    def call(path: str) -> str:
        status, headers = wsgi_get(app, path)
        return headers.get("X-Stored-Page", status)

    assert call("/") == "stored"
    assert call("/") == "hit"

    folios_check = connection.is_usable
    checks = {"Folio's": (True, folios_check, True)}
    if connection.vendor == "postgresql":
        from django.db.backends.postgresql.base import DatabaseWrapper

        from cms.postgresql.base import DatabaseWrapper as FoliosWrapper

        djangos_check = types.MethodType(DatabaseWrapper.is_usable, connection)
        checks = {
            f"{check}, {'prepared' if prepared else 'planned each time'}": (enabled, is_usable, prepared)
            for prepared in (True, False)
            for check, enabled, is_usable in (
                ("socket asked", True, folios_check),
                ("SELECT 1", True, djangos_check),
                ("no check", False, folios_check),
            )
        }
    timings = {(name, path): [] for name in checks for path in PATHS}
    for _ in range(args.rounds if len(checks) > 1 else 1):
        for name, (enabled, is_usable, prepared) in checks.items():
            connection.health_check_enabled = enabled
            connection.is_usable = is_usable
            if connection.vendor == "postgresql":
                FoliosWrapper.prepares = prepared
            for path in PATHS:
                for _ in range(50):
                    call(path)
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    call(path)
                    timings[name, path].append((time.perf_counter() - started) * 1_000_000)
    print(f"{connection.vendor}, CONN_MAX_AGE={args.conn_max_age}, median of {len(timings[name, PATHS[0]])} each:")
    print(f"  {'kept connection, query':<36}" + "".join(f"{path:>13}" for path in PATHS))
    for name in checks:
        medians = [statistics.median(timings[name, path]) for path in PATHS]
        print(f"  {name:<36}" + "".join(f"{median:>10.0f} µs" for median in medians))
    if connection.vendor == "postgresql":
        FoliosWrapper.prepares = True
        print("The stored page's query alone, on one kept connection:")
        for name, cursor in (("bound on the client", connection.cursor), ("prepared", connection.prepared_cursor)):
            print(f"  {name:<36}{query_alone(cursor, repeat=args.repeat * args.rounds):>10.0f} µs")


def query_alone(make_cursor, *, repeat: int) -> float:
    """The median time of running the stored page's read of the home page and fetching its row."""
    from django.db import connection
    from django.utils import timezone

    from articles.stored_pages import _READ, build_stamp

    now = timezone.now()
    timings = []
    with make_cursor() as cursor:
        for _ in range(repeat + 50):
            started = time.perf_counter()
            cursor.execute(_READ, [now, "/", build_stamp(), now])
            assert cursor.fetchone() is not None
            timings.append((time.perf_counter() - started) * 1_000_000)
    connection.close()
    return statistics.median(timings[50:])


if __name__ == "__main__":
    main()
