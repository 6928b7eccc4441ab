"""Database triggers: what must follow every write to the content, whoever makes it.

Signals see only what goes through Model.save() and delete() in this process. QuerySet.update(), bulk
operations, raw SQL, another app server or a command run beside them would leave a derived table or a
cache behind. Triggers run inside the database, in the writing transaction, so nothing can:

- every write to a table whose rows readers' pages show moves ContentState on (its generation and the
  time of the change), which a page being stored checks (articles/stored_pages.py);
- TagListing copies each tag link with its article's status and publish date, and follows both;
- a stored page (articles/stored_pages.py) is deleted when a row it depends on changes: an article it shows
  (itself, as a card or a translation), or a list (home, an author's, a tag's, the index of tags) that an article
  joins or leaves.
  An edit to what a page shows beside that (an article among its related articles, an author, tag or call to
  action) marks it stale instead: served once more, then rebuilt. Deleting such a row, or withdrawing such an
  article, deletes the page. Drafts are on no reader's page, so their saves delete nothing;
- a webhook outbox row (articles/webhooks.py) notes an article whose public state may have changed: one due at
  once for any write to an article that is or was public, or to its tags, and one due at the publish date of a
  scheduled article, so that it is announced when its time comes without anything written then. A write
  notes nothing when a row due at once for its article is already there that the announcer cannot have looked
  at yet, so an imported article with its tag links and its batch's update is one row, not five (_noted).

SQLite drops a table's triggers when a migration rebuilds the table, so `install` runs after every
`migrate` (a post_migrate receiver) as well as in migration 0009: it replaces whatever is there.
"""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

# Pages show rows of these tables; a change to any of them is a change to the pages.
CONTENT_TABLES = (
    "articles_article",
    "articles_article_tags",
    "articles_article_translations",
    "articles_author",
    "articles_tag",
    "articles_calltoaction",
    "articles_oldaddress",
)
STATE_TABLE = "articles_contentstate"
PAGES_TABLE = "articles_storedpage"
DEPENDENCY_TABLE = "articles_pagedependency"
OUTBOX_TABLE = "articles_webhookoutbox"
# The tables whose writes the webhook triggers watch, by the short name in the triggers' names.
HOOK_TABLES = {"article": "articles_article", "tags": "articles_article_tags"}
PREFIX = "folio_"

_SQLITE_NOW = "((julianday('now') - 2440587.5) * 86400.0)"
_POSTGRES_NOW = "extract(epoch from clock_timestamp())"


def _bump(now: str) -> str:
    # An upsert, so that a flushed or hand-emptied state table starts again instead of staying silent.
    return (
        f"INSERT INTO {STATE_TABLE} (id, generation, changed_at) VALUES (1, 1, {now}) "
        f"ON CONFLICT (id) DO UPDATE SET generation = {STATE_TABLE}.generation + 1, changed_at = excluded.changed_at"
    )


_LISTING_FROM_LINK = (
    "INSERT INTO articles_taglisting (tag_id, article_id, status, publish_date) "
    "SELECT NEW.tag_id, NEW.article_id, a.status, a.publish_date FROM articles_article a WHERE a.id = NEW.article_id "
    "ON CONFLICT (tag_id, article_id) DO NOTHING"
)
_LISTING_UNLINK = "DELETE FROM articles_taglisting WHERE tag_id = OLD.tag_id AND article_id = OLD.article_id"
_LISTING_FOLLOWS_ARTICLE = (
    "UPDATE articles_taglisting SET status = NEW.status, publish_date = NEW.publish_date WHERE article_id = NEW.id"
)


def _forget(keys: str, *, when: str = "", tag_lists_of: str = "") -> str:
    """Delete the stored pages depending on any of `keys` (SQL expressions), or on the tag lists of an article."""
    where = f"key IN ({keys})"
    if tag_lists_of:
        tag_lists = f"SELECT 'list:tag:' || tag_id FROM articles_article_tags WHERE article_id = {tag_lists_of}"
        where += f" OR key IN ({tag_lists})"
    sql = f"DELETE FROM {PAGES_TABLE} WHERE path IN (SELECT path FROM {DEPENDENCY_TABLE} WHERE {where})"
    return sql + (f" AND ({when})" if when else "")


