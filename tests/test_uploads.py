"""Staged uploads: kept privately in the data folder, read back, forgotten, swept when stale."""

from __future__ import annotations

import asyncio
import io
import os
import stat
import time
from pathlib import Path

import pytest

from app.services import uploads
from app.settings import get_settings


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    staged = tmp_path / "imports"
    staged.mkdir()
    monkeypatch.setattr(uploads, "folder", lambda: staged)
    return staged


class _Upload:
    """An async reader, as rx.UploadFile is."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.asked: list[int] = []

    async def read(self, size: int = -1) -> bytes:
        self.asked.append(size)
        return self._data.read(size)


def test_the_staging_folder_is_private_and_inside_the_data_folder() -> None:
    staged = uploads.folder()
    assert staged.parent == get_settings().data_dir
    assert stat.S_IMODE(staged.stat().st_mode) & 0o077 == 0
    # Never the folder Reflex serves to anyone at /_upload.
    import reflex as rx

    assert rx.get_upload_dir().resolve() not in (staged.resolve(), *staged.resolve().parents)


def test_a_kept_file_reads_back_until_it_is_forgotten(folder: Path) -> None:
    key = uploads.keep(b"Name\nAda\n")
    [path] = folder.glob("*.csv")
    assert key in path.name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert uploads.read(key) == b"Name\nAda\n"

    uploads.forget(key)
    assert list(folder.glob("*.csv")) == []
    with pytest.raises(OSError):
        uploads.read(key)
    uploads.forget(key)  # forgetting twice, or nothing, is harmless
    uploads.forget("")


def test_each_upload_gets_its_own_key(folder: Path) -> None:
    first, second = uploads.keep(b"one"), uploads.keep(b"two")
    assert first != second
    assert (uploads.read(first), uploads.read(second)) == (b"one", b"two")


@pytest.mark.parametrize("key", ["../rapport.db", "/etc/passwd", "A" * 32, "", "abc", "0" * 31 + "/"])
def test_a_key_keep_never_made_names_no_file(folder: Path, key: str) -> None:
    (folder.parent / "rapport.db").write_bytes(b"secret")
    with pytest.raises(FileNotFoundError):
        uploads.read(key)
    uploads.forget(key)
    assert (folder.parent / "rapport.db").exists()


def test_files_left_for_a_day_are_swept_and_fresh_ones_stay(folder: Path) -> None:
    old, fresh = uploads.keep(b"old"), uploads.keep(b"fresh")
    day_and_a_bit = time.time() - uploads.STALE_AFTER_S - 60
    os.utime(folder / f"{old}.csv", (day_and_a_bit, day_and_a_bit))

    assert uploads.sweep_stale() == 1
    assert uploads.read(fresh) == b"fresh"
    with pytest.raises(OSError):
        uploads.read(old)


def test_keeping_a_new_file_sweeps_the_stale_ones(folder: Path) -> None:
    old = uploads.keep(b"old")
    long_ago = time.time() - 2 * uploads.STALE_AFTER_S
    os.utime(folder / f"{old}.csv", (long_ago, long_ago))
    uploads.keep(b"new")
    assert len(list(folder.glob("*.csv"))) == 1


def test_an_upload_over_the_limit_is_refused_without_reading_it_all() -> None:
    upload = _Upload(b"x" * 1000)
    assert asyncio.run(uploads.read_limited(upload, limit=100)) is None
    assert upload.asked == [101]
    assert asyncio.run(uploads.read_limited(_Upload(b"x" * 100), limit=100)) == b"x" * 100


def test_the_size_message_says_how_big_and_what_to_do() -> None:
    mb = 1024 * 1024
    assert uploads.too_large_message(31 * mb) == (
        "This file is 31.0 MB; Rapport imports files up to 20 MB. Split it and import each part."
    )
    # A size the browser did not tell still reads as over the limit, never "0.0 MB".
    assert uploads.too_large_message(0).startswith("This file is 20.0 MB")
