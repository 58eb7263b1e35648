"""Importing a newer export of contacts already saved: the changes are found, worded, offered with a
tick each (never one that empties a field), applied as ticked, and a replaced employer stays on the
contact's timeline."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import reflex as rx
from sqlmodel import Session, select

from app.domain.contact_changes import FieldChange, changes_between, fields_in_file
from app.domain.contact_rules import ContactInput
from app.models import Contact, Organisation, Touch
from app.services import contacts as contact_service
from app.services.importing import preview_import
from app.services.reimport import apply_changes
from app.state.importer import ImportState
from tests.factories import other_owner

TODAY = date(2026, 3, 16)
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"


def connections(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\r\n" for row in rows)).encode()


def saved_maya(session: Session, owner_id: int, **fields: str) -> int:
    data = {
        "name": "Maya Chen",
        "organisation": "Globex",
        "role": "PM",
        "linkedin_url": "https://www.linkedin.com/in/maya-chen",
        "email": "maya@globex.example",
        **fields,
    }
    contact_id = contact_service.create_contact(session, owner_id=owner_id, data=ContactInput(**data))
    session.commit()
    return contact_id


def test_only_real_changes_count_and_a_blank_is_offered_unticked() -> None:
    saved = ContactInput(name="Maya Chen", organisation="ACME  Corp", role="PM", email="maya@acme.example")
    same = ContactInput(name="Maya Chen", organisation="Acme Corp", role="pm", email="maya@acme.example")
    assert changes_between(1, saved, same) == ()
    moved = ContactInput(name="Maya Chen", organisation="Initech", role="Senior PM", email="")
    changes = {c.field: c for c in changes_between(1, saved, moved)}
    assert set(changes) == {"organisation", "role", "email"}
    assert changes["organisation"].describe("Maya Chen") == "Maya Chen now at Initech (was ACME  Corp)"
    assert changes["role"].describe("Maya Chen") == "Maya Chen now Senior PM (was PM)"
    assert changes["email"].empties and not changes["email"].ticked_by_default
    # A field the file never fills (no column for it) is not offered for clearing.
    assert "email" not in {
        c.field for c in changes_between(1, saved, moved, frozenset({"organisation", "role"}))
    }
    assert fields_in_file([moved, same]) == frozenset({"organisation", "role", "email"})


def test_the_preview_finds_the_changed_contact_by_its_profile_and_words_it(
    session: Session, owner_id: int
) -> None:
    saved_maya(session, owner_id)
    data = connections(
        "Maya,Chen,https://linkedin.com/in/Maya-Chen/,maya@globex.example,Acme,Senior PM,12 Mar 2024",
        "Ada,Lovelace,https://www.linkedin.com/in/ada,,Analytical,Analyst,12 Mar 2024",
    )
    plan = preview_import(session, owner_id=owner_id, data=data)
    assert [row.contact.name for row in plan.rows] == ["Ada Lovelace"]
    [change] = plan.changes
    assert change.summary == "Maya Chen now Senior PM at Acme"
    assert [f.field for f in change.fields] == ["organisation", "role"]
    assert plan.total_rows == len(plan.rows) + len(plan.errors) + plan.duplicates + len(plan.changes)


def test_a_match_by_email_is_the_same_person_not_a_new_contact(session: Session, owner_id: int) -> None:
    saved_maya(session, owner_id, linkedin_url="")
    plan = preview_import(
        session, owner_id=owner_id, data=b"Name,Email,Company\r\nMaya Chen,maya@globex.example,Acme\r\n"
    )
    assert plan.rows == [] and [c.summary for c in plan.changes] == ["Maya Chen now at Acme (was Globex)"]


def test_an_unchanged_re_import_is_all_duplicates(session: Session, owner_id: int) -> None:
    saved_maya(session, owner_id)
    plan = preview_import(
        session,
        owner_id=owner_id,
        data=connections(
            "Maya,Chen,https://www.linkedin.com/in/maya-chen,maya@globex.example,Globex,PM,12 Mar 2024"
        ),
    )
    assert (plan.rows, plan.changes, plan.duplicates_saved) == ([], (), 1)


def test_applying_keeps_the_old_employer_on_the_timeline_and_touches_only_the_owners(
    session: Session, owner_id: int
) -> None:
    maya = saved_maya(session, owner_id)
    other = other_owner(session)
    theirs = contact_service.create_contact(
        session, owner_id=other, data=ContactInput(name="Not Mine", organisation="Theirs")
    )
    session.commit()
    accepted = [
        FieldChange(maya, "organisation", "Globex", "Acme"),
        FieldChange(maya, "role", "PM", "Senior PM"),
        FieldChange(theirs, "organisation", "Theirs", "Stolen"),
    ]
    assert apply_changes(session, owner_id=owner_id, accepted=accepted, today=TODAY) == 1
    session.commit()
    contact = session.get(Contact, maya)
    assert contact is not None and contact.role == "Senior PM"
    organisation = session.get(Organisation, contact.organisation_id)
    assert organisation is not None and organisation.name == "Acme"
    [note] = session.exec(select(Touch).where(Touch.contact_id == maya)).all()
    assert note.kind == "note" and note.summary == "Was PM at Globex until the import of Mon 16 Mar 2026"
    assert contact.stage == "to_contact"  # a note moves nothing in the pipeline
    kept = session.get(Contact, theirs)
    assert kept is not None and session.get(Organisation, kept.organisation_id).name == "Theirs"


def _upload(name: str, data: bytes) -> rx.UploadFile:
    return rx.UploadFile(file=io.BytesIO(data), path=Path(name), size=len(data))


def test_the_page_applies_the_ticked_changes_and_leaves_the_unticked(
    page_state: Callable[..., Any], session: Session, owner_id: int
) -> None:
    maya = saved_maya(session, owner_id)
    state: ImportState = page_state(ImportState, today=TODAY)
    state.on_load()
    data = connections("Maya,Chen,https://www.linkedin.com/in/maya-chen,,Acme,Senior PM,12 Mar 2024")
    asyncio.run(state.handle_upload([_upload("Connections.csv", data)]))
    assert (state.step, state.to_import, state.changed_count) == ("preview", 0, 1)
    assert state.change_summary == "1 changed: Maya Chen now Senior PM at Acme"
    ticks = {item.key: item.ticked for item in state.change_items}
    # The file has emails for nobody, so Maya's is not offered for clearing.
    assert ticks == {f"{maya}:organisation": True, f"{maya}:role": True}
    assert state.import_button_text == "Update 1 contact" and state.can_import
    state.toggle_change(f"{maya}:role", False)
    state.toggle_change("999:role", True)  # not offered: nothing happens
    assert len(state.change_items) == 2
    asyncio.run(ImportState.event_handlers["start_import"].fn(state))
    assert (state.step, state.updated) == ("done", 1)
    assert state.summary_text == "Imported 0 contacts; updated 1."
    session.expire_all()
    contact = session.get(Contact, maya)
    assert contact is not None and contact.role == "PM"  # unticked: kept
    assert session.get(Organisation, contact.organisation_id).name == "Acme"
    assert contact.email == "maya@globex.example"
