"""Creates the Reflex app and registers every page; the pages themselves live in app/ui/pages."""

import reflex as rx

from app.errors_ui import handle_backend_exception
from app.http_guard import guard_http
from app.services import uploads
from app.settings import get_settings
from app.state import health  # noqa: F401  (a no-op event the load benchmark measures against)
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
from app.web_auth import auth_routes, require_session_for_pages

app = rx.App(
    stylesheets=STYLESHEETS,
    backend_exception_handler=handle_backend_exception,
    # Hosted accounts are plain form posts that set an HttpOnly cookie; local mode has no accounts.
    # The last transform is the outermost: headers and body caps apply to every response in both modes.
    api_transformer=[guard_http]
    if get_settings().is_local
    else [auth_routes(), require_session_for_pages, guard_http],
)


def sweep_staged_imports() -> None:
    """At start: files staged for an import that was never confirmed go once a day old."""
    uploads.sweep_stale()


app.register_lifespan_task(sweep_staged_imports)

for entry in PAGES:
    app.add_page(entry.render, route=entry.path, title=f"{entry.title} · Rapport", on_load=entry.on_load)
app.add_page(not_found.not_found, route="404", title="Not found · Rapport")
