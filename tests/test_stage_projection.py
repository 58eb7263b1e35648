"""The stage the tracker and the board show equals the domain's `derive_stage`, over generated histories.

The tracker cannot run the pipeline per row: it stores a stage and the 3B7 dates (services/cards.py,
`project_contacts`), lets SQL move the stage on as those dates pass (`contacts.effective_stage`), and
derives a row again once the clock leaves the days it holds for (`catch_up`: a meeting has ended and is
presumed held, the clock moved). These tests drive the real services with thousands of seeded random
histories (touches of every kind, board moves, meetings scheduled, held or left unanswered, referrals,
back-dated entries, dates across weekends and a new year) and compare what the list, the board, the
counts and the contact page say with `derive_stage` over the same touches and the meetings presumed
held by then, on many days after them, at times of day before and after the meetings end.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import Date, bindparam
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.domain.cards import MeetingFact, presumed_facts
from app.domain.contact_rules import ContactInput
from app.domain.local_time import LocalClock
from app.domain.pipeline import TouchFact, derive_stage
from app.domain.vocabulary import MeetingStatus, Stage, TouchKind
from app.models import Contact
from app.services import contacts, meetings, notes, touches
from app.services.cards import catch_up, next_due_by_contact
from app.services.contacts import board_columns, contact_detail, effective_stage, list_contacts, stage_counts
from app.services.errors import ValidationFailed
from tests.factories import log_touch

SEED = 20261202
# Histories start in the fortnight from FIRST_DAY and run for up to about two months, so the
# checked days meet every clock: second contact, follow-up due, quiet, across weekends and 1 January.
FIRST_DAY = date(2025, 11, 24)
START_SPREAD_DAYS = 14
MAX_STEPS = 9
# The last day the whole tracker is checked on (every day from FIRST_DAY): well after the last goes quiet.
CHECK_UNTIL = FIRST_DAY + timedelta(days=130)

# Days after a history's latest touch on which its stage is checked: past 3, 7 and 7 + 7 business days.
DAYS_AFTER = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 21, 24, 30)
# Every touch a student can log by hand, and a board move; meetings go through their own services.
LOGGABLE = [kind for kind in TouchKind if kind is not TouchKind.STAGE_SET]
MEETING_PLACE = "Cafe"
# Meetings run 10:00 to 10:20 (UTC, the student's zone here): the tracker is read at 08:00 and at noon.
MEETING_ENDS = time(10, 20)
READ_AT = (time(8), time(12))


@dataclass
class History:
    """One contact's touches as the test recorded them (in the order they were recorded)."""

    contact_id: int
    facts: list[TouchFact] = field(default_factory=list)
    open_meetings: list[tuple[int, date]] = field(default_factory=list)
    meetings: dict[int, MeetingFact] = field(default_factory=dict)
    referrer: History | None = None
    checked: int = 0  # how many of its histories so far were checked (each step makes one)
    seen: set[str] = field(default_factory=set)  # the stages those checks expected

    @property
    def last_on(self) -> date | None:
        return max((fact.on for fact in self.facts), default=None)

    def stage_on(self, clock: LocalClock) -> str:
        """What the pipeline derives: the touches, and a held meeting for each one ended unanswered."""
        facts = presumed_facts(self.facts, self.meetings.values(), clock)
        return derive_stage(facts, clock.today).value


