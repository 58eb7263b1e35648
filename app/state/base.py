"""The base every page state extends: the plumbing each handler needs, written once.

A page state says what its page shows and calls services. For everything else it asks this base:
- `self._owner_id()`: the signed-in owner, resolved once per event and never from the client;
- `with self._session() as session:` a session that commits on success and rolls back on error;
- `self._clock()` / `self._today()`: now and today in the student's zone, from the one clock
  (`RAPPORT_TODAY` fixes the day in tests and demos);
- `self._route_param("contact_id")` and `self._query_param("q")`: what the address says, as text;
- `as_id(value)`: an id from the client, coerced and bounded (None when it cannot be one);
- `@if_missing(...)`: what the student sees when a record is missing or not theirs.

Every helper here is private (a leading `_`): any public method of a state is an event handler that
any websocket client may call with any payload.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import Any, TypeVar, cast

import reflex as rx
from reflex.state import BaseState
from reflex_base.event.context import EventContext
from sqlmodel import Session

from app.db import read_connection, session_scope
from app.domain.local_time import LocalClock
from app.services.cards import catch_up, stale_contact_ids
from app.services.clock import clock_for
from app.services.errors import NotFound
from app.services.ids import as_id, as_text
from app.settings import fixed_day, today
from app.state.owner import NotSignedIn, current_owner_id

__all__ = ["PageState", "as_id", "as_text", "if_missing"]

# The owner of the event being handled, keyed by that event's transaction id: Reflex runs each event
# in a task of its own (with a copy of the context), so this never outlives the event that set it.
_EVENT_OWNER: ContextVar[tuple[str, int] | None] = ContextVar("rapport_event_owner", default=None)

Handler = TypeVar("Handler", bound=Callable[..., Any])


def _event_id() -> str | None:
    """The transaction id of the event being handled, or None outside one (a unit test's direct call)."""
    try:
        return EventContext.get().txid or None
    except LookupError:
        return None


class PageState(rx.State):
    """Each page's state extends it and keeps only what its page shows.

    Its one var names the login session the tab's states were filled under (`session_binding`).
    """

    _bound_session: str = ""

    def _owner_id(self) -> int:
        """The owner every query of this event is scoped to: checked against the database once per event
        (so a logout in one tab ends the session in every other at their next action)."""
        event = _event_id()
        cached = _EVENT_OWNER.get()
        if event is not None and cached is not None and cached[0] == event:
            return cached[1]
        owner_id = current_owner_id(self)
        if event is not None:
            _EVENT_OWNER.set((event, owner_id))
        return owner_id

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with session_scope() as session:
            yield session

    def _clock(self) -> LocalClock:
        """Now in the signed-in student's time zone, on RAPPORT_TODAY's day when it is set."""
        with session_scope() as session:
            return clock_for(session, owner_id=self._owner_id(), fixed=fixed_day())

    def _catch_up(self, clock: LocalClock) -> None:
        """Before a page reads stored stages and dates: derives again the rows whose days ran out by
        `clock` (one indexed query when none has, the usual case on a keystroke)."""
        owner_id = self._owner_id()
        with read_connection() as connection:
            if not stale_contact_ids(connection, owner_id=owner_id, today=clock.today):
                return
        with session_scope() as session:
            catch_up(session, owner_id=owner_id, clock=clock)

    def _today(self) -> date:
        """Today in the student's time zone (the settings' day before anyone is signed in)."""
        try:
            return self._clock().today
        except NotSignedIn:
            return today()

    def _root(self) -> BaseState:
        root: BaseState = self
        while root.parent_state is not None:
            root = root.parent_state
        return root

    def _route_param(self, name: str) -> str:
        """A dynamic segment of the page's route (`[contact_id]`), as text; "" when absent.

        Reflex 0.10 installs each segment as a computed var on the root state (router.page.params is
        deprecated), so this is the one place that knows where to look.
        """
        value = getattr(self._root(), name, "")
        return value if isinstance(value, str) else ""

    def _query_param(self, name: str, limit: int = 200) -> str:
        """A value of the address's query string ("?contact=3"), as text cut to `limit`; "" when absent."""
        return as_text(self.router.url.query_parameters.get(name, ""), limit)


def if_missing(
    *, toast: str | None = None, then: Callable[[Any], object] | None = None
) -> Callable[[Handler], Handler]:
    """Turns `NotFound` raised in a handler into what the student should see instead of an error.

    `then(self)` runs first (e.g. `PageState` subclasses pass `lambda s: s._show_not_found()` to show
    the page's not-found view); then `toast`, if given, is shown as a calm message. Works for plain,
    generator and async handlers alike. Put it under `@rx.event`.
    """

    def answer(state: Any) -> Any:
        if then is not None:
            result = then(state)
            if toast is None and result is not None:
                return result
        return rx.toast.info(toast) if toast else None

    def decorate(handler: Handler) -> Handler:
        if inspect.isasyncgenfunction(handler):

            @functools.wraps(handler)
            async def async_generator(self: Any, *args: Any, **kwargs: Any) -> Any:
                try:
                    async for update in handler(self, *args, **kwargs):
                        yield update
                except NotFound:
                    yield answer(self)

            return cast(Handler, async_generator)  # the same call signature (functools.wraps)

        if inspect.iscoroutinefunction(handler):

            @functools.wraps(handler)
            async def coroutine(self: Any, *args: Any, **kwargs: Any) -> Any:
                try:
                    return await handler(self, *args, **kwargs)
                except NotFound:
                    return answer(self)

            return cast(Handler, coroutine)  # the same call signature (functools.wraps)

        if inspect.isgeneratorfunction(handler):

            @functools.wraps(handler)
            def generator(self: Any, *args: Any, **kwargs: Any) -> Any:
                try:
                    yield from handler(self, *args, **kwargs)
                except NotFound:
                    yield answer(self)

            return cast(Handler, generator)  # the same call signature (functools.wraps)

        @functools.wraps(handler)
        def plain(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return handler(self, *args, **kwargs)
            except NotFound:
                return answer(self)

        return cast(Handler, plain)  # the same call signature (functools.wraps)

    return decorate
