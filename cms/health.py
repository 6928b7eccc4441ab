"""/healthz, for load balancers and monitors: 200 while the database answers and has every migration of the code
running, 503 otherwise, when every page a reader asks for would be the site's 503 page."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from cms.database_problems import every_migration_recorded, lacking, missing_migrations

logger = logging.getLogger(__name__)

# Whether this process has found the database with every migration. Once it has, a probe asks only whether the
# database answers (one query): a database keeps its migrations, and a release that brings new ones runs in new
# processes. Until then every probe looks again, so a server started before `migrate` takes readers once it has run.
migrated = False


@never_cache
def healthz(request):
    global migrated
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        missing = 0 if migrated or every_migration_recorded() else missing_migrations()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return unavailable("database unavailable")
    if missing:
        logger.error("Health check: %s", lacking(missing))
        return unavailable(f"database lacks {missing} of its migrations")
    migrated = True
    return HttpResponse("ok\n", content_type="text/plain")


def unavailable(reason: str) -> HttpResponse:
    """The reason in a few words for whoever reads the probe's answer; the log names the database and what to do."""
    return HttpResponse(f"{reason}\n", status=503, content_type="text/plain")
