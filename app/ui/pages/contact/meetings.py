"""The contact's meetings (calendar file, prep, mark as held) and the form that schedules one."""

from __future__ import annotations

import reflex as rx

from app.state.contact import ContactState, MeetingRow
from app.ui.components.form import error_of, text_field

S = ContactState


def _meeting(row: MeetingRow) -> rx.Component:
    return rx.el.li(
        rx.vstack(
            rx.hstack(
                rx.text(row.when, weight="bold", size="3"),
                rx.text(row.duration, size="2", color_scheme="gray"),
                spacing="2",
                align="baseline",
                wrap="wrap",
            ),
            rx.cond(
                row.place,
                rx.text(row.place, size="2", style={"overflow_wrap": "anywhere"}),
                rx.fragment(),
            ),
            rx.cond(
                row.video_link,
                rx.link(
                    "Video link",
                    href=row.video_link,
                    is_external=True,
                    rel="noopener noreferrer",
                    size="2",
                ),
                rx.fragment(),
            ),
            rx.hstack(
                rx.badge(row.status_label, color_scheme="gray", variant="soft"),
                rx.badge(
                    row.prep_label,
                    color_scheme=rx.cond(row.brief_ready, "teal", "amber"),
                    variant="soft",
                ),
                spacing="2",
                wrap="wrap",
            ),
            rx.flex(
                rx.button(
                    rx.icon("calendar-plus", size=16, aria_hidden="true"),
                    rx.cond(row.cancelled, "Remove from calendar", "Add to calendar"),
                    on_click=S.download_calendar_file(row.id),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
                    variant="soft",
                    size="2",
                ),
                rx.button(
                    rx.link(
                        rx.icon("list-checks", size=16, aria_hidden="true"),
                        "Prepare",
                        href=row.prep_url,
                        underline="none",
                    ),
                    as_child=True,
                    variant="soft",
                    size="2",
                ),
                rx.cond(
                    row.notes_url != "",
                    rx.button(
                        rx.link("Meeting notes", href=row.notes_url, underline="none"),
                        as_child=True,
                        variant="soft",
                        size="2",
                    ),
                ),
                rx.cond(
                    row.thank_you_url != "",
                    rx.button(
                        rx.link("Write thank-you", href=row.thank_you_url, underline="none"),
                        as_child=True,
                        variant="soft",
                        size="2",
                    ),
                ),
                rx.cond(
                    row.status != "scheduled",
                    rx.fragment(),
                    rx.fragment(
                        rx.button(
                            rx.icon("circle-check", size=16, aria_hidden="true"),
                            "Mark as held",
                            on_click=S.mark_held(row.id),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
                            variant="outline",
                            size="2",
                        ),
                        rx.button(
                            rx.icon("calendar-x", size=16, aria_hidden="true"),
                            "Cancel meeting",
                            on_click=S.cancel_meeting(row.id),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
                            variant="outline",
                            color_scheme="gray",
                            size="2",
                        ),
                    ),
                ),
                spacing="2",
                wrap="wrap",
            ),
            spacing="2",
            width="100%",
        ),
        class_name="contact-meeting",
        style={
            "list_style": "none",
            "padding": "0.75rem 0",
            "border_top": f"1px solid {rx.color('gray', 5)}",
        },
    )


def _meeting_field(label: str, name: str, key: str, *, hint: str = "", **props: str) -> rx.Component:
    """One field of the schedule form: `name` picks the id (`meeting-<name>`) and the state's value."""
    return text_field(
        label,
        f"meeting-{name}",
        value=getattr(S, f"meeting_{name}"),
        on_change=getattr(S, f"set_meeting_{name}"),
        hint=hint,
        error=error_of(S.meeting_errors, key),
        multiline=False,
        **props,
    )


def schedule_form() -> rx.Component:
    return rx.vstack(
        rx.text(
            "Twenty minutes respects their time. Add a place or a video link.",
            size="2",
            color_scheme="gray",
        ),
        rx.grid(
            _meeting_field("Date", "on", "on", type="date"),
            _meeting_field("Time", "at", "at", type="time"),
            columns="2",
            spacing="3",
            width="100%",
        ),
        _meeting_field(
            "Length in minutes",
            "minutes",
            "duration_minutes",
            type="number",
            min="5",
            max="240",
            step="5",
            input_mode="numeric",
        ),
        _meeting_field("Place", "place", "place", placeholder="A café, their office…"),
        _meeting_field(
            "Video link",
            "link",
            "video_link",
            hint="Or instead of a place.",
            type="url",
            placeholder="https://",
        ),
        rx.cond(
            S.meeting_message,
            rx.callout(S.meeting_message, icon="info", color_scheme="amber", size="1", width="100%"),
            rx.fragment(),
        ),
        rx.hstack(
            rx.button(
                rx.icon("calendar-check", size=16, aria_hidden="true"),
                "Schedule meeting",
                on_click=S.schedule_meeting,
            ),
            rx.button("Cancel", on_click=S.toggle_schedule_form, variant="soft", color_scheme="gray"),
            spacing="2",
            wrap="wrap",
        ),
        spacing="3",
        width="100%",
        id="schedule-form",
    )


def _schedule_toggle() -> rx.Component:
    return rx.button(
        rx.icon("calendar-plus", size=16, aria_hidden="true"),
        "Schedule a meeting",
        rx.icon(rx.cond(S.scheduling, "chevron-up", "chevron-down"), size=16, aria_hidden="true"),
        on_click=S.toggle_schedule_form,
        variant=rx.cond(S.scheduling, "soft", "solid"),
        aria_expanded=rx.cond(S.scheduling, "true", "false"),
        aria_controls="schedule-form",
    )


def meetings_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Meetings", as_="h2", size="4", id="meetings-heading"),
            rx.cond(
                S.meetings.length() > 0,
                rx.el.ul(
                    rx.foreach(S.meetings, _meeting),
                    aria_labelledby="meetings-heading",
                    style={"margin": "0", "padding": "0", "width": "100%"},
                ),
                rx.text(
                    "No meetings yet. When they say yes, schedule it here.",
                    size="2",
                    color_scheme="gray",
                ),
            ),
            _schedule_toggle(),
            rx.cond(S.scheduling, schedule_form(), rx.fragment()),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )
