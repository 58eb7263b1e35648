"""Uploaded files staged until they are imported: private files in the data folder, named by a random key.

Never the public upload folder (Reflex serves that at `/_upload` to anyone). Each student's files sit
in their own folder (`imports/<owner id>/`), so deleting their data can remove every one of them. A
page holds only the key; `keep` stores the bytes, `read` gives them back, `forget` removes them,
`forget_all` removes all of a student's, and files never imported nor cancelled are swept after a day
(`sweep_stale`, run at start and before each new file is kept).
"""

from __future__ import annotations

import contextlib
import re
import secrets
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from app.domain.csv_import import MAX_FILE_BYTES
from app.domain.times import as_utc, utc_now
from app.settings import get_settings

STALE_AFTER = timedelta(hours=24)
STALE_AFTER_S = STALE_AFTER.total_seconds()
_KEY = re.compile(r"[0-9a-f]{32}")
_SUFFIX = ".csv"
_MB = 1024 * 1024


class Readable(Protocol):
    """What an upload offers (rx.UploadFile, or any async reader)."""

    async def read(self, size: int = -1) -> bytes: ...


def root_folder() -> Path:
    """The private staging folder for everyone, made on first use (readable by this user only)."""
    staged = get_settings().data_dir / "imports"
    staged.mkdir(parents=True, exist_ok=True, mode=0o700)
    return staged


def _owner_part(owner_id: object) -> str:
    if isinstance(owner_id, bool) or not isinstance(owner_id, int) or owner_id < 1:
        raise FileNotFoundError("no staged upload for that owner")
    return str(owner_id)


def folder(owner_id: int) -> Path:
    """One student's staging folder, made on first use."""
    staged = root_folder() / _owner_part(owner_id)
    staged.mkdir(exist_ok=True, mode=0o700)
    return staged


def _path(key: str, owner_id: int) -> Path:
    # The key comes from `keep`; anything else names no file (never a path outside the folder).
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise FileNotFoundError("no staged upload by that key")
    return root_folder() / _owner_part(owner_id) / f"{key}{_SUFFIX}"


def sweep_stale(*, older_than: timedelta = STALE_AFTER, now: datetime | None = None) -> int:
    """Removes everyone's staged files older than `older_than` by the app's clock; returns how many went."""
    cutoff = ((as_utc(now) if now is not None else utc_now()) - older_than).timestamp()
    root = root_folder()
    removed = 0
    for path in [*root.glob(f"*{_SUFFIX}"), *root.glob(f"*/*{_SUFFIX}")]:
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
    for owner_folder in root.iterdir():
        if owner_folder.is_dir():
            with contextlib.suppress(OSError):
                owner_folder.rmdir()  # only when empty
    return removed


def keep(data: bytes, *, owner_id: int) -> str:
    """Stores `data` privately for the owner and returns its key; sweeps abandoned files first."""
    sweep_stale()
    key = secrets.token_hex(16)
    folder(owner_id)
    path = _path(key, owner_id)
    with path.open("xb") as handle:
        path.chmod(0o600)
        handle.write(data)
    return key


def read(key: str, *, owner_id: int) -> bytes:
    """The staged bytes; OSError (FileNotFoundError) when they are gone or the key is not one."""
    return _path(key, owner_id).read_bytes()


def exists(key: str, *, owner_id: int) -> bool:
    """Whether the staged file is still there (deleting all data, or the day-old sweep, removes it)."""
    try:
        return _path(key, owner_id).is_file()
    except OSError:
        return False


def forget(key: str, *, owner_id: int) -> None:
    """Removes the staged file, if there is one; a blank key is nothing to forget."""
    if key:
        with contextlib.suppress(OSError):
            _path(key, owner_id).unlink()


def forget_all(owner_id: int, *, with_unowned: bool = False) -> int:
    """Removes every file staged for the owner, and their folder; returns how many files went.

    `with_unowned` also removes files staged before each student had a folder (local mode's one
    student owns those).
    """
    root = root_folder()
    count = 0
    if with_unowned:
        for path in root.glob(f"*{_SUFFIX}"):
            with contextlib.suppress(OSError):
                path.unlink()
                count += 1
    try:
        owner_folder = root / _owner_part(owner_id)
    except OSError:
        return count
    if owner_folder.is_dir():
        count += sum(1 for path in owner_folder.iterdir() if path.is_file())
        shutil.rmtree(owner_folder, ignore_errors=True)
    return count


async def read_limited(file: Readable, limit: int = MAX_FILE_BYTES) -> bytes | None:
    """The upload's bytes, or None when it is over `limit` (reading stops one byte past it)."""
    data = await file.read(limit + 1)
    return None if len(data) > limit else data


def too_large_message(size: int, limit: int = MAX_FILE_BYTES) -> str:
    """What the student reads when a file is over the limit (`size` at least one byte past it)."""
    size = max(size, limit + 1)
    return (
        f"This file is {size / _MB:.1f} MB; Rapport imports files up to {limit // _MB} MB. "
        "Split it and import each part."
    )
