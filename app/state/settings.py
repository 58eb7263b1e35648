"""Settings: export all my data, delete it; (hosted) messages from the change-password form."""

import reflex as rx
from reflex.event import EventSpec

from app import routes
from app.services import about_me, my_data
from app.services.auth_messages import messages_for
from app.services.errors import ValidationFailed
from app.settings import get_settings
from app.state.base import PageState

CONFIRM_WORD = "delete"


class SettingsState(PageState):
    confirm_text: str = ""
    delete_error: str = ""
    password_error: str = ""
    about: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    about_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    about_note: str = ""

    @rx.event
    def load(self) -> None:
        self.password_error = messages_for(self._query_param("password_error", 300))
        self.confirm_text = self.delete_error = ""
        with self._session() as session:
            view = about_me.get_about_me(session, owner_id=self._owner_id())
        self.about = {name: getattr(view, name) for name in about_me.FIELDS}
        self.about_errors, self.about_note = {}, ""

    @rx.event
    def save_about(self, name: str, value: str) -> None:
        """Saves one About-me field as it is left; a refused value keeps what was saved and says why."""
        if name not in about_me.FIELDS or not isinstance(value, str):
            return
        wanted = {**self.about, name: value[:20_000]}
        try:
            with self._session() as session:
                view = about_me.save_about_me(session, owner_id=self._owner_id(), values=wanted)
        except ValidationFailed as error:
            self.about_errors = error.errors
            self.about_note = "Not saved yet: see the note beside the field."
            return
        self.about = {field: getattr(view, field) for field in about_me.FIELDS}
        self.about_errors, self.about_note = {}, "Saved"

    @rx.event
    def set_confirm_text(self, value: str) -> None:
        self.confirm_text = str(value)[:50]
        self.delete_error = ""

    def _export_name(self, extension: str) -> str:
        return f"rapport-export-{self._today().isoformat()}.{extension}"

    @rx.event
    def export_json(self) -> EventSpec:
        with self._session() as session:
            text = my_data.export_everything_json(session, owner_id=self._owner_id())
        return rx.download(data=text, filename=self._export_name("json"))

    @rx.event
    def export_csv(self) -> EventSpec:
        with self._session() as session:
            archive = my_data.export_everything_csv_zip(session, owner_id=self._owner_id())
        return rx.download(data=archive, filename=self._export_name("zip"))

    @rx.event
    def delete_everything(self) -> EventSpec | None:
        if self.confirm_text.strip().casefold() != CONFIRM_WORD:
            self.delete_error = f"Type “{CONFIRM_WORD}” to confirm. Nothing has been deleted."
            return None
        local = get_settings().is_local
        with self._session() as session:
            my_data.delete_everything(session, owner_id=self._owner_id(), keep_account=local)
        self.confirm_text = ""
        if local:
            return rx.redirect(routes.TODAY)
        return rx.redirect(routes.LOGIN + "?notice=Your+account+and+everything+in+it+are+deleted.")
