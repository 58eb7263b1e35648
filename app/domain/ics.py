"""Calendar files (.ics, RFC 5545) for a meeting, so it lands in the student's own calendar."""

from __future__ import annotations

from datetime import date, datetime, time

from app.domain.meeting_rules import meeting_ends_at, meeting_starts_at
from app.domain.times import utc_now


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


def meeting_ics(
    *,
    uid: str,
    title: str,
    on: date,
    start: time | str,
    duration_minutes: int,
    location: str = "",
    description: str = "",
    now: datetime | None = None,
) -> str:
    """A one-event calendar in floating local time: the meeting is where the student is."""
    begins = meeting_starts_at(on, start)
    ends = meeting_ends_at(on, start, duration_minutes)
    stamp = (now or utc_now()).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Rapport//Informational interviews//EN",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        f"UID:{_escape(uid)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{begins:%Y%m%dT%H%M%S}",
        f"DTEND:{ends:%Y%m%dT%H%M%S}",
        f"SUMMARY:{_escape(title)}",
    ]
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
