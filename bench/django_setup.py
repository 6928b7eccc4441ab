"""Folio's production settings for a benchmark script, in a folder of its own."""

import io
import os
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def start_django(*, database_url: str, **environ: str) -> None:
    """Set up Django with `database_url` and DEBUG off (plus any other variables given, such as MEDIA_ROOT)."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="cms.settings",
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
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
    }
    answer = {}
    body = app(environ, lambda status, headers: answer.update(status=status, headers=dict(headers)))
    b"".join(body)
    body.close()
    return answer["status"], answer["headers"]
