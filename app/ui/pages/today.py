"""The today page (a later issue builds it out)."""

import reflex as rx

from app import routes
from app.ui.components.empty import empty_state
from app.ui.layout import page


@page(route=routes.TODAY, title="Today")
def today() -> rx.Component:
    return empty_state(
        "sparkles",
        "Welcome to Rapport",
        "Networking is a learned skill, and everyone who says yes to meeting you is networking too. "
        "Start with one person whose career you admire.",
        rx.link(rx.button("Go to your contacts"), href=routes.CONTACTS),
    )
