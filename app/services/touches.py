"""The timeline: recording touches, and keeping each contact's derived stage and dates in step with them."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlalchemy import delete
from sqlmodel import Session, col, select

from app.domain.day_words import day_label
from app.domain.local_time import LocalClock
from app.domain.meeting_rules import meeting_ends_at
from app.domain.pipeline import (
    FollowUpPlan,
    TouchFact,
    derive_stage,
    follow_up_plan,
    responsiveness,
)
from app.domain.times import as_utc
from app.domain.vocabulary import TOUCH_LABELS, Stage, TouchKind
from app.models import Contact, Meeting, TimelineUndo, Touch
from app.services.cards import project_contacts
from app.services.clock import clock_for
from app.services.contacts import owned_contact
from app.services.errors import NotFound, ValidationFailed
from app.services.ids import as_id
from app.services.outreach_marks import note_outreach
from app.settings import fixed_day

SUMMARY_LIMIT = 10_000


@dataclass(frozen=True)
class TimelineEntry:
    id: int
    kind: str
    label: str
    on: str
    summary: str
    body: str


def facts_for(session: Session, contact_id: int) -> list[TouchFact]:
    touches = session.exec(
        select(Touch).where(Touch.contact_id == contact_id).order_by(col(Touch.happened_on), col(Touch.id))
    ).all()
    return [
        TouchFact(kind=TouchKind(t.kind), on=t.happened_on, stage=Stage(t.stage) if t.stage else None)
        for t in touches
    ]


def meeting_end(meeting: Meeting, zone: tzinfo = UTC) -> datetime:
    """When the meeting is planned to end (its date, time and length), in the student's zone."""
    return meeting_ends_at(meeting.starts_on, meeting.starts_at_time, meeting.duration_minutes).replace(
        tzinfo=zone
    )


def meeting_ended_at(meeting: Meeting, zone: tzinfo = UTC) -> datetime:
    """When the meeting ended: as recorded when it was held, else as planned."""
    return as_utc(meeting.ended_at) if meeting.ended_at is not None else meeting_end(meeting, zone)


def refresh_contact(session: Session, contact: Contact, clock: LocalClock | None = None) -> None:
    """Derives the stored stage and dates again (app/services/cards.py, `project_contacts`), for this
    contact and the others at its organisation (whose second-contact card this one's outreach retires).

    `clock` defaults to the owner's clock; any clock will do, since the stored window makes the tracker
    derive a row again on any day it does not hold for.
    """
    assert contact.id is not None
    session.flush()
    if clock is None:
        clock = clock_for(session, owner_id=contact.owner_id, fixed=fixed_day())
    ids = [
        contact.id,
        *colleague_ids(session, owner_id=contact.owner_id, organisation_id=contact.organisation_id),
    ]
    project_contacts(session, owner_id=contact.owner_id, contact_ids=ids, clock=clock)


def colleague_ids(session: Session, *, owner_id: int, organisation_id: int | None) -> list[int]:
    """The owner's live contacts at an organisation (none for no organisation)."""
    if organisation_id is None:
        return []
    return [
        int(found)
        for found in session.exec(
            select(Contact.id).where(
                Contact.owner_id == owner_id,
                Contact.organisation_id == organisation_id,
                col(Contact.deleted_at).is_(None),
            )
        ).all()
        if found is not None
    ]


def record_touch(
    session: Session,
    *,
    owner_id: int,
    contact_id: object,
    kind: str,
    on: date,
    today: date,
    summary: str = "",
    body: str = "",
    stage: str | None = None,
    meeting_id: int | None = None,
) -> int:
    contact = owned_contact(session, owner_id=owner_id, contact_id=contact_id)
    try:
        touch_kind = TouchKind(kind)
    except ValueError:
        raise ValidationFailed({"kind": "Choose what happened."}) from None
    target: Stage | None = None
    if touch_kind is TouchKind.STAGE_SET:
        try:
            target = Stage(stage or "")
        except ValueError:
            raise ValidationFailed({"stage": "Choose a stage."}) from None
    _check_day_and_text(touch_kind, on, today, summary, body)
    assert contact.id is not None  # a stored row
    touch = Touch(
        owner_id=owner_id,
        contact_id=contact.id,
        meeting_id=meeting_id,
        kind=touch_kind.value,
        happened_on=on,
        stage=target.value if target else None,
        summary=summary.strip(),
        body=body,
    )
    session.add(touch)
    session.flush()
    refresh_contact(session, contact, clock_for(session, owner_id=owner_id, fixed=today))
    if touch_kind is TouchKind.OUTREACH_SENT:
        # Classmates are warned (never told who) when several write to one person in a month.
        # Outreach logged for an earlier day counts from that day, so old history warns nobody.
        when = None if on >= today else datetime.combine(on, time(12), tzinfo=UTC)
        note_outreach(session, owner_id=owner_id, contact=contact, now=when)
    assert touch.id is not None
    return touch.id


