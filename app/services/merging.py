"""Merging two contacts who are one person: the possible duplicates Rapport finds, the two side by
side, the merge (every touch, meeting, brief, draft and card answer moves to the kept contact; the
other is hidden) and its undo, for `UNDO_DAYS` days."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, literal, union_all, update
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from app.domain.contact_rules import ContactCreate, ContactUpdate
from app.domain.times import as_utc, utc_now
from app.models import CardAnswer, Contact, ContactMerge, Draft, Meeting, Touch
from app.services import contacts as contact_service
from app.services.errors import NotFound, ValidationFailed
from app.services.ids import record_id
from app.services.touches import refresh_contact

UNDO_DAYS = 7
# The fields the student picks, one side or the other, in the order the comparison shows them.
MERGE_FIELDS: tuple[str, ...] = (
    "name",
    "organisation",
    "role",
    "email",
    "linkedin_url",
    "phone",
    "source",
    "is_local",
    "notes",
)
KEPT, OTHER, BOTH = "kept", "other", "both"  # BOTH: notes only, the two joined
MovedTable = type[Touch] | type[Meeting] | type[Draft] | type[CardAnswer]
_MOVED_TABLES: dict[str, MovedTable] = {
    "touch": Touch,
    "meeting": Meeting,
    "draft": Draft,
    "card_answer": CardAnswer,
}


@dataclass(frozen=True)
class MergeSide:
    """One of the two contacts as the comparison shows it."""

    contact_id: int
    data: ContactCreate
    touches: int
    meetings: int
    drafts: int


@dataclass(frozen=True)
class DuplicatePair:
    """Two live contacts that look like one person, and why."""

    first_id: int
    first_name: str
    second_id: int
    second_name: str
    reason: str


def _two(session: Session, owner_id: int, kept_id: object, other_id: object) -> tuple[Contact, Contact]:
    """Both contacts: NotFound unless both are the owner's and live; ValidationFailed for one twice."""
    kept = contact_service.owned_contact(session, owner_id=owner_id, contact_id=kept_id)
    other = contact_service.owned_contact(session, owner_id=owner_id, contact_id=other_id)
    if kept.id == other.id:
        raise ValidationFailed({"other": "That is the same contact twice: choose two different people."})
    return kept, other


def _side(session: Session, contact: Contact) -> MergeSide:
    assert contact.id is not None  # a stored row

    def count(table: type[Touch] | type[Meeting] | type[Draft]) -> int:
        return session.exec(
            select(func.count()).select_from(table).where(col(table.contact_id) == contact.id)
        ).one()

    return MergeSide(
        contact.id,
        contact_service.as_create(session, contact),
        count(Touch),
        count(Meeting),
        count(Draft),
    )


def compare(
    session: Session, *, owner_id: int, kept_id: object, other_id: object
) -> tuple[MergeSide, MergeSide]:
    """Both contacts, for the side-by-side view. NotFound unless both are the owner's and live;
    ValidationFailed for one contact twice."""
    kept, other = _two(session, owner_id, kept_id, other_id)
    return _side(session, kept), _side(session, other)


def merged_values(kept: ContactCreate, other: ContactCreate, choices: dict[str, str]) -> ContactUpdate:
    """The kept contact's fields after the merge: each field from the side chosen (the kept one when
    no choice is given); notes may take both, the kept contact's first."""
    values: dict[str, Any] = {}
    for field_name in MERGE_FIELDS:
        choice = choices.get(field_name, KEPT)
        mine, theirs = getattr(kept, field_name), getattr(other, field_name)
        if field_name == "notes" and choice == BOTH:
            values[field_name] = "\n\n".join(text for text in (mine.strip(), theirs.strip()) if text)
        else:
            values[field_name] = theirs if choice == OTHER else mine
    return ContactUpdate(**values)


def _before(data: ContactCreate) -> str:
    return json.dumps({field_name: getattr(data, field_name) for field_name in MERGE_FIELDS})


