"""The signed-in user as pages show it (name and role only), and the guard every hosted page loads first."""

from __future__ import annotations

import reflex as rx
from reflex.event import EventSpec

from app import routes
from app.state.base import PageState
from app.state.owner import signed_in_user


def to_login() -> EventSpec:
    """A full page load of the login page: the next websocket then carries the browser's current
    cookies, and nothing from the ended session's page stays on screen."""
    return rx.call_script(f"window.location.replace('{routes.LOGIN}')")


class SessionState(PageState):
    """Holds nothing secret: the token stays in an HttpOnly cookie, read on the server per event."""

    display_name: str = ""
    role: str = ""

    @rx.event
    def require_session(self) -> EventSpec | None:
        user = signed_in_user(self)
        if user is None:
            self.display_name = self.role = ""
            return to_login()
        self.display_name = user.display_name
        self.role = user.role
        return None

    @rx.event
    def skip_if_signed_in(self) -> EventSpec | None:
        """Login and sign-up pages send someone already signed in on to Today."""
        if signed_in_user(self) is not None:
            return rx.redirect(routes.TODAY)
        return None
