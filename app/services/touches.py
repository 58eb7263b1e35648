"""The timeline: recording touches, and keeping each contact's derived stage and dates in step with them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlmodel import Session, col, select

from app.domain.day_words import day_label
from app.domain.meeting_rules import meeting_ends_at
from app.domain.pipeline import (
    FollowUpPlan,
    TouchFact,
    derive_stage,
    follow_up_plan,
    next_due_on,
    responsiveness,
)
from app.domain.times import as_utc
from app.domain.vocabulary import TOUCH_LABELS, MeetingStatus, Stage, TouchKind
from app.models import Contact, Meeting, Touch
from app.services.contacts import owned_contact
from app.services.errors import NotFound, ValidationFailed
from app.services.ids import as_id
from app.services.outreach_marks import note_outreach

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


def _latest_meeting_end(session: Session, contact_id: int) -> datetime | None:
    meeting = session.exec(
        select(Meeting)
        .where(Meeting.contact_id == contact_id, Meeting.status == MeetingStatus.HELD)
        .order_by(col(Meeting.starts_on).desc())
    ).first()
    return None if meeting is None else meeting_ended_at(meeting)


def meeting_end(meeting: Meeting, zone: tzinfo = UTC) -> datetime:
    """When the meeting is planned to end (its date, time and length), in the student's zone."""
    return meeting_ends_at(meeting.starts_on, meeting.starts_at_time, meeting.duration_minutes).replace(
        tzinfo=zone
    )


def meeting_ended_at(meeting: Meeting, zone: tzinfo = UTC) -> datetime:
    """When the meeting ended: as recorded when it was held, else as planned."""
    return as_utc(meeting.ended_at) if meeting.ended_at is not None else meeting_end(meeting, zone)


def _earliest_open_meeting_on(session: Session, contact_id: int) -> date | None:
    """The day of the first meeting nobody has answered for yet: its "How did it go?" is due then."""
    meeting = session.exec(
        select(Meeting)
        .where(Meeting.contact_id == contact_id, Meeting.status == MeetingStatus.SCHEDULED)
        .order_by(col(Meeting.starts_on))
    ).first()
    return None if meeting is None else meeting.starts_on


def refresh_contact(session: Session, contact: Contact) -> None:
    """Re-derives the stored stage and dates from the touches (see `effective_stage` for the rest)."""
    assert contact.id is not None
    facts = facts_for(session, contact.id)
    meeting_on = _earliest_open_meeting_on(session, contact.id)
    if not facts:
        contact.stage = Stage.TO_CONTACT.value
        contact.last_touch_on = contact.follow_up_due_on = contact.quiet_on = None
        contact.next_due_on = meeting_on
        session.add(contact)
        return
    # Derived as of the latest touch, so the stored stage does not depend on when it was written;
    # the dates below move it on as time passes.
    as_of = max(fact.on for fact in facts)
    plan = follow_up_plan(facts, as_of)
    contact.stage = derive_stage(facts, as_of).value
    contact.last_touch_on = as_of
    waiting_for_follow_up = plan.follow_up_due_on is not None and plan.quiet_on is None
    contact.follow_up_due_on = plan.follow_up_due_on if waiting_for_follow_up else None
    contact.quiet_on = plan.quiet_on
    # The earliest day any card could be due: Today reads its candidates by it, and
    # app/domain/cards.py decides, for the day, which card (if any) that is.
    planned = next_due_on(
        facts,
        as_of,
        meeting_ended_at=_latest_meeting_end(session, contact.id),
        keep_in_touch_months=contact.keep_in_touch_months,
    )
    contact.next_due_on = min((d for d in (planned, meeting_on) if d is not None), default=None)
    session.add(contact)


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
    refresh_contact(session, contact)
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
    touch.kind, touch.happened_on, touch.summary = new_kind.value, on, summary.strip()
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
    assert touch.id is not None
    kept = DeletedTouch(
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
    session.delete(touch)
    session.flush()
    refresh_contact(session, owned_contact(session, owner_id=owner_id, contact_id=kept.contact_id))
    session.flush()
    return kept


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


# "Twice in a row": the same kind as the contact's latest entry, logged within this long of it.
REPEAT_WINDOW = timedelta(hours=12)


def repeated_touch(session: Session, *, owner_id: int, contact_id: object, kind: str, now: datetime) -> str:
    """The question to ask when this touch repeats the contact's latest one; "" when it does not."""
    contact = owned_contact(session, owner_id=owner_id, contact_id=contact_id)
    latest = session.exec(
        select(Touch)
        .where(Touch.contact_id == contact.id, Touch.owner_id == owner_id)
        .order_by(col(Touch.created_at).desc(), col(Touch.id).desc())
    ).first()
    if latest is None or latest.kind != kind or kind == TouchKind.NOTE.value:
        return ""
    ago = as_utc(now) - as_utc(latest.created_at)
    if ago > REPEAT_WINDOW or ago < -REPEAT_WINDOW:
        return ""
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
