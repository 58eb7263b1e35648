"""The contact's timeline of touches, newest first, and the form that logs a new one."""

from __future__ import annotations

import reflex as rx

from app.state.contact import LOG_CHOICES, TIMELINE_LIMIT, ContactState, TimelineItem
from app.ui.components.form import error_of, field_error, select_field, text_field

S = ContactState


def _edit_form(item: TimelineItem) -> rx.Component:
    """The entry, open for correction in place: what happened, when, and the note."""
    return rx.vstack(
        rx.cond(
            item.kind_editable,
            select_field(
                "What happened",
                "edit-kind",
                LOG_CHOICES,
                value=S.edit_kind,
                on_change=S.set_edit_kind,
                error=error_of(S.edit_errors, "kind"),
            ),
            rx.text(item.label, weight="bold", size="3"),
        ),
        text_field(
            "When",
            "edit-on",
            value=S.edit_on,
            on_change=S.set_edit_on,
            error=error_of(S.edit_errors, "on"),
            type="date",
        ),
        text_field(
            "Summary",
            "edit-summary",
            value=S.edit_summary,
            on_change=S.set_edit_summary,
            error=error_of(S.edit_errors, "summary"),
            multiline=True,
            rows="2",
        ),
        rx.hstack(
            rx.button(rx.icon("check", size=16, aria_hidden="true"), "Save", on_click=S.save_edit, size="2"),
            rx.button("Cancel", on_click=S.cancel_edit, variant="soft", color_scheme="gray", size="2"),
            spacing="2",
        ),
        spacing="2",
        width="100%",
        id="timeline-edit-form",
    )


def _entry_actions(item: TimelineItem) -> rx.Component:
    return rx.hstack(
        rx.button(
            rx.icon("pencil", size=14, aria_hidden="true"),
            "Edit",
            on_click=S.start_edit(item.id),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
            variant="ghost",
            size="1",
            aria_label=f"Edit {item.label}, {item.on_label}",
            id=f"touch-edit-{item.id}",
        ),
        rx.button(
            rx.icon("trash-2", size=14, aria_hidden="true"),
            "Delete",
            on_click=S.delete_entry(item.id),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
            variant="ghost",
            color_scheme="red",
            size="1",
            aria_label=f"Delete {item.label}, {item.on_label}",
            id=f"touch-delete-{item.id}",
        ),
        spacing="3",
        padding_top="0.25rem",
    )


def _entry(item: TimelineItem) -> rx.Component:
    return rx.el.li(
        rx.cond(S.editing_touch_id == item.id, _edit_form(item), _entry_view(item)),
        class_name="timeline-entry",
        style={
            "border_left": f"2px solid {rx.color('accent', 6)}",
            "padding": "0 0 1rem 1rem",
            "list_style": "none",
        },
    )


def _entry_view(item: TimelineItem) -> rx.Component:
    return rx.vstack(
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
        _entry_actions(item),
        spacing="1",
        width="100%",
    )


def _undo_banner() -> rx.Component:
    return rx.cond(
        S.undo_text,
        rx.callout.root(
            rx.hstack(
                rx.callout.text(S.undo_text, id="timeline-undo-text"),
                rx.button("Undo", on_click=S.undo_delete, size="1", variant="solid", id="timeline-undo"),
                rx.button("Dismiss", on_click=S.dismiss_undo, size="1", variant="ghost", color_scheme="gray"),
                spacing="3",
                align="center",
                wrap="wrap",
            ),
            color_scheme="gray",
            role="status",
            width="100%",
        ),
        rx.fragment(),
    )


def timeline_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Timeline", as_="h2", size="4", id="timeline-heading"),
            _undo_banner(),
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
            rx.cond(
                S.repeat_question,
                rx.callout.root(
                    rx.vstack(
                        rx.callout.text(S.repeat_question, id="log-repeat-question"),
                        rx.hstack(
                            rx.button("Log it again", on_click=S.log_again, color_scheme="amber", size="2"),
                            rx.button(
                                "Cancel",
                                on_click=S.keep_single,
                                variant="soft",
                                color_scheme="gray",
                                size="2",
                            ),
                            spacing="2",
                        ),
                        spacing="2",
                    ),
                    color_scheme="amber",
                    role="alert",
                    width="100%",
                ),
                rx.button(rx.icon("check", size=16, aria_hidden="true"), "Log it", on_click=S.log_touch),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )
