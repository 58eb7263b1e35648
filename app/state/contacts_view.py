"""The contacts page's plain shapes: a row and a column as shown, the view an address names, the form as sent.

No Reflex state here: `app/state/contacts.py` holds what the page shows and calls these.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from app.domain.contact_rules import CONTACT_FIELDS, ContactCreate, ContactUpdate
from app.domain.day_words import friendly_date
from app.domain.vocabulary import Source, Stage
from app.services.contacts import PAGE_SIZE, SORTABLE, BoardColumn, ContactRow
from app.services.ids import as_text

ALL = "all"  # Radix Select cannot hold "" as a value, so "no filter" has a name.
VIEWS = ("table", "board")
STAGE_VALUES = frozenset(s.value for s in Stage)
SOURCE_VALUES = frozenset(s.value for s in Source)
QUERY_LIMIT = 200
# A payload far beyond every field's limit is cut before it is kept in state; validation still sees
# enough of it to say "keep it under N characters" rather than silently shortening it.
FIELD_CEILING = 20_000
# The dialog's checkbox: a browser sends a ticked box as "on" and leaves an unticked one out, so the
# dialog's every submission sets it (its absence means "unticked", not "not shown").
CHECKBOXES = ("is_local",)
TEXT_FORM_FIELDS = tuple(name for name in CONTACT_FIELDS if name not in CHECKBOXES)


@dataclass(frozen=True)
class FieldErrors:
    """The message beside each field of the contact form; "" where the field is fine."""

    name: str = ""
    email: str = ""
    phone: str = ""
    linkedin_url: str = ""
    organisation: str = ""
    role: str = ""
    source: str = ""
    notes: str = ""

    @classmethod
    def of(cls, errors: Mapping[str, str]) -> FieldErrors:
        """The messages for the fields the form shows (a service may name others)."""
        return cls(**{name: message for name, message in errors.items() if name in cls.__dataclass_fields__})


def range_text(total: int, page: int, per_page: int = PAGE_SIZE) -> str:
    """ "1–50 of 10,000": where this page sits among everything that matches."""
    if total <= 0:
        return "No contacts"
    start = (page - 1) * per_page + 1
    end = min(page * per_page, total)
    return f"{start:,}–{end:,} of {total:,}"


def choice(value: object, allowed: Collection[str], default: str) -> str:
    """`value` if it is one of `allowed`, else `default`: clients may send any JSON, lists included."""
    return value if isinstance(value, str) and value in allowed else default


def text(value: object, limit: int = FIELD_CEILING) -> str:
    """`value` if it is text (cut to `limit`, by default the form's ceiling), else ""."""
    return as_text(value, limit)


def _form_values(form_data: object) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the text fields the form sent, cut to size; every field as the form means it, checkbox included)."""
    data: dict[str, Any] = dict(form_data) if isinstance(form_data, Mapping) else {}
    sent = {name: text(data[name]) for name in TEXT_FORM_FIELDS if name in data}
    local = data.get("is_local")
    ticked = local is True or (isinstance(local, str) and local.lower() in ("on", "true", "1"))
    return sent, {**sent, "is_local": ticked}


def form_create(form_data: object) -> ContactCreate:
    """The submitted add form as a new contact, whatever shape the client sent."""
    _, values = _form_values(form_data)
    values["name"] = values.get("name", "")
    values["source"] = values.get("source") or Source.OTHER.value
    return ContactCreate(**values)


def form_update(form_data: object) -> ContactUpdate:
    """The submitted edit form as an update of exactly the fields it sent (plus its checkbox)."""
    sent, values = _form_values(form_data)
    if "source" in sent and not sent["source"]:
        values["source"] = Source.OTHER.value
    return ContactUpdate(**values)


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
    """What to read for the current view: the page's filters as the service takes them ("" = no filter)."""

    view: str
    query: str
    stage: str
    source: str
    sort: str
    descending: bool
    page: int

    @classmethod
    def from_address(cls, params: Mapping[str, object]) -> ViewQuery:
        """The view a query string names ("?q=ada&page=2"); anything unknown falls back to the default."""
        sort = text(params.get("sort", "name"), 40)
        raw_page = params.get("page", 1)
        try:
            page = max(1, int(raw_page)) if isinstance(raw_page, (str, int)) else 1
        except ValueError:
            page = 1
        return cls(
            view=choice(params.get("view", "table"), VIEWS, "table"),
            query=text(params.get("q", ""), QUERY_LIMIT),
            stage=choice(params.get("stage"), STAGE_VALUES, ""),
            source=choice(params.get("source"), SOURCE_VALUES, ""),
            sort=choice(sort.lstrip("-"), SORTABLE, "name"),
            descending=sort.startswith("-"),
            page=page,
        )

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
