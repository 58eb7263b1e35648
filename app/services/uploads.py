"""Uploaded files staged until they are imported: private files in the data folder, named by a random key.

Never the public upload folder (Reflex serves that at `/_upload` to anyone). A page holds only the key;
`keep` stores the bytes, `read` gives them back, `forget` removes them, and files abandoned without an
import or a cancel are swept after a day.
"""

from __future__ import annotations

import contextlib
import re
import secrets
import time
from pathlib import Path
from typing import Protocol

from app.domain.csv_import import MAX_FILE_BYTES
from app.settings import get_settings

STALE_AFTER_S = 24 * 3600
_KEY = re.compile(r"[0-9a-f]{32}")
_SUFFIX = ".csv"
_MB = 1024 * 1024


class Readable(Protocol):
    """What an upload offers (rx.UploadFile, or any async reader)."""

    async def read(self, size: int = -1) -> bytes: ...


def folder() -> Path:
    """The private staging folder, made on first use (readable by this user only)."""
    staged = get_settings().data_dir / "imports"
    staged.mkdir(parents=True, exist_ok=True, mode=0o700)
    return staged


def _path(key: str) -> Path:
    # The key comes from `keep`; anything else names no file (never a path outside the folder).
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise FileNotFoundError("no staged upload by that key")
    return folder() / f"{key}{_SUFFIX}"


def sweep_stale(*, older_than_s: float = STALE_AFTER_S, now: float | None = None) -> int:
    """Removes staged files older than `older_than_s`; returns how many went."""
    cutoff = (time.time() if now is None else now) - older_than_s
    removed = 0
    for path in folder().glob(f"*{_SUFFIX}"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
    return removed


def keep(data: bytes) -> str:
    """Stores `data` privately and returns its key; sweeps abandoned files first."""
    sweep_stale()
    key = secrets.token_hex(16)
    path = _path(key)
    with path.open("xb") as handle:
        path.chmod(0o600)
        handle.write(data)
    return key


def read(key: str) -> bytes:
    """The staged bytes; OSError (FileNotFoundError) when they are gone or the key is not one."""
    return _path(key).read_bytes()


def forget(key: str) -> None:
    """Removes the staged file, if there is one; a blank key is nothing to forget."""
    if key:
        with contextlib.suppress(OSError):
            _path(key).unlink()


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
