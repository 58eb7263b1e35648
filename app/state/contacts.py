"""The contacts page's state: one page of the tracker or the board, and the add, edit and delete flows."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import reflex as rx
from reflex.event import EventSpec

from app import routes
from app.db import read_connection
from app.domain.contact_rules import ContactCreate, ContactUpdate
from app.domain.vocabulary import STAGE_LABELS, Source, Stage
from app.services import contacts as contact_service
from app.services.cards import next_due_by_contact
from app.services.contacts import SORTABLE, ContactRow
from app.services.errors import ValidationFailed
from app.services.organisations import organisation_names
from app.services.outreach_marks import overlap_for_input
from app.services.touches import move_to_stage
from app.state.base import PageState, as_id, if_missing
from app.state.contacts_view import (
    ALL,
    QUERY_LIMIT,
    SOURCE_VALUES,
    STAGE_VALUES,
    VIEWS,
    ColumnView,
    FieldErrors,
    RowView,
    ViewQuery,
    choice,
    column_view,
    form_create,
    form_update,
    range_text,
    row_view,
    text,
)

__all__ = ["ADD_BUTTON_ID", "ALL", "ColumnView", "ContactsState", "FieldErrors", "RowView"]

ADD_BUTTON_ID = "contacts-add"
GONE = "That contact isn't here any more."
ADDRESS_KEYS = ("q", "stage", "source", "sort", "page", "view")
PAGE_EDIT_ID = "contact-page-edit"
PAGE_DELETE_ID = "contact-page-delete"


def _with_next_due(row: ContactRow, due: dict[int, str]) -> ContactRow:
    """The row's "Next due" from the card rule: the same date Today and the contact page show."""
    return replace(row, next_due_on=due.get(row.id, ""))


def _cleaned(data: ContactCreate | ContactUpdate) -> ContactCreate | ContactUpdate:
    """`clean_input` for either shape: its TypeVar gives back the shape it gets, so each is passed alone."""
    if isinstance(data, ContactUpdate):
        return contact_service.clean_input(data)
    return contact_service.clean_input(data)


