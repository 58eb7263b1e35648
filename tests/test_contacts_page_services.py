"""The services the contacts page adds: the board's columns, a contact's name, and the pager's wording."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.domain.contact_rules import CONTACT_FIELDS, ContactCreate, ContactUpdate
from app.domain.day_words import friendly_date
from app.domain.vocabulary import Source, Stage
from app.services.contacts import (
    BoardColumn,
    ContactRow,
    board_columns,
    contact_input,
    contact_name,
    delete_contact,
    update_contact,
)
from app.services.errors import NotFound
from app.services.touches import move_to_stage
from app.state.contacts import ContactsState
from app.state.contacts_view import FieldErrors, ViewQuery, form_create, form_update, range_text, row_view
from tests.factories import ADA, add_contact, other_owner

TODAY = date(2026, 11, 27)


def test_the_board_has_every_stage_in_pipeline_order_with_counts_and_cards(
    session: Session, owner_id: int
) -> None:
    ada = add_contact(session, owner_id, "Ada Lovelace")
    add_contact(session, owner_id, "Grace Hopper")
    move_to_stage(session, owner_id=owner_id, contact_id=ada, stage=Stage.REPLIED.value, today=TODAY)

    columns = board_columns(session, owner_id=owner_id, today=TODAY)

    assert [c.stage for c in columns] == [s.value for s in Stage]
    by_stage = {c.stage: c for c in columns}
    assert by_stage[Stage.REPLIED].count == 1
    assert [card.name for card in by_stage[Stage.REPLIED].cards] == ["Ada Lovelace"]
    assert [card.name for card in by_stage[Stage.TO_CONTACT].cards] == ["Grace Hopper"]
    assert by_stage[Stage.MET].count == 0 and by_stage[Stage.MET].cards == []
    assert by_stage[Stage.REPLIED].label == "Replied"


def test_a_board_column_shows_its_first_cards_and_says_how_many_more(session: Session, owner_id: int) -> None:
    for i in range(25):
        add_contact(session, owner_id, f"Person {i:02d}")

    column = board_columns(session, owner_id=owner_id, today=TODAY, per_stage=20)[0]

    assert column.count == 25
    assert len(column.cards) == 20
    assert column.more == 5
    assert column.cards[0].name == "Person 00"


def test_a_searched_board_counts_only_the_matches(session: Session, owner_id: int) -> None:
    add_contact(session, owner_id, "Ada Lovelace", organisation="Acme", source=Source.ALUMNI)
    add_contact(session, owner_id, "Alan Turing", organisation="Bletchley", source=Source.EVENT)

    def board(**filters: str) -> dict[str, BoardColumn]:
        return {c.stage: c for c in board_columns(session, owner_id=owner_id, today=TODAY, **filters)}

    searched = board(query="acme")
    by_source = board(source=Source.EVENT)

    assert searched[Stage.TO_CONTACT].count == 1
    assert [card.name for card in searched[Stage.TO_CONTACT].cards] == ["Ada Lovelace"]
    assert [card.name for card in by_source[Stage.TO_CONTACT].cards] == ["Alan Turing"]


def test_the_board_never_shows_another_owners_or_deleted_contacts(session: Session, owner_id: int) -> None:
    add_contact(session, other_owner(session), "Not yours")
    gone = add_contact(session, owner_id, "Deleted person")
    delete_contact(session, owner_id=owner_id, contact_id=gone)

    columns = board_columns(session, owner_id=owner_id, today=TODAY)

    assert sum(c.count for c in columns) == 0
    assert all(c.cards == [] for c in columns)


def test_contact_name_is_only_told_to_the_owner(session: Session, owner_id: int) -> None:
    ada = add_contact(session, owner_id, "Ada Lovelace")
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


def test_a_submitted_add_form_becomes_a_new_contact_whatever_the_client_sends() -> None:
    data = form_create({"name": "Ada", "is_local": "on", "source": "alumni", "notes": 42, "role": ["x"]})
    assert data.name == "Ada"
    assert data.is_local is True
    assert data.source == Source.ALUMNI
    assert data.notes == "" and data.role == ""
    assert form_create("not a dict").name == ""
    assert form_create({"name": "x" * 50_000}).name == "x" * 20_000
    assert form_create({}).source == Source.OTHER and form_create({}).is_local is False
    assert form_create({"name": "Ada", "phone": "+44 20 7946 0000"}).phone == "+44 20 7946 0000"


def test_a_submitted_edit_form_changes_only_the_fields_it_sent() -> None:
    update = form_update({"name": "Ada", "notes": 42, "unknown": "x"})
    # The dialog's checkbox is always on the form: a browser leaves it out when unticked.
    assert update.sent() == {"name": "Ada", "notes": "", "is_local": False}
    assert form_update({"phone": "+44 20", "is_local": "on"}).sent() == {"phone": "+44 20", "is_local": True}
    assert form_update({"source": ""}).source == Source.OTHER
    assert form_update("not a dict").sent() == {"is_local": False}


def test_field_errors_cover_every_field_the_form_shows() -> None:
    assert set(FieldErrors.__dataclass_fields__) == set(CONTACT_FIELDS) - {"is_local"}
    assert FieldErrors.of({"phone": "Too long", "stage": "not a form field"}) == FieldErrors(phone="Too long")


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
        id=1, name="Ada", organisation="", role="", source=Source.OTHER, source_label="Other",
        stage=Stage.REACHED_OUT, stage_label="Reached out",
        last_touch_on="2026-11-20", next_due_on="2026-11-27",
    )  # fmt: skip
    due = row_view(base, TODAY)
    assert due.due_now is True
    assert due.due_label == "Due today"
    assert due.last_touch_text == "20 Nov"
    later = row_view(replace(base, next_due_on="2026-12-09"), TODAY)
    assert later.due_now is False and later.due_label == "Due 9 Dec"
    assert row_view(replace(base, next_due_on=""), TODAY).due_label == ""


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (ViewQuery("table", "", "", "", "name", False, 1), ""),
        (ViewQuery("table", "ada l", "", "", "name", False, 1), "?q=ada+l"),
        (
            ViewQuery("table", "", Stage.REPLIED, Source.ALUMNI, "name", False, 2),
            "?stage=replied&source=alumni&page=2",
        ),
        (ViewQuery("table", "", "", "", "next_due_on", True, 1), "?sort=-next_due_on"),
        (ViewQuery("table", "", "", "", "name", True, 1), "?sort=-name"),
        (ViewQuery("board", "&=?#", "", "", "name", False, 1), "?q=%26%3D%3F%23&view=board"),
    ],
)
def test_a_view_has_the_address_that_brings_it_back(view: ViewQuery, expected: str) -> None:
    assert view.address() == expected
    assert ViewQuery.from_address(dict(_query_pairs(expected))) == view


def _query_pairs(address: str) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl

    return parse_qsl(address.lstrip("?"))


def test_an_address_with_nonsense_in_it_falls_back_to_the_plain_view() -> None:
    hostile = {"stage": "nope", "source": ["alumni"], "sort": "-password", "page": "-3", "view": "x", "q": 5}
    assert ViewQuery.from_address(hostile) == ViewQuery("table", "", "", "", "name", True, 1)
    assert ViewQuery.from_address({"page": "many"}).page == 1


# ---- the page's state, driven as a browser would, with hostile payloads too ---------------------

PageState = Callable[..., Any]


@pytest.fixture
def state(page_state: PageState) -> ContactsState:
    state = page_state(ContactsState, today=TODAY)
    state.load()
    return state


def test_the_state_adds_warns_of_a_duplicate_and_saves_anyway(state: ContactsState) -> None:
    assert state.has_any is False and state.range_label == "No contacts"
    state.open_add()
    assert state.form_open and state.dialog_title == "Add a contact"
    state.submit_form({"name": "", "organisation": "Kept", "email": "nope"})
    assert state.errors.name == "Please add a name."
    assert state.errors.email.startswith("That email doesn't look right")
    assert state.form.organisation == "Kept"  # what was typed is kept
    state.submit_form({"name": "Ada Lovelace", "organisation": "Acme", "phone": "+44 20 7946 0000"})
    assert not state.form_open and state.notice == "Added Ada Lovelace."
    state.open_add()
    state.submit_form({"name": "ADA LOVELACE", "organisation": "acme"})
    assert state.duplicate_warnings == ["You already have Ada Lovelace at Acme."]
    assert state.form_open
    state.save_anyway()
    assert not state.form_open and state.notice == "Added ADA LOVELACE."
    state.filter_stage(Stage.TO_CONTACT)
    assert state.total == 2 and state.range_label == "1–2 of 2" and state.has_any


def test_the_state_shrugs_off_hostile_payloads(state: ContactsState) -> None:
    state.filter_stage(["replied"])  # type: ignore[arg-type]
    assert state.stage_filter == "all"
    state.filter_source({"x": 1})  # type: ignore[arg-type]
    assert state.source_filter == "all"
    state.sort_by(["name"])  # type: ignore[arg-type]
    assert state.sort == "name"
    state.set_view(None)  # type: ignore[arg-type]
    assert state.view == "table"
    state.move_card("<script>", Stage.REPLIED)  # type: ignore[arg-type]
    assert state.notice.startswith("That contact isn't here")
    state.move_card(1, ["replied"])  # type: ignore[arg-type]
    state.open_edit(10**12)
    assert state.notice == "That contact isn't here any more." and not state.form_open
    state.notice = ""
    state.ask_delete({"id": 1})  # type: ignore[arg-type]
    assert not state.confirm_open and state.notice == "That contact isn't here any more."
    state.submit_form("not a form")  # type: ignore[arg-type]
    assert state.errors.name == "Please add a name."
    state.save_anyway()  # nothing pending: nothing saved, nothing raised
    state.undo_delete()  # nothing deleted: nothing restored
    assert state.total == 0


def test_searching_shows_the_first_page_of_matches_and_puts_the_words_in_the_address(
    state: ContactsState, engine: Engine, owner_id: int
) -> None:
    with Session(engine) as session:
        for index in range(55):
            add_contact(session, owner_id, f"Findme {index:02d}")
        add_contact(session, owner_id, "Other person")
        session.commit()
    state.load()
    state.next_page()
    assert state.page == 2
    state.search("findme")
    assert (state.total, state.page, len(state.rows)) == (55, 1, 50)
    assert state.address == "?q=findme"
    state.search("findme 54")
    assert [row.name for row in state.rows] == ["Findme 54"]
    assert state.range_label == "1–1 of 1"
    state.search("")
    assert state.address == "" and state.total == 56
    state.search({"not": "words"})  # type: ignore[arg-type]
    assert state.query == "" and state.address == ""


def test_the_table_sorts_pages_and_clears_its_filters_with_the_address_following(
    state: ContactsState, engine: Engine, owner_id: int
) -> None:
    with Session(engine) as session:
        for index in range(51):
            add_contact(session, owner_id, f"Person {index:02d}", role=f"Role {50 - index:02d}")
        add_contact(session, owner_id, "Zed Alumnus", source=Source.ALUMNI)
        session.commit()
    state.load()
    assert (state.total, state.pages, state.rows[0].name) == (52, 2, "Person 00")
    state.previous_page()  # already on the first page
    state.next_page()
    state.next_page()  # already on the last page
    assert state.page == 2 and [row.name for row in state.rows] == ["Person 50", "Zed Alumnus"]
    state.sort_by("name")
    assert state.descending and state.page == 1 and state.rows[0].name == "Zed Alumnus"
    assert state.address == "?sort=-name"
    state.sort_by("role")
    assert not state.descending and state.rows[0].name == "Zed Alumnus"  # no role sorts first
    state.sort_by("password")  # not a column: nothing changes
    assert state.sort == "role"
    state.filter_source(Source.ALUMNI)
    state.search("zed")
    assert state.total == 1 and state.address == "?q=zed&source=alumni&sort=role"
    state.clear_filters()
    assert (state.query, state.source_filter, state.total, state.address) == ("", "all", 52, "?sort=role")


def test_the_dialog_suggests_organisations_and_closes_without_saving(
    state: ContactsState, engine: Engine, owner_id: int
) -> None:
    with Session(engine) as session:
        add_contact(session, owner_id, "Ada Lovelace", organisation="Analytical Engines")
        add_contact(session, owner_id, "Grace Hopper", organisation="US Navy")
        session.commit()
    state.open_add()
    assert state.organisation_options == ["Analytical Engines", "US Navy"]
    state.suggest_organisations("us")
    assert state.organisation_options == ["US Navy"]
    state.suggest_organisations(["us"])  # type: ignore[arg-type]
    assert state.organisation_options == ["Analytical Engines", "US Navy"]
    state.submit_form({"name": "ada lovelace", "organisation": "analytical engines"})
    assert state.duplicate_warnings
    state.set_form_open(True)  # the dialog cannot be opened from the browser, only closed
    assert state.form_open
    state.set_form_open(False)
    assert not state.form_open and state.duplicate_warnings == []
    state.load()
    assert state.total == 2  # nothing was saved
    state.set_form_open(True)
    assert not state.form_open
    state.notice = "Something happened."
    state.dismiss_notice()
    assert state.notice == ""


def test_a_deleted_contact_comes_back_with_undo(state: ContactsState, engine: Engine, owner_id: int) -> None:
    with Session(engine) as session:
        hedy = add_contact(session, owner_id, "Hedy Lamarr")
        session.commit()
    state.load()
    state.ask_delete(hedy)
    assert state.confirm_open and state.delete_name == "Hedy Lamarr"
    state.confirm_delete()
    assert state.notice == "Deleted Hedy Lamarr." and state.undo_name == "Hedy Lamarr" and state.total == 0
    state.undo_delete()
    assert state.notice == "Hedy Lamarr is back." and state.undo_name == "" and state.total == 1
    state.ask_delete(hedy)
    with Session(engine) as session:  # deleted meanwhile, in another tab
        delete_contact(session, owner_id=owner_id, contact_id=hedy)
        session.commit()
    state.confirm_delete()
    assert state.notice == "That contact was already gone." and state.undo_name == ""


def test_a_card_moved_on_the_board_says_where_it_went(
    state: ContactsState, engine: Engine, owner_id: int
) -> None:
    with Session(engine) as session:
        katherine = add_contact(session, owner_id, "Katherine Johnson")
        session.commit()
    state.set_view("board")
    state.move_card(str(katherine), Stage.REPLIED)
    assert state.notice == "Moved Katherine Johnson to Replied."
    replied = next(column for column in state.board if column.stage == Stage.REPLIED)
    assert [card.name for card in replied.cards] == ["Katherine Johnson"]


# ---- an edit changes exactly the field it changes (the phone number was erased by every edit) --------

# One new value per field, each already in its stored (normalised) form.
EDITS: dict[str, object] = {
    "name": "Ada King",
    "email": "countess@example.org",
    "phone": "+44 20 7946 0999",
    "linkedin_url": "https://www.linkedin.com/in/ada-king",
    "organisation": "Babbage & Co",
    "role": "Countess",
    "source": Source.EVENT.value,
    "is_local": False,
    "notes": "Met at the Royal Institution.",
}


def test_every_field_has_an_edit() -> None:
    assert set(EDITS) == set(CONTACT_FIELDS)


@pytest.fixture
def ada(engine: Engine, owner_id: int) -> int:
    """ADA, saved: the contact every edit below starts from."""
    with Session(engine) as session:
        contact_id = add_contact(session, owner_id, **ADA.sent())
        session.commit()
    return contact_id


def _stored(engine: Engine, owner_id: int, contact_id: int) -> ContactCreate:
    with Session(engine) as session:  # a fresh session: what the database holds, not what one remembers
        return contact_input(session, owner_id=owner_id, contact_id=contact_id)


@pytest.mark.parametrize("field", list(EDITS))
def test_the_service_changes_one_field_and_keeps_every_other(
    field: str, ada: int, engine: Engine, owner_id: int
) -> None:
    with Session(engine) as session:
        edit = ContactUpdate(**{field: EDITS[field]})
        update_contact(session, owner_id=owner_id, contact_id=ada, data=edit)
        session.commit()
    assert _stored(engine, owner_id, ada) == replace(ADA, **{field: EDITS[field]})


def _as_browser_sends(form: ContactCreate, **changes: object) -> dict[str, str]:
    """The edit dialog's fields as a browser submits them: every text field, the checkbox only when ticked."""
    values = {**form.sent(), **changes}
    sent = {name: value for name, value in values.items() if name != "is_local"}
    return {**sent, "is_local": "on"} if values["is_local"] else sent


