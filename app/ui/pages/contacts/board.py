"""The board: one column per pipeline stage, each card movable from a keyboard-operable "Move to…" menu."""

from __future__ import annotations

import reflex as rx

from app import routes
from app.domain.vocabulary import STAGE_LABELS
from app.state.contacts import ColumnView, ContactsState, RowView
from app.ui.components.vars import number_var
from app.ui.pages.contacts.common import AUTO_DIR, stage_colour, visually_hidden


def _move_menu(card: RowView) -> rx.Component:
    return rx.dropdown_menu.root(
        rx.dropdown_menu.trigger(
            rx.button(
                "Move to…",
                visually_hidden(" " + card.name),
                rx.icon("chevron-down", size=14, aria_hidden="true"),
                id=f"move-{card.id}",
                size="1",
                variant="soft",
                color_scheme="gray",
            ),
        ),
        rx.dropdown_menu.content(
            *[
                rx.dropdown_menu.item(
                    label,
                    disabled=card.stage == stage.value,
                    on_select=ContactsState.move_card(card.id, stage.value),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
                )
                for stage, label in STAGE_LABELS.items()
            ],
            size="1",
        ),
        modal=False,
    )


def _card(card: RowView) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.link(
                card.name,
                href=routes.contact_url(card.id),
                custom_attrs=AUTO_DIR,
                weight="medium",
                high_contrast=True,
                style={"overflow_wrap": "anywhere"},
            ),
            rx.cond(
                (card.organisation != "") | (card.role != ""),
                rx.text(
                    card.role,
                    rx.cond((card.organisation != "") & (card.role != ""), " · ", ""),
                    card.organisation,
                    size="1",
                    color_scheme="gray",
                    class_name="clamp-two-lines",
                ),
            ),
            rx.hstack(
                rx.cond(
                    card.next_due_on == "",
                    rx.box(),
                    rx.cond(
                        card.due_now,
                        rx.badge(
                            rx.icon("clock", size=12, aria_hidden="true"),
                            card.due_label,
                            color_scheme="amber",
                            variant="soft",
                            high_contrast=True,
                            title=card.next_due_on,
                        ),
                        rx.text(card.due_label, size="1", color_scheme="gray", title=card.next_due_on),
                    ),
                ),
                _move_menu(card),
                justify="between",
                align="center",
                width="100%",
            ),
            spacing="2",
            width="100%",
        ),
        size="1",
        width="100%",
        role="listitem",
    )


def _column(column: ColumnView) -> rx.Component:
    heading_id = "board-" + column.stage
    return rx.el.section(
        rx.vstack(
            rx.hstack(
                rx.box(
                    width="0.6rem",
                    height="0.6rem",
                    border_radius="999px",
                    background=rx.color(stage_colour(column.stage), 9),
                    aria_hidden="true",
                    flex_shrink="0",
                ),
                rx.heading(column.label, as_="h2", size="2", id=heading_id, weight="bold"),
                rx.badge(
                    number_var(column.count).to_string(), variant="soft", color_scheme="gray", radius="full"
                ),
                align="center",
                spacing="2",
                width="100%",
            ),
            rx.vstack(
                rx.foreach(column.cards, _card),
                role="list",
                spacing="2",
                width="100%",
            ),
            rx.cond(
                column.more > 0,
                rx.text(
                    "and "
                    + number_var(column.more).to_string()
                    + " more: search or use the table to find them.",
                    size="1",
                    color_scheme="gray",
                ),
            ),
            rx.cond(column.count == 0, rx.text("Nobody here yet.", size="1", color_scheme="gray")),
            spacing="3",
            width="100%",
        ),
        aria_labelledby=heading_id,
        id="column-" + column.stage,
        class_name="board-column",
    )


def _go_to_stage() -> rx.Component:
    """On a phone the board shows one stage at a time: this jumps to another (assets/shell.js)."""
    return rx.el.div(
        rx.el.label("Go to stage", html_for="board-go-to", class_name="field-label"),
        rx.el.select(
            *[rx.el.option(label, value="column-" + stage.value) for stage, label in STAGE_LABELS.items()],
            id="board-go-to",
            class_name="board-go-to",
            custom_attrs={"data-board-go-to": "true"},
        ),
        class_name="board-go-to-field",
    )


def contacts_board() -> rx.Component:
    return rx.box(
        _go_to_stage(),
        rx.box(
            rx.foreach(ContactsState.board, _column),
            tab_index=0,
            aria_label="Board: contacts by stage",
            role="region",
            class_name="board-columns",
        ),
        width="100%",
    )
