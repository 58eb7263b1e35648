"""The meeting-notes page as the browser drives it: open the address, type the notes, mark the meeting
held, add the people the contact suggested, choose how often to keep in touch."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from reflex.event import EventSpec
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app import routes
from app.domain.vocabulary import MeetingStatus, Source, TouchKind
from app.models import Contact, Meeting, Touch
from app.services import notes
from app.state.meeting_notes import MeetingNotesState
from tests.browser import open_page, visit
from tests.factories import add_contact, add_meeting, other_owner

TODAY = date(2026, 3, 4)  # a Wednesday, the day of the meeting


@pytest.fixture
def open_notes(page_state: Callable[..., Any]) -> Callable[[object], MeetingNotesState]:
    """The notes page as the browser opens it: the address /meetings/<id>/notes, then `load`."""

    def open_at(meeting_id: object) -> MeetingNotesState:
        return visit(
            page_state, MeetingNotesState, routes.MEETING_NOTES, today=TODAY, meeting_id=str(meeting_id)
        )

    return open_at


def saved_meeting(engine: Engine, owner_id: int) -> tuple[int, int]:
    with Session(engine) as session:
        contact_id = add_contact(session, owner_id, "Ada Lovelace", organisation="Babbage & Co")
        meeting_id = add_meeting(session, owner_id, contact_id, on="2026-03-04", at="10:00", today=TODAY)
        session.commit()
    return contact_id, meeting_id


def stored_meeting(engine: Engine, meeting_id: int) -> Meeting:
    with Session(engine, expire_on_commit=False) as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        return meeting


def stored_notes(engine: Engine, meeting_id: int) -> dict[str, str]:
    meeting = stored_meeting(engine, meeting_id)
    return {field: getattr(meeting, column) for field, column in notes.NOTE_FIELDS.items()}


def stored_contacts(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return sorted(session.exec(select(Contact.name)).all())


def toast_text(spec: EventSpec | None) -> str:
    assert isinstance(spec, EventSpec)
    return str(spec.args[0][1])


def test_the_page_shows_the_meeting_its_notes_and_the_contacts_links(
    open_notes: Callable[[object], MeetingNotesState], engine: Engine, owner_id: int
) -> None:
    contact_id, meeting_id = saved_meeting(engine, owner_id)
    with Session(engine) as session:
        notes.save_note(
            session, owner_id=owner_id, meeting_id=meeting_id, field="advice", text="Read widely."
        )
        session.commit()
    state = open_notes(meeting_id)
    assert state.loaded and not state.missing
    assert (state.contact_name, state.when, state.held) == (
        "Ada Lovelace",
        "Wednesday, 4 March 2026, 10:00",
        False,
    )
    assert state.advice == "Read widely." and state.trends == ""
    assert state.keep_months == "3" and state.suggested == []
    assert state.contact_href == routes.contact_url(contact_id)
    assert state.thank_you_href == routes.compose_url(contact_id, "thank_you", meeting_id=meeting_id)


@pytest.mark.parametrize("field", list(notes.NOTE_FIELDS))
def test_each_note_is_saved_as_typed_and_alone(
    open_notes: Callable[[object], MeetingNotesState], engine: Engine, owner_id: int, field: str
) -> None:
    _, meeting_id = saved_meeting(engine, owner_id)
    state = open_notes(meeting_id)
    for name in notes.NOTE_FIELDS:
        getattr(state, f"edit_{name}")(f"{name} as first written")
    getattr(state, f"edit_{field}")("Réunion 🎉 <b>not bold</b>\nsecond line")
    expected = {name: f"{name} as first written" for name in notes.NOTE_FIELDS}
    expected[field] = "Réunion 🎉 <b>not bold</b>\nsecond line"
    assert state.saved_note == "Notes saved" and state.note_errors == {}
    assert {name: getattr(state, name) for name in notes.NOTE_FIELDS} == expected
    assert stored_notes(engine, meeting_id) == expected
    assert {name: getattr(open_notes(meeting_id), name) for name in notes.NOTE_FIELDS} == expected


def test_a_note_too_long_to_keep_is_named_and_not_saved(
    open_notes: Callable[[object], MeetingNotesState], engine: Engine, owner_id: int
) -> None:
    _, meeting_id = saved_meeting(engine, owner_id)
    state = open_notes(meeting_id)
    state.edit_insights("Short and kept.")
    state.edit_insights("x" * (notes.NOTE_LIMIT + 1))
    assert state.note_errors["insights"].startswith("Keep each note under 20,000")
    assert state.saved_note == "Not saved yet: see the note beside the field."
    assert stored_notes(engine, meeting_id)["insights"] == "Short and kept."
    state.edit_insights("Shorter now.")
    assert state.note_errors == {} and state.saved_note == "Notes saved"
    assert stored_notes(engine, meeting_id)["insights"] == "Shorter now."


@pytest.mark.parametrize("payload", [None, 5, ["a"], {"text": "hi"}, True])
def test_a_note_that_is_not_text_changes_nothing(
    open_notes: Callable[[object], MeetingNotesState], engine: Engine, owner_id: int, payload: object
) -> None:
    _, meeting_id = saved_meeting(engine, owner_id)
    state = open_notes(meeting_id)
    state.edit_trends("Kept.")
    state.edit_trends(payload)
    assert state.trends == "Kept." and not state.missing
    assert stored_notes(engine, meeting_id)["trends"] == "Kept."


def test_marking_the_meeting_held_says_what_is_next_once(
    open_notes: Callable[[object], MeetingNotesState], engine: Engine, owner_id: int
) -> None:
    contact_id, meeting_id = saved_meeting(engine, owner_id)
    state = open_notes(meeting_id)
    assert "Marked as held. A thank-you within 24 hours is next." in toast_text(state.mark_held())
    state.mark_held()
    assert state.held and open_notes(meeting_id).held
    assert stored_meeting(engine, meeting_id).status == MeetingStatus.HELD
    with Session(engine) as session:
        held = session.exec(
            select(Touch).where(Touch.contact_id == contact_id, Touch.kind == TouchKind.MEETING_HELD.value)
        ).all()
    assert len(held) == 1


def test_a_suggested_person_is_added_as_a_contact_referred_by_this_one(
    open_notes: Callable[[object], MeetingNotesState], engine: Engine, owner_id: int
) -> None:
    contact_id, meeting_id = saved_meeting(engine, owner_id)
    state = open_notes(meeting_id)
    said = state.add_person({"name": " Charles Babbage ", "organisation": "Engines Ltd", "note": "Gears"})
    assert "Charles Babbage added to your contacts, referred by Ada Lovelace." in toast_text(said)
    assert [(person.name, person.organisation) for person in state.suggested] == [
        ("Charles Babbage", "Engines Ltd")
    ]
    assert state.person_errors == {} and state.person_form_key == 1
    with Session(engine) as session:
        new = session.exec(select(Contact).where(Contact.name == "Charles Babbage")).one()
    assert (new.referred_by_id, new.source, new.notes) == (contact_id, Source.REFERRED.value, "Gears")
    assert [person.name for person in open_notes(meeting_id).suggested] == ["Charles Babbage"]


@pytest.mark.parametrize(
    "form_data", [{"name": "  "}, {}, {"name": ["Eve"]}, {"name": {"first": "Eve"}}, "Eve", ["Eve"], None]
)
def test_a_suggested_person_without_a_name_is_refused_beside_the_field(
    open_notes: Callable[[object], MeetingNotesState], engine: Engine, owner_id: int, form_data: object
) -> None:
    _, meeting_id = saved_meeting(engine, owner_id)
    state = open_notes(meeting_id)
    assert state.add_person(form_data) is None
    assert state.person_errors["name"] and state.person_form_key == 0 and state.suggested == []
    assert stored_contacts(engine) == ["Ada Lovelace"]


def test_the_keep_in_touch_choice_is_saved_for_the_contact(
    open_notes: Callable[[object], MeetingNotesState], engine: Engine, owner_id: int
) -> None:
    contact_id, meeting_id = saved_meeting(engine, owner_id)
    state = open_notes(meeting_id)
    state.set_keep_months("6")
    assert state.keep_months == "6" and open_notes(meeting_id).keep_months == "6"
    for refused in ("forever", "7", 7.5, ["6"], {"months": 1}):
        state.set_keep_months(refused)
        assert state.keep_months == "6"
    state.set_keep_months("off")
    assert state.keep_months == "off"
    with Session(engine) as session:
        contact = session.get(Contact, contact_id)
        assert contact is not None and contact.keep_in_touch_months is None


@pytest.mark.parametrize("route_value", ["abc", "", "999999", "-1", "1.5", "<script>", "9" * 40])
def test_an_address_that_is_not_a_meeting_shows_not_found(
    open_notes: Callable[[object], MeetingNotesState], route_value: str
) -> None:
    state = open_notes(route_value)
    assert state.loaded and state.missing and state.contact_name == "" and state.notes_meeting == 0


def test_another_owners_meeting_shows_not_found_and_takes_no_edits(
    open_notes: Callable[[object], MeetingNotesState], engine: Engine, owner_id: int
) -> None:
    _, mine = saved_meeting(engine, owner_id)
    with Session(engine) as session:
        stranger = other_owner(session)
        their_contact = add_contact(session, stranger, "Their contact")
        theirs = add_meeting(session, stranger, their_contact, today=TODAY)
        session.commit()
    state = open_notes(mine)
    state.edit_trends("Mine.")
    # Opening their address after one's own leaves nothing of one's own meeting on the page either.
    open_page(state, routes.MEETING_NOTES, meeting_id=str(theirs))
    state.load()
    assert state.missing and state.contact_name == "" and state.trends == "" and state.notes_meeting == 0
    # A crafted client that points the page at their meeting still goes through the owner check.
    for attempt in (
        lambda: state.edit_trends("Written into their meeting"),
        lambda: state.edit_assignments("Written into their meeting"),
        state.mark_held,
        lambda: state.add_person({"name": "Mallory"}),
    ):
        state.missing, state.notes_meeting = False, theirs
        assert attempt() is None
        assert state.missing and state.notes_meeting == 0
    state.notes_contact = their_contact
    state.set_keep_months("12")
    assert state.keep_months == "3"
    meeting = stored_meeting(engine, theirs)
    assert (meeting.notes_trends, meeting.notes_assignments, meeting.status) == (
        "",
        "",
        MeetingStatus.SCHEDULED,
    )
    assert stored_contacts(engine) == ["Ada Lovelace", "Their contact"]
    with Session(engine) as session:
        contact = session.get(Contact, their_contact)
        assert contact is not None and contact.keep_in_touch_months == 3
    assert stored_notes(engine, mine)["trends"] == "Mine."


def test_the_page_learns_the_digest_of_each_saved_note_and_a_database_outage_claims_nothing(
    open_notes: Callable[[object], MeetingNotesState],
    engine: Engine,
    owner_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sqlalchemy.exc import OperationalError

    from app.domain.text_digest import text_digest

    _, meeting_id = saved_meeting(engine, owner_id)
    state = open_notes(meeting_id)
    assert state.saved_digests["trends"] == text_digest("")
    state.edit_trends("Teams are moving to research ops")
    # The browser stops holding the typing once the digest of what it typed comes back.
    assert state.saved_digests["trends"] == text_digest("Teams are moving to research ops")

    def unreachable(*args: object, **kwargs: object) -> None:
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(notes, "save_note", unreachable)
    state.edit_trends("Teams are moving to research ops, and fast")
    assert state.saved_note == "Not saved yet, retrying"
    assert state.saved_digests["trends"] == text_digest("Teams are moving to research ops")
    assert stored_notes(engine, meeting_id)["trends"] == "Teams are moving to research ops"
