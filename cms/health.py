"""/healthz, for load balancers and monitors: 200 while the database answers and has every migration of the code
running, 503 otherwise, when every page a reader asks for would be the site's 503 page."""

import logging
import time

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from cms.database_problems import every_migration_recorded, lacking, missing_migrations

logger = logging.getLogger(__name__)

# When this process last found the database with every migration, by `clock`; None until it has. For a minute after
# that, a probe asks only whether the database answers (one query): a release that brings migrations runs in new
# processes, and a database rarely loses any. Then the next probe looks again (two more queries), so that a
# database replaced by an older one (a backup from before a migration, restored) is taken out of rotation within a
# minute. Until a probe finds them all, every probe looks, so a server started before `migrate` takes readers once
# it has run.
LOOK_AGAIN_AFTER = 60  # seconds
clock = time.monotonic
migrated_at: float | None = None


@never_cache
def healthz(request):
    global migrated_at
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        now = clock()
        trusted = migrated_at is not None and now - migrated_at < LOOK_AGAIN_AFTER
        missing = 0 if trusted or every_migration_recorded() else missing_migrations()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return unavailable("database unavailable")
    if missing:
        migrated_at = None
        logger.error("Health check: %s", lacking(missing))
        return unavailable(f"database lacks {missing} of its migrations")
    if not trusted:
        migrated_at = now
    return HttpResponse("ok\n", content_type="text/plain")


def unavailable(reason: str) -> HttpResponse:
    """The reason in a few words for whoever reads the probe's answer; the log names the database and what to do."""
    return HttpResponse(f"{reason}\n", status=503, content_type="text/plain")
