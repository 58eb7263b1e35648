"""The calm empty state: an icon, what this place is for, and what to do first."""

import reflex as rx


def empty_state(icon: str, title: str, text: str, *actions: rx.Component) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.icon(icon, size=32, aria_hidden="true", color=rx.color("accent", 11)),
            rx.heading(title, as_="h2", size="4"),
            rx.text(text, size="3"),
            rx.hstack(*actions, spacing="3", wrap="wrap") if actions else rx.fragment(),
            spacing="3",
            align="start",
        ),
        size="3",
        width="100%",
    )