def _play(session: Session, owner_id: int, rng: random.Random, history: History, start: date) -> None:
    """A random history, applied through the services a student's clicks call, mirrored in `facts`.

    After every step the contact's history so far is a history of its own: it is checked then.
    """
    day = start
    for _ in range(rng.randint(0, MAX_STEPS)):
        day += timedelta(days=rng.choice((0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12)))
        action = rng.random()
        if action < 0.45:
            kind = rng.choice(LOGGABLE + [TouchKind.OUTREACH_SENT] * 3 + [TouchKind.FOLLOW_UP_SENT] * 2)
            on = day - timedelta(days=rng.choice((0, 0, 0, 0, 1, 3)))  # now and then, logged late
            log_touch(session, owner_id, history.contact_id, kind.value, on, today=day)
            history.facts.append(TouchFact(kind, on))
        elif action < 0.65:
            stage = rng.choice(list(Stage))
            touches.move_to_stage(
                session, owner_id=owner_id, contact_id=history.contact_id, stage=stage.value, today=day
            )
            history.facts.append(TouchFact(TouchKind.STAGE_SET, day, stage))
        elif action < 0.8:
            starts_on = day + timedelta(days=rng.randint(-3, 10))
            meeting_id = meetings.schedule_meeting(
                session,
                owner_id=owner_id,
                contact_id=history.contact_id,
                data=meetings.MeetingInput(on=starts_on.isoformat(), at="10:00", place=MEETING_PLACE),
                today=day,
            )
            history.open_meetings.append((meeting_id, starts_on))
            ends_at = datetime.combine(starts_on, MEETING_ENDS, tzinfo=UTC)
            history.meetings[meeting_id] = MeetingFact(meeting_id, ends_at, MeetingStatus.SCHEDULED)
            history.facts.append(TouchFact(TouchKind.MEETING_SCHEDULED, min(day, starts_on)))
        elif history.open_meetings:
            meeting_id, starts_on = history.open_meetings.pop(rng.randrange(len(history.open_meetings)))
            notes.hold_meeting(session, owner_id=owner_id, meeting_id=meeting_id, today=day)
            held = history.meetings[meeting_id]
            history.meetings[meeting_id] = MeetingFact(meeting_id, held.ends_at, MeetingStatus.HELD)
            held_on = min(day, starts_on)
            history.facts.append(TouchFact(TouchKind.MEETING_HELD, held_on))
            if history.referrer is not None:
                history.referrer.facts.append(TouchFact(TouchKind.REFERRAL_MET, held_on))
                _check_now(session, history.referrer)
        else:
            continue
        _check_now(session, history)


# The tracker's SQL for one contact's stage on each of DAYS_AFTER days: built once, run per check.
_STAGE_ON_DAYS = select(
    *(effective_stage(bindparam(f"day{n}", type_=Date)) for n in range(len(DAYS_AFTER))),
    Contact.projection_from,
    Contact.projection_until,
).where(Contact.id == bindparam("contact_id"))


def _check_now(session: Session, history: History) -> None:
    """The stage SQL gives this contact on the days from its latest touch on that its stored window
    holds for (on other days the tracker derives it again first), against the pipeline's."""
    last_on = history.last_on
    assert last_on is not None
    days = [last_on + timedelta(days=n) for n in DAYS_AFTER]
    params = {"contact_id": history.contact_id} | {f"day{n}": day for n, day in enumerate(days)}
    *shown, start, until = session.connection().execute(_STAGE_ON_DAYS, params).one()
    held = [
        (day, stage)
        for day, stage in zip(days, shown, strict=True)
        if (start is None or start <= day) and (until is None or day < until)
    ]
    expected = [(day, history.stage_on(LocalClock.on_day(day))) for day, _ in held]
    assert held == expected, history.facts
    history.checked += 1
    history.seen.update(stage for _, stage in expected)


def _histories(session: Session, owner_id: int, count: int, seed: int) -> list[History]:
    rng = random.Random(seed)
    histories: list[History] = []
    for n in range(count):
        referrer = rng.choice(histories) if histories and rng.random() < 0.2 else None
        # A referred contact is made as "add a person they suggested" makes it on the meeting-notes page.
        contact_id = contacts.create_contact(
            session,
            owner_id=owner_id,
            data=ContactInput(name=f"Contact {n:05d}"),
            referred_by_id=referrer.contact_id if referrer else None,
        )
        history = History(contact_id, referrer=referrer)
        _play(session, owner_id, rng, history, FIRST_DAY + timedelta(days=rng.randrange(START_SPREAD_DAYS)))
        histories.append(history)
    session.flush()
    return histories


def _tracker_mismatches(
    session: Session, owner_id: int, histories: list[History], clock: LocalClock
) -> list[str]:
    """Where the tracker's list differs from the pipeline at `clock`, for contacts touched by then."""
    today = clock.today
    catch_up(session, owner_id=owner_id, clock=clock)
    rows = list_contacts(session, owner_id=owner_id, today=today, per_page=len(histories)).rows
    shown = {row.id: row.stage for row in rows}
    found = []
    for history in histories:
        if (history.last_on or today) > today:
            continue  # a touch dated after `today`: see the last test
        expected = history.stage_on(clock)
        if shown[history.contact_id] != expected:
            found.append(
                f"{clock.now}: {expected} expected, {shown[history.contact_id]} shown, {history.facts}"
            )
    return found


