"""The contacts page's state: one page of the tracker or the board, and the add, edit and delete flows."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

import reflex as rx

from app.db import read_connection, session_scope
from app.domain.contact_rules import ContactInput
from app.domain.day_words import friendly_date
from app.domain.vocabulary import STAGE_LABELS, Source, Stage
from app.services import contacts as contact_service
from app.services.contacts import PAGE_SIZE, SORTABLE, BoardColumn, ContactRow
from app.services.errors import NotFound, ValidationFailed
from app.services.organisations import organisation_names
from app.services.touches import move_to_stage
from app.settings import today
from app.state.owner import current_owner_id

ALL = "all"  # Radix Select cannot hold "" as a value, so "no filter" has a name.
VIEWS = ("table", "board")
STAGE_VALUES = frozenset(s.value for s in Stage)
SOURCE_VALUES = frozenset(s.value for s in Source)
FORM_FIELDS = ("name", "email", "linkedin_url", "organisation", "role", "source", "notes")
# A payload far beyond every field's limit is cut before it is kept in state; validation still sees
# enough of it to say "keep it under N characters" rather than silently shortening it.
FIELD_CEILING = 20_000
QUERY_LIMIT = 200
ADD_BUTTON_ID = "contacts-add"


@dataclass(frozen=True)
class FieldErrors:
    """The message beside each field of the contact form; "" where the field is fine."""

    name: str = ""
    email: str = ""
    linkedin_url: str = ""
    organisation: str = ""
    role: str = ""
    source: str = ""
    notes: str = ""


def range_text(total: int, page: int, per_page: int = PAGE_SIZE) -> str:
    """ "1–50 of 10,000": where this page sits among everything that matches."""
    if total <= 0:
        return "No contacts"
    start = (page - 1) * per_page + 1
    end = min(page * per_page, total)
    return f"{start:,}–{end:,} of {total:,}"


def _choice(value: object, allowed: Collection[str], default: str) -> str:
    """`value` if it is one of `allowed`, else `default`: clients may send any JSON, lists included."""
    return value if isinstance(value, str) and value in allowed else default


def _text(value: object, limit: int = FIELD_CEILING) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _form_input(form_data: object) -> ContactInput:
    """The submitted form as a ContactInput, whatever shape the client sent."""
    data: dict[str, Any] = dict(form_data) if isinstance(form_data, Mapping) else {}
    values = {field: _text(data.get(field, "")) for field in FORM_FIELDS}
    values["source"] = values["source"] or Source.OTHER.value
    local = data.get("is_local")
    is_local = local is True or (isinstance(local, str) and local.lower() in ("on", "true", "1"))
    return ContactInput(is_local=is_local, **values)


@dataclass(frozen=True)
class RowView(ContactRow):
    """A ContactRow with its dates said the way a person says them, for the table and the board."""

    last_touch_text: str = ""
    next_due_text: str = ""
    due_label: str = ""
    due_now: bool = False


@dataclass(frozen=True)
class ColumnView:
    stage: str
    label: str
    count: int
    more: int
    cards: list[RowView] = field(default_factory=list)


def row_view(row: ContactRow, today: date) -> RowView:
    return RowView(
        **vars(row),  # ContactRow's fields (asdict would deep-copy each one)
        last_touch_text=friendly_date(row.last_touch_on, today),
        next_due_text=friendly_date(row.next_due_on, today),
        due_label=f"Due {friendly_date(row.next_due_on, today, capital=False)}" if row.next_due_on else "",
        due_now=bool(row.next_due_on) and row.next_due_on <= today.isoformat(),
    )


def column_view(column: BoardColumn, today: date) -> ColumnView:
    return ColumnView(
        stage=column.stage,
        label=column.label,
        count=column.count,
        more=column.more,
        cards=[row_view(card, today) for card in column.cards],
    )


@dataclass(frozen=True)
class ViewQuery:
    """What to read for the current view: the page's filters as the service takes them."""

    view: str
    query: str
    stage: str
    source: str
    sort: str
    descending: bool
    page: int

    def address(self) -> str:
        """The query string that brings a reload or a shared link back to this view ("?q=ada&page=2")."""
        params: dict[str, str] = {}
        if self.query:
            params["q"] = self.query
        if self.stage:
            params["stage"] = self.stage
        if self.source:
            params["source"] = self.source
        if self.sort != "name" or self.descending:
            params["sort"] = ("-" if self.descending else "") + self.sort
        if self.page > 1:
            params["page"] = str(self.page)
        if self.view != "table":
            params["view"] = self.view
        return "?" + urlencode(params) if params else ""


