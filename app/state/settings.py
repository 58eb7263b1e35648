"""Settings: export all my data, delete it; (hosted) messages from the change-password form."""

from datetime import date

import reflex as rx

from app import routes
from app.db import session_scope
from app.services import my_data
from app.settings import get_settings
from app.state.owner import current_owner_id

CONFIRM_WORD = "delete"


class SettingsState(rx.State):
    confirm_text: str = ""
    delete_error: str = ""
    password_error: str = ""
    notice: str = ""

    @rx.event
    def load(self) -> None:
        self.password_error = str(self.router.url.query_parameters.get("password_error", ""))[:300]
        self.confirm_text = self.delete_error = ""

    @rx.event
    def set_confirm_text(self, value: str) -> None:
        self.confirm_text = str(value)[:50]
        self.delete_error = ""

    @rx.event
    def export_json(self) -> rx.event.EventSpec:
        owner_id = current_owner_id(self)
        with session_scope() as session:
            text = my_data.export_everything_json(session, owner_id=owner_id)
        return rx.download(data=text, filename=f"rapport-export-{date.today().isoformat()}.json")

    @rx.event
    def export_csv(self) -> rx.event.EventSpec:
        owner_id = current_owner_id(self)
        with session_scope() as session:
            archive = my_data.export_everything_csv_zip(session, owner_id=owner_id)
        return rx.download(data=archive, filename=f"rapport-export-{date.today().isoformat()}.zip")

    @rx.event
    def delete_everything(self) -> rx.event.EventSpec | None:
        if self.confirm_text.strip().casefold() != CONFIRM_WORD:
            self.delete_error = f"Type “{CONFIRM_WORD}” to confirm. Nothing has been deleted."
            return None
        owner_id = current_owner_id(self)
        local = get_settings().is_local
        with session_scope() as session:
            my_data.delete_everything(session, owner_id=owner_id, keep_account=local)
        self.confirm_text = ""
        if local:
            self.notice = "Everything is deleted. Rapport is empty again, ready for a fresh start."
            return rx.redirect(routes.TODAY)
        return rx.redirect(routes.LOGIN + "?notice=Your+account+and+everything+in+it+are+deleted.")
