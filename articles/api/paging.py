"""Cursor pagination: each page starts after (or ends before) a row's keys, so links stay right while rows are added.

A page number shifts under inserts (a new article pushes every other one a place down, and page 2 repeats the
last article of page 1); a cursor names the row itself. Articles are keyed by (publish_date, id), authors and
tags by slug. Results ordered by relevance have no such key, and page by offset.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import DateTimeField, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ..instants import fits_the_calendar

# Far past any list, and still an integer the database can take with a page added.
MAX_OFFSET = 2**62


class BadCursor(ValueError):
    pass


@dataclass(frozen=True)
class Cursor:
    keys: tuple = ()  # the row's keys that the page starts after, or ends before
    backwards: bool = False  # a "previous" link: the rows before `keys`, or before the end without them
    offset: int = 0  # for relevance order only

    @property
    def keyed(self) -> bool:
        return bool(self.keys) or self.backwards

    def encode(self) -> str:
        data = {"k": list(self.keys), "b": int(self.backwards)} if self.keyed else {"o": self.offset}
        return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> "Cursor":
        try:
            data = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
            if "o" in data:
                offset = data["o"]
                if not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
                    raise ValueError
                return cls(offset=offset)
            keys, backwards = data["k"], data["b"]
            if not isinstance(keys, list) or not all(isinstance(k, str | int) for k in keys):
                raise ValueError
            if not keys and not backwards:  # the first page has no cursor
                raise ValueError
            for key in keys:
                if isinstance(key, str):
                    key.encode()  # no database takes a lone surrogate: UnicodeEncodeError, a ValueError
                    if "\x00" in key:  # nor does PostgreSQL take a NUL in text
                        raise ValueError
            return cls(keys=tuple(keys), backwards=bool(backwards))
        except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError):
            raise BadCursor("not a cursor this API gave: follow the next and previous links as they are") from None


@dataclass(frozen=True)
class Keyset:
    """How a list is ordered and keyed: `fields` (the last unique), newest or largest first when `descending`."""

    fields: tuple[str, ...]
    descending: bool

    def keys_of(self, row) -> tuple:
        values = []
        for name in self.fields:
            value = getattr(row, name)
            values.append(value.isoformat() if isinstance(value, datetime) else value)
        return tuple(values)

    def checked(self, keys: tuple, *, model) -> tuple:
        """The cursor's keys with its dates read, or ValueError for a date that is none or lies off the calendar.

        Checked here rather than left to the database: PostgreSQL would page from a year-10000 date that SQLite
        refuses, and the same cursor must get the same answer from either."""
        if len(keys) != len(self.fields):
            raise ValueError("a key for each field")
        values = []
        for name, value in zip(self.fields, keys, strict=True):
            if isinstance(model._meta.get_field(name), DateTimeField):
                moment = parse_datetime(value) if isinstance(value, str) else None
                if moment is None or timezone.is_naive(moment) or not fits_the_calendar(moment):
                    raise ValueError(f"{name}: not a date Folio can store")
                value = moment
            values.append(value)
        return tuple(values)

    def after(self, keys: tuple, *, backwards: bool) -> Q:
        """Rows strictly after `keys` (as `checked` gives them) in this order (before them when `backwards`)."""
        later = self.descending != backwards
        condition = Q()
        # (a, b) after (x, y): a after x, or a = x and b after y. The first column's bound (a <= x) comes first,
        # so that PostgreSQL reads the index from there rather than filtering from the start.
        for index in range(len(self.fields) - 1, -1, -1):
            name, value = self.fields[index], keys[index]
            strictly = Q(**{f"{name}__{'lt' if later else 'gt'}": value})
            condition = strictly if index == len(self.fields) - 1 else strictly | (Q(**{name: value}) & condition)
        first, value = self.fields[0], keys[0]
        return Q(**{f"{first}__{'lte' if later else 'gte'}": value}) & condition

    def order(self, *, backwards: bool) -> list[str]:
        descending = self.descending != backwards
        return [("-" if descending else "") + name for name in self.fields]


# The first page is the list's address without a cursor; the last, the rows before the end.
FIRST_PAGE = Cursor()
LAST_PAGE = Cursor(backwards=True)


@dataclass
class Page:
    rows: list
    next: Cursor | None
    previous: Cursor | None


def keyset_page(rows: QuerySet, keyset: Keyset, *, cursor: Cursor | None, size: int) -> Page:
    """One page of `rows` in the keyset's order, from `cursor`: size + 1 rows read, the extra one saying more follow."""
    backwards = bool(cursor and cursor.backwards)
    every_row = rows
    if cursor is not None:
        if not cursor.keyed:
            raise BadCursor("not a cursor for this order: follow the next and previous links as they are")
        if cursor.keys:
            try:
                keys = keyset.checked(cursor.keys, model=rows.model)
                rows = rows.filter(keyset.after(keys, backwards=backwards))
            except (ValidationError, ValueError, TypeError):
                raise BadCursor("not a cursor for this list: follow the next and previous links as they are") from None
    found = list(rows.order_by(*keyset.order(backwards=backwards))[: size + 1])
    more = len(found) > size
    found = found[:size]
    if backwards:
        found.reverse()
    if not found:
        return beyond_the_ends(every_row, cursor=cursor)
    first, last = keyset.keys_of(found[0]), keyset.keys_of(found[-1])
    # The last page, asked for as such, has nothing after it.
    has_next = more if not backwards else bool(cursor.keys)
    has_previous = more if backwards else cursor is not None
    return Page(
        rows=found,
        next=Cursor(keys=last) if has_next else None,
        previous=Cursor(keys=first, backwards=True) if has_previous else None,
    )


def beyond_the_ends(rows: QuerySet, *, cursor: Cursor | None) -> Page:
    """An empty page. From a cursor whose rows are gone (unpublished or deleted since the link was made, as a
    stale link's are) or past the list's end, the way back into the list while it has rows: the last page from
    past the end, the first from before the start. One query, for an empty page alone."""
    if cursor is None or not cursor.keys or not rows.exists():
        return Page(rows=[], next=None, previous=None)
    if cursor.backwards:
        return Page(rows=[], next=FIRST_PAGE, previous=None)
    return Page(rows=[], next=None, previous=LAST_PAGE)


def offset_page(rows: QuerySet, *, cursor: Cursor | None, size: int) -> Page:
    if cursor is not None and cursor.keyed:
        raise BadCursor("not a cursor for this order: follow the next and previous links as they are")
    start = cursor.offset if cursor else 0
    found = list(rows[start : start + size + 1])
    more = len(found) > size
    previous = Cursor(offset=max(0, start - size)) if start > 0 else None
    if not found and start > 0:
        # Past the end: back to the last page that has rows (as a keyset list's is, the last `size` of them).
        total = rows.count()
        previous = Cursor(offset=max(0, total - size)) if total else None
    return Page(rows=found[:size], next=Cursor(offset=start + size) if more else None, previous=previous)
