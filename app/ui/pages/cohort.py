"""The cohort page (a later issue builds it out)."""

import reflex as rx

from app import routes
from app.ui.components.empty import empty_state
from app.ui.layout import page


@page(route=routes.COHORT, title="Cohort")
def cohort() -> rx.Component:
    return empty_state("layout-grid", "Your cohort", "The advisor's view is part of hosted mode.")
