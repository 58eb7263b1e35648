"""Staged uploads: kept privately in the data folder, read back, forgotten, swept when stale."""

from __future__ import annotations

import asyncio
import io
import os
import stat
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.services import uploads
from app.settings import get_settings

OWNER = 7


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    staged = tmp_path / "imports"
    staged.mkdir()
    monkeypatch.setattr(uploads, "root_folder", lambda: staged)
    return staged


@pytest.fixture
def folder(root: Path) -> Path:
    """The test owner's own staging folder."""
    return root / str(OWNER)


class _Upload:
    """An async reader, as rx.UploadFile is."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.asked: list[int] = []

    async def read(self, size: int = -1) -> bytes:
        self.asked.append(size)
        return self._data.read(size)


def test_the_staging_folder_is_private_and_inside_the_data_folder() -> None:
    staged = uploads.folder(OWNER)
    assert staged.parent == uploads.root_folder()
    assert uploads.root_folder().parent == get_settings().data_dir
    assert stat.S_IMODE(staged.stat().st_mode) & 0o077 == 0
    # Never the folder Reflex serves to anyone at /_upload.
    import reflex as rx

    assert rx.get_upload_dir().resolve() not in (staged.resolve(), *staged.resolve().parents)


def test_a_kept_file_reads_back_until_it_is_forgotten(folder: Path) -> None:
    key = uploads.keep(b"Name\nAda\n", owner_id=OWNER)
    [path] = folder.glob("*.csv")
    assert key in path.name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert uploads.read(key, owner_id=OWNER) == b"Name\nAda\n"

    uploads.forget(key, owner_id=OWNER)
    assert list(folder.glob("*.csv")) == []
    with pytest.raises(OSError):
        uploads.read(key, owner_id=OWNER)
    uploads.forget(key, owner_id=OWNER)  # forgetting twice, or nothing, is harmless
    uploads.forget("", owner_id=OWNER)


def test_a_file_is_only_found_for_the_student_who_uploaded_it(folder: Path) -> None:
    key = uploads.keep(b"mine", owner_id=OWNER)
    assert uploads.exists(key, owner_id=OWNER)
    assert not uploads.exists(key, owner_id=OWNER + 1)
    with pytest.raises(FileNotFoundError):
        uploads.read(key, owner_id=OWNER + 1)
    uploads.forget(key, owner_id=OWNER + 1)
    assert uploads.read(key, owner_id=OWNER) == b"mine"


def test_each_upload_gets_its_own_key(folder: Path) -> None:
    first, second = uploads.keep(b"one", owner_id=OWNER), uploads.keep(b"two", owner_id=OWNER)
    assert first != second
    assert (uploads.read(first, owner_id=OWNER), uploads.read(second, owner_id=OWNER)) == (b"one", b"two")


@pytest.mark.parametrize("key", ["../rapport.db", "/etc/passwd", "A" * 32, "", "abc", "0" * 31 + "/"])
def test_a_key_keep_never_made_names_no_file(root: Path, key: str) -> None:
    (root.parent / "rapport.db").write_bytes(b"secret")
    with pytest.raises(FileNotFoundError):
        uploads.read(key, owner_id=OWNER)
    uploads.forget(key, owner_id=OWNER)
    assert (root.parent / "rapport.db").exists()


@pytest.mark.parametrize("owner", [0, -1, True, "7", "../7", None])
def test_an_owner_that_is_not_one_names_no_folder(root: Path, owner: object) -> None:
    key = uploads.keep(b"x", owner_id=OWNER)
    with pytest.raises(FileNotFoundError):
        uploads.read(key, owner_id=owner)  # type: ignore[arg-type]
    assert uploads.forget_all(owner) == 0  # type: ignore[arg-type]
    assert uploads.read(key, owner_id=OWNER) == b"x"


def test_files_left_for_a_day_are_swept_and_fresh_ones_stay(folder: Path) -> None:
    old, fresh = uploads.keep(b"old", owner_id=OWNER), uploads.keep(b"fresh", owner_id=OWNER)
    day_and_a_bit = time.time() - uploads.STALE_AFTER_S - 60
    os.utime(folder / f"{old}.csv", (day_and_a_bit, day_and_a_bit))

    assert uploads.sweep_stale() == 1
    assert uploads.read(fresh, owner_id=OWNER) == b"fresh"
    with pytest.raises(OSError):
        uploads.read(old, owner_id=OWNER)


def test_the_sweep_goes_by_the_apps_clock_and_takes_everyones_stale_files(root: Path) -> None:
    mine, theirs = uploads.keep(b"mine", owner_id=OWNER), uploads.keep(b"theirs", owner_id=OWNER + 1)
    legacy = root / ("a" * 32 + ".csv")  # staged before each student had a folder
    legacy.write_bytes(b"old")
    kept_at = datetime.now(UTC)

    assert uploads.sweep_stale(now=kept_at + timedelta(hours=23)) == 0
    assert uploads.read(mine, owner_id=OWNER) == b"mine"
    assert uploads.sweep_stale(now=kept_at + timedelta(hours=24, minutes=1)) == 3
    assert not uploads.exists(theirs, owner_id=OWNER + 1)
    assert list(root.iterdir()) == []  # the emptied folders go too


def test_keeping_a_new_file_sweeps_the_stale_ones(folder: Path) -> None:
    old = uploads.keep(b"old", owner_id=OWNER)
    long_ago = time.time() - 2 * uploads.STALE_AFTER_S
    os.utime(folder / f"{old}.csv", (long_ago, long_ago))
    uploads.keep(b"new", owner_id=OWNER)
    assert len(list(folder.glob("*.csv"))) == 1


def test_forget_all_takes_every_file_of_the_student_and_only_theirs(root: Path) -> None:
    for data in (b"one", b"two"):
        uploads.keep(data, owner_id=OWNER)
    theirs = uploads.keep(b"theirs", owner_id=OWNER + 1)
    legacy = root / ("b" * 32 + ".csv")
    legacy.write_bytes(b"old")

    assert uploads.forget_all(OWNER) == 2
    assert not (root / str(OWNER)).exists()
    assert legacy.exists()
    assert uploads.forget_all(OWNER, with_unowned=True) == 1
    assert not legacy.exists()
    assert uploads.read(theirs, owner_id=OWNER + 1) == b"theirs"


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


def test_the_app_sweeps_stale_staged_imports_when_it_starts(root: Path) -> None:
    from app import main

    assert main.sweep_staged_imports in main.app.get_lifespan_tasks()
    old = uploads.keep(b"old", owner_id=OWNER)
    long_ago = time.time() - 2 * uploads.STALE_AFTER_S
    os.utime(root / str(OWNER) / f"{old}.csv", (long_ago, long_ago))
    main.sweep_staged_imports()
    assert not uploads.exists(old, owner_id=OWNER)
