"""Today's service: due items from seeded touches, the week's counts, one-click actions, the weekly goal."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from app.domain.local_time import LocalClock
from app.domain.pipeline import add_business_days
from app.domain.vocabulary import DueKind, TouchKind
from app.models import Brief, Meeting
from app.services.contacts import delete_contact
from app.services.errors import NotFound, ValidationFailed
from app.services.goals import set_weekly_goal, weekly_goal
from app.services.meetings import MeetingInput, mark_meeting_held, schedule_meeting
from app.services.today import (
    DUE_KINDS,
    due_today,
    mark_done,
    meetings_ahead,
    week_bounds,
    week_counts,
)
from tests.factories import add_contact, log_touch, other_owner

MONDAY = date(2026, 3, 2)
SEVEN_BUSINESS_DAYS_LATER = date(2026, 3, 11)  # a Wednesday


def _contact(session: Session, owner_id: int, name: str, organisation: str = "Acme") -> int:
    return add_contact(session, owner_id, name, organisation=organisation)


def _touch(session: Session, owner_id: int, contact_id: int, kind: TouchKind, on: date) -> None:
    log_touch(session, owner_id, contact_id, kind.value, on, today=date(2026, 12, 31))


def _kinds(session: Session, owner_id: int, today: date) -> set[tuple[str, str]]:
    return {
        (row.contact_name, row.kind)
        for row in due_today(session, owner_id=owner_id, clock=LocalClock.on_day(today)).rows
    }


def test_follow_up_due_exactly_seven_business_days_after_outreach(session: Session, owner_id: int) -> None:
    ada = _contact(session, owner_id, "Ada Byron")
    _touch(session, owner_id, ada, TouchKind.OUTREACH_SENT, MONDAY)
    assert add_business_days(MONDAY, 7) == SEVEN_BUSINESS_DAYS_LATER

    day_six = date(2026, 3, 10)
    assert ("Ada Byron", "follow_up") not in _kinds(session, owner_id, day_six)
    assert ("Ada Byron", "follow_up") in _kinds(session, owner_id, SEVEN_BUSINESS_DAYS_LATER)


def test_follow_up_row_carries_its_one_click_actions(session: Session, owner_id: int) -> None:
    ada = _contact(session, owner_id, "Ada Byron", "Analytical Engines")
    _touch(session, owner_id, ada, TouchKind.OUTREACH_SENT, MONDAY)
    rows = due_today(session, owner_id=owner_id, clock=LocalClock.on_day(SEVEN_BUSINESS_DAYS_LATER)).rows
    follow_up = next(row for row in rows if row.kind == "follow_up")
    assert follow_up.done_label == "Follow-up sent"
    assert follow_up.write_url == f"/compose?contact={ada}&kind=follow_up"
    assert follow_up.contact_url == f"/contacts/{ada}"
    assert follow_up.when == "Due today"
    # One card per person: the follow-up, the more pressing, replaces the second-contact suggestion.
    assert [row.kind for row in rows] == ["follow_up"]
    day_four = add_business_days(MONDAY, 5)
    rows = due_today(session, owner_id=owner_id, clock=LocalClock.on_day(day_four)).rows
    second = next(row for row in rows if row.kind == "second_contact")
    assert second.find_label == "Find someone else at Analytical Engines"
    assert second.find_url == "/contacts?q=Analytical%20Engines"
    assert second.when == "Due since Thu 5 Mar"


def test_second_contact_suggested_after_three_business_days(session: Session, owner_id: int) -> None:
    ada = _contact(session, owner_id, "Ada Byron")
    _touch(session, owner_id, ada, TouchKind.OUTREACH_SENT, MONDAY)
    assert _kinds(session, owner_id, date(2026, 3, 4)) == set()
    assert _kinds(session, owner_id, date(2026, 3, 5)) == {("Ada Byron", "second_contact")}


def test_a_reply_removes_the_follow_up(session: Session, owner_id: int) -> None:
    ada = _contact(session, owner_id, "Ada Byron")
    _touch(session, owner_id, ada, TouchKind.OUTREACH_SENT, MONDAY)
    _touch(session, owner_id, ada, TouchKind.REPLY_RECEIVED, date(2026, 3, 9))
    assert _kinds(session, owner_id, SEVEN_BUSINESS_DAYS_LATER) == set()


def test_marking_the_follow_up_sent_clears_it_and_the_contact_goes_quiet_later(
    session: Session, owner_id: int
) -> None:
    ada = _contact(session, owner_id, "Ada Byron")
    _touch(session, owner_id, ada, TouchKind.OUTREACH_SENT, MONDAY)
    message = mark_done(
        session,
        owner_id=owner_id,
        contact_id=ada,
        kind="follow_up",
        trigger=SEVEN_BUSINESS_DAYS_LATER.isoformat(),
        clock=LocalClock.on_day(SEVEN_BUSINESS_DAYS_LATER),
    )
    assert message.startswith("Follow-up sent")
    assert _kinds(session, owner_id, SEVEN_BUSINESS_DAYS_LATER) == set()
    # Seven quiet business days after the follow-up, the contact is closed and stays off Today.
    assert _kinds(session, owner_id, add_business_days(SEVEN_BUSINESS_DAYS_LATER, 7)) == set()
    assert _kinds(session, owner_id, date(2026, 6, 1)) == set()


def test_mark_done_refuses_kinds_without_an_action_and_other_owners_contacts(
    session: Session, owner_id: int
) -> None:
    ada = _contact(session, owner_id, "Ada Byron")
    clock = LocalClock.on_day(MONDAY)
    for kind in ("meeting_outcome", {"evil": 1}):
        with pytest.raises(ValidationFailed):
            mark_done(session, owner_id=owner_id, contact_id=ada, kind=kind, trigger="", clock=clock)
    other = other_owner(session)
    with pytest.raises(NotFound):
        mark_done(session, owner_id=other, contact_id=ada, kind="follow_up", trigger="", clock=clock)


def test_another_owners_contacts_never_appear(session: Session, owner_id: int) -> None:
    other = other_owner(session)
    theirs = _contact(session, other, "Not Yours")
    _touch(session, other, theirs, TouchKind.OUTREACH_SENT, MONDAY)
    assert _kinds(session, other, SEVEN_BUSINESS_DAYS_LATER) == {("Not Yours", "follow_up")}
    assert _kinds(session, owner_id, SEVEN_BUSINESS_DAYS_LATER) == set()


def test_deleted_contacts_drop_out(session: Session, owner_id: int) -> None:
    ada = _contact(session, owner_id, "Ada Byron")
    _touch(session, owner_id, ada, TouchKind.OUTREACH_SENT, MONDAY)
    delete_contact(session, owner_id=owner_id, contact_id=ada)
    assert _kinds(session, owner_id, SEVEN_BUSINESS_DAYS_LATER) == set()


def test_thank_you_due_after_a_held_meeting_and_meetings_ahead_show_their_prep(
    session: Session, owner_id: int
) -> None:
    ada = _contact(session, owner_id, "Ada Byron")
    held = schedule_meeting(
        session,
        owner_id=owner_id,
        contact_id=ada,
        data=MeetingInput(on="2026-03-10", at="15:00", place="Café"),
        today=date(2026, 3, 1),
    )
    mark_meeting_held(session, owner_id=owner_id, meeting_id=held, today=SEVEN_BUSINESS_DAYS_LATER)
    rows = due_today(session, owner_id=owner_id, clock=LocalClock.on_day(SEVEN_BUSINESS_DAYS_LATER)).rows
    assert [(row.kind, row.write_url) for row in rows] == [
        ("thank_you", f"/compose?contact={ada}&kind=thank_you&meeting={held}")
    ]
    assert "by Wed 11 Mar, 15:20" in rows[0].reason
    assert rows[0].when == "Met yesterday"

    grace = _contact(session, owner_id, "Grace Hopper")
    upcoming = schedule_meeting(
        session,
        owner_id=owner_id,
        contact_id=grace,
        data=MeetingInput(on="2026-03-12", at="09:30", place="Library"),
        today=SEVEN_BUSINESS_DAYS_LATER,
    )
    meetings = meetings_ahead(session, owner_id=owner_id, today=SEVEN_BUSINESS_DAYS_LATER)
    assert [(m.contact_name, m.when, m.brief_ready, m.prep_url) for m in meetings] == [
        ("Grace Hopper", "Tomorrow at 09:30", False, f"/meetings/{upcoming}/prep")
    ]
    session.add(Brief(owner_id=owner_id, meeting_id=upcoming, is_ready=True))
    session.flush()
    assert [
        m.brief_ready for m in meetings_ahead(session, owner_id=owner_id, today=SEVEN_BUSINESS_DAYS_LATER)
    ] == [True]
    # Nine days ahead is beyond the week Today looks at.
    assert meetings_ahead(session, owner_id=owner_id, today=date(2026, 3, 3)) == []


def test_every_due_kind_has_a_spec() -> None:
    assert set(DUE_KINDS) == set(DueKind)


def test_a_kind_from_a_client_that_is_none_of_ours_has_no_one_click_action(
    session: Session, owner_id: int
) -> None:
    ada = _contact(session, owner_id, "Ada Byron")
    for kind in ("password_hash", None, ["follow_up"], {"kind": "follow_up"}, DueKind.MEETING_OUTCOME):
        with pytest.raises(ValidationFailed):
            mark_done(
                session,
                owner_id=owner_id,
                contact_id=ada,
                kind=kind,
                trigger="",
                clock=LocalClock.on_day(MONDAY),
            )


def test_due_list_is_limited_and_says_so(session: Session, owner_id: int) -> None:
    for n in range(3):
        contact = _contact(session, owner_id, f"Person {n}")
        _touch(session, owner_id, contact, TouchKind.OUTREACH_SENT, MONDAY)
    listed = due_today(
        session, owner_id=owner_id, clock=LocalClock.on_day(SEVEN_BUSINESS_DAYS_LATER), limit=2
    )
    assert listed.truncated
    assert {row.contact_name for row in listed.rows} == {"Person 0", "Person 1"}


def test_week_runs_monday_to_sunday() -> None:
    assert week_bounds(date(2026, 3, 11)) == (date(2026, 3, 9), date(2026, 3, 15))
    assert week_bounds(date(2026, 3, 9)) == (date(2026, 3, 9), date(2026, 3, 15))
    assert week_bounds(date(2026, 3, 15)) == (date(2026, 3, 9), date(2026, 3, 15))


def test_week_counts_this_weeks_touches_for_this_owner_only(session: Session, owner_id: int) -> None:
    ada = _contact(session, owner_id, "Ada Byron")
    grace = _contact(session, owner_id, "Grace Hopper")
    _touch(session, owner_id, ada, TouchKind.OUTREACH_SENT, date(2026, 3, 8))  # last Sunday: not this week
    _touch(session, owner_id, ada, TouchKind.OUTREACH_SENT, date(2026, 3, 9))  # Monday
    _touch(session, owner_id, grace, TouchKind.OUTREACH_SENT, date(2026, 3, 15))  # Sunday
    _touch(session, owner_id, ada, TouchKind.REPLY_RECEIVED, date(2026, 3, 10))
    _touch(session, owner_id, ada, TouchKind.MEETING_HELD, date(2026, 3, 11))
    _touch(session, owner_id, grace, TouchKind.NOTE, date(2026, 3, 11))
    other = other_owner(session)
    theirs = _contact(session, other, "Not Yours")
    _touch(session, other, theirs, TouchKind.OUTREACH_SENT, date(2026, 3, 10))

    week = week_counts(session, owner_id=owner_id, today=SEVEN_BUSINESS_DAYS_LATER, goal=5)
    assert (week.outreach, week.replies, week.meetings) == (2, 1, 1)
    assert week.label == "Mon 9 Mar to Sun 15 Mar"
    assert week.percent == 40
    assert week.progress_text == "2 of 5 outreach emails this week"


def test_week_progress_says_when_the_goal_is_reached(session: Session, owner_id: int) -> None:
    ada = _contact(session, owner_id, "Ada Byron")
    _touch(session, owner_id, ada, TouchKind.OUTREACH_SENT, date(2026, 3, 9))
    _touch(session, owner_id, ada, TouchKind.OUTREACH_SENT, date(2026, 3, 10))
    week = week_counts(session, owner_id=owner_id, today=SEVEN_BUSINESS_DAYS_LATER, goal=1)
    assert week.percent == 100
    assert week.progress_text == "2 of 1 outreach email this week: goal reached, well done."


def test_weekly_goal_defaults_to_five_and_is_saved(session: Session, owner_id: int) -> None:
    assert weekly_goal(session, owner_id=owner_id) == 5
    assert set_weekly_goal(session, owner_id=owner_id, value=" 8 ") == 8
    assert weekly_goal(session, owner_id=owner_id) == 8
    assert set_weekly_goal(session, owner_id=owner_id, value=100) == 100


@pytest.mark.parametrize("value", ["0", "101", "-3", "five", "", "2.5", None, {"x": 1}, True])
def test_weekly_goal_must_be_a_whole_number_from_1_to_100(
    session: Session, owner_id: int, value: object
) -> None:
    set_weekly_goal(session, owner_id=owner_id, value=7)
    with pytest.raises(ValidationFailed) as error:
        set_weekly_goal(session, owner_id=owner_id, value=value)
    assert error.value.errors == {
        "weekly_goal": "Choose a number from 1 to 100. Five a week is a good start."
    }
    assert weekly_goal(session, owner_id=owner_id) == 7


def test_keep_in_touch_suggests_a_reason_from_the_meeting_notes(session: Session, owner_id: int) -> None:
    contact_id = _contact(session, owner_id, "Noor Haddad")
    meeting_id = schedule_meeting(
        session, owner_id=owner_id, contact_id=contact_id,
        data=MeetingInput(on="2026-01-12", at="10:00", place="Library"), today=date(2026, 1, 5),
    )  # fmt: skip
    mark_meeting_held(session, owner_id=owner_id, meeting_id=meeting_id, today=date(2026, 1, 12))
    meeting = session.get(Meeting, meeting_id)
    assert meeting is not None
    meeting.notes_assignments = "- Read Thinking in Systems"
    session.add(meeting)
    _touch(session, owner_id, contact_id, TouchKind.THANK_YOU_SENT, date(2026, 1, 12))
    session.commit()
    rows = due_today(session, owner_id=owner_id, clock=LocalClock.on_day(date(2026, 4, 13))).rows
    [keep] = [row for row in rows if row.kind == "keep_in_touch"]
    assert "Tell them how it went with “Read Thinking in Systems”." in keep.reason


def test_a_meeting_that_ended_earlier_today_is_asked_about_not_listed_as_ahead(
    session: Session, owner_id: int
) -> None:
    from datetime import UTC, datetime

    from app.services.today import meetings_ahead
    from tests.factories import add_meeting

    maya = _contact(session, owner_id, "Maya Chen")
    lee = _contact(session, owner_id, "Lee Park", organisation="Northwind")
    add_meeting(session, owner_id, maya, on="2026-03-04", at="09:00", minutes=20, today=MONDAY)
    add_meeting(session, owner_id, lee, on="2026-03-04", at="16:00", minutes=20, today=MONDAY)
    noon = LocalClock(datetime(2026, 3, 4, 12, 0, tzinfo=UTC), UTC)
    ahead = meetings_ahead(session, owner_id=owner_id, today=noon.today, clock=noon)
    assert [row.contact_name for row in ahead] == ["Lee Park"]
    asked = [row.heading for row in due_today(session, owner_id=owner_id, clock=noon).rows]
    assert asked == ["How did it go with Maya?"]