class ContactsState(PageState):
    """What the contacts page shows. Rows are RowView shapes, one page (or 20 per column) at most."""

    view: str = "table"
    query: str = ""
    stage_filter: str = ALL
    source_filter: str = ALL
    sort: str = "name"
    descending: bool = False
    page: int = 1
    pages: int = 1
    total: int = 0
    rows: rx.Field[list[RowView]] = rx.field(default_factory=list)
    board: rx.Field[list[ColumnView]] = rx.field(default_factory=list)
    has_any: bool = True
    loaded: bool = False

    # The add/edit dialog.
    form_open: bool = False
    editing: bool = False
    form_key: int = 0
    form: ContactCreate = ContactCreate(name="")
    errors: FieldErrors = FieldErrors()
    duplicate_warnings: rx.Field[list[str]] = rx.field(default_factory=list)
    organisation_options: rx.Field[list[str]] = rx.field(default_factory=list)
    form_message: str = ""

    # Delete, undo, and one calm line about what just happened.
    confirm_open: bool = False
    delete_name: str = ""
    undo_name: str = ""
    notice: str = ""
    # The query string the address bar shows for this view ("?q=ada&page=2"); see AddressSync.
    address: str = ""

    _editing_id: int = 0
    _delete_id: int = 0
    _undo_id: int = 0
    # The cleaned fields of a save waiting on the duplicate warning's answer.
    _pending: rx.Field[dict[str, Any]] = rx.field(default_factory=dict)
    _opener: str = ADD_BUTTON_ID  # the button a dialog gives the keyboard back to when it closes
    # True while the dialogs were opened from a contact's own page rather than from the table.
    _from_contact_page: bool = False
    # What a delete on the contact page says once the list opens: (notice, undo name).
    _arrival: rx.Field[list[str]] = rx.field(default_factory=list)

    # ---- what the page shows -------------------------------------------------------------

    @rx.var
    def range_label(self) -> str:
        return range_text(self.total, self.page)

    @rx.var
    def dialog_title(self) -> str:
        return "Edit contact" if self.editing else "Add a contact"

    def _view(self) -> ViewQuery:
        return ViewQuery(
            view=self.view,
            query=self.query,
            stage=self.stage_filter if self.stage_filter != ALL else "",
            source=self.source_filter if self.source_filter != ALL else "",
            sort=self.sort,
            descending=self.descending,
            page=self.page,
        )

    def _read(self, view: ViewQuery, *, has_any: bool | None = None) -> dict[str, Any]:
        """Reads what the view needs through a plain connection (no ORM session: this runs per keystroke).

        `has_any`, when the caller already knows whether the student has any contact, saves a query.
        """
        owner_id, clock = self._owner_id(), self._clock()
        day = clock.today
        self._catch_up(clock)
        with read_connection() as connection:
            if has_any is None:
                has_any = contact_service.has_contacts(connection, owner_id=owner_id)
            if view.view == "board":
                board = contact_service.board_columns(
                    connection, owner_id=owner_id, today=day, query=view.query, source=view.source
                )
                due = next_due_by_contact(
                    connection,
                    owner_id=owner_id,
                    contact_ids=[card.id for column in board for card in column.cards],
                    clock=clock,
                )
                board = [
                    replace(column, cards=[_with_next_due(card, due) for card in column.cards])
                    for column in board
                ]
                return {"has_any": has_any, "board": [column_view(column, day) for column in board]}
            found = contact_service.list_contacts(
                connection,
                owner_id=owner_id,
                today=day,
                query=view.query,
                stage=view.stage,
                source=view.source,
                sort=view.sort,
                descending=view.descending,
                page=view.page,
            )
            due = next_due_by_contact(
                connection, owner_id=owner_id, contact_ids=[row.id for row in found.rows], clock=clock
            )
        return {
            "has_any": has_any,
            "rows": [row_view(_with_next_due(row, due), day) for row in found.rows],
            "total": found.total,
            "page": found.page,
            "pages": found.pages,
        }

    def _show(self, view: ViewQuery, result: dict[str, Any]) -> None:
        """Puts what was read for `view` on the page, and the view in the address (see AddressSync)."""
        # Only what changed is assigned: every assignment is sent to the browser.
        if not self.loaded:
            self.loaded = True
        for name, value in result.items():
            if getattr(self, name) != value:
                setattr(self, name, value)
        address = replace(view, page=result.get("page", view.page)).address()
        if address != self.address:
            self.address = address

    def _refresh(self) -> None:
        view = self._view()
        self._show(view, self._read(view))

    # ---- loading, searching, filtering, sorting, paging ------------------------------------

    @rx.event
    def load(self) -> EventSpec:
        self.form_open = False
        self.confirm_open = False
        self.notice = ""
        self.undo_name = ""
        self._from_contact_page = False
        if self._arrival:
            self.notice, self.undo_name = self._arrival
            self._arrival = []
        view = ViewQuery.from_address({key: self._query_param(key) for key in ADDRESS_KEYS})
        self.view, self.query, self.sort, self.descending, self.page = (
            view.view, view.query, view.sort, view.descending, view.page,
        )  # fmt: skip
        self.stage_filter = view.stage or ALL
        self.source_filter = view.source or ALL
        self._refresh()
        # The search box is uncontrolled and may have mounted with an earlier visit's words.
        return rx.set_value("contacts-search", self.query)

    @rx.event
    def search(self, value: str) -> None:
        """Runs as the student types (debounced in the page); each answer is one indexed query.

        A plain event, not a background one: a tab's events run one after another, so the rows
        shown always answer the newest words, and the answer needs one trip through the state lock.
        """
        self.query = text(value, QUERY_LIMIT)
        # New words start at page 1 (`_show` moves the pager there). Typing does not change whether
        # the student has contacts at all, so that check is skipped.
        view = replace(self._view(), page=1)
        self._show(view, self._read(view, has_any=self.has_any))

    @rx.event
    def filter_stage(self, value: str) -> None:
        self.stage_filter = choice(value, STAGE_VALUES, ALL)
        self.page = 1
        self._refresh()

    @rx.event
    def filter_source(self, value: str) -> None:
        self.source_filter = choice(value, SOURCE_VALUES, ALL)
        self.page = 1
        self._refresh()

    @rx.event
    def clear_filters(self) -> EventSpec:
        self.query = ""
        self.stage_filter = ALL
        self.source_filter = ALL
        self.page = 1
        self._refresh()
        # The search box is uncontrolled (so typing never lags); empty it in the browser too.
        return rx.set_value("contacts-search", "")

    @rx.event
    def sort_by(self, column: str) -> None:
        if choice(column, SORTABLE, "") == "":
            return
        if self.sort == column:
            self.descending = not self.descending
        else:
            self.sort = column
            self.descending = False
        self.page = 1
        self._refresh()

    @rx.event
    def next_page(self) -> None:
        if self.page >= self.pages:
            return
        self.page += 1
        self._refresh()

    @rx.event
    def previous_page(self) -> None:
        if self.page <= 1:
            return
        self.page -= 1
        self._refresh()

    @rx.event
    def set_view(self, value: str | list[str]) -> None:
        self.view = choice(value, VIEWS, "table")
        self._refresh()

    @rx.event
    def dismiss_notice(self) -> None:
        self.notice = ""
        self.undo_name = ""

    def _tell(self, notice: str) -> None:
        """One calm line about what just happened, with the page read afresh."""
        self.notice = notice
        self.undo_name = ""
        self._refresh()

    # ---- the board -------------------------------------------------------------------------

    @rx.event
    @if_missing(then=lambda s: s._tell("That contact isn't here any more; the board has been refreshed."))
    def move_card(self, contact_id: int, stage: str) -> EventSpec | None:
        if choice(stage, STAGE_VALUES, "") == "":
            return None
        owner_id, day = self._owner_id(), self._today()
        try:
            with self._session() as session:
                name = contact_service.contact_name(session, owner_id=owner_id, contact_id=contact_id)
                move_to_stage(session, owner_id=owner_id, contact_id=contact_id, stage=stage, today=day)
        except ValidationFailed as failed:
            self._tell(" ".join(failed.errors.values()))
            return None
        self._tell(f"Moved {name} to {STAGE_LABELS[Stage(stage)]}.")
        # Keyboard focus follows the card to its new column, so a second move is one key away.
        return rx.call_script(
            f"setTimeout(() => document.getElementById('move-{as_id(contact_id)}')?.focus(), 150)"
        )

    # ---- add and edit ----------------------------------------------------------------------

    def _open_form(self, data: ContactCreate, *, editing_id: int, opener: str, options: list[str]) -> None:
        self.form = data
        self.editing = editing_id > 0
        self._editing_id = editing_id
        self._opener = opener
        self.errors = FieldErrors()
        self.duplicate_warnings = []
        self.form_message = ""
        self._pending = {}
        self.organisation_options = options
        self.form_key += 1  # a fresh form, so its fields start from `form`
        self.form_open = True

    @rx.event
    def open_add(self) -> None:
        with self._session() as session:
            options = organisation_names(session, owner_id=self._owner_id())
        blank = ContactCreate(name="", source=Source.OTHER.value)
        self._open_form(blank, editing_id=0, opener=ADD_BUTTON_ID, options=options)

    @rx.event
    @if_missing(then=lambda s: s._tell(GONE))
    def open_edit(self, contact_id: int) -> None:
        with self._session() as session:
            data = contact_service.contact_input(session, owner_id=self._owner_id(), contact_id=contact_id)
            options = organisation_names(session, owner_id=self._owner_id())
        editing_id = as_id(contact_id) or 0
        self._open_form(data, editing_id=editing_id, opener=f"contact-edit-{editing_id}", options=options)
        self._from_contact_page = False

    @rx.event
    @if_missing(toast=GONE)
    def open_edit_on_page(self, contact_id: int) -> None:
        """The same dialog, from the contact's own page: saving refreshes that page, not the table."""
        with self._session() as session:
            data = contact_service.contact_input(session, owner_id=self._owner_id(), contact_id=contact_id)
            options = organisation_names(session, owner_id=self._owner_id())
        self._open_form(data, editing_id=as_id(contact_id) or 0, opener=PAGE_EDIT_ID, options=options)
        self._from_contact_page = True

    def _return_focus(self) -> EventSpec:
        """Gives the keyboard back to the button that opened the dialog (the dialog has no trigger)."""
        return rx.call_script(
            f"setTimeout(() => document.getElementById({json.dumps(self._opener)})?.focus(), 0)"
        )

    @rx.event
    def set_form_open(self, is_open: bool) -> EventSpec | None:
        self.form_open = bool(is_open) and self.form_open
        if self.form_open:
            return None
        self.duplicate_warnings = []
        return self._return_focus()

    @rx.event
    def suggest_organisations(self, prefix: str) -> None:
        with self._session() as session:
            self.organisation_options = organisation_names(
                session, owner_id=self._owner_id(), prefix=text(prefix, 200)
            )

    def _gone_while_editing(self) -> None:
        self.form_open = False
        self._tell(GONE)

    @rx.event
    @if_missing(then=lambda s: s._gone_while_editing())
    def submit_form(self, form_data: dict[str, Any]) -> EventSpec | None:
        """Adds the contact, or (editing) changes exactly the fields the form sent: the rest are kept."""
        data: ContactCreate | ContactUpdate
        if self._editing_id:
            data = form_update(form_data)
            self.form = data.applied_to(self.form)  # what was typed stays, whatever happens next
        else:
            data = self.form = form_create(form_data)
        self.duplicate_warnings = []
        self.form_message = ""
        try:
            cleaned = _cleaned(data)
        except ValidationFailed as failed:
            self.errors = FieldErrors.of(failed.errors)
            self.form_message = "Please check the highlighted fields."
            # The first field to fix gets the keyboard, and scrolls into view on a small screen.
            return rx.call_script(
                "setTimeout(() => document.querySelector("
                "'#contact-form [aria-invalid=\"true\"]')?.focus(), 50)"
            )
        self.errors = FieldErrors()
        with self._session() as session:
            if isinstance(cleaned, ContactUpdate):
                warnings = contact_service.edit_duplicates(
                    session, owner_id=self._owner_id(), contact_id=self._editing_id, data=cleaned
                )
            else:
                warnings = contact_service.find_duplicates(session, owner_id=self._owner_id(), data=cleaned)
        if warnings:
            self.duplicate_warnings = warnings
            self._pending = cleaned.sent()
            # On a phone the warning appears below the fold: bring it into view.
            return rx.call_script(
                "setTimeout(() => document.getElementById('contact-duplicate-warning')"
                "?.scrollIntoView({block: 'nearest'}), 50)"
            )
        return self._save(cleaned)

    @rx.event
    @if_missing(then=lambda s: s._gone_while_editing())
    def save_anyway(self) -> EventSpec | None:
        if not self._pending:
            self.duplicate_warnings = []
            return None
        pending = ContactUpdate(**self._pending) if self._editing_id else ContactCreate(**self._pending)
        return self._save(pending)

    @rx.event
    def keep_editing(self) -> None:
        self.duplicate_warnings = []
        self._pending = {}

    def _save(self, data: ContactCreate | ContactUpdate) -> EventSpec | None:
        owner_id, edited = self._owner_id(), self._editing_id
        try:
            with self._session() as session:
                if isinstance(data, ContactUpdate):
                    contact_service.update_contact(session, owner_id=owner_id, contact_id=edited, data=data)
                    name = contact_service.contact_name(session, owner_id=owner_id, contact_id=edited)
                    notice = f"Saved changes to {name}."
                else:
                    # Asked before saving, so the new contact is not suggested as someone else there.
                    overlap = overlap_for_input(session, owner_id=owner_id, data=data)
                    contact_service.create_contact(session, owner_id=owner_id, data=data)
                    notice = " ".join(part for part in (f"Added {data.name}.", overlap.message) if part)
        except ValidationFailed as failed:
            self.errors = FieldErrors.of(failed.errors)
            self.duplicate_warnings = []
            return None
        self.form_open = False
        self.duplicate_warnings = []
        self._pending = {}
        if self._from_contact_page:
            from app.state.contact import ContactState  # the contact page's state, refreshed in place

            return [ContactState.reload, rx.toast.success(notice), self._return_focus()]  # type: ignore[return-value]
        self._tell(notice)
        return self._return_focus()

    # ---- delete and undo -------------------------------------------------------------------

    @rx.event
    @if_missing(then=lambda s: setattr(s, "notice", GONE))
    def ask_delete(self, contact_id: int) -> None:
        with self._session() as session:
            self.delete_name = contact_service.contact_name(
                session, owner_id=self._owner_id(), contact_id=contact_id
            )
        self._delete_id = as_id(contact_id) or 0
        self._opener = f"contact-delete-{self._delete_id}"
        self._from_contact_page = False
        self.confirm_open = True

    @rx.event
    @if_missing(toast=GONE)
    def ask_delete_on_page(self, contact_id: int) -> None:
        """The same confirmation, from the contact's own page: once deleted, the list opens with Undo."""
        with self._session() as session:
            self.delete_name = contact_service.contact_name(
                session, owner_id=self._owner_id(), contact_id=contact_id
            )
        self._delete_id = as_id(contact_id) or 0
        self._opener = PAGE_DELETE_ID
        self._from_contact_page = True
        self.confirm_open = True

    @rx.event
    def set_confirm_open(self, is_open: bool) -> EventSpec | None:
        self.confirm_open = bool(is_open) and self.confirm_open
        return None if self.confirm_open else self._return_focus()

    def _after_delete(self, notice: str, *, undo_name: str = "") -> EventSpec:
        self._delete_id = 0
        self._tell(notice)
        self.undo_name = undo_name
        # The row that held focus is gone: put the keyboard on Undo, once it has rendered.
        return rx.call_script("setTimeout(() => document.getElementById('contacts-undo')?.focus(), 150)")

    @rx.event
    @if_missing(then=lambda s: s._after_delete("That contact was already gone."))
    def confirm_delete(self) -> EventSpec:
        self.confirm_open = False
        with self._session() as session:
            contact_service.delete_contact(session, owner_id=self._owner_id(), contact_id=self._delete_id)
        self._undo_id = self._delete_id
        if self._from_contact_page:
            # Their page is gone with them: the list says so, with Undo (see `load`).
            self._delete_id = 0
            self._arrival = [f"Deleted {self.delete_name}.", self.delete_name]
            return rx.redirect(routes.CONTACTS)
        return self._after_delete(f"Deleted {self.delete_name}.", undo_name=self.delete_name)

    def _after_undo(self, notice: str) -> None:
        self._undo_id = 0
        self._tell(notice)

    @rx.event
    @if_missing(then=lambda s: s._after_undo("That contact can't be brought back."))
    def undo_delete(self) -> None:
        if not self._undo_id:
            return
        with self._session() as session:
            contact_service.restore_contact(session, owner_id=self._owner_id(), contact_id=self._undo_id)
            name = contact_service.contact_name(session, owner_id=self._owner_id(), contact_id=self._undo_id)
        self._after_undo(f"{name} is back.")
