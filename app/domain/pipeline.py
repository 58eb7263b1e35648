"""The pipeline and the 3B7 follow-up routine, derived from a contact's dated touches."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from app.domain.day_words import day_time_label
from app.domain.vocabulary import CLOSED_STAGES, DueKind, Stage, TouchKind

__all__ = [
    "BOOSTER_WITHIN_BUSINESS_DAYS",
    "DEFAULT_KEEP_IN_TOUCH_MONTHS",
    "FOLLOW_UP_AFTER_BUSINESS_DAYS",
    "QUIET_AFTER_FOLLOW_UP_BUSINESS_DAYS",
    "SECOND_CONTACT_AFTER_BUSINESS_DAYS",
    "THANK_YOU_WITHIN",
    "DueItem",
    "DueKind",
    "FollowUpPlan",
    "Responsiveness",
    "TouchFact",
    "add_business_days",
    "business_days_between",
    "derive_stage",
    "due_items",
    "follow_up_plan",
    "keep_in_touch_due_on",
    "next_due_on",
    "planned_items",
    "responsiveness",
    "thank_you_deadline",
]

SECOND_CONTACT_AFTER_BUSINESS_DAYS = 3
FOLLOW_UP_AFTER_BUSINESS_DAYS = 7
QUIET_AFTER_FOLLOW_UP_BUSINESS_DAYS = 7
BOOSTER_WITHIN_BUSINESS_DAYS = 3
THANK_YOU_WITHIN = timedelta(hours=24)
DEFAULT_KEEP_IN_TOUCH_MONTHS = 3

Responsiveness = Literal["booster", "obligate"]

# Same-day items are listed most time-sensitive first.
_KIND_ORDER: tuple[DueKind, ...] = (
    DueKind.THANK_YOU,
    DueKind.FOLLOW_UP,
    DueKind.SECOND_CONTACT,
    DueKind.REPORT_BACK,
    DueKind.KEEP_IN_TOUCH,
)

_STAGE_AFTER: dict[TouchKind, Stage] = {
    TouchKind.DECLINED: Stage.DECLINED,
    TouchKind.MEETING_SCHEDULED: Stage.MEETING_SCHEDULED,
    TouchKind.MEETING_HELD: Stage.MET,
    TouchKind.THANK_YOU_SENT: Stage.THANKED,
    TouchKind.REPORT_BACK_SENT: Stage.KEEPING_IN_TOUCH,
    TouchKind.KEEP_IN_TOUCH_SENT: Stage.KEEPING_IN_TOUCH,
}

# Once a meeting is arranged, a reply or a nudge is just conversation: it must not send the
# contact back to "replied" or start a no-reply clock that would drop them from the day.
_MEETING_STAGES: frozenset[Stage] = frozenset(
    {Stage.MEETING_SCHEDULED, Stage.MET, Stage.THANKED, Stage.KEEPING_IN_TOUCH}
)
_CONVERSATION: frozenset[TouchKind] = frozenset({TouchKind.REPLY_RECEIVED, TouchKind.FOLLOW_UP_SENT})
_STAYING_IN_TOUCH: frozenset[Stage] = frozenset({Stage.THANKED, Stage.KEEPING_IN_TOUCH})

_SECOND_CONTACT_REASON = (
    "No reply after 3 business days, which is normal: meanwhile, try a second person "
    "at the same organisation."
)
_FOLLOW_UP_REASON = "No reply after 7 business days: a short, friendly follow-up is due."
_MANUAL_FOLLOW_UP_REASON = "You marked this contact for a follow-up: a short, friendly note is due."
_REPORT_BACK_REASON = (
    "You met someone they suggested: a short report-back tells them their introduction helped."
)
# Touches that belong on the timeline but do not move the contact along the pipeline.
_NO_MOVE: frozenset[TouchKind] = frozenset({TouchKind.NOTE, TouchKind.REFERRAL_MET})


_SATURDAY = 5  # date.weekday() numbering: Monday is 0
_WORKWEEK = 5


def _day(value: date) -> date:
    # datetime subclasses date but refuses to compare with one; the rules count whole days.
    return value.date() if isinstance(value, datetime) else value


@dataclass(frozen=True)
class TouchFact:
    """One dated touch, as the pipeline sees it; `stage` matters only for STAGE_SET."""

    kind: TouchKind
    on: date
    stage: Stage | None = None

    def __post_init__(self) -> None:
        if self.kind is TouchKind.STAGE_SET and self.stage is None:
            raise ValueError("A stage_set touch needs the stage it moves the contact to.")
        object.__setattr__(self, "on", _day(self.on))


@dataclass(frozen=True)
class FollowUpPlan:
    """The 3B7 dates for a contact's unanswered outreach; None where they do not apply."""

    outreach_on: date | None = None
    second_contact_on: date | None = None
    follow_up_due_on: date | None = None
    quiet_on: date | None = None
    responsiveness: Responsiveness | None = None


