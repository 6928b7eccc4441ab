"""One import at a time into a database: a second one waits for the first, and then reads the site as it left it."""

import threading

import pytest
from django.db import connection, connections

from articles.import_lock import one_import_at_a_time
from articles.importing import import_paths
from tests.markdown_files import article_text, write

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the test database of SQLite is in memory, one process's")
def test_an_import_waits_while_another_import_holds_the_database_and_says_so(tmp_path):
    write(tmp_path, "shoal.md", article_text(title="'Shoal'", slug="shoal"))
    holding, release = threading.Event(), threading.Event()
    events = []

    def other_import():
        try:
            with one_import_at_a_time():
                holding.set()
                release.wait(60)
                events.append("other import finished")
        finally:
            connections.close_all()

    other = threading.Thread(target=other_import)
    other.start()
    assert holding.wait(60)

    def waiting():
        events.append("waiting")
        release.set()

    report = import_paths([tmp_path], waiting=waiting)
    events.append("imported")
    other.join(60)

    assert events == ["waiting", "other import finished", "imported"]
    assert report.summary["created"] == 1
