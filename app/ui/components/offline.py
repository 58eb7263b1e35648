"""What a lost connection looks like: one honest line instead of Reflex's error toast and spinner."""

from __future__ import annotations

import reflex as rx
from reflex_components_core.core.banner import has_connection_errors  # type: ignore[import-untyped]

OFFLINE_TEXT = "Offline: your typing is kept and will be saved when you're back"


def offline_banner() -> rx.Component:
    """Always in the page, so a screen reader hears the line when it appears (the status is polite).

    The typing is kept by assets/autosave.js, which resends it once the websocket is back.
    """
    return rx.el.div(
        rx.cond(
            has_connection_errors,
            rx.el.p(
                rx.icon("wifi-off", size=16, aria_hidden="true"),
                rx.el.span(OFFLINE_TEXT),
                class_name="offline-banner",
            ),
        ),
        role="status",
        id="connection-status",
        class_name="offline-status no-print",
    )
