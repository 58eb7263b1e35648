"""Settings' calendar section: a subscribable feed of everything due, at a secret link."""

from __future__ import annotations

import reflex as rx

from app.state.calendar_feed import CalendarFeedState as S
from app.ui.components.form import control_props, field, message_box


def _link_shown() -> rx.Component:
    return rx.vstack(
        field(
            "Your calendar link",
            "calendar-feed-url",
            rx.input(
                **control_props("calendar-feed-url", hint=True),
                value=S.url,
                read_only=True,
                width="100%",
                on_focus=rx.call_script("document.getElementById('calendar-feed-url').select()"),
            ),
            hint="Keep it to yourself: anyone with this link can see what is due. It is shown only now.",
        ),
        rx.button(rx.icon("copy", aria_hidden="true"), "Copy link", on_click=S.copy_link),
        spacing="2",
        width="100%",
    )


def calendar_feed_section() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Calendar feed", as_="h2", size="4"),
            rx.text(
                "See follow-ups, thank-yous, keep-in-touch reminders and meetings in your own calendar: "
                "subscribe once to a private link and it stays up to date."
            ),
            message_box(S.notice, tone="green", icon="circle-check"),
            rx.cond(S.url != "", _link_shown()),
            rx.cond(
                S.active,
                rx.vstack(
                    rx.cond(
                        S.url == "",
                        rx.text(
                            "You have a calendar link, made on ",
                            S.created_on,
                            ". For your privacy it is shown only when made: lost it? Make a new one.",
                        ),
                    ),
                    rx.hstack(
                        rx.button(
                            rx.icon("refresh-cw", aria_hidden="true"),
                            "Make a new link",
                            on_click=S.make_link,
                            variant="soft",
                        ),
                        rx.button(
                            rx.icon("link-2-off", aria_hidden="true"),
                            "Revoke link",
                            on_click=S.revoke_link,
                            variant="soft",
                            color_scheme="red",
                        ),
                        spacing="3",
                        wrap="wrap",
                    ),
                    spacing="3",
                    width="100%",
                ),
                rx.button(
                    rx.icon("calendar-sync", aria_hidden="true"), "Create calendar link", on_click=S.make_link
                ),
            ),
            spacing="3",
            align="start",
        ),
        size="3",
        width="100%",
        on_mount=S.load,
        id="calendar-feed",
    )
