"""Every tab's page state belongs to one login session: a different (or no) session finds it emptied.

Reflex keeps a tab's state under the client token the browser made (in Redis for up to an hour), and
the token says nothing about who is signed in. So each event first compares the session the browser's
cookie names with the session the state was filled under. When they differ (a logout, a login as
someone else, a token replayed without its cookie), every page state of the tab is reset to its
defaults before the event runs, so the hydrate that follows sends nothing of the previous user.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from reflex.middleware import Middleware
from reflex.state import BaseState, StateUpdate
from reflex_base.event import Event

from app.settings import get_settings
from app.state.base import PageState
from app.web_auth import token_from_cookie_header

if TYPE_CHECKING:
    from reflex.app import App

LOCAL_SESSION = "local"
NO_SESSION = "none"


def session_key(cookie_header: str) -> str:
    """A short, one-way name for the login session a cookie header carries ("none" without one)."""
    if get_settings().is_local:
        return LOCAL_SESSION
    token = token_from_cookie_header(cookie_header)
    if not token:
        return NO_SESSION
    return hashlib.sha256(token.encode()).hexdigest()[:32]


def _page_state_classes() -> list[type[PageState]]:
    found: list[type[PageState]] = []
    pending: list[type[BaseState]] = [PageState]
    while pending:
        cls = pending.pop()
        for sub in cls.get_substates():
            if issubclass(sub, PageState):
                found.append(sub)
                pending.append(sub)
    return found


async def empty_page_states(root: BaseState) -> None:
    """Every page state of the tab back to its defaults, loaded or not (a state in Redis is loaded first)."""
    for cls in _page_state_classes():
        state = await root.get_state(cls)
        state.reset()


class BindStateToSession(Middleware):
    """Runs before every event: a tab's state never outlives the session it was filled under."""

    async def preprocess(self, app: App, state: BaseState, event: Event) -> StateUpdate | None:
        key = session_key(state.router.headers.cookie)
        binding = await state.get_state(PageState)
        if binding._bound_session != key:
            if binding._bound_session:
                await empty_page_states(state)
            binding._bound_session = key
        return None
