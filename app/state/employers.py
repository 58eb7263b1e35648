"""The LAMP list's state: one page of the student's organisations, and the handlers that rate them."""

from __future__ import annotations

from typing import Any

import reflex as rx

from app.services import lamp
from app.services.errors import ValidationFailed
from app.services.lamp import LampRow
from app.state.base import PageState, as_text, if_missing

NOT_YOURS = "That organisation isn't on your list any more."


class EmployersState(PageState):
    """What /employers shows: at most `lamp.PER_PAGE` rows, re-read after every change."""

    loaded: bool = False
    rows: rx.Field[list[LampRow]] = rx.field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1
    top_five: rx.Field[list[str]] = rx.field(default_factory=list)
    new_name: str = ""
    name_error: str = ""

    def _refresh(self) -> None:
        with self._session() as session:
            listed = lamp.lamp_page(session, owner_id=self._owner_id(), page=self.page)
        self.rows = listed.rows
        self.total = listed.total
        self.page = listed.page
        self.pages = listed.pages
        self.top_five = listed.top_five
        self.loaded = True

    @rx.var
    def range_label(self) -> str:
        if self.total == 0:
            return "No organisations yet"
        first = (self.page - 1) * lamp.PER_PAGE + 1
        last = min(self.page * lamp.PER_PAGE, self.total)
        noun = "organisation" if self.total == 1 else "organisations"
        return f"{first}–{last} of {self.total} {noun}"

    @rx.var
    def top_five_text(self) -> str:
        if not self.top_five:
            return "Rate an organisation's Motivation from 1 to 3 to start your top 5."
        return "Top 5 this week: " + ", ".join(self.top_five) + "."

    @rx.event
    def load(self) -> None:
        self.page = 1
        self.new_name = ""
        self.name_error = ""
        self._refresh()

    @rx.event
    def next_page(self) -> None:
        if self.page < self.pages:
            self.page += 1
            self._refresh()

    @rx.event
    def previous_page(self) -> None:
        if self.page > 1:
            self.page -= 1
            self._refresh()

    @rx.event
    def set_new_name(self, value: Any) -> None:
        self.new_name = as_text(value, 1000)
        self.name_error = ""

    @rx.event
    def add_organisation(self, form: Any = None) -> Any:
        name = form.get("name") if isinstance(form, dict) and "name" in form else self.new_name
        try:
            with self._session() as session:
                added = lamp.add_organisation(session, owner_id=self._owner_id(), name=as_text(name, 1000))
                added_name = added.name
        except ValidationFailed as error:
            self.name_error = error.errors.get("name", "Check the name.")
            return None
        self.new_name = ""
        self.name_error = ""
        self._refresh()
        return rx.toast.success(f"{added_name} is on your list. Rate its Motivation to rank it.")

    @rx.event
    @if_missing(then=lambda s: s._refresh(), toast=NOT_YOURS)
    def set_motivation(self, organisation_id: Any, value: Any) -> Any:
        try:
            with self._session() as session:
                lamp.set_motivation(
                    session, owner_id=self._owner_id(), organisation_id=organisation_id, value=value
                )
        except ValidationFailed as error:
            return rx.toast.info(error.errors.get("motivation", "Choose 0 to 3."))
        self._refresh()
        return None

    @rx.event
    @if_missing(then=lambda s: s._refresh(), toast=NOT_YOURS)
    def set_postings(self, organisation_id: Any, value: Any) -> Any:
        try:
            with self._session() as session:
                lamp.set_postings(
                    session, owner_id=self._owner_id(), organisation_id=organisation_id, value=value
                )
        except ValidationFailed as error:
            return rx.toast.info(error.errors.get("has_postings", "Choose yes or no."))
        self._refresh()
        return None
