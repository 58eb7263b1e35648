"""Mistakes can be fixed: editing, deleting (with undo) and the guards on logging a touch."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo

import pytest
from sqlmodel import Session, select

from app.models import Contact, Touch
from app.services import touches
from app.services.errors import NotFound, ValidationFailed
from tests.factories import add_contact, log_touch, other_owner

MON_2_MAR = date(2026, 3, 2)
MON_9_MAR = date(2026, 3, 9)


def contact_row(session: Session, contact_id: int) -> Contact:
    row = session.get(Contact, contact_id)
    assert row is not None
    session.refresh(row)
    return row


def test_editing_the_outreach_date_moves_the_follow_up_date(session: Session, owner_id: int) -> None:
    contact_id = add_contact(session, owner_id)
    touch_id = log_touch(session, owner_id, contact_id, "outreach_sent", MON_2_MAR)
    assert contact_row(session, contact_id).follow_up_due_on == date(2026, 3, 11)
    touches.edit_touch(
        session, owner_id=owner_id, touch_id=touch_id, kind="outreach_sent", on=MON_9_MAR,
        summary=" Sent on Monday ", today=MON_9_MAR,
    )  # fmt: skip
    row = contact_row(session, contact_id)
    assert row.follow_up_due_on == date(2026, 3, 18)
    assert row.last_touch_on == MON_9_MAR
    entry = touches.timeline(session, owner_id=owner_id, contact_id=contact_id)[0]
    assert (entry.on, entry.summary) == ("2026-03-09", "Sent on Monday")


def test_editing_the_kind_from_outreach_to_note_takes_the_contact_back_to_to_contact(
    session: Session, owner_id: int
) -> None:
    contact_id = add_contact(session, owner_id)
    touch_id = log_touch(session, owner_id, contact_id, "outreach_sent", MON_2_MAR)
    touches.edit_touch(
        session, owner_id=owner_id, touch_id=touch_id, kind="note", on=MON_2_MAR, summary="", today=MON_9_MAR
    )
    row = contact_row(session, contact_id)
    assert row.stage == "to_contact" and row.follow_up_due_on is None


def test_an_email_entry_keeps_its_kind(session: Session, owner_id: int) -> None:
    contact_id = add_contact(session, owner_id)
    touch_id = log_touch(session, owner_id, contact_id, "thank_you_sent", MON_2_MAR)
    with pytest.raises(ValidationFailed) as refused:
        touches.edit_touch(
            session,
            owner_id=owner_id,
            touch_id=touch_id,
            kind="note",
            on=MON_2_MAR,
            summary="",
            today=MON_9_MAR,
        )
    assert "Thank-you sent" in refused.value.errors["kind"]


def test_an_edit_into_the_future_is_refused_and_the_entry_is_unchanged(
    session: Session, owner_id: int
) -> None:
    contact_id = add_contact(session, owner_id)
    touch_id = log_touch(session, owner_id, contact_id, "outreach_sent", MON_2_MAR, summary="kept")
    with pytest.raises(ValidationFailed) as refused:
        touches.edit_touch(
            session, owner_id=owner_id, touch_id=touch_id, kind="outreach_sent",
            on=MON_9_MAR + timedelta(days=1), summary="changed", today=MON_9_MAR,
        )  # fmt: skip
    assert refused.value.errors == {"on": touches.FUTURE_REFUSED}
    entry = touches.timeline(session, owner_id=owner_id, contact_id=contact_id)[0]
    assert (entry.on, entry.summary) == ("2026-03-02", "kept")


def test_a_touch_dated_after_today_is_refused_but_a_meeting_may_be_planned_ahead(
    session: Session, owner_id: int
) -> None:
    contact_id = add_contact(session, owner_id)
    with pytest.raises(ValidationFailed) as refused:
        log_touch(session, owner_id, contact_id, "reply_received", MON_9_MAR, today=MON_2_MAR)
    assert refused.value.errors == {"on": touches.FUTURE_REFUSED}
    log_touch(session, owner_id, contact_id, "meeting_scheduled", MON_9_MAR, today=MON_2_MAR)
    assert [e.kind for e in touches.timeline(session, owner_id=owner_id, contact_id=contact_id)] == [
        "meeting_scheduled"
    ]


def test_deleting_the_reply_brings_the_follow_up_back_and_undo_restores_it_exactly(
    session: Session, owner_id: int
) -> None:
    contact_id = add_contact(session, owner_id)
    log_touch(session, owner_id, contact_id, "outreach_sent", MON_2_MAR)
    reply_id = log_touch(session, owner_id, contact_id, "reply_received", MON_9_MAR, summary="Happy to chat")
    assert contact_row(session, contact_id).stage == "replied"
    before = session.get(Touch, reply_id)
    assert before is not None
    created = before.created_at

    deleted = touches.delete_touch(session, owner_id=owner_id, touch_id=reply_id)
    assert session.get(Touch, reply_id) is None
    row = contact_row(session, contact_id)
    assert row.stage == "reached_out" and row.follow_up_due_on == date(2026, 3, 11)

    assert touches.restore_touch(session, owner_id=owner_id, deleted=deleted) == reply_id
    back = session.get(Touch, reply_id)
    assert back is not None
    assert (back.kind, back.happened_on, back.summary) == ("reply_received", MON_9_MAR, "Happy to chat")
    assert back.created_at.replace(tzinfo=UTC) == created.replace(tzinfo=UTC)
    row = contact_row(session, contact_id)
    assert row.stage == "replied" and row.follow_up_due_on is None


def test_deleting_the_only_touch_leaves_a_contact_to_contact(session: Session, owner_id: int) -> None:
    contact_id = add_contact(session, owner_id)
    touch_id = log_touch(session, owner_id, contact_id, "outreach_sent", MON_2_MAR)
    touches.delete_touch(session, owner_id=owner_id, touch_id=touch_id)
    row = contact_row(session, contact_id)
    assert row.stage == "to_contact" and row.next_due_on is None and row.last_touch_on is None


@pytest.mark.parametrize("bad_id", [None, "abc", -1, 0, 10**30, {"id": 1}])
def test_touch_ids_that_are_not_ids_are_not_found(session: Session, owner_id: int, bad_id: object) -> None:
    with pytest.raises(NotFound):
        touches.delete_touch(session, owner_id=owner_id, touch_id=bad_id)


def test_another_students_touch_cannot_be_edited_deleted_or_restored(session: Session, owner_id: int) -> None:
    them = other_owner(session)
    theirs = add_contact(session, them, name="Not Yours")
    touch_id = log_touch(session, them, theirs, "outreach_sent", MON_2_MAR, summary="theirs")
    with pytest.raises(NotFound):
        touches.edit_touch(
            session,
            owner_id=owner_id,
            touch_id=touch_id,
            kind="note",
            on=MON_2_MAR,
            summary="x",
            today=MON_9_MAR,
        )
    with pytest.raises(NotFound):
        touches.delete_touch(session, owner_id=owner_id, touch_id=touch_id)
    deleted = touches.delete_touch(session, owner_id=them, touch_id=touch_id)
    with pytest.raises(NotFound):
        touches.restore_touch(session, owner_id=owner_id, deleted=deleted)
    assert touches.timeline(session, owner_id=them, contact_id=theirs) == []


def test_the_same_touch_logged_again_soon_is_caught(session: Session, owner_id: int) -> None:
    contact_id = add_contact(session, owner_id, name="Maya Patel")
    log_touch(session, owner_id, contact_id, "outreach_sent", MON_2_MAR)
    logged = session.exec(select(Touch)).one().created_at.replace(tzinfo=UTC)

    def ask(kind: str, after: timedelta) -> str:
        return touches.repeated_touch(
            session, owner_id=owner_id, contact_id=contact_id, kind=kind, now=logged + after
        )

    assert ask("outreach_sent", timedelta(seconds=40)) == (
        "You logged outreach to Maya Patel a minute ago: log it again?"
    )
    assert ask("outreach_sent", timedelta(minutes=25)).startswith(
        "You logged outreach to Maya Patel 25 minutes"
    )
    assert ask("reply_received", timedelta(minutes=1)) == ""  # a different kind is not a repeat


def _logged_at(session: Session, owner_id: int, contact_id: int, moment: datetime) -> None:
    log_touch(session, owner_id, contact_id, "outreach_sent", MON_2_MAR)
    touch = session.exec(select(Touch).where(Touch.contact_id == contact_id)).one()
    touch.created_at = moment
    session.add(touch)
    session.flush()


def test_a_repeat_is_one_logged_earlier_the_same_day_in_the_students_time_zone(
    session: Session, owner_id: int
) -> None:
    from zoneinfo import ZoneInfo

    new_york = ZoneInfo("America/New_York")
    contact_id = add_contact(session, owner_id, name="Maya Patel")
    # Logged at 08:00 in New York (13:00 UTC); asked at 22:30 that evening, 14.5 hours later.
    _logged_at(session, owner_id, contact_id, datetime(2026, 3, 2, 13, 0, tzinfo=UTC))

    def ask(now: datetime, zone: tzinfo) -> str:
        return touches.repeated_touch(
            session, owner_id=owner_id, contact_id=contact_id, kind="outreach_sent", now=now, zone=zone
        )

    evening = datetime(2026, 3, 2, 22, 30, tzinfo=new_york)
    assert ask(evening, new_york) == "You logged outreach to Maya Patel 14 hours ago: log it again?"
    # The same moment is already 3 March in London: a new day, so not a repeat.
    assert ask(evening, ZoneInfo("Europe/London")) == ""
    # Just after midnight in New York, an hour after 23:00 the day before: a new day, not a repeat.
    other = add_contact(session, owner_id, name="Ada Byron")
    _logged_at(session, owner_id, other, datetime(2026, 3, 3, 4, 0, tzinfo=UTC))  # 23:00 in New York
    after_midnight = datetime(2026, 3, 3, 0, 5, tzinfo=new_york)
    assert (
        touches.repeated_touch(
            session, owner_id=owner_id, contact_id=other, kind="outreach_sent", now=after_midnight,
            zone=new_york,
        )
        == ""
    )  # fmt: skip
    assert touches.repeated_touch(
        session, owner_id=owner_id, contact_id=other, kind="outreach_sent",
        now=datetime(2026, 3, 3, 4, 30, tzinfo=UTC), zone=UTC,
    ).endswith("30 minutes ago: log it again?")  # fmt: skip


def test_a_repeat_is_judged_against_the_latest_touch_only(session: Session, owner_id: int) -> None:
    contact_id = add_contact(session, owner_id)
    log_touch(session, owner_id, contact_id, "outreach_sent", MON_2_MAR)
    log_touch(session, owner_id, contact_id, "reply_received", MON_2_MAR)
    now = datetime.now(UTC)
    assert (
        touches.repeated_touch(
            session, owner_id=owner_id, contact_id=contact_id, kind="outreach_sent", now=now
        )
        == ""
    )
    assert touches.repeated_touch(
        session, owner_id=owner_id, contact_id=contact_id, kind="reply_received", now=now
    )
    assert (
        touches.repeated_touch(session, owner_id=owner_id, contact_id=contact_id, kind="note", now=now) == ""
    )


def test_an_undo_is_the_owners_for_that_contact_and_lapses_after_a_while(
    session: Session, owner_id: int
) -> None:
    contact_id = add_contact(session, owner_id, name="Maya Patel")
    touch_id = log_touch(session, owner_id, contact_id, "outreach_sent", MON_2_MAR)
    touches.delete_touch(session, owner_id=owner_id, touch_id=touch_id)
    now = datetime.now(UTC)
    offer = touches.pending_undo(session, owner_id=owner_id, contact_id=contact_id, now=now, today=MON_2_MAR)
    assert offer is not None and offer.text == "Deleted “Outreach sent on Mon 2 Mar”."
    them = other_owner(session)
    theirs = add_contact(session, them, name="Their contact")
    # Another student's contact, another contact of mine, another id: refused as not found alike.
    with pytest.raises(NotFound):
        touches.undo_change(session, owner_id=them, contact_id=contact_id, undo_id=offer.id, now=now)
    with pytest.raises(NotFound):
        touches.undo_change(session, owner_id=them, contact_id=theirs, undo_id=offer.id, now=now)
    other = add_contact(session, owner_id, name="Ada Byron")
    with pytest.raises(NotFound):
        touches.undo_change(session, owner_id=owner_id, contact_id=other, undo_id=offer.id, now=now)
    with pytest.raises(NotFound):
        touches.undo_change(session, owner_id=owner_id, contact_id=contact_id, undo_id="x", now=now)
    touches.forget_undo(session, owner_id=them, contact_id=theirs, undo_id=offer.id)  # not theirs to forget
    later = now + touches.UNDO_LASTS + timedelta(seconds=1)
    with pytest.raises(NotFound):
        touches.undo_change(session, owner_id=owner_id, contact_id=contact_id, undo_id=offer.id, now=later)
    assert (
        touches.pending_undo(session, owner_id=owner_id, contact_id=contact_id, now=later, today=MON_2_MAR)
        is None
    )
    assert touches.timeline(session, owner_id=owner_id, contact_id=contact_id) == []


def test_undo_brings_back_a_deleted_entry_and_an_edits_earlier_version(
    session: Session, owner_id: int
) -> None:
    contact_id = add_contact(session, owner_id, name="Maya Patel")
    touch_id = log_touch(session, owner_id, contact_id, "outreach_sent", MON_2_MAR, summary="First email")
    now = datetime.now(UTC)
    touches.edit_touch(
        session, owner_id=owner_id, touch_id=touch_id, kind="follow_up_sent", on=date(2026, 3, 4),
        summary="Oops", today=date(2026, 3, 9),
    )  # fmt: skip
    offer = touches.pending_undo(
        session, owner_id=owner_id, contact_id=contact_id, now=now, today=date(2026, 3, 9)
    )
    assert offer is not None and offer.text == "Corrected “Outreach sent on Mon 2 Mar”."
    touches.undo_change(session, owner_id=owner_id, contact_id=contact_id, undo_id=offer.id, now=now)
    [entry] = touches.timeline(session, owner_id=owner_id, contact_id=contact_id)
    assert (entry.id, entry.kind, entry.on, entry.summary) == (
        touch_id,
        "outreach_sent",
        "2026-03-02",
        "First email",
    )
    contact = session.get(Contact, contact_id)
    assert (
        contact is not None
        and contact.stage == "reached_out"
        and contact.follow_up_due_on == date(2026, 3, 11)
    )
    with pytest.raises(NotFound):  # used once
        touches.undo_change(session, owner_id=owner_id, contact_id=contact_id, undo_id=offer.id, now=now)
