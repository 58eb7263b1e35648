"""Who the signed-in user is, for every state: local mode's one student, or (hosted) the session's user."""

from __future__ import annotations

from functools import lru_cache

import reflex as rx

from app.migrate import ensure_local_user
from app.settings import get_settings


class NotSignedIn(PermissionError):
    """No valid session: the page sends the visitor to log in."""


@lru_cache(maxsize=1)
def _local_owner_id() -> int:
    return ensure_local_user()


def current_owner_id(state: rx.State) -> int:
    """The owner every query of this event is scoped to. Never taken from the client's arguments."""
    if get_settings().is_local:
        return _local_owner_id()
    raise NotSignedIn("hosted mode accounts are not built yet")
