"""The contacts page (a later issue builds it out)."""

import reflex as rx

from app import routes
from app.ui.components.empty import empty_state
from app.ui.layout import page


@page(route=routes.CONTACTS, title="Contacts")
def contacts() -> rx.Component:
    return empty_state(
        "users",
        "Your contacts will live here",
        "The tracker (table, board, search, import from LinkedIn) is being built.",
    )
