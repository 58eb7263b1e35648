"""The tracker's table: sortable headers, one page of contacts, row actions, and the pager."""

from __future__ import annotations

import reflex as rx
from reflex.event import EventSpec

from app import routes
from app.state.contacts import ContactsState, RowView
from app.ui.components.vars import number_var
from app.ui.pages.contacts.common import (
    AUTO_DIR,
    date_text,
    due_text,
    stage_badge,
    visually_hidden,
)

COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "Name"),
    ("organisation", "Organisation"),
    ("role", "Role"),
    ("source", "Source"),
    ("stage", "Stage"),
    ("last_touch_on", "Last touch"),
    ("next_due_on", "Next due"),
)


def _sort_header(key: str, label: str) -> rx.Component:
    active = ContactsState.sort == key
    return rx.table.column_header_cell(
        rx.el.button(
            rx.el.span(label),
            rx.cond(
                active,
                rx.cond(
                    ContactsState.descending,
                    rx.icon("arrow-down", size=14, aria_hidden="true"),
                    rx.icon("arrow-up", size=14, aria_hidden="true"),
                ),
                rx.icon("arrow-up-down", size=14, aria_hidden="true", opacity="0.45"),
            ),
            on_click=ContactsState.sort_by(key),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
            type="button",
            class_name="sort-button",
            style={
                "display": "inline-flex",
                "align_items": "center",
                "gap": "0.3rem",
                "background": "none",
                "border": "none",
                "padding": "0.25rem 0",
                "font": "inherit",
                "font_weight": "600",
                "color": "inherit",
                "cursor": "pointer",
                "white_space": "nowrap",
            },
        ),
        aria_sort=rx.cond(active, rx.cond(ContactsState.descending, "descending", "ascending"), "none"),
        white_space="nowrap",
        # The name's header stays in view with its column (assets/rapport.css); on a phone the headers
        # are a row of sort buttons above the cards.
        class_name=f"contacts-sort-cell contacts-sort-{key}",
    )


def _row_actions(row: RowView) -> rx.Component:
    """Edit, Merge and Delete, one click each: plain buttons (Merge opens the merge page) whose icons are
    drawn by CSS (assets/rapport.css).

    A menu per row, or icon components, cost more to draw than the rest of the row (measured with 50).
    """
    return rx.el.div(
        _row_action("Edit", row, ContactsState.open_edit(row.id)),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
        # A button, not a link: the row's one link is the contact's name.
        rx.el.button(
            type="button",
            title="Merge with another contact",
            aria_label="Merge " + row.name + " with another contact",
            class_name="row-action row-action-merge",
            on_click=rx.redirect(routes.MERGE + "?keep=" + number_var(row.id).to_string()),
        ),
        _row_action("Delete", row, ContactsState.ask_delete(row.id)),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
        class_name="row-actions",
    )


def _row_action(verb: str, row: RowView, on_click: EventSpec) -> rx.Component:
    """One row's button, e.g. "Edit Ada Lovelace", with the id its dialog gives the keyboard back to."""
    kind = verb.lower()
    return rx.el.button(
        type="button",
        title=verb,
        aria_label=f"{verb} " + row.name,
        id=f"contact-{kind}-" + number_var(row.id).to_string(),
        class_name=f"row-action row-action-{kind}",
        on_click=on_click,
    )


def _row(row: RowView) -> rx.Component:
    # Styled by class names (assets/rapport.css), not style props: fifty rows of inline styles are
    # fifty times the work for the browser on every page and every search.
    return rx.table.row(
        rx.table.row_header_cell(
            rx.link(
                row.name,
                href=routes.contact_url(row.id),
                weight="medium",
                high_contrast=True,
                custom_attrs=AUTO_DIR,
            ),
            # The name stays in view while a phone scrolls the other columns sideways.
            class_name="contacts-name-cell",
        ),
        rx.table.cell(
            rx.text(
                row.organisation,
                size="2",
                title=row.organisation,
                class_name="clamp-two-lines",
                custom_attrs=AUTO_DIR,
            ),
            class_name="contacts-text-cell contacts-org-cell",
        ),
        rx.table.cell(
            rx.text(
                row.role,
                size="2",
                title=row.role,
                color_scheme="gray",
                class_name="clamp-two-lines",
                custom_attrs=AUTO_DIR,
            ),
            class_name="contacts-text-cell contacts-role-cell",
        ),
        # On a phone each row is a card of name, organisation, stage, next due and the actions: the
        # other cells are hidden there (assets/rapport.css, "contacts as cards").
        rx.table.cell(
            rx.text(row.source_label, size="2", color_scheme="gray"), class_name="contacts-source-cell"
        ),
        rx.table.cell(stage_badge(row.stage, row.stage_label), class_name="contacts-stage-cell"),
        rx.table.cell(date_text(row.last_touch_text, row.last_touch_on), class_name="contacts-touch-cell"),
        rx.table.cell(
            rx.el.span("Next due ", class_name="contacts-card-label"),
            due_text(row.next_due_text, row.next_due_on, row.due_now),
            class_name="contacts-due-cell",
        ),
        rx.table.cell(_row_actions(row), class_name="contacts-actions-cell"),
        align="center",
    )


def contacts_table() -> rx.Component:
    return rx.table.root(
        # Radix puts props on its scroll wrapper, so the table's name comes from a caption.
        rx.el.caption(visually_hidden("Your contacts")),
        rx.table.header(
            rx.table.row(
                *[_sort_header(key, label) for key, label in COLUMNS],
                rx.table.column_header_cell(
                    visually_hidden("Actions"), width="4.5rem", class_name="contacts-actions-header"
                ),
            ),
        ),
        rx.table.body(rx.foreach(ContactsState.rows, _row)),
        variant="surface",
        size="2",
        width="100%",
        class_name="contacts-table",
        # Radix clips the table with overflow: hidden, which makes it the sticky column's scroller;
        # clip keeps the rounded corners without that, so the name column stays put on a phone.
        style={"& table": {"overflow": "clip"}},
    )


def pager() -> rx.Component:
    return rx.hstack(
        rx.text(ContactsState.range_label, size="2", color_scheme="gray", role="status", aria_live="polite"),
        rx.hstack(
            rx.button(
                rx.icon("chevron-left", size=16, aria_hidden="true"),
                "Previous",
                variant="soft",
                color_scheme="gray",
                disabled=ContactsState.page <= 1,
                on_click=ContactsState.previous_page,
            ),
            rx.button(
                "Next",
                rx.icon("chevron-right", size=16, aria_hidden="true"),
                variant="soft",
                color_scheme="gray",
                disabled=ContactsState.page >= ContactsState.pages,
                on_click=ContactsState.next_page,
            ),
            spacing="2",
        ),
        justify="between",
        align="center",
        width="100%",
        wrap="wrap",
        spacing="3",
    )
