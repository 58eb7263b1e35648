"""Today's state as the browser drives it: a fixed day's due items, "done" in one click, goal, sample."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import reflex as rx
from sqlmodel import Session, col, select

from app.domain.vocabulary import DueKind, TouchKind
from app.models import Contact, Touch
from app.services import about_me
from app.services.sample_data import load_sample_data
from app.state.today import TodayState
from tests.factories import add_contact, log_touch, other_owner

WEDNESDAY = date(2026, 3, 11)  # seven business days after Monday 2 March


def toast_text(spec: Any) -> str:
    """The JavaScript a toast runs, which holds its message and its kind ("success", "info")."""
    assert isinstance(spec, rx.event.EventSpec)
    return str(spec.args[0][1])


@pytest.fixture
def today_state(page_state: Callable[..., Any]) -> TodayState:
    return page_state(TodayState, today=WEDNESDAY)


def due_pairs(state: TodayState) -> list[tuple[str, str]]:
    return [(row.contact_name, row.kind) for row in state.due]


def touches_of(session: Session, contact_id: int) -> list[tuple[str, date]]:
    session.expire_all()
    return [
        (kind, on)
        for kind, on in session.exec(
            select(Touch.kind, Touch.happened_on)
            .where(Touch.contact_id == contact_id)
            .order_by(col(Touch.id))
        )
    ]


def test_with_sample_data_the_day_shows_what_is_due_most_urgent_first(
    today_state: TodayState, session: Session, owner_id: int
) -> None:
    load_sample_data(session, owner_id=owner_id, today=WEDNESDAY)
    session.commit()
    today_state.load()

    assert today_state.loaded and today_state.has_contacts and today_state.has_sample
    assert today_state.date_label == "Wednesday 11 March 2026"
    assert due_pairs(today_state)[0] == ("Elena García", DueKind.THANK_YOU)
    assert set(due_pairs(today_state)) == {
        ("Elena García", DueKind.THANK_YOU),
        ("Priya Shah", DueKind.FOLLOW_UP),
        ("Marcus Lee", DueKind.SECOND_CONTACT),
        ("Grace Kim", DueKind.KEEP_IN_TOUCH),
    }
    assert [(m.contact_name, m.brief_ready) for m in today_state.meetings] == [("Tom Okafor", False)]
    # Jordan's outreach went today: it counts towards the week's goal of five.
    assert (today_state.week.outreach, today_state.week.goal) == (1, 5)
    assert today_state.week.progress_text == "1 of 5 outreach emails this week"
    assert today_state.goal_input == "5"


def test_one_click_done_records_the_touch_today_and_the_item_goes(
    today_state: TodayState, session: Session, owner_id: int
) -> None:
    ada = add_contact(session, owner_id, "Ada Byron", organisation="Acme")
    log_touch(session, owner_id, ada, TouchKind.OUTREACH_SENT, date(2026, 3, 2))
    session.commit()
    today_state.load()
    assert ("Ada Byron", DueKind.FOLLOW_UP) in due_pairs(today_state)

    trigger = next(row.trigger for row in today_state.due if row.kind == DueKind.FOLLOW_UP)
    said = today_state.mark_done(ada, "follow_up", trigger)

    assert '"success"' in toast_text(said) and "Follow-up sent: noted for today." in toast_text(said)
    assert touches_of(session, ada)[-1] == (TouchKind.FOLLOW_UP_SENT, WEDNESDAY)
    # The follow-up answers the whole clock: the second-contact suggestion goes too.
    assert [pair for pair in due_pairs(today_state) if pair[0] == "Ada Byron"] == []


def test_done_on_an_item_without_a_one_click_action_records_nothing(
    today_state: TodayState, session: Session, owner_id: int
) -> None:
    ada = add_contact(session, owner_id, "Ada Byron")
    log_touch(session, owner_id, ada, TouchKind.OUTREACH_SENT, date(2026, 3, 2))
    session.commit()
    today_state.load()
    for kind in ("meeting_outcome", "password_hash", {"kind": "follow_up"}):
        said = today_state.mark_done(ada, kind)
        assert "That item has no one-click action: open the contact instead." in toast_text(said)
    assert touches_of(session, ada) == [(TouchKind.OUTREACH_SENT, date(2026, 3, 2))]


def test_done_on_someone_elses_or_a_missing_contact_changes_nothing(
    today_state: TodayState, session: Session, owner_id: int
) -> None:
    theirs = add_contact(session, other_owner(session), "Their Contact")
    session.commit()
    today_state.load()
    for contact_id in (theirs, 10**12, "abc", None):
        said = today_state.mark_done(contact_id, "follow_up")
        assert "That contact isn't here any more." in toast_text(said)
    assert touches_of(session, theirs) == []
    assert today_state.loaded


def test_the_weekly_goal_saves_as_typed_and_refuses_what_is_not_a_goal(
    today_state: TodayState, page_state: Callable[..., Any]
) -> None:
    today_state.load()
    today_state.set_goal("30")
    assert (today_state.goal_saved, today_state.goal_error) == (True, "")
    assert (
        today_state.week.goal == 30 and today_state.week.progress_text == "0 of 30 outreach emails this week"
    )

    for typed in ("0", "101", "five", ""):
        today_state.set_goal(typed)
        assert today_state.goal_error == "Choose a number from 1 to 100. Five a week is a good start."
        assert not today_state.goal_saved
    # What was saved stays saved: a fresh load (another tab) shows 30.
    again = page_state(TodayState, today=WEDNESDAY)
    again.load()
    assert again.goal_input == "30" and again.week.goal == 30


def test_sample_data_loads_once_and_removes_in_one_click(
    today_state: TodayState, session: Session, owner_id: int
) -> None:
    mine = add_contact(session, owner_id, "My Own Contact")
    session.commit()
    today_state.load()
    assert not today_state.has_sample

    said = today_state.load_sample()
    assert "Loaded 7 sample contacts." in toast_text(said)
    assert today_state.has_sample and len(today_state.due) == 4  # one card per person
    assert "The sample contacts are already here." in toast_text(today_state.load_sample())

    said = today_state.remove_sample()
    assert "Sample data removed. Your own contacts are just as they were." in toast_text(said)
    assert not today_state.has_sample and today_state.due == []
    session.expire_all()
    assert session.exec(select(Contact.id).where(Contact.owner_id == owner_id)).all() == [mine]
    assert "There was no sample data left to remove." in toast_text(today_state.remove_sample())


def test_the_about_me_card_shows_until_not_now_and_only_for_that_student(
    today_state: TodayState, session: Session, owner_id: int
) -> None:
    today_state.load()
    assert today_state.ask_about_me
    today_state.skip_about_me()
    assert not today_state.ask_about_me
    today_state.load()
    assert not today_state.ask_about_me  # not asked again
    session.expire_all()
    assert about_me.get_about_me(session, owner_id=owner_id).asked
    assert not about_me.get_about_me(session, owner_id=other_owner(session)).asked


def test_the_about_me_card_is_gone_once_about_me_is_saved(
    today_state: TodayState, session: Session, owner_id: int
) -> None:
    about_me.save_about_me(session, owner_id=owner_id, values={"name": "Grace Hopper"})
    session.commit()
    today_state.load()
    assert not today_state.ask_about_me
