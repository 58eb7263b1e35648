"""The one meeting rule (scheduling and the prep wizard both use it) and the one end time."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest

from app.domain.ics import meeting_ics
from app.domain.meeting_rules import MeetingPlan, check_meeting, meeting_ends_at, meeting_starts_at

TODAY = date(2026, 3, 9)
GOOD: dict[str, Any] = {
    "on": "2026-03-12",
    "at": "14:30",
    "duration_minutes": "20",
    "place": "Café Nero",
    "video_link": "",
}


def check(complete: bool = True, **changes: Any) -> tuple[MeetingPlan | None, dict[str, str]]:
    return check_meeting(**{**GOOD, **changes}, today=TODAY, complete=complete)


def test_good_values_become_the_plan_a_meeting_row_stores() -> None:
    plan, errors = check(place="  Café Nero ", video_link=" https://meet.example/abc ")
    assert errors == {}
    assert plan == MeetingPlan(date(2026, 3, 12), "14:30", 20, "Café Nero", "https://meet.example/abc")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"on": ""}, "on", "Choose the meeting's date."),
        ({"on": "12/03/2026"}, "on", "Choose the meeting's date."),
        ({"on": None}, "on", "Choose the meeting's date."),
        ({"on": "2027-03-11"}, "on", "That date is more than a year ahead: check the year."),
        ({"at": ""}, "at", "Choose a time, like 14:30."),
        ({"at": "2pm"}, "at", "Choose a time, like 14:30."),
        ({"at": "24:00"}, "at", "Choose a time, like 14:30."),
        ({"at": ["14:30"]}, "at", "Choose a time, like 14:30."),
        (
            {"duration_minutes": "4"},
            "duration_minutes",
            "A length between 5 and 240 minutes; 20 respects their time.",
        ),
        (
            {"duration_minutes": "241"},
            "duration_minutes",
            "A length between 5 and 240 minutes; 20 respects their time.",
        ),
        (
            {"duration_minutes": "abc"},
            "duration_minutes",
            "A length between 5 and 240 minutes; 20 respects their time.",
        ),
        (
            {"duration_minutes": "-20"},
            "duration_minutes",
            "A length between 5 and 240 minutes; 20 respects their time.",
        ),
        (
            {"duration_minutes": True},
            "duration_minutes",
            "A length between 5 and 240 minutes; 20 respects their time.",
        ),
        ({"place": "", "video_link": ""}, "place", "Add a place, or a video link."),
        ({"place": " ", "video_link": " "}, "place", "Add a place, or a video link."),
        ({"video_link": "zoom"}, "video_link", "A video link starts with https://"),
        ({"video_link": "javascript:alert(1)"}, "video_link", "A video link starts with https://"),
        ({"place": "x" * 501}, "place", "Keep the place under 500 characters."),
        ({"video_link": "https://" + "x" * 500}, "video_link", "Keep the video link under 500 characters."),
    ],
)
def test_each_bad_value_is_refused_with_its_own_message_beside_its_field(
    changes: dict[str, Any], field: str, message: str
) -> None:
    plan, errors = check(**changes)
    assert plan is None
    assert errors == {field: message}


def test_every_problem_is_named_at_once() -> None:
    plan, errors = check(on="", at="25:00", duration_minutes="abc", place="", video_link="zoom")
    assert plan is None
    assert set(errors) == {"on", "at", "duration_minutes", "video_link"}


def test_the_limits_themselves_are_allowed_and_a_past_date_too() -> None:
    for changes in (
        {"duration_minutes": 5},
        {"duration_minutes": "240"},
        {"on": "2027-03-10"},  # 366 days ahead
        {"on": "2020-01-01"},  # logged after the fact
        {"on": date(2026, 3, 12)},
        {"place": "x" * 500},
        {"at": "00:00"},
        {"at": "23:59"},
    ):
        assert check(**changes)[1] == {}, changes


def test_an_edit_may_leave_the_time_or_the_place_blank_but_never_malformed() -> None:
    plan, errors = check(complete=False, at="", place="", video_link="")
    assert errors == {} and plan is not None and (plan.starts_at_time, plan.place) == ("", "")
    assert check(complete=False, at="2pm")[1] == {"at": "Choose a time, like 14:30."}
    assert check(complete=False, video_link="zoom")[1] == {"video_link": "A video link starts with https://"}
    assert check(complete=False, duration_minutes="")[1].keys() == {"duration_minutes"}


def test_a_meeting_ends_its_length_after_it_starts() -> None:
    assert meeting_ends_at(date(2026, 3, 12), "14:30", 20) == datetime(2026, 3, 12, 14, 50)
    assert meeting_ends_at(date(2026, 3, 12), time(9, 0), 240) == datetime(2026, 3, 12, 13, 0)


def test_a_late_meeting_ends_the_next_day_and_new_years_eve_the_next_year() -> None:
    assert meeting_ends_at(date(2026, 3, 12), "23:50", 30) == datetime(2026, 3, 13, 0, 20)
    assert meeting_ends_at(date(2026, 12, 31), "23:45", 20) == datetime(2027, 1, 1, 0, 5)
    assert meeting_ends_at(date(2028, 2, 28), "23:30", 60) == datetime(2028, 2, 29, 0, 30)  # leap day


def test_a_meeting_without_a_time_is_taken_to_start_at_noon() -> None:
    assert meeting_starts_at(date(2026, 3, 12), "") == datetime(2026, 3, 12, 12, 0)
    assert meeting_ends_at(date(2026, 3, 12), "", 20) == datetime(2026, 3, 12, 12, 20)
    assert meeting_ends_at(date(2026, 3, 12), "garbage", 20) == datetime(2026, 3, 12, 12, 20)


def test_the_calendar_file_uses_the_same_end_across_midnight() -> None:
    text = meeting_ics(uid="u", title="Chat", on=date(2026, 12, 31), start=time(23, 45), duration_minutes=20)
    assert "DTSTART:20261231T234500" in text and "DTEND:20270101T000500" in text
