"""Django's PostgreSQL backend, made cheaper for the one query nearly every request runs.

A stored page is one query by key (articles/stored_pages.py), so what surrounds that query is most of its cost:

- Django checks a kept connection before each request uses it (CONN_HEALTH_CHECKS) by sending `SELECT 1` and
  waiting for the answer, a second round trip. When the server ends a session (a restart,
  `pg_terminate_backend`, an idle timeout) it says so and closes the socket, so a connection it has ended has
  bytes waiting to be read, while an idle one in use has none: asking the socket, without waiting, finds it as
  surely for the cost of a system call.
- Django binds parameters on the client, so the server parses and plans every query afresh. `prepared_cursor()`
  gives a cursor whose queries the server keeps parsed and planned for the connection (and prepares again when
  a migration changes the type of a column they return); the rest of Folio keeps Django's cursors, which no
  connection pooler minds.
"""

import logging
import select
import sys

from django.db.backends.postgresql import base
from psycopg import errors
from psycopg.pq import TransactionStatus

logger = logging.getLogger(__name__)

_ANY_EVENT = select.POLLIN | select.POLLPRI if hasattr(select, "poll") else 0


class PreparedCursor(base.ServerBindingCursor):
    """A cursor whose queries the server prepares once per connection and then only executes."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        if not DatabaseWrapper.prepares:
            return super().execute(query, params, prepare=False, binary=binary)
        try:
            return super().execute(query, params, prepare=True, binary=binary)
        except (errors.FeatureNotSupported, errors.InvalidSqlStatementName, errors.DuplicatePreparedStatement) as error:
            # In a transaction the failure has ended it: only outside one can the query simply run again. (The
            # transaction's rollback makes psycopg forget the session's statements: the next query prepares afresh.)
            if self.connection.info.transaction_status != TransactionStatus.IDLE:
                raise
            if isinstance(error, errors.FeatureNotSupported):
                # "cached plan must not change result type": a migration changed the type of a column the query
                # returns (ALTER COLUMN … TYPE, or the table made again so), and the server refuses the statement
                # for as long as the session keeps it. Columns added, or dropped that it does not read, or a table
                # made again alike, the server plans again by itself.
                logger.info("A table changed under a prepared query: it is prepared again")
                _forget_prepared(self.connection)
                return super().execute(query, params, prepare=True, binary=binary)
            # A pooler that hands each transaction whichever server session is free (PgBouncer's transaction
            # mode before 1.21, or without max_prepared_statements) loses a session's prepared statements.
            DatabaseWrapper.prepares = False
            logger.warning(
                "The database's sessions do not keep prepared statements (a connection pooler in transaction "
                "mode?): stored pages are read without them from now on. PgBouncer 1.21 or later keeps them "
                "with max_prepared_statements set."
            )
            return super().execute(query, params, prepare=False, binary=binary)


def _forget_prepared(connection) -> None:
    """Deallocates the session's prepared statements, and psycopg's record of them."""
    # psycopg has no call for it, but does both when a transaction is rolled back.
    connection.execute("BEGIN")
    connection.rollback()


class DatabaseWrapper(base.DatabaseWrapper):
    # Off for the whole process once the database is found not to keep them (PreparedCursor).
    prepares = True
    _preparing = False

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

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        if connection.prepare_threshold is None:
            # Django turns psycopg's preparing off (for poolers); this lets PreparedCursor ask for it. Django's
            # own cursors bind on the client and never prepare, and no count of uses makes psycopg prepare.
            connection.prepare_threshold = sys.maxsize
        return connection

    def prepared_cursor(self):
        """Django's cursor (its health check, errors and query log) over a PreparedCursor."""
        self._preparing = True
        try:
            return self.cursor()
        finally:
            self._preparing = False

    def create_cursor(self, name=None):
        if self._preparing and name is None:
            return PreparedCursor(self.connection)
        return super().create_cursor(name)
