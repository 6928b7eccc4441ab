"""The webhook sender's loop: a daemon thread in every app server process, or `manage.py send_webhooks --loop`.

It needs nothing Folio does not already run: the app server. Every process runs its own thread and they share
the work through the database (articles/webhooks.py claims each delivery for one sender), so a scheduled
article is announced at its time by whichever process looks first.
"""

import logging
import os
import threading

from django.conf import settings
from django.core.signals import request_started
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from cms.database_problems import database_problem

from . import webhooks

log = logging.getLogger(__name__)

# Never spin: a delivery another sender holds is due, but not ours to send until its lease runs out.
SHORTEST_WAIT = 0.5

_lock = threading.Lock()
_running_in: int | None = None  # the process whose thread runs; a forked worker is another process


def serve_in_background(**_signal) -> None:
    """Start this process's sender thread, once, when WEBHOOKS_SEND_IN_APP is on (the default)."""
    global _running_in
    if _running_in == os.getpid() or not settings.WEBHOOKS_SEND_IN_APP:
        return  # every request asks: the answer is nearly always this one, without the lock
    with _lock:
        if _running_in == os.getpid():
            return
        _running_in = os.getpid()
    threading.Thread(target=run_forever, name="folio-webhooks", daemon=True).start()


def start_with_the_app_server() -> None:
    """For cms/wsgi.py and cms/asgi.py: start now, and again in a worker forked from a preloaded server."""
    serve_in_background()
    request_started.connect(serve_in_background, dispatch_uid="articles.webhook_sender")


def run_forever(stop: threading.Event | None = None) -> None:
    stop = stop or threading.Event()
    said = None  # the operator's problem last logged, said once until it changes
    while not stop.is_set():
        wait = settings.WEBHOOK_POLL_SECONDS
        try:
            close_old_connections()
            webhooks.run_once()
            due = webhooks.next_due()
            if due is not None:
                wait = min(wait, (due - timezone.now()).total_seconds())
            said = None
        except DatabaseError as error:
            # A server started before `migrate`, or with a DATABASE_URL that leads nowhere: one line naming it,
            # not a traceback every few seconds in every worker.
            problem = database_problem(error)
            if problem is None:
                log.exception("The webhook sender's round failed; the next one starts in %s s", wait)
            elif problem != said:
                log.error("The webhook sender waits until this is fixed: %s", problem)
                said = problem
            else:
                # Said already: at LOG_LEVEL=DEBUG each round shows that the sender is alive and still waiting.
                log.debug("The webhook sender still waits; the next round starts in %s s", wait)
            connection.close()
        except Exception:
            # A database restart or a lost connection: the next round starts again on a new one.
            log.exception("The webhook sender's round failed; the next one starts in %s s", wait)
            connection.close()
        stop.wait(max(wait, SHORTEST_WAIT))
    connection.close()
