"""Every event's payload is checked once, before any handler sees it: any websocket client can send any JSON.

A payload nested too deep, holding a number no field can hold (2**31 and beyond, 1e400, NaN) or more
text than any field keeps is dropped as a calm no-op: nothing runs, nothing is echoed, no traceback.
NUL characters (which PostgreSQL refuses in text) are removed from every string. What a handler then
receives is ordinary JSON its own coercion (`app.services.ids`) turns into ids and text.
"""

from __future__ import annotations

import functools
import inspect
import logging
import math
from typing import TYPE_CHECKING, Any

from reflex.middleware import Middleware
from reflex.state import BaseState, StateUpdate
from reflex_base.event import Event

if TYPE_CHECKING:
    from reflex.app import App

# Deeper than any handler's arguments (a form's fields are two levels down).
MAX_DEPTH = 16
# Every whole number a column holds: ids, counts, goals, minutes (PostgreSQL's INTEGER).
MAX_INT = 2**31 - 1
# Above every field's own limit (the longest, an email body or a note, keeps 20,000 characters), so the
# field's own message still explains a long paste; far below what would echo as a megabyte frame.
MAX_TEXT = 60_000
MAX_ITEMS = 2_000

log = logging.getLogger(__name__)


class RefusedPayload(ValueError):
    """A payload no handler could have been sent by the app's own pages."""


def _clean(value: Any, depth: int, budget: list[int]) -> Any:
    if depth > MAX_DEPTH:
        raise RefusedPayload("nested too deep")
    if isinstance(value, str):
        budget[0] -= len(value)
        if budget[0] < 0:
            raise RefusedPayload("too much text")
        return value.replace("\x00", "")
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        if not -MAX_INT - 1 <= value <= MAX_INT:
            raise RefusedPayload("number out of range")
        return value
    if isinstance(value, float):
        if not math.isfinite(value) or abs(value) > MAX_INT:
            raise RefusedPayload("number out of range")
        return value
    if isinstance(value, list):
        if len(value) > MAX_ITEMS:
            raise RefusedPayload("too many items")
        return [_clean(item, depth + 1, budget) for item in value]
    if isinstance(value, dict):
        if len(value) > MAX_ITEMS:
            raise RefusedPayload("too many items")
        return {
            _clean(str(key), depth + 1, budget): _clean(item, depth + 1, budget)
            for key, item in value.items()
        }
    # Not JSON, so not from a websocket: the server's own objects (an upload's files) pass as they are.
    return value


def clean_payload(payload: Any) -> dict[str, Any]:
    """The payload with NULs removed; RefusedPayload when no page of the app could have sent it."""
    if not isinstance(payload, dict):
        raise RefusedPayload("not an object")
    try:
        cleaned = _clean(payload, 0, [MAX_TEXT])
    except RecursionError as error:
        raise RefusedPayload("nested too deep") from error
    assert isinstance(cleaned, dict)
    return cleaned


# Every event passes here: a handler's signature is read once, not per event.
_signature = functools.lru_cache(maxsize=1024)(inspect.signature)


def fits_handler(event: Event) -> bool:
    """Whether a page's handler can be called with the payload's names (an unknown name, or a missing one,
    would raise inside Reflex). Reflex's own handlers and unknown names are left to Reflex."""
    from app.state.base import PageState

    _, _, handler_name = event.name.rpartition(".")
    try:
        state_class = event.state_cls
    except Exception:  # no such state: Reflex answers that itself
        return True
    handler = state_class.event_handlers.get(handler_name)
    if handler is None or not issubclass(state_class, PageState) or handler_name == "setvar":
        return True
    try:
        _signature(handler.fn).bind(None, **event.payload)
    except TypeError:
        return False
    return True


class PayloadGuard(Middleware):
    """Cleans every payload in place, or drops the event (no state change, an empty update)."""

    async def preprocess(self, app: App, state: BaseState, event: Event) -> StateUpdate | None:
        try:
            cleaned = clean_payload(event.payload)
            if not fits_handler(event):
                raise RefusedPayload("arguments the handler does not take")
        except RefusedPayload as refused:
            log.warning("Dropped event %s: %s", event.name[-80:], refused)
            return StateUpdate(delta={}, events=[])
        # The event is frozen; its payload dict is the one the handler is called with.
        event.payload.clear()
        event.payload.update(cleaned)
        return None
