"""What is due today for one owner, the coming week's meetings, and this week's counts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from app import routes
from app.domain.cards import Card
from app.domain.day_words import day_label
from app.domain.lamp import TOP_FIVE_REASON
from app.domain.local_time import LocalClock
from app.domain.meeting_rules import meeting_ends_at
from app.domain.suggestions import keep_in_touch_reason
from app.domain.vocabulary import CLOSED_STAGES, DraftKind, DueKind, MeetingStatus, TouchKind
from app.models import Contact, Meeting, Organisation, Touch
from app.services.cards import ALREADY_HANDLED, cards_for, catch_up, settle_card
from app.services.contacts import effective_stage
from app.services.errors import ValidationFailed
from app.services.lamp import top_five_ids
from app.services.meetings import MeetingView, upcoming_meetings
from app.services.touches import record_touch

# Enough for any real day; a student with more due than this sees the most urgent first.
DUE_CONTACT_LIMIT = 100
MEETING_DAYS = 7


@dataclass(frozen=True)
class DueKindSpec:
    """How Today shows one kind of due item, and what its one-click actions do.

    A kind the pipeline adds later needs only an entry here; unknown kinds still show, with "Open".
    (Its colour is the page's choice: app/ui/pages/today.py.)
    """

    label: str
    # The composer link: (button text, composer kind).
    write: tuple[str, DraftKind] | None = None
    # The "done" button: (button text, the touch it records today, or None to put the card aside).
    done: tuple[str, TouchKind | None] | None = None
    # A link to the tracker searching the contact's organisation, to find a second person there.
    find_someone_else: bool = False
    # How the item's date reads: "Due since Tue 10 Mar", or for a thank-you "Met Tue 10 Mar".
    since: str = "Due since"
    on_the_day: str = "Due today"


DUE_KINDS: dict[DueKind, DueKindSpec] = {
    DueKind.MEETING_OUTCOME: DueKindSpec(
        "How did it go?", write=("Write thank-you", DraftKind.THANK_YOU), since="Met", on_the_day="Met today",
    ),
    DueKind.THANK_YOU: DueKindSpec(
        "Thank-you due", write=("Write thank-you", DraftKind.THANK_YOU),
        done=("Thank-you sent", TouchKind.THANK_YOU_SENT), since="Met", on_the_day="Met today",
    ),
    DueKind.FOLLOW_UP: DueKindSpec(
        "Follow-up due", write=("Write follow-up", DraftKind.FOLLOW_UP),
        done=("Follow-up sent", TouchKind.FOLLOW_UP_SENT),
    ),
    DueKind.SECOND_CONTACT: DueKindSpec(
        "Try a second contact", find_someone_else=True, done=("Found someone", None),
    ),
    DueKind.REPORT_BACK: DueKindSpec(
        "Report back", write=("Write update", DraftKind.REPORT_BACK),
        done=("Update sent", TouchKind.REPORT_BACK_SENT),
    ),
    DueKind.KEEP_IN_TOUCH: DueKindSpec(
        "Keep in touch", write=("Write a quick update", DraftKind.KEEP_IN_TOUCH),
        done=("Update sent", TouchKind.KEEP_IN_TOUCH_SENT),
    ),
}  # fmt: skip
_FALLBACK = DueKindSpec("Due")


def _spec(kind: object) -> DueKindSpec | None:
    """The spec of a kind, from the pipeline or from a client's payload; None for anything else."""
    if not isinstance(kind, str):
        return None
    try:
        return DUE_KINDS.get(DueKind(kind))
    except ValueError:
        return None


# Most time-sensitive first: a thank-you is due within 24 hours, a keep-in-touch can wait a day.
_KIND_RANK: dict[str, int] = {kind: rank for rank, kind in enumerate(DUE_KINDS)}


@dataclass(frozen=True)
class DueRow:
    """One person's card as Today shows it: exactly what the browser may see."""

    key: str
    contact_id: int
    contact_name: str
    heading: str  # the name, or "How did it go with Maya?"
    context: str  # "UX Researcher at Northwind Health"
    kind: str  # a DueKind
    trigger: str  # what brought the card: a snooze or "not now" is kept for it
    kind_label: str
    reason: str
    due_on: str
    when: str  # "Due today", "Due since Tue 24 Nov"
    overdue: bool
    contact_url: str
    write_label: str
    write_url: str
    done_label: str
    find_label: str
    find_url: str
    # A meeting's card: its notes one click away, and the "How did it go?" answers.
    meeting_id: int
    notes_url: str
    asks_outcome: bool
    # At one of the top five of the student's LAMP list: listed first among cards of its kind.
    top_five: bool = False


@dataclass(frozen=True)
class DueList:
    rows: list[DueRow]
    # True when more contacts were due than Today lists at once.
    truncated: bool


@dataclass(frozen=True)
class MeetingRow:
    """A meeting in the coming week, and whether its brief is ready."""

    id: int
    contact_id: int
    contact_name: str
    when: str  # "Today at 14:30", "Tomorrow at 09:00", "Thu 3 Dec at 10:00"
    where: str
    brief_ready: bool
    prep_url: str
    contact_url: str


@dataclass(frozen=True)
class WeekCounts:
    """This week's activity, Monday to Sunday, against the weekly outreach goal."""

    starts_on: str
    ends_on: str
    label: str  # "Mon 23 Nov to Sun 29 Nov"
    outreach: int
    replies: int
    meetings: int
    goal: int
    percent: int
    progress_text: str


def _when(spec: DueKindSpec, due_on: date, today: date) -> str:
    if due_on >= today:
        return spec.on_the_day
    if due_on == today - timedelta(days=1):
        return f"{spec.since} yesterday"
    return f"{spec.since} {day_label(due_on, today)}"


def _context(role: str, organisation: str) -> str:
    if role and organisation:
        return f"{role} at {organisation}"
    return role or organisation


def _row(contact_id: int, name: str, role: str, organisation: str, card: Card, today: date) -> DueRow:
    spec = _spec(card.kind) or _FALLBACK
    write_label, write_url = "", ""
    if spec.write is not None:
        write_label = spec.write[0]
        write_url = routes.compose_url(contact_id, spec.write[1], meeting_id=card.meeting_id)
    find_label, find_url = "", ""
    if spec.find_someone_else:
        find_label = f"Find someone else at {organisation}" if organisation else "Find someone else"
        find_url = routes.contacts_search_url(organisation)
    asks = card.kind is DueKind.MEETING_OUTCOME
    first_name = name.split()[0] if name.split() else name
    return DueRow(
        key=f"{contact_id}-{card.kind}-{card.trigger}",
        contact_id=contact_id,
        contact_name=name,
        heading=f"How did it go with {first_name}?" if asks else name,
        context=_context(role, organisation),
        kind=card.kind.value,
        trigger=card.trigger,
        kind_label=spec.label,
        reason=card.reason,
        due_on=card.due_on.isoformat(),
        when=_when(spec, card.due_on, today),
        overdue=card.due_on < today,
        contact_url=routes.contact_url(contact_id),
        write_label=write_label,
        write_url=write_url,
        done_label=spec.done[0] if spec.done and not asks else "",
        find_label=find_label,
        find_url=find_url,
        meeting_id=card.meeting_id or 0,
        notes_url=routes.meeting_notes_url(card.meeting_id) if card.meeting_id else "",
        asks_outcome=asks,
    )


def _note_reason(meeting: Meeting) -> str | None:
    return keep_in_touch_reason(
        {
            "assignments": meeting.notes_assignments,
            "advice": meeting.notes_advice,
            "resources": meeting.notes_resources,
            "insights": meeting.notes_insights,
            "trends": meeting.notes_trends,
        }
    )


def _latest_held_meetings(session: Session, owner_id: int, ids: list[int]) -> dict[int, Meeting]:
    """Each contact's latest held meeting: its notes suggest what to say when keeping in touch."""
    latest: dict[int, Meeting] = {}
    meetings = session.exec(
        select(Meeting)
        .where(
            Meeting.owner_id == owner_id,
            col(Meeting.contact_id).in_(ids),
            Meeting.status == MeetingStatus.HELD,
        )
        .order_by(col(Meeting.starts_on))
    ).all()
    for meeting in meetings:
        latest[meeting.contact_id] = meeting
    return latest


def due_today(
    session: Session, *, owner_id: int, clock: LocalClock, limit: int = DUE_CONTACT_LIMIT
) -> DueList:
    """One card per person with something due now (the most pressing), the most time-sensitive kind first."""
    today = clock.today
    catch_up(session, owner_id=owner_id, clock=clock)  # the stored dates this reads must hold today
    closed = [stage.value for stage in CLOSED_STAGES]
    # Six columns: sqlmodel's `select` is typed for at most four, so the statement is built and typed here.
    columns: Select[int, str, str, int | None, str | None, int | None] = Select(
        col(Contact.id),
        col(Contact.name),
        col(Contact.role),
        col(Contact.keep_in_touch_months),
        col(Organisation.name),
        col(Contact.organisation_id),
    )
    # The stored next_due_on is the day of each person's card (caught up above): it finds the
    # candidates; the card rule decides which of them are due now (a meeting's question once it ends).
    candidates = session.exec(
        columns.join(Organisation, col(Contact.organisation_id) == Organisation.id, isouter=True)
        .where(
            Contact.owner_id == owner_id,
            col(Contact.deleted_at).is_(None),
            col(Contact.next_due_on) <= today,
            effective_stage(today).not_in(closed),
        )
        .order_by(col(Contact.next_due_on).desc(), col(Contact.id))
        .limit(limit * 3 + 1)
    ).all()
    ids = [row[0] for row in candidates]
    cards = cards_for(session, owner_id=owner_id, contact_ids=ids, clock=clock)
    due = {cid: card for cid, card in cards.items() if card.is_due(clock)}
    keeping = [cid for cid, card in due.items() if card.kind is DueKind.KEEP_IN_TOUCH]
    held = _latest_held_meetings(session, owner_id, keeping)
    top = set(top_five_ids(session, owner_id=owner_id)) if due else set()
    rows: list[DueRow] = []
    for contact_id, name, role, _months, organisation, organisation_id in candidates:
        card = due.get(contact_id)
        if card is None:
            continue
        if contact_id in held and (why := _note_reason(held[contact_id])):
            card = replace(card, reason=f"{card.reason} {why}")
        at_top = organisation_id in top
        if at_top:
            card = replace(card, reason=f"{card.reason} They're {TOP_FIVE_REASON} ({organisation}).")
        rows.append(replace(_row(contact_id, name, role, organisation or "", card, today), top_five=at_top))
    # Among cards of one kind, people at the student's top five employers come first (the LAMP list).
    rows.sort(
        key=lambda r: (
            _KIND_RANK.get(r.kind, len(_KIND_RANK)),
            not r.top_five,
            r.due_on,
            r.contact_name.lower(),
        )
    )
    truncated = len(rows) > limit or len(candidates) > limit * 3
    return DueList(rows=rows[:limit], truncated=truncated)


def mark_done(
    session: Session, *, owner_id: int, contact_id: object, kind: object, trigger: object, clock: LocalClock
) -> str:
    """The one-click "done" of a card: records its touch today (where one applies). A card since
    handled, in this tab or another, is a calm no-op."""
    spec = _spec(kind)
    if spec is None or spec.done is None:
        raise ValidationFailed({"kind": "That item has no one-click action."})
    current = settle_card(
        session, owner_id=owner_id, contact_id=contact_id, kind=kind, trigger=trigger, clock=clock
    )
    if current is None:
        return ALREADY_HANDLED
    label, touch = spec.done
    if touch is None:
        return f"{label}: noted."
    record_touch(
        session, owner_id=owner_id, contact_id=current[0], kind=touch.value, on=clock.today, today=clock.today
    )
    return f"{label}: noted for today."


def _meeting_when(on: date, at: str, today: date) -> str:
    if on == today:
        day = "Today"
    elif on == today + timedelta(days=1):
        day = "Tomorrow"
    else:
        day = day_label(on, today)
    return f"{day} at {at}" if at else day


def meetings_ahead(
    session: Session, *, owner_id: int, today: date, days: int = MEETING_DAYS, clock: LocalClock | None = None
) -> list[MeetingRow]:
    """Scheduled meetings from today to `days` ahead, soonest first. With the student's `clock`, one that
    has already ended today is left out: it is a "How did it go?" card now, not a meeting ahead."""

    def ended(m: MeetingView) -> bool:
        if clock is None:
            return False
        at = m.at or "23:59"  # no time given: it may still be later today
        end = meeting_ends_at(date.fromisoformat(m.on), at, m.duration_minutes).replace(tzinfo=clock.zone)
        return clock.has_passed(end)

    return [
        MeetingRow(
            id=m.id,
            contact_id=m.contact_id,
            contact_name=m.contact_name,
            when=_meeting_when(date.fromisoformat(m.on), m.at, today),
            where=m.place or ("Video call" if m.video_link else ""),
            brief_ready=m.brief_ready,
            prep_url=routes.meeting_prep_url(m.id),
            contact_url=routes.contact_url(m.contact_id),
        )
        for m in upcoming_meetings(session, owner_id=owner_id, today=today, days=days)
        if not ended(m)
    ]


def week_bounds(today: date) -> tuple[date, date]:
    """Monday and Sunday of the week holding `today`."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def _progress_text(outreach: int, goal: int) -> str:
    emails = "outreach email" if goal == 1 else "outreach emails"
    text = f"{outreach} of {goal} {emails} this week"
    return text + ": goal reached, well done." if outreach >= goal else text


def week_counts(session: Session, *, owner_id: int, today: date, goal: int) -> WeekCounts:
    """Outreach sent, replies and meetings held this week (Monday to Sunday), from the touches."""
    monday, sunday = week_bounds(today)
    kinds = (TouchKind.OUTREACH_SENT, TouchKind.REPLY_RECEIVED, TouchKind.MEETING_HELD)
    counts = dict(
        session.exec(
            select(Touch.kind, func.count())
            .join(Contact, col(Contact.id) == Touch.contact_id)
            .where(
                Touch.owner_id == owner_id,
                col(Contact.deleted_at).is_(None),
                col(Touch.kind).in_([kind.value for kind in kinds]),
                col(Touch.happened_on) >= monday,
                col(Touch.happened_on) <= sunday,
            )
            .group_by(Touch.kind)
        ).all()
    )
    outreach = counts.get(TouchKind.OUTREACH_SENT.value, 0)
    goal = max(goal, 1)
    return WeekCounts(
        starts_on=monday.isoformat(),
        ends_on=sunday.isoformat(),
        label=f"{day_label(monday, today)} to {day_label(sunday, today)}",
        outreach=outreach,
        replies=counts.get(TouchKind.REPLY_RECEIVED.value, 0),
        meetings=counts.get(TouchKind.MEETING_HELD.value, 0),
        goal=goal,
        percent=min(100, round(100 * outreach / goal)),
        progress_text=_progress_text(outreach, goal),
    )
