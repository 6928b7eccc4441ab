"""The version check and the save happen under one row lock, so two saves racing each other cannot both win."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from articles.models import Article
from articles.revisions import check_version
from tests.factories import make_article

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