def _assert_next_due_order(session: Session, owner_id: int, count: int, clock: LocalClock) -> None:
    """Sorted by "Next due", the rows come in the order of the dates they show (the card rule's)."""
    for descending in (False, True):
        rows = list_contacts(
            session, owner_id=owner_id, today=clock.today, sort="next_due_on", descending=descending,
            per_page=count,
        ).rows  # fmt: skip
        shown = next_due_by_contact(session, owner_id=owner_id, contact_ids=[r.id for r in rows], clock=clock)
        dates = [shown.get(row.id, "") for row in rows]
        dated = [day for day in dates if day]
        assert dated == sorted(dated, reverse=descending)
        assert dates == dated + [""] * (len(dates) - len(dated))  # no date: last, either way
        assert len(set(dated)) > 5


def _assert_projection_holds(session: Session, owner_id: int, count: int, seed: int) -> int:
    """Plays `count` contacts' histories and checks every view of the stage; returns how many histories."""
    histories = _histories(session, owner_id, count, seed)
    # The generator must reach every kind of touch and every stage, or it proves little.
    assert {fact.kind for history in histories for fact in history.facts} == set(TouchKind)
    last_day = max(history.last_on or FIRST_DAY for history in histories)
    mismatches: list[str] = []
    seen_stages = {stage for history in histories for stage in history.seen}
    presumed = 0
    for today in (FIRST_DAY + timedelta(days=n) for n in range((CHECK_UNTIL - FIRST_DAY).days + 1)):
        ending = sum(
            1
            for history in histories
            for meeting in history.meetings.values()
            if meeting.status is MeetingStatus.SCHEDULED and meeting.ends_at.date() == today
        )
        presumed += ending
        # Before the meetings of the day end (only on days some do), and after.
        for at in READ_AT if ending else READ_AT[-1:]:
            clock = LocalClock.on_day(today, at=at)
            mismatches += _tracker_mismatches(session, owner_id, histories, clock)
        if today >= last_day and (today - last_day).days % 14 == 0:
            expected = {history.contact_id: history.stage_on(clock) for history in histories}
            seen_stages |= set(expected.values())
            # The board's counts, and its columns (each a list filtered by stage in SQL), agree too.
            assert stage_counts(session, owner_id=owner_id, today=today) == dict(Counter(expected.values()))
            board = board_columns(session, owner_id=owner_id, today=today, per_stage=len(histories))
            assert {card.id: column.stage for column in board for card in column.cards} == expected
            _assert_next_due_order(session, owner_id, len(histories), clock)
    assert mismatches[:3] == []
    assert seen_stages == {stage.value for stage in Stage}
    assert presumed > 20  # meetings left unanswered, read both before and after they end
    for history in histories[::10]:
        last_on = history.last_on or FIRST_DAY
        for clock in (LocalClock.on_day(last_on), LocalClock.on_day(last_on + timedelta(days=9))):
            catch_up(session, owner_id=owner_id, clock=clock)
            detail = contact_detail(
                session, owner_id=owner_id, contact_id=history.contact_id, today=clock.today
            )
            assert detail.stage == history.stage_on(clock), history.facts
    return len(histories) + sum(history.checked for history in histories)


def test_the_tracker_board_and_contact_page_show_the_stage_the_pipeline_derives(
    session: Session, owner_id: int
) -> None:
    # 500 histories, each read on every day (twice on days meetings end) after a catch-up: about 2 minutes.
    checked = _assert_projection_holds(session, owner_id, count=500, seed=SEED)
    assert checked > 2000  # histories: every contact's, and every prefix of it on the way


@pytest.mark.hosted
def test_the_projection_holds_on_postgresql(pg_engine: Engine) -> None:
    from tests.factories import other_owner

    with Session(pg_engine, expire_on_commit=False) as session:
        owner_id = other_owner(session, "Projection student")
        _assert_projection_holds(session, owner_id, count=120, seed=SEED + 1)
        session.rollback()


def test_a_touch_dated_tomorrow_is_refused_and_moves_nothing(session: Session, owner_id: int) -> None:
    monday, tuesday = date(2026, 3, 2), date(2026, 3, 3)
    contact_id = contacts.create_contact(session, owner_id=owner_id, data=ContactInput(name="Ada Byron"))
    # A touch is what happened: one dated ahead of today would move the stored stage before its day.
    with pytest.raises(ValidationFailed) as refused:
        log_touch(session, owner_id, contact_id, TouchKind.OUTREACH_SENT.value, tuesday, today=monday)
    assert refused.value.errors == {"on": "That's after today: log it once it has happened."}
    assert derive_stage([TouchFact(TouchKind.OUTREACH_SENT, tuesday)], monday) is Stage.TO_CONTACT
    shown = contact_detail(session, owner_id=owner_id, contact_id=contact_id, today=monday).stage
    assert shown == Stage.TO_CONTACT.value
