"""Each person's one card, read from the database: what Today lists, and the "Next due" the tracker and
the contact page show (the same function for all three, so they always agree)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from app.domain.cards import Card, CardAnswer, MeetingFact, card_for
from app.domain.local_time import LocalClock
from app.domain.meeting_rules import meeting_ends_at
from app.domain.pipeline import TouchFact
from app.domain.times import as_utc, utc_now
from app.domain.vocabulary import DueKind, MeetingStatus, Stage, TouchKind
from app.models import CardAnswer as CardAnswerRow
from app.models import Contact, Meeting, Touch
from app.services.contacts import owned_contact
from app.services.errors import ValidationFailed
from app.services.ids import as_text

__all__ = [
    "SNOOZE_CHOICES",
    "CardInputs",
    "card_for_contact",
    "cards_for",
    "dismiss_card",
    "next_due_by_contact",
    "settle_card",
    "snooze_card",
    "snooze_until",
]

Db = Session | Connection

# The snooze menu: (value, label).
SNOOZE_CHOICES: tuple[tuple[str, str], ...] = (
    ("tomorrow", "Tomorrow"),
    ("three_days", "In 3 days"),
    ("next_week", "Next week"),
)


@dataclass(frozen=True)
class CardInputs:
    """Everything the card rule reads for one contact."""

    facts: list[TouchFact]
    meetings: list[MeetingFact]
    keep_in_touch_months: int | None
    colleague_outreach: list[date]
    answers: list[CardAnswer]


def _contacts(db: Db, owner_id: int, ids: list[int]) -> dict[int, tuple[int | None, int | None]]:
    rows = db.execute(
        select(col(Contact.id), col(Contact.organisation_id), col(Contact.keep_in_touch_months)).where(
            Contact.owner_id == owner_id, col(Contact.id).in_(ids), col(Contact.deleted_at).is_(None)
        )
    ).all()
    return {int(contact_id or 0): (organisation_id, months) for contact_id, organisation_id, months in rows}


def _facts(db: Db, owner_id: int, ids: list[int]) -> dict[int, list[TouchFact]]:
    facts: dict[int, list[TouchFact]] = defaultdict(list)
    rows = db.execute(
        select(col(Touch.contact_id), col(Touch.kind), col(Touch.happened_on), col(Touch.stage))
        .where(Touch.owner_id == owner_id, col(Touch.contact_id).in_(ids))
        .order_by(col(Touch.contact_id), col(Touch.happened_on), col(Touch.id))
    ).all()
    for contact_id, kind, on, stage in rows:
        facts[contact_id].append(TouchFact(TouchKind(kind), on, Stage(stage) if stage else None))
    return facts


def _meetings(db: Db, owner_id: int, ids: list[int], clock: LocalClock) -> dict[int, list[MeetingFact]]:
    # Plain columns, not ORM rows: the tracker reads through a Connection, which returns no entities.
    meetings: dict[int, list[MeetingFact]] = defaultdict(list)
    rows = db.execute(
        core_select(
            col(Meeting.id),
            col(Meeting.contact_id),
            col(Meeting.starts_on),
            col(Meeting.starts_at_time),
            col(Meeting.duration_minutes),
            col(Meeting.status),
            col(Meeting.ended_at),
        ).where(col(Meeting.owner_id) == owner_id, col(Meeting.contact_id).in_(ids))
    ).all()
    for meeting_id, contact_id, starts_on, at, minutes, status_value, ended_at in rows:
        status = MeetingStatus(status_value)
        if status is MeetingStatus.CANCELLED or meeting_id is None:
            continue
        if ended_at is not None:
            ends_at = as_utc(ended_at)
        else:
            ends_at = meeting_ends_at(starts_on, at, minutes).replace(tzinfo=clock.zone)
        meetings[int(contact_id)].append(MeetingFact(int(meeting_id), ends_at, status))
    return meetings


def _colleague_outreach(db: Db, owner_id: int, organisations: dict[int, int | None]) -> dict[int, list[date]]:
    """For each contact, the days outreach went to someone else at the same organisation."""
    org_ids = {org for org in organisations.values() if org is not None}
    if not org_ids:
        return {}
    rows = db.execute(
        select(col(Contact.organisation_id), col(Contact.id), col(Touch.happened_on))
        .join(Touch, col(Touch.contact_id) == Contact.id)
        .where(
            Contact.owner_id == owner_id,
            col(Contact.deleted_at).is_(None),
            col(Contact.organisation_id).in_(org_ids),
            Touch.kind == TouchKind.OUTREACH_SENT.value,
        )
    ).all()
    by_org: dict[int, list[tuple[int, date]]] = defaultdict(list)
    for org_id, contact_id, on in rows:
        by_org[int(org_id or 0)].append((int(contact_id or 0), on))
    return {
        contact_id: [on for other, on in by_org.get(org_id, []) if other != contact_id]
        for contact_id, org_id in organisations.items()
        if org_id is not None
    }


def _answers(db: Db, owner_id: int, ids: list[int]) -> dict[int, list[CardAnswer]]:
    answers: dict[int, list[CardAnswer]] = defaultdict(list)
    rows = db.execute(
        select(
            col(CardAnswerRow.contact_id),
            col(CardAnswerRow.kind),
            col(CardAnswerRow.trigger),
            col(CardAnswerRow.snoozed_until),
        ).where(CardAnswerRow.owner_id == owner_id, col(CardAnswerRow.contact_id).in_(ids))
    ).all()
    for contact_id, kind, trigger, until in rows:
        answers[contact_id].append(CardAnswer(kind, trigger, until))
    return answers


def cards_for(db: Db, *, owner_id: int, contact_ids: list[int], clock: LocalClock) -> dict[int, Card]:
    """Each listed contact's card (due now, or the next one ahead), in a handful of queries; contacts
    with nothing due, deleted or not the owner's are left out."""
    ids = list(dict.fromkeys(contact_ids))[:500]
    if not ids:
        return {}
    contacts = _contacts(db, owner_id, ids)
    ids = list(contacts)
    facts = _facts(db, owner_id, ids)
    meetings = _meetings(db, owner_id, ids, clock)
    colleagues = _colleague_outreach(db, owner_id, {cid: org for cid, (org, _) in contacts.items()})
    answers = _answers(db, owner_id, ids)
    cards: dict[int, Card] = {}
    for contact_id, (_, months) in contacts.items():
        card = card_for(
            facts.get(contact_id, []),
            meetings.get(contact_id, []),
            clock,
            keep_in_touch_months=months,
            colleague_outreach=colleagues.get(contact_id, []),
            answers=answers.get(contact_id, []),
        )
        if card is not None:
            cards[contact_id] = card
    return cards