FUTURE_REFUSED = "That's after today: log it once it has happened."
# A meeting is the one touch that may be dated ahead: it is planned, and its own rules check the day.
MAY_BE_AHEAD: frozenset[TouchKind] = frozenset({TouchKind.MEETING_SCHEDULED})


def _check_day_and_text(kind: TouchKind, on: date, today: date, summary: str, body: str) -> None:
    if on > today and kind not in MAY_BE_AHEAD:
        # A touch is something that happened; a stage that moved ahead of its day would disagree with
        # every date the pipeline derives (tests/test_stage_projection.py).
        raise ValidationFailed({"on": FUTURE_REFUSED})
    if len(summary) > SUMMARY_LIMIT or len(body) > 100_000:
        raise ValidationFailed({"summary": f"Keep notes under {SUMMARY_LIMIT:,} characters."})


def owned_touch(session: Session, *, owner_id: int, touch_id: object) -> Touch:
    """The owner's touch with that id; NotFound for a missing id and for another owner's alike."""
    found = as_id(touch_id)
    touch = session.get(Touch, found) if found is not None else None
    if touch is None or touch.owner_id != owner_id:
        raise NotFound("touch")
    return touch


# Kinds a student may change an entry to: what the log form offers. Other kinds (a sent email, a
# meeting, a board move) keep their kind and can have their date and note corrected.
EDITABLE_KINDS: frozenset[TouchKind] = frozenset(
    {
        TouchKind.OUTREACH_SENT,
        TouchKind.REPLY_RECEIVED,
        TouchKind.FOLLOW_UP_SENT,
        TouchKind.DECLINED,
        TouchKind.NOTE,
    }
)


def edit_touch(
    session: Session,
    *,
    owner_id: int,
    touch_id: object,
    kind: str,
    on: date,
    summary: str,
    today: date,
) -> int:
    """Corrects one timeline entry; the contact's stage and dates are derived again. Returns its contact."""
    touch = owned_touch(session, owner_id=owner_id, touch_id=touch_id)
    current = TouchKind(touch.kind)
    try:
        new_kind = TouchKind(kind)
    except ValueError:
        raise ValidationFailed({"kind": "Choose what happened."}) from None
    if new_kind is not current and not (current in EDITABLE_KINDS and new_kind in EDITABLE_KINDS):
        raise ValidationFailed({"kind": f"This entry stays '{current.label}': its date and note can change."})
    _check_day_and_text(new_kind, on, today, summary, "")
    before = _snapshot(touch)
    touch.kind, touch.happened_on, touch.summary = new_kind.value, on, summary.strip()
    if (before.kind, before.happened_on, before.summary) != (touch.kind, on.isoformat(), touch.summary):
        _keep_for_undo(session, before, "edited")
    session.add(touch)
    session.flush()
    contact = owned_contact(session, owner_id=owner_id, contact_id=touch.contact_id)
    refresh_contact(session, contact)
    session.flush()
    return touch.contact_id


@dataclass(frozen=True)
class DeletedTouch:
    """Everything a deleted touch held, so Undo can put it back exactly (same id, same fields)."""

    id: int
    owner_id: int
    contact_id: int
    meeting_id: int | None
    kind: str
    happened_on: str
    stage: str | None
    summary: str
    body: str
    created_at: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def delete_touch(session: Session, *, owner_id: int, touch_id: object) -> DeletedTouch:
    """Removes one timeline entry and derives the contact's stage and dates again without it."""
    touch = owned_touch(session, owner_id=owner_id, touch_id=touch_id)
    kept = _snapshot(touch)
    _keep_for_undo(session, kept, "deleted")
    session.delete(touch)
    session.flush()
    refresh_contact(session, owned_contact(session, owner_id=owner_id, contact_id=kept.contact_id))
    session.flush()
    return kept


