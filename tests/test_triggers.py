"""The database's triggers: installed by every migrate, moving the content version on for every kind of write.

What they do to stored pages is tested with the pages, in test_stored_pages.py."""

import pytest
from django.core.management import call_command
from django.db import connection

from articles import triggers
from articles.models import Article, ContentState
from tests.factories import make_article, make_author, make_call_to_action, make_tag

pytestmark = pytest.mark.django_db


def generation() -> int:
    return ContentState.objects.get(pk=1).generation


def test_migrate_installs_every_trigger():
    assert triggers.installed_triggers(connection) == triggers.expected_triggers(connection.vendor)


def test_a_migrate_puts_back_a_trigger_that_went_missing_and_counts_as_a_change():
    # SQLite drops a table's triggers whenever a migration rebuilds the table.
    name = "folio_listing_article"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {name}" + ("" if connection.vendor == "sqlite" else " ON articles_article"))
    assert name not in triggers.installed_triggers(connection)
    before = generation()
    call_command("migrate", verbosity=0)
    assert triggers.installed_triggers(connection) == triggers.expected_triggers(connection.vendor)
    assert generation() > before


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda a: Article.objects.filter(pk=a.pk).update(title="Updated in place"), id="queryset-update"),
        pytest.param(lambda a: a.author.__class__.objects.update(name="Renamed"), id="author-update"),
        pytest.param(lambda a: a.tags.add(make_tag()), id="tag-added"),
        pytest.param(lambda a: a.tags.clear(), id="tags-cleared"),
        pytest.param(lambda a: a.translations.add(make_article(language="fr")), id="translation-linked"),
        pytest.param(lambda a: make_call_to_action(is_default=True), id="call-to-action-made"),
        pytest.param(lambda a: Article.objects.filter(pk=a.pk).delete(), id="article-deleted"),
        pytest.param(lambda a: make_author(), id="author-made"),
    ],
)
def test_every_kind_of_write_to_what_readers_see_moves_the_content_version_on(write):
    article = make_article(tags=[make_tag()])
    before = ContentState.objects.get(pk=1)
    write(article)
    after = ContentState.objects.get(pk=1)
    assert after.generation > before.generation
    assert after.changed_at >= before.changed_at


def test_writes_readers_cannot_see_leave_the_content_version_alone(django_user_model):
    before = generation()
    django_user_model.objects.create_user("someone", password="x")
    assert generation() == before


def test_a_migrate_deletes_every_stored_page(client, settings):
    # Data migrations write with no triggers to follow them; the pages are built again from what they left.
    settings.STORED_PAGES = True
    make_article()
    assert client.get("/")["X-Stored-Page"] == "stored"
    call_command("migrate", verbosity=0)
    assert client.get("/")["X-Stored-Page"] == "stored"
