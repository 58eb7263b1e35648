"""A meeting's .ics: its zone, reminder, stable UID, a SEQUENCE that rises when it moves, its cancellation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.db import session_scope
from app.domain.ics import meeting_ics
from app.models import Meeting
from app.services import meetings
from app.services.errors import ValidationFailed
from tests.factories import DEFAULT_DAY, add_contact, add_meeting, hold_meeting, other_owner

LONDON = ZoneInfo("Europe/London")


def parsed_event(text: str) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(text)
    [event] = calendar.walk("VEVENT")
    return event


def test_the_meeting_file_is_valid_and_in_utc_from_the_students_zone() -> None:
    text = meeting_ics(
        uid="u-1", title="Chat, with Maya", on=date(2026, 7, 1), start="14:30", duration_minutes=20,
        location="Café Nero; Strand", zone=LONDON, now=datetime(2026, 6, 1, tzinfo=UTC),
    )  # fmt: skip
    event = parsed_event(text)
    # 14:30 in London in summer (BST, UTC+1) is 13:30 UTC.
    assert event.decoded("DTSTART") == datetime(2026, 7, 1, 13, 30, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 7, 1, 13, 50, tzinfo=UTC)
    assert "DTSTART:20260701T133000Z" in text
    assert str(event["SUMMARY"]) == "Chat, with Maya" and str(event["LOCATION"]) == "Café Nero; Strand"
    assert all(line.endswith("\r") or not line for line in text.split("\n")[:-1])  # CRLF line ends


def test_long_and_unusual_text_is_folded_escaped_and_reads_back_whole() -> None:
    place = "Café «Zoë» — 12, Rue de l'Été; Floor 3\\Room 4\n" + "très long " * 30
    text = meeting_ics(uid="u", title="Interview, with 李雷", on=date(2026, 3, 4), start="10:00",
                       duration_minutes=20, location=place)  # fmt: skip
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    event = parsed_event(text)
    assert str(event["LOCATION"]) == place and str(event["SUMMARY"]) == "Interview, with 李雷"


def test_the_same_local_time_moves_in_utc_across_a_dst_change() -> None:
    winter = parsed_event(meeting_ics(uid="u", title="T", on=date(2026, 1, 5), start="09:00",
                                      duration_minutes=20, zone=LONDON))  # fmt: skip
    summer = parsed_event(meeting_ics(uid="u", title="T", on=date(2026, 4, 6), start="09:00",
                                      duration_minutes=20, zone=LONDON))  # fmt: skip
    assert winter.decoded("DTSTART").hour == 9 and summer.decoded("DTSTART").hour == 8


def test_the_file_reminds_an_hour_before_to_leave_ten_minutes_early() -> None:
    event = parsed_event(meeting_ics(uid="u", title="Informational interview with Maya", on=date(2026, 3, 4),
                                     start="10:00", duration_minutes=20))  # fmt: skip
    [alarm] = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == -timedelta(hours=1)
    assert str(alarm["DESCRIPTION"]).startswith("Leave ten minutes early")


@pytest.mark.parametrize("minutes", [0, None, -5])
def test_a_meeting_without_a_length_gets_the_default_twenty_minutes(minutes: int | None) -> None:
    event = parsed_event(meeting_ics(uid="u", title="T", on=date(2026, 3, 4), start=time(23, 50),
                                     duration_minutes=minutes))  # fmt: skip
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=20)
    assert event.decoded("DTEND") == datetime(2026, 3, 5, 0, 10, tzinfo=UTC)  # past midnight, the next day


def test_the_cancellation_keeps_the_uid_and_says_cancelled() -> None:
    text = meeting_ics(uid="u-9", title="T", on=date(2026, 3, 4), start="10:00", duration_minutes=20,
                       sequence=2, cancelled=True)  # fmt: skip
    calendar = icalendar.Calendar.from_ical(text)
    event = parsed_event(text)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert (str(event["UID"]), str(event["STATUS"]), int(event["SEQUENCE"])) == ("u-9", "CANCELLED", 2)
    assert not event.walk("VALARM")  # no reminder for a meeting that is off


def file_of(session: Session, owner_id: int, meeting_id: int) -> icalendar.Event:
    text, _name = meetings.meeting_calendar_file(session, owner_id=owner_id, meeting_id=meeting_id)
    return parsed_event(text)


def test_the_uid_is_the_same_at_every_download_and_differs_between_meetings(
    session: Session, owner_id: int
) -> None:
    contact_id = add_contact(session, owner_id)
    first = add_meeting(session, owner_id, contact_id)
    second = add_meeting(session, owner_id, contact_id, on="2026-03-05")
    uid = str(file_of(session, owner_id, first)["UID"])
    assert str(file_of(session, owner_id, first)["UID"]) == uid
    assert str(file_of(session, owner_id, second)["UID"]) != uid
    assert str(meetings.meeting_event_uid(session.get(Meeting, first))) == uid  # type: ignore[arg-type]


def test_moving_a_meeting_raises_its_sequence_and_the_new_file_has_the_new_time(
    session: Session, owner_id: int
) -> None:
    contact_id = add_contact(session, owner_id)
    meeting_id = add_meeting(session, owner_id, contact_id, on="2026-03-04", at="10:00")
    before = file_of(session, owner_id, meeting_id)
    assert int(before["SEQUENCE"]) == 0
    change = meetings.MeetingUpdate(on="2026-03-06", at="15:00")
    meetings.update_meeting(
        session, owner_id=owner_id, meeting_id=meeting_id, changes=change, today=DEFAULT_DAY
    )
    after = file_of(session, owner_id, meeting_id)
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == 1
    assert after.decoded("DTSTART") == datetime(2026, 3, 6, 15, 0, tzinfo=UTC)
    # Saving the same values again is not a move: the calendar has nothing to replace.
    meetings.update_meeting(
        session, owner_id=owner_id, meeting_id=meeting_id, changes=change, today=DEFAULT_DAY
    )
    assert int(file_of(session, owner_id, meeting_id)["SEQUENCE"]) == 1
    meetings.update_meeting(
        session, owner_id=owner_id, meeting_id=meeting_id,
        changes=meetings.MeetingUpdate(place="Library"), today=DEFAULT_DAY,
    )  # fmt: skip
    assert int(file_of(session, owner_id, meeting_id)["SEQUENCE"]) == 2


def test_cancelling_offers_the_cancelling_file_with_the_same_uid_and_a_higher_sequence(
    session: Session, owner_id: int
) -> None:
    contact_id = add_contact(session, owner_id)
    meeting_id = add_meeting(session, owner_id, contact_id)
    planned = file_of(session, owner_id, meeting_id)
    meetings.cancel_meeting(session, owner_id=owner_id, meeting_id=meeting_id, today=DEFAULT_DAY)
    text, name = meetings.meeting_calendar_file(session, owner_id=owner_id, meeting_id=meeting_id)
    cancelled = parsed_event(text)
    assert str(icalendar.Calendar.from_ical(text)["METHOD"]) == "CANCEL" and name.endswith("-cancelled.ics")
    assert str(cancelled["UID"]) == str(planned["UID"])
    assert int(cancelled["SEQUENCE"]) > int(planned["SEQUENCE"])
    assert str(cancelled["STATUS"]) == "CANCELLED"
    with pytest.raises(ValidationFailed):  # a second cancel changes nothing
        meetings.cancel_meeting(session, owner_id=owner_id, meeting_id=meeting_id, today=DEFAULT_DAY)


def test_a_held_meeting_cannot_be_cancelled(session: Session, owner_id: int) -> None:
    contact_id = add_contact(session, owner_id)
    meeting_id = add_meeting(session, owner_id, contact_id, on="2026-03-02")
    hold_meeting(session, owner_id, meeting_id)
    with pytest.raises(ValidationFailed):
        meetings.cancel_meeting(session, owner_id=owner_id, meeting_id=meeting_id, today=DEFAULT_DAY)
    assert session.get(Meeting, meeting_id).status == "held"  # type: ignore[union-attr]


def test_the_file_uses_the_students_saved_zone_and_utc_for_an_unknown_one(
    session: Session, owner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    contact_id = add_contact(session, owner_id)
    meeting_id = add_meeting(session, owner_id, contact_id, on="2026-03-04", at="10:00")
    monkeypatch.setattr(meetings, "_saved_zone_name", lambda _session, _owner: "America/New_York")
    assert file_of(session, owner_id, meeting_id).decoded("DTSTART") == datetime(
        2026, 3, 4, 15, 0, tzinfo=UTC
    )
    monkeypatch.setattr(meetings, "_saved_zone_name", lambda _session, _owner: "Mars/Olympus")
    assert file_of(session, owner_id, meeting_id).decoded("DTSTART") == datetime(
        2026, 3, 4, 10, 0, tzinfo=UTC
    )


def test_cancelling_from_the_contact_page_hands_over_the_cancelling_file(
    page_state: Callable[..., Any], engine: Engine, owner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.state.contact import ContactState
    from tests.test_contact_page_services import downloaded, open_page

    with session_scope(engine) as session:
        contact_id = add_contact(session, owner_id)
        meeting_id = add_meeting(session, owner_id, contact_id, on="2026-03-04")
        stranger = other_owner(session)
        theirs = add_meeting(session, stranger, add_contact(session, stranger), on="2026-03-04")
    state: ContactState = page_state(ContactState, today=DEFAULT_DAY)
    open_page(state, monkeypatch, contact_id)
    state.cancel_meeting(theirs)  # another student's meeting: nothing happens to it
    with session_scope(engine) as session:
        assert session.get(Meeting, theirs).status == "scheduled"  # type: ignore[union-attr]
    events = state.cancel_meeting(meeting_id)
    assert isinstance(events, list)
    text = downloaded(events[0])
    assert "METHOD:CANCEL" in text and "STATUS:CANCELLED" in text
    [row] = state.meetings
    assert row.cancelled and not row.held
    state.mark_held(meeting_id)  # a cancelled meeting is not marked held by a stray click
    with session_scope(engine) as session:
        assert session.get(Meeting, meeting_id).status == "cancelled"  # type: ignore[union-attr]
    again = state.cancel_meeting(meeting_id)
    assert "Only a planned meeting" in str(again)
