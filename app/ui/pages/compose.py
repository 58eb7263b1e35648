"""The compose page (a later issue builds it out)."""

import reflex as rx

from app import routes
from app.ui.components.empty import empty_state
from app.ui.layout import page


@page(route=routes.COMPOSE, title="Compose")
def compose() -> rx.Component:
    return empty_state("mail", "The composer", "Drafting outreach and thank-you emails is being built.")
