"""The contact page's additions: the 3B7 status sentence, briefs started, and a state that never crashes."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.db import session_scope
from app.domain.day_words import day_label
from app.models import Brief, Meeting
from app.services.contacts import delete_contact
from app.services.errors import NotFound
from app.services.meetings import MeetingInput, briefs_started, schedule_meeting
from app.services.touches import follow_up_status, record_touch
from app.state import contact as contact_state
from app.state.base import PageState
from app.state.contact import ContactState
from tests.factories import add_contact, add_meeting, log_touch, other_owner

MON_9_MAR = date(2026, 3, 9)


def new_contact(session: Session, owner_id: int, name: str = "Ada Lovelace") -> int:
    return add_contact(session, owner_id, name, organisation="Engines")


log = log_touch


def status(session: Session, owner_id: int, contact_id: int, today: date) -> str:
    return follow_up_status(session, owner_id=owner_id, contact_id=contact_id, today=today)


def test_dates_read_like_mon_9_mar_with_the_year_only_when_it_differs() -> None:
    assert day_label(MON_9_MAR, MON_9_MAR) == "Mon 9 Mar"
    assert day_label(date(2025, 12, 31), MON_9_MAR) == "Wed 31 Dec 2025"


def test_a_contact_not_yet_reached_says_what_happens_once_outreach_is_logged(
    session: Session, owner_id: int
) -> None:
    contact_id = new_contact(session, owner_id)
    assert status(session, owner_id, contact_id, MON_9_MAR).startswith("No outreach yet.")


def test_outreach_gives_the_follow_up_date_seven_business_days_later(session: Session, owner_id: int) -> None:
    contact_id = new_contact(session, owner_id)
    log(session, owner_id, contact_id, "outreach_sent", MON_9_MAR)
    text = status(session, owner_id, contact_id, MON_9_MAR)
    assert text.startswith("Outreach sent Mon 9 Mar. Follow-up due Wed 18 Mar.")
    assert "No reply by Thu 12 Mar is normal" in text


def test_after_three_quiet_business_days_a_second_contact_is_suggested(
    session: Session, owner_id: int
) -> None:
    contact_id = new_contact(session, owner_id)
    log(session, owner_id, contact_id, "outreach_sent", MON_9_MAR)
    text = status(session, owner_id, contact_id, date(2026, 3, 13))
    assert "Follow-up due Wed 18 Mar." in text
    assert "meanwhile, try a second person at the same organisation" in text


def test_after_a_follow_up_the_status_says_when_to_let_it_rest(session: Session, owner_id: int) -> None:
    contact_id = new_contact(session, owner_id)
    log(session, owner_id, contact_id, "outreach_sent", MON_9_MAR)
    log(session, owner_id, contact_id, "follow_up_sent", date(2026, 3, 18))
    waiting = status(session, owner_id, contact_id, date(2026, 3, 18))
    assert "Follow-up sent Wed 18 Mar." in waiting
    assert "If there's no reply by Fri 27 Mar, let it rest." in waiting
    quiet = status(session, owner_id, contact_id, date(2026, 3, 30))
    assert "it's fine to let this one rest" in quiet


def test_a_reply_within_three_business_days_is_a_booster(session: Session, owner_id: int) -> None:
    contact_id = new_contact(session, owner_id)
    log(session, owner_id, contact_id, "outreach_sent", MON_9_MAR)
    log(session, owner_id, contact_id, "reply_received", date(2026, 3, 12))
    text = status(session, owner_id, contact_id, date(2026, 3, 12))
    assert "a booster" in text
    assert "Suggest a time" in text


def test_a_later_reply_is_an_obligate_and_the_nudge_stops_once_a_meeting_is_set(
    session: Session, owner_id: int
) -> None:
    contact_id = new_contact(session, owner_id)
    log(session, owner_id, contact_id, "outreach_sent", MON_9_MAR)
    log(session, owner_id, contact_id, "reply_received", date(2026, 3, 16))
    assert "an obligate" in status(session, owner_id, contact_id, date(2026, 3, 16))
    schedule_meeting(
        session,
        owner_id=owner_id,
        contact_id=contact_id,
        data=MeetingInput(on="2026-03-20", at="10:00", place="Library"),
        today=date(2026, 3, 16),
    )
    text = status(session, owner_id, contact_id, date(2026, 3, 16))
    assert "an obligate" in text
    assert "Suggest a time" not in text


def test_a_decline_is_met_calmly(session: Session, owner_id: int) -> None:
    contact_id = new_contact(session, owner_id)
    log(session, owner_id, contact_id, "outreach_sent", MON_9_MAR)
    log(session, owner_id, contact_id, "declined", date(2026, 3, 10))
    assert "part of networking" in status(session, owner_id, contact_id, date(2026, 3, 10))


def test_the_status_of_someone_elses_or_a_deleted_contact_is_not_found(
    session: Session, owner_id: int
) -> None:
    theirs = new_contact(session, other_owner(session))
    deleted = new_contact(session, owner_id, "Gone Person")
    delete_contact(session, owner_id=owner_id, contact_id=deleted)
    for contact_id in (theirs, deleted, "abc", None, 10**9):
        with pytest.raises(NotFound):
            follow_up_status(session, owner_id=owner_id, contact_id=contact_id, today=MON_9_MAR)


def test_briefs_started_lists_only_this_owners_meetings_with_a_brief(session: Session, owner_id: int) -> None:
    contact_id = new_contact(session, owner_id)
    data = MeetingInput(on="2026-03-20", at="10:00", place="Library")
    with_brief = schedule_meeting(
        session, owner_id=owner_id, contact_id=contact_id, data=data, today=MON_9_MAR
    )
    without = schedule_meeting(session, owner_id=owner_id, contact_id=contact_id, data=data, today=MON_9_MAR)
    session.add(Brief(owner_id=owner_id, meeting_id=with_brief))
    session.flush()
    assert briefs_started(session, owner_id=owner_id, meeting_ids=[with_brief, without]) == {with_brief}
    assert briefs_started(session, owner_id=owner_id + 1, meeting_ids=[with_brief]) == set()
    assert briefs_started(session, owner_id=owner_id, meeting_ids=[]) == set()


@pytest.fixture
def state(page_state: Callable[..., Any]) -> ContactState:
    """The page's state on the test database, as the local student, on Mon 9 Mar."""
    return page_state(ContactState, today=MON_9_MAR)


