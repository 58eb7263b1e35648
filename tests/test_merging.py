"""Merging two contacts who are one person: what Rapport flags as possible duplicates, the merge
(fields chosen, everything moved, the other hidden), its undo, and what is refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from reflex.istate.data import ReflexURL, RouterData
from sqlmodel import Session, select

from app.domain.vocabulary import TouchKind
from app.models import Contact, ContactMerge, Draft, Meeting, Touch
from app.services import merging
from app.services.errors import NotFound, ValidationFailed
from app.services.touches import timeline
from app.state.merge import MergeState
from tests.factories import add_contact, add_meeting, log_touch, other_owner

DAY = date(2026, 3, 2)


def two_mayas(session: Session, owner_id: int) -> tuple[int, int]:
    typed = add_contact(session, owner_id, "Maya Chen", organisation="Acme", notes="Met at the fair.")
    imported = add_contact(
        session,
        owner_id,
        "Maya Chen",
        organisation="Acme",
        role="Senior PM",
        linkedin_url="https://www.linkedin.com/in/maya-chen",
        email="maya@acme.example",
        notes="From LinkedIn.",
    )
    log_touch(session, owner_id, typed, TouchKind.OUTREACH_SENT, DAY)
    log_touch(session, owner_id, imported, TouchKind.REPLY_RECEIVED, DAY + timedelta(days=2))
    add_meeting(session, owner_id, imported, on="2026-03-10", today=DAY + timedelta(days=2))
    session.add(Draft(owner_id=owner_id, contact_id=imported, kind="thank_you", subject="Thanks"))
    session.flush()
    return typed, imported


def test_possible_duplicates_are_found_by_profile_email_or_name_at_the_organisation(
    session: Session, owner_id: int
) -> None:
    typed, imported = two_mayas(session, owner_id)
    a = add_contact(session, owner_id, "A. Lovelace", email="ada@example.org")
    b = add_contact(session, owner_id, "Ada Lovelace", email="ADA@example.org")
    add_contact(session, owner_id, "Maya Chen", organisation="Globex")  # a namesake elsewhere
    other = other_owner(session)
    add_contact(session, other, "Maya Chen", organisation="Acme")
    pairs = merging.possible_duplicates(session, owner_id=owner_id)
    assert [(p.first_id, p.second_id, p.reason) for p in pairs] == [
        (typed, imported, "the same name at the same organisation"),
        (a, b, "the same email"),
    ]


def test_a_merge_takes_the_chosen_fields_and_moves_everything_to_the_kept_contact(
    session: Session, owner_id: int
) -> None:
    typed, imported = two_mayas(session, owner_id)
    merge_id = merging.merge_contacts(
        session,
        owner_id=owner_id,
        kept_id=typed,
        other_id=imported,
        choices={"role": "other", "linkedin_url": "other", "email": "other", "notes": "both"},
    )
    session.commit()
    kept = session.get(Contact, typed)
    gone = session.get(Contact, imported)
    assert kept is not None and gone is not None
    assert (kept.role, kept.email, kept.linkedin_url) == (
        "Senior PM",
        "maya@acme.example",
        "https://www.linkedin.com/in/maya-chen",
    )
    assert kept.notes == "Met at the fair.\n\nFrom LinkedIn."
    assert gone.deleted_at is not None
    # One outreach of its own, a reply and the meeting's "scheduled" entry from the other.
    assert len(session.exec(select(Touch).where(Touch.contact_id == typed)).all()) == 3
    assert len(session.exec(select(Meeting).where(Meeting.contact_id == typed)).all()) == 1
    assert len(session.exec(select(Draft).where(Draft.contact_id == typed)).all()) == 1
    # Both timelines on one: the stage follows the reply and the meeting.
    kinds = [entry.kind for entry in timeline(session, owner_id=owner_id, contact_id=typed)]
    assert {"outreach_sent", "reply_received"} <= set(kinds)
    # The other's meeting (10 Mar 2026, long ended, so presumed held) now counts for the kept contact.
    assert kept.stage == "met"
    assert merging.possible_duplicates(session, owner_id=owner_id) == []
    notice = merging.undoable_merge_into(session, owner_id=owner_id, contact_id=typed)
    assert notice is not None and (notice.merge_id, notice.merged_name) == (merge_id, "Maya Chen")


def test_undo_puts_both_back_as_they_were(session: Session, owner_id: int) -> None:
    typed, imported = two_mayas(session, owner_id)
    stage_before = session.get(Contact, typed).stage  # type: ignore[union-attr]
    merge_id = merging.merge_contacts(
        session, owner_id=owner_id, kept_id=typed, other_id=imported, choices={"role": "other"}
    )
    session.commit()
    assert merging.undo_merge(session, owner_id=owner_id, merge_id=merge_id) == imported
    session.commit()
    kept, back = session.get(Contact, typed), session.get(Contact, imported)
    assert kept is not None and back is not None
    assert (kept.role, kept.notes, kept.stage) == ("", "Met at the fair.", stage_before)
    assert back.deleted_at is None and back.role == "Senior PM"
    assert len(session.exec(select(Touch).where(Touch.contact_id == imported)).all()) == 2
    assert len(session.exec(select(Touch).where(Touch.contact_id == typed)).all()) == 1
    assert len(session.exec(select(Meeting).where(Meeting.contact_id == imported)).all()) == 1
    assert len(session.exec(select(Draft).where(Draft.contact_id == imported)).all()) == 1
    with pytest.raises(ValidationFailed, match="can no longer be undone"):
        merging.undo_merge(session, owner_id=owner_id, merge_id=merge_id)


def test_a_merge_older_than_the_undo_window_stays(session: Session, owner_id: int) -> None:
    typed, imported = two_mayas(session, owner_id)
    merge_id = merging.merge_contacts(
        session, owner_id=owner_id, kept_id=typed, other_id=imported, choices={}
    )
    record = session.get(ContactMerge, merge_id)
    assert record is not None
    record.created_at -= timedelta(days=merging.UNDO_DAYS, minutes=1)
    session.add(record)
    session.commit()
    assert merging.undoable_merge_into(session, owner_id=owner_id, contact_id=typed) is None
    with pytest.raises(ValidationFailed, match="for 7 days"):
        merging.undo_merge(session, owner_id=owner_id, merge_id=merge_id)


def test_a_contact_with_itself_or_someone_elses_contact_is_refused(session: Session, owner_id: int) -> None:
    typed, imported = two_mayas(session, owner_id)
    other = other_owner(session)
    theirs = add_contact(session, other, "Not Mine")
    with pytest.raises(ValidationFailed, match="same contact twice"):
        merging.merge_contacts(session, owner_id=owner_id, kept_id=typed, other_id=typed, choices={})
    with pytest.raises(NotFound):
        merging.merge_contacts(session, owner_id=owner_id, kept_id=typed, other_id=theirs, choices={})
    with pytest.raises(NotFound):
        merging.merge_contacts(session, owner_id=other, kept_id=theirs, other_id=typed, choices={})
    merge_id = merging.merge_contacts(
        session, owner_id=owner_id, kept_id=typed, other_id=imported, choices={}
    )
    with pytest.raises(NotFound):
        merging.undo_merge(session, owner_id=other, merge_id=merge_id)
    assert session.get(Contact, theirs).deleted_at is None  # type: ignore[union-attr]


def visit_merge(state: MergeState, query: str = "") -> None:
    state.router = RouterData(url=ReflexURL(f"http://localhost:3000/contacts/merge{query}"))
    state.on_load()


def test_the_page_lists_pairs_compares_two_and_merges_with_the_choices_made(
    page_state: Callable[..., Any], session: Session, owner_id: int
) -> None:
    typed, imported = two_mayas(session, owner_id)
    session.commit()
    state: MergeState = page_state(MergeState, today=DAY)
    visit_merge(state)
    assert state.mode == "list"
    assert [(p.first_name, p.second_name, p.compare_href) for p in state.pairs] == [
        ("Maya Chen", "Maya Chen", f"/contacts/merge?keep={typed}&other={imported}")
    ]
    visit_merge(state, f"?keep={typed}&other={imported}")
    assert state.mode == "compare"
    rows = {row.field: row for row in state.rows}
    # Defaults: the kept contact's value, else the other's; two different notes are both kept.
    assert (rows["role"].choice, rows["email"].choice, rows["notes"].choice) == ("other", "other", "both")
    assert not rows["name"].differs
    state.choose("role", "kept")
    state.choose("name", "both")  # only notes can join both: ignored
    assert {row.field: row.choice for row in state.rows}["name"] == "kept"
    state.merge()
    session.expire_all()
    kept = session.get(Contact, typed)
    assert kept is not None and kept.role == "" and kept.email == "maya@acme.example"
    assert session.get(Contact, imported).deleted_at is not None  # type: ignore[union-attr]


def test_the_page_refuses_one_contact_twice_and_another_students_contact(
    page_state: Callable[..., Any], session: Session, owner_id: int
) -> None:
    typed, _ = two_mayas(session, owner_id)
    theirs = add_contact(session, other_owner(session), "Not Mine")
    session.commit()
    state: MergeState = page_state(MergeState, today=DAY)
    visit_merge(state, f"?keep={typed}&other={typed}")
    assert state.mode == "list" and "same contact twice" in state.message
    visit_merge(state, f"?keep={typed}&other={theirs}")
    assert state.mode == "list" and "not in your list" in state.message
    assert state.kept_name == "" and "Not Mine" not in str(state.dict())
    visit_merge(state, f"?keep={theirs}")
    assert state.mode == "list" and "Not Mine" not in str(state.dict())
    visit_merge(state, f"?keep={typed}")
    assert state.mode == "pick"
    state.search_other("Maya")
    assert [row.name for row in state.pick_results] == ["Maya Chen"]  # the other Maya, not this one
    state.search_other("Not Mine")
    assert state.pick_results == []
