"""Import contacts from LinkedIn's Connections.csv or any CSV (a later issue builds it out)."""

import reflex as rx

from app import routes
from app.ui.components.empty import empty_state
from app.ui.layout import page


@page(route=routes.IMPORT, title="Import contacts", nav=routes.CONTACTS)
def importer() -> rx.Component:
    return empty_state("upload", "Import contacts", "Importing from LinkedIn is being built.")
