"""Creates the Reflex app and registers every page; the pages themselves live in app/ui/pages."""

import logging

import reflex as rx
from sqlalchemy.exc import SQLAlchemyError

from app.errors_ui import handle_backend_exception
from app.http_guard import guard_http
from app.services import uploads
from app.settings import get_settings
from app.state import health  # noqa: F401  (a no-op event the load benchmark measures against)
from app.state.payload_guard import PayloadGuard
from app.state.session_binding import BindStateToSession
from app.ui.components.autosave import SCRIPT as AUTOSAVE_SCRIPT
from app.ui.components.offline import offline_banner
from app.ui.layout import DESCRIPTION, PAGES
from app.ui.pages import (  # noqa: F401  (each module registers its page)
    cohort,
    compose,
    contact,
    contacts,
    employers,
    importer,
    login,
    meeting_notes,
    meeting_prep,
    merge,
    not_found,
    settings_page,
    signup,
    today,
)
from app.ui.theme import HEAD_COMPONENTS, STYLESHEETS
from app.web_auth import auth_routes, require_session_for_pages
from app.web_calendar import calendar_routes
from app.web_ops import ops_layer, ops_lifespan

app = rx.App(
    stylesheets=STYLESHEETS,
    # Keeps autosaved typing in the browser until the server confirms it (app/ui/components/autosave.py).
    head_components=[rx.el.script(src=AUTOSAVE_SCRIPT, defer=True), *HEAD_COMPONENTS],
    html_lang="en",
    backend_exception_handler=handle_backend_exception,
    # Hosted accounts are plain form posts that set an HttpOnly cookie; local mode has no accounts.
    # The last transform is the outermost: headers and body caps apply to every response in both modes.
    # The calendar feed answers to its secret token alone (a calendar app has no session).
    # /healthz, /readyz and /metrics (app/web_ops.py) answer outside the session check, inside the guard.
    api_transformer=[calendar_routes(), ops_layer, guard_http]
    if get_settings().is_local
    else [auth_routes(), calendar_routes(), require_session_for_pages, ops_layer, guard_http],
)
# A lost connection says, in words, that the typing is kept (not Reflex's toast and pulsing icon).
app.app_wraps[(5, "Overlay")] = lambda stateful: rx.fragment(offline_banner()) if stateful else None
# Before any handler: the payload checked once, then the tab's state bound to its login session.
app.add_middleware(PayloadGuard())
app.add_middleware(BindStateToSession())


def sweep_staged_imports() -> None:
    """At start: files staged for an import that was never confirmed go once a day old (each new
    file kept sweeps too, so a database not answering yet only delays this)."""
    try:
        uploads.sweep_stale()
    except SQLAlchemyError as error:
        logging.getLogger(__name__).warning("Staged imports not swept at start: %s", type(error).__name__)


app.register_lifespan_task(sweep_staged_imports)
# JSON logs (hosted), events counted and timed, SIGTERM drains (app/web_ops.py).
app.register_lifespan_task(ops_lifespan)

for entry in PAGES:
    app.add_page(
        entry.render,
        route=entry.path,
        title=f"{entry.title} · Rapport",
        description=entry.description,
        on_load=entry.on_load,
    )
app.add_page(not_found.not_found, route="404", title="Not found · Rapport", description=DESCRIPTION)
