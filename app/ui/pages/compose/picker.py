"""Choosing a contact to write to: type a few letters, the server finds up to 20 matches."""

from __future__ import annotations

import reflex as rx

from app.state.compose import ComposeState, Option
from app.ui.components.form import field_label
from app.ui.components.vars import array_var

SEARCH_ID = "compose-contact-search"


def _match(option: Option) -> rx.Component:
    return rx.el.li(
        rx.button(
            rx.icon("user", size=14, aria_hidden="true"),
            option.label,
            on_click=ComposeState.choose_contact(option.value),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
            variant="soft",
            color_scheme="gray",
            width="100%",
            justify="start",
            style={
                "text_align": "left",
                "justify_content": "flex-start",
                "height": "auto",
                "padding": "0.5rem 0.75rem",
            },
        ),
        style={"list_style": "none"},
    )


def contact_picker() -> rx.Component:
    return rx.vstack(
        field_label("Find a contact", SEARCH_ID),
        rx.input(
            rx.input.slot(rx.icon("search", size=16, aria_hidden="true")),
            id=SEARCH_ID,
            value=ComposeState.search,
            on_change=ComposeState.search_contacts,
            placeholder="Type a few letters of a name or organisation",
            aria_describedby=f"{SEARCH_ID}-status",
            aria_controls=f"{SEARCH_ID}-results",
            auto_complete="off",
            width="100%",
        ),
        rx.text(
            rx.cond(
                ComposeState.searched,
                rx.cond(
                    array_var(ComposeState.matches).length() > 0,
                    "Choose one of these people:",
                    "No one matches that yet. Try fewer letters, or add them on your contacts page.",
                ),
                "",
            ),
            id=f"{SEARCH_ID}-status",
            size="2",
            color=rx.color("gray", 11),
            aria_live="polite",
        ),
        rx.el.ul(
            rx.foreach(ComposeState.matches, _match),
            id=f"{SEARCH_ID}-results",
            aria_label="Matching contacts",
            style={
                "display": "flex",
                "flex_direction": "column",
                "gap": "0.4rem",
                "padding": "0",
                "margin": "0",
                "width": "100%",
            },
        ),
        spacing="2",
        width="100%",
    )
