"""PostgreSQL: a kept connection is checked before each request without a round trip, and replaced when the
server has ended it; a stored page's query is prepared by the server once per connection."""

import logging

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from articles import stored_pages
from cms.postgresql.base import DatabaseWrapper
from tests.factories import make_article

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


@pytest.fixture
def migrate():
    """Runs SQL in a session of its own, committed, as a deploy's `migrate` does while old server processes run."""
    session = connections.create_connection("default")

    def run(sql: str) -> None:
        with session.cursor() as cursor:
            cursor.execute(sql)

    yield run
    session.close()


def stored_page_columns() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'articles_storedpage' "
            "ORDER BY ordinal_position"
        )
        return cursor.fetchall()


@pytest.fixture
def stored_page_headers_as_text(migrate):
    """Changes the type of a column the stored page's query returns (headers, jsonb to text), then changes it
    back: the test database outlives the test."""
    columns = stored_page_columns()
    yield lambda: migrate("ALTER TABLE articles_storedpage ALTER COLUMN headers TYPE text")
    migrate("ALTER TABLE articles_storedpage ALTER COLUMN headers TYPE jsonb USING headers::jsonb")
    assert stored_page_columns() == columns


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("stored_pages_on")
def test_a_stored_page_is_read_after_a_migration_changes_the_type_of_a_column_its_query_returns(
    client, author, prepares, stored_page_headers_as_text, caplog
):
    make_article(author=author, title="Harbour lights", slug="harbour-lights")
    assert client.get("/")["X-Stored-Page"] == "stored"
    page = client.get("/")
    assert page["X-Stored-Page"] == "hit"
    stored_page_headers_as_text()
    with caplog.at_level(logging.INFO, logger="cms.postgresql.base"):
        again = client.get("/")
    assert (again.status_code, again["X-Stored-Page"], again.content) == (200, "hit", page.content)
    assert again["Content-Type"] == page["Content-Type"]
    assert "prepared again" in caplog.text
    # The query is prepared again on the same connection, not read without preparing as behind an old pooler.
    assert DatabaseWrapper.prepares is True
    assert any("articles_storedpage" in statement for statement in prepared_statements(connection))
    assert client.get("/").content == page.content


@pytest.fixture
def lights(migrate):
    """A table of the test's own, as the test rebuilds it."""
    migrate("CREATE TABLE lights (id int PRIMARY KEY, colour varchar(20) NOT NULL)")
    migrate("INSERT INTO lights VALUES (1, 'green')")
    yield
    migrate("DROP TABLE IF EXISTS lights")


@pytest.mark.usefixtures("lights")
def test_a_query_of_a_table_made_again_with_another_column_type_is_prepared_again(kept, prepares, migrate):
    def colour() -> str:
        with kept.prepared_cursor() as cursor:
            cursor.execute("SELECT colour FROM lights WHERE id = %s", [1])
            return cursor.fetchone()[0]

    assert colour() == "green"
    # As a migration that makes the table again does, its rows copied into the new one.
    migrate("DROP TABLE lights")
    migrate("CREATE TABLE lights (id int PRIMARY KEY, colour text NOT NULL)")
    migrate("INSERT INTO lights VALUES (1, 'green')")
    assert colour() == "green"
    assert DatabaseWrapper.prepares is True
    assert prepared_statements(kept) == ["SELECT colour FROM lights WHERE id = $1"]
    assert colour() == "green"