def open_page(state: ContactState, monkeypatch: pytest.MonkeyPatch, route_value: object) -> None:
    """What the browser does on /contacts/<route_value>: the route segment is set, then on_load runs."""
    monkeypatch.setattr(
        PageState, "_route_param", lambda _self, name: str(route_value) if name == "contact_id" else ""
    )
    for _update in state.on_load():
        pass
    assert state.loaded


def saved_contact(engine: Engine, owner_id: int, **fields: Any) -> int:
    with session_scope(engine) as session:
        return add_contact(session, owner_id, **fields)


def test_the_state_loads_a_contact_and_logs_outreach(
    state: ContactState, engine: Engine, owner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    contact_id = saved_contact(engine, owner_id, notes="<b>hi</b>")
    open_page(state, monkeypatch, contact_id)
    assert state.found and state.heading == "Ada Lovelace" and state.shown_id == contact_id
    assert state.log_on == MON_9_MAR.isoformat()
    state.set_log_kind("outreach_sent")
    state.set_log_summary("Sent it")
    state.log_touch()
    assert state.detail.stage == "reached_out"
    assert [item.label for item in state.timeline] == ["Outreach sent"]
    assert state.status_text.startswith("Outreach sent Mon 9 Mar. Follow-up due Wed 18 Mar.")
    assert state.log_summary == ""


@pytest.mark.parametrize("route_value", ["abc", "", "999999", "-1", "1.5", "<script>", "9" * 30])
def test_the_state_shows_nothing_for_ids_that_are_not_a_contact(
    state: ContactState, monkeypatch: pytest.MonkeyPatch, route_value: str
) -> None:
    open_page(state, monkeypatch, route_value)
    assert not state.found
    assert state.detail.name == "" and state.timeline == [] and state.meetings == []
    assert state.heading == "Contact"


def test_another_students_contact_is_not_found_and_leaves_nothing_of_the_last_one(
    state: ContactState, engine: Engine, owner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = saved_contact(engine, owner_id, name="Grace Hopper")
    with session_scope(engine) as session:
        theirs = add_contact(session, other_owner(session), name="Not Yours")
    open_page(state, monkeypatch, mine)
    assert state.heading == "Grace Hopper"
    open_page(state, monkeypatch, theirs)
    assert not state.found and state.heading == "Contact" and state.shown_id == 0


def test_scheduling_a_meeting_lists_it_and_marking_it_held_moves_the_contact_to_met(
    state: ContactState, engine: Engine, owner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    contact_id = saved_contact(engine, owner_id)
    open_page(state, monkeypatch, contact_id)
    state.toggle_schedule_form()
    state.set_meeting_on("2026-03-12")
    state.set_meeting_at("14:30")
    state.set_meeting_place("Café Nero")
    toast = state.schedule_meeting()
    assert toast is not None and not state.scheduling and state.meeting_errors == {}
    [row] = state.meetings
    assert (row.when, row.duration, row.place, row.held) == (
        "Thu 12 Mar, 14:30",
        "20 minutes",
        "Café Nero",
        False,
    )
    assert state.detail.stage == "meeting_scheduled"
    assert state.meeting_place == "" and state.meeting_minutes == "20"

    state.mark_held(str(row.id))
    assert state.meetings[0].held and state.detail.stage == "met"


def test_a_meeting_of_another_contact_or_owner_is_not_marked_held_here(
    state: ContactState, engine: Engine, owner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    contact_id = saved_contact(engine, owner_id)
    with session_scope(engine) as session:
        other_contact = add_contact(session, owner_id, name="Someone Else")
        elsewhere = add_meeting(session, owner_id, other_contact)
        stranger = other_owner(session)
        theirs = add_meeting(session, stranger, add_contact(session, stranger))
    open_page(state, monkeypatch, contact_id)
    assert state.mark_held(elsewhere) is None
    assert state.mark_held(theirs) is not None  # a calm "isn't here any more"
    with session_scope(engine) as session:
        assert {session.get(Meeting, m).status for m in (elsewhere, theirs)} == {"scheduled"}  # type: ignore[union-attr]


def test_the_calendar_file_downloads_for_the_students_own_meeting_only(
    state: ContactState, engine: Engine, owner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    contact_id = saved_contact(engine, owner_id)
    with session_scope(engine) as session:
        meeting_id = add_meeting(session, owner_id, contact_id, on="2026-03-12", at="23:50", minutes=30)
        stranger = other_owner(session)
        theirs = add_meeting(session, stranger, add_contact(session, stranger))
    open_page(state, monkeypatch, contact_id)
    assert "DTEND:20260313T002000" in downloaded(state.download_calendar_file(meeting_id))
    assert "text/calendar" not in str(state.download_calendar_file(theirs))


def downloaded(spec: object) -> str:
    """The text of the file an rx.download event hands the browser."""
    values = [getattr(value, "_var_value", "") for _name, value in spec.args]  # type: ignore[attr-defined]
    url = next(value for value in values if isinstance(value, str) and value.startswith("data:"))
    return base64.b64decode(url.split("base64,", 1)[1]).decode()


def test_odd_payloads_never_crash_a_handler(
    state: ContactState, engine: Engine, owner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_page(state, monkeypatch, saved_contact(engine, owner_id))
    state.set_log_kind("reply_received")
    state.set_log_kind({"not": "a kind"})  # type: ignore[arg-type]
    state.set_log_kind("stage_set")
    assert state.log_kind == "reply_received"
    state.set_log_summary(None)  # type: ignore[arg-type]
    assert state.log_summary == ""
    state.set_meeting_minutes(["20"])  # type: ignore[arg-type]
    state.set_log_on("not a date")
    state.log_touch()
    assert "on" in state.log_errors
    state.mark_held("abc")  # type: ignore[arg-type]
    state.download_calendar_file({"id": 1})  # type: ignore[arg-type]
    state.schedule_meeting()
    assert state.meeting_errors == {
        "on": "Choose the meeting's date.",
        "at": "Choose a time, like 14:30.",
        "place": "Add a place, or a video link.",
    }
    assert state.meeting_message and state.meetings == []
    state.set_meeting_minutes("600")
    state.schedule_meeting()
    assert state.meeting_errors["duration_minutes"].startswith("A length between 5 and 240 minutes")


def test_a_ten_thousand_character_summary_is_kept_and_a_longer_one_explained(
    state: ContactState, engine: Engine, owner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_page(state, monkeypatch, saved_contact(engine, owner_id))
    state.set_log_summary("é" * 10_001)
    state.log_touch()
    assert "summary" in state.log_errors
    assert len(state.log_summary) == 10_001  # nothing typed is thrown away
    state.set_log_summary("مرحبا 👋 " * 1250)
    state.log_touch()
    assert state.log_errors == {}
    assert len(state.timeline[0].summary) <= 10_000


def test_the_timeline_in_state_stays_small_however_long_the_emails(
    state: ContactState, engine: Engine, owner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    contact_id = saved_contact(engine, owner_id)
    with session_scope(engine) as session:
        for _ in range(contact_state.TIMELINE_LIMIT + 5):
            record_touch(
                session,
                owner_id=owner_id,
                contact_id=contact_id,
                kind="note",
                on=MON_9_MAR,
                today=MON_9_MAR,
                summary="s" * 10_000,
                body="b" * 100_000,
            )
    open_page(state, monkeypatch, contact_id)
    assert len(state.timeline) == contact_state.TIMELINE_LIMIT
    assert all(len(item.body) < contact_state.BODY_SHOWN + 50 for item in state.timeline)
    size = sum(len(item.summary) + len(item.body) for item in state.timeline)
    assert size < 900_000
