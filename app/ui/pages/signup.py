"""The signup page (a later issue builds it out)."""

import reflex as rx

from app import routes
from app.ui.components.empty import empty_state
from app.ui.layout import page


@page(route=routes.SIGNUP, title="Sign up")
def signup() -> rx.Component:
    return empty_state(
        "user-plus",
        "No account needed here",
        "This copy of Rapport runs in local mode for one person: your data stays on this computer.",
        rx.link(rx.button("Go to Today"), href=routes.TODAY),
    )