def _fetch(view: ViewQuery, owner_id: int, *, has_any: bool | None = None) -> dict[str, Any]:
    """Reads what the view needs, as plain values for the state to apply.

    `has_any`, when the caller already knows whether the student has any contact, saves a query.
    """
    day = today()
    with read_connection() as connection:
        if has_any is None:
            has_any = contact_service.has_contacts(connection, owner_id=owner_id)
        if view.view == "board":
            board = contact_service.board_columns(
                connection, owner_id=owner_id, today=day, query=view.query, source=view.source
            )
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
    return {
        "has_any": has_any,
        "rows": [row_view(row, day) for row in found.rows],
        "total": found.total,
        "page": found.page,
        "pages": found.pages,
    }


def _input_from_dict(data: object) -> ContactInput | None:
    """The input kept while a duplicate warning waits for an answer; None when there is none."""
    if not isinstance(data, Mapping) or not data:
        return None
    try:
        return ContactInput(**dict(data))
    except TypeError:
        return None


class ContactsState(rx.State):
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
    rows: list[RowView] = rx.field(default_factory=list)
    board: list[ColumnView] = rx.field(default_factory=list)
    has_any: bool = True
    loaded: bool = False

    # The add/edit dialog.
    form_open: bool = False
    editing: bool = False
    form_key: int = 0
    form: ContactInput = ContactInput(name="")
    errors: FieldErrors = FieldErrors()
    duplicate_warnings: list[str] = rx.field(default_factory=list)
    organisation_options: list[str] = rx.field(default_factory=list)
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
    _pending: dict[str, Any] = rx.field(default_factory=dict)
    _opener: str = ADD_BUTTON_ID  # the button a dialog gives the keyboard back to when it closes

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

    def _apply(self, result: dict[str, Any]) -> None:
        # Only what changed is assigned: every assignment is sent to the browser.
        if not self.loaded:
            self.loaded = True
        for name, value in result.items():
            if getattr(self, name) != value:
                setattr(self, name, value)

    def _refresh(self) -> None:
        view = self._view()
        self._show(view, _fetch(view, current_owner_id(self)))

    def _show(self, view: ViewQuery, result: dict[str, Any]) -> None:
        """Puts what was read for `view` on the page, and the view in the address (see AddressSync)."""
        self._apply(result)
        address = replace(view, page=result.get("page", view.page)).address()
        if address != self.address:
            self.address = address

    def _read_url(self) -> None:
        params = self.router.url.query_parameters
        self.query = _text(params.get("q", ""), QUERY_LIMIT)
        stage = params.get("stage", ALL)
        self.stage_filter = _choice(stage, STAGE_VALUES, ALL)
        source = params.get("source", ALL)
        self.source_filter = _choice(source, SOURCE_VALUES, ALL)
        sort = _text(params.get("sort", "name"), 40)
        self.descending = sort.startswith("-")
        sort = sort.lstrip("-")
        self.sort = sort if sort in SORTABLE else "name"
        try:
            self.page = max(1, int(params.get("page", 1)))
        except (TypeError, ValueError):
            self.page = 1
        view = params.get("view", "table")
        self.view = _choice(view, VIEWS, "table")

    # ---- loading, searching, filtering, sorting, paging ------------------------------------

    @rx.event
    def load(self) -> rx.event.EventSpec:
        self.form_open = False
        self.confirm_open = False
        self.notice = ""
        self.undo_name = ""
        self._read_url()
        # The search box is uncontrolled and may have mounted with an earlier visit's words.
        self._refresh()
        return rx.set_value("contacts-search", self.query)

    @rx.event
    def search(self, value: str) -> None:
        """Runs as the student types (debounced in the page); each answer is one indexed query.

        A plain event, not a background one: a tab's events run one after another, so the rows
        shown always answer the newest words, and the answer needs one trip through the state lock.
        """
        self.query = _text(value, QUERY_LIMIT)
        # New words start at page 1 (`_apply` moves the pager there). Typing does not change whether
        # the student has contacts at all, so that check is skipped.
        view = replace(self._view(), page=1)
        self._show(view, _fetch(view, current_owner_id(self), has_any=self.has_any))

    @rx.event
    def filter_stage(self, value: str) -> None:
        self.stage_filter = _choice(value, STAGE_VALUES, ALL)
        self.page = 1
        self._refresh()

    @rx.event
    def filter_source(self, value: str) -> None:
        self.source_filter = _choice(value, SOURCE_VALUES, ALL)
        self.page = 1
        self._refresh()

    @rx.event
    def clear_filters(self) -> rx.event.EventSpec:
        self.query = ""
        self.stage_filter = ALL
        self.source_filter = ALL
        self.page = 1
        # The search box is uncontrolled (so typing never lags); empty it in the browser too.
        self._refresh()
        return rx.set_value("contacts-search", "")

    @rx.event
    def sort_by(self, column: str) -> None:
        if _choice(column, SORTABLE, "") == "":
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
        self.view = _choice(value, VIEWS, "table")
        self._refresh()

    @rx.event
    def dismiss_notice(self) -> None:
        self.notice = ""
        self.undo_name = ""

    # ---- the board -------------------------------------------------------------------------

    @rx.event
    def move_card(self, contact_id: int, stage: str) -> rx.event.EventSpec | None:
        if _choice(stage, STAGE_VALUES, "") == "":
            return None
        owner_id = current_owner_id(self)
        try:
            with session_scope() as session:
                name = contact_service.contact_name(session, owner_id=owner_id, contact_id=contact_id)
                move_to_stage(session, owner_id=owner_id, contact_id=contact_id, stage=stage, today=today())
        except NotFound:
            self.notice = "That contact isn't here any more; the board has been refreshed."
        except ValidationFailed as failed:
            self.notice = " ".join(failed.errors.values())
        else:
            self.notice = f"Moved {name} to {STAGE_LABELS[Stage(stage)]}."
            self.undo_name = ""
            # Keyboard focus follows the card to its new column, so a second move is one key away.
            focus_card = rx.call_script(
                f"setTimeout(() => document.getElementById('move-{int(contact_id)}')?.focus(), 150)"
            )
            self._refresh()
            return focus_card
        self.undo_name = ""
        self._refresh()
        return None

    # ---- add and edit ----------------------------------------------------------------------

    def _open_form(self, data: ContactInput, *, editing_id: int = 0) -> None:
        self.form = data
        self.editing = editing_id > 0
        self._editing_id = editing_id
        self.errors = FieldErrors()
        self.duplicate_warnings = []
        self.form_message = ""
        self._pending = {}
        self.form_key += 1  # a fresh form, so its fields start from `form`
        self.form_open = True
        with session_scope() as session:
            self.organisation_options = organisation_names(session, owner_id=current_owner_id(self))

    @rx.event
    def open_add(self) -> None:
        self._open_form(ContactInput(name="", source=Source.OTHER.value))
        self._opener = ADD_BUTTON_ID

    def _return_focus(self) -> rx.event.EventSpec:
        """Gives the keyboard back to the button that opened the dialog (the dialog has no trigger)."""
        return rx.call_script(
            f"setTimeout(() => document.getElementById({json.dumps(self._opener)})?.focus(), 0)"
        )

    @rx.event
    def open_edit(self, contact_id: int) -> None:
        owner_id = current_owner_id(self)
        try:
            with session_scope() as session:
                data = contact_service.contact_input(session, owner_id=owner_id, contact_id=contact_id)
        except NotFound:
            self.notice = "That contact isn't here any more."
            return
        self._open_form(data, editing_id=int(contact_id))
        self._opener = f"contact-edit-{int(contact_id)}"

    @rx.event
    def set_form_open(self, is_open: bool) -> rx.event.EventSpec | None:
        self.form_open = bool(is_open) and self.form_open
        if self.form_open:
            return None
        self.duplicate_warnings = []
        return self._return_focus()

    @rx.event
    def close_form(self) -> rx.event.EventSpec:
        self.form_open = False
        self.duplicate_warnings = []
        return self._return_focus()

    @rx.event
    def suggest_organisations(self, prefix: str) -> None:
        with session_scope() as session:
            self.organisation_options = organisation_names(
                session, owner_id=current_owner_id(self), prefix=_text(prefix, 200)
            )

    @rx.event
    def submit_form(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        data = _form_input(form_data)
        self.form = data  # what was typed stays, whatever happens next
        self.duplicate_warnings = []
        self.form_message = ""
        try:
            cleaned = contact_service.clean_input(data)
        except ValidationFailed as failed:
            self.errors = FieldErrors(**{k: v for k, v in failed.errors.items() if k in FORM_FIELDS})
            self.form_message = "Please check the highlighted fields."
            # The first field to fix gets the keyboard, and scrolls into view on a small screen.
            return rx.call_script(
                "setTimeout(() => document.querySelector("
                "'#contact-form [aria-invalid=\"true\"]')?.focus(), 50)"
            )
        self.errors = FieldErrors()
        owner_id = current_owner_id(self)
        with session_scope() as session:
            warnings = contact_service.find_duplicates(
                session, owner_id=owner_id, data=cleaned, exclude_id=self._editing_id or None
            )
        if warnings:
            self.duplicate_warnings = warnings
            self._pending = asdict(cleaned)
            # On a phone the warning appears below the fold: bring it into view.
            return rx.call_script(
                "setTimeout(() => document.getElementById('contact-duplicate-warning')"
                "?.scrollIntoView({block: 'nearest'}), 50)"
            )
        return self._save(cleaned)

    @rx.event
    def save_anyway(self) -> rx.event.EventSpec | None:
        data = _input_from_dict(self._pending)
        if data is None:
            self.duplicate_warnings = []
            return None
        return self._save(data)

    @rx.event
    def keep_editing(self) -> None:
        self.duplicate_warnings = []
        self._pending = {}

    def _save(self, data: ContactInput) -> rx.event.EventSpec | None:
        owner_id = current_owner_id(self)
        try:
            with session_scope() as session:
                if self._editing_id:
                    contact_service.update_contact(
                        session, owner_id=owner_id, contact_id=self._editing_id, data=data
                    )
                else:
                    contact_service.create_contact(session, owner_id=owner_id, data=data)
        except ValidationFailed as failed:
            self.errors = FieldErrors(**{k: v for k, v in failed.errors.items() if k in FORM_FIELDS})
            self.duplicate_warnings = []
            return None
        except NotFound:
            self.form_open = False
            self.notice = "That contact isn't here any more."
            self._refresh()
            return None
        self.notice = f"Saved changes to {data.name}." if self._editing_id else f"Added {data.name}."
        self.undo_name = ""
        self.form_open = False
        self.duplicate_warnings = []
        self._pending = {}
        self._refresh()
        return self._return_focus()

    # ---- delete and undo -------------------------------------------------------------------

    @rx.event
    def ask_delete(self, contact_id: int) -> None:
        try:
            with session_scope() as session:
                self.delete_name = contact_service.contact_name(
                    session, owner_id=current_owner_id(self), contact_id=contact_id
                )
        except NotFound:
            self.notice = "That contact isn't here any more."
            return
        self._delete_id = int(contact_id)
        self._opener = f"contact-delete-{int(contact_id)}"
        self.confirm_open = True

    @rx.event
    def set_confirm_open(self, is_open: bool) -> rx.event.EventSpec | None:
        self.confirm_open = bool(is_open) and self.confirm_open
        return None if self.confirm_open else self._return_focus()

    @rx.event
    def confirm_delete(self) -> rx.event.EventSpec:
        self.confirm_open = False
        owner_id = current_owner_id(self)
        try:
            with session_scope() as session:
                contact_service.delete_contact(session, owner_id=owner_id, contact_id=self._delete_id)
        except NotFound:
            self.notice = "That contact was already gone."
            self.undo_name = ""
        else:
            self._undo_id = self._delete_id
            self.undo_name = self.delete_name
            self.notice = f"Deleted {self.delete_name}."
        self._delete_id = 0
        # The row that held focus is gone: put the keyboard on Undo, once it has rendered.
        focus_undo = rx.call_script(
            "setTimeout(() => document.getElementById('contacts-undo')?.focus(), 150)"
        )
        self._refresh()
        return focus_undo

    @rx.event
    def undo_delete(self) -> None:
        if not self._undo_id:
            return
        owner_id = current_owner_id(self)
        try:
            with session_scope() as session:
                contact_service.restore_contact(session, owner_id=owner_id, contact_id=self._undo_id)
                name = contact_service.contact_name(session, owner_id=owner_id, contact_id=self._undo_id)
        except NotFound:
            self.notice = "That contact can't be brought back."
        else:
            self.notice = f"{name} is back."
        self._undo_id = 0
        self.undo_name = ""
        self._refresh()
