"""A full disk, told in words a student understands (never "Contact the website administrator")."""

from __future__ import annotations

import errno

from app.settings import get_settings

_FULL = {errno.ENOSPC, errno.EDQUOT}


def is_disk_full(error: BaseException) -> bool:
    """An OSError for a full disk or quota, or a database that says its disk is full (SQLite does)."""
    if isinstance(error, OSError) and error.errno in _FULL:
        return True
    return "disk is full" in str(error).lower() or "no space left on device" in str(error).lower()


def disk_full_message(what: str = "that") -> str:
    if get_settings().is_local:
        return (
            f"Your computer's disk is full, so Rapport couldn't save {what}. Free some space, then try again."
        )
    return f"Rapport's storage is full right now, so it couldn't save {what}. Try again in a little while."
