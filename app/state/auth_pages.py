"""Messages for the login and sign-up pages, taken from the query string the form posts redirect to."""

import reflex as rx

from app.services.auth_messages import messages_for
from app.state.base import PageState


class AuthPageState(PageState):
    """Needs no owner (nobody is signed in yet): only what the address says, cut to size."""

    error: str = ""
    notice: str = ""
    email: str = ""
    name: str = ""
    invite_code: str = ""

    @rx.event
    def load(self) -> None:
        # The address carries codes only; the words come from one fixed table (unknown codes show nothing).
        self.error = messages_for(self._query_param("error", 300))
        self.notice = messages_for(self._query_param("notice", 300))
        self.email = self._query_param("email", 254)
        self.name = self._query_param("name", 200)
        self.invite_code = self._query_param("invite_code", 40) or self._query_param("code", 40)
