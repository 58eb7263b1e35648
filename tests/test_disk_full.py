"""A full disk says so in plain words: on the import page, and for any other handler."""

from __future__ import annotations

import asyncio
import errno
import io
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import reflex as rx

from app.errors_ui import handle_backend_exception
from app.services import uploads
from app.services.disk import is_disk_full
from app.state.importer import ImportState


def full(*_args: Any, **_kwargs: Any) -> str:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_an_upload_onto_a_full_disk_says_the_disk_is_full(
    page_state: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uploads, "keep", full)
    state: ImportState = page_state(ImportState)
    state.on_load()
    data = b"Name,Email\nAda,ada@example.org\n"
    asyncio.run(
        state.handle_upload([rx.UploadFile(file=io.BytesIO(data), path=Path("p.csv"), size=len(data))])
    )
    assert state.step == "upload"
    assert "disk is full" in state.message and "administrator" not in state.message
    assert state._upload_key == ""


def test_any_handler_failing_on_a_full_disk_gets_a_plain_toast() -> None:
    for error in (
        OSError(errno.ENOSPC, "No space left on device"),
        sqlite3.OperationalError("database or disk is full"),
    ):
        assert is_disk_full(error)
        spec = handle_backend_exception(error)
        assert "disk is full" in str(spec.args) and "administrator" not in str(spec.args)
    assert not is_disk_full(OSError(errno.EACCES, "Permission denied"))
