"""The contact page (a later issue builds it out)."""

import reflex as rx

from app import routes
from app.ui.components.empty import empty_state
from app.ui.layout import page


@page(route=routes.CONTACT, title="Contact", nav=routes.CONTACTS)
def contact() -> rx.Component:
    return empty_state("user", "Contact details", "A contact's timeline is being built.")