# Earlier than any page's freshness: a page marked with it is stale (stored_pages.read).
_LONG_AGO = "'1970-01-01 00:00:00'"


def _mark_stale(keys: str, *, when: str = "") -> str:
    """Make the stored pages depending on any of `keys` stale: served once more, then rebuilt (stored_pages.py)."""
    sql = (
        f"UPDATE {PAGES_TABLE} SET fresh_until = {_LONG_AGO} WHERE fresh_until > {_LONG_AGO} "
        f"AND path IN (SELECT path FROM {DEPENDENCY_TABLE} WHERE key IN ({keys}))"
    )
    return sql + (f" AND ({when})" if when else "")


def _article(row: str) -> str:
    # Its own page and every page showing it; the home list, its author's list and its tags' lists.
    return _forget(
        f"'article:' || {row}.id, 'list:home', 'list:author:' || {row}.author_id",
        when=f"{row}.status = 'published'",
        tag_lists_of=f"{row}.id",
    )


# Other articles' pages showing an article among their related articles: an edit may lag there (each is served
# once more and rebuilt after that response), so an edit leaves them stored; an article withdrawn or deleted
# leaves no page that links to it.
_RELATED_EDITED = _mark_stale("'related:' || NEW.id", when="NEW.status = 'published'")
_RELATED_WITHDRAWN = _forget("'related:' || OLD.id", when="OLD.status = 'published' AND NEW.status <> 'published'")
_RELATED_DELETED = _forget("'related:' || OLD.id", when="OLD.status = 'published'")


# Per table: (the events, the statement). OLD is there on UPDATE and DELETE, NEW on INSERT and UPDATE.
_OLD, _NEW = ("UPDATE", "DELETE"), ("INSERT", "UPDATE")
PAGE_RULES = {
    "articles_article": [
        (_OLD, _article("OLD")),
        (_NEW, _article("NEW")),
        (("UPDATE",), _RELATED_EDITED),
        (("UPDATE",), _RELATED_WITHDRAWN),
        (("DELETE",), _RELATED_DELETED),
    ],
    "articles_article_tags": [
        (events, _forget(f"'article:' || {row}.article_id, 'list:tag:' || {row}.tag_id, 'list:tags'"))
        for events, row in ((_OLD, "OLD"), (_NEW, "NEW"))
    ],
    "articles_article_translations": [
        (events, _forget(f"'article:' || {row}.from_article_id, 'article:' || {row}.to_article_id"))
        for events, row in ((_OLD, "OLD"), (_NEW, "NEW"))
    ],
    # An author, a tag or a call to action is shown beside an article, on many pages at once (the default call to
    # action on nearly every article page): an edit marks them stale, so none is built while its reader waits.
    "articles_author": [
        (("UPDATE",), _mark_stale("'author:' || OLD.id, 'list:author:' || OLD.id")),
        (("DELETE",), _forget("'author:' || OLD.id, 'list:author:' || OLD.id")),
    ],
    "articles_tag": [
        (("UPDATE",), _mark_stale("'tag:' || OLD.id, 'list:tag:' || OLD.id")),
        (("DELETE",), _forget("'tag:' || OLD.id, 'list:tag:' || OLD.id")),
    ],
    "articles_calltoaction": [
        (("UPDATE",), _mark_stale("'cta:' || OLD.id")),
        (("DELETE",), _forget("'cta:' || OLD.id")),
        (("INSERT",), _mark_stale("'cta:default'", when="NEW.is_default")),
        (("UPDATE",), _mark_stale("'cta:default'", when="OLD.is_default OR NEW.is_default")),
        (("DELETE",), _forget("'cta:default'", when="OLD.is_default")),
    ],
}
_SHORT = {table: table.removeprefix("articles_") for table in PAGE_RULES}