def merge_contacts(
    session: Session, *, owner_id: int, kept_id: object, other_id: object, choices: dict[str, str]
) -> int:
    """Merges `other_id` into `kept_id`; returns the merge's id (for its undo). Everything on the other
    contact moves to the kept one, which takes the chosen fields; the other is hidden, not destroyed."""
    kept, other = _two(session, owner_id, kept_id, other_id)
    kept_before = contact_service.as_create(session, kept)
    contact_service.update_contact(
        session,
        owner_id=owner_id,
        contact_id=kept.id,
        data=merged_values(kept_before, contact_service.as_create(session, other), choices),
    )
    moved: dict[str, list[int]] = {}
    assert kept.id is not None and other.id is not None  # stored rows
    for name, table in _MOVED_TABLES.items():
        ids = _ids_on(session, table, other.id)
        if table is CardAnswer:
            # A card the kept contact already answered keeps its own answer (one per card and cause).
            taken = set(
                session.exec(
                    select(CardAnswer.kind, CardAnswer.trigger).where(CardAnswer.contact_id == kept.id)
                )
            )
            answers = session.exec(select(CardAnswer).where(col(CardAnswer.id).in_(ids))).all()
            ids = [a.id for a in answers if a.id is not None and (a.kind, a.trigger) not in taken]
        _move(session, table, ids, kept.id)
        moved[name] = ids
    referred = list(session.exec(select(Contact).where(Contact.referred_by_id == other.id)))
    for person in referred:
        person.referred_by_id = None if person.id == kept.id else kept.id
        session.add(person)
    moved["referred"] = [person.id for person in referred if person.id is not None]
    other.deleted_at = utc_now()
    session.add(other)
    record = ContactMerge(
        owner_id=owner_id,
        kept_id=kept.id,
        merged_id=other.id,
        kept_before=_before(kept_before),
        moved=json.dumps(moved),
    )
    session.add(record)
    session.flush()
    refresh_contact(session, kept)
    assert record.id is not None
    return record.id


def _ids_on(session: Session, table: MovedTable, contact_id: int) -> list[int]:
    ids = session.exec(select(table.id).where(col(table.contact_id) == contact_id).order_by(col(table.id)))
    return [i for i in ids if i is not None]


def _move(session: Session, table: MovedTable, ids: list[int], to_contact_id: int) -> None:
    if ids:
        session.execute(update(table).where(col(table.id).in_(ids)).values(contact_id=to_contact_id))


def _owned_merge(session: Session, owner_id: int, merge_id: object) -> ContactMerge:
    record = session.get(ContactMerge, record_id(merge_id, "merge"))
    if record is None or record.owner_id != owner_id:
        raise NotFound("merge")
    return record


def can_undo(record: ContactMerge, now: datetime) -> bool:
    return record.undone_at is None and as_utc(now) - as_utc(record.created_at) <= timedelta(days=UNDO_DAYS)


def undo_merge(session: Session, *, owner_id: int, merge_id: object) -> int:
    """Puts both contacts back as they were before the merge; returns the merged contact's id.
    ValidationFailed once undone or older than UNDO_DAYS."""
    record = _owned_merge(session, owner_id, merge_id)
    if not can_undo(record, utc_now()):
        raise ValidationFailed(
            {"merge": f"This merge can no longer be undone (merges can be undone for {UNDO_DAYS} days)."}
        )
    kept = session.get(Contact, record.kept_id)
    other = session.get(Contact, record.merged_id)
    if kept is None or other is None or kept.owner_id != owner_id or other.owner_id != owner_id:
        raise NotFound("merge")
    if kept.deleted_at is not None:
        raise ValidationFailed({"merge": "Restore the contact first: it was deleted after the merge."})
    moved: dict[str, list[int]] = json.loads(record.moved)
    assert kept.id is not None and other.id is not None  # stored rows
    for name, table in _MOVED_TABLES.items():
        still_here = set(_ids_on(session, table, kept.id))
        _move(session, table, [i for i in moved.get(name, []) if i in still_here], other.id)
    for person in session.exec(select(Contact).where(col(Contact.id).in_(moved.get("referred", [])))):
        if person.referred_by_id in (kept.id, None):
            person.referred_by_id = other.id
            session.add(person)
    before = json.loads(record.kept_before)
    contact_service.update_contact(
        session, owner_id=owner_id, contact_id=kept.id, data=ContactUpdate(**before)
    )
    other.deleted_at = None
    session.add(other)
    record.undone_at = utc_now()
    session.add(record)
    session.flush()
    refresh_contact(session, kept)
    refresh_contact(session, other)
    assert other.id is not None
    return other.id