def _snapshot(touch: Touch) -> DeletedTouch:
    assert touch.id is not None
    return DeletedTouch(
        id=touch.id,
        owner_id=touch.owner_id,
        contact_id=touch.contact_id,
        meeting_id=touch.meeting_id,
        kind=touch.kind,
        happened_on=touch.happened_on.isoformat(),
        stage=touch.stage,
        summary=touch.summary,
        body=touch.body,
        created_at=as_utc(touch.created_at).isoformat(),
    )


# How long a deleted or corrected entry can be brought back, reloads included.
UNDO_LASTS = timedelta(hours=1)


@dataclass(frozen=True)
class UndoOffer:
    """What the contact page offers: "Deleted 'Outreach sent on Mon 2 Mar'." and the Undo's id."""

    id: int
    text: str


def _keep_for_undo(session: Session, before: DeletedTouch, action: str) -> None:
    """The entry as it was, kept server-side: one Undo per contact, the latest change."""
    session.execute(
        delete(TimelineUndo).where(
            col(TimelineUndo.owner_id) == before.owner_id, col(TimelineUndo.contact_id) == before.contact_id
        )
    )
    session.add(
        TimelineUndo(
            owner_id=before.owner_id,
            contact_id=before.contact_id,
            touch_id=before.id,
            action=action,
            snapshot=json.dumps(before.as_dict()),
        )
    )


def _live_undo(session: Session, owner_id: int, contact_id: int, now: datetime) -> TimelineUndo | None:
    # Expired ones go as they are found.
    session.execute(
        delete(TimelineUndo).where(
            col(TimelineUndo.owner_id) == owner_id, col(TimelineUndo.created_at) < as_utc(now) - UNDO_LASTS
        )
    )
    return session.exec(
        select(TimelineUndo)
        .where(TimelineUndo.owner_id == owner_id, TimelineUndo.contact_id == contact_id)
        .order_by(col(TimelineUndo.id).desc())
    ).first()


def pending_undo(
    session: Session, *, owner_id: int, contact_id: object, now: datetime, today: date
) -> UndoOffer | None:
    """The Undo the contact page offers (after a reload too) for the entry last deleted or corrected."""
    contact = owned_contact(session, owner_id=owner_id, contact_id=contact_id)
    assert contact.id is not None
    row = _live_undo(session, owner_id, contact.id, now)
    if row is None or row.id is None:
        return None
    before = DeletedTouch(**json.loads(row.snapshot))
    label = TOUCH_LABELS.get(TouchKind(before.kind), "Entry")
    on_label = day_label(date.fromisoformat(before.happened_on), today)
    verb = "Deleted" if row.action == "deleted" else "Corrected"
    return UndoOffer(id=row.id, text=f"{verb} “{label} on {on_label}”.")


def undo_change(
    session: Session, *, owner_id: int, contact_id: object, undo_id: object, now: datetime
) -> int:
    """Puts back the entry an Undo was offered for (deleted: restored; corrected: its earlier version).
    NotFound when the Undo is missing, expired, another owner's or another contact's."""
    contact = owned_contact(session, owner_id=owner_id, contact_id=contact_id)
    assert contact.id is not None
    row = _live_undo(session, owner_id, contact.id, now)
    if row is None or row.id != as_id(undo_id) or row.owner_id != owner_id:
        raise NotFound("undo")
    before = DeletedTouch(**json.loads(row.snapshot))
    if before.owner_id != owner_id or before.contact_id != contact.id:
        raise NotFound("undo")
    session.delete(row)
    session.flush()
    if row.action == "deleted":
        return restore_touch(session, owner_id=owner_id, deleted=before)
    touch = owned_touch(session, owner_id=owner_id, touch_id=before.id)
    if touch.contact_id != contact.id:
        raise NotFound("undo")
    touch.kind, touch.summary = before.kind, before.summary
    touch.happened_on = date.fromisoformat(before.happened_on)
    session.add(touch)
    session.flush()
    refresh_contact(session, contact)
    return before.id


