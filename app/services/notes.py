"""Meeting notes by TIARA, and the people a contact suggested, who become contacts referred by them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from app.domain.contact_rules import (
    NOTES_MAX_LENGTH,
    ContactCreate,
    ContactUpdate,
    duplicate_key_name,
    duplicate_key_url,
    fold_for_comparison,
    validate_contact,
)
from app.domain.times import utc_now
from app.domain.vocabulary import TIARA_LABELS, MeetingStatus, Source, Tiara, TouchKind
from app.models import Contact, Meeting, Organisation
from app.services.contacts import create_contact, owned_contact, update_contact
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


@dataclass(frozen=True)
class ReferralMatch:
    """A saved contact who may be the person suggested: what the student needs to tell them apart.

    `same_person` is True when the LinkedIn URL, or the name at the same organisation, matches (the
    import's duplicate check): then they are linked or nothing, never added again. A match on the
    name alone (no organisation typed) may be someone else.
    """

    id: int
    name: str
    organisation: str
    role: str
    referred_by_name: str
    same_person: bool


@dataclass(frozen=True)
class Suggestion:
    """A person as typed into the "People they suggested" form."""

    name: str
    organisation: str = ""
    note: str = ""
    linkedin_url: str = ""

    def as_contact(self) -> ContactCreate:
        return ContactCreate(
            name=self.name,
            organisation=self.organisation,
            notes=self.note,
            linkedin_url=self.linkedin_url,
            source=Source.REFERRED.value,
        )


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


def referral_matches(
    session: Session, *, owner_id: int, meeting_id: object, suggestion: Suggestion
) -> list[ReferralMatch]:
    """Saved contacts (other than the one met) who may be the person suggested, surest first.

    The same LinkedIn profile, or the same name at the same organisation, as the importer's duplicate
    check compares them (`same_person`); and, for the student to say, the same name when no
    organisation is typed or none is saved for the contact.
    """
    meeting = owned_meeting(session, owner_id=owner_id, meeting_id=meeting_id)
    folded_name = fold_for_comparison(suggestion.name)
    url_key = duplicate_key_url(suggestion.linkedin_url) if suggestion.linkedin_url.strip() else ""
    if not folded_name and not url_key:
        return []
    condition = col(Contact.name_key) == folded_name[:200]
    if url_key:
        condition = condition | (col(Contact.linkedin_key) == url_key)
    rows = session.exec(
        select(Contact, Organisation.name)
        .join(Organisation, col(Contact.organisation_id) == Organisation.id, isouter=True)
        .where(
            Contact.owner_id == owner_id,
            col(Contact.deleted_at).is_(None),
            col(Contact.id) != meeting.contact_id,
            condition,
        )
        .order_by(col(Contact.id))
        .limit(SUGGESTED_LIMIT)
    ).all()
    wanted_name_key = duplicate_key_name(suggestion.name, suggestion.organisation)
    matches: list[ReferralMatch] = []
    for contact, organisation in rows:
        same_url = bool(url_key) and contact.linkedin_key == url_key
        same_name_here = duplicate_key_name(contact.name, organisation or "") == wanted_name_key
        if url_key and contact.linkedin_key and not same_url:
            continue  # two LinkedIn profiles are two people, whatever their names
        # A name alone may be them: when no organisation is typed, or none is saved for the contact.
        maybe = not suggestion.organisation.strip() or not organisation
        if not (same_url or same_name_here or maybe):
            continue
        referrer = session.get(Contact, contact.referred_by_id) if contact.referred_by_id else None
        matches.append(
            ReferralMatch(
                id=contact.id or 0,
                name=contact.name,
                organisation=organisation or "",
                role=contact.role,
                referred_by_name=referrer.name if referrer and referrer.owner_id == owner_id else "",
                same_person=same_url or same_name_here,
            )
        )
    return sorted(matches, key=lambda match: not match.same_person)


def check_suggestion(suggestion: Suggestion) -> None:
    """Refuses (ValidationFailed, by field) a suggestion that could not be saved as a contact."""
    errors = validate_contact(suggestion.as_contact())
    if errors:
        raise ValidationFailed(
            {("note" if field == "notes" else field): text for field, text in errors.items()}
        )


def _note_the_suggestion(
    session: Session, *, owner_id: int, meeting: Meeting, name: str, today: date
) -> None:
    # The referrer's timeline notes it, which also restarts their keep-in-touch clock.
    record_touch(
        session,
        owner_id=owner_id,
        contact_id=meeting.contact_id,
        kind=TouchKind.NOTE.value,
        on=today,
        today=today,
        summary=f"Suggested {name.strip()}",
        meeting_id=meeting.id,
    )


def add_suggested_person(
    session: Session,
    *,
    owner_id: int,
    meeting_id: object,
    name: object,
    organisation: object = "",
    note: object = "",
    linkedin_url: object = "",
    today: date,
) -> int:
    """A person the contact suggested becomes a new contact referred by them; the referrer's
    timeline notes it, which also restarts their keep-in-touch clock. Check `referral_matches`
    first: this always adds a new contact."""
    meeting = owned_meeting(session, owner_id=owner_id, meeting_id=meeting_id)
    referrer = owned_contact(session, owner_id=owner_id, contact_id=meeting.contact_id)
    suggestion = Suggestion(
        name=str(name or ""), organisation=str(organisation or ""), note=str(note or ""),
        linkedin_url=str(linkedin_url or ""),
    )  # fmt: skip
    check_suggestion(suggestion)
    data = suggestion.as_contact()
    new_id = create_contact(session, owner_id=owner_id, data=data, referred_by_id=referrer.id)
    _note_the_suggestion(session, owner_id=owner_id, meeting=meeting, name=data.name, today=today)
    return new_id


@dataclass(frozen=True)
class Linked:
    """What linking a suggested person to a saved contact did."""

    name: str
    referred_by_name: str  # who the contact now counts as referred by (an earlier referrer is kept)
    already_by_other: bool


def link_suggested_person(
    session: Session, *, owner_id: int, meeting_id: object, contact_id: object, note: object = "", today: date
) -> Linked:
    """The person suggested is a saved contact: "referred by" the one met is added to them (an earlier
    referrer is kept, never overwritten), the note joins their notes, nothing is duplicated."""
    meeting = owned_meeting(session, owner_id=owner_id, meeting_id=meeting_id)
    referrer = owned_contact(session, owner_id=owner_id, contact_id=meeting.contact_id)
    contact = owned_contact(session, owner_id=owner_id, contact_id=contact_id)
    if contact.id == referrer.id:
        raise ValidationFailed({"name": "That is the person you met: choose someone they suggested."})
    earlier = session.get(Contact, contact.referred_by_id) if contact.referred_by_id else None
    if earlier is not None and (earlier.owner_id != owner_id or earlier.deleted_at is not None):
        earlier = None
    text = note.strip() if isinstance(note, str) else ""
    if text:
        added = f"Suggested by {referrer.name}: {text}"
        joined = f"{contact.notes.rstrip()}\n\n{added}" if contact.notes.strip() else added
        if len(joined) > NOTES_MAX_LENGTH:
            raise ValidationFailed({"note": f"{contact.name}'s notes are full: keep this note shorter."})
        update_contact(session, owner_id=owner_id, contact_id=contact.id, data=ContactUpdate(notes=joined))
    if earlier is None:
        contact.referred_by_id = referrer.id
        contact.updated_at = utc_now()
        session.add(contact)
    _note_the_suggestion(session, owner_id=owner_id, meeting=meeting, name=contact.name, today=today)
    by_other = earlier is not None and earlier.id != referrer.id
    return Linked(
        name=contact.name,
        referred_by_name=earlier.name if earlier is not None else referrer.name,
        already_by_other=by_other,
    )


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