@dataclass(frozen=True)
class MergeNotice:
    """The latest merge into a contact that can still be undone, for its page."""

    merge_id: int
    merged_name: str
    merged_on: datetime


def undoable_merge_into(session: Session, *, owner_id: int, contact_id: int) -> MergeNotice | None:
    record = session.exec(
        select(ContactMerge)
        .where(
            ContactMerge.owner_id == owner_id,
            ContactMerge.kept_id == contact_id,
            col(ContactMerge.undone_at).is_(None),
        )
        .order_by(col(ContactMerge.created_at).desc())
    ).first()
    if record is None or record.id is None or not can_undo(record, utc_now()):
        return None
    other = session.get(Contact, record.merged_id)
    return MergeNotice(record.id, other.name if other else "", record.created_at)


_DUPLICATE_REASONS = (
    "the same LinkedIn profile",
    "the same email",
    "the same name at the same organisation",
)


def possible_duplicates(
    session: Session, *, owner_id: int, limit: int = 20, offset: int = 0
) -> list[DuplicatePair]:
    """Pairs of live contacts with the same LinkedIn profile, the same email, or the same name at the
    same organisation (none), oldest first; a page of them.

    One self-join per reason, each on a single equality an index (or SQLite's automatic index) can
    answer, then merged: a join on the three at once with OR compares every pair (90 s for 10,000
    contacts). Emails are stored lower-case, so they compare as they are."""
    first, second = aliased(Contact), aliased(Contact)
    live = and_(
        col(first.owner_id) == owner_id,
        col(second.owner_id) == owner_id,
        col(first.id) < col(second.id),
        col(first.deleted_at).is_(None),
        col(second.deleted_at).is_(None),
    )
    matches = (
        and_(col(first.linkedin_key) != "", col(first.linkedin_key) == col(second.linkedin_key)),
        and_(col(first.email) != "", col(first.email) == col(second.email)),
        and_(
            col(first.name_key) == col(second.name_key),
            func.coalesce(first.organisation_id, 0) == func.coalesce(second.organisation_id, 0),
        ),
    )
    found = union_all(
        *(
            sa_select(
                col(first.id).label("first_id"),
                col(second.id).label("second_id"),
                literal(rank).label("rank"),
            ).where(live, match)
            for rank, match in enumerate(matches)
        )
    ).subquery()
    pairs = (
        sa_select(found.c.first_id, found.c.second_id, func.min(found.c.rank).label("rank"))
        .group_by(found.c.first_id, found.c.second_id)
        .order_by(found.c.first_id, found.c.second_id)
        .limit(limit)
        .offset(offset)
    ).subquery()
    one, other = aliased(Contact), aliased(Contact)
    rows = session.execute(
        sa_select(pairs.c.first_id, col(one.name), pairs.c.second_id, col(other.name), pairs.c.rank)
        .join(one, col(one.id) == pairs.c.first_id)
        .join(other, col(other.id) == pairs.c.second_id)
        .order_by(pairs.c.first_id, pairs.c.second_id)
    ).all()
    return [
        DuplicatePair(first_id, first_name, second_id, second_name, _DUPLICATE_REASONS[rank])
        for first_id, first_name, second_id, second_name, rank in rows
    ]
