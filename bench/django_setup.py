"""Folio's production settings for a benchmark script, in a folder of its own."""

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
