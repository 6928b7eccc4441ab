"""A setting left out or mistyped stops Folio with one line naming it and saying how to set it, not a traceback.

cms/settings.py raises ImproperlyConfigured with that line; manage.py and the app servers' entry points
(cms/wsgi.py, cms/asgi.py) print it and exit. Gunicorn, as it starts (gunicorn.conf.py), also checks what every
page needs: the collected static files (or it stops), and a database that answers and has been migrated (or it
says so in one line, and starts all the same). With DEBUG off and no DATABASE_URL it names the SQLite file it
uses, once.
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
        refuse(str(error), status=status)


def app_server_or_exit() -> None:
    """What an app server needs before it serves a page, each missing piece said in one line."""
    settings_or_exit()
    import django

    django.setup()
    from cms.database_problems import unmigrated, unreachable_now

    note = default_database_note()
    if note is not None:
        sys.stderr.write(f"{note}\n")
    problem = static_files_problem()
    if problem is not None:
        refuse(problem)
    problem = unreachable_now()
    if problem is not None:
        # A database still starting is no mistake to stop for: the server starts, answers /healthz with 503, and
        # serves pages as soon as the database answers.
        sys.stderr.write(f"Starting all the same: {problem} Pages fail, and /healthz answers 503, until it answers.\n")
        return
    problem = unmigrated()
    if problem is not None:
        # Nor is `migrate` still running elsewhere (another app server, a release job): pages work once it is done.
        sys.stderr.write(f"Starting all the same: {problem} Pages fail, and /healthz answers 503, until it is run.\n")


def default_database_note() -> str | None:
    """The database a production server uses when DATABASE_URL is left out, in a line for the operator; None when
    it is set, or DEBUG is on. SQLite in the project folder is a fine choice, and the documented default, but
    it is also what a forgotten DATABASE_URL silently gives."""
    from django.conf import settings
    from django.db import connection

    from cms.database_problems import where

    if settings.DEBUG or not settings.DATABASE_URL_UNSET:
        return None
    return (
        f"DATABASE_URL is not set, so Folio keeps its content in the {where(connection.settings_dict)} in its own "
        "folder: set DATABASE_URL if the site should use another database."
    )


def static_files_problem() -> str | None:
    """Why no page can be built for want of static files (collectstatic not run); None when they are there."""
    from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

    if isinstance(staticfiles_storage, ManifestFilesMixin) and staticfiles_storage.read_manifest() is None:
        # Every page names its stylesheet through the manifest: without it every page is an error.
        return (
            f"STATIC_ROOT ({staticfiles_storage.location}) holds no collected static files: "
            "run `manage.py collectstatic --noinput` with the same environment first."
        )
    return None


def refuse(problem: str, *, status: int = 1) -> None:
    sys.stderr.write(f"Folio cannot start: {problem}\n")
    sys.stderr.flush()
    sys.exit(status)
