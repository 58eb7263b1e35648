"""The tracker's "Next due": sorting by it orders the rows by the very dates they show, which come from
the card rule (app/services/cards.py), snoozes, retired cards and meetings ahead included."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session

from app.domain.local_time import LocalClock
from app.domain.vocabulary import TouchKind
from app.services.cards import catch_up, next_due_by_contact, snooze_card
from app.services.contacts import list_contacts
from app.services.meetings import MeetingInput, schedule_meeting
from tests.factories import add_contact, log_touch

WEDNESDAY = date(2026, 3, 11)


def _shown_order(
    session: Session, owner_id: int, clock: LocalClock, descending: bool
) -> list[tuple[str, str]]:
    catch_up(session, owner_id=owner_id, clock=clock)
    rows = list_contacts(
        session, owner_id=owner_id, today=clock.today, sort="next_due_on", descending=descending
    ).rows
    shown = next_due_by_contact(session, owner_id=owner_id, contact_ids=[r.id for r in rows], clock=clock)
    return [(row.name, shown.get(row.id, "")) for row in rows]


def test_sorting_by_next_due_follows_the_dates_the_table_shows(session: Session, owner_id: int) -> None:
    clock = LocalClock.on_day(WEDNESDAY)
    # A follow-up due last Wednesday, snoozed until next Monday: it shows (and sorts by) the Monday.
    snoozed = add_contact(session, owner_id, "Sam Snoozed", organisation="Globex")
    log_touch(session, owner_id, snoozed, TouchKind.OUTREACH_SENT.value, date(2026, 2, 23), today=WEDNESDAY)
    snooze_card(
        session, owner_id=owner_id, contact_id=snoozed, kind="follow_up", trigger="2026-03-04",
        choice="next_week", clock=clock,
    )  # fmt: skip
    # Outreach on Monday: the second-contact suggestion on Thursday comes first.
    fresh = add_contact(session, owner_id, "Fay Fresh", organisation="Initech")
    log_touch(session, owner_id, fresh, TouchKind.OUTREACH_SENT.value, date(2026, 3, 9), today=WEDNESDAY)
    # A meeting on Friday: "How did it go?" is asked then.
    meeting = add_contact(session, owner_id, "Max Meeting", organisation="Umbrella")
    schedule_meeting(
        session, owner_id=owner_id, contact_id=meeting,
        data=MeetingInput(on="2026-03-13", at="10:00", place="Cafe"), today=WEDNESDAY,
    )  # fmt: skip
    add_contact(session, owner_id, "Nat Nothing", organisation="Hooli")

    assert _shown_order(session, owner_id, clock, descending=False) == [
        ("Fay Fresh", "2026-03-12"),
        ("Max Meeting", "2026-03-13"),
        ("Sam Snoozed", "2026-03-16"),
        ("Nat Nothing", ""),
    ]
    assert _shown_order(session, owner_id, clock, descending=True) == [
        ("Sam Snoozed", "2026-03-16"),
        ("Max Meeting", "2026-03-13"),
        ("Fay Fresh", "2026-03-12"),
        ("Nat Nothing", ""),
    ]
    # A week on, the clock has moved past them all: the order moves with the dates shown.
    later = LocalClock.on_day(WEDNESDAY + timedelta(days=7))
    order = _shown_order(session, owner_id, later, descending=False)
    dated = [day for _, day in order if day]
    assert dated == sorted(dated)
    assert dict(order)["Fay Fresh"] == "2026-03-18"  # the follow-up, seven business days on