def forget_undo(session: Session, *, owner_id: int, contact_id: object, undo_id: object) -> None:
    """ "Dismiss": the Undo is no longer offered (nothing else changes)."""
    contact = owned_contact(session, owner_id=owner_id, contact_id=contact_id)
    session.execute(
        delete(TimelineUndo).where(
            col(TimelineUndo.owner_id) == owner_id,
            col(TimelineUndo.contact_id) == contact.id,
            col(TimelineUndo.id) == (as_id(undo_id) or 0),
        )
    )


def restore_touch(session: Session, *, owner_id: int, deleted: DeletedTouch) -> int:
    """Undo of `delete_touch`: the entry comes back as it was, if its contact is still the owner's."""
    if deleted.owner_id != owner_id:
        raise NotFound("touch")
    contact = owned_contact(session, owner_id=owner_id, contact_id=deleted.contact_id)
    meeting_id = deleted.meeting_id
    if meeting_id is not None and session.get(Meeting, meeting_id) is None:
        meeting_id = None  # the meeting went since: keep the entry, drop the link
    # The same id when it is still free, so anything that pointed at it still does.
    touch_id = deleted.id if session.get(Touch, deleted.id) is None else None
    touch = Touch(
        id=touch_id,
        owner_id=owner_id,
        contact_id=deleted.contact_id,
        meeting_id=meeting_id,
        kind=deleted.kind,
        happened_on=date.fromisoformat(deleted.happened_on),
        stage=deleted.stage,
        summary=deleted.summary,
        body=deleted.body,
        created_at=datetime.fromisoformat(deleted.created_at),
    )
    session.add(touch)
    session.flush()
    refresh_contact(session, contact)
    session.flush()
    assert touch.id is not None
    return touch.id


