"""Matching text in any case, for every letter: SQLite's LIKE and = fold the case of ASCII letters only.

`title__contains_any_case="élan"` finds "Élan" on both databases, and `slug__exact_any_case="Élan"` the slug "élan".
On PostgreSQL they are `icontains` and `iexact` themselves, UPPER(field) LIKE UPPER(pattern), with UPPER() as the
database's locale has it (every letter in a UTF-8 one), and on the expression the admin's trigram indexes are built
on (migration 0007). On SQLite both sides go through Python's str.casefold(), registered on each connection.
"""

from django.db.models import CharField, Func, Lookup, TextField
from django.db.models.lookups import IContains, IExact

SQLITE_FUNCTION = "folio_casefold"


class CaseFolded(Func):
    function = SQLITE_FUNCTION
    output_field = TextField()


class ContainsAnyCase(Lookup):
    lookup_name = "contains_any_case"
    lookup = IContains
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        return compiler.compile(self.lookup(self.lhs, self.rhs))

    def as_sqlite(self, compiler, connection):
        # The pattern's % and _ are no letters: folding leaves them, and the escapes icontains adds, as they are.
        rhs = self.rhs.casefold() if isinstance(self.rhs, str) else CaseFolded(self.rhs)
        return compiler.compile(self.lookup(CaseFolded(self.lhs), rhs))


class ExactAnyCase(ContainsAnyCase):
    lookup_name = "exact_any_case"
    lookup = IExact


def register_lookup() -> None:
    for lookup in (ContainsAnyCase, ExactAnyCase):
        CharField.register_lookup(lookup)
        TextField.register_lookup(lookup)


def add_sqlite_function(sender, connection, **kwargs) -> None:
    """For the connection_created signal: gives a SQLite connection the function ContainsAnyCase calls."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, _casefold, deterministic=True)


def _casefold(text: str | None) -> str | None:
    return None if text is None else text.casefold()
