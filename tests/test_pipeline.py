"""Behaviour of the pipeline: business days, 3B7, stages, thank-yous and keeping in touch."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

from app.domain.pipeline import (
    DueItem,
    FollowUpPlan,
    TouchFact,
    add_business_days,
    business_days_between,
    derive_stage,
    due_items,
    follow_up_plan,
    keep_in_touch_due_on,
    next_due_on,
    responsiveness,
    thank_you_deadline,
)
from app.domain.vocabulary import DueKind, Stage, TouchKind

K = TouchKind


def mar(day: int) -> date:
    """A day in March 2025, whose weeks run: Mon 3, 10, 17, 24, 31 (weekends 8-9, 15-16, 22-23)."""
    return date(2025, 3, day)


def touch(kind: TouchKind, on: date, stage: Stage | None = None) -> TouchFact:
    return TouchFact(kind=kind, on=on, stage=stage)


def kinds(items: list[DueItem]) -> list[DueKind]:
    return [item.kind for item in items]


OUTREACH_MONDAY = [touch(K.OUTREACH_SENT, mar(3))]
# Outreach Mon 3, follow-up on business day 7 (Wed 12); quiet 7 business days later, Fri 21.
FOLLOWED_UP = [*OUTREACH_MONDAY, touch(K.FOLLOW_UP_SENT, mar(12))]
MET_AND_THANKED = [
    touch(K.OUTREACH_SENT, mar(3)),
    touch(K.REPLY_RECEIVED, mar(4)),
    touch(K.MEETING_SCHEDULED, mar(5)),
    touch(K.MEETING_HELD, mar(10)),
    touch(K.THANK_YOU_SENT, mar(10)),
]


# Business days


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (mar(7), 1, mar(10)),  # Friday + 1 is Monday
        (mar(6), 2, mar(10)),  # Thursday + 2 crosses the weekend
        (mar(3), 5, mar(10)),  # a whole working week is a calendar week
        (mar(3), 7, mar(12)),
        (mar(8), 1, mar(10)),  # from a Saturday, the first business day is Monday
        (mar(9), 5, mar(14)),  # from a Sunday, five business days end on Friday
        (mar(3), 0, mar(3)),
        (mar(10), -1, mar(7)),  # Monday - 1 is Friday
        (mar(8), -1, mar(7)),  # Saturday - 1 is Friday
    ],
)
def test_add_business_days_skips_weekends(start: date, n: int, expected: date) -> None:
    assert add_business_days(start, n) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (mar(7), mar(10), 1),  # outreach on Friday: Monday is one business day later
        (mar(7), mar(8), 0),
        (mar(7), mar(9), 0),
        (mar(3), mar(3), 0),
        (mar(3), mar(7), 4),
        (mar(3), mar(10), 5),
        (mar(8), mar(10), 1),
        (mar(10), mar(7), -1),
    ],
)
def test_business_days_between_counts_days_after_start_through_end(
    start: date, end: date, expected: int
) -> None:
    assert business_days_between(start, end) == expected


def step_business_days(start: date, n: int) -> date:
    """The obvious, slow way: walk one day at a time, counting weekdays."""
    day, step = start, (1 if n > 0 else -1)
    for _ in range(abs(n)):
        day += timedelta(days=step)
        while day.weekday() >= 5:
            day += timedelta(days=step)
    return day


@pytest.mark.parametrize("start", [mar(3) + timedelta(days=i) for i in range(14)])
def test_business_day_arithmetic_agrees_with_counting_day_by_day(start: date) -> None:
    for n in range(-12, 13):
        assert add_business_days(start, n) == step_business_days(start, n), n
    for n in range(13):
        # Counting forward undoes adding (backwards from a weekend, the weekend is not counted).
        assert business_days_between(start, add_business_days(start, n)) == n, n


# Stages


@pytest.mark.parametrize(
    ("touches", "expected"),
    [
        ([], Stage.TO_CONTACT),
        ([touch(K.NOTE, mar(3))], Stage.TO_CONTACT),
        (OUTREACH_MONDAY, Stage.REACHED_OUT),
        ([*OUTREACH_MONDAY, touch(K.REPLY_RECEIVED, mar(4))], Stage.REPLIED),
        ([*OUTREACH_MONDAY, touch(K.DECLINED, mar(4))], Stage.DECLINED),
        (MET_AND_THANKED[:3], Stage.MEETING_SCHEDULED),
        (MET_AND_THANKED[:4], Stage.MET),
        (MET_AND_THANKED, Stage.THANKED),
        ([*MET_AND_THANKED, touch(K.REPORT_BACK_SENT, mar(11))], Stage.KEEPING_IN_TOUCH),
        ([*MET_AND_THANKED, touch(K.KEEP_IN_TOUCH_SENT, mar(11))], Stage.KEEPING_IN_TOUCH),
        ([*MET_AND_THANKED[:4], touch(K.NOTE, mar(11))], Stage.MET),
        ([*OUTREACH_MONDAY, touch(K.REPLY_RECEIVED, mar(4)), touch(K.NOTE, mar(5))], Stage.REPLIED),
    ],
)
def test_stage_follows_the_touches(touches: list[TouchFact], expected: Stage) -> None:
    assert derive_stage(touches, mar(11)) == expected


def test_unsorted_touches_are_read_in_date_order() -> None:
    touches = [touch(K.REPLY_RECEIVED, mar(5)), touch(K.OUTREACH_SENT, mar(3))]
    assert derive_stage(touches, mar(20)) == Stage.REPLIED
    assert responsiveness(touches, mar(20)) == "booster"


def test_same_day_touches_keep_the_order_they_were_recorded_in() -> None:
    thanked_first = [touch(K.THANK_YOU_SENT, mar(10)), touch(K.MEETING_HELD, mar(10))]
    met_first = [touch(K.MEETING_HELD, mar(10)), touch(K.THANK_YOU_SENT, mar(10))]
    assert derive_stage(thanked_first, mar(10)) == Stage.MET
    assert derive_stage(met_first, mar(10)) == Stage.THANKED


@pytest.mark.parametrize(
    ("touches", "expected"),
    [
        ([touch(K.OUTREACH_SENT, mar(12))], Stage.TO_CONTACT),
        ([*OUTREACH_MONDAY, touch(K.REPLY_RECEIVED, mar(12))], Stage.REACHED_OUT),
        ([*MET_AND_THANKED[:4], touch(K.THANK_YOU_SENT, mar(12))], Stage.MET),
    ],
)
def test_touches_dated_after_today_are_ignored(touches: list[TouchFact], expected: Stage) -> None:
    assert derive_stage(touches, mar(11)) == expected


def test_a_reply_dated_after_today_neither_classifies_nor_stops_the_clock() -> None:
    touches = [*OUTREACH_MONDAY, touch(K.REPLY_RECEIVED, mar(20))]
    assert responsiveness(touches, mar(12)) is None
    assert kinds(due_items(touches, mar(12))) == [DueKind.SECOND_CONTACT, DueKind.FOLLOW_UP]


def test_datetimes_count_as_their_day() -> None:
    fact = TouchFact(K.OUTREACH_SENT, datetime(2025, 3, 3, 18, 45))
    assert fact.on == mar(3)
    assert type(fact.on) is date
    assert derive_stage([fact], datetime(2025, 3, 12, 8, 0)) == Stage.FOLLOW_UP_DUE


# 3B7: second contact, follow-up, quiet


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (mar(5), []),  # business day 2: too soon
        (mar(6), [(DueKind.SECOND_CONTACT, mar(6))]),  # business day 3
        (mar(7), [(DueKind.SECOND_CONTACT, mar(6))]),  # still due until a reply
        (mar(11), [(DueKind.SECOND_CONTACT, mar(6))]),  # day 6: no follow-up yet
    ],
)
def test_second_contact_suggested_on_business_day_three_not_two(
    today: date, expected: list[tuple[str, date]]
) -> None:
    assert [(i.kind, i.due_on) for i in due_items(OUTREACH_MONDAY, today)] == expected


def test_second_contact_reason_suggests_someone_else_at_the_organisation() -> None:
    (item,) = due_items(OUTREACH_MONDAY, mar(6))
    assert "second person at the same organisation" in item.reason


@pytest.mark.parametrize(
    ("today", "stage"),
    [
        (mar(10), Stage.REACHED_OUT),  # 7 calendar days but only 5 business days
        (mar(11), Stage.REACHED_OUT),  # business day 6
        (mar(12), Stage.FOLLOW_UP_DUE),  # business day 7
        (mar(14), Stage.FOLLOW_UP_DUE),  # stays due until something happens
    ],
)
def test_follow_up_due_after_seven_business_days(today: date, stage: Stage) -> None:
    assert derive_stage(OUTREACH_MONDAY, today) == stage
    assert (DueKind.FOLLOW_UP in kinds(due_items(OUTREACH_MONDAY, today))) == (stage is Stage.FOLLOW_UP_DUE)


def test_follow_up_item_explains_itself_calmly() -> None:
    items = due_items(OUTREACH_MONDAY, mar(12))
    assert items == [
        DueItem(
            DueKind.SECOND_CONTACT,
            mar(6),
            items[0].reason,
        ),
        DueItem(
            DueKind.FOLLOW_UP,
            mar(12),
            "No reply after 7 business days: a short, friendly follow-up is due.",
        ),
    ]


def test_outreach_on_a_friday_counts_from_the_next_monday() -> None:
    friday = [touch(K.OUTREACH_SENT, mar(7))]
    assert follow_up_plan(friday, mar(7)) == FollowUpPlan(
        outreach_on=mar(7), second_contact_on=mar(12), follow_up_due_on=mar(18)
    )
    assert due_items(friday, mar(11)) == []
    assert kinds(due_items(friday, mar(12))) == [DueKind.SECOND_CONTACT]
    assert derive_stage(friday, mar(17)) == Stage.REACHED_OUT
    assert derive_stage(friday, mar(18)) == Stage.FOLLOW_UP_DUE


@pytest.mark.parametrize(
    ("today", "stage"),
    [
        (mar(12), Stage.REACHED_OUT),  # the follow-up just went out
        (mar(20), Stage.REACHED_OUT),  # business day 6 after it
        (mar(21), Stage.NO_REPLY),  # business day 7 after it: quiet
        (date(2025, 6, 2), Stage.NO_REPLY),
    ],
)
def test_contact_goes_quiet_seven_business_days_after_the_follow_up(today: date, stage: Stage) -> None:
    assert derive_stage(FOLLOWED_UP, today) == stage


@pytest.mark.parametrize("today", [mar(12), mar(20), mar(21), date(2025, 6, 2)])
def test_follow_up_sent_clears_the_day_and_quiet_keeps_it_clear(today: date) -> None:
    assert due_items(FOLLOWED_UP, today) == []
    assert next_due_on(FOLLOWED_UP, today) is None


def test_an_early_follow_up_also_settles_the_second_contact_suggestion() -> None:
    early = [*OUTREACH_MONDAY, touch(K.FOLLOW_UP_SENT, mar(5))]
    assert due_items(early, mar(6)) == []
    assert follow_up_plan(early, mar(6)).quiet_on == mar(14)


def test_follow_up_plan_shows_dates_still_ahead() -> None:
    assert follow_up_plan(OUTREACH_MONDAY, mar(3)) == FollowUpPlan(
        outreach_on=mar(3), second_contact_on=mar(6), follow_up_due_on=mar(12)
    )
    assert follow_up_plan(FOLLOWED_UP, mar(12)) == FollowUpPlan(
        outreach_on=mar(3), second_contact_on=mar(6), follow_up_due_on=mar(12), quiet_on=mar(21)
    )


def test_follow_up_plan_is_empty_before_any_outreach() -> None:
    assert follow_up_plan([], mar(3)) == FollowUpPlan()


def test_a_new_outreach_restarts_the_clock() -> None:
    touches = [*OUTREACH_MONDAY, touch(K.OUTREACH_SENT, mar(10))]
    assert follow_up_plan(touches, mar(12)).outreach_on == mar(10)
    assert derive_stage(touches, mar(12)) == Stage.REACHED_OUT
    assert due_items(touches, mar(12)) == []


@pytest.mark.parametrize(
    "touches",
    [
        [*OUTREACH_MONDAY, touch(K.REPLY_RECEIVED, mar(5))],
        [*OUTREACH_MONDAY, touch(K.REPLY_RECEIVED, mar(13))],
        [*FOLLOWED_UP, touch(K.REPLY_RECEIVED, mar(18))],
    ],
    ids=["before-day-3", "after-day-7", "after-the-follow-up"],
)
def test_reply_stops_every_clock(touches: list[TouchFact]) -> None:
    later = date(2025, 5, 30)  # long past every 3B7 date
    assert derive_stage(touches, later) == Stage.REPLIED
    assert due_items(touches, later) == []
    assert next_due_on(touches, later) is None
    plan = follow_up_plan(touches, later)
    assert (plan.outreach_on, plan.second_contact_on, plan.follow_up_due_on, plan.quiet_on) == (
        None,
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("outreach_on", "reply_on", "expected"),
    [
        (mar(3), mar(3), "booster"),  # same day
        (mar(3), mar(6), "booster"),  # business day 3
        (mar(3), mar(7), "obligate"),  # business day 4
        (mar(7), mar(9), "booster"),  # Friday outreach, Sunday reply: day 0
        (mar(7), mar(12), "booster"),  # Friday outreach, Wednesday is day 3
        (mar(7), mar(13), "obligate"),  # Friday outreach, Thursday is day 4
        (mar(3), mar(18), "obligate"),  # after the follow-up
    ],
)
def test_reply_within_three_business_days_is_a_booster_later_an_obligate(
    outreach_on: date, reply_on: date, expected: str
) -> None:
    touches = [touch(K.OUTREACH_SENT, outreach_on), touch(K.REPLY_RECEIVED, reply_on)]
    assert responsiveness(touches, mar(31)) == expected
    assert follow_up_plan(touches, mar(31)).responsiveness == expected


@pytest.mark.parametrize(
    "touches",
    [[], OUTREACH_MONDAY, FOLLOWED_UP, [*OUTREACH_MONDAY, touch(K.DECLINED, mar(4))]],
    ids=["nothing", "waiting", "followed-up", "declined"],
)
def test_responsiveness_is_unknown_until_a_reply(touches: list[TouchFact]) -> None:
    assert responsiveness(touches, mar(31)) is None


def test_a_reply_without_outreach_on_record_is_not_classified() -> None:
    assert responsiveness([touch(K.REPLY_RECEIVED, mar(4))], mar(5)) is None


@pytest.mark.parametrize(
    ("today", "expected_kinds", "expected_next"),
    [
        (mar(3), [], mar(6)),
        (mar(5), [], mar(6)),
        (mar(6), [DueKind.SECOND_CONTACT], mar(6)),
        (mar(12), [DueKind.SECOND_CONTACT, DueKind.FOLLOW_UP], mar(6)),
    ],
)
def test_moving_today_moves_the_due_items(
    today: date, expected_kinds: list[DueKind], expected_next: date
) -> None:
    assert kinds(due_items(OUTREACH_MONDAY, today)) == expected_kinds
    assert next_due_on(OUTREACH_MONDAY, today) == expected_next


def test_next_due_on_is_none_with_nothing_to_do() -> None:
    assert next_due_on([], mar(3)) is None
    assert next_due_on([*OUTREACH_MONDAY, touch(K.REPLY_RECEIVED, mar(4))], mar(5)) is None


# Meetings never slide backwards


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (touch(K.REPLY_RECEIVED, mar(6)), Stage.MEETING_SCHEDULED),
        (touch(K.FOLLOW_UP_SENT, mar(6)), Stage.MEETING_SCHEDULED),
    ],
    ids=["reply-confirming-the-time", "nudge-about-the-meeting"],
)
def test_conversation_around_an_arranged_meeting_keeps_the_stage(extra: TouchFact, expected: Stage) -> None:
    touches = [*MET_AND_THANKED[:3], extra]
    assert derive_stage(touches, mar(31)) == expected
    assert due_items(touches, mar(31)) == []


def test_a_follow_up_after_the_thank_you_never_makes_the_contact_quiet() -> None:
    touches = [*MET_AND_THANKED, touch(K.FOLLOW_UP_SENT, mar(11))]
    assert derive_stage(touches, mar(31)) == Stage.THANKED


# Manual moves on the board


@pytest.mark.parametrize(
    ("touches", "expected"),
    [
        ([touch(K.STAGE_SET, mar(3), Stage.MET)], Stage.MET),
        (
            [touch(K.STAGE_SET, mar(3), Stage.MET), touch(K.THANK_YOU_SENT, mar(4))],
            Stage.THANKED,
        ),
        ([*OUTREACH_MONDAY, touch(K.STAGE_SET, mar(4), Stage.REPLIED)], Stage.REPLIED),
        (
            [*OUTREACH_MONDAY, touch(K.STAGE_SET, mar(4), Stage.DECLINED)],
            Stage.DECLINED,
        ),
        (
            [touch(K.STAGE_SET, mar(3), Stage.DECLINED), touch(K.OUTREACH_SENT, mar(24))],
            Stage.REACHED_OUT,
        ),
        (
            [*MET_AND_THANKED, touch(K.STAGE_SET, mar(11), Stage.TO_CONTACT)],
            Stage.TO_CONTACT,
        ),
    ],
)
def test_stage_set_moves_the_contact_and_later_touches_continue_from_there(
    touches: list[TouchFact], expected: Stage
) -> None:
    assert derive_stage(touches, mar(31)) == expected


def test_a_manual_move_out_of_waiting_stops_the_clock() -> None:
    touches = [*OUTREACH_MONDAY, touch(K.STAGE_SET, mar(4), Stage.REPLIED)]
    assert due_items(touches, mar(12)) == []
    assert follow_up_plan(touches, mar(12)).follow_up_due_on is None


def test_a_manual_move_to_reached_out_restarts_the_clock_that_day() -> None:
    touches = [*OUTREACH_MONDAY, touch(K.STAGE_SET, mar(12), Stage.REACHED_OUT)]
    assert derive_stage(touches, mar(12)) == Stage.REACHED_OUT
    assert due_items(touches, mar(12)) == []
    assert follow_up_plan(touches, mar(12)).follow_up_due_on == mar(21)
    assert derive_stage(touches, mar(21)) == Stage.FOLLOW_UP_DUE


def test_a_manual_move_to_follow_up_due_makes_it_due_that_day() -> None:
    touches = [*OUTREACH_MONDAY, touch(K.STAGE_SET, mar(4), Stage.FOLLOW_UP_DUE)]
    assert derive_stage(touches, mar(4)) == Stage.FOLLOW_UP_DUE
    (item,) = due_items(touches, mar(4))
    assert (item.kind, item.due_on) == (DueKind.FOLLOW_UP, mar(4))
    assert "7 business days" not in item.reason
    sent = [*touches, touch(K.FOLLOW_UP_SENT, mar(5))]
    assert derive_stage(sent, mar(13)) == Stage.REACHED_OUT
    assert derive_stage(sent, mar(14)) == Stage.NO_REPLY


def test_a_manual_move_to_no_reply_clears_the_day() -> None:
    touches = [*OUTREACH_MONDAY, touch(K.STAGE_SET, mar(12), Stage.NO_REPLY)]
    assert derive_stage(touches, mar(12)) == Stage.NO_REPLY
    assert due_items(touches, mar(12)) == []
    assert next_due_on(touches, mar(12)) is None


def test_stage_set_needs_a_stage() -> None:
    with pytest.raises(ValueError, match="stage"):
        TouchFact(K.STAGE_SET, mar(3))


# Thank-you


def test_thank_you_deadline_is_24_hours_after_the_meeting_ends() -> None:
    assert thank_you_deadline(datetime(2025, 3, 10, 15, 20)) == datetime(2025, 3, 11, 15, 20)


def test_thank_you_deadline_is_24_real_hours_across_a_clock_change() -> None:
    try:
        london = ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:
        pytest.skip("no time zone database")
    # Clocks go forward at 01:00 on Sunday 30 March 2025, so the wall clock reads an hour later.
    meeting_end = datetime(2025, 3, 29, 15, 0, tzinfo=london)
    deadline = thank_you_deadline(meeting_end)
    # Subtracting within one zone compares wall clocks, so compare in UTC.
    assert deadline.astimezone(UTC) - meeting_end.astimezone(UTC) == timedelta(hours=24)
    assert (deadline.hour, deadline.minute) == (16, 0)


MET_MONDAY = [*MET_AND_THANKED[:3], touch(K.MEETING_HELD, mar(10))]


def test_thank_you_due_once_the_meeting_is_held() -> None:
    assert due_items(MET_AND_THANKED[:3], mar(10)) == []  # only scheduled
    (item,) = due_items(MET_MONDAY, mar(10))
    assert (item.kind, item.due_on) == (DueKind.THANK_YOU, mar(10))
    assert next_due_on(MET_MONDAY, mar(7)) is None  # the meeting is not on record yet


def test_thank_you_reason_names_the_deadline() -> None:
    (item,) = due_items(MET_MONDAY, mar(10), meeting_ended_at=datetime(2025, 3, 10, 15, 20))
    assert "Tue 11 Mar, 15:20" in item.reason


def test_a_thank_you_deadline_in_the_new_year_names_the_year() -> None:
    new_years_eve = date(2025, 12, 31)
    met = [touch(K.MEETING_HELD, new_years_eve)]
    (item,) = due_items(met, new_years_eve, meeting_ended_at=datetime(2025, 12, 31, 16, 0))
    assert "by Thu 1 Jan 2026, 16:00 leaves" in item.reason


def test_a_late_thank_you_is_still_encouraged() -> None:
    (item,) = due_items(MET_MONDAY, mar(13), meeting_ended_at=datetime(2025, 3, 10, 15, 20))
    assert item.kind == DueKind.THANK_YOU
    assert "still worth sending" in item.reason


@pytest.mark.parametrize(
    "after",
    [
        [touch(K.THANK_YOU_SENT, mar(10))],
        [touch(K.THANK_YOU_SENT, mar(11))],
        [touch(K.STAGE_SET, mar(11), Stage.THANKED)],
    ],
    ids=["same-day", "next-day", "moved-to-thanked"],
)
def test_thank_you_no_longer_due_once_sent(after: list[TouchFact]) -> None:
    assert DueKind.THANK_YOU not in kinds(due_items([*MET_MONDAY, *after], mar(11)))


def test_each_meeting_needs_its_own_thank_you() -> None:
    touches = [*MET_AND_THANKED, touch(K.MEETING_HELD, mar(24))]
    assert kinds(due_items(touches, mar(24))) == [DueKind.THANK_YOU]


# Keep in touch


@pytest.mark.parametrize(
    ("last_touch_on", "months", "expected"),
    [
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2023, 11, 30), 3, date(2024, 2, 29)),  # leap year
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2025, 3, 31), 3, date(2025, 6, 30)),
        (date(2025, 10, 15), 3, date(2026, 1, 15)),  # into the next year
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2024, 12, 31), 12, date(2025, 12, 31)),
        (date(2025, 3, 10), 3, date(2025, 6, 10)),
    ],
)
def test_keep_in_touch_counts_calendar_months_and_clamps_to_month_end(
    last_touch_on: date, months: int, expected: date
) -> None:
    assert keep_in_touch_due_on(last_touch_on, months) == expected


@pytest.mark.parametrize(
    ("today", "due"),
    [(date(2025, 6, 9), False), (date(2025, 6, 10), True), (date(2025, 7, 1), True)],
)
def test_keep_in_touch_due_three_months_after_the_latest_touch(today: date, due: bool) -> None:
    items = due_items(MET_AND_THANKED, today)
    assert items == ([DueItem(DueKind.KEEP_IN_TOUCH, date(2025, 6, 10), items[0].reason)] if due else [])
    assert next_due_on(MET_AND_THANKED, mar(11)) == date(2025, 6, 10)


def test_keep_in_touch_reason_is_encouraging() -> None:
    (item,) = due_items(MET_AND_THANKED, date(2025, 6, 10))
    assert "3 months" in item.reason


@pytest.mark.parametrize(
    "kind",
    [K.NOTE, K.REPLY_RECEIVED, K.FOLLOW_UP_SENT, K.REPORT_BACK_SENT, K.KEEP_IN_TOUCH_SENT],
)
def test_any_touch_resets_keep_in_touch(kind: TouchKind) -> None:
    touches = [*MET_AND_THANKED, touch(kind, date(2025, 5, 1))]
    assert due_items(touches, date(2025, 6, 10)) == []
    assert next_due_on(touches, date(2025, 6, 10)) == date(2025, 8, 1)


def test_a_future_dated_touch_does_not_postpone_keep_in_touch() -> None:
    touches = [*MET_AND_THANKED, touch(K.NOTE, date(2025, 7, 1))]
    assert kinds(due_items(touches, date(2025, 6, 10))) == [DueKind.KEEP_IN_TOUCH]


def test_keep_in_touch_honours_a_custom_interval() -> None:
    monthly = due_items(MET_AND_THANKED, date(2025, 4, 10), keep_in_touch_months=1)
    assert kinds(monthly) == [DueKind.KEEP_IN_TOUCH]
    assert due_items(MET_AND_THANKED, date(2025, 4, 10)) == []


def test_keep_in_touch_is_off_when_months_is_none() -> None:
    years_later = date(2027, 1, 1)
    assert due_items(MET_AND_THANKED, years_later, keep_in_touch_months=None) == []
    assert next_due_on(MET_AND_THANKED, years_later, keep_in_touch_months=None) is None


@pytest.mark.parametrize(
    "touches",
    [MET_MONDAY, [*OUTREACH_MONDAY, touch(K.REPLY_RECEIVED, mar(4))], MET_AND_THANKED[:3]],
    ids=["met-not-thanked", "replied", "meeting-scheduled"],
)
def test_keep_in_touch_waits_until_the_contact_is_thanked(touches: list[TouchFact]) -> None:
    assert DueKind.KEEP_IN_TOUCH not in kinds(due_items(touches, date(2026, 1, 1)))


def test_keep_in_touch_months_must_be_positive() -> None:
    with pytest.raises(ValueError, match="keep_in_touch_months"):
        due_items(MET_AND_THANKED, mar(11), keep_in_touch_months=0)


# Closed contacts


def test_a_declined_contact_has_nothing_due() -> None:
    touches = [*MET_MONDAY, touch(K.DECLINED, mar(11))]
    assert due_items(touches, mar(11)) == []
    assert next_due_on(touches, mar(11)) is None
