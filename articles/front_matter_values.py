"""One front-matter value read as the type Folio keeps: text, a date, true or false, a list of names, a
reading time, or anything else as JSON holds it for export; and a value or key shown in a message as the file
wrote it.

Apart from mapping the keys (frontmatter.py) because the same values come from other files too: site.yml and
authors.yml, a site's configuration, its permalinks. Each is checked one way, with one wording for its error.
"""

import json
import math
import re
import warnings
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from dateutil import parser as date_parser
from django.conf import settings
from django.utils import timezone

from .instants import OUTSIDE_THE_CALENDAR, fits_the_calendar
from .invalid_file import InvalidFile, shortened
from .rendering import parse_read_time

_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S %z",  # Jekyll: 2023-11-02 21:15:00 +0100
    "%Y-%m-%d %H:%M %z",
    "%b %d %Y",  # Jul 08 2022
    "%b %d, %Y",
    "%B %d %Y",
    "%B %d, %Y",
    "%d %b %Y",
    "%d %B %Y",
    "%Y/%m/%d",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
)


def text_value(value: object, *, key: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        raise InvalidFile(f"{key}: binary data (!!binary) cannot be used as text")
    if isinstance(value, bool) or not isinstance(value, str | int | float | date):
        raise InvalidFile(f"{key}: must be text")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def parse_date(value: object, *, key: str) -> datetime | None:
    """An aware datetime: a datetime keeps its instant; a bare date (or a zoneless time) is on the site's clock."""
    if value is None or value == "":
        return None
    shown = shown_value(value)
    if isinstance(value, str):
        value = _date_from_text(value.strip(), key=key)
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time())
    if not isinstance(value, datetime):
        raise InvalidFile(f"{key}: {shown} is not a date (use YYYY-MM-DD)")
    if timezone.is_naive(value):
        value = timezone.make_aware(value, ZoneInfo(settings.TIME_ZONE))
    if not fits_the_calendar(value):
        raise InvalidFile(f"{key}: {shown} is {OUTSIDE_THE_CALENDAR}")
    return value


def _date_from_text(text: str, *, key: str) -> date:
    try:
        return datetime.fromisoformat(text) if len(text) > 10 else date.fromisoformat(text)
    except ValueError:
        pass
    for date_format in _DATE_FORMATS:
        try:
            return datetime.strptime(text, date_format)
        except ValueError:
            continue
    parsed = _lenient_date(text)
    if parsed is not None:
        return parsed
    raise InvalidFile(f"{key}: '{text}' is not a date (use YYYY-MM-DD)")


# Jekyll's own posts write the year twice: 2013-05-06 12:00:00 2013 -0500.
_REPEATED_YEAR = re.compile(r"^(?P<year>\d{4})(?P<middle>-\d\d?-\d\d?\s+[\d:]+)\s+(?P=year)\b")
_FIRST, _SECOND = datetime(2000, 1, 1), datetime(2001, 2, 2)


def _lenient_date(text: str) -> datetime | None:
    """What dateutil reads, when the text names a year, a month and a day (nothing filled in from today)."""
    text = _REPEATED_YEAR.sub(r"\g<year>\g<middle>", text)
    if len(text) > 100:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an unknown zone name: the time is then read on the site's clock
            first = date_parser.parse(text, default=_FIRST)
            second = date_parser.parse(text, default=_SECOND)
    except (ValueError, OverflowError, TypeError):
        return None
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None
    return first


def read_time(value: object, *, key: str = "read_time") -> str:
    if value is None or value == "":
        return ""
    if not isinstance(value, str | int) or parse_read_time(value) is None:
        raise InvalidFile(f"{key}: {shown_value(value)} is not a number of minutes (for example 8 or '8 mins')")
    return str(value).strip()


_WORDS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def is_flag(value: object) -> bool:
    return isinstance(value, bool) or (isinstance(value, str) and value.strip().lower() in _WORDS)


def boolean(value: object, *, key: str) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str | int) and str(value).strip().lower() in _WORDS:
        return _WORDS[str(value).strip().lower()]
    raise InvalidFile(f"{key}: {shown_value(value)} must be true or false")


def tag_names(value: object, *, key: str = "tags", words: bool = True) -> list[str]:
    """A list, comma-separated text, or (as Jekyll writes them, unless `words` is off) space-separated words."""
    if value is None:
        return []
    if isinstance(value, str):
        names = value.split(",") if "," in value or not words else value.split()
    elif isinstance(value, list) and all(_is_name(item) for item in value):
        names = [str(item) for item in value]
    else:
        raise InvalidFile(f"{key}: give a list of names or comma-separated text")
    return [name.strip() for name in names if name.strip()]


def _is_name(item: object) -> bool:
    return isinstance(item, str | int | float | date) and not isinstance(item, bool)


def shown_value(value: object) -> str:
    """A value as a message shows it: scalars quoted, anything else by its kind, never as Python writes it."""
    if isinstance(value, str | int | float | date) and not isinstance(value, bool):
        text = str(value)
        return f"'{shortened(text)}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    kinds = {bytes: "binary data (!!binary)", dict: "a mapping", list: "a list", tuple: "a pair", set: "a set"}
    return next((kind for cls, kind in kinds.items() if isinstance(value, cls)), "a value of another kind")


def key_text(key: object) -> str:
    """A front-matter key as YAML writes it: `true`, `null`, `1` or `2024-01-02` rather than Python's True or None."""
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, bool):
        return json.dumps(key)
    if _is_name(key):
        return key.isoformat() if isinstance(key, date) else str(key)
    raise InvalidFile(f"front matter: keys must be text, not {shown_value(key)}")


def json_safe(value: object, *, key: str) -> object:
    """A value kept for export, as JSON can hold it; `key` names the front-matter key it came from."""
    if isinstance(value, dict):
        return {key_text(k): json_safe(v, key=key) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [json_safe(item, key=key) for item in value]
    if isinstance(value, bytes):
        raise InvalidFile(f"{key}: binary data (!!binary) cannot be kept")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
