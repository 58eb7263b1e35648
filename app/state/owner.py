"""Who the signed-in user is, for every state: local mode's one student, or (hosted) the session's user."""

from __future__ import annotations

from functools import lru_cache

import reflex as rx

from app.db import session_scope
from app.domain.vocabulary import Role
from app.migrate import ensure_local_user
from app.services import accounts
from app.settings import get_settings
from app.web_auth import token_from_cookie_header


class NotSignedIn(PermissionError):
    """No live session: the app's exception handler sends the visitor to log in."""


@lru_cache(maxsize=1)
def _local_owner_id() -> int:
    return ensure_local_user()


def signed_in_user(state: rx.State) -> accounts.SignedIn | None:
    """The session's user, read from the cookie the browser sent with the websocket handshake."""
    if get_settings().is_local:
        return accounts.SignedIn(user_id=_local_owner_id(), role=Role.STUDENT, display_name="You")
    token = token_from_cookie_header(state.router.headers.cookie)
    if not token:
        return None
    with session_scope() as session:
        return accounts.session_user(session, token=token)


def current_owner_id(state: rx.State) -> int:
    """The owner every query of this event is scoped to. Never taken from the client's arguments.

    Checked against the database on every event, so logging out or changing the password in one
    tab ends the session in every other tab at their next action.
    """
    user = signed_in_user(state)
    if user is None:
        raise NotSignedIn("no live session")
    return user.user_id
