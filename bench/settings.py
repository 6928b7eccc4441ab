"""The bench's settings: Folio's own, plus a one-query page to measure Django's cost beside Folio's pages.

Used by bench/serve.sh and the scripts that start Django through bench/django_setup.py; the product's URLs do
not have the page.
"""

from cms.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]  # noqa: F405
