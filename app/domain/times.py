"""The one clock for moments, in UTC (SQLite hands back naive datetimes, PostgreSQL aware ones)."""

from datetime import UTC, datetime


def utc_now() -> datetime:
    """This moment, timezone-aware in UTC: every stored timestamp is made by this one function."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """The same moment, timezone-aware in UTC (a naive value is taken to be UTC already)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
