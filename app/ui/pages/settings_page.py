"""The settings page (a later issue builds it out)."""

import reflex as rx

from app import routes
from app.ui.components.empty import empty_state
from app.ui.layout import page


@page(route=routes.SETTINGS, title="Settings")
def settings_page() -> rx.Component:
    return empty_state("settings", "Settings", "Exporting and deleting your data is being built.")
