"""Uploaded files staged until they are imported: rows in the database, found by a random key and owner.

Never a host's disk and never the public upload folder (Reflex serves that at `/_upload` to anyone):
the file waits in the `staged_upload` table of the app's own database (PostgreSQL when hosted, the
SQLite file in local mode), so the event that confirms an import may reach any app host. A page holds
only the key; `keep` stores the bytes, `read` gives them back, `forget` removes them, `forget_all`
removes all of a student's, and files never imported nor cancelled are swept after a day
(`sweep_stale`, run at start and before each new file is kept). Every lookup is by key *and* owner,
so a key reaching another student's page names nothing.

Each function opens its own short transaction unless given `session` (deleting all data does it
inside its own transaction).
"""

from __future__ import annotations

import errno
import re
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from sqlalchemy import delete
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from app import db
from app.domain.csv_import import MAX_FILE_BYTES
from app.domain.times import as_utc, utc_now
from app.models import StagedUpload
from app.services.disk import is_disk_full
from app.settings import get_settings

STALE_AFTER = timedelta(hours=24)
STALE_AFTER_S = STALE_AFTER.total_seconds()
_KEY = re.compile(r"[0-9a-f]{32}")
_MB = 1024 * 1024


class Readable(Protocol):
    """What an upload offers (rx.UploadFile, or any async reader)."""

    async def read(self, size: int = -1) -> bytes: ...


def _valid(key: object, owner_id: object) -> bool:
    """A key `keep` could have made, and an owner that is one (anything else names no file)."""
    owner_ok = isinstance(owner_id, int) and not isinstance(owner_id, bool) and owner_id >= 1
    return owner_ok and isinstance(key, str) and _KEY.fullmatch(key) is not None


@contextmanager
def _scope(session: Session | None) -> Iterator[Session]:
    if session is not None:
        yield session
        return
    with db.session_scope() as own:
        yield own


def sweep_stale(
    *, older_than: timedelta = STALE_AFTER, now: datetime | None = None, session: Session | None = None
) -> int:
    """Removes everyone's staged files older than `older_than` by the app's clock; returns how many went."""
    cutoff = (as_utc(now) if now is not None else utc_now()) - older_than
    with _scope(session) as scope:
        result = scope.exec(delete(StagedUpload).where(col(StagedUpload.created_at) < cutoff))
        return int(result.rowcount or 0)


def keep(data: bytes, *, owner_id: int, session: Session | None = None) -> str:
    """Stores `data` for the owner and returns its key; sweeps abandoned files first.

    A full disk under the database is raised as OSError(ENOSPC), as a full disk always was here."""
    if not _valid("0" * 32, owner_id):
        raise FileNotFoundError("no staged upload for that owner")
    key = secrets.token_hex(16)
    try:
        with _scope(session) as scope:
            sweep_stale(session=scope)
            scope.add(StagedUpload(owner_id=owner_id, key=key, data=bytes(data)))
            scope.flush()
    except OperationalError as error:
        if is_disk_full(error):
            raise OSError(errno.ENOSPC, "No space left on device") from error
        raise
    return key


def read(key: str, *, owner_id: int, session: Session | None = None) -> bytes:
    """The staged bytes; FileNotFoundError (an OSError) when they are gone or the key is not the owner's."""
    if _valid(key, owner_id):
        with _scope(session) as scope:
            data = scope.exec(
                select(StagedUpload.data).where(
                    col(StagedUpload.key) == key, col(StagedUpload.owner_id) == owner_id
                )
            ).first()
        if data is not None:
            return bytes(data)
    raise FileNotFoundError("no staged upload by that key")


def exists(key: str, *, owner_id: int, session: Session | None = None) -> bool:
    """Whether the staged file is still there (deleting all data, or the day-old sweep, removes it)."""
    if not _valid(key, owner_id):
        return False
    with _scope(session) as scope:
        found = scope.exec(
            select(StagedUpload.id)
            .where(col(StagedUpload.key) == key, col(StagedUpload.owner_id) == owner_id)
            .limit(1)
        ).first()
    return found is not None


def forget(key: str, *, owner_id: int, session: Session | None = None) -> None:
    """Removes the staged file, if there is one and it is the owner's; a blank key is nothing to forget."""
    if _valid(key, owner_id):
        with _scope(session) as scope:
            scope.exec(
                delete(StagedUpload).where(
                    col(StagedUpload.key) == key, col(StagedUpload.owner_id) == owner_id
                )
            )


def forget_all(owner_id: int, *, with_unowned: bool = False, session: Session | None = None) -> int:
    """Removes every file staged for the owner; returns how many went.

    `with_unowned` (local mode's one student, who owns everything on this computer) also removes the
    folder where files were staged on disk before they moved to the database, and counts its files.
    """
    count = 0
    if with_unowned:
        count += _forget_legacy_folder()
    if not _valid("0" * 32, owner_id):
        return count
    with _scope(session) as scope:
        result = scope.exec(delete(StagedUpload).where(col(StagedUpload.owner_id) == owner_id))
        count += int(result.rowcount or 0)
    return count


def legacy_folder() -> Path:
    """Where older versions staged files on disk, in local mode's data folder (only ever removed now)."""
    return get_settings().data_dir / "imports"


def _forget_legacy_folder() -> int:
    folder = legacy_folder()
    if not folder.is_dir():
        return 0
    count = sum(1 for path in folder.rglob("*") if path.is_file())
    shutil.rmtree(folder, ignore_errors=True)
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
