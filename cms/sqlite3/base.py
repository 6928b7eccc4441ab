"""Django's SQLite backend, with writers that take turns.

SQLite lets one connection write at a time; Folio begins every transaction IMMEDIATE, taking that lock up
front. A connection that finds it taken waits in SQLite's busy handler, which sleeps 1, 2, 5 ... and then 100 ms
between tries, for the busy timeout (SQLITE_BUSY_TIMEOUT_MS). A writer that commits and at once begins again (an
import's batches) leaves the lock free for microseconds, which such a sleeper almost never sees: an editor's save
made during an import waited the whole timeout, then failed with "database is locked" (bench/sqlite_writers.py
counts them: docs/performance.md). Here a transaction's BEGIN tries again every millisecond for as long, and a
long writer leaves the lock free for a few milliseconds between its transactions (`make_way()`), so a waiting
writer gets in at the next gap.

A reader's request that stores its page does not wait at all (`not_waiting()`): it serves the page unstored.
"""

import contextlib
import time

from django.conf import settings
from django.db import OperationalError
from django.db.backends.sqlite3 import base

# Between two tries of a waiting BEGIN; a long writer's gap between transactions is a few of these.
RETRY_EVERY = 0.001
GAP = 0.002


class DatabaseWrapper(base.DatabaseWrapper):
    _waits = True

    def _start_transaction_under_autocommit(self):
        if self.transaction_mode != "IMMEDIATE":
            return super()._start_transaction_under_autocommit()
        patience = settings.SQLITE_BUSY_TIMEOUT_MS / 1000 if self._waits else 0
        deadline = time.monotonic() + patience
        self._busy_timeout(0)  # the tries are this loop's, not the busy handler's
        try:
            while True:
                try:
                    self.cursor().execute("BEGIN IMMEDIATE")
                    return
                except OperationalError as error:
                    if "locked" not in str(error) or time.monotonic() >= deadline:
                        raise
                time.sleep(RETRY_EVERY)
        finally:
            self._busy_timeout(settings.SQLITE_BUSY_TIMEOUT_MS)

    def _busy_timeout(self, milliseconds: int) -> None:
        # On the driver's connection: a pragma that costs no I/O, and is no query of the page's or the test's.
        self.connection.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")

    @contextlib.contextmanager
    def not_waiting(self):
        """Transactions begun inside fail at once ("database is locked") when another connection is writing."""
        self._waits = False
        try:
            yield
        finally:
            self._waits = True

    def make_way(self) -> None:
        """For a long writer between two of its transactions: leave the lock free long enough for a waiting
        writer's next try to take it."""
        if not self.in_atomic_block:
            time.sleep(GAP)
