"""Shared factories for tests: one way to make a contact, another owner, a meeting, a touch.

Each takes a session and returns the new row's id; nothing is committed (the caller's scope does).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from app.domain.contact_rules import ContactCreate
from app.domain.vocabulary import Source
from app.models import User
from app.services import contacts, meetings, notes, touches

DEFAULT_DAY = date(2026, 3, 2)  # a Monday


# A contact with every field filled, each already in its stored (normalised) form.
ADA = ContactCreate(
    name="Ada Lovelace",
    email="ada@example.org",
    linkedin_url="https://www.linkedin.com/in/ada-lovelace",
    organisation="Analytical Engines",
    role="Analyst",
    source=Source.ALUMNI.value,
    is_local=True,
    notes="Met at the reunion.",
    phone="+44 20 7946 0000",
)


def add_contact(session: Session, owner_id: int, name: str = "Ada Lovelace", **fields: Any) -> int:
    """A contact with the given fields (organisation, email, role, source, phone, notes, …)."""
    return contacts.create_contact(session, owner_id=owner_id, data=ContactCreate(name=name, **fields))


def other_owner(session: Session, name: str = "Someone else") -> int:
    """A second student, whose rows the first must never see or change."""
    user = User(display_name=name)
    session.add(user)
    session.flush()
    assert user.id is not None
    return user.id


def add_meeting(
    session: Session,
    owner_id: int,
    contact_id: int,
    *,
    on: str = "2026-03-04",
    at: str = "10:00",
    minutes: int = 20,
    place: str = "Cafe",
    today: date = DEFAULT_DAY,
) -> int:
    return meetings.schedule_meeting(
        session,
        owner_id=owner_id,
        contact_id=contact_id,
        data=meetings.MeetingInput(on=on, at=at, duration_minutes=minutes, place=place),
        today=today,
    )


def hold_meeting(session: Session, owner_id: int, meeting_id: int, *, today: date = DEFAULT_DAY) -> None:
    notes.hold_meeting(session, owner_id=owner_id, meeting_id=meeting_id, today=today)


def log_touch(
    session: Session,
    owner_id: int,
    contact_id: int,
    kind: str,
    on: date,
    *,
    today: date | None = None,
    **extra: Any,
) -> int:
    """A touch on `on` (summary, stage, meeting_id… as keywords); today is that day unless given."""
    return touches.record_touch(
        session, owner_id=owner_id, contact_id=contact_id, kind=kind, on=on, today=today or on, **extra
    )
