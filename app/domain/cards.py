"""Today's card for one person: the most pressing thing due, derived from touches, meetings and the clock.

This is the one answer to "what is next for this contact, and when": Today shows the card once it is
due, and the tracker's "Next due" and the contact page show its date. Every rule below is dated, so a
card retires by itself when its reason is gone or its time has passed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from app.domain import pipeline
from app.domain.day_words import day_label, day_time_label
from app.domain.local_time import LocalClock
from app.domain.pipeline import TouchFact
from app.domain.vocabulary import DueKind, MeetingStatus, TouchKind

__all__ = [
    "CARD_LIFETIME_DAYS",
    "Card",
    "CardAnswer",
    "MeetingFact",
    "card_for",
    "card_window",
    "presumed_facts",
    "thank_you_countdown",
]

# How long a card may wait on the list before its moment has passed (calendar days after it is due).
# A follow-up lasts as long as the quiet period a sent one would have had; a second contact only
# until the follow-up itself is due.
CARD_LIFETIME_DAYS: dict[DueKind, int] = {
    DueKind.MEETING_OUTCOME: 7,
    DueKind.THANK_YOU: 7,
    DueKind.FOLLOW_UP: 14,
    DueKind.REPORT_BACK: 30,
    DueKind.KEEP_IN_TOUCH: 30,
}

# Most pressing first: the question about a meeting just held, then its thank-you, then the 3B7 clock.
_RANK: tuple[DueKind, ...] = (
    DueKind.MEETING_OUTCOME,
    DueKind.THANK_YOU,
    DueKind.FOLLOW_UP,
    DueKind.SECOND_CONTACT,
    DueKind.REPORT_BACK,
    DueKind.KEEP_IN_TOUCH,
)


@dataclass(frozen=True)
class MeetingFact:
    """A meeting as the rules see it: when it ends (aware) and what the student said of it."""

    id: int
    ends_at: datetime
    status: MeetingStatus


@dataclass(frozen=True)
class CardAnswer:
    """A card the student snoozed (until a day) or put aside ("Not now", or done without a touch)."""

    kind: str
    trigger: str
    snoozed_until: date | None = None  # None: dismissed


@dataclass(frozen=True)
class Card:
    """The one card for a person. `trigger` names what brought it, so an answer to it lapses once
    something new happens (a new outreach, a new meeting, a new touch)."""

    kind: DueKind
    due_on: date
    reason: str
    trigger: str
    meeting_id: int | None = None
    # For a meeting's question: it shows only once the meeting has ended.
    not_before: datetime | None = None
    thank_you_by: datetime | None = None
    snoozed: bool = False

    def is_due(self, clock: LocalClock) -> bool:
        if self.due_on > clock.today:
            return False
        return self.not_before is None or clock.has_passed(self.not_before)


def _local_day(moment: datetime, clock: LocalClock) -> date:
    return moment.astimezone(clock.zone).date()


def _meeting_trigger(meeting: MeetingFact) -> str:
    # The end is part of the key: a meeting moved to a new time is something new.
    return f"meeting-{meeting.id}-{meeting.ends_at.astimezone(UTC):%Y%m%d%H%M}"


def presumed_facts(
    facts: Iterable[TouchFact], meetings: Iterable[MeetingFact], clock: LocalClock
) -> list[TouchFact]:
    """The touches, plus a held meeting for each one whose end has passed without an answer."""
    presumed = [
        TouchFact(TouchKind.MEETING_HELD, _local_day(m.ends_at, clock))
        for m in meetings
        if m.status is MeetingStatus.SCHEDULED and clock.has_passed(m.ends_at)
    ]
    return sorted([*facts, *presumed], key=lambda fact: fact.on)


def thank_you_countdown(deadline: datetime, clock: LocalClock) -> str:
    """ "by Thu 3 Dec, 10:20 (23 hours left)", as the student's clock reads it."""
    local = deadline.astimezone(clock.zone)
    by = day_time_label(local, clock.today)
    # Through UTC: two datetimes of the same zone subtract as wall clocks, an hour off across DST.
    left = deadline.astimezone(UTC) - clock.now.astimezone(UTC)
    if left <= timedelta(0):
        return f"by {by}"
    hours = int(left.total_seconds() // 3600)
    span = "less than an hour" if hours < 1 else ("1 hour" if hours == 1 else f"{hours} hours")
    return f"by {by} ({span} left)"


def _latest_ended(meetings: Sequence[MeetingFact], clock: LocalClock) -> MeetingFact | None:
    ended = [
        m
        for m in meetings
        if m.status is MeetingStatus.HELD
        or (m.status is MeetingStatus.SCHEDULED and clock.has_passed(m.ends_at))
    ]
    return max(ended, key=lambda m: m.ends_at, default=None)


def _thank_you_card(item: pipeline.DueItem, meeting: MeetingFact | None, clock: LocalClock) -> Card:
    if meeting is None:
        return Card(DueKind.THANK_YOU, item.due_on, item.reason, item.due_on.isoformat())
    deadline = pipeline.thank_you_deadline(meeting.ends_at)
    if meeting.status is MeetingStatus.SCHEDULED:
        ended = f"Your meeting ended {day_label(_local_day(meeting.ends_at, clock), clock.today)}."
        if clock.has_passed(deadline):
            reason = f"{ended} If it happened, a thank-you is still worth sending, even a little late."
        else:
            countdown = thank_you_countdown(deadline, clock)
            reason = f"{ended} If it happened, a short thank-you {countdown} leaves a good impression."
        return Card(
            DueKind.MEETING_OUTCOME,
            item.due_on,
            reason,
            _meeting_trigger(meeting),
            meeting_id=meeting.id,
            not_before=meeting.ends_at,
            thank_you_by=deadline,
        )
    if not clock.has_passed(deadline):
        reason = f"A short thank-you {thank_you_countdown(deadline, clock)} leaves a good impression."
    else:
        reason = "A thank-you is still worth sending, even a little late: share what you learned."
    return Card(
        DueKind.THANK_YOU,
        item.due_on,
        reason,
        _meeting_trigger(meeting),
        meeting_id=meeting.id,
        thank_you_by=deadline,
    )


def _upcoming_question(meetings: Sequence[MeetingFact], clock: LocalClock) -> Card | None:
    """The next scheduled meeting's question, not shown before the meeting ends: its date is "Next due"."""
    ahead = [m for m in meetings if m.status is MeetingStatus.SCHEDULED and not clock.has_passed(m.ends_at)]
    meeting = min(ahead, key=lambda m: m.ends_at, default=None)
    if meeting is None:
        return None
    return Card(
        DueKind.MEETING_OUTCOME,
        _local_day(meeting.ends_at, clock),
        "Your meeting is coming up: Rapport asks how it went once it's over.",
        _meeting_trigger(meeting),
        meeting_id=meeting.id,
        not_before=meeting.ends_at,
        thank_you_by=pipeline.thank_you_deadline(meeting.ends_at),
    )


def _expires_on(kind: DueKind, due_on: date, follow_up_due_on: date | None) -> date | None:
    if kind is DueKind.SECOND_CONTACT:
        # Once the follow-up is due, that is the card; the suggestion's moment has gone.
        return follow_up_due_on
    days = CARD_LIFETIME_DAYS.get(kind)
    return None if days is None else due_on + timedelta(days=days)


def _keep_in_touch_rolled(item: pipeline.DueItem, months: int | None, today: date) -> pipeline.DueItem:
    # A reminder left alone for its whole lifetime comes round again a cycle later, not never.
    if months is None:
        return item
    due_on = item.due_on
    while today >= due_on + timedelta(days=CARD_LIFETIME_DAYS[DueKind.KEEP_IN_TOUCH]):
        due_on = pipeline.keep_in_touch_due_on(due_on, months)
    return replace(item, due_on=due_on)


def _candidates(
    facts: Sequence[TouchFact],
    meetings: Sequence[MeetingFact],
    clock: LocalClock,
    keep_in_touch_months: int | None,
    colleague_outreach: Iterable[date],
) -> list[Card]:
    today = clock.today
    all_facts = presumed_facts(facts, meetings, clock)
    latest = _latest_ended(meetings, clock)
    items = pipeline.planned_items(
        all_facts,
        today,
        meeting_ended_at=latest.ends_at if latest else None,
        keep_in_touch_months=keep_in_touch_months,
    )
    plan = pipeline.follow_up_plan(all_facts, today)
    follow_up_due_on = next((i.due_on for i in items if i.kind is DueKind.FOLLOW_UP), None)
    # Someone else at the organisation written to in the same round (from a follow-up's span before
    # this outreach onwards) already is the second contact: this one may be the second itself.
    round_start = (
        None
        if plan.outreach_on is None
        else pipeline.add_business_days(plan.outreach_on, -pipeline.FOLLOW_UP_AFTER_BUSINESS_DAYS)
    )
    reached_colleague = round_start is not None and any(on >= round_start for on in colleague_outreach)
    cards: list[Card] = []
    for item in items:
        if item.kind is DueKind.SECOND_CONTACT and reached_colleague:
            continue  # someone else at the organisation has been written to: done already
        if item.kind is DueKind.KEEP_IN_TOUCH:
            item = _keep_in_touch_rolled(item, keep_in_touch_months, today)
        expires_on = _expires_on(DueKind(item.kind), item.due_on, follow_up_due_on)
        if expires_on is not None and today >= expires_on:
            continue
        if item.kind is DueKind.THANK_YOU:
            cards.append(_thank_you_card(item, latest, clock))
        else:
            cards.append(Card(DueKind(item.kind), item.due_on, item.reason, item.due_on.isoformat()))
    upcoming = _upcoming_question(meetings, clock)
    if upcoming is not None:
        cards.append(upcoming)
    return cards


def _answered(card: Card, answers: dict[tuple[str, str], CardAnswer], today: date) -> Card | None:
    answer = answers.get((card.kind.value, card.trigger))
    if answer is None:
        return card
    if answer.snoozed_until is None:
        return None
    if answer.snoozed_until > today and answer.snoozed_until > card.due_on:
        return replace(card, due_on=answer.snoozed_until, snoozed=True)
    return card


def card_for(
    facts: Sequence[TouchFact],
    meetings: Sequence[MeetingFact],
    clock: LocalClock,
    *,
    keep_in_touch_months: int | None = pipeline.DEFAULT_KEEP_IN_TOUCH_MONTHS,
    colleague_outreach: Iterable[date] = (),
    answers: Iterable[CardAnswer] = (),
) -> Card | None:
    """This person's card: the most pressing one due now, else the next one ahead; None when nothing is.

    `colleague_outreach` holds the days outreach went to other people at the same organisation;
    `answers` the snoozes and "not now"s, each for the card (kind and trigger) it was given to.
    """
    by_key = {(a.kind, a.trigger): a for a in answers}
    cards = [
        answered
        for card in _candidates(facts, meetings, clock, keep_in_touch_months, colleague_outreach)
        if (answered := _answered(card, by_key, clock.today)) is not None
    ]
    due = [card for card in cards if card.is_due(clock)]
    if due:
        return min(due, key=lambda c: (_RANK.index(c.kind), c.due_on))
    return min(cards, key=lambda c: (c.due_on, _RANK.index(c.kind)), default=None)


def card_window(
    facts: Sequence[TouchFact],
    meetings: Sequence[MeetingFact],
    clock: LocalClock,
    *,
    keep_in_touch_months: int | None = pipeline.DEFAULT_KEEP_IN_TOUCH_MONTHS,
    colleague_outreach: Iterable[date] = (),
    answers: Iterable[CardAnswer] = (),
) -> tuple[date | None, date | None]:
    """The days `(from, until)` on which `card_for` and the presumed-held meetings answer as they do on
    `clock`'s day: valid while `from <= day < until` (None: no bound that way).

    The rules compare the day only with the dates collected here (a touch's day, the 3B7 dates, each
    candidate's due day and end of life, a snooze's day, a meeting's end), so between two of them nothing
    can change; the tracker stores the card's date and stage with this window and derives them again
    once the day leaves it (app/services/cards.py, `catch_up`).
    """
    today = clock.today
    all_facts = presumed_facts(facts, meetings, clock)
    before: list[date] = []
    ahead: list[date] = []
    plan = pipeline.follow_up_plan(all_facts, today)
    dated: list[date | None] = [fact.on for fact in all_facts]
    dated += [plan.second_contact_on, plan.follow_up_due_on, plan.quiet_on]
    latest = _latest_ended(meetings, clock)
    items = pipeline.planned_items(
        all_facts,
        today,
        meeting_ended_at=latest.ends_at if latest else None,
        keep_in_touch_months=keep_in_touch_months,
    )
    follow_up_due_on = next((i.due_on for i in items if i.kind is DueKind.FOLLOW_UP), None)
    for item in items:
        dated.append(item.due_on)
        if item.kind is DueKind.KEEP_IN_TOUCH and keep_in_touch_months is not None:
            # Each cycle it rolled through is a day the answer changed: the latest is where it holds from.
            rolled = _keep_in_touch_rolled(item, keep_in_touch_months, today)
            due_on = item.due_on
            while due_on < rolled.due_on:
                dated.append(due_on + timedelta(days=CARD_LIFETIME_DAYS[DueKind.KEEP_IN_TOUCH]))
                due_on = pipeline.keep_in_touch_due_on(due_on, keep_in_touch_months)
            item = rolled
            dated.append(item.due_on)
        dated.append(_expires_on(DueKind(item.kind), item.due_on, follow_up_due_on))
    dated.extend(answer.snoozed_until for answer in answers)
    for day in dated:
        if day is not None:
            (before if day <= today else ahead).append(day)
    for meeting in meetings:
        if meeting.status is not MeetingStatus.SCHEDULED:
            continue
        # A meeting's end is a moment, not a day: on its day the answer depends on the hour, so the
        # window leaves that whole day out (on it the tracker derives the answer at every read).
        end_day = _local_day(meeting.ends_at, clock)
        if clock.has_passed(meeting.ends_at):
            before.append(end_day + timedelta(days=1))
        else:
            ahead.append(end_day)
    return max(before, default=None), min(ahead, default=None)
