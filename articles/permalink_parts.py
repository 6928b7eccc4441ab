"""The pieces every generator's permalink rule is made of: a page's date and categories as placeholder values, a
template's `:placeholders` filled in, a literal permalink told from a computed one, a path as a folder address.

Apart from permalinks.py and the generators' own modules (hugo_permalinks.py, astro_permalinks.py) so that each
rule uses these the same way, and none of them has to import another's.
"""

import contextlib
import re
from datetime import date, datetime

from .front_matter_values import parse_date
from .frontmatter import FrontMatter
from .invalid_file import InvalidFile
from .page_names import FOLDER_PAGES, JEKYLL_NAME

_PLACEHOLDER = re.compile(r":([a-z_]+)")


def literal_permalink(value: object) -> str | None:
    """A permalink given as plain text (not false, not a template the generator would compute)."""
    if isinstance(value, str) and value.strip() and "{{" not in value and "{%" not in value:
        return value.strip()
    return None


def folder_url(parts: list[str], *, ext: str = "/") -> str:
    """`/a/b/` for parts a, b (an `index` file names its folder)."""
    parts = [part for part in parts if part]
    if parts and parts[-1].lower() in FOLDER_PAGES:
        parts = parts[:-1]
        ext = "/"
    if not parts:
        return "/"
    return "/" + "/".join(parts) + ext


def page_date(meta: dict, fm: FrontMatter, name: str) -> date | None:
    match = JEKYLL_NAME.fullmatch(name)
    value = meta.get("date")
    if isinstance(value, dict):  # Material for MkDocs: date: {created: …}
        value = value.get("created")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        # An unreadable date is the front matter's problem, said once there: the generator's fallback is used.
        with contextlib.suppress(InvalidFile):
            parsed = parse_date(value, key="date")
            return parsed.date() if parsed else None
    if match:
        with contextlib.suppress(ValueError):  # 2023-02-30-… is just a name
            return date(*(int(part) for part in match.group("date").split("-")))
    return fm.publish_date.date() if fm.publish_date else None


def fill_placeholders(template: str, values: dict[str, str]) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        # The longest placeholder name that is known: `:title:output_ext`, `:year` followed by text.
        for end in range(len(name), 0, -1):
            if name[:end] in values:
                return values[name[:end]] + name[end:]
        return match.group(0)

    url = _PLACEHOLDER.sub(value, template)
    return re.sub(r"/{2,}", "/", url)


def date_values(when: date | None) -> dict[str, str]:
    if when is None:
        return {}
    return {
        "year": f"{when.year:04d}",
        "short_year": f"{when.year % 100:02d}",
        "month": f"{when.month:02d}",
        "i_month": str(when.month),
        "day": f"{when.day:02d}",
        "i_day": str(when.day),
        "y_day": f"{when.timetuple().tm_yday:03d}",
        "week": f"{when.isocalendar()[1]:02d}",
        "short_day": when.strftime("%a"),
        "monthname": when.strftime("%B").lower(),
        "yearday": str(when.timetuple().tm_yday),
    }


def categories_of(meta: dict) -> list[str]:
    names: list[str] = []
    for key in ("category", "categories"):
        value = meta.get(key)
        if isinstance(value, str):
            names += value.split()
        elif isinstance(value, list):
            names += [str(item) for item in value if isinstance(item, str | int)]
    return list(dict.fromkeys(name.lower() for name in names))
