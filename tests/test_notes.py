"""Meeting notes by TIARA, and suggested people who become contacts referred by the one met."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from app.domain.local_time import LocalClock
from app.domain.pipeline import TouchFact, derive_stage, due_items
from app.domain.vocabulary import Source, Stage, TouchKind
from app.models import Contact, Touch
from app.services import contacts, notes
from app.services.cards import next_due_by_contact
from app.services.errors import NotFound, ValidationFailed
from tests.factories import add_contact, add_meeting, hold_meeting, log_touch, other_owner

TODAY = date(2026, 3, 2)


def _meeting(session: Session, owner_id: int) -> tuple[int, int]:
    contact_id = add_contact(session, owner_id, "Ada Lovelace", organisation="Babbage & Co")
    return contact_id, add_meeting(session, owner_id, contact_id, on="2026-03-02", today=TODAY)


def test_each_tiara_note_is_saved_on_the_meeting(session: Session, owner_id: int) -> None:
    _, meeting_id = _meeting(session, owner_id)
    for field in notes.NOTE_FIELDS:
        notes.save_note(session, owner_id=owner_id, meeting_id=meeting_id, field=field, text=f"about {field}")
    view = notes.meeting_notes(session, owner_id=owner_id, meeting_id=meeting_id)
    assert (view.trends, view.insights, view.advice, view.resources, view.assignments) == (
        "about trends",
        "about insights",
        "about advice",
        "about resources",
        "about assignments",
    )


def test_an_unknown_note_field_is_refused(session: Session, owner_id: int) -> None:
    _, meeting_id = _meeting(session, owner_id)
    with pytest.raises(ValidationFailed):
        notes.save_note(session, owner_id=owner_id, meeting_id=meeting_id, field="ended_at", text="x")


def test_a_suggested_person_becomes_a_contact_referred_by_this_one(session: Session, owner_id: int) -> None:
    contact_id, meeting_id = _meeting(session, owner_id)
    new_id = notes.add_suggested_person(
        session,
        owner_id=owner_id,
        meeting_id=meeting_id,
        name="Charles Babbage",
        organisation="Difference Engines",
        note="Ask about gears",
        today=TODAY,
    )
    new = session.get(Contact, new_id)
    assert new is not None
    assert (new.referred_by_id, new.source, new.notes) == (
        contact_id,
        Source.REFERRED.value,
        "Ask about gears",
    )
    detail = contacts.contact_detail(session, owner_id=owner_id, contact_id=new_id, today=TODAY)
    assert (detail.organisation, detail.referred_by_name) == ("Difference Engines", "Ada Lovelace")
    listed = notes.suggested_people(session, owner_id=owner_id, meeting_id=meeting_id)
    assert [(p.id, p.name, p.organisation) for p in listed] == [
        (new_id, "Charles Babbage", "Difference Engines")
    ]
    note = session.exec(
        select(Touch).where(Touch.contact_id == contact_id, Touch.kind == TouchKind.NOTE.value)
    ).one()
    assert note.summary == "Suggested Charles Babbage"


def test_a_suggested_person_needs_a_name(session: Session, owner_id: int) -> None:
    _, meeting_id = _meeting(session, owner_id)
    with pytest.raises(ValidationFailed) as refused:
        notes.add_suggested_person(session, owner_id=owner_id, meeting_id=meeting_id, name="  ", today=TODAY)
    assert "name" in refused.value.errors


def test_marking_the_meeting_held_moves_the_contact_to_met_once(session: Session, owner_id: int) -> None:
    contact_id, meeting_id = _meeting(session, owner_id)
    notes.hold_meeting(session, owner_id=owner_id, meeting_id=meeting_id, today=TODAY)
    notes.hold_meeting(session, owner_id=owner_id, meeting_id=meeting_id, today=TODAY)
    assert notes.meeting_notes(session, owner_id=owner_id, meeting_id=meeting_id).held
    held = session.exec(select(Touch).where(Touch.kind == TouchKind.MEETING_HELD.value)).all()
    assert len(held) == 1
    detail = contacts.contact_detail(session, owner_id=owner_id, contact_id=contact_id, today=TODAY)
    assert detail.stage == Stage.MET.value
    assert notes.latest_meeting_id(session, owner_id=owner_id, contact_id=contact_id) == meeting_id


def test_another_owners_meeting_is_not_found(session: Session, owner_id: int) -> None:
    _, meeting_id = _meeting(session, owner_id)
    stranger = other_owner(session)
    for call in (
        lambda: notes.meeting_notes(session, owner_id=stranger, meeting_id=meeting_id),
        lambda: notes.save_note(session, owner_id=stranger, meeting_id=meeting_id, field="trends", text="x"),
        lambda: notes.add_suggested_person(
            session, owner_id=stranger, meeting_id=meeting_id, name="Eve", today=TODAY
        ),
        lambda: notes.hold_meeting(session, owner_id=stranger, meeting_id=meeting_id, today=TODAY),
    ):
        with pytest.raises(NotFound):
            call()


def test_a_report_back_is_due_once_a_referral_is_met_until_it_is_sent() -> None:
    met = date(2026, 3, 2)
    touches = [
        TouchFact(TouchKind.MEETING_HELD, date(2026, 2, 2)),
        TouchFact(TouchKind.THANK_YOU_SENT, date(2026, 2, 2)),
        TouchFact(TouchKind.REFERRAL_MET, met),
    ]
    items = due_items(touches, met)
    assert [(item.kind, item.due_on) for item in items] == [("report_back", met)]
    assert "someone they suggested" in items[0].reason
    # Meeting their referral does not move the referrer along the pipeline.
    assert derive_stage(touches, met) == Stage.THANKED
    sent = [*touches, TouchFact(TouchKind.REPORT_BACK_SENT, date(2026, 3, 3))]
    assert [item.kind for item in due_items(sent, date(2026, 3, 3))] == []


def test_meeting_a_suggested_person_puts_a_report_back_on_the_referrers_list(
    session: Session, owner_id: int
) -> None:
    referrer_id, meeting_id = _meeting(session, owner_id)
    # Their own meeting happened and was thanked for, so the report-back is what is next for them.
    hold_meeting(session, owner_id, meeting_id, today=date(2026, 3, 2))
    log_touch(session, owner_id, referrer_id, TouchKind.THANK_YOU_SENT, date(2026, 3, 2))
    new_id = notes.add_suggested_person(
        session, owner_id=owner_id, meeting_id=meeting_id, name="Charles Babbage", today=TODAY
    )
    their_meeting = add_meeting(session, owner_id, new_id, on="2026-03-04", today=TODAY)
    hold_meeting(session, owner_id, their_meeting, today=date(2026, 3, 4))
    touch = session.exec(
        select(Touch).where(Touch.contact_id == referrer_id, Touch.kind == TouchKind.REFERRAL_MET.value)
    ).one()
    assert touch.summary == "Met Charles Babbage, whom they suggested"
    clock = LocalClock.on_day(date(2026, 3, 4))
    due = next_due_by_contact(session, owner_id=owner_id, contact_ids=[referrer_id], clock=clock)
    assert due == {referrer_id: "2026-03-04"}
