"""Classmates writing to the same person: keyed-hash marks recorded at each outreach, and the overlap
a student is told about (how many, never who), and the advisor's one figure (how many people).

The marks hold no contact id, name or address: only HMAC-SHA256 hashes (app/domain/outreach_keys.py)
under RAPPORT_OUTREACH_SECRET, per cohort and student. Without the secret (local mode) nothing is
recorded and nobody is warned.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from app.domain.contact_rules import ContactCreate, normalise_contact
from app.domain.outreach_keys import DEFAULT_LIMIT, WINDOW, PersonKey, classmate_note, person_keys
from app.domain.times import as_utc, utc_now
from app.domain.vocabulary import Stage
from app.models import Cohort, Contact, Membership, Organisation, OutreachMark
from app.services.contacts import owned_contact
from app.services.errors import NotFound, ValidationFailed
from app.services.ids import record_id
from app.services.organisations import organisation_key
from app.settings import get_settings

__all__ = [
    "Overlap",
    "flooded_people",
    "note_outreach",
    "overlap_for_contact",
    "overlap_for_input",
    "record_outreach",
    "set_outreach_limit",
]

SUGGESTIONS = 3
LIMIT_RANGE = (1, 50)


@dataclass(frozen=True)
class Overlap:
    """What a student is told about one person: how many classmates wrote this month, never who."""

    classmates: int = 0
    limit: int = DEFAULT_LIMIT
    message: str = ""
    suggestions: list[str] = field(default_factory=list)

    @property
    def needs_confirm(self) -> bool:
        """At or over the cohort's N: "Mark as sent" waits for the student to confirm."""
        return self.classmates >= self.limit > 0


NONE = Overlap()


def _secret() -> str:
    return get_settings().outreach_secret


def _cohorts_of(session: Session, student_id: int) -> list[tuple[int, int]]:
    rows = session.exec(
        select(col(Cohort.id), col(Cohort.outreach_limit))
        .join(Membership, col(Membership.cohort_id) == Cohort.id)
        .where(Membership.owner_id == student_id)
    ).all()
    return [(int(cohort_id or 0), int(limit)) for cohort_id, limit in rows]


def _organisation_name(session: Session, contact: Contact) -> str:
    if contact.organisation_id is None:
        return ""
    return (
        session.exec(select(Organisation.name).where(Organisation.id == contact.organisation_id)).first()
        or ""
    )


def _keys_for(secret: str, contact: Contact, organisation: str) -> list[PersonKey]:
    return person_keys(
        secret,
        linkedin_url=contact.linkedin_url,
        email=contact.email,
        name=contact.name,
        organisation=organisation,
    )


def record_outreach(
    session: Session, *, owner_id: int, contact: Contact, secret: str, now: datetime | None = None
) -> int:
    """Marks that the student wrote to this contact, in each of their cohorts; how many marks were written.

    A second outreach to the same person moves the mark's date, so a person counts each student once.
    """
    cohorts = _cohorts_of(session, owner_id)
    if not cohorts or not secret:
        return 0
    moment = now or utc_now()
    keys = _keys_for(secret, contact, _organisation_name(session, contact))
    written = 0
    for cohort_id, _ in cohorts:
        for key in keys:
            existing = session.exec(
                select(OutreachMark).where(
                    OutreachMark.cohort_id == cohort_id,
                    OutreachMark.student_id == owner_id,
                    OutreachMark.key_hash == key.key_hash,
                )
            ).first()
            if existing is None:
                try:
                    # A savepoint: the same student's two tabs marking at once meet the unique key.
                    with session.begin_nested():
                        session.add(
                            OutreachMark(
                                cohort_id=cohort_id,
                                student_id=owner_id,
                                key_hash=key.key_hash,
                                kind=key.kind,
                                created_at=moment,
                            )
                        )
                    written += 1
                    continue
                except IntegrityError:
                    existing = session.exec(
                        select(OutreachMark).where(
                            OutreachMark.cohort_id == cohort_id,
                            OutreachMark.student_id == owner_id,
                            OutreachMark.key_hash == key.key_hash,
                        )
                    ).one()
            existing.created_at = moment
            session.add(existing)
            written += 1
    session.flush()
    return written


def note_outreach(session: Session, *, owner_id: int, contact: Contact, now: datetime | None = None) -> None:
    """Called whenever outreach is logged or marked sent (app/services/touches.py)."""
    secret = _secret()
    moment = now or utc_now()
    if secret and moment >= utc_now() - WINDOW:
        record_outreach(session, owner_id=owner_id, contact=contact, secret=secret, now=moment)