@pytest.mark.parametrize("field", list(EDITS))
def test_the_edit_dialog_changes_one_field_and_keeps_every_other(
    field: str, ada: int, state: ContactsState, engine: Engine, owner_id: int
) -> None:
    state.load()
    state.open_edit(ada)
    assert state.form == ADA and state.dialog_title == "Edit contact"
    state.submit_form(_as_browser_sends(state.form, **{field: EDITS[field]}))
    assert not state.form_open, state.errors
    assert state.notice == f"Saved changes to {EDITS['name'] if field == 'name' else ADA.name}."
    assert _stored(engine, owner_id, ada) == replace(ADA, **{field: EDITS[field]})


def test_an_edit_form_without_a_phone_field_keeps_the_phone(
    ada: int, state: ContactsState, engine: Engine, owner_id: int
) -> None:
    state.open_edit(ada)
    without_phone = {k: v for k, v in _as_browser_sends(state.form, role="Countess").items() if k != "phone"}
    state.submit_form(without_phone)
    stored = _stored(engine, owner_id, ada)
    assert stored.phone == ADA.phone and stored.role == "Countess"


def test_an_edit_is_checked_and_warns_of_a_duplicate_before_it_is_saved(
    ada: int, state: ContactsState, engine: Engine, owner_id: int
) -> None:
    with Session(engine) as session:
        add_contact(session, owner_id, "Grace Hopper", organisation="US Navy", phone="555")
        session.commit()
    state.open_edit(ada)
    state.submit_form(_as_browser_sends(state.form, email="not an email", phone="1" * 51))
    assert state.errors.email.startswith("That email doesn't look right")
    assert state.errors.phone == "Keep the phone number under 50 characters."
    assert state.form.phone == "1" * 51 and state.form_open  # what was typed stays
    assert _stored(engine, owner_id, ada) == ADA
    state.submit_form(_as_browser_sends(ADA, name="grace hopper", organisation="US NAVY"))
    assert state.duplicate_warnings == ["You already have Grace Hopper at US Navy."]
    assert _stored(engine, owner_id, ada) == ADA
    state.keep_editing()
    # The contact is not a duplicate of itself.
    state.submit_form(_as_browser_sends(ADA, notes="Unchanged name: no warning."))
    assert not state.form_open and _stored(engine, owner_id, ada).notes == "Unchanged name: no warning."
    state.open_edit(ada)
    state.submit_form(_as_browser_sends(state.form, name="Grace Hopper", organisation="US Navy"))
    state.save_anyway()
    stored = _stored(engine, owner_id, ada)
    assert (stored.name, stored.organisation, stored.phone) == ("Grace Hopper", "US Navy", ADA.phone)


def test_an_edit_of_a_contact_deleted_meanwhile_says_so(
    ada: int, state: ContactsState, engine: Engine, owner_id: int
) -> None:
    state.open_edit(ada)
    with Session(engine) as session:
        delete_contact(session, owner_id=owner_id, contact_id=ada)
        session.commit()
    state.submit_form(_as_browser_sends(state.form, role="Countess"))
    assert not state.form_open and state.notice == "That contact isn't here any more."