def _sqlite_page_triggers(tables) -> list[str]:
    statements = []
    for table in tables:
        for event in ("INSERT", "UPDATE", "DELETE"):
            body = [sql for events, sql in PAGE_RULES.get(table, ()) if event in events]
            if body:
                statements.append(
                    f"CREATE TRIGGER {PREFIX}pages_{_SHORT[table]}_{event.lower()} AFTER {event} ON {table} "
                    f"BEGIN {'; '.join(body)}; END"
                )
    return statements


def _postgres_page_triggers(tables) -> list[str]:
    statements = []
    for table in tables:
        if table not in PAGE_RULES:
            continue
        # The state row is locked before pages are deleted: a page being stored reads it (stored_pages.py), so
        # a page built from rows this transaction is changing is either deleted here or never stored.
        body = f"PERFORM 1 FROM {STATE_TABLE} WHERE id = 1 FOR UPDATE; " + " ".join(
            f"IF TG_OP IN ({', '.join(repr(event) for event in events)}) THEN {sql}; END IF;"
            for events, sql in PAGE_RULES[table]
        )
        statements += [
            _postgres_function(f"pages_{_SHORT[table]}", body + " RETURN NULL;"),
            f"CREATE OR REPLACE TRIGGER {PREFIX}pages_{_SHORT[table]} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {PREFIX}pages_{_SHORT[table]}()",
        ]
    return statements


def _public(row: str, now: str) -> str:
    # Article.objects.published(), in SQL: the database's clock stands for "now" here, and the sender decides
    # with published() itself; this only chooses which writes are worth a look.
    return f"({row}.status = 'published' AND {row}.publish_date <= {now})"


def _scheduled(row: str, now: str) -> str:
    return f"({row}.status = 'published' AND {row}.publish_date > {now})"


def _noted(article_id: str, now: str, *, vendor: str) -> str:
    """Whether the article already has a row due at once that the announcer has not looked at, nor can before this
    transaction commits: whatever this write changed, that row's look at the article will see it.

    The announcer deletes the rows it takes before it reads the articles, in one transaction. On SQLite that
    transaction holds the write lock (transaction_mode IMMEDIATE), so no write runs between its delete and its
    reads, and any row a writer can see is one it has yet to take. PostgreSQL lets the two overlap: a row
    committed earlier may be under the announcer's delete at this moment, its reads not seeing this write, so
    only a row written by this same transaction counts there.
    """
    mine = " AND o.written_in = txid_current()" if vendor == "postgresql" else ""
    return f"EXISTS (SELECT 1 FROM {OUTBOX_TABLE} o WHERE o.article_id = {article_id} AND o.due_at <= {now}{mine})"


def _postgres_outbox(article_id: str, due_at: str) -> str:
    return (
        f"INSERT INTO {OUTBOX_TABLE} (article_id, due_at, written_in) VALUES ({article_id}, {due_at}, txid_current())"
    )


_SQLITE_NOW_TEXT = "strftime('%Y-%m-%d %H:%M:%f', 'now')"  # as Django stores a UTC datetime, to the millisecond