def repeated_touch(
    session: Session, *, owner_id: int, contact_id: object, kind: str, now: datetime, zone: tzinfo = UTC
) -> str:
    """The question to ask when this touch repeats the contact's latest one; "" when it does not.

    "Twice in a row" is the same kind as the latest entry, logged earlier the same day as the student's
    clock reads it (`zone`, their time zone): yesterday evening's outreach is not today's repeat, however
    few hours ago it was. `now` is the real moment (RAPPORT_TODAY fixes days, not when a click happened).
    """
    contact = owned_contact(session, owner_id=owner_id, contact_id=contact_id)
    latest = session.exec(
        select(Touch)
        .where(Touch.contact_id == contact.id, Touch.owner_id == owner_id)
        .order_by(col(Touch.created_at).desc(), col(Touch.id).desc())
    ).first()
    if latest is None or latest.kind != kind or kind == TouchKind.NOTE.value:
        return ""
    logged_at = as_utc(latest.created_at)
    if logged_at.astimezone(zone).date() != as_utc(now).astimezone(zone).date():
        return ""
    ago = as_utc(now) - logged_at
    minutes = max(int(ago.total_seconds() // 60), 0)
    if minutes < 2:
        when = "a minute ago"
    elif minutes < 60:
        when = f"{minutes} minutes ago"
    else:
        hours = minutes // 60
        when = "an hour ago" if hours == 1 else f"{hours} hours ago"
    return f"You logged {_what_was_logged(TouchKind(kind), contact.name)} {when}: log it again?"


def _what_was_logged(kind: TouchKind, name: str) -> str:
    phrases = {
        TouchKind.OUTREACH_SENT: f"outreach to {name}",
        TouchKind.FOLLOW_UP_SENT: f"a follow-up to {name}",
        TouchKind.REPLY_RECEIVED: f"a reply from {name}",
        TouchKind.DECLINED: f"that {name} declined",
        TouchKind.THANK_YOU_SENT: f"a thank-you to {name}",
    }
    return phrases.get(kind, f"“{kind.label}” for {name}")


def move_to_stage(session: Session, *, owner_id: int, contact_id: object, stage: str, today: date) -> None:
    """A move on the board: recorded as a touch so the timeline says when and where."""
    label = Stage(stage).label if stage in {s.value for s in Stage} else ""
    record_touch(
        session,
        owner_id=owner_id,
        contact_id=contact_id,
        kind=TouchKind.STAGE_SET.value,
        on=today,
        today=today,
        stage=stage,
        summary=f"Moved to {label}" if label else "",
    )


def timeline(session: Session, *, owner_id: int, contact_id: object, limit: int = 200) -> list[TimelineEntry]:
    contact = owned_contact(session, owner_id=owner_id, contact_id=contact_id)
    touches = session.exec(
        select(Touch)
        .where(Touch.contact_id == contact.id, Touch.owner_id == owner_id)
        .order_by(col(Touch.happened_on).desc(), col(Touch.id).desc())
        .limit(limit)
    ).all()
    return [
        TimelineEntry(
            id=t.id or 0,
            kind=t.kind,
            label=TOUCH_LABELS.get(TouchKind(t.kind), t.kind),
            on=t.happened_on.isoformat(),
            summary=t.summary,
            body=t.body,
        )
        for t in touches
    ]


def follow_up_status(session: Session, *, owner_id: int, contact_id: object, today: date) -> str:
    """Where the 3B7 routine stands for this contact on `today`, in a sentence or two a student reads."""
    contact = owned_contact(session, owner_id=owner_id, contact_id=contact_id)
    assert contact.id is not None
    facts = facts_for(session, contact.id)
    plan = follow_up_plan(facts, today)
    stage = derive_stage(facts, today)
    if plan.follow_up_due_on is not None or plan.quiet_on is not None:
        return " ".join(_clock_sentences(facts, plan, today))
    if stage is Stage.DECLINED:
        return "They said no this time, which is part of networking: a short thank-you keeps the door open."
    kind = responsiveness(facts, today)
    # The suggestion only helps while no meeting is arranged yet.
    nudge = " Suggest a time or two while it's fresh." if stage is Stage.REPLIED else ""
    if kind == "booster":
        return "They replied within 3 business days: a booster, keen to help." + nudge
    if kind == "obligate":
        return "They replied after more than 3 business days: an obligate, helpful when asked." + nudge
    if stage is Stage.TO_CONTACT:
        return "No outreach yet. Once you log it, the follow-up dates appear here."
    return ""


def _clock_sentences(facts: list[TouchFact], plan: FollowUpPlan, today: date) -> list[str]:
    outreach_on, due_on, quiet_on = plan.outreach_on, plan.follow_up_due_on, plan.quiet_on
    sentences = [f"Outreach sent {day_label(outreach_on, today)}."] if outreach_on else []
    if quiet_on is None:
        if due_on is not None:
            sentences.append(f"Follow-up due {day_label(due_on, today)}.")
        second_on = plan.second_contact_on
        if second_on is not None and today < second_on:
            sentences.append(
                f"No reply by {day_label(second_on, today)} is normal: then try a second person "
                "at the same organisation."
            )
        elif second_on is not None and due_on is not None and today < due_on:
            sentences.append(
                "No reply yet is normal: meanwhile, try a second person at the same organisation."
            )
        return sentences
    sent_on = max((f.on for f in facts if f.kind is TouchKind.FOLLOW_UP_SENT and f.on <= today), default=None)
    if sent_on is not None:
        sentences.append(f"Follow-up sent {day_label(sent_on, today)}.")
    if today >= quiet_on:
        sentences.append("No reply since, which happens: it's fine to let this one rest.")
    else:
        sentences.append(f"If there's no reply by {day_label(quiet_on, today)}, let it rest.")
    return sentences


KEEP_IN_TOUCH_CHOICES: tuple[int, ...] = (1, 3, 6, 12)
KEEP_IN_TOUCH_OFF = "off"


def keep_in_touch_choice(months: int | None) -> str:
    """The keep-in-touch picker's value for a contact's setting: "3", or "off"."""
    return str(months) if months else KEEP_IN_TOUCH_OFF


def set_keep_in_touch(session: Session, *, owner_id: int, contact_id: object, months: object) -> int | None:
    """How often to be reminded to keep in touch (1, 3, 6 or 12 months), or never (None / "off").

    Returns what was stored: the months, or None for never.
    """
    contact = owned_contact(session, owner_id=owner_id, contact_id=contact_id)
    if months in (None, "", KEEP_IN_TOUCH_OFF):
        value = None
    else:
        try:
            value = int(months) if isinstance(months, int | float | str) else -1
        except ValueError:
            value = -1
        if value not in KEEP_IN_TOUCH_CHOICES:
            raise ValidationFailed({"keep_in_touch_months": "Choose every 1, 3, 6 or 12 months, or off."})
    contact.keep_in_touch_months = value
    session.add(contact)
    refresh_contact(session, contact)
    return value
