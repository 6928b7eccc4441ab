"""One import at a time into a database, and one setup step (`migrate`, `ensure_admin`) at a time.

An import reads what the site holds once, at its start (its slugs, authors, tags and calls to action), and
decides from that what each file creates. Two imports running together would each decide alone: both would
create the same author or give two files the same slug, and the later one would fail on every such file. So an
import waits for any other into the same database to finish, and then reads the site as that one left it.

Setting up is the same on a smaller scale: every app server of a release may run README's `migrate` and
`ensure_admin` at once, and two of either would both create the same table or the same account, and one would
fail. The later one waits, and then finds the work done.

PostgreSQL holds each lock (a session-level advisory lock, which the server releases if the process dies). An
SQLite database is one file on one machine: a lock on a file beside it does the same.
"""

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from django.db import DatabaseError, connection

try:
    import fcntl
except ImportError:  # Windows: nothing to lock with, as before
    fcntl = None

# What a second migrate or ensure_admin says while the first holds the setup lock.
SETUP_WAITING = "Another migrate or ensure_admin is running on this database: waiting for it to finish."

_IMPORT_LOCK = 0x466F6C696F01  # "Folio" and 1; the webhook sender's lock is 0x466F6C696F
_SETUP_LOCK = 0x466F6C696F02


def one_import_at_a_time(*, waiting: Callable[[], None] | None = None):
    """Hold the database's import lock for the block; `waiting` is called once if another import has it."""
    return _one_at_a_time(key=_IMPORT_LOCK, suffix="import-lock", waiting=waiting)


def one_setup_step_at_a_time(*, waiting: Callable[[], None] | None = None):
    """Hold the database's setup lock (migrate, ensure_admin) for the block; `waiting` as above."""
    return _one_at_a_time(key=_SETUP_LOCK, suffix="setup-lock", waiting=waiting)


def an_import_is_running() -> bool:
    """Whether an import into this database holds its lock now (for a command that reads beside it to say so)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Looked up, not taken: taking it for a moment would tell an import starting then to wait.
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                " AND classid = %s AND objid = %s AND objsubid = 1)",
                [_IMPORT_LOCK >> 32, _IMPORT_LOCK & 0xFFFFFFFF],
            )
            return cursor.fetchone()[0]
    lock_file = _sqlite_lock_file("import-lock")
    if lock_file is None or fcntl is None or not lock_file.exists():
        return False
    with open(lock_file) as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


@contextlib.contextmanager
def _one_at_a_time(*, key: int, suffix: str, waiting: Callable[[], None] | None) -> Iterator[None]:
    if connection.vendor == "postgresql":
        with _advisory_lock(key, waiting):
            yield
        return
    lock_file = _sqlite_lock_file(suffix)
    if lock_file is None or fcntl is None:
        yield  # an in-memory database belongs to one process
        return
    with open(lock_file, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def _advisory_lock(key: int, waiting: Callable[[], None] | None) -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        if not cursor.fetchone()[0]:
            if waiting is not None:
                waiting()
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])
    try:
        yield
    finally:
        # A connection lost or a transaction failed around the block: the lock ends with the session.
        with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def _sqlite_lock_file(suffix: str) -> Path | None:
    name = str(connection.settings_dict["NAME"])
    if not name or name == ":memory:" or "mode=memory" in name:
        return None
    lock_file = Path(f"{name}.{suffix}")
    # No folder, no database: the first query says so, naming DATABASE_URL (cms/database_problems.py).
    return lock_file if lock_file.parent.is_dir() else None
