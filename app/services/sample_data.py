"""Sample contacts a new student can load to look around, and remove again in one go."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, exists
from sqlmodel import Session, col, func, select

from app.domain.contact_rules import ContactCreate
from app.domain.pipeline import add_business_days
from app.domain.vocabulary import Source, TouchKind
from app.models import Contact, Organisation
from app.services.contacts import create_contact
from app.services.meetings import MeetingInput, mark_meeting_held, schedule_meeting
from app.services.touches import record_touch

SAMPLE_NOTE = "Sample contact, to show how Rapport works. Remove all sample data from Today."


@dataclass(frozen=True)
class _Person:
    name: str
    role: str
    organisation: str
    source: str
    email: str


# Each person shows one part of the routine; dates are set relative to today when loading.
_PRIYA = _Person("Priya Shah", "UX Researcher", "Northwind Health", Source.ALUMNI, "priya.shah@example.com")
_MARCUS = _Person(
    "Marcus Lee", "Data Analyst", "Riverbank Energy", Source.LINKEDIN_GROUP, "marcus@example.com"
)
_ELENA = _Person("Elena García", "Product Manager", "Lumen Labs", Source.EVENT, "elena.garcia@example.com")
_TOM = _Person("Tom Okafor", "Policy Advisor", "City of Harbourside", Source.LOCAL, "tom.okafor@example.com")
_GRACE = _Person("Grace Kim", "Sustainability Lead", "Greenway Foods", Source.ALUMNI, "grace.kim@example.com")
_AIKO = _Person("Aiko Tanaka", "Service Designer", "Northwind Health", Source.ALUMNI, "aiko@example.com")
_JORDAN = _Person("Jordan Blake", "Software Engineer", "Harbor Analytics", Source.OTHER, "jordan@example.com")


def has_sample_data(session: Session, *, owner_id: int) -> bool:
    return session.exec(
        select(exists().where(col(Contact.owner_id) == owner_id, col(Contact.is_sample).is_(True)))
    ).one()


def _add(session: Session, owner_id: int, person: _Person) -> int:
    contact_id = create_contact(
        session,
        owner_id=owner_id,
        data=ContactCreate(
            name=person.name,
            email=person.email,
            organisation=person.organisation,
            role=person.role,
            source=str(person.source),
            notes=SAMPLE_NOTE,
        ),
    )
    contact = session.get(Contact, contact_id)
    assert contact is not None
    contact.is_sample = True
    session.add(contact)
    return contact_id


def _touch(session: Session, owner_id: int, contact_id: int, kind: TouchKind, on: date, today: date) -> None:
    record_touch(session, owner_id=owner_id, contact_id=contact_id, kind=kind.value, on=on, today=today)


def load_sample_data(session: Session, *, owner_id: int, today: date) -> int:
    """Adds the sample contacts (once) with touches dated so that something is due today.

    Returns how many contacts were added: 0 when the sample is already there.
    """
    if has_sample_data(session, owner_id=owner_id):
        return 0
    added = 0

    def add(person: _Person) -> int:
        nonlocal added
        added += 1
        return _add(session, owner_id, person)

    # Seven business days without a reply: a follow-up is due, and a second person is suggested.
    priya = add(_PRIYA)
    _touch(session, owner_id, priya, TouchKind.OUTREACH_SENT, add_business_days(today, -7), today)
    # Someone else at Priya's organisation: where "Find someone else" leads.
    add(_AIKO)
    # Four business days: try a second contact at the same organisation.
    marcus = add(_MARCUS)
    _touch(session, owner_id, marcus, TouchKind.OUTREACH_SENT, add_business_days(today, -4), today)
    # A meeting held yesterday: the thank-you is due.
    elena = add(_ELENA)
    _touch(session, owner_id, elena, TouchKind.OUTREACH_SENT, add_business_days(today, -9), today)
    _touch(session, owner_id, elena, TouchKind.REPLY_RECEIVED, add_business_days(today, -8), today)
    yesterday = today - timedelta(days=1)
    held = schedule_meeting(
        session,
        owner_id=owner_id,
        contact_id=elena,
        data=MeetingInput(on=yesterday.isoformat(), at="15:00", place="Lumen Labs café"),
        today=yesterday,
    )
    mark_meeting_held(session, owner_id=owner_id, meeting_id=held, today=today)
    # A meeting in two days whose brief is still to prepare.
    tom = add(_TOM)
    _touch(session, owner_id, tom, TouchKind.OUTREACH_SENT, add_business_days(today, -6), today)
    _touch(session, owner_id, tom, TouchKind.REPLY_RECEIVED, add_business_days(today, -4), today)
    schedule_meeting(
        session,
        owner_id=owner_id,
        contact_id=tom,
        data=MeetingInput(
            on=(today + timedelta(days=2)).isoformat(), at="10:00", place="Harbourside Library"
        ),
        today=today,
    )
    # Thanked a little over three months ago: time to keep in touch.
    grace = add(_GRACE)
    last = today - timedelta(days=100)
    _touch(session, owner_id, grace, TouchKind.OUTREACH_SENT, last - timedelta(days=14), today)
    _touch(session, owner_id, grace, TouchKind.REPLY_RECEIVED, last - timedelta(days=12), today)
    _touch(session, owner_id, grace, TouchKind.MEETING_HELD, last - timedelta(days=2), today)
    _touch(session, owner_id, grace, TouchKind.THANK_YOU_SENT, last, today)
    # Outreach sent today: it counts towards this week's goal, and nothing is due yet.
    jordan = add(_JORDAN)
    _touch(session, owner_id, jordan, TouchKind.OUTREACH_SENT, today, today)
    session.flush()
    return added


def remove_sample_data(session: Session, *, owner_id: int) -> int:
    """Deletes the owner's sample contacts and everything on them; real contacts are untouched.

    Returns how many contacts were removed.
    """
    sample = (col(Contact.owner_id) == owner_id, col(Contact.is_sample).is_(True))
    organisation_ids = set(
        session.exec(
            select(Contact.organisation_id).where(*sample, col(Contact.organisation_id).is_not(None))
        )
    )
    count = session.exec(select(func.count()).where(*sample)).one()
    # Touches, meetings (and their briefs) and drafts go with the contact: the foreign keys cascade.
    session.execute(delete(Contact).where(*sample))
    if organisation_ids:
        # Only organisations the sample brought in: nobody else works there and the student added no research.
        session.execute(
            delete(Organisation).where(
                col(Organisation.owner_id) == owner_id,
                col(Organisation.id).in_(organisation_ids),
                ~exists().where(col(Contact.organisation_id) == Organisation.id),
                col(Organisation.notes) == "",
                col(Organisation.industry) == "",
                col(Organisation.website) == "",
            )
        )
    session.flush()
    session.expire_all()
    return count