def next_due_by_contact(
    db: Db, *, owner_id: int, contact_ids: list[int], clock: LocalClock
) -> dict[int, str]:
    """ "Next due" for the tracker and the contact page: the date of each contact's card (ISO)."""
    cards = cards_for(db, owner_id=owner_id, contact_ids=contact_ids, clock=clock)
    return {contact_id: card.due_on.isoformat() for contact_id, card in cards.items()}


def card_for_contact(
    session: Session, *, owner_id: int, contact_id: object, clock: LocalClock
) -> Card | None:
    contact = owned_contact(session, owner_id=owner_id, contact_id=contact_id)
    assert contact.id is not None
    return cards_for(session, owner_id=owner_id, contact_ids=[contact.id], clock=clock).get(contact.id)


def snooze_until(choice: object, today: date) -> date:
    """Tomorrow, in 3 days, or next week (the coming Monday)."""
    if choice == "tomorrow":
        return today + timedelta(days=1)
    if choice == "three_days":
        return today + timedelta(days=3)
    if choice == "next_week":
        return today + timedelta(days=7 - today.weekday())
    raise ValidationFailed({"snooze": "Choose tomorrow, in 3 days or next week."})


def _current(
    session: Session, owner_id: int, contact_id: object, kind: object, trigger: object, clock: LocalClock
) -> tuple[int, Card] | None:
    """The contact's card if it is still the one the student answered (due now), else None."""
    contact = owned_contact(session, owner_id=owner_id, contact_id=contact_id)
    assert contact.id is not None
    card = cards_for(session, owner_id=owner_id, contact_ids=[contact.id], clock=clock).get(contact.id)
    if card is None or not card.is_due(clock):
        return None
    if card.kind.value != as_text(kind, 30) or card.trigger != as_text(trigger, 40):
        return None
    return contact.id, card


def _answer(session: Session, owner_id: int, contact_id: int, card: Card, until: date | None) -> None:
    row = session.exec(
        select(CardAnswerRow).where(
            CardAnswerRow.owner_id == owner_id,
            CardAnswerRow.contact_id == contact_id,
            CardAnswerRow.kind == card.kind.value,
            CardAnswerRow.trigger == card.trigger,
        )
    ).first()
    if row is None:
        row = CardAnswerRow(
            owner_id=owner_id, contact_id=contact_id, kind=card.kind.value, trigger=card.trigger
        )
    row.snoozed_until = until
    row.answered_at = utc_now()
    session.add(row)


ALREADY_HANDLED = "That one is already taken care of: nothing to do."


def snooze_card(
    session: Session,
    *,
    owner_id: int,
    contact_id: object,
    kind: object,
    trigger: object,
    choice: object,
    clock: LocalClock,
) -> str:
    """Hides the card until the chosen day; a card since done (or changed) is a calm no-op."""
    until = snooze_until(choice, clock.today)
    current = _current(session, owner_id, contact_id, kind, trigger, clock)
    if current is None:
        return ALREADY_HANDLED
    _answer(session, owner_id, current[0], current[1], until)
    return f"Snoozed until {until:%a} {until.day} {until:%b}."


def dismiss_card(
    session: Session, *, owner_id: int, contact_id: object, kind: object, trigger: object, clock: LocalClock
) -> str:
    """ "Not now": the card goes until something new happens for that person."""
    current = _current(session, owner_id, contact_id, kind, trigger, clock)
    if current is None:
        return ALREADY_HANDLED
    _answer(session, owner_id, current[0], current[1], None)
    return "Put aside. It comes back if anything new happens."


def settle_card(
    session: Session, *, owner_id: int, contact_id: object, kind: object, trigger: object, clock: LocalClock
) -> tuple[int, Card] | None:
    """The card a "done" click refers to, if it is still due; the caller records its touch (or,
    where none applies, this puts it aside)."""
    current = _current(session, owner_id, contact_id, kind, trigger, clock)
    if current is not None and current[1].kind is DueKind.SECOND_CONTACT:
        _answer(session, owner_id, current[0], current[1], None)
    return current
