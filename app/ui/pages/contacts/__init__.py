"""The contacts page: the outreach tracker as a table or a board, with add, edit, delete and undo."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import reflex as rx

from app import routes
from app.domain.vocabulary import SOURCE_LABELS, STAGE_LABELS, Source, Stage
from app.state.contacts import ADD_BUTTON_ID, ALL, ContactsState
from app.ui.components.address_sync import address_sync
from app.ui.components.empty import empty_state
from app.ui.components.form import field_label
from app.ui.layout import page
from app.ui.pages.contacts.board import contacts_board
from app.ui.pages.contacts.form import contact_dialog, delete_dialog
from app.ui.pages.contacts.table import contacts_table, pager


def _filter(
    control_id: str,
    label: str,
    all_label: str,
    options: Mapping[Stage, str] | Mapping[Source, str],
    value: rx.Var[str] | str,
    on_change: Any,
) -> rx.Component:
    return rx.vstack(
        field_label(label, control_id),
        rx.select.root(
            rx.select.trigger(id=control_id, min_width="10rem"),
            rx.select.content(
                rx.select.item(all_label, value=ALL),
                rx.select.separator(),
                *[rx.select.item(text, value=key.value) for key, text in options.items()],
                position="popper",
            ),
            value=value,
            on_change=on_change,
        ),
        spacing="1",
    )


def _search() -> rx.Component:
    return rx.vstack(
        field_label("Search", "contacts-search"),
        rx.input(
            rx.input.slot(rx.icon("search", size=16, aria_hidden="true")),
            id="contacts-search",
            type="search",
            placeholder="Name, organisation, role or notes",
            default_value=ContactsState.query,
            # Uncontrolled, so keys are never lost to a round trip; results follow 300 ms after typing stops.
            on_change=ContactsState.search.debounce(300),  # type: ignore[attr-defined]  # mypy ignores rx.event's __new__ type
            auto_complete="off",
            width="100%",
        ),
        spacing="1",
        flex="1 1 16rem",
        min_width="12rem",
    )


def _toolbar() -> rx.Component:
    return rx.flex(
        _search(),
        rx.cond(
            ContactsState.view == "table",
            _filter(
                "filter-stage",
                "Stage",
                "All stages",
                STAGE_LABELS,
                ContactsState.stage_filter,
                ContactsState.filter_stage,
            ),
        ),
        _filter(
            "filter-source",
            "Source",
            "All sources",
            SOURCE_LABELS,
            ContactsState.source_filter,
            ContactsState.filter_source,
        ),
        spacing="3",
        align="end",
        wrap="wrap",
        width="100%",
    )


def _view_choice(value: str, label: str, icon: str) -> rx.Component:
    return rx.segmented_control.item(
        rx.hstack(rx.icon(icon, size=14, aria_hidden="true"), rx.text(label), align="center", spacing="1"),
        value=value,
    )


def _header_actions() -> rx.Component:
    return rx.flex(
        rx.segmented_control.root(
            _view_choice("table", "Table", "table-2"),
            _view_choice("board", "Board", "kanban"),
            value=ContactsState.view,
            on_change=ContactsState.set_view,
            aria_label="Show contacts as",
        ),
        rx.spacer(),
        rx.link(
            rx.button(
                rx.icon("merge", size=16, aria_hidden="true"),
                "Duplicates",
                variant="soft",
                high_contrast=True,
            ),
            href=routes.MERGE,
            aria_label="Possible duplicates: merge two contacts",
        ),
        rx.link(
            rx.button(
                rx.icon("upload", size=16, aria_hidden="true"),
                "Import or export",
                variant="soft",
                high_contrast=True,
            ),
            href=routes.IMPORT,
        ),
        rx.button(
            rx.icon("plus", size=16, aria_hidden="true"),
            "Add contact",
            on_click=ContactsState.open_add,
            id=ADD_BUTTON_ID,
            high_contrast=True,
        ),
        spacing="3",
        align="center",
        wrap="wrap",
        width="100%",
    )


def _notice() -> rx.Component:
    # The live region is always there, so screen readers announce the message when it appears.
    return rx.box(
        rx.cond(
            ContactsState.notice != "",
            rx.hstack(
                rx.icon(
                    "circle-check", size=18, aria_hidden="true", color=rx.color("accent", 11), flex_shrink="0"
                ),
                rx.text(ContactsState.notice, size="2", style={"overflow_wrap": "anywhere"}, flex="1 1 auto"),
                rx.cond(
                    ContactsState.undo_name != "",
                    rx.button(
                        rx.icon("undo-2", size=14, aria_hidden="true"),
                        "Undo",
                        id="contacts-undo",
                        size="1",
                        variant="solid",
                        high_contrast=True,
                        on_click=ContactsState.undo_delete,
                    ),
                ),
                rx.icon_button(
                    rx.icon("x", size=14, aria_hidden="true"),
                    size="1",
                    variant="ghost",
                    color_scheme="gray",
                    aria_label="Dismiss message",
                    on_click=ContactsState.dismiss_notice,
                ),
                align="center",
                spacing="3",
                width="100%",
                padding="0.6rem 0.9rem",
                border_radius="var(--radius-3)",
                background=rx.color("accent", 3),
                margin_bottom="1rem",
                border=f"1px solid {rx.color('accent', 6)}",
            ),
        ),
        role="status",
        width="100%",
    )


def _no_matches() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text("No contacts match this search.", weight="medium"),
            rx.text("Try fewer letters, or clear the search and filters.", size="2", color_scheme="gray"),
            rx.button(
                "Clear search and filters",
                variant="soft",
                high_contrast=True,
                on_click=ContactsState.clear_filters,
            ),
            spacing="2",
            align="start",
        ),
        width="100%",
    )


def _getting_started() -> rx.Component:
    return empty_state(
        "users",
        "Start your list",
        "Add one person whose career you admire: an alumna, a speaker you heard, someone a friend "
        "mentioned. Or bring in your LinkedIn connections and pick from them.",
        rx.button(
            rx.icon("plus", size=16, aria_hidden="true"),
            "Add contact",
            on_click=ContactsState.open_add,
            id=ADD_BUTTON_ID,
            high_contrast=True,
        ),
        rx.link(rx.button("Import from LinkedIn", variant="soft", high_contrast=True), href=routes.IMPORT),
    )


def _tracker() -> rx.Component:
    return rx.vstack(
        _header_actions(),
        _toolbar(),
        rx.cond(
            ContactsState.view == "board",
            contacts_board(),
            rx.cond(
                ContactsState.total > 0,
                rx.vstack(contacts_table(), pager(), spacing="3", width="100%"),
                _no_matches(),
            ),
        ),
        spacing="4",
        width="100%",
    )


DESC_CONTACTS = (
    "Your outreach tracker: everyone you are reaching, where each stands, "
    "and what is due next, as a table or a board."
)


@page(route=routes.CONTACTS, title="Contacts", on_load=ContactsState.load, description=DESC_CONTACTS)
def contacts() -> rx.Component:
    return rx.vstack(
        _notice(),
        rx.cond(
            ContactsState.loaded,
            rx.cond(ContactsState.has_any, _tracker(), _getting_started()),
            rx.center(
                rx.spinner(size="3"),
                width="100%",
                padding="3rem",
                role="status",
                aria_label="Loading your contacts",
            ),
        ),
        contact_dialog(),
        delete_dialog(),
        address_sync(ContactsState.address),
        # No gap: the notice area is empty most of the time and brings its own margin when not.
        spacing="0",
        width="100%",
    )