@dataclass(frozen=True)
class DueItem:
    """Something the student should do for a contact, and since when."""

    kind: DueKind
    due_on: date
    reason: str


def _weekdays_through(day: date) -> int:
    # Ordinal 1 (1 Jan of year 1) is a Monday, so whole weeks of ordinals hold 5 weekdays each.
    weeks, extra = divmod(day.toordinal(), 7)
    return weeks * _WORKWEEK + min(extra, _WORKWEEK)


def business_days_between(start: date, end: date) -> int:
    """Business days after `start` up to and including `end`; negative when `end` is earlier."""
    return _weekdays_through(_day(end)) - _weekdays_through(_day(start))


def add_business_days(start: date, n: int) -> date:
    """The date `n` business days (Monday to Friday) after `start`, or before it if `n` < 0."""
    start = _day(start)
    if n == 0:
        return start
    step = 1 if n > 0 else -1
    # A weekend start counts like the adjacent weekday on the side we move away from
    # (Friday going forward, Monday going back), which makes whole weeks exactly 7 days.
    anchor = start
    while anchor.weekday() >= _SATURDAY:
        anchor -= timedelta(days=step)
    weeks, remaining = divmod(abs(n), _WORKWEEK)
    day = anchor + timedelta(weeks=weeks * step)
    while remaining:
        day += timedelta(days=step)
        if day.weekday() < _SATURDAY:
            remaining -= 1
    return day


def thank_you_deadline(meeting_end: datetime) -> datetime:
    """When the thank-you should have gone: 24 hours after the meeting ended."""
    if meeting_end.tzinfo is None:
        return meeting_end + THANK_YOU_WITHIN
    # Aware arithmetic adds wall-clock time; going through UTC keeps it 24 real hours across DST.
    return (meeting_end.astimezone(UTC) + THANK_YOU_WITHIN).astimezone(meeting_end.tzinfo)


