"""The GIN index that serves search on PostgreSQL, kept for the configuration search reads with.

PostgreSQL uses an expression index only for the very expression a query has, configuration and all: an index
built for `english` does nothing for a French site's searches, which then read every article. Migration 0003
builds it for English; after every migrate (and so after a change of LANGUAGE_CODE or SEARCH_CONFIG, once
migrate has run) it is built again if search reads with another configuration. Until then a database check
(`manage.py check --database default`, and migrate's own checks) says so.
"""

import re

from django.contrib.postgres.indexes import GinIndex
from django.core import checks
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from .search import document_vector
from .search_languages import config_source, search_config

SEARCH_INDEX = "article_search_idx"
# Built beside the one in use under this name, and put in its place once whole.
NEXT_SEARCH_INDEX = "article_search_next_idx"
_CONFIG_IN_DEFINITION = re.compile(r"'((?:[^']|'')+)'::regconfig")


def search_index(*, config: str, name: str = SEARCH_INDEX) -> GinIndex:
    return GinIndex(document_vector(config=config), name=name)


def built_for(connection) -> set[str] | None:
    """The configurations the search index is built with, as PostgreSQL names them; None when there is none."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_indexdef(to_regclass(%s))", [SEARCH_INDEX])
        (definition,) = cursor.fetchone()
    if definition is None:
        return None
    return {name.replace("''", "'") for name in _CONFIG_IN_DEFINITION.findall(definition)}


def known_as(connection, config: str) -> str | None:
    """How PostgreSQL names `config` in an index's definition (schema-qualified when off the search path);
    None when it has no such text search configuration."""
    schema, _, name = config.rpartition(".")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.oid::regconfig::text FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace "
            "WHERE c.cfgname = %s AND (n.nspname = %s OR (%s = '' AND pg_ts_config_is_visible(c.oid)))",
            [name, schema, schema],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def rebuild_search_index(*, config: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Builds the search index for `config` and puts it in place of the one there."""
    from .models import Article

    connection = connections[using]
    # Concurrently, so that editors and imports can write while it is built; only outside a transaction.
    concurrently = not connection.in_atomic_block
    following = search_index(config=config, name=NEXT_SEARCH_INDEX)
    with connection.schema_editor(atomic=False) as editor:
        # One left by a build that was stopped part-way is no index to keep.
        editor.execute(f"DROP INDEX {'CONCURRENTLY ' if concurrently else ''}IF EXISTS {NEXT_SEARCH_INDEX}")
        editor.add_index(Article, following, concurrently=concurrently)
    with transaction.atomic(using=using), connection.schema_editor() as editor:
        editor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")
        editor.rename_index(Article, following, search_index(config=config))


def configs(connection) -> tuple[str | None, set[str] | None]:
    """Search's configuration as PostgreSQL names it (None: it has none of that name), and the index's."""
    return known_as(connection, search_config()), built_for(connection)


def search_index_problem(connection) -> checks.CheckMessage | None:
    """What is wrong between search and its index on this database; None when nothing is (or it is not PostgreSQL)."""
    if connection.vendor != "postgresql":
        return None
    config, built = configs(connection)
    if config is None:
        # Every search would fail, and so would building the index.
        return checks.Error(
            f"Search reads with PostgreSQL's text search configuration {search_config()!r} ({config_source()}), "
            "which this database does not have.",
            hint="Set SEARCH_CONFIG to one that psql's \\dF lists, or to simple.",
            id="articles.E001",
        )
    if built is None or built == {config}:
        return None  # not migrated yet, or in step
    return checks.Warning(
        f"The search index ({SEARCH_INDEX}) is built for the {', '.join(sorted(built))} configuration, but search "
        f"reads with {config} ({config_source()}): until it is rebuilt, every search reads every article.",
        hint="Run `manage.py migrate`, which rebuilds it.",
        id="articles.W001",
    )


def check_search_index(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    problems = (search_index_problem(connections[alias]) for alias in databases or ())
    return [problem for problem in problems if problem is not None]


def rebuild_after_migrate(sender, using=DEFAULT_DB_ALIAS, verbosity=1, stdout=None, **kwargs) -> None:
    """For post_migrate: builds the search index again when it is built for another configuration than search's."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    config, built = configs(connection)
    # A configuration PostgreSQL lacks is the check's to report (migrate runs it first).
    if config is None or built is None or built == {config}:
        return
    if verbosity and stdout is not None:
        stdout.write(
            f"  Building the search index for {config} ({config_source()}), in place of {', '.join(sorted(built))}."
        )
    rebuild_search_index(config=config, using=using)