def _sqlite_webhook_triggers() -> list[str]:
    now = _SQLITE_NOW_TEXT
    link_public = (
        f"INSERT INTO {OUTBOX_TABLE} (article_id, due_at, written_in) SELECT a.id, {now}, 0 FROM articles_article a "
        f"WHERE a.id = {{row}}.article_id AND {_public('a', now)} AND NOT {_noted('a.id', now, vendor='sqlite')}"
    )
    when_due = (
        f"INSERT INTO {OUTBOX_TABLE} (article_id, due_at, written_in) "
        f"SELECT NEW.id, NEW.publish_date, 0 WHERE {_scheduled('NEW', now)}"
    )

    def at_once(row: str, when: str) -> str:
        return (
            f"INSERT INTO {OUTBOX_TABLE} (article_id, due_at, written_in) SELECT {row}.id, {now}, 0 "
            f"WHERE ({when}) AND NOT {_noted(f'{row}.id', now, vendor='sqlite')}"
        )

    article = {
        "insert": [at_once("NEW", _public("NEW", now)), when_due],
        "update": [at_once("NEW", f"{_public('OLD', now)} OR {_public('NEW', now)}"), when_due],
        "delete": [at_once("OLD", _public("OLD", now))],
    }
    tags = {
        "insert": [link_public.format(row="NEW")],
        "update": [link_public.format(row="OLD"), link_public.format(row="NEW")],
        "delete": [link_public.format(row="OLD")],
    }
    return [
        f"CREATE TRIGGER {PREFIX}hooks_{short}_{event} AFTER {event.upper()} ON {HOOK_TABLES[short]} "
        f"BEGIN {'; '.join(body)}; END"
        for short, bodies in (("article", article), ("tags", tags))
        for event, body in bodies.items()
    ]


def _postgres_webhook_triggers() -> list[str]:
    now = "clock_timestamp()"
    link = (
        f"INSERT INTO {OUTBOX_TABLE} (article_id, due_at, written_in) SELECT a.id, {now}, txid_current() "
        f"FROM articles_article a WHERE a.id = {{row}}.article_id AND {_public('a', now)} "
        f"AND NOT {_noted('a.id', now, vendor='postgresql')};"
    )

    def at_once(row: str) -> str:
        return (
            f"IF NOT {_noted(f'{row}.id', now, vendor='postgresql')} THEN {_postgres_outbox(f'{row}.id', now)}; END IF;"
        )

    # NEW is null in a DELETE and OLD in an INSERT, and PL/pgSQL may evaluate every part of a condition: the
    # operation is tested in an IF of its own before either is read.
    article = (
        "DECLARE was_public boolean := false; BEGIN "
        f"IF TG_OP IN ('UPDATE', 'DELETE') THEN was_public := coalesce({_public('OLD', now)}, false); END IF; "
        f"IF was_public THEN {at_once('OLD')} END IF; "
        f"IF TG_OP IN ('INSERT', 'UPDATE') THEN "
        f"IF {_public('NEW', now)} AND NOT was_public THEN {at_once('NEW')} "
        f"ELSIF {_scheduled('NEW', now)} THEN {_postgres_outbox('NEW.id', 'NEW.publish_date')}; END IF; "
        "END IF; "
        "RETURN NULL; END"
    )
    tags = (
        f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {link.format(row='OLD')} END IF; "
        f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {link.format(row='NEW')} END IF; RETURN NULL;"
    )
    return [
        f"CREATE OR REPLACE FUNCTION {PREFIX}hooks_article() RETURNS trigger LANGUAGE plpgsql AS $$ {article} $$",
        f"CREATE OR REPLACE TRIGGER {PREFIX}hooks_article AFTER INSERT OR UPDATE OR DELETE ON articles_article "
        f"FOR EACH ROW EXECUTE FUNCTION {PREFIX}hooks_article()",
        _postgres_function("hooks_tags", tags),
        f"CREATE OR REPLACE TRIGGER {PREFIX}hooks_tags AFTER INSERT OR UPDATE OR DELETE ON articles_article_tags "
        f"FOR EACH ROW EXECUTE FUNCTION {PREFIX}hooks_tags()",
    ]


