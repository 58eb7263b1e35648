"""Hostile payloads are dropped or cleaned once, before any handler runs (issue #11, point 5)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
import reflex as rx
from reflex_base.event import Event

from app.state.payload_guard import MAX_INT, MAX_TEXT, PayloadGuard, RefusedPayload, clean_payload


def deep(levels: int) -> Any:
    value: Any = "x"
    for _ in range(levels):
        value = [value]
    return value


@pytest.mark.parametrize(
    "payload",
    [
        {"draft_id": 2**31},
        {"draft_id": -(2**31) - 1},
        {"value": json.loads("1e400")},
        {"value": float("nan")},
        {"value": deep(3000)},
        {"value": "x" * (MAX_TEXT + 1)},
        {"a": "x" * (MAX_TEXT // 2), "b": "y" * (MAX_TEXT // 2 + 1)},
        {"value": list(range(5000))},
        ["not", "an", "object"],
    ],
    ids=[
        "2**31",
        "below -2**31",
        "1e400",
        "nan",
        "3000 deep",
        "too long",
        "too long in all",
        "too many",
        "list",
    ],
)
def test_payloads_no_page_could_send_are_refused(payload: Any) -> None:
    with pytest.raises(RefusedPayload):
        clean_payload(payload)


def test_ordinary_payloads_pass_with_nul_characters_removed() -> None:
    payload = {
        "value": "Dear Maya,\x00 thank you",
        "form_data": {"name\x00": "Ada", "minutes": 45, "ratio": 0.5, "ok": True, "none": None},
        "ids": [1, MAX_INT, "7"],
        "long": "x" * 20_000,
    }
    assert clean_payload(payload) == {
        "value": "Dear Maya, thank you",
        "form_data": {"name": "Ada", "minutes": 45, "ratio": 0.5, "ok": True, "none": None},
        "ids": [1, MAX_INT, "7"],
        "long": "x" * 20_000,
    }


def test_the_middleware_drops_a_refused_event_and_cleans_the_others_in_place() -> None:
    guard, root = PayloadGuard(), rx.State()
    refused = Event(name="any.state.handler", payload={"draft_id": 2**40})
    update = asyncio.run(guard.preprocess(app=None, state=root, event=refused))  # type: ignore[arg-type]
    assert update is not None and update.delta == {} and update.events == []

    kept = Event(name="any.state.handler", payload={"value": "a\x00b"})
    assert asyncio.run(guard.preprocess(app=None, state=root, event=kept)) is None  # type: ignore[arg-type]
    assert kept.payload == {"value": "ab"}


def test_an_event_with_arguments_its_handler_does_not_take_is_dropped() -> None:
    from reflex_base.utils.format import format_event_handler

    from app.state.compose import ComposeState

    guard, root = PayloadGuard(), rx.State()
    name = format_event_handler(ComposeState.edit_body)  # type: ignore[arg-type]
    for payload in ({"draft_id": 3}, {}, {"value": "x", "extra": 1}):
        event = Event(name=name, payload=payload)
        update = asyncio.run(guard.preprocess(app=None, state=root, event=event))  # type: ignore[arg-type]
        assert update is not None and update.delta == {}, payload
    fitting = Event(name=name, payload={"value": "Dear Maya"})
    assert asyncio.run(guard.preprocess(app=None, state=root, event=fitting)) is None  # type: ignore[arg-type]


def test_the_servers_own_objects_in_a_payload_pass_untouched() -> None:
    # An upload's event is made on the server with the files in it: never from a websocket's JSON.
    upload = object()
    assert clean_payload({"files": [upload]})["files"][0] is upload
