"""The live checks beside a draft: each with an icon and a status word, never colour alone."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from app.state.compose import CheckView, ComposeState


def check_row(check: CheckView) -> rx.Component:
    colour = rx.match(check.status, ("pass", "grass"), ("warn", "amber"), "red")
    return rx.el.li(
        rx.vstack(
            rx.hstack(
                rx.text(check.label, weight="medium", size="2"),
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
                justify="between",
                align="center",
                spacing="2",
                width="100%",
                wrap="wrap",
            ),
            rx.text(check.reason, size="2", color=rx.color("gray", 11), id=f"check-{check.code}-reason"),
            rx.cond(
                check.suggestion != "",
                rx.button(
                    rx.icon("wand-sparkles", size=14, aria_hidden="true"),
                    "Use this sentence",
                    size="1",
                    variant="soft",
                    on_click=ComposeState.use_suggestion(check.code),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
                    aria_describedby=f"check-{check.code}-reason",
                    class_name="compose-use-suggestion",
                    margin_top="0.25rem",
                ),
            ),
            spacing="1",
            width="100%",
        ),
        data_status=check.status,
        data_code=check.code,
        class_name="compose-check",
        style={"list_style": "none", "border_top": "1px solid var(--gray-a4)", "padding_top": "0.6rem"},
    )


def check_summary(summary: Var[str] | str) -> rx.Component:
    """One line near the editor, so a phone user need not scroll to know where the draft stands."""
    return rx.box(
        rx.link(
            rx.icon("list-checks", size=14, aria_hidden="true"),
            summary,
            href="#compose-checks",
            size="2",
            display="inline-flex",
            align_items="center",
            gap="0.35rem",
        ),
        # Only this one line is announced as checks change, not the whole list on every pause.
        aria_live="polite",
    )


def check_list(checks: Var[list[CheckView]] | list[CheckView], countdown: Var[str] | str) -> rx.Component:
    return rx.vstack(
        rx.heading("Checks", as_="h2", size="4", id="compose-checks"),
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