def _sqlite_statements(tables) -> list[str]:
    statements = []
    for table in tables:
        for event in ("INSERT", "UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER {PREFIX}{table}_{event.lower()} AFTER {event} ON {table} "
                f"BEGIN {_bump(_SQLITE_NOW)}; END"
            )
    statements += [
        f"CREATE TRIGGER {PREFIX}listing_link AFTER INSERT ON articles_article_tags BEGIN {_LISTING_FROM_LINK}; END",
        f"CREATE TRIGGER {PREFIX}listing_unlink AFTER DELETE ON articles_article_tags BEGIN {_LISTING_UNLINK}; END",
        f"CREATE TRIGGER {PREFIX}listing_relink AFTER UPDATE ON articles_article_tags "
        f"BEGIN {_LISTING_UNLINK}; {_LISTING_FROM_LINK}; END",
        f"CREATE TRIGGER {PREFIX}listing_article AFTER UPDATE OF status, publish_date ON articles_article "
        f"WHEN NEW.status IS NOT OLD.status OR NEW.publish_date IS NOT OLD.publish_date "
        f"BEGIN {_LISTING_FOLLOWS_ARTICLE}; END",
    ]
    return statements


def _postgres_function(name: str, body: str) -> str:
    return f"CREATE OR REPLACE FUNCTION {PREFIX}{name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} END $$"


def _postgres_statements(tables) -> list[str]:
    statements = [
        # A truncated table takes every stored page with it.
        _postgres_function(
            "content_changed",
            f"{_bump(_POSTGRES_NOW)}; IF TG_OP = 'TRUNCATE' THEN DELETE FROM {PAGES_TABLE}; END IF; RETURN NULL;",
        ),
        _postgres_function(
            "listing_follows_link",
            f"IF TG_OP IN ('DELETE', 'UPDATE') THEN {_LISTING_UNLINK}; END IF; "
            f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {_LISTING_FROM_LINK}; END IF; RETURN NULL;",
        ),
        _postgres_function(
            "listing_follows_article",
            "IF NEW.status IS DISTINCT FROM OLD.status OR NEW.publish_date IS DISTINCT FROM OLD.publish_date THEN "
            f"{_LISTING_FOLLOWS_ARTICLE}; END IF; RETURN NULL;",
        ),
    ]
    for table in tables:
        # One bump per statement: a bulk update of ten thousand rows is one change.
        statements.append(
            f"CREATE OR REPLACE TRIGGER {PREFIX}{table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {PREFIX}content_changed()"
        )
    statements += [
        f"CREATE OR REPLACE TRIGGER {PREFIX}listing_link AFTER INSERT OR UPDATE OR DELETE ON articles_article_tags "
        f"FOR EACH ROW EXECUTE FUNCTION {PREFIX}listing_follows_link()",
        f"CREATE OR REPLACE TRIGGER {PREFIX}listing_article AFTER UPDATE OF status, publish_date "
        f"ON articles_article FOR EACH ROW EXECUTE FUNCTION {PREFIX}listing_follows_article()",
    ]
    return statements


def expected_triggers(vendor: str) -> set[str]:
    """The names of the triggers `install` makes on this kind of database."""
    if vendor == "sqlite":
        names = {f"{PREFIX}{table}_{event}" for table in CONTENT_TABLES for event in ("insert", "update", "delete")}
        names |= {
            f"{PREFIX}pages_{_SHORT[table]}_{event.lower()}"
            for table, rules in PAGE_RULES.items()
            for events, _ in rules
            for event in events
        }
        names |= {f"{PREFIX}hooks_{short}_{event}" for short in HOOK_TABLES for event in ("insert", "update", "delete")}
        return names | {f"{PREFIX}listing_{name}" for name in ("link", "unlink", "relink", "article")}
    return (
        {f"{PREFIX}{table}_changed" for table in CONTENT_TABLES}
        | {f"{PREFIX}pages_{_SHORT[table]}" for table in PAGE_RULES}
        | {f"{PREFIX}listing_link", f"{PREFIX}listing_article"}
        | {f"{PREFIX}hooks_{short}" for short in HOOK_TABLES}
    )


def installed_triggers(connection: BaseDatabaseWrapper) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [PREFIX + "%"])
        else:
            cursor.execute(
                "SELECT DISTINCT trigger_name FROM information_schema.triggers WHERE trigger_name LIKE %s",
                [PREFIX + "%"],
            )
        return {row[0] for row in cursor.fetchall()}


