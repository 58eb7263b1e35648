"""Settings: the time zone, export all my data, delete it; (hosted) messages from the change-password form."""

import contextlib
import threading
from pathlib import Path
from typing import Any

import reflex as rx
from reflex.event import EventSpec
from reflex.utils import prerequisites

from app import routes
from app.domain.local_time import BROWSER_ZONE_SCRIPT, zone_names
from app.services import about_me, my_data
from app.services.auth_messages import messages_for
from app.services.clock import remember_browser_zone, set_time_zone, zone_setting
from app.services.errors import ValidationFailed
from app.settings import get_settings
from app.state.base import PageState

CONFIRM_WORD = "delete"


class SettingsState(PageState):
    confirm_text: str = ""
    delete_error: str = ""
    password_error: str = ""
    time_zone: str = "UTC"
    # False while days are counted in UTC for want of a zone the browser could name.
    time_zone_known: bool = True
    time_zone_saved: bool = False
    time_zone_error: str = ""

    @rx.var(cache=True)
    def time_zone_choices(self) -> list[str]:
        return list(zone_names())

    about: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    about_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    about_note: str = ""

    @rx.event
    def load(self) -> Any:
        self.password_error = messages_for(self._query_param("password_error", 300))
        self.confirm_text = self.delete_error = ""
        self.time_zone_saved, self.time_zone_error = False, ""
        self._read_zone()
        with self._session() as session:
            view = about_me.get_about_me(session, owner_id=self._owner_id())
        self.about = {name: getattr(view, name) for name in about_me.FIELDS}
        self.about_errors, self.about_note = {}, ""
        return rx.call_script(BROWSER_ZONE_SCRIPT, callback=SettingsState.remember_zone)

    def _read_zone(self) -> None:
        with self._session() as session:
            setting = zone_setting(session, owner_id=self._owner_id())
        self.time_zone, self.time_zone_known = setting.name, setting.chosen

    @rx.event
    def remember_zone(self, name: Any) -> None:
        with self._session() as session:
            remember_browser_zone(session, owner_id=self._owner_id(), name=name)
        self._read_zone()

    @rx.event
    def set_time_zone(self, name: Any) -> None:
        """The student's choice: an unknown name is refused with a message, the saved zone kept."""
        try:
            with self._session() as session:
                set_time_zone(session, owner_id=self._owner_id(), name=name)
        except ValidationFailed as error:
            self.time_zone_error = error.errors.get("time_zone", "Choose a time zone from the list.")
            self.time_zone_saved = False
            return
        self.time_zone_error = ""
        self.time_zone_saved = True
        self._read_zone()

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
            forget_again_soon(_states_dir())
            return [rx.redirect(routes.TODAY), rx.toast(deleted_message(files))]
        # The login page shows the words of this code (app/services/auth_messages.py).
        return rx.redirect(routes.LOGIN + "?notice=account_deleted")


def _states_dir() -> Path:
    """Where Reflex keeps each tab's page state on disk (the launcher puts it in the data folder)."""
    return prerequisites.get_states_dir()


# Reflex writes a tab's state to disk a moment after its last event: a write from just before the
# deletion can land after it, so the folder is swept again once those have settled.
LATE_WRITE_SWEEPS_S = (3.0, 8.0)


def forget_again_soon(folder: Path) -> None:
    for delay in LATE_WRITE_SWEEPS_S:
        sweep = threading.Timer(delay, forget_saved_page_states, args=(folder,))
        sweep.daemon = True
        sweep.start()


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