def _overlap(
    session: Session,
    *,
    owner_id: int,
    keys: list[PersonKey],
    organisation: str,
    organisation_id: int | None,
    exclude_contact: int | None,
    now: datetime,
) -> Overlap:
    cohorts = _cohorts_of(session, owner_id)
    if not cohorts or not keys:
        return NONE
    since = now - WINDOW
    best = NONE
    for cohort_id, limit in cohorts:
        classmates = session.exec(
            select(func.count(func.distinct(OutreachMark.student_id))).where(
                OutreachMark.cohort_id == cohort_id,
                OutreachMark.student_id != owner_id,
                col(OutreachMark.key_hash).in_([key.key_hash for key in keys]),
                OutreachMark.created_at >= since,
            )
        ).one()
        if classmates and (classmates > best.classmates or (classmates >= limit and not best.needs_confirm)):
            best = Overlap(classmates=int(classmates), limit=limit)
    if not best.classmates:
        return NONE
    suggestions = _others_at(session, owner_id, organisation_id, exclude_contact)
    return Overlap(
        classmates=best.classmates,
        limit=best.limit,
        message=classmate_note(best.classmates, organisation, suggestions),
        suggestions=suggestions,
    )


def _others_at(
    session: Session, owner_id: int, organisation_id: int | None, exclude_contact: int | None
) -> list[str]:
    """Other people at that organisation from the student's own list, not yet written to first."""
    if organisation_id is None:
        return []
    query = select(Contact.name).where(
        Contact.owner_id == owner_id,
        Contact.organisation_id == organisation_id,
        col(Contact.deleted_at).is_(None),
        Contact.stage == Stage.TO_CONTACT.value,
    )
    if exclude_contact is not None:
        query = query.where(Contact.id != exclude_contact)
    return list(session.exec(query.order_by(col(Contact.name_key)).limit(SUGGESTIONS)))


def overlap_for_contact(
    session: Session,
    *,
    owner_id: int,
    contact_id: object,
    now: datetime | None = None,
    secret: str | None = None,
) -> Overlap:
    """For the composer: whether classmates wrote to this (owner's) contact in the last 30 days."""
    contact = owned_contact(session, owner_id=owner_id, contact_id=contact_id)
    secret = _secret() if secret is None else secret
    if not secret:
        return NONE
    organisation = _organisation_name(session, contact)
    return _overlap(
        session,
        owner_id=owner_id,
        keys=_keys_for(secret, contact, organisation),
        organisation=organisation,
        organisation_id=contact.organisation_id,
        exclude_contact=contact.id,
        now=as_utc(now or utc_now()),
    )


def overlap_for_input(
    session: Session,
    *,
    owner_id: int,
    data: ContactCreate,
    now: datetime | None = None,
    secret: str | None = None,
) -> Overlap:
    """For a contact being added: the same question, from what the form holds."""
    secret = _secret() if secret is None else secret
    if not secret:
        return NONE
    data = normalise_contact(data)
    organisation_id = session.exec(
        select(Organisation.id).where(
            Organisation.owner_id == owner_id,
            Organisation.name_key == organisation_key(" ".join(data.organisation.split())),
        )
    ).first()
    keys = person_keys(
        secret,
        linkedin_url=data.linkedin_url,
        email=data.email,
        name=data.name,
        organisation=data.organisation,
    )
    return _overlap(
        session,
        owner_id=owner_id,
        keys=keys,
        organisation=data.organisation.strip(),
        organisation_id=organisation_id,
        exclude_contact=None,
        now=as_utc(now or utc_now()),
    )


def flooded_people(
    session: Session, *, cohort_id: int, limit: int, now: datetime | None = None
) -> tuple[int, int]:
    """How many people more than `limit` students of the cohort wrote to in the last 30 days, and how
    many students are behind that figure (for k-anonymity).

    A person's keys recorded at one send share a moment, so keys are joined into one person wherever a
    student's send linked them (a LinkedIn URL and an email seen together are one person).
    """
    since = as_utc(now or utc_now()) - WINDOW
    rows = session.exec(
        select(OutreachMark.student_id, OutreachMark.key_hash, OutreachMark.created_at).where(
            OutreachMark.cohort_id == cohort_id, OutreachMark.created_at >= since
        )
    ).all()
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    sends: dict[tuple[int, datetime], list[str]] = defaultdict(list)
    for student_id, key_hash, created_at in rows:
        sends[(student_id, created_at)].append(key_hash)
    for keys in sends.values():
        for other in keys[1:]:
            parent[find(other)] = find(keys[0])
    students: dict[str, set[int]] = defaultdict(set)
    for student_id, key_hash, _ in rows:
        students[find(key_hash)].add(student_id)
    over = [who for who in students.values() if len(who) > limit]
    return len(over), len(set().union(*over)) if over else 0


def set_outreach_limit(session: Session, *, advisor_id: int, cohort_id: object, limit: object) -> int:
    """The advisor's N for one of their cohorts; NotFound for anyone else's cohort."""
    cohort = session.get(Cohort, record_id(cohort_id, "cohort"))
    if cohort is None or cohort.owner_id != advisor_id:
        raise NotFound("cohort")
    try:
        value = int(str(limit).strip())
    except ValueError:
        value = 0
    low, high = LIMIT_RANGE
    if not low <= value <= high:
        raise ValidationFailed({"outreach_limit": f"Choose a number of students from {low} to {high}."})
    cohort.outreach_limit = value
    session.add(cohort)
    return value
