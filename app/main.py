"""Creates the Reflex app and registers every page; the pages themselves live in app/ui/pages."""

import reflex as rx

from app.ui.layout import PAGES
from app.ui.pages import (  # noqa: F401  (each module registers its page)
    cohort,
    compose,
    contact,
    contacts,
    importer,
    login,
    meeting_notes,
    meeting_prep,
    not_found,
    settings_page,
    signup,
    today,
)
from app.ui.theme import STYLESHEETS

app = rx.App(stylesheets=STYLESHEETS)

for route, title, render, on_load in PAGES:
    app.add_page(render, route=route, title=f"{title} · Rapport", on_load=on_load)  # type: ignore[arg-type]
app.add_page(not_found.not_found, route="404", title="Not found · Rapport")
