"""Meeting notes by TIARA, and the people a contact suggested, who become contacts referred by them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from app.domain.contact_rules import ContactCreate
from app.domain.vocabulary import TIARA_LABELS, MeetingStatus, Source, Tiara, TouchKind
from app.models import Contact, Meeting, Organisation
from app.services.contacts import create_contact, owned_contact
from app.services.errors import ValidationFailed
from app.services.meetings import mark_meeting_held, owned_meeting
from app.services.touches import record_touch

NOTE_LIMIT = 20_000
SUGGESTED_LIMIT = 50

# Each TIARA letter's text area, keyed by the name the page and the handlers use.
NOTE_FIELDS: dict[str, str] = {
    "trends": "notes_trends",
    "insights": "notes_insights",
    "advice": "notes_advice",
    "resources": "notes_resources",
    "assignments": "notes_assignments",
}
NOTE_LETTERS: dict[str, Tiara] = {
    "trends": Tiara.TRENDS,
    "insights": Tiara.INSIGHTS,
    "advice": Tiara.ADVICE,
    "resources": Tiara.RESOURCES,
    "assignments": Tiara.ASSIGNMENTS,
}
NOTE_LABELS: dict[str, str] = {name: TIARA_LABELS[letter] for name, letter in NOTE_LETTERS.items()}


@dataclass(frozen=True)
class MeetingNotes:
    """A meeting and its notes, as the notes page shows them."""

    meeting_id: int
    contact_id: int
    contact_name: str
    on: str
    at: str
    held: bool
    trends: str
    insights: str
    advice: str
    resources: str
    assignments: str


@dataclass(frozen=True)
class SuggestedPerson:
    id: int
    name: str
    organisation: str


def meeting_notes(session: Session, *, owner_id: int, meeting_id: object) -> MeetingNotes:
    meeting = owned_meeting(session, owner_id=owner_id, meeting_id=meeting_id)
    contact = owned_contact(session, owner_id=owner_id, contact_id=meeting.contact_id)
    return MeetingNotes(
        meeting_id=meeting.id or 0,
        contact_id=contact.id or 0,
        contact_name=contact.name,
        on=meeting.starts_on.isoformat(),
        at=meeting.starts_at_time,
        held=meeting.status == MeetingStatus.HELD,
        **{name: getattr(meeting, column) for name, column in NOTE_FIELDS.items()},
    )


def save_note(session: Session, *, owner_id: int, meeting_id: object, field: object, text: object) -> None:
    """Keeps one TIARA note as typed."""
    column = NOTE_FIELDS.get(str(field))
    if column is None:
        raise ValidationFailed({"field": "Choose which note to keep."})
    value = str(text or "")
    if len(value) > NOTE_LIMIT:
        raise ValidationFailed({str(field): f"Keep each note under {NOTE_LIMIT:,} characters."})
    meeting = owned_meeting(session, owner_id=owner_id, meeting_id=meeting_id)
    setattr(meeting, column, value)
    session.add(meeting)


def hold_meeting(session: Session, *, owner_id: int, meeting_id: object, today: date) -> None:
    """Marks the meeting held once; a second click changes nothing."""
    meeting = owned_meeting(session, owner_id=owner_id, meeting_id=meeting_id)
    if meeting.status != MeetingStatus.HELD:
        mark_meeting_held(session, owner_id=owner_id, meeting_id=meeting.id, today=today)


def add_suggested_person(
    session: Session,
    *,
    owner_id: int,
    meeting_id: object,
    name: object,
    organisation: object = "",
    note: object = "",
    today: date,
) -> int:
    """A person the contact suggested becomes a new contact referred by them; the referrer's
    timeline notes it, which also restarts their keep-in-touch clock."""
    meeting = owned_meeting(session, owner_id=owner_id, meeting_id=meeting_id)
    referrer = owned_contact(session, owner_id=owner_id, contact_id=meeting.contact_id)
    data = ContactCreate(
        name=str(name or ""),
        organisation=str(organisation or ""),
        notes=str(note or ""),
        source=Source.REFERRED.value,
    )
    new_id = create_contact(session, owner_id=owner_id, data=data, referred_by_id=referrer.id)
    record_touch(
        session,
        owner_id=owner_id,
        contact_id=referrer.id,
        kind=TouchKind.NOTE.value,
        on=today,
        today=today,
        summary=f"Suggested {data.name.strip()}",
        meeting_id=meeting.id,
    )
    return new_id


def suggested_people(session: Session, *, owner_id: int, meeting_id: object) -> list[SuggestedPerson]:
    """The contacts this meeting's contact referred the student to, newest first."""
    meeting = owned_meeting(session, owner_id=owner_id, meeting_id=meeting_id)
    rows = session.exec(
        select(Contact.id, Contact.name, Organisation.name)
        .join(Organisation, col(Contact.organisation_id) == Organisation.id, isouter=True)
        .where(
            Contact.owner_id == owner_id,
            Contact.referred_by_id == meeting.contact_id,
            col(Contact.deleted_at).is_(None),
        )
        .order_by(col(Contact.id).desc())
        .limit(SUGGESTED_LIMIT)
    ).all()
    return [SuggestedPerson(id=cid or 0, name=name, organisation=org or "") for cid, name, org in rows]


def latest_meeting_id(session: Session, *, owner_id: int, contact_id: object) -> int:
    """The contact's most recent meeting, held ones first, or 0 when there is none."""
    contact = owned_contact(session, owner_id=owner_id, contact_id=contact_id)
    meeting_id = session.exec(
        select(Meeting.id)
        .where(Meeting.owner_id == owner_id, Meeting.contact_id == contact.id)
        .order_by(
            (col(Meeting.status) == MeetingStatus.HELD.value).desc(),
            col(Meeting.starts_on).desc(),
            col(Meeting.id).desc(),
        )
    ).first()
    return meeting_id or 0
