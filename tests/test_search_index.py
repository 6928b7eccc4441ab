"""The search index on PostgreSQL follows the configuration search reads with, and says when it does not."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection

from articles.models import Article
from articles.search import search
from articles.search_index import built_for, rebuild_search_index
from tests.test_search import uses_search_index

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the search index is PostgreSQL's only")


def database_check() -> str:
    """What `manage.py check --database default` says."""
    said = StringIO()
    call_command("check", databases=["default"], stdout=StringIO(), stderr=said)
    return said.getvalue()


@pytest.fixture
def english_index_after():
    """For tests whose rebuild is no transaction the test's end rolls back."""
    yield
    if built_for(connection) != {"english"}:
        rebuild_search_index(config="english")


def test_migrations_build_the_search_index_for_english_sites(db):
    assert built_for(connection) == {"english"}
    assert database_check() == ""


def test_the_index_built_for_the_sites_language_serves_its_searches(db, settings):
    settings.LANGUAGE_CODE = "fr"
    # Built for another language, the index is no use: PostgreSQL would read every article.
    assert not uses_search_index(search(Article.objects.all(), "chevaux"))
    rebuild_search_index(config="french")
    assert built_for(connection) == {"french"}
    assert uses_search_index(search(Article.objects.all(), "chevaux"))


def test_the_database_check_says_when_the_index_is_for_another_language_and_how_to_fix_it(db, settings):
    settings.LANGUAGE_CODE = "de-at"
    said = database_check()
    assert "articles.W001" in said
    assert (
        "The search index (article_search_idx) is built for the english configuration, but search reads with "
        "german (LANGUAGE_CODE=de-at): until it is rebuilt, every search reads every article." in said
    )
    assert "HINT: Run `manage.py migrate`, which rebuilds it." in said
    rebuild_search_index(config="german")
    assert database_check() == ""


def test_the_database_check_names_a_search_config_postgresql_does_not_have(db, settings):
    settings.SEARCH_CONFIG = "klingon"
    with pytest.raises(SystemCheckError) as raised:
        database_check()
    assert (
        "Search reads with PostgreSQL's text search configuration 'klingon' (SEARCH_CONFIG=klingon), "
        "which this database does not have." in str(raised.value)
    )


def test_a_search_config_named_with_its_schema_is_the_one_the_index_is_built_for(db, settings):
    settings.SEARCH_CONFIG = "pg_catalog.simple"
    rebuild_search_index(config="pg_catalog.simple")
    assert database_check() == ""
    assert uses_search_index(search(Article.objects.all(), "chevaux"))


def test_migrate_builds_the_index_again_for_a_changed_language(transactional_db, settings, english_index_after):
    settings.LANGUAGE_CODE = "es"
    said = StringIO()
    call_command("migrate", verbosity=1, stdout=said)
    assert "Building the search index for spanish (LANGUAGE_CODE=es), in place of english." in said.getvalue()
    assert built_for(connection) == {"spanish"}
    assert database_check() == ""
    assert uses_search_index(search(Article.objects.all(), "perros"))
    # In step, the next migrate leaves it as it is.
    said = StringIO()
    call_command("migrate", verbosity=1, stdout=said)
    assert "search index" not in said.getvalue()
