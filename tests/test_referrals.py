"""A person suggested in the meeting notes who is already a contact: found by the import's duplicate
check, linked ("referred by") once the student confirms, never added twice; of two namesakes, the
student picks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from reflex.event import EventSpec
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app import routes
from app.models import Contact, Touch
from app.services import notes
from app.services.errors import NotFound, ValidationFailed
from app.services.notes import Suggestion
from app.state.meeting_notes import MeetingNotesState
from tests.browser import visit
from tests.factories import add_contact, add_meeting, other_owner

TODAY = date(2026, 3, 4)


def met(session: Session, owner_id: int) -> tuple[int, int]:
    """Ada, met today: the contact whose suggestions are typed in."""
    ada = add_contact(session, owner_id, "Ada Lovelace", organisation="Babbage & Co")
    return ada, add_meeting(session, owner_id, ada, today=TODAY)


def matches(session: Session, owner_id: int, meeting_id: int, **typed: str) -> list[tuple[str, str, bool]]:
    found = notes.referral_matches(
        session, owner_id=owner_id, meeting_id=meeting_id, suggestion=Suggestion(**typed)
    )
    return [(match.name, match.organisation, match.same_person) for match in found]


def test_the_same_name_at_the_same_organisation_is_the_same_person_however_written(
    session: Session, owner_id: int
) -> None:
    _, meeting = met(session, owner_id)
    add_contact(session, owner_id, "Grace Hopper", organisation="US Navy")
    assert matches(session, owner_id, meeting, name="  grace  HOPPER ", organisation="us navy") == [
        ("Grace Hopper", "US Navy", True)
    ]
    assert matches(session, owner_id, meeting, name="Grace Hopper", organisation="Harvard") == []
    assert matches(session, owner_id, meeting, name="Grace Murray", organisation="US Navy") == []


def test_the_same_linkedin_profile_is_the_same_person_under_any_name(session: Session, owner_id: int) -> None:
    _, meeting = met(session, owner_id)
    add_contact(
        session, owner_id, "Rear Admiral Hopper", linkedin_url="https://www.linkedin.com/in/grace-hopper"
    )
    add_contact(session, owner_id, "Grace Hopper", organisation="US Navy",
                linkedin_url="https://www.linkedin.com/in/another-grace")  # fmt: skip
    found = matches(session, owner_id, meeting, name="Grace Hopper", organisation="US Navy",
                    linkedin_url="linkedin.com/in/Grace-Hopper/")  # fmt: skip
    # Her profile matches; the namesake with a different profile is someone else.
    assert found == [("Rear Admiral Hopper", "", True)]


def test_a_name_alone_finds_every_namesake_for_the_student_to_pick(session: Session, owner_id: int) -> None:
    _, meeting = met(session, owner_id)
    add_contact(session, owner_id, "Sam Lee", organisation="Acme")
    add_contact(session, owner_id, "Sam Lee", organisation="Globex")
    assert matches(session, owner_id, meeting, name="Sam Lee") == [
        ("Sam Lee", "Acme", False),
        ("Sam Lee", "Globex", False),
    ]
    # A contact saved without an organisation may be the person suggested at one.
    add_contact(session, owner_id, "Kim Park")
    assert matches(session, owner_id, meeting, name="Kim Park", organisation="Initech") == [
        ("Kim Park", "", False)
    ]


def test_no_match_for_the_person_met_a_deleted_contact_someone_elses_or_a_blank_name(
    session: Session, owner_id: int
) -> None:
    _, meeting = met(session, owner_id)
    gone = add_contact(session, owner_id, "Alan Turing", organisation="Bletchley")
    from app.services import contacts

    contacts.delete_contact(session, owner_id=owner_id, contact_id=gone)
    add_contact(session, other_owner(session), "Alan Turing", organisation="Bletchley")
    assert matches(session, owner_id, meeting, name="Ada Lovelace", organisation="Babbage & Co") == []
    assert matches(session, owner_id, meeting, name="Alan Turing", organisation="Bletchley") == []
    assert matches(session, owner_id, meeting, name="   ") == []


def test_linking_adds_referred_by_and_the_note_and_makes_no_new_contact(
    session: Session, owner_id: int
) -> None:
    ada, meeting = met(session, owner_id)
    grace = add_contact(session, owner_id, "Grace Hopper", organisation="US Navy", notes="Compilers.")
    before = session.exec(select(Contact.id)).all()

    linked = notes.link_suggested_person(
        session,
        owner_id=owner_id,
        meeting_id=meeting,
        contact_id=grace,
        note=" Ask about COBOL ",
        today=TODAY,
    )
    session.commit()
    contact = session.get(Contact, grace)
    assert contact is not None
    assert (linked.name, linked.referred_by_name, linked.already_by_other) == (
        "Grace Hopper",
        "Ada Lovelace",
        False,
    )
    assert contact.referred_by_id == ada
    assert contact.notes == "Compilers.\n\nSuggested by Ada Lovelace: Ask about COBOL"
    assert "ask about cobol" in contact.search_text  # found by search, like any note
    assert session.exec(select(Contact.id)).all() == before
    assert [p.name for p in notes.suggested_people(session, owner_id=owner_id, meeting_id=meeting)] == [
        "Grace Hopper"
    ]
    summaries = session.exec(select(Touch.summary).where(Touch.contact_id == ada)).all()
    assert "Suggested Grace Hopper" in summaries


def test_an_earlier_referrer_is_kept_not_overwritten(session: Session, owner_id: int) -> None:
    _, meeting = met(session, owner_id)
    first = add_contact(session, owner_id, "Charles Babbage")
    grace = notes.add_suggested_person(
        session, owner_id=owner_id, meeting_id=add_meeting(session, owner_id, first, today=TODAY),
        name="Grace Hopper", today=TODAY,
    )  # fmt: skip
    linked = notes.link_suggested_person(
        session, owner_id=owner_id, meeting_id=meeting, contact_id=grace, today=TODAY
    )
    contact = session.get(Contact, grace)
    assert contact is not None and contact.referred_by_id == first
    assert (linked.referred_by_name, linked.already_by_other) == ("Charles Babbage", True)


def test_linking_refuses_the_person_met_someone_elses_contact_and_overfull_notes(
    session: Session, owner_id: int
) -> None:
    ada, meeting = met(session, owner_id)
    theirs = add_contact(session, other_owner(session), "Grace Hopper")
    full = add_contact(session, owner_id, "Full Notes", notes="n" * 9_990)
    with pytest.raises(ValidationFailed):
        notes.link_suggested_person(
            session, owner_id=owner_id, meeting_id=meeting, contact_id=ada, today=TODAY
        )
    with pytest.raises(NotFound):
        notes.link_suggested_person(
            session, owner_id=owner_id, meeting_id=meeting, contact_id=theirs, today=TODAY
        )
    with pytest.raises(ValidationFailed) as refused:
        notes.link_suggested_person(
            session, owner_id=owner_id, meeting_id=meeting, contact_id=full, note="x" * 50, today=TODAY
        )
    assert "note" in refused.value.errors
    contact = session.get(Contact, full)
    assert contact is not None and contact.notes == "n" * 9_990 and contact.referred_by_id is None


# --- the page, as the browser drives it ------------------------------------------------------------


@pytest.fixture
def notes_page(
    page_state: Callable[..., Any], engine: Engine, owner_id: int
) -> tuple[MeetingNotesState, int]:
    with Session(engine) as session:
        ada, meeting = met(session, owner_id)
        session.commit()
    state = visit(page_state, MeetingNotesState, routes.MEETING_NOTES, today=TODAY, meeting_id=str(meeting))
    return state, ada


def toast_text(spec: EventSpec | None) -> str:
    assert isinstance(spec, EventSpec)
    return str(spec.args[0][1])


def contacts_named(engine: Engine, name: str) -> list[Contact]:
    with Session(engine) as session:
        return list(session.exec(select(Contact).where(Contact.name == name).order_by(col(Contact.id))))


def test_a_suggested_person_already_saved_is_shown_and_linked_only_once_confirmed(
    notes_page: tuple[MeetingNotesState, int], engine: Engine, owner_id: int
) -> None:
    state, ada = notes_page
    with Session(engine) as session:
        add_contact(session, owner_id, "Grace Hopper", organisation="US Navy")
        session.commit()

    assert state.add_person({"name": "grace hopper", "organisation": "US Navy", "note": "COBOL"}) is None
    # Nothing is saved yet: the page asks.
    [match] = state.matches
    assert (state.pending_name, match.name, match.same_person, state.can_add_new) == (
        "grace hopper", "Grace Hopper", True, False,
    )  # fmt: skip
    [grace] = contacts_named(engine, "Grace Hopper")
    assert grace.referred_by_id is None and state.person_form_key == 0
    # The same person is never added as new, whatever the client sends.
    assert state.add_as_new() is None
    assert len(contacts_named(engine, "Grace Hopper")) == 1
    # A contact that is not among the matches cannot be linked this way.
    assert state.link_person(ada) is None and state.link_person("x") is None

    said = state.link_person(match.id)
    assert "Grace Hopper was already in your contacts: now referred by Ada Lovelace" in toast_text(said)
    [grace] = contacts_named(engine, "Grace Hopper")
    assert grace.referred_by_id == ada and grace.notes == "Suggested by Ada Lovelace: COBOL"
    assert [p.name for p in state.suggested] == ["Grace Hopper"]
    assert state.matches == [] and state.person_form_key == 1


def test_two_namesakes_the_student_picks_one_or_says_someone_else(
    notes_page: tuple[MeetingNotesState, int], engine: Engine, owner_id: int
) -> None:
    state, ada = notes_page
    with Session(engine) as session:
        add_contact(session, owner_id, "Sam Lee", organisation="Acme")
        globex = add_contact(session, owner_id, "Sam Lee", organisation="Globex")
        session.commit()

    state.add_person({"name": "Sam Lee"})
    assert [(m.organisation, m.same_person) for m in state.matches] == [("Acme", False), ("Globex", False)]
    assert state.can_add_new
    state.link_person(globex)
    assert [s.referred_by_id for s in contacts_named(engine, "Sam Lee")] == [None, ada]

    state.add_person({"name": "Sam Lee"})
    state.keep_editing()  # back to the form: nothing saved
    assert state.matches == [] and len(contacts_named(engine, "Sam Lee")) == 2
    state.add_person({"name": "Sam Lee", "note": "The other one"})
    said = state.add_as_new()
    assert "Sam Lee added to your contacts, referred by Ada Lovelace." in toast_text(said)
    assert len(contacts_named(engine, "Sam Lee")) == 3


def test_a_bad_suggestion_is_refused_beside_its_field_before_any_match(
    notes_page: tuple[MeetingNotesState, int], engine: Engine
) -> None:
    state, _ = notes_page
    state.add_person({"name": "  \n\t "})
    assert state.person_errors["name"] == "Please add a name." and state.matches == []
    state.add_person({"name": "Grace", "linkedin_url": "not a profile"})
    assert "linkedin_url" in state.person_errors and state.matches == []
    assert contacts_named(engine, "Grace") == []
