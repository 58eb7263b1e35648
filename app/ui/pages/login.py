"""The login page (a later issue builds it out)."""

import reflex as rx

from app import routes
from app.ui.components.empty import empty_state
from app.ui.layout import page


@page(route=routes.LOGIN, title="Log in")
def login() -> rx.Component:
    return empty_state(
        "log-in",
        "No login needed here",
        "This copy of Rapport runs in local mode for one person, so there is nothing to log in to.",
        rx.link(rx.button("Go to Today"), href=routes.TODAY),
    )
