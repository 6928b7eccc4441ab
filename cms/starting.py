"""A setting left out or mistyped stops Folio with one line naming it and saying how to set it, not a traceback.

cms/settings.py raises ImproperlyConfigured with that line; manage.py and the app servers' entry points
(cms/wsgi.py, cms/asgi.py) print it and exit.
"""

import os
import sys

from django.core.exceptions import ImproperlyConfigured

# The status gunicorn reads as "App failed to load": it stops, where any other would have it start the worker
# again, and print the same line, for ever.
APP_FAILED_TO_LOAD = 4


def settings_or_exit(*, status: int = 1) -> None:
    """Read the settings, or say in one line what is wrong with them and exit with `status`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reading the settings checks the environment
    except ImproperlyConfigured as error:
        sys.stderr.write(f"Folio cannot start: {error}\n")
        sys.stderr.flush()
        sys.exit(status)
