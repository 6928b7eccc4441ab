"""The version check and the save happen under one row lock, so two saves racing each other cannot both win, and
an editor's save racing an import neither deadlocks nor loses either one's text."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, connections, transaction

from articles.importing import import_paths
from articles.models import Article
from articles.revisions import check_version
from tests.factories import make_article
from tests.markdown_files import article_text, write

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite locks the whole file)")
def test_a_save_that_waited_for_the_lock_sees_the_new_version_and_is_refused():
    article = make_article(body="Original.")
    based_on = article.version
    first_holds_lock = threading.Event()
    outcome = {}

    def second_save():
        try:
            first_holds_lock.wait(60)
            with transaction.atomic():
                locked = check_version(article.pk, based_on)  # blocks until the first save commits
                locked.body = "Second."
                locked.save()
            outcome["second"] = "saved"
        except ValidationError:
            outcome["second"] = "refused"
        finally:
            connections.close_all()

    racer = threading.Thread(target=second_save)
    racer.start()
    with transaction.atomic():
        locked = check_version(article.pk, based_on)
        first_holds_lock.set()
        racer.join(0.5)
        assert racer.is_alive(), "the second save should be waiting for the row lock"
        locked.body = "First."
        locked.save()
    # Generous: a loaded machine makes the second save slow, not wrong.
    racer.join(60)

    assert outcome == {"second": "refused"}
    assert Article.objects.get(pk=article.pk).body == "First."


def _someone_waits_for_a_lock(within: float = 60) -> bool:
    """Whether another connection is waiting for a lock, looked at until it is or `within` seconds pass."""
    deadline = time.monotonic() + within
    with connections["default"].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # else a transaction sees its first look again
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid() "
                "AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False


def _imported_pair(folder):
    write(folder, "quay.md", article_text(title="'Quay'", slug="quay", body="The file's first words.\n"))
    write(folder, "jetty.md", article_text(title="'Jetty'", slug="jetty", body="Planks.\n"))
    import_paths([folder])
    return Article.objects.get(slug="quay")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite locks the whole file)")
def test_an_editors_save_arriving_while_an_import_batch_writes_the_article_is_refused_not_deadlocked(tmp_path):
    article = _imported_pair(tmp_path)
    outcome = {}

    def editors_save():
        try:
            with transaction.atomic():
                locked = check_version(article.pk, article.version)
                locked.body = "The editor's words."
                locked.save()
            outcome["editor"] = "saved"
        except ValidationError:
            outcome["editor"] = "refused"
        except DatabaseError as error:
            outcome["editor"] = f"failed: {error}"
        finally:
            connections.close_all()

    editor = threading.Thread(target=editors_save)
    with transaction.atomic():  # one batch of an import: a file written, then the article the editor is saving
        write(tmp_path, "jetty.md", article_text(title="'Jetty'", slug="jetty", body="New planks.\n"))
        import_paths([tmp_path])
        editor.start()
        assert _someone_waits_for_a_lock(), "the editor's save should wait for the import's batch"
        write(tmp_path, "quay.md", article_text(title="'Quay'", slug="quay", body="The file's new words.\n"))
        report = import_paths([tmp_path])
    editor.join(60)

    assert {result.slug: result.status for result in report.files}["quay"] == "updated", report.as_dict()
    assert outcome == {"editor": "refused"}
    assert Article.objects.get(pk=article.pk).body.strip() == "The file's new words."


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite locks the whole file)")
def test_an_import_reading_an_article_while_an_editor_saves_it_keeps_the_editors_text(tmp_path):
    article = _imported_pair(tmp_path)
    saved, outcome = threading.Event(), {}

    def editors_save():
        try:
            with transaction.atomic():
                locked = check_version(article.pk, article.version)
                locked.body = "The editor's words."
                locked.save()
                saved.set()
                # Committed only once the import is waiting: it read the article before this save was visible.
                outcome["import waited"] = _someone_waits_for_a_lock()
        finally:
            connections.close_all()

    editor = threading.Thread(target=editors_save)
    editor.start()
    assert saved.wait(60)
    write(tmp_path, "quay.md", article_text(title="'Quay'", slug="quay", body="The file's new words.\n"))
    report = import_paths([tmp_path])
    editor.join(60)

    assert outcome == {"import waited": True}
    (quay,) = [result for result in report.files if result.slug == "quay"]
    assert quay.status == "failed" and "edited in the admin" in quay.errors[0], report.as_dict()
    assert Article.objects.get(pk=article.pk).body == "The editor's words."
