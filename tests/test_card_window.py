"""The card's window: between the days `card_window` gives, `card_for` and the presumed-held meetings
answer exactly as they did, so the tracker may store the card's date and stage and derive them again
only once the day leaves the window. Checked over seeded random histories, every day of the window."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.domain.cards import CardAnswer, MeetingFact, card_for, card_window, presumed_facts
from app.domain.local_time import LocalClock
from app.domain.pipeline import TouchFact, derive_stage
from app.domain.vocabulary import DueKind, MeetingStatus, Stage, TouchKind

START = date(2026, 2, 23)
HORIZON_DAYS = 200
LOGGABLE = [kind for kind in TouchKind if kind is not TouchKind.STAGE_SET]


def _history(rng: random.Random, zone: ZoneInfo) -> tuple[list[TouchFact], list[MeetingFact], date]:
    facts: list[TouchFact] = []
    meetings: list[MeetingFact] = []
    day = START + timedelta(days=rng.randrange(10))
    for _ in range(rng.randint(0, 8)):
        day += timedelta(days=rng.choice((0, 1, 2, 3, 5, 8, 12)))
        roll = rng.random()
        if roll < 0.55:
            kind = rng.choice(LOGGABLE + [TouchKind.OUTREACH_SENT] * 3)
            facts.append(TouchFact(kind, day))
        elif roll < 0.7:
            facts.append(TouchFact(TouchKind.STAGE_SET, day, rng.choice(list(Stage))))
        else:
            starts = day + timedelta(days=rng.randint(-2, 9))
            ends = datetime.combine(starts, time(rng.choice((9, 13, 17)), 20), tzinfo=zone)
            status = rng.choice(
                [
                    MeetingStatus.SCHEDULED,
                    MeetingStatus.SCHEDULED,
                    MeetingStatus.HELD,
                    MeetingStatus.CANCELLED,
                ]
            )
            meetings.append(MeetingFact(len(meetings) + 1, ends, status))
            facts.append(TouchFact(TouchKind.MEETING_SCHEDULED, min(day, starts)))
            if status is MeetingStatus.HELD:
                facts.append(TouchFact(TouchKind.MEETING_HELD, starts))
    return facts, meetings, day


def _answer(facts: list[TouchFact], meetings: list[MeetingFact], clock: LocalClock, rng: random.Random):
    card = card_for(facts, meetings, clock)
    if card is None or rng.random() < 0.5:
        return []
    until = None if rng.random() < 0.3 else clock.today + timedelta(days=rng.choice((1, 3, 7)))
    return [CardAnswer(card.kind.value, card.trigger, until)]


def _answer_of(facts, meetings, clock, months, colleagues, answers):
    card = card_for(
        facts, meetings, clock, keep_in_touch_months=months, colleague_outreach=colleagues, answers=answers
    )
    stage = derive_stage(presumed_facts(facts, meetings, clock), clock.today)
    return stage, None if card is None else (card.kind, card.due_on, card.trigger, card.is_due(clock))


def test_nothing_the_card_rule_answers_changes_inside_its_window() -> None:
    rng = random.Random(20261203)
    checked = 0
    kinds: set[DueKind] = set()
    for _ in range(400):
        zone = ZoneInfo(rng.choice(("Europe/London", "America/New_York", "UTC")))
        facts, meetings, last = _history(rng, zone)
        months = rng.choice((None, 1, 3))
        colleagues = [last - timedelta(days=rng.randint(0, 20))] if rng.random() < 0.2 else []
        at = time(rng.choice((8, 12, 18, 23)), 30)
        written = LocalClock(
            datetime.combine(
                last + timedelta(days=rng.choice((rng.randint(-3, 40), rng.randint(0, 400)))), at, tzinfo=zone
            ),
            zone,
        )
        answers = _answer(facts, meetings, written, rng)
        window = card_window(
            facts,
            meetings,
            written,
            keep_in_touch_months=months,
            colleague_outreach=colleagues,
            answers=answers,
        )
        start, until = window
        ending_today = any(
            m.status is MeetingStatus.SCHEDULED and m.ends_at.astimezone(zone).date() == written.today
            for m in meetings
        )
        # Only a meeting ending that day leaves the day it was derived on out of its own window.
        assert ending_today or (
            (start is None or start <= written.today) and (until is None or until > written.today)
        )
        expected = _answer_of(facts, meetings, written, months, colleagues, answers)
        if expected[1] is not None:
            kinds.add(expected[1][0])
        first = max(start or START, START)
        last_day = min(until or (first + timedelta(days=HORIZON_DAYS)), first + timedelta(days=HORIZON_DAYS))
        day = first
        while day < last_day:
            if day != written.today:
                clock = LocalClock(datetime.combine(day, at, tzinfo=zone), zone)
                assert _answer_of(facts, meetings, clock, months, colleagues, answers) == expected, (
                    day,
                    written.now,
                    window,
                    facts,
                    meetings,
                    answers,
                    months,
                    colleagues,
                )
                checked += 1
            day += timedelta(days=1)
    assert checked > 5000
    assert kinds >= {DueKind.FOLLOW_UP, DueKind.SECOND_CONTACT, DueKind.THANK_YOU, DueKind.MEETING_OUTCOME}
