"""The card rule as plain Python: presumed-held meetings, the thank-you's 24 hours, one card per person,
cards retiring by themselves, and snoozes that come back only when something new happens."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.domain.cards import Card, CardAnswer, MeetingFact, card_for
from app.domain.local_time import LocalClock, known_zone, local_moment, zone_for
from app.domain.pipeline import TouchFact, add_business_days
from app.domain.vocabulary import DueKind, MeetingStatus, TouchKind

MONDAY = date(2026, 3, 2)
LONDON = ZoneInfo("Europe/London")


def _outreach(on: date = MONDAY) -> list[TouchFact]:
    return [TouchFact(TouchKind.OUTREACH_SENT, on)]


def _meeting(ends_at: datetime, status: MeetingStatus = MeetingStatus.SCHEDULED, id: int = 7) -> MeetingFact:
    return MeetingFact(id, ends_at, status)


def _scheduled(on: date) -> list[TouchFact]:
    return [
        *_outreach(),
        TouchFact(TouchKind.REPLY_RECEIVED, MONDAY),
        TouchFact(TouchKind.MEETING_SCHEDULED, on),
    ]


def _card(facts: list[TouchFact], clock: LocalClock, **kwargs: object) -> Card | None:
    return card_for(facts, kwargs.pop("meetings", []), clock, **kwargs)  # type: ignore[arg-type]


def test_a_meeting_whose_end_has_passed_is_presumed_held_and_asks_how_it_went() -> None:
    ends = datetime(2026, 3, 10, 10, 20, tzinfo=UTC)
    facts = _scheduled(date(2026, 3, 5))
    before = _card(facts, LocalClock.at(datetime(2026, 3, 10, 10, 0)), meetings=[_meeting(ends)])
    assert before is not None and before.kind is DueKind.MEETING_OUTCOME
    assert not before.is_due(LocalClock.at(datetime(2026, 3, 10, 10, 0)))  # not before it has ended

    after_clock = LocalClock.at(datetime(2026, 3, 11, 9, 0))
    after = _card(facts, after_clock, meetings=[_meeting(ends)])
    assert after is not None and after.is_due(after_clock)
    assert after.kind is DueKind.MEETING_OUTCOME and after.meeting_id == 7
    assert after.thank_you_by == datetime(2026, 3, 11, 10, 20, tzinfo=UTC)
    assert "by Wed 11 Mar, 10:20 (1 hour left)" in after.reason
    days_later = _card(facts, LocalClock.at(datetime(2026, 3, 13, 9, 0)), meetings=[_meeting(ends)])
    assert days_later is not None and "still worth sending, even a little late" in days_later.reason


def test_a_held_meeting_owes_a_thank_you_within_24_hours_of_its_end() -> None:
    ends = datetime(2026, 3, 10, 15, 20, tzinfo=UTC)
    facts = [*_scheduled(date(2026, 3, 5)), TouchFact(TouchKind.MEETING_HELD, date(2026, 3, 10))]
    clock = LocalClock.at(datetime(2026, 3, 10, 18, 20))
    card = _card(facts, clock, meetings=[_meeting(ends, MeetingStatus.HELD)])
    assert card is not None and card.kind is DueKind.THANK_YOU
    assert "by Wed 11 Mar, 15:20 (21 hours left)" in card.reason
    late = _card(
        facts, LocalClock.at(datetime(2026, 3, 12, 9)), meetings=[_meeting(ends, MeetingStatus.HELD)]
    )
    assert late is not None and "still worth sending" in late.reason


def test_a_meeting_that_did_not_happen_asks_nothing_and_owes_no_thank_you() -> None:
    ends = datetime(2026, 3, 10, 10, 20, tzinfo=UTC)
    clock = LocalClock.at(datetime(2026, 3, 11, 9))
    card = _card(_scheduled(date(2026, 3, 5)), clock, meetings=[_meeting(ends, MeetingStatus.CANCELLED)])
    assert card is None


def test_the_thank_you_retires_a_week_after_the_meeting() -> None:
    ends = datetime(2026, 3, 10, 10, 20, tzinfo=UTC)
    facts = [*_scheduled(date(2026, 3, 5)), TouchFact(TouchKind.MEETING_HELD, date(2026, 3, 10))]
    held = [_meeting(ends, MeetingStatus.HELD)]
    assert _card(facts, LocalClock.on_day(date(2026, 3, 16)), meetings=held) is not None
    gone = _card(facts, LocalClock.on_day(date(2026, 3, 17)), meetings=held)
    assert gone is None or gone.kind is not DueKind.THANK_YOU


def test_one_card_per_person_the_follow_up_replaces_the_second_contact() -> None:
    day_four = add_business_days(MONDAY, 4)
    card = _card(_outreach(), LocalClock.on_day(day_four))
    assert card is not None and card.kind is DueKind.SECOND_CONTACT
    card = _card(_outreach(), LocalClock.on_day(add_business_days(MONDAY, 7)))
    assert card is not None and card.kind is DueKind.FOLLOW_UP
    assert card.reason.startswith("No reply after 7 business days")


def test_a_second_contact_retires_once_a_colleague_is_reached_or_they_reply() -> None:
    clock = LocalClock.on_day(add_business_days(MONDAY, 4))
    colleague = _card(_outreach(), clock, colleague_outreach=[date(2026, 3, 5)])
    # The next card is the follow-up, still ahead: nothing is due today.
    assert colleague is not None and colleague.kind is DueKind.FOLLOW_UP and not colleague.is_due(clock)
    # Written to a few days before, a colleague already is the second contact; long before, not.
    just_before = _card(_outreach(), clock, colleague_outreach=[date(2026, 2, 26)])
    assert just_before is not None and just_before.kind is DueKind.FOLLOW_UP
    # A colleague written to long before this outreach does not count as the second contact.
    earlier = _card(_outreach(), clock, colleague_outreach=[date(2025, 1, 5)])
    assert earlier is not None and earlier.kind is DueKind.SECOND_CONTACT
    replied = [*_outreach(), TouchFact(TouchKind.REPLY_RECEIVED, date(2026, 3, 5))]
    assert _card(replied, clock) is None


def test_a_follow_up_left_unsent_retires_and_a_quiet_contact_has_none() -> None:
    assert _card(_outreach(), LocalClock.on_day(date(2026, 3, 24))) is not None
    assert _card(_outreach(), LocalClock.on_day(date(2026, 3, 25))) is None  # two weeks after it was due
    quiet = [*_outreach(), TouchFact(TouchKind.FOLLOW_UP_SENT, date(2026, 3, 11))]
    assert _card(quiet, LocalClock.on_day(date(2026, 4, 1))) is None


def test_nothing_from_december_is_still_there_in_march() -> None:
    december = _outreach(date(2025, 12, 1))
    assert _card(december, LocalClock.on_day(date(2026, 3, 2))) is None


def test_keep_in_touch_comes_round_again_rather_than_staying_forever() -> None:
    thanked = [TouchFact(TouchKind.THANK_YOU_SENT, date(2025, 12, 1))]
    card = _card(thanked, LocalClock.on_day(date(2026, 3, 2)))
    assert card is not None and card.kind is DueKind.KEEP_IN_TOUCH and card.due_on == date(2026, 3, 1)
    later = _card(thanked, LocalClock.on_day(date(2026, 4, 15)))
    assert (
        later is not None
        and later.due_on == date(2026, 6, 1)
        and not later.is_due(LocalClock.on_day(date(2026, 4, 15)))
    )


def test_a_snooze_hides_the_card_until_its_day_then_it_returns() -> None:
    clock = LocalClock.on_day(add_business_days(MONDAY, 7))
    card = _card(_outreach(), clock)
    assert card is not None
    snoozed = [CardAnswer(card.kind.value, card.trigger, clock.today + timedelta(days=3))]
    hidden = _card(_outreach(), clock, answers=snoozed)
    assert hidden is not None and hidden.snoozed and not hidden.is_due(clock)
    assert hidden.due_on == clock.today + timedelta(days=3)  # "Next due" says when it comes back
    back_clock = LocalClock.on_day(clock.today + timedelta(days=3))
    back = _card(_outreach(), back_clock, answers=snoozed)
    assert back is not None and back.is_due(back_clock)


def test_a_dismissed_card_comes_back_only_when_something_new_happens() -> None:
    clock = LocalClock.on_day(add_business_days(MONDAY, 7))
    card = _card(_outreach(), clock)
    assert card is not None
    dismissed = [CardAnswer(card.kind.value, card.trigger, None)]
    assert _card(_outreach(), clock, answers=dismissed) is None
    # A new outreach is something new: a new clock, a new card, the old "not now" does not apply.
    again = [*_outreach(), TouchFact(TouchKind.OUTREACH_SENT, date(2026, 3, 16))]
    later = LocalClock.on_day(add_business_days(date(2026, 3, 16), 7))
    fresh = _card(again, later, answers=dismissed)
    assert fresh is not None and fresh.kind is DueKind.FOLLOW_UP and fresh.is_due(later)


def test_a_moved_meeting_is_a_new_question() -> None:
    ends = datetime(2026, 3, 10, 10, 20, tzinfo=UTC)
    clock = LocalClock.at(datetime(2026, 3, 12, 9))
    card = _card(_scheduled(date(2026, 3, 5)), clock, meetings=[_meeting(ends)])
    assert card is not None
    answers = [CardAnswer(card.kind.value, card.trigger, None)]
    moved = _meeting(datetime(2026, 3, 11, 16, 20, tzinfo=UTC))
    asked = _card(_scheduled(date(2026, 3, 5)), clock, meetings=[moved], answers=answers)
    assert asked is not None and asked.kind is DueKind.MEETING_OUTCOME and asked.is_due(clock)


def test_24_hours_are_real_hours_across_a_dst_change() -> None:
    # The UK moves its clocks forward at 01:00 UTC on Sunday 29 March 2026.
    ends = datetime(2026, 3, 28, 10, 0, tzinfo=LONDON)
    facts = [*_scheduled(date(2026, 3, 20)), TouchFact(TouchKind.MEETING_HELD, date(2026, 3, 28))]
    clock = LocalClock.at(datetime(2026, 3, 28, 18, 0), LONDON)
    card = _card(facts, clock, meetings=[_meeting(ends, MeetingStatus.HELD)])
    assert card is not None and card.thank_you_by is not None
    assert card.thank_you_by.astimezone(LONDON) == datetime(2026, 3, 29, 11, 0, tzinfo=LONDON)
    assert "by Sun 29 Mar, 11:00 (16 hours left)" in card.reason


def test_today_is_the_students_day_not_utcs() -> None:
    late_evening_in_la = datetime(2026, 3, 11, 5, 30, tzinfo=UTC)  # 22:30 on the 10th in Los Angeles
    zone = ZoneInfo("America/Los_Angeles")
    assert LocalClock(local_moment(late_evening_in_la, zone), zone).today == date(2026, 3, 10)
    assert LocalClock(local_moment(late_evening_in_la, UTC), UTC).today == date(2026, 3, 11)
    # RAPPORT_TODAY fixes the day; the time of day still runs, with the offset of that day.
    fixed = local_moment(datetime(2026, 3, 28, 12, 0, tzinfo=UTC), LONDON, date(2026, 7, 1))
    assert (fixed.date(), fixed.hour, fixed.utcoffset()) == (date(2026, 7, 1), 12, timedelta(hours=1))


def test_a_zone_the_browser_cannot_name_is_utc() -> None:
    assert known_zone("Europe/London") == "Europe/London"
    for bad in ("", "Mars/Olympus", "../etc/passwd", None, 42, "x" * 100):
        assert known_zone(bad) is None
        assert zone_for(bad) is UTC
    assert LocalClock.on_day(MONDAY, at=time(9)).now == datetime(2026, 3, 2, 9, tzinfo=UTC)


def test_rapport_today_drives_every_stored_moment_too() -> None:
    from app.domain import times

    try:
        times.fix_day(date(2026, 3, 11))
        assert times.utc_now().date() == date(2026, 3, 11)  # "edited on" dates follow the simulated day
    finally:
        times.fix_day(None)
    assert times.utc_now().date() == datetime.now(UTC).date()
