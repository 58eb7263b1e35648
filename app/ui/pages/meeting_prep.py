"""The meeting prep page (a later issue builds it out)."""

import reflex as rx

from app import routes
from app.ui.components.empty import empty_state
from app.ui.layout import page


@page(route=routes.MEETING_PREP, title="Prepare for your meeting", nav=routes.TODAY)
def meeting_prep() -> rx.Component:
    return empty_state("list-checks", "The prep wizard", "The prep wizard is being built.")
