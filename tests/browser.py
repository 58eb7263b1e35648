"""What the browser tells a state before its first event: the page's address, dynamic segments included."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import reflex as rx
from reflex.istate.data import PageData
from reflex_base.constants import RouteArgType


def open_page(state: rx.State, route: str, **segments: str) -> None:
    """Puts `route` (e.g. "/meetings/[meeting_id]/prep") with its `segments` in the state's router data.

    Reflex makes each dynamic segment a var of the root state when the app adds the page; a unit test
    adds no pages, so this installs the vars the same way, then sets the address as an event would.
    """
    rx.State.setup_dynamic_args({name: RouteArgType.SINGLE for name in segments})
    root = state
    while root.parent_state is not None:
        root = root.parent_state
    raw_path = route
    for name, value in segments.items():
        raw_path = raw_path.replace(f"[{name}]", value)
    root.rx_router_page = PageData(path=route, raw_path=raw_path, params=dict(segments))


StateT = TypeVar("StateT", bound=rx.State)


def visit(
    page_state: Callable[..., Any],
    state_class: type[StateT],
    route: str,
    *,
    today: date,
    on_load: str = "load",
    **segments: str,
) -> StateT:
    """A page as the browser opens it: its state on the test database, the address, then its on_load."""
    state: StateT = page_state(state_class, today=today)
    open_page(state, route, **segments)
    getattr(state, on_load)()
    return state
