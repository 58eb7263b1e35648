"""Settings' state as the browser drives it: export everything (named by the one clock), delete everything."""

from __future__ import annotations

import base64
import dataclasses
import io
import json
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import reflex as rx
from reflex.istate.data import ReflexURL
from sqlmodel import Session, func, select

from app.domain.vocabulary import TouchKind
from app.models import Contact, Touch, User
from app.state import settings as settings_module
from app.state.settings import SettingsState
from tests.factories import add_contact, log_touch, other_owner

TODAY = date(2026, 3, 9)


@pytest.fixture
def settings_state(page_state: Callable[..., Any]) -> SettingsState:
    state: SettingsState = page_state(SettingsState, today=TODAY)
    state.load()
    return state


def downloaded(spec: Any) -> tuple[str, bytes]:
    """The file name and bytes of an rx.download, as the browser would save them."""
    assert isinstance(spec, rx.event.EventSpec)
    args = {name._js_expr: value._var_value for name, value in spec.args}
    return args["filename"], base64.b64decode(args["url"].split("base64,", 1)[1])


def seed(session: Session, owner_id: int) -> int:
    ada = add_contact(session, owner_id, "Ada Lovelace", organisation="Acme")
    log_touch(session, owner_id, ada, TouchKind.OUTREACH_SENT, TODAY)
    add_contact(session, other_owner(session), "Not Mine")
    session.commit()
    return ada


def test_the_json_export_is_named_for_today_and_holds_only_my_data(
    settings_state: SettingsState, session: Session, owner_id: int
) -> None:
    seed(session, owner_id)
    name, data = downloaded(settings_state.export_json())
    assert name == "rapport-export-2026-03-09.json"
    exported = json.loads(data)
    assert [c["name"] for c in exported["contact"]] == ["Ada Lovelace"]
    assert [t["kind"] for t in exported["touch"]] == [TouchKind.OUTREACH_SENT]
    assert "Not Mine" not in data.decode()


def test_the_csv_export_is_a_zip_named_for_today(
    settings_state: SettingsState, session: Session, owner_id: int
) -> None:
    seed(session, owner_id)
    name, data = downloaded(settings_state.export_csv())
    assert name == "rapport-export-2026-03-09.zip"
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert "Ada Lovelace" in archive.read("contact.csv").decode("utf-8-sig")


def test_delete_needs_the_word_and_then_empties_everything_but_the_local_account(
    settings_state: SettingsState, session: Session, owner_id: int
) -> None:
    seed(session, owner_id)
    for typed in ("", "yes", "delete it"):
        settings_state.set_confirm_text(typed)
        assert settings_state.delete_everything() is None
        assert settings_state.delete_error == "Type “delete” to confirm. Nothing has been deleted."
    session.expire_all()
    assert session.exec(select(func.count()).where(Contact.owner_id == owner_id)).one() == 1

    settings_state.set_confirm_text("  Delete ")
    assert settings_state.delete_error == ""
    states = settings_module._states_dir()
    (states / "0123abcd.pkl").write_bytes(b"a tab's page state: Not Mine's neighbour")
    answer = settings_state.delete_everything()
    assert list(states.iterdir()) == []  # what open tabs showed, kept on disk by Reflex, goes too
    assert isinstance(answer, list)
    redirect, toast = answer
    assert '"/"' in str(redirect.args)
    assert "Nothing of yours is left in Rapport" in str(toast.args)
    session.expire_all()
    for table in (Contact, Touch):
        assert session.exec(select(func.count()).where(table.owner_id == owner_id)).one() == 0
    assert session.get(User, owner_id) is not None
    # Another student's contacts are theirs: untouched.
    assert session.exec(select(Contact.name)).all() == ["Not Mine"]
    assert settings_state.confirm_text == ""


def test_a_password_message_comes_from_a_code_in_the_address_never_its_text(
    settings_state: SettingsState,
) -> None:
    for query, shown in (
        ("password_error=current_password_wrong", "That isn't your current password."),
        ("password_error=%3Cscript%3Ealert(1)%3C/script%3E", ""),
        ("password_error=Your+account+is+suspended", ""),
    ):
        settings_state.router = dataclasses.replace(
            settings_state.router, url=ReflexURL(f"http://localhost:3000/settings?{query}")
        )
        settings_state.load()
        assert settings_state.password_error == shown


def test_about_me_saves_field_by_field_and_a_refused_name_keeps_the_saved_one(
    settings_state: SettingsState,
) -> None:
    settings_state.load()
    settings_state.save_about("name", "Grace Hopper")
    settings_state.save_about("signature", "<b>Grace</b>")
    assert settings_state.about_note == "Saved"
    settings_state.save_about("name", "🎓" * 3)
    assert "letters" in settings_state.about_errors["name"]
    settings_state.load()
    assert settings_state.about["name"] == "Grace Hopper"
    assert settings_state.about["signature"] == "<b>Grace</b>"


def test_a_page_state_written_just_after_the_deletion_is_swept_too(tmp_path: Path) -> None:
    import time

    from app.state import settings as settings_module

    states = tmp_path / "late"
    states.mkdir()
    original = settings_module.LATE_WRITE_SWEEPS_S
    settings_module.LATE_WRITE_SWEEPS_S = (0.2,)
    try:
        settings_module.forget_again_soon(states)
        (states / "late-tab.pkl").write_bytes(b"a tab's state written a moment after the deletion")
        time.sleep(1.0)
    finally:
        settings_module.LATE_WRITE_SWEEPS_S = original
    assert list(states.iterdir()) == []
