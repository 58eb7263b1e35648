"""Hosted logs: one JSON object a line with a request id, and never a student's words or a token,
whatever Reflex, the database driver or Rapport itself put in a record."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from app import logs

NOTE = "Zanzibar-quokka-7731 told me about her layoffs"
TOKEN = "9f3c2a7d41e84b0c9d2e6f1a3b5c7d9e"
CALENDAR = "Kq3vX9_pL2mN8rT4sW6yZ1aB5cD7eF0g"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """Every record of the process through the hosted handler, into a string (not the real stderr)."""
    stream = io.StringIO()
    handler = logs.json_handler(stream)
    root = logging.getLogger()
    old_level = root.level
    reflex_logger = logging.getLogger("reflex")
    old_propagate = reflex_logger.propagate
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    reflex_logger.propagate = True
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)
    reflex_logger.propagate = old_propagate


def _lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_an_event_with_a_note_and_a_token_leaves_neither_in_the_log(captured: io.StringIO) -> None:
    from reflex.app import EventNamespace

    from app.errors_ui import handle_backend_exception
    from app.main import app

    payload = {
        "name": "reflex___state____state.app___state___contact____contact_state.save_notes",
        "payload": {"value": NOTE},
        "router_data": {"pathname": "/contacts/12", "query": {"token": TOKEN}},
        "token": TOKEN,
    }
    token = logs.REQUEST_ID.set("req-42")
    try:
        # Reflex itself logs an event it cannot place, payload and all ("Event data: {...}").
        namespace = EventNamespace("/_event", app)
        asyncio.run(namespace.on_event(f"sid-{TOKEN}", payload))
        # A handler failing with the student's words in the database error's message.
        try:
            raise RuntimeError(f'(psycopg.errors.StringDataRightTruncation) [parameters: ("{NOTE}", 12)]')
        except RuntimeError as error:
            handle_backend_exception(error)
            logging.getLogger("app.state.contact").exception("saving notes failed for %s", NOTE)
        # Rapport's own line about a calendar feed request, and a session cookie echoed by a library.
        logging.getLogger("app.web_calendar").info(f"GET /calendar/{CALENDAR}.ics answered")
        logging.getLogger("sqlalchemy.engine").warning("cookie rapport_session=%s refused", TOKEN)
        logging.getLogger("engineio.server").info(
            "%s: Received packet MESSAGE data %s", TOKEN, json.dumps(payload)
        )
    finally:
        logs.REQUEST_ID.reset(token)

    output = captured.getvalue()
    records = _lines(captured)
    assert len(records) >= 5, output
    assert NOTE not in output and "Zanzibar" not in output and "quokka" not in output
    assert TOKEN not in output and CALENDAR not in output
    assert all(record["request_id"] == "req-42" for record in records)
    assert {"time", "level", "logger", "request_id", "pid", "message"} <= set(records[0])
    # Still useful: what happened, where.
    assert any("Received event from session" in r["message"] for r in records)
    failure = next(r for r in records if r["logger"] == "app.state.contact")
    assert failure["exception"]["type"] == "RuntimeError"
    assert any("test_logs.py" in frame for frame in failure["exception"]["frames"])
    assert any(r["message"] == "saving notes failed for …" for r in records)
    assert any(r["message"] == "GET /calendar/<secret>.ics answered" for r in records)


def test_each_line_is_one_json_object_even_for_a_multi_line_message(captured: io.StringIO) -> None:
    logging.getLogger("granian").error("worker crashed\nTraceback (most recent call last):\n  secret line")
    [record] = _lines(captured)
    assert record["message"] == "worker crashed" and record["level"] == "error"
    assert "\n" not in captured.getvalue().rstrip("\n")


def test_a_request_id_from_the_proxy_is_kept_only_when_it_is_a_plain_id() -> None:
    assert logs.request_id_from("7f1c9a2be4d0") == "7f1c9a2be4d0"
    for bad in ("", None, "x" * 65, "a b", 'id"},{"admin":true'):
        made = logs.request_id_from(bad)
        assert made != bad and len(made) == 16


def test_installing_routes_reflex_and_granian_through_the_one_json_handler(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    taken = {
        name: (list(logging.getLogger(name).handlers), logging.getLogger(name).propagate)
        for name in logs._TAKEN_OVER
    }
    monkeypatch.setenv("REFLEX_MANAGED_LOGGING", "true")
    try:
        logs.install(stream)
        logs.install(stream)  # twice: still one handler
        logging.getLogger("reflex.app").warning("hello from reflex")
        assert [json.loads(line)["message"] for line in stream.getvalue().splitlines()] == [
            "hello from reflex"
        ]
        import os

        assert "REFLEX_MANAGED_LOGGING" not in os.environ  # Reflex no longer re-attaches its console
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        for name, (handlers, propagate) in taken.items():
            logging.getLogger(name).handlers[:] = handlers
            logging.getLogger(name).propagate = propagate
