"""Messages for the login and sign-up pages, taken from the query string the form posts redirect to."""

import reflex as rx


class AuthPageState(rx.State):
    error: str = ""
    notice: str = ""
    email: str = ""
    name: str = ""
    invite_code: str = ""

    @rx.event
    def load(self) -> None:
        params = self.router.url.query_parameters
        self.error = str(params.get("error", ""))[:300]
        self.notice = str(params.get("notice", ""))[:300]
        self.email = str(params.get("email", ""))[:254]
        self.name = str(params.get("name", ""))[:200]
        self.invite_code = str(params.get("invite_code", "") or params.get("code", ""))[:40]
