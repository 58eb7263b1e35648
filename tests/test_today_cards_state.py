"""Today's cards as the browser drives them: how did it go, snooze, not now, done; two tabs; other owners."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlmodel import Session, col, select

from app.domain.vocabulary import DueKind, MeetingStatus, TouchKind
from app.models import CardAnswer, Meeting, Touch, User
from app.services import clock as clock_service
from app.services.cards import next_due_by_contact
from app.services.clock import clock_for
from app.state.settings import SettingsState
from app.state.today import TodayState
from tests.factories import add_contact, add_meeting, log_touch, other_owner
from tests.test_today_state import toast_text

WEDNESDAY = date(2026, 3, 11)
MONDAY = date(2026, 3, 2)


@pytest.fixture
def today_state(page_state: Callable[..., Any]) -> TodayState:
    return page_state(TodayState, today=WEDNESDAY)


def _row(state: TodayState, name: str) -> Any:
    return next(row for row in state.due if row.contact_name == name)


def _meeting_yesterday(session: Session, owner_id: int, name: str = "Maya Patel", org: str = "Acme") -> int:
    contact = add_contact(session, owner_id, name, organisation=org)
    log_touch(session, owner_id, contact, TouchKind.OUTREACH_SENT, MONDAY)
    log_touch(session, owner_id, contact, TouchKind.REPLY_RECEIVED, date(2026, 3, 3))
    meeting = add_meeting(session, owner_id, contact, on="2026-03-10", at="10:00", today=date(2026, 3, 3))
    session.commit()
    return meeting


def _status(session: Session, meeting_id: int) -> str:
    session.expire_all()
    meeting = session.get(Meeting, meeting_id)
    assert meeting is not None
    return meeting.status


def test_a_meeting_yesterday_asks_how_it_went_then_the_thank_you_is_due(
    today_state: TodayState, session: Session, owner_id: int
) -> None:
    meeting = _meeting_yesterday(session, owner_id)
    today_state.load()
    row = _row(today_state, "Maya Patel")
    assert (row.kind, row.heading, row.asks_outcome) == (
        DueKind.MEETING_OUTCOME,
        "How did it go with Maya?",
        True,
    )
    assert row.notes_url == f"/meetings/{meeting}/notes"
    assert row.write_url.endswith(f"kind=thank_you&meeting={meeting}")

    said = today_state.answer_meeting(meeting, "happened")

    assert "Glad it happened." in toast_text(said)
    assert _status(session, meeting) == MeetingStatus.HELD
    row = _row(today_state, "Maya Patel")
    assert (row.kind, row.done_label) == (DueKind.THANK_YOU, "Thank-you sent")
    today_state.mark_done(row.contact_id, row.kind, row.trigger)
    assert [r for r in today_state.due if r.contact_name == "Maya Patel"] == []


def test_two_tabs_answering_differently_the_first_answer_wins_calmly(
    page_state: Callable[..., Any], session: Session, owner_id: int
) -> None:
    meeting = _meeting_yesterday(session, owner_id)
    first, second = page_state(TodayState, today=WEDNESDAY), page_state(TodayState, today=WEDNESDAY)
    first.load()
    said = first.answer_meeting(meeting, "did_not_happen")
    assert "it didn't happen" in toast_text(said)
    said = second.answer_meeting(meeting, "happened")
    assert "You already said this meeting didn't happen." in toast_text(said)
    assert _status(session, meeting) == MeetingStatus.CANCELLED
    held = session.exec(select(Touch).where(Touch.kind == TouchKind.MEETING_HELD.value)).all()
    assert held == []
    # Nothing is left to ask, and no thank-you is owed for a meeting that didn't happen.
    assert [r for r in second.due if r.contact_name == "Maya Patel"] == []


def test_it_moved_takes_a_new_time_ahead_and_refuses_one_in_the_past(
    today_state: TodayState, session: Session, owner_id: int
) -> None:
    meeting = _meeting_yesterday(session, owner_id)
    today_state.load()
    today_state.start_move(meeting)
    assert today_state.moving_meeting_id == meeting
    today_state.set_move_on("2026-03-09")
    today_state.set_move_at("10:00")
    today_state.save_move()
    assert today_state.move_error == "That time has already passed: pick a time ahead, or say it happened."
    session.expire_all()
    assert session.get(Meeting, meeting).starts_on == date(2026, 3, 10)  # type: ignore[union-attr]

    today_state.set_move_on("2026-03-13")
    said = today_state.save_move()
    assert "Moved to Fri 13 Mar at 10:00." in toast_text(said)
    assert [r for r in today_state.due if r.contact_name == "Maya Patel"] == []
    session.expire_all()
    assert session.get(Meeting, meeting).starts_on == date(2026, 3, 13)  # type: ignore[union-attr]


def test_snooze_hides_the_card_until_its_day_and_next_due_says_so(
    page_state: Callable[..., Any], session: Session, owner_id: int, engine: Any
) -> None:
    ada = add_contact(session, owner_id, "Ada Byron", organisation="Acme")
    log_touch(session, owner_id, ada, TouchKind.OUTREACH_SENT, MONDAY)
    session.commit()
    state = page_state(TodayState, today=WEDNESDAY)
    state.load()
    row = _row(state, "Ada Byron")
    said = state.snooze(row.contact_id, row.kind, row.trigger, "three_days")
    assert "Snoozed until Sat 14 Mar." in toast_text(said)
    assert [r for r in state.due if r.contact_name == "Ada Byron"] == []
    due = next_due_by_contact(
        session,
        owner_id=owner_id,
        contact_ids=[ada],
        clock=clock_for(session, owner_id=owner_id, fixed=WEDNESDAY),
    )
    assert due == {ada: "2026-03-14"}

    # Snoozing again (another tab, the card since gone) is a calm no-op.
    said = state.snooze(row.contact_id, row.kind, row.trigger, "tomorrow")
    assert "already taken care of" in toast_text(said)

    later = page_state(TodayState, today=date(2026, 3, 14))
    later.load()
    assert _row(later, "Ada Byron").kind == DueKind.FOLLOW_UP


def test_not_now_puts_the_card_aside_until_something_new_happens(
    today_state: TodayState, session: Session, owner_id: int
) -> None:
    ada = add_contact(session, owner_id, "Ada Byron")
    log_touch(session, owner_id, ada, TouchKind.OUTREACH_SENT, MONDAY)
    session.commit()
    today_state.load()
    row = _row(today_state, "Ada Byron")
    today_state.dismiss(row.contact_id, row.kind, row.trigger)
    assert today_state.due == []
    # Doing the card that was put aside, from a stale tab, changes nothing.
    said = today_state.mark_done(row.contact_id, row.kind, row.trigger)
    assert "already taken care of" in toast_text(said)
    assert session.exec(select(Touch).where(Touch.kind == TouchKind.FOLLOW_UP_SENT.value)).all() == []


def test_a_second_contact_retires_when_someone_else_at_the_organisation_is_reached(
    page_state: Callable[..., Any], session: Session, owner_id: int
) -> None:
    ada = add_contact(session, owner_id, "Ada Byron", organisation="Acme")
    log_touch(session, owner_id, ada, TouchKind.OUTREACH_SENT, MONDAY)
    session.commit()
    day = date(2026, 3, 9)  # five business days on: a second contact, no follow-up yet
    state = page_state(TodayState, today=day)
    state.load()
    assert _row(state, "Ada Byron").kind == DueKind.SECOND_CONTACT
    bea = add_contact(session, owner_id, "Bea Stone", organisation="Acme")
    log_touch(session, owner_id, bea, TouchKind.OUTREACH_SENT, day)
    session.commit()
    state.load()
    assert [r.contact_name for r in state.due] == []


def test_every_new_handler_ignores_another_owners_ids(
    today_state: TodayState, session: Session, owner_id: int
) -> None:
    other = other_owner(session)
    theirs = _meeting_yesterday(session, other, "Their Contact")
    their_contact = session.exec(select(Meeting.contact_id).where(Meeting.id == theirs)).one()
    today_state.load()
    for call in (
        lambda: today_state.answer_meeting(theirs, "happened"),
        lambda: today_state.answer_meeting(theirs, "did_not_happen"),
        lambda: today_state.start_move(theirs),
        lambda: today_state.snooze(their_contact, "meeting_outcome", "x", "tomorrow"),
        lambda: today_state.dismiss(their_contact, "meeting_outcome", "x"),
        lambda: today_state.mark_done(their_contact, "thank_you", "x"),
    ):
        said = call()
        assert said is None or "isn't here any more" in toast_text(said)
    assert today_state.moving_meeting_id == 0
    today_state.moving_meeting_id = theirs  # a forged move
    today_state.set_move_on("2026-03-20")
    today_state.set_move_at("10:00")
    today_state.save_move()
    assert _status(session, theirs) == MeetingStatus.SCHEDULED
    session.expire_all()
    assert session.get(Meeting, theirs).starts_on == date(2026, 3, 10)  # type: ignore[union-attr]
    assert session.exec(select(CardAnswer)).all() == []
    assert (
        session.exec(select(Touch).where(Touch.owner_id == other, col(Touch.kind) == "meeting_held")).all()
        == []
    )


def test_the_time_zone_is_detected_once_and_changed_only_in_settings(
    page_state: Callable[..., Any], session: Session, owner_id: int
) -> None:
    settings = page_state(SettingsState, today=WEDNESDAY)
    settings.load()
    assert (settings.time_zone, settings.time_zone_known) == ("UTC", False)
    settings.remember_zone("Mars/Olympus")  # a zone the browser cannot name: still UTC, and said so
    assert (settings.time_zone, settings.time_zone_known) == ("UTC", False)
    settings.remember_zone("America/Los_Angeles")
    assert (settings.time_zone, settings.time_zone_known) == ("America/Los_Angeles", True)
    settings.set_time_zone("Europe/Paris")
    assert settings.time_zone_saved and settings.time_zone == "Europe/Paris"
    settings.set_time_zone("Nowhere/Else")
    assert settings.time_zone_error.startswith("Choose a time zone")
    settings.remember_zone("Asia/Tokyo")  # the browser never overrides a choice
    session.expire_all()
    assert session.get(User, owner_id).time_zone == "Europe/Paris"  # type: ignore[union-attr]
    assert clock_service.known_zone("Europe/Paris") == "Europe/Paris"


def test_next_due_reads_the_same_through_the_trackers_plain_connection(
    session: Session, owner_id: int
) -> None:
    meeting = _meeting_yesterday(session, owner_id)
    contact_id = session.exec(select(Meeting.contact_id).where(Meeting.id == meeting)).one()
    clock = clock_for(session, owner_id=owner_id, fixed=WEDNESDAY)
    through_session = next_due_by_contact(session, owner_id=owner_id, contact_ids=[contact_id], clock=clock)
    through_connection = next_due_by_contact(
        session.connection(), owner_id=owner_id, contact_ids=[contact_id], clock=clock
    )
    assert through_session == through_connection == {contact_id: "2026-03-10"}
