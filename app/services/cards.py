"""Each person's one card, read from the database: what Today lists, and the "Next due" the tracker and
the contact page show (the same function for all three, so they always agree)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection, or_, update
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from app.domain.cards import Card, CardAnswer, MeetingFact, card_for, card_window, presumed_facts
from app.domain.local_time import LocalClock
from app.domain.meeting_rules import meeting_ends_at
from app.domain.pipeline import TouchFact, derive_stage, follow_up_plan
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
    "catch_up",
    "dismiss_card",
    "forget_windows",
    "next_due_by_contact",
    "project_contacts",
    "settle_card",
    "snooze_card",
    "snooze_until",
    "stale_contact_ids",
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


def _answer(
    session: Session, owner_id: int, contact_id: int, card: Card, until: date | None, clock: LocalClock
) -> None:
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
    session.flush()
    # The card's date moves with the answer: the tracker's "Next due" and its order follow it.
    project_contacts(session, owner_id=owner_id, contact_ids=[contact_id], clock=clock)


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
    _answer(session, owner_id, current[0], current[1], until, clock)
    return f"Snoozed until {until:%a} {until.day} {until:%b}."


def dismiss_card(
    session: Session, *, owner_id: int, contact_id: object, kind: object, trigger: object, clock: LocalClock
) -> str:
    """ "Not now": the card goes until something new happens for that person."""
    current = _current(session, owner_id, contact_id, kind, trigger, clock)
    if current is None:
        return ALREADY_HANDLED
    _answer(session, owner_id, current[0], current[1], None, clock)
    return "Put aside. It comes back if anything new happens."


def settle_card(
    session: Session, *, owner_id: int, contact_id: object, kind: object, trigger: object, clock: LocalClock
) -> tuple[int, Card] | None:
    """The card a "done" click refers to, if it is still due; the caller records its touch (or,
    where none applies, this puts it aside)."""
    current = _current(session, owner_id, contact_id, kind, trigger, clock)
    if current is not None and current[1].kind is DueKind.SECOND_CONTACT:
        _answer(session, owner_id, current[0], current[1], None, clock)
    return current


# ---- the tracker's stored projection ------------------------------------------------------------
#
# The tracker filters, sorts, counts and pages in SQL, so each contact's stage and card date are stored.
# They are derived here, by the same rules Today and the contact page run (presumed-held meetings
# included), and stored with the days they hold for (`card_window`); `catch_up` derives them again for
# the rows whose days have run out before any page reads them.

# 1 January 1970: a window that has run out for every day the app shows (a row to derive again).
EXPIRED = date(1970, 1, 1)


def project_contacts(session: Session, *, owner_id: int, contact_ids: list[int], clock: LocalClock) -> int:
    """Derives and stores each listed contact's stage, 3B7 dates, last touch, next due date (its card's)
    and the days they hold for, as of `clock`. Only changed columns are written; returns how many rows."""
    ids = list(dict.fromkeys(contact_ids))
    changed = 0
    for start in range(0, len(ids), 500):
        changed += _project(session, owner_id, ids[start : start + 500], clock)
    return changed


def _project(session: Session, owner_id: int, ids: list[int], clock: LocalClock) -> int:
    rows = session.exec(
        select(Contact).where(
            Contact.owner_id == owner_id, col(Contact.id).in_(ids), col(Contact.deleted_at).is_(None)
        )
    ).all()
    if not rows:
        return 0
    ids = [row.id for row in rows if row.id is not None]
    facts = _facts(session, owner_id, ids)
    meetings = _meetings(session, owner_id, ids, clock)
    colleagues = _colleague_outreach(session, owner_id, {row.id or 0: row.organisation_id for row in rows})
    answers = _answers(session, owner_id, ids)
    changed = 0
    for contact in rows:
        contact_id = contact.id or 0
        inputs = CardInputs(
            facts=facts.get(contact_id, []),
            meetings=meetings.get(contact_id, []),
            keep_in_touch_months=contact.keep_in_touch_months,
            colleague_outreach=colleagues.get(contact_id, []),
            answers=answers.get(contact_id, []),
        )
        values = _projection(inputs, clock)
        if any(getattr(contact, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(contact, name, value)
            session.add(contact)
            changed += 1
    session.flush()
    return changed


def _projection(inputs: CardInputs, clock: LocalClock) -> dict[str, object]:
    """The stored columns for one contact as of `clock`: what `contacts.effective_stage` moves on by date."""
    today = clock.today
    known = [fact for fact in presumed_facts(inputs.facts, inputs.meetings, clock) if fact.on <= today]
    rule = {
        "keep_in_touch_months": inputs.keep_in_touch_months,
        "colleague_outreach": inputs.colleague_outreach,
        "answers": inputs.answers,
    }
    card = card_for(inputs.facts, inputs.meetings, clock, **rule)  # type: ignore[arg-type]
    start, until = card_window(inputs.facts, inputs.meetings, clock, **rule)  # type: ignore[arg-type]
    touched = [fact.on for fact in inputs.facts if fact.on <= today]
    values: dict[str, object] = {
        "last_touch_on": max(touched, default=None),
        "next_due_on": None if card is None else card.due_on,
        "projection_from": start,
        "projection_until": until,
    }
    if not known:
        return values | {"stage": Stage.TO_CONTACT.value, "follow_up_due_on": None, "quiet_on": None}
    # Derived as of the latest day known, so the SQL's dates (follow-up due, quiet) move it on from there
    # exactly as derive_stage would (tests/test_stage_projection.py).
    as_of = max(fact.on for fact in known)
    plan = follow_up_plan(known, as_of)
    waiting_for_follow_up = plan.follow_up_due_on is not None and plan.quiet_on is None
    return values | {
        "stage": derive_stage(known, as_of).value,
        "follow_up_due_on": plan.follow_up_due_on if waiting_for_follow_up else None,
        "quiet_on": plan.quiet_on,
    }


def stale_contact_ids(db: Db, *, owner_id: int, today: date) -> list[int]:
    """The owner's contacts whose stored stage and date do not hold on `today` (two index ranges)."""
    rows = db.execute(
        select(col(Contact.id)).where(
            Contact.owner_id == owner_id,
            col(Contact.deleted_at).is_(None),
            or_(col(Contact.projection_until) <= today, col(Contact.projection_from) > today),
        )
    ).all()
    return [int(row[0] or 0) for row in rows]


def catch_up(session: Session, *, owner_id: int, clock: LocalClock) -> int:
    """Derives again every contact whose stored stage and date have run out by `clock` (a meeting has
    ended, a follow-up has fallen due, a snooze is over, the clock was moved): call before reading
    the tracker, the board, the counts or a contact's page. Returns how many rows changed."""
    ids = stale_contact_ids(session, owner_id=owner_id, today=clock.today)
    return project_contacts(session, owner_id=owner_id, contact_ids=ids, clock=clock) if ids else 0


def forget_windows(session: Session, *, owner_id: int) -> None:
    """The time zone changed: meetings end on other days, so every contact with one is derived again."""
    with_meetings = select(col(Meeting.contact_id)).where(col(Meeting.owner_id) == owner_id)
    session.execute(
        update(Contact)
        .where(col(Contact.owner_id) == owner_id, col(Contact.id).in_(with_meetings))
        .values(projection_until=EXPIRED)
        .execution_options(synchronize_session=False)
    )
