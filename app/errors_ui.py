"""What the browser is told when a handler fails: log in again, or a calm message (never a stack trace)."""

import logging

import reflex as rx
from reflex.app import default_backend_exception_handler
from reflex.event import EventSpec

from app.metrics import METRICS
from app.services.disk import disk_full_message, is_disk_full
from app.services.errors import NotFound
from app.state.owner import NotSignedIn
from app.state.session import to_login

log = logging.getLogger("rapport")


# Reflex checks this signature at start: a plain `EventSpec` annotation, not a string.
def handle_backend_exception(exception: Exception) -> EventSpec:
    if isinstance(exception, NotSignedIn):
        return to_login()
    if isinstance(exception, NotFound):
        return rx.toast.error("That isn't here any more. It may have been deleted.", id="not_found")
    METRICS.errors += 1  # a real failure (/metrics: rapport_errors_total), not a signed-out page
    if is_disk_full(exception):
        log.error("disk full: %s", exception)
        return rx.toast.error(disk_full_message(), id="disk_full")
    return default_backend_exception_handler(exception)
