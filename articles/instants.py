"""Instants Folio can keep: inside the calendar (years 1 to 9999) in UTC, as the database holds them, and on the
site's clock, as pages show them. Near either end an offset can carry a date typed or imported out of it."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings

OUTSIDE_THE_CALENDAR = "outside the dates Folio can store (years 1 to 9999)"


def fits_the_calendar(moment: datetime) -> bool:
    """Whether an aware datetime is a date in years 1 to 9999 both in UTC and on the site's clock."""
    try:
        moment.astimezone(UTC)
        moment.astimezone(ZoneInfo(settings.TIME_ZONE))
    except OverflowError:
        return False
    return True
