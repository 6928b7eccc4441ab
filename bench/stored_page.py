"""What serving one stored page costs in one process, through Django's WSGI handler and every middleware.

    python bench/stored_page.py [--database-url URL] [--conn-max-age 0] [--no-health-checks]

Migrates a fresh database (a temporary SQLite file unless --database-url names one), makes a few articles,
stores the home page, and prints the median time of serving it, of /healthz and of /robots.txt. With
--conn-max-age 0 every request opens its own connection; --no-health-checks leaves out Django's `SELECT 1`
on a kept connection. A measurement, not a test.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django_setup import start_django, wsgi_get


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--conn-max-age", default="60")
    parser.add_argument("--no-health-checks", action="store_true")
    parser.add_argument("--repeat", type=int, default=500)
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
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.db import connection

    from tests.factories import make_article

    settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] = not args.no_health_checks
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
    print(
        f"{connection.vendor}, CONN_MAX_AGE={args.conn_max_age}, health checks "
        f"{'off' if args.no_health_checks else 'on'}, median of {args.repeat}:"
    )
    for path in ("/", "/healthz", "/robots.txt"):
        for _ in range(50):
            call(path)
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            call(path)
            timings.append((time.perf_counter() - started) * 1_000_000)
        print(f"  {path:<12} {statistics.median(timings):>7.0f} µs")


if __name__ == "__main__":
    main()
