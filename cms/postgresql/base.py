"""Django's PostgreSQL backend, with a check of a kept connection that costs no round trip.

Django checks a kept connection before each request uses it (CONN_HEALTH_CHECKS) by sending `SELECT 1` and
waiting for the answer: on a stored page, one query by key, that doubled the round trips of every request.
When the server ends a session (a restart, `pg_terminate_backend`, an idle timeout) it says so and closes
the socket, so a connection it has ended has bytes waiting to be read, while an idle one in use has none:
asking the socket, without waiting, finds it as surely and costs a system call.
"""

import select

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus

_ANY_EVENT = select.POLLIN | select.POLLPRI if hasattr(select, "poll") else 0


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if not _ANY_EVENT or connection.info.transaction_status != TransactionStatus.IDLE:
            # In a transaction, or a failed one, only the server can say whether a query would run.
            return super().is_usable()
        poller = select.poll()
        poller.register(connection.fileno(), _ANY_EVENT)
        # Anything the server sends an idle session unasked is its goodbye (or, rarely, a notice: then the
        # connection is replaced for nothing, once).
        return not poller.poll(0)
