"""The live checks beside a draft: each with an icon and a status word, never colour alone."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var


def check_row(check: Var) -> rx.Component:
    colour = rx.match(check.status, ("pass", "grass"), ("warn", "amber"), "red")
    return rx.el.li(
        rx.hstack(
            rx.badge(
                rx.match(
                    check.status,
                    ("pass", rx.icon("circle-check", size=14, aria_hidden="true")),
                    ("warn", rx.icon("circle-alert", size=14, aria_hidden="true")),
                    rx.icon("circle-x", size=14, aria_hidden="true"),
                ),
                check.status_text,
                color_scheme=colour,
                variant="soft",
                size="1",
                flex_shrink="0",
            ),
            rx.vstack(
                rx.text(check.label, weight="medium", size="2"),
                rx.text(check.reason, size="2", color=rx.color("gray", 11)),
                spacing="0",
            ),
            spacing="3",
            align="start",
        ),
        data_status=check.status,
        data_code=check.code,
        class_name="compose-check",
        style={"list_style": "none"},
    )


def check_list(checks: Var, countdown: Var) -> rx.Component:
    return rx.vstack(
        rx.heading("Checks", as_="h2", size="4"),
        rx.cond(
            countdown,
            rx.callout(
                rx.text("Thank-you: ", rx.text.strong(countdown)),
                icon="clock",
                color_scheme="teal",
                size="1",
                width="100%",
            ),
            rx.fragment(),
        ),
        rx.el.ul(
            rx.foreach(checks, check_row),
            aria_label="Checks on this draft",
            aria_live="polite",
            style={
                "display": "flex",
                "flex_direction": "column",
                "gap": "0.75rem",
                "padding": "0",
                "margin": "0",
            },
        ),
        spacing="3",
        width="100%",
    )
