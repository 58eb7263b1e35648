"""The one clock for moments, in UTC (SQLite hands back naive datetimes, PostgreSQL aware ones)."""

from datetime import UTC, date, datetime

# The day RAPPORT_TODAY fixes, set once by app/settings.py (this module reads no environment).
_fixed_day: date | None = None


def fix_day(day: date | None) -> None:
    """Makes every moment fall on `day` (the time of day still runs): demos and tests of other days."""
    global _fixed_day
    _fixed_day = day


def utc_now() -> datetime:
    """This moment, timezone-aware in UTC: every stored timestamp is made by this one function, so with
    RAPPORT_TODAY set, "edited on" dates and countdowns follow the simulated day too."""
    now = datetime.now(UTC)
    if _fixed_day is None:
        return now
    return datetime.combine(_fixed_day, now.timetz())


def as_utc(moment: datetime) -> datetime:
    """The same moment, timezone-aware in UTC (a naive value is taken to be UTC already)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