def keep_in_touch_due_on(last_touch_on: date, months: int) -> date:
    """`months` calendar months after the last touch, clamped to the end of a shorter month."""
    last_touch_on = _day(last_touch_on)
    month_index = last_touch_on.month - 1 + months
    year = last_touch_on.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(last_touch_on.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class _Clock:
    """An ask still waiting for an answer, and the 3B7 dates that follow from it."""

    outreach_on: date | None
    follow_up_due_on: date | None
    follow_up_sent_on: date | None = None
    # True when the student brought the follow-up forward by hand, so the reason must not
    # claim seven quiet business days.
    marked: bool = False

    @classmethod
    def from_outreach(cls, on: date) -> _Clock:
        return cls(on, add_business_days(on, FOLLOW_UP_AFTER_BUSINESS_DAYS))

    @property
    def second_contact_on(self) -> date | None:
        if self.outreach_on is None:
            return None
        return add_business_days(self.outreach_on, SECOND_CONTACT_AFTER_BUSINESS_DAYS)

    @property
    def quiet_on(self) -> date | None:
        if self.follow_up_sent_on is None:
            return None
        return add_business_days(self.follow_up_sent_on, QUIET_AFTER_FOLLOW_UP_BUSINESS_DAYS)


def _known_by(touches: Iterable[TouchFact], today: date) -> list[TouchFact]:
    # sorted() is stable, so same-day touches keep the order they were recorded in.
    return sorted((t for t in touches if t.on <= today), key=lambda t: t.on)


def _classify_reply(outreach_on: date, reply_on: date) -> Responsiveness:
    days = business_days_between(outreach_on, reply_on)
    return "booster" if days <= BOOSTER_WITHIN_BUSINESS_DAYS else "obligate"


def _clock_after_manual_move(stage: Stage, on: date, clock: _Clock | None) -> _Clock | None:
    if stage is Stage.REACHED_OUT:
        # Carrying the old clock over would re-derive the very stage the student moved away from.
        return _Clock.from_outreach(on)
    if stage is Stage.FOLLOW_UP_DUE:
        if clock is None:
            return _Clock(None, on, marked=True)
        if clock.follow_up_due_on is not None and clock.follow_up_due_on <= on:
            # Due by the count already: keep the honest reason, and ask for a fresh follow-up.
            return replace(clock, follow_up_sent_on=None)
        return _Clock(clock.outreach_on, on, marked=True)
    return None


@dataclass
class _Walk:
    """What a contact's touches add up to, before today's date is applied to the clock."""

    # Where the touches left the contact; while a clock runs, the dates refine it.
    stage: Stage = Stage.TO_CONTACT
    clock: _Clock | None = None
    responsiveness: Responsiveness | None = None
    unthanked_meeting_on: date | None = None
    # The first referral met since the last report-back, if any.
    report_back_owed_on: date | None = None
    last_touch_on: date | None = None

    @classmethod
    def of(cls, touches: Iterable[TouchFact], today: date) -> _Walk:
        walk = cls()
        for touch in _known_by(touches, today):
            walk.last_touch_on = touch.on
            walk._track_thanks(touch)
            walk._track_report_back(touch)
            walk._move(touch)
        return walk

    def _track_report_back(self, touch: TouchFact) -> None:
        if touch.kind is TouchKind.REFERRAL_MET and self.report_back_owed_on is None:
            self.report_back_owed_on = touch.on
        elif touch.kind is TouchKind.REPORT_BACK_SENT:
            self.report_back_owed_on = None

    def _track_thanks(self, touch: TouchFact) -> None:
        if touch.kind is TouchKind.MEETING_HELD:
            self.unthanked_meeting_on = touch.on
        elif touch.kind is TouchKind.THANK_YOU_SENT or (
            touch.kind is TouchKind.STAGE_SET and touch.stage in _STAYING_IN_TOUCH
        ):
            self.unthanked_meeting_on = None

    def _move(self, touch: TouchFact) -> None:
        kind, clock = touch.kind, self.clock
        if kind in _NO_MOVE:
            return
        if kind in _CONVERSATION and self.stage in _MEETING_STAGES:
            return
        match kind:
            case TouchKind.OUTREACH_SENT:
                self.stage, self.clock = Stage.REACHED_OUT, _Clock.from_outreach(touch.on)
            case TouchKind.FOLLOW_UP_SENT:
                self.stage = Stage.REACHED_OUT
                self.clock = (
                    _Clock(None, None, touch.on)
                    if clock is None
                    else replace(clock, follow_up_sent_on=touch.on)
                )
            case TouchKind.REPLY_RECEIVED:
                if clock is not None and clock.outreach_on is not None:
                    self.responsiveness = _classify_reply(clock.outreach_on, touch.on)
                self.stage, self.clock = Stage.REPLIED, None
            case TouchKind.STAGE_SET:
                assert touch.stage is not None  # enforced by TouchFact
                self.stage = touch.stage
                self.clock = _clock_after_manual_move(touch.stage, touch.on, clock)
            case _:
                self.stage, self.clock = _STAGE_AFTER[kind], None


def _stage_on(walk: _Walk, today: date) -> Stage:
    clock = walk.clock
    if clock is None:
        return walk.stage
    if clock.quiet_on is not None:
        return Stage.NO_REPLY if today >= clock.quiet_on else Stage.REACHED_OUT
    if clock.follow_up_due_on is not None and today >= clock.follow_up_due_on:
        return Stage.FOLLOW_UP_DUE
    return Stage.REACHED_OUT


def derive_stage(touches: Iterable[TouchFact], today: date) -> Stage:
    """Where the contact stands on `today`, from its touches up to that day."""
    today = _day(today)
    return _stage_on(_Walk.of(touches, today), today)


def responsiveness(touches: Iterable[TouchFact], today: date) -> Responsiveness | None:
    """How the latest answered outreach was answered: within 3 business days is a booster."""
    return _Walk.of(touches, _day(today)).responsiveness


def follow_up_plan(touches: Iterable[TouchFact], today: date) -> FollowUpPlan:
    """The 3B7 dates for the latest unanswered outreach, including ones still ahead."""
    walk = _Walk.of(touches, _day(today))
    clock = walk.clock
    if clock is None:
        return FollowUpPlan(responsiveness=walk.responsiveness)
    return FollowUpPlan(
        outreach_on=clock.outreach_on,
        second_contact_on=clock.second_contact_on,
        follow_up_due_on=clock.follow_up_due_on,
        quiet_on=clock.quiet_on,
        responsiveness=walk.responsiveness,
    )


def _thank_you_reason(meeting_ended_at: datetime | None, today: date) -> str:
    if meeting_ended_at is None:
        return "Your meeting is done: a short thank-you within 24 hours leaves a good impression."
    deadline = thank_you_deadline(meeting_ended_at)
    if deadline.date() < today:
        return "A thank-you is still worth sending, even a little late: share what you learned."
    by = day_time_label(deadline, today)
    return f"Your meeting is done: a short thank-you by {by} leaves a good impression."


def _keep_in_touch_reason(months: int) -> str:
    span = "a month" if months == 1 else f"{months} months"
    return f"It has been {span} since you were last in touch: a quick update keeps things warm."


def _all_items(
    touches: Iterable[TouchFact],
    today: date,
    meeting_ended_at: datetime | None,
    keep_in_touch_months: int | None,
) -> list[DueItem]:
    if keep_in_touch_months is not None and keep_in_touch_months < 1:
        raise ValueError("keep_in_touch_months must be at least 1, or None to turn reminders off.")
    walk = _Walk.of(touches, today)
    stage = _stage_on(walk, today)
    if stage in CLOSED_STAGES:
        return []

    items: list[DueItem] = []
    clock = walk.clock
    if clock is not None and clock.follow_up_sent_on is None:
        if clock.second_contact_on is not None:
            items.append(DueItem(DueKind.SECOND_CONTACT, clock.second_contact_on, _SECOND_CONTACT_REASON))
        if clock.follow_up_due_on is not None:
            reason = _MANUAL_FOLLOW_UP_REASON if clock.marked else _FOLLOW_UP_REASON
            items.append(DueItem(DueKind.FOLLOW_UP, clock.follow_up_due_on, reason))
    if walk.unthanked_meeting_on is not None:
        reason = _thank_you_reason(meeting_ended_at, today)
        items.append(DueItem(DueKind.THANK_YOU, walk.unthanked_meeting_on, reason))
    if walk.report_back_owed_on is not None:
        items.append(DueItem(DueKind.REPORT_BACK, walk.report_back_owed_on, _REPORT_BACK_REASON))
    months = keep_in_touch_months
    if months is not None and stage in _STAYING_IN_TOUCH and walk.last_touch_on is not None:
        due_on = keep_in_touch_due_on(walk.last_touch_on, months)
        items.append(DueItem(DueKind.KEEP_IN_TOUCH, due_on, _keep_in_touch_reason(months)))
    return sorted(items, key=lambda item: (item.due_on, _KIND_ORDER.index(item.kind)))


def planned_items(
    touches: Iterable[TouchFact],
    today: date,
    *,
    meeting_ended_at: datetime | None = None,
    keep_in_touch_months: int | None = DEFAULT_KEEP_IN_TOUCH_MONTHS,
) -> list[DueItem]:
    """Every item the touches known by `today` call for, due already or still ahead, oldest first."""
    return _all_items(touches, _day(today), meeting_ended_at, keep_in_touch_months)


def due_items(
    touches: Iterable[TouchFact],
    today: date,
    *,
    meeting_ended_at: datetime | None = None,
    keep_in_touch_months: int | None = DEFAULT_KEEP_IN_TOUCH_MONTHS,
) -> list[DueItem]:
    """What is due for one contact on or before `today`, oldest first; none once closed."""
    today = _day(today)
    items = _all_items(touches, today, meeting_ended_at, keep_in_touch_months)
    return [item for item in items if item.due_on <= today]


def next_due_on(
    touches: Iterable[TouchFact],
    today: date,
    *,
    meeting_ended_at: datetime | None = None,
    keep_in_touch_months: int | None = DEFAULT_KEEP_IN_TOUCH_MONTHS,
) -> date | None:
    """The earliest date something is due for this contact, even if past or still ahead."""
    items = _all_items(touches, _day(today), meeting_ended_at, keep_in_touch_months)
    return min((item.due_on for item in items), default=None)
