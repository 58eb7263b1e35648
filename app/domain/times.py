"""Moments in UTC: the database hands back naive datetimes from SQLite, aware ones from PostgreSQL."""

from datetime import UTC, datetime


def as_utc(moment: datetime) -> datetime:
    """The same moment, timezone-aware in UTC (a naive value is taken to be UTC already)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
