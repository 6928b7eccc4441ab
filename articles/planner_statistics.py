"""Telling the database's query planner how big the tables have grown, after an import.

Apart from the import because it is a matter of the database, not of any file: the benchmarks call it after
filling a database of their own, and it names the tables readers' pages query, which the import only fills.
"""

from django.db import connection

from .models import Article, Author, OldAddress, Tag, TagListing

# The tables an import fills that readers' pages query, analysed after it on PostgreSQL. Of the articles, only
# the columns pages and imports look rows up, join and order by: reading every long text column for its
# statistics took 5 s at 10,000 articles, these 0.06 s.
PLANNED_TABLES = (
    f"{Article._meta.db_table} (id, slug, status, publish_date, author_id, language, call_to_action_id, source_path)",
    *(
        model._meta.db_table
        for model in (Article.tags.through, Article.translations.through, TagListing, Author, Tag, OldAddress)
    ),
)


def refresh_planner_statistics() -> None:
    """Let the database's query planner know the tables' sizes after many rows arrive.

    Without them SQLite reads an article's translations by walking every published article, and a page's cost
    grows with the site. PostgreSQL's autovacuum analyses a table some time after it changes, or never where it
    is turned off; until then its plans for the new rows read far too much (see docs/performance.md).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=1000")  # a sample of each index: fast at any size
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(PLANNED_TABLES)}")