def install(connection: BaseDatabaseWrapper) -> None:
    """Make (or make again) every trigger; safe to run any number of times."""
    if connection.vendor not in ("sqlite", "postgresql"):
        raise NotImplementedError(f"Folio's triggers are written for SQLite and PostgreSQL, not {connection.vendor}.")
    # A migrate that stops short of the newest migration has not made every table yet.
    existing = set(connection.introspection.table_names())
    tables = [table for table in CONTENT_TABLES if table in existing]
    page_tables = tables if {PAGES_TABLE, DEPENDENCY_TABLE} <= existing else []
    hooks = {OUTBOX_TABLE, *HOOK_TABLES.values()} <= existing
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in installed_triggers(connection):
                cursor.execute(f'DROP TRIGGER "{name}"')
            statements = _sqlite_statements(tables) + _sqlite_page_triggers(page_tables)
            statements += _sqlite_webhook_triggers() if hooks else []
        else:
            statements = _postgres_statements(tables) + _postgres_page_triggers(page_tables)
            statements += _postgres_webhook_triggers() if hooks else []
        for statement in statements:
            cursor.execute(statement)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in installed_triggers(connection):
                cursor.execute(f'DROP TRIGGER "{name}"')
            return
        existing = set(connection.introspection.table_names())
        for table in CONTENT_TABLES:
            if table in existing:
                cursor.execute(f"DROP TRIGGER IF EXISTS {PREFIX}{table}_changed ON {table}")
        cursor.execute(f"DROP TRIGGER IF EXISTS {PREFIX}listing_link ON articles_article_tags")
        cursor.execute(f"DROP TRIGGER IF EXISTS {PREFIX}listing_article ON articles_article")
        for table in PAGE_RULES:
            if table in existing:
                cursor.execute(f"DROP TRIGGER IF EXISTS {PREFIX}pages_{_SHORT[table]} ON {table}")
        for name in ("content_changed", "listing_follows_link", "listing_follows_article"):
            cursor.execute(f"DROP FUNCTION IF EXISTS {PREFIX}{name}()")
        for table in PAGE_RULES:
            cursor.execute(f"DROP FUNCTION IF EXISTS {PREFIX}pages_{_SHORT[table]}()")
        for short, table in HOOK_TABLES.items():
            if table in existing:
                cursor.execute(f"DROP TRIGGER IF EXISTS {PREFIX}hooks_{short} ON {table}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {PREFIX}hooks_{short}()")


def hold_content_lock(using: str = DEFAULT_DB_ALIAS) -> None:
    """Take now, until the transaction ends, the lock every write to the content takes first.

    On PostgreSQL the page triggers lock the state row before anything else they do. A transaction that locks an
    article's row (select_for_update) and writes afterwards would hold that row while it waits for the state row,
    and a writer already holding the state row (an import's batch) that comes to the article would wait for it:
    a deadlock, which PostgreSQL ends by failing one of them. So whatever locks an article to write it takes
    this lock first, and every writer takes the two in one order. On SQLite the write lock, taken when the
    transaction begins (IMMEDIATE), already is that one lock.
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {STATE_TABLE} WHERE id = 1 FOR UPDATE")


def content_changed(connection: BaseDatabaseWrapper) -> None:
    """Move ContentState on by hand, for writes the triggers cannot see (a migration run before they existed)."""
    with connection.cursor() as cursor:
        cursor.execute(_bump(_SQLITE_NOW if connection.vendor == "sqlite" else _POSTGRES_NOW))


def install_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    connection = connections[using]
    if STATE_TABLE not in connection.introspection.table_names():
        return  # migrated back to before the state table: nothing to keep up to date
    install(connection)
    # Data migrations ran without the triggers a rebuilt table had lost: count the migrate as a change.
    content_changed(connection)
    if PAGES_TABLE in connection.introspection.table_names():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {PAGES_TABLE}")
