"""What a lost connection looks like: one honest line instead of Reflex's error toast and spinner."""

from __future__ import annotations

import reflex as rx
from reflex_components_core.core.banner import has_connection_errors  # type: ignore[import-untyped]

OFFLINE_TEXT = "Offline: your typing is kept and will be saved when you're back"


def offline_banner() -> rx.Component:
    """The polite live region is always in the page, so a screen reader hears the line when it
    appears; the line itself is the status (and the page has no empty status the rest of the time).

    The typing is kept by assets/autosave.js, which resends it once the websocket is back.
    """
    return rx.el.div(
        rx.cond(
            has_connection_errors,
            rx.el.p(
                rx.icon("wifi-off", size=16, aria_hidden="true"),
                rx.el.span(OFFLINE_TEXT),
                class_name="offline-banner",
                role="status",
            ),
        ),
        aria_live="polite",
        id="connection-status",
        class_name="offline-status no-print",
    )
