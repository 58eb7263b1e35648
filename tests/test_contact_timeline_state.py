"""The contact page's state: correcting, deleting and undoing timeline entries, and the repeat question."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from app.db import session_scope
from app.models import Contact, Touch
from app.services.contacts import contact_detail
from app.state.contact import ContactState
from app.state.contacts import ContactsState
from tests.factories import add_contact, log_touch, other_owner
from tests.test_contact_page_services import MON_9_MAR, open_page

MON_2_MAR = date(2026, 3, 2)


@pytest.fixture
def state(page_state: Callable[..., Any]) -> ContactState:
    return page_state(ContactState, today=MON_9_MAR)


def contact_with_outreach(engine: Engine, owner_id: int) -> tuple[int, int]:
    with session_scope(engine) as session:
        contact_id = add_contact(session, owner_id, "Maya Patel")
        return contact_id, log_touch(
            session, owner_id, contact_id, "outreach_sent", MON_2_MAR, today=MON_9_MAR
        )


def test_editing_an_entrys_date_moves_the_next_due_date(
    state: ContactState, engine: Engine, owner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    contact_id, touch_id = contact_with_outreach(engine, owner_id)
    open_page(state, monkeypatch, contact_id)
    assert state.next_due_label == "Thu 5 Mar"  # three business days: try a second contact
    assert "Follow-up due Wed 11 Mar." in state.status_text
    state.start_edit(touch_id)
    assert (state.editing_touch_id, state.edit_on) == (touch_id, "2026-03-02")
    state.set_edit_on("2026-03-09")
    state.set_edit_summary("Sent it on Monday")
    state.save_edit()
    assert state.editing_touch_id == 0
    assert state.next_due_label == "Thu 12 Mar"
    assert "Follow-up due Wed 18 Mar." in state.status_text
    assert state.timeline[0].summary == "Sent it on Monday"


def test_an_edit_into_the_future_says_why_and_keeps_the_form(
    state: ContactState, engine: Engine, owner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    contact_id, touch_id = contact_with_outreach(engine, owner_id)
    open_page(state, monkeypatch, contact_id)
    state.start_edit(touch_id)
    state.set_edit_on("2026-03-20")
    state.save_edit()
    assert state.edit_errors == {"on": "That's after today: log it once it has happened."}
    assert state.editing_touch_id == touch_id and state.edit_on == "2026-03-20"
    assert state.timeline[0].on == "2026-03-02"


def test_logging_a_future_touch_is_refused_beside_the_date(
    state: ContactState, engine: Engine, owner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    contact_id, _ = contact_with_outreach(engine, owner_id)
    open_page(state, monkeypatch, contact_id)
    state.set_log_kind("reply_received")
    state.set_log_on("2026-03-10")
    state.set_log_summary("kept")
    state.log_touch()
    assert "after today" in state.log_errors["on"]
    assert state.log_summary == "kept" and len(state.timeline) == 1


def test_deleting_an_entry_offers_undo_which_brings_it_back(
    state: ContactState, engine: Engine, owner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    contact_id, touch_id = contact_with_outreach(engine, owner_id)
    open_page(state, monkeypatch, contact_id)
    state.delete_entry(touch_id)
    assert state.timeline == [] and state.detail.stage == "to_contact" and state.next_due_label == ""
    assert state.undo_text == "Deleted “Outreach sent on Mon 2 Mar”."
    state.undo_delete()
    assert [item.id for item in state.timeline] == [touch_id]
    assert state.detail.stage == "reached_out" and state.next_due_label == "Thu 5 Mar"
    assert state.undo_text == ""
    state.undo_delete()  # a second Undo does nothing
    assert len(state.timeline) == 1


def test_undo_survives_a_reload_for_a_delete_and_for_a_correction(
    page_state: Callable[..., Any], engine: Engine, owner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    contact_id, touch_id = contact_with_outreach(engine, owner_id)
    first = page_state(ContactState, today=MON_9_MAR)
    open_page(first, monkeypatch, contact_id)
    first.delete_entry(touch_id)
    # A reload: a fresh page state, nothing kept from the first one.
    reloaded = page_state(ContactState, today=MON_9_MAR)
    open_page(reloaded, monkeypatch, contact_id)
    assert reloaded.timeline == []
    assert reloaded.undo_text == "Deleted “Outreach sent on Mon 2 Mar”."
    reloaded.undo_delete()
    assert [item.id for item in reloaded.timeline] == [touch_id] and reloaded.undo_text == ""
    assert reloaded.next_due_label == "Thu 5 Mar"

    reloaded.start_edit(touch_id)
    reloaded.set_edit_on("2026-03-09")
    reloaded.set_edit_summary("Sent it on Monday")
    reloaded.save_edit()
    assert reloaded.next_due_label == "Thu 12 Mar"
    again = page_state(ContactState, today=MON_9_MAR)
    open_page(again, monkeypatch, contact_id)
    assert again.undo_text == "Corrected “Outreach sent on Mon 2 Mar”."
    again.undo_delete()
    assert (again.timeline[0].on, again.timeline[0].summary) == ("2026-03-02", "")
    assert again.next_due_label == "Thu 5 Mar" and again.undo_text == ""
    # Dismissed, it is not offered after the next reload either.
    again.delete_entry(touch_id)
    again.dismiss_undo()
    last = page_state(ContactState, today=MON_9_MAR)
    open_page(last, monkeypatch, contact_id)
    assert last.undo_text == "" and last.timeline == []


def test_logging_the_same_touch_again_asks_first(
    state: ContactState, engine: Engine, owner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    contact_id, _ = contact_with_outreach(engine, owner_id)
    open_page(state, monkeypatch, contact_id)
    state.set_log_kind("outreach_sent")
    state.set_log_summary("again")
    state.log_touch()
    assert state.repeat_question == "You logged outreach to Maya Patel a minute ago: log it again?"
    assert len(state.timeline) == 1
    state.keep_single()
    assert state.repeat_question == "" and len(state.timeline) == 1 and state.log_summary == "again"
    state.log_touch()
    state.log_again()
    assert state.repeat_question == "" and len(state.timeline) == 2


def test_another_students_touch_ids_are_a_calm_no_op(
    state: ContactState, engine: Engine, owner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    contact_id, mine = contact_with_outreach(engine, owner_id)
    with session_scope(engine) as session:
        them = other_owner(session)
        theirs = log_touch(session, them, add_contact(session, them, "Not Yours"), "note", MON_2_MAR)
        # Another of my contacts: its entries are not this page's to change.
        elsewhere = log_touch(
            session, owner_id, add_contact(session, owner_id, "Elsewhere"), "note", MON_2_MAR
        )
    open_page(state, monkeypatch, contact_id)
    for touch_id in (theirs, elsewhere, "abc", {"id": mine}, -1):
        state.start_edit(touch_id)  # type: ignore[arg-type]
        assert state.editing_touch_id == 0
        state.delete_entry(touch_id)  # type: ignore[arg-type]
        assert state.undo_text == ""
    with session_scope(engine) as session:
        assert session.get(Touch, theirs) is not None and session.get(Touch, elsewhere) is not None
    assert [item.id for item in state.timeline] == [mine]


# ---- editing and deleting the contact from its own page (the table's dialogs) --------------------


@pytest.fixture
def dialogs(page_state: Callable[..., Any]) -> ContactsState:
    return page_state(ContactsState, today=MON_9_MAR)


def test_the_contact_page_edits_through_the_tables_dialog_and_keeps_the_rest(
    dialogs: ContactsState, engine: Engine, owner_id: int
) -> None:
    with session_scope(engine) as session:
        contact_id = add_contact(session, owner_id, "Maya Patel", email="maya@example.org", phone="+44 1")
    dialogs.open_edit_on_page(contact_id)
    assert dialogs.form_open and dialogs.editing and dialogs.form.email == "maya@example.org"
    answer = dialogs.submit_form({"name": "Maya Patel-Shah", "organisation": "Acme"})
    assert not dialogs.form_open
    assert isinstance(answer, list) and len(answer) == 3  # the contact page is read again, and a toast
    with session_scope(engine) as session:
        kept = contact_detail(session, owner_id=owner_id, contact_id=contact_id, today=MON_9_MAR)
    assert (kept.name, kept.organisation, kept.email, kept.phone) == (
        "Maya Patel-Shah", "Acme", "maya@example.org", "+44 1",
    )  # fmt: skip


def test_deleting_from_the_contact_page_opens_the_list_with_undo(
    dialogs: ContactsState, engine: Engine, owner_id: int
) -> None:
    with session_scope(engine) as session:
        contact_id = add_contact(session, owner_id, "Maya Patel")
    dialogs.ask_delete_on_page(contact_id)
    assert dialogs.confirm_open and dialogs.delete_name == "Maya Patel"
    dialogs.confirm_delete()
    with session_scope(engine) as session:
        row = session.get(Contact, contact_id)
        assert row is not None and row.deleted_at is not None
    dialogs.load()  # the contacts list opens
    assert dialogs.notice == "Deleted Maya Patel." and dialogs.undo_name == "Maya Patel"
    dialogs.undo_delete()
    assert dialogs.notice == "Maya Patel is back." and dialogs.total == 1
    dialogs.load()  # said once: a later visit starts calm
    assert dialogs.notice == ""


def test_another_students_contact_cannot_be_opened_in_the_dialogs(
    dialogs: ContactsState, engine: Engine, owner_id: int
) -> None:
    with session_scope(engine) as session:
        theirs = add_contact(session, other_owner(session), "Not Yours")
    dialogs.open_edit_on_page(theirs)
    dialogs.ask_delete_on_page(theirs)
    assert not dialogs.form_open and not dialogs.confirm_open and dialogs.delete_name == ""
