"""The services the contacts page adds: the board's columns, a contact's name, and the pager's wording."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

import pytest
import reflex as rx
from sqlmodel import Session

from app.db import session_scope
from app.domain.contact_rules import ContactInput
from app.domain.day_words import friendly_date
from app.domain.vocabulary import Stage
from app.migrate import ensure_local_user, upgrade
from app.models import User
from app.services.contacts import ContactRow, board_columns, contact_name, create_contact, delete_contact
from app.services.errors import NotFound
from app.services.touches import move_to_stage
from app.state.contacts import (
    ContactsState,
    FieldErrors,
    ViewQuery,
    _form_input,
    range_text,
    row_view,
)

TODAY = date(2026, 11, 27)


def _add(session: Session, owner_id: int, name: str, **fields: str) -> int:
    return create_contact(session, owner_id=owner_id, data=ContactInput(name=name, **fields))


def test_the_board_has_every_stage_in_pipeline_order_with_counts_and_cards(
    session: Session, owner_id: int
) -> None:
    ada = _add(session, owner_id, "Ada Lovelace")
    _add(session, owner_id, "Grace Hopper")
    move_to_stage(session, owner_id=owner_id, contact_id=ada, stage=Stage.REPLIED.value, today=TODAY)

    columns = board_columns(session, owner_id=owner_id, today=TODAY)

    assert [c.stage for c in columns] == [s.value for s in Stage]
    by_stage = {c.stage: c for c in columns}
    assert by_stage["replied"].count == 1
    assert [card.name for card in by_stage["replied"].cards] == ["Ada Lovelace"]
    assert [card.name for card in by_stage["to_contact"].cards] == ["Grace Hopper"]
    assert by_stage["met"].count == 0 and by_stage["met"].cards == []
    assert by_stage["replied"].label == "Replied"


def test_a_board_column_shows_its_first_cards_and_says_how_many_more(session: Session, owner_id: int) -> None:
    for i in range(25):
        _add(session, owner_id, f"Person {i:02d}")

    column = board_columns(session, owner_id=owner_id, today=TODAY, per_stage=20)[0]

    assert column.count == 25
    assert len(column.cards) == 20
    assert column.more == 5
    assert column.cards[0].name == "Person 00"


def test_a_searched_board_counts_only_the_matches(session: Session, owner_id: int) -> None:
    _add(session, owner_id, "Ada Lovelace", organisation="Acme", source="alumni")
    _add(session, owner_id, "Alan Turing", organisation="Bletchley", source="event")

    searched = {c.stage: c for c in board_columns(session, owner_id=owner_id, today=TODAY, query="acme")}
    by_source = {c.stage: c for c in board_columns(session, owner_id=owner_id, today=TODAY, source="event")}

    assert searched["to_contact"].count == 1
    assert [card.name for card in searched["to_contact"].cards] == ["Ada Lovelace"]
    assert [card.name for card in by_source["to_contact"].cards] == ["Alan Turing"]


def test_the_board_never_shows_another_owners_or_deleted_contacts(session: Session, owner_id: int) -> None:
    other = User(display_name="Someone else", role="student")
    session.add(other)
    session.flush()
    assert other.id is not None
    _add(session, other.id, "Not yours")
    gone = _add(session, owner_id, "Deleted person")
    delete_contact(session, owner_id=owner_id, contact_id=gone)

    columns = board_columns(session, owner_id=owner_id, today=TODAY)

    assert sum(c.count for c in columns) == 0
    assert all(c.cards == [] for c in columns)


def test_contact_name_is_only_told_to_the_owner(session: Session, owner_id: int) -> None:
    ada = _add(session, owner_id, "Ada Lovelace")
    assert contact_name(session, owner_id=owner_id, contact_id=ada) == "Ada Lovelace"
    assert contact_name(session, owner_id=owner_id, contact_id=str(ada)) == "Ada Lovelace"
    with pytest.raises(NotFound):
        contact_name(session, owner_id=owner_id + 1, contact_id=ada)
    with pytest.raises(NotFound):
        contact_name(session, owner_id=owner_id, contact_id="<script>")
    delete_contact(session, owner_id=owner_id, contact_id=ada)
    with pytest.raises(NotFound):
        contact_name(session, owner_id=owner_id, contact_id=ada)


@pytest.mark.parametrize(
    ("total", "page", "expected"),
    [(0, 1, "No contacts"), (1, 1, "1–1 of 1"), (10_000, 1, "1–50 of 10,000"), (120, 3, "101–120 of 120")],
)
def test_the_pager_says_where_this_page_sits(total: int, page: int, expected: str) -> None:
    assert range_text(total, page) == expected


def test_a_submitted_form_becomes_input_whatever_the_client_sends() -> None:
    data = _form_input({"name": "Ada", "is_local": "on", "source": "alumni", "notes": 42, "role": ["x"]})
    assert data.name == "Ada"
    assert data.is_local is True
    assert data.source == "alumni"
    assert data.notes == "" and data.role == ""
    assert _form_input("not a dict").name == ""
    assert _form_input({"name": "x" * 50_000}).name == "x" * 20_000
    assert _form_input({}).source == "other" and _form_input({}).is_local is False


def test_field_errors_cover_every_field_the_form_shows() -> None:
    assert set(FieldErrors.__dataclass_fields__) == {
        "name", "email", "linkedin_url", "organisation", "role", "source", "notes",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("iso", "expected"),
    [
        ("2026-11-27", "Today"),
        ("2026-11-28", "Tomorrow"),
        ("2026-11-26", "Yesterday"),
        ("2026-12-01", "in 4 days"),
        ("2026-11-22", "5 days ago"),
        ("2026-12-25", "25 Dec"),
        ("2025-03-14", "14 Mar 2025"),
        ("", ""),
        ("not a date", ""),
    ],
)
def test_dates_are_said_the_way_a_person_says_them(iso: str, expected: str) -> None:
    assert friendly_date(iso, TODAY) == expected


def test_a_row_knows_when_its_next_step_is_due() -> None:
    base = ContactRow(
        id=1, name="Ada", organisation="", role="", source="other", source_label="Other",
        stage="reached_out", stage_label="Reached out", last_touch_on="2026-11-20", next_due_on="2026-11-27",
    )  # fmt: skip
    due = row_view(base, TODAY)
    assert due.due_now is True
    assert due.due_label == "Due today"
    assert due.last_touch_text == "20 Nov"
    later = row_view(replace(base, next_due_on="2026-12-09"), TODAY)
    assert later.due_now is False and later.due_label == "Due 9 Dec"
    assert row_view(replace(base, next_due_on=""), TODAY).due_label == ""


# ---- the page's state, driven as a browser would, with hostile payloads too ---------------------


@pytest.fixture
def state() -> ContactsState:
    upgrade()  # the default database the state's handlers use, in this test run's data folder
    return rx.State().get_substate([ContactsState.get_name()])  # type: ignore[return-value]


def test_the_state_adds_warns_of_a_duplicate_and_saves_anyway(state: ContactsState) -> None:
    name = f"Ada Statetest {uuid.uuid4().hex[:8]}"
    state.open_add()
    assert state.form_open
    state.submit_form({"name": "", "organisation": "Kept", "email": "nope"})
    assert state.errors.name == "Please add a name."
    assert state.errors.email.startswith("That email doesn't look right")
    assert state.form.organisation == "Kept"  # what was typed is kept
    state.submit_form({"name": name, "organisation": "Acme"})
    assert not state.form_open and state.notice == f"Added {name}."
    state.open_add()
    state.submit_form({"name": name.upper(), "organisation": "acme"})
    assert state.duplicate_warnings == [f"You already have {name} at Acme."]
    assert state.form_open
    state.save_anyway()
    assert not state.form_open
    state.query = name
    state.filter_stage("to_contact")
    assert state.total == 2 and state.range_label == "1–2 of 2"


def test_the_state_shrugs_off_hostile_payloads(state: ContactsState) -> None:
    state.filter_stage(["replied"])  # type: ignore[arg-type]
    assert state.stage_filter == "all"
    state.filter_source({"x": 1})  # type: ignore[arg-type]
    assert state.source_filter == "all"
    state.sort_by(["name"])  # type: ignore[arg-type]
    assert state.sort == "name"
    state.set_view(None)  # type: ignore[arg-type]
    assert state.view == "table"
    state.move_card("<script>", "replied")  # type: ignore[arg-type]
    assert state.notice.startswith("That contact isn't here")
    state.move_card(1, ["replied"])  # type: ignore[arg-type]
    state.open_edit(10**12)
    assert state.notice == "That contact isn't here any more." and not state.form_open
    state.ask_delete({"id": 1})  # type: ignore[arg-type]
    assert not state.confirm_open
    state.submit_form("not a form")  # type: ignore[arg-type]
    assert state.errors.name == "Please add a name."
    state.save_anyway()  # nothing pending: nothing saved, nothing raised
    state.undo_delete()  # nothing deleted: nothing restored


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (ViewQuery("table", "", "", "", "name", False, 1), ""),
        (ViewQuery("table", "ada l", "", "", "name", False, 1), "?q=ada+l"),
        (
            ViewQuery("table", "", "replied", "alumni", "name", False, 2),
            "?stage=replied&source=alumni&page=2",
        ),
        (ViewQuery("table", "", "", "", "next_due_on", True, 1), "?sort=-next_due_on"),
        (ViewQuery("table", "", "", "", "name", True, 1), "?sort=-name"),
        (ViewQuery("board", "&=?#", "", "", "name", False, 1), "?q=%26%3D%3F%23&view=board"),
    ],
)
def test_a_view_has_the_address_that_brings_it_back(view: ViewQuery, expected: str) -> None:
    assert view.address() == expected


def test_searching_shows_the_first_page_of_matches_and_puts_the_words_in_the_address(
    state: ContactsState,
) -> None:
    marker = uuid.uuid4().hex[:8].translate(str.maketrans("0123456789", "ghijklmnop"))  # no digits
    with session_scope() as session:
        owner_id = ensure_local_user()
        for index in range(55):
            _add(session, owner_id, f"Findme {marker} {index:02d}")
        _add(session, owner_id, f"Other {marker}")
    state.load()
    state.next_page()
    assert state.page == 2
    state.search(f"findme {marker}")
    assert (state.total, state.page, len(state.rows)) == (55, 1, 50)
    assert state.address == f"?q=findme+{marker}"
    state.search(f"{marker} 54")
    assert [row.name for row in state.rows] == [f"Findme {marker} 54"]
    assert state.range_label == "1–1 of 1"
    state.search("")
    assert state.address == "" and state.total >= 56
    state.search({"not": "words"})  # type: ignore[arg-type]
    assert state.query == "" and state.address == ""
