"""What makes a meeting's logistics valid, and when a meeting ends: each written once, for every layer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

DEFAULT_MINUTES = 20
MIN_MINUTES = 5
MAX_MINUTES = 240
TEXT_LIMIT = 500  # the place and the video link, each
# A meeting set further ahead than this is a typo in the year, not a plan.
DAYS_AHEAD = 366
# A meeting without a time is taken to start at noon (calendar files, thank-you deadlines).
UNTIMED_START = time(12, 0)

TIME_PATTERN = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
URL_PATTERN = re.compile(r"^https?://\S+$")

MESSAGES: dict[str, str] = {
    "on": "Choose the meeting's date.",
    "on_too_far": "That date is more than a year ahead: check the year.",
    "at": "Choose a time, like 14:30.",
    "duration_minutes": (
        f"A length between {MIN_MINUTES} and {MAX_MINUTES} minutes; {DEFAULT_MINUTES} respects their time."
    ),
    "where": "Add a place, or a video link.",
    "video_link": "A video link starts with https://",
    "place_too_long": f"Keep the place under {TEXT_LIMIT} characters.",
    "video_link_too_long": f"Keep the video link under {TEXT_LIMIT} characters.",
}


@dataclass(frozen=True)
class MeetingPlan:
    """A meeting's logistics once checked: the values a Meeting row stores."""

    starts_on: date
    starts_at_time: str  # "HH:MM", or "" while the prep's logistics step still asks for it
    duration_minutes: int
    place: str
    video_link: str


def _text(value: object) -> str:
    # Payloads are not type-checked: anything that is not text (or a number) counts as blank.
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return ""


def _date(value: object) -> date | None:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(_text(value))
    except ValueError:
        return None


def _minutes(value: object) -> int | None:
    text = _text(value)
    if not text.isdigit():
        return None
    minutes = int(text)
    return minutes if MIN_MINUTES <= minutes <= MAX_MINUTES else None


def check_meeting(
    *,
    on: object,
    at: object,
    duration_minutes: object,
    place: object,
    video_link: object,
    today: date,
    complete: bool = True,
) -> tuple[MeetingPlan | None, dict[str, str]]:
    """The meeting these values describe, or None with a message per field that needs a look.

    `complete` asks for everything a meeting needs (a time, and a place or a video link), as scheduling
    does; an edit in the prep wizard may leave those blank, and its logistics step names the gap.
    A past date is fine: students log meetings after the fact.
    """
    errors: dict[str, str] = {}
    starts_on = _date(on)
    if starts_on is None:
        errors["on"] = MESSAGES["on"]
    elif starts_on > today + timedelta(days=DAYS_AHEAD):
        errors["on"] = MESSAGES["on_too_far"]
    starts_at = _text(at)
    if (starts_at or complete) and not TIME_PATTERN.match(starts_at):
        errors["at"] = MESSAGES["at"]
    minutes = _minutes(duration_minutes)
    if minutes is None:
        errors["duration_minutes"] = MESSAGES["duration_minutes"]
    where, link = _text(place), _text(video_link)
    if complete and not where and not link:
        errors["place"] = MESSAGES["where"]
    if len(where) > TEXT_LIMIT:
        errors["place"] = MESSAGES["place_too_long"]
    if len(link) > TEXT_LIMIT:
        errors["video_link"] = MESSAGES["video_link_too_long"]
    elif link and not URL_PATTERN.match(link):
        errors["video_link"] = MESSAGES["video_link"]
    if errors or starts_on is None or minutes is None:
        return None, errors
    return MeetingPlan(starts_on, starts_at, minutes, where, link), {}


def meeting_starts_at(starts_on: date, starts_at_time: str | time) -> datetime:
    """When the meeting begins, in the student's local (floating) time; noon when no time is set."""
    if isinstance(starts_at_time, time):
        start = starts_at_time
    elif TIME_PATTERN.match(starts_at_time.strip()):
        start = time.fromisoformat(starts_at_time.strip())
    else:
        start = UNTIMED_START
    return datetime.combine(starts_on, start)


def meeting_ends_at(starts_on: date, starts_at_time: str | time, minutes: int) -> datetime:
    """When the meeting ends, in the same floating time as it starts (so possibly the next day)."""
    return meeting_starts_at(starts_on, starts_at_time) + timedelta(minutes=minutes)
