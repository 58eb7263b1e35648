"""Settings: export all my data, delete it; (hosted) messages from the change-password form."""

import contextlib
from pathlib import Path

import reflex as rx
from reflex.event import EventSpec
from reflex.utils import prerequisites

from app import routes
from app.services import my_data
from app.services.auth_messages import messages_for
from app.settings import get_settings
from app.state.base import PageState

CONFIRM_WORD = "delete"


class SettingsState(PageState):
    confirm_text: str = ""
    delete_error: str = ""
    password_error: str = ""

    @rx.event
    def load(self) -> None:
        self.password_error = messages_for(self._query_param("password_error", 300))
        self.confirm_text = self.delete_error = ""

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
    def delete_everything(self) -> EventSpec | list[EventSpec] | None:
        if self.confirm_text.strip().casefold() != CONFIRM_WORD:
            self.delete_error = f"Type “{CONFIRM_WORD}” to confirm. Nothing has been deleted."
            return None
        local = get_settings().is_local
        with self._session() as session:
            files = my_data.delete_everything(session, owner_id=self._owner_id(), keep_account=local)
        my_data.erase_freed_space()
        self.confirm_text = ""
        if local:
            # Local mode's one student: what their open tabs showed, which Reflex keeps on disk, goes too.
            forget_saved_page_states(_states_dir())
            return [rx.redirect(routes.TODAY), rx.toast(deleted_message(files))]
        # The login page shows the words of this code (app/services/auth_messages.py).
        return rx.redirect(routes.LOGIN + "?notice=account_deleted")


def _states_dir() -> Path:
    """Where Reflex keeps each tab's page state on disk (the launcher puts it in the data folder)."""
    return prerequisites.get_states_dir()


def forget_saved_page_states(folder: Path) -> int:
    """Removes the page states saved in `folder` (a tab still open starts afresh on its next event or
    reload); returns how many files went."""
    removed = 0
    for path in folder.glob("*.pkl"):
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
    return removed


def deleted_message(files: int) -> str:
    """What the student reads once everything is gone, files included."""
    what = "Everything is deleted"
    if files:
        uploaded = "1 uploaded file" if files == 1 else f"{files} uploaded files"
        return f"{what}, including {uploaded} waiting to be imported. Nothing of yours is left in Rapport."
    return (
        f"{what}: your contacts, timeline, meetings, briefs, drafts and uploaded files. "
        "Nothing of yours is left in Rapport."
    )
