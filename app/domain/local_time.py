"""The student's clock: their time zone decides what "today" and "24 hours" mean.

One moment drives every date the app shows: the real clock, or `RAPPORT_TODAY` (the day is fixed, the
time of day still runs, so a countdown keeps its meaning in a demo).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

__all__ = [
    "BROWSER_ZONE_SCRIPT",
    "ZONE_NAME_LIMIT",
    "LocalClock",
    "known_zone",
    "local_moment",
    "zone_for",
    "zone_names",
]

ZONE_NAME_LIMIT = 64
# What the browser calls its zone ("Europe/London"); "" when it cannot say.
BROWSER_ZONE_SCRIPT = "(Intl.DateTimeFormat().resolvedOptions().timeZone || '')"


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """Every zone this machine knows, sorted (read from disk once)."""
    return tuple(sorted(available_timezones() | {"UTC"}))


def known_zone(name: object) -> str | None:
    """The IANA name (e.g. "Europe/London") when the machine knows that zone, else None."""
    if not isinstance(name, str):
        return None
    name = name.strip()
    if not name or len(name) > ZONE_NAME_LIMIT or name.startswith(("/", ".")) or ".." in name:
        return None
    if name == "UTC":
        return name
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name if name in zone_names() else None


def zone_for(name: object) -> tzinfo:
    """The zone a stored name stands for; UTC for a blank or unknown one."""
    known = known_zone(name)
    return UTC if known in (None, "UTC") else ZoneInfo(known)


def local_moment(real_now: datetime, zone: tzinfo, fixed_day: date | None = None) -> datetime:
    """This moment in the student's zone; with `fixed_day`, that day at the current local time of day."""
    local = real_now.astimezone(zone)
    if fixed_day is None:
        return local
    wall = time(local.hour, local.minute, local.second)
    # Built from the wall time so that a fixed day across a DST change keeps the right offset.
    return datetime.combine(fixed_day, wall, tzinfo=zone)


@dataclass(frozen=True)
class LocalClock:
    """What every rule needs from the clock: now, in the student's zone, and the zone itself."""

    now: datetime  # aware, in `zone`
    zone: tzinfo

    @property
    def today(self) -> date:
        return self.now.date()

    def has_passed(self, moment: datetime) -> bool:
        """Whether `moment` is now or earlier, compared in UTC (same-zone datetimes compare as wall
        clocks, which is wrong around a DST change)."""
        return moment.astimezone(UTC) <= self.now.astimezone(UTC)

    def wall_time(self, day: date, at: time) -> datetime:
        """A wall-clock time on a day in the student's zone ("14:30 on the meeting's day")."""
        return datetime.combine(day, at, tzinfo=self.zone)

    @classmethod
    def on_day(cls, day: date, zone: tzinfo | None = None, at: time = time(12)) -> LocalClock:
        """A clock stopped at noon (or `at`) on `day`, in `zone` (UTC by default): for tests and tools."""
        zone = zone or UTC
        return cls(datetime.combine(day, at, tzinfo=zone), zone)

    @classmethod
    def at(cls, now: datetime, zone: tzinfo | None = None) -> LocalClock:
        """A clock stopped at `now` (tests): naive values are read as the zone's wall time."""
        zone = zone or UTC
        return cls(now.replace(tzinfo=zone) if now.tzinfo is None else now.astimezone(zone), zone)
