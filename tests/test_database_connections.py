"""PostgreSQL: a kept connection is checked before each request without a round trip, and replaced when the
server has ended it; a stored page's query is prepared by the server once per connection."""

import logging

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from articles import stored_pages
from cms.postgresql.base import DatabaseWrapper

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the check is PostgreSQL's backend's"),
    pytest.mark.django_db,
]


@pytest.fixture
def kept():
    """A second connection to the test database, as a server process keeps one between requests."""
    kept = connections.create_connection("default")
    kept.ensure_connection()
    yield kept
    kept.close()


def backend_pid(wrapper) -> int:
    return wrapper.connection.info.backend_pid


def last_query_of(pid: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0]


def end_session(pid: int) -> None:
    """What a restart does to each session: the server ends it (and here waits until it has)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s, 10000)", [pid])
        assert cursor.fetchone() == (True,)


def test_the_settings_use_folios_postgresql_backend():
    assert connection.settings_dict["ENGINE"] == "cms.postgresql"
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


def test_a_kept_connection_in_use_is_found_usable_without_sending_the_server_anything(kept):
    with kept.cursor() as cursor:
        cursor.execute("SELECT 'the last thing asked'")
    assert kept.is_usable()
    # Django's own check would have made `SELECT 1` the session's last query.
    assert last_query_of(backend_pid(kept)) == "SELECT 'the last thing asked'"


def test_a_kept_connection_the_server_ended_is_found_unusable(kept):
    end_session(backend_pid(kept))
    assert not kept.is_usable()


def test_a_request_after_the_server_ended_the_kept_connection_runs_on_a_new_one(kept):
    ended = backend_pid(kept)
    end_session(ended)
    # As Django does at the start of each request, then on the request's first query.
    kept.close_if_unusable_or_obsolete()
    with kept.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    assert backend_pid(kept) != ended


def test_a_connection_left_in_a_failed_transaction_is_asked_by_the_server_and_found_unusable(kept):
    kept.connection.autocommit = False
    with kept.connection.cursor() as cursor, pytest.raises(Exception, match="division by zero"):
        cursor.execute("SELECT 1 / 0")
    assert not kept.is_usable()
    kept.connection.rollback()
    kept.connection.autocommit = True
    assert kept.is_usable()


def prepared_statements(wrapper) -> list[str]:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def test_a_stored_pages_read_is_a_statement_the_server_keeps_prepared_and_still_one_logged_query():
    with CaptureQueriesContext(connection) as queries:
        assert stored_pages.read("/nowhere/", gzip_accepted=True) is None
    assert len(queries) == 1
    assert any("articles_storedpage" in statement for statement in prepared_statements(connection))


def test_other_queries_are_not_prepared(kept):
    with kept.cursor() as cursor:
        cursor.execute("SELECT %s::int + 1", [1])
        cursor.execute("SELECT %s::int + 1", [1])
    assert prepared_statements(kept) == []


@pytest.fixture
def prepares(monkeypatch):
    """The process's switch, restored after the test."""
    monkeypatch.setattr(DatabaseWrapper, "prepares", True)


def test_sessions_that_lose_their_prepared_statements_are_read_without_them_from_then_on(kept, prepares, caplog):
    def add_one() -> int:
        with kept.prepared_cursor() as cursor:
            cursor.execute("SELECT %s::int + 1", [41])
            return cursor.fetchone()[0]

    assert add_one() == 42
    assert prepared_statements(kept)
    # As a pooler in transaction mode does, handing over a session that has not got them: behind psycopg's back.
    kept.connection.pgconn.exec_(b"DEALLOCATE ALL")
    with caplog.at_level(logging.WARNING, logger="cms.postgresql.base"):
        assert add_one() == 42
    assert "do not keep prepared statements" in caplog.text
    assert DatabaseWrapper.prepares is False
    assert add_one() == 42
    assert prepared_statements(kept) == []
