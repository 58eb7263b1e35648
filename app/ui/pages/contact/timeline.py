"""The contact's timeline of touches, newest first, and the form that logs a new one."""

from __future__ import annotations

import reflex as rx

from app.state.contact import LOG_CHOICES, TIMELINE_LIMIT, ContactState, TimelineItem
from app.ui.components.form import error_of, field_error, text_field

S = ContactState


def _entry(item: TimelineItem) -> rx.Component:
    return rx.el.li(
        rx.vstack(
            rx.hstack(
                rx.text(item.label, weight="bold", size="3"),
                rx.text(item.on_label, size="2", color_scheme="gray"),
                spacing="2",
                align="baseline",
                wrap="wrap",
            ),
            rx.cond(
                item.summary,
                rx.text(item.summary, size="2", white_space="pre-wrap", style={"overflow_wrap": "anywhere"}),
                rx.fragment(),
            ),
            rx.cond(
                item.body,
                rx.el.details(
                    rx.el.summary(rx.text("Email text", as_="span", size="2"), style={"cursor": "pointer"}),
                    rx.text(
                        item.body,
                        size="2",
                        white_space="pre-wrap",
                        style={"overflow_wrap": "anywhere", "padding_top": "0.5rem"},
                    ),
                ),
                rx.fragment(),
            ),
            spacing="1",
            width="100%",
        ),
        class_name="timeline-entry",
        style={
            "border_left": f"2px solid {rx.color('accent', 6)}",
            "padding": "0 0 1rem 1rem",
            "list_style": "none",
        },
    )


def timeline_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Timeline", as_="h2", size="4", id="timeline-heading"),
            rx.cond(
                S.timeline.length() > 0,
                rx.el.ol(
                    rx.foreach(S.timeline, _entry),
                    aria_labelledby="timeline-heading",
                    style={"margin": "0", "padding": "0", "width": "100%"},
                ),
                rx.text(
                    "Nothing logged yet. When you reach out, log it here and Rapport keeps the dates.",
                    size="2",
                    color_scheme="gray",
                ),
            ),
            rx.cond(
                S.timeline.length() >= TIMELINE_LIMIT,
                rx.text(f"Showing the latest {TIMELINE_LIMIT}.", size="1", color_scheme="gray"),
                rx.fragment(),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _kind_choice(value: str, label: str) -> rx.Component:
    control_id = f"log-kind-{value}"
    return rx.hstack(
        rx.radio_group.item(value=value, id=control_id),
        rx.el.label(rx.text(label, size="2"), html_for=control_id),
        spacing="2",
        align="center",
    )


def log_form() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Log what happened", as_="h2", size="4"),
            rx.vstack(
                rx.text("What happened?", id="log-kind-label", class_name="field-label"),
                rx.radio_group.root(
                    rx.flex(
                        *[_kind_choice(value, label) for value, label in LOG_CHOICES],
                        spacing="3",
                        wrap="wrap",
                    ),
                    value=S.log_kind,
                    on_change=S.set_log_kind,
                    aria_labelledby="log-kind-label",
                    aria_describedby="log-kind-error",
                    name="log-kind",
                ),
                field_error(error_of(S.log_errors, "kind"), "log-kind"),
                spacing="2",
                width="100%",
            ),
            rx.flex(
                rx.box(
                    text_field(
                        "When",
                        "log-on",
                        value=S.log_on,
                        on_change=S.set_log_on,
                        error=error_of(S.log_errors, "on"),
                        type="date",
                    ),
                    width=rx.breakpoints(initial="100%", sm="12rem"),
                    flex_shrink="0",
                ),
                rx.box(
                    text_field(
                        "Summary",
                        "log-summary",
                        hint="Optional.",
                        error=error_of(S.log_errors, "summary"),
                        multiline=True,
                        value=S.log_summary,
                        on_change=S.set_log_summary,
                        placeholder="What was said, in a line or two",
                        rows="2",
                    ),
                    flex_grow="1",
                    width="100%",
                ),
                spacing="3",
                direction=rx.breakpoints(initial="column", sm="row"),
                width="100%",
            ),
            rx.button(rx.icon("check", size=16, aria_hidden="true"), "Log it", on_click=S.log_touch),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )
