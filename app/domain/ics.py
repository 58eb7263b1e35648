"""Calendar text (.ics, RFC 5545): a meeting's file, its cancellation, and the feed of what is due.

Timed events are written in UTC (`…Z`): the student's zone turns their local meeting time into the
one moment every calendar app agrees on. Due items are all-day events (`VALUE=DATE`): a follow-up is
due on a day, not at an hour.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from app.domain.meeting_rules import DEFAULT_MINUTES, meeting_starts_at
from app.domain.times import utc_now

PRODID = "-//Rapport//Informational interviews//EN"
# The meeting's reminder: an hour ahead leaves time to travel and arrive ten minutes early.
REMINDER_MINUTES = 60
REMINDER_TEXT = "Leave ten minutes early"


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "")


def _fold(line: str) -> str:
    """Lines over 75 octets are folded, as the format requires."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 73:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def _utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def local_moment(local: datetime, zone: tzinfo) -> datetime:
    """A wall-clock time in the student's zone as an aware moment (a time skipped by DST reads as the
    zone's offset before the change, the way `zoneinfo` does)."""
    return local.replace(tzinfo=zone) if local.tzinfo is None else local


@dataclass(frozen=True)
class TimedEvent:
    """An event at a moment: a meeting. `starts` and `ends` are aware datetimes."""

    uid: str
    summary: str
    starts: datetime
    ends: datetime
    sequence: int = 0
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False
    reminder_minutes: int | None = REMINDER_MINUTES
    reminder_text: str = REMINDER_TEXT


@dataclass(frozen=True)
class DayEvent:
    """An all-day event: something due on a day."""

    uid: str
    summary: str
    on: date
    description: str = ""
    url: str = ""


Event = TimedEvent | DayEvent


def _event_lines(event: Event, stamp: str) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{_escape(event.uid)}", f"DTSTAMP:{stamp}"]
    if isinstance(event, DayEvent):
        lines += [
            f"DTSTART;VALUE=DATE:{event.on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.on + timedelta(days=1):%Y%m%d}",
            "TRANSP:TRANSPARENT",  # a reminder to do something, not time the student is busy
        ]
    else:
        lines += [
            f"SEQUENCE:{max(event.sequence, 0)}",
            f"DTSTART:{_utc_stamp(event.starts)}",
            f"DTEND:{_utc_stamp(event.ends)}",
            f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}",
        ]
    lines.append(f"SUMMARY:{_escape(event.summary)}")
    if isinstance(event, TimedEvent) and event.location:
        lines.append(f"LOCATION:{_escape(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{_escape(event.description)}")
    if event.url:
        lines.append(f"URL:{_escape(event.url)}")
    if isinstance(event, TimedEvent) and event.reminder_minutes is not None and not event.cancelled:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"TRIGGER:-PT{max(event.reminder_minutes, 0)}M",
            f"DESCRIPTION:{_escape(f'{event.reminder_text}: {event.summary}')}",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


def calendar_text(
    events: Iterable[Event], *, method: str = "PUBLISH", name: str = "", now: datetime | None = None
) -> str:
    """A whole calendar: CRLF line ends, folded lines, one DTSTAMP for every event."""
    stamp = _utc_stamp(now or utc_now())
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", f"METHOD:{method}"]
    if name:
        # Read by Apple Calendar, Google and Outlook for a subscription's name and refresh rate.
        lines += [
            f"X-WR-CALNAME:{_escape(name)}",
            "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
            "X-PUBLISHED-TTL:PT1H",
        ]
    for event in events:
        lines += _event_lines(event, stamp)
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def meeting_times(
    on: date, start: time | str, duration_minutes: int | None, zone: tzinfo
) -> tuple[datetime, datetime]:
    """When a meeting begins and ends, as aware moments; no length (0 or missing) means the default."""
    minutes = duration_minutes if duration_minutes and duration_minutes > 0 else DEFAULT_MINUTES
    begins = local_moment(meeting_starts_at(on, start), zone)
    ends = (begins.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(zone)
    return begins, ends


def meeting_ics(
    *,
    uid: str,
    title: str,
    on: date,
    start: time | str,
    duration_minutes: int | None,
    location: str = "",
    description: str = "",
    zone: tzinfo = UTC,
    sequence: int = 0,
    cancelled: bool = False,
    now: datetime | None = None,
) -> str:
    """One meeting's file; `cancelled` makes it the cancellation (same UID, the higher SEQUENCE)."""
    begins, ends = meeting_times(on, start, duration_minutes, zone)
    event = TimedEvent(
        uid=uid,
        summary=title,
        starts=begins,
        ends=ends,
        sequence=sequence,
        location=location,
        description=description,
        cancelled=cancelled,
    )
    return calendar_text([event], method="CANCEL" if cancelled else "PUBLISH", now=now)
