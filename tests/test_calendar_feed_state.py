"""Settings' calendar section through its state: make, show once, make anew, revoke."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from app.db import session_scope
from app.services import calendar_feed
from app.state.calendar_feed import CalendarFeedState


def token_of(url: str) -> str:
    return url.rsplit("/", 1)[1].removesuffix(".ics")


def live(engine: Engine, url: str) -> bool:
    with session_scope(engine) as session:
        return calendar_feed.feed_of_token(session, token=token_of(url)) is not None


def test_making_a_link_shows_it_once_and_revoking_it_stops_it(
    page_state: Callable[..., Any], engine: Engine
) -> None:
    state: CalendarFeedState = page_state(CalendarFeedState)
    state.load()
    assert (state.active, state.url) == (False, "")
    state.make_link()
    first = state.url
    assert state.active and "/calendar/" in first and live(engine, first)
    assert "subscription" in state.notice
    state.load()  # a reload: the link is live, but its address is not kept to be shown again
    assert state.active and state.url == "" and state.created_on
    state.make_link()
    assert state.url != first and live(engine, state.url) and not live(engine, first)
    assert "old one no longer works" in state.notice
    second = state.url
    state.revoke_link()
    assert (state.active, state.url) == (False, "") and not live(engine, second)
    assert "revoked" in state.notice


def test_copy_does_nothing_without_a_link_on_show(page_state: Callable[..., Any]) -> None:
    state: CalendarFeedState = page_state(CalendarFeedState)
    state.load()
    assert state.copy_link() is None
    state.make_link()
    assert state.copy_link()
