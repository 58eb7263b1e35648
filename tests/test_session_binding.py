"""A tab's page state is emptied whenever the login session behind it changes (issue #11, point 1)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
import reflex as rx
from reflex_base.event import Event

from app.state import session_binding
from app.state.base import PageState
from app.state.importer import ImportState, PreviewRow
from app.state.session_binding import NO_SESSION, BindStateToSession, session_key
from app.state.today import TodayState


@pytest.fixture
def hosted(monkeypatch: pytest.MonkeyPatch) -> None:
    class Hosted:
        is_local = False

    monkeypatch.setattr(session_binding, "get_settings", lambda: Hosted())


def with_cookie(root: rx.State, cookie: str) -> None:
    """The cookie header the tab's websocket arrived with."""
    root.router = dataclasses.replace(
        root.router, headers=dataclasses.replace(root.router.headers, cookie=cookie)
    )


def run_event(root: rx.State) -> None:
    event = Event(name="reflex___state____state.hydrate", payload={})
    assert asyncio.run(BindStateToSession().preprocess(app=None, state=root, event=event)) is None  # type: ignore[arg-type]


def fill_as_previous_user(root: rx.State) -> ImportState:
    importer = root.get_substate(ImportState.get_full_name().split(".")[1:])
    assert isinstance(importer, ImportState)
    importer.preview_rows = [PreviewRow(1, "Maya Chen", "Acme", "Analyst", "maya@example.org", "")]
    importer._upload_key = "secret-upload"
    return importer


def preview_rows(importer: ImportState) -> Any:
    return importer.preview_rows


def test_the_session_key_is_a_one_way_name_and_none_without_a_cookie(hosted: None) -> None:
    key = session_key("theme=dark; rapport_session=abc123")
    assert key not in ("", NO_SESSION) and "abc123" not in key
    assert session_key("rapport_session=abc123") == key
    assert session_key("rapport_session=other") != key
    assert session_key("") == session_key("theme=dark") == NO_SESSION


@pytest.mark.parametrize("next_cookie", ["", "rapport_session=student-b", "rapport_session=garbage"])
def test_a_different_or_missing_session_finds_every_page_state_emptied(
    hosted: None, page_state: Callable[..., Any], next_cookie: str
) -> None:
    root = rx.State()
    with_cookie(root, "rapport_session=student-a")
    run_event(root)
    importer = fill_as_previous_user(root)
    today = root.get_substate(TodayState.get_full_name().split(".")[1:])
    assert isinstance(today, TodayState)
    today.goal_error = "Maya Chen replied"

    # Student A's own next event keeps everything.
    run_event(root)
    assert preview_rows(importer) and importer._upload_key == "secret-upload"

    # Logged out (token replayed with no cookie) or another student in the same tab: nothing of A is left.
    with_cookie(root, next_cookie)
    run_event(root)
    assert preview_rows(importer) == ImportState.get_fields()["preview_rows"].default_value()
    assert importer._upload_key == ""
    assert today.goal_error == ""  # every page state, not only the importer
    binding = root.get_substate(PageState.get_full_name().split(".")[1:])
    assert binding._bound_session == session_key(next_cookie)


def test_local_mode_never_empties_the_one_students_state(page_state: Callable[..., Any]) -> None:
    root = rx.State()
    run_event(root)
    importer = fill_as_previous_user(root)
    with_cookie(root, "rapport_session=anything")
    run_event(root)
    assert preview_rows(importer)
