"""How a date reads to a student, in one place: "Mon 9 Mar", "in 3 days", "Wednesday, 11 March 2026"."""

from __future__ import annotations

from datetime import date, datetime

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day_month(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


def day_label(day: date, today: date, *, always_year: bool = False) -> str:
    """A date as a student reads it, like Mon 9 Mar; the year only when it is not this year's.

    `always_year=True` gives "Mon 9 Mar 2026" for text that is kept (a timeline entry's summary).
    """
    label = f"{day:%a} {_day_month(day)}"
    return label if day.year == today.year and not always_year else f"{label} {day.year}"


def day_time_label(moment: datetime, today: date) -> str:
    """A day and its clock time, like "Mon 9 Mar, 14:30" (the year as `day_label` words it)."""
    return f"{day_label(moment.date(), today)}, {moment:%H:%M}"


def short_date(day: date) -> str:
    """ "27 Nov 2026": a day in a list or a table, with its year and without the weekday."""
    return f"{_day_month(day)} {day.year}"


def friendly_date(iso: str, today: date, *, capital: bool = True) -> str:
    """ "Today", "in 3 days", "5 days ago", "2 Dec", "14 Mar 2025": how a person says a date near now.

    `capital=False` gives "today" for the middle of a sentence ("Due today").
    """
    try:
        day = date.fromisoformat(iso)
    except (TypeError, ValueError):
        return ""
    delta = (day - today).days
    near = {0: "Today", 1: "Tomorrow", -1: "Yesterday"}.get(delta)
    if near:
        return near if capital else near.lower()
    if 1 < delta < 7:
        return f"in {delta} days"
    if -7 < delta < -1:
        return f"{-delta} days ago"
    return _day_month(day) if day.year == today.year else short_date(day)


def weekday_date(day: date, *, comma: bool = False, year: bool = True) -> str:
    """The day in full, "Wednesday 11 March 2026"; "Wednesday, 11 March" with comma and no year."""
    text = f"{day:%A}{',' if comma else ''} {day.day} {day:%B}"
    return f"{text} {day.year}" if year else text


def weekday_date_from_iso(iso: str) -> str:
    """ "Wednesday, 11 March 2026" for "2026-03-11"; what was given when it is not a date."""
    try:
        return weekday_date(date.fromisoformat(iso), comma=True)
    except ValueError:
        return iso
