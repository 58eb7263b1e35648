"""/healthz, /readyz and /metrics as a proxy and a scraper see them; the metrics' format and who may
read them; events counted and timed around Reflex's processor."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import Engine
from starlette.types import Receive, Scope, Send

from app import db, metrics, web_ops
from app.db import make_engine
from app.drain import DRAIN
from app.metrics import METRICS, Metrics, handler_label, may_read_metrics, prometheus_text
from app.settings import get_settings


async def _inner(scope: Scope, receive: Receive, send: Send) -> None:
    """The app behind the layer: says who answered."""
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"the app"})


def _get(path: str, *, client: str = "127.0.0.1", headers: dict[str, str] | None = None) -> httpx.Response:
    transport = httpx.ASGITransport(app=web_ops.ops_layer(_inner), client=(client, 50000))

    async def go() -> httpx.Response:
        async with httpx.AsyncClient(transport=transport, base_url="http://rapport.test") as http:
            return await http.get(path, headers=headers)

    return asyncio.run(go())


@pytest.fixture
def app_db(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    return engine


@pytest.fixture
def not_draining() -> Iterator[None]:
    DRAIN.draining = False
    yield
    DRAIN.draining = False


def _with_settings(monkeypatch: pytest.MonkeyPatch, **changes: Any) -> None:
    changed = dataclasses.replace(get_settings(), **changes)
    monkeypatch.setattr(web_ops, "get_settings", lambda: changed)


# --- /healthz and /readyz ---------------------------------------------------------------------------


def test_healthz_answers_whenever_the_process_does(not_draining: None) -> None:
    response = _get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"
    assert _get("/elsewhere").text == "the app"  # every other path goes on to the app


def test_readyz_is_ready_with_the_database_migrated_and_no_redis_configured(
    app_db: Engine, not_draining: None
) -> None:
    response = _get("/readyz")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "redis": "not configured"},
    }


def test_readyz_checks_the_real_redis_when_there_is_one(
    app_db: Engine, not_draining: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_settings(monkeypatch, redis_url="redis://127.0.0.1:6379/0")
    assert _get("/readyz").json()["checks"]["redis"] == "ok"


def test_readyz_says_redis_failed_when_it_does_not_answer(
    app_db: Engine, not_draining: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_settings(monkeypatch, redis_url="redis://:hunter2@127.0.0.1:1/0")
    response = _get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["redis"] and body["checks"]["redis"].startswith("not answering")
    assert "hunter2" not in response.text  # a URL's password never reaches the answer


def test_readyz_says_the_migrations_are_missing_on_a_database_never_migrated(
    tmp_path: Path, not_draining: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    blank = make_engine(f"sqlite:///{tmp_path / 'blank.db'}")
    monkeypatch.setattr(db, "get_engine", lambda: blank)
    response = _get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["migrations"]
    assert response.json()["checks"]["migrations"] == "not applied"


def test_readyz_says_the_database_failed_when_postgresql_does_not_answer(
    not_draining: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = make_engine("postgresql+psycopg://postgres:secretpw@127.0.0.1:1/rapport")
    monkeypatch.setattr(db, "get_engine", lambda: gone)
    response = _get("/readyz")
    assert response.status_code == 503
    assert set(response.json()["failed"]) == {"database", "migrations"}
    assert "secretpw" not in response.text


def test_readyz_is_ready_on_postgresql_at_head(
    pg_engine: Engine, not_draining: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "get_engine", lambda: pg_engine)
    assert _get("/readyz").status_code == 200


def test_readyz_turns_503_the_moment_the_worker_drains(app_db: Engine, not_draining: None) -> None:
    DRAIN.draining = True
    response = _get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["shutdown"] and response.json()["checks"]["shutdown"] == "draining"
    assert _get("/healthz").status_code == 200  # alive, just not taking new students


def test_a_new_websocket_while_draining_is_refused_with_503(not_draining: None) -> None:
    sent: list[dict[str, Any]] = []
    reached: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        reached.append(scope["path"])

    async def receive() -> dict[str, Any]:
        return {"type": "websocket.connect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "websocket",
        "path": "/_event/",
        "headers": [],
        "extensions": {"websocket.http.response": {}},
    }
    DRAIN.draining = True
    asyncio.run(web_ops.ops_layer(app)(scope, receive, send))
    assert reached == [] and sent[0]["type"] == "websocket.http.response.start" and sent[0]["status"] == 503

    DRAIN.draining = False
    asyncio.run(web_ops.ops_layer(app)(scope, receive, send))
    assert reached == ["/_event/"]


def test_open_websockets_are_counted_while_they_are_open(not_draining: None) -> None:
    seen: list[int] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "websocket.accept"})
        seen.append(METRICS.open_websockets)

    async def receive() -> dict[str, Any]:
        return {"type": "websocket.connect"}

    async def send(message: dict[str, Any]) -> None:
        pass

    before = METRICS.open_websockets
    asyncio.run(
        web_ops.ops_layer(app)({"type": "websocket", "path": "/_event/", "headers": []}, receive, send)
    )
    assert seen == [before + 1] and METRICS.open_websockets == before


# --- /metrics: who may read it ----------------------------------------------------------------------


def test_metrics_answer_loopback_in_prometheus_text(not_draining: None) -> None:
    response = _get("/metrics", client="127.0.0.1")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    assert "# TYPE rapport_open_websockets gauge" in response.text


@pytest.mark.parametrize(
    ("client", "headers"),
    [
        ("203.0.113.9", {}),
        ("10.0.0.5", {}),
        # Through a proxy on the same machine: the peer is loopback, the asker is not.
        ("127.0.0.1", {"X-Forwarded-For": "203.0.113.9"}),
        ("127.0.0.1", {"Forwarded": "for=203.0.113.9"}),
        ("203.0.113.9", {"Authorization": "Bearer wrong-token"}),
        ("203.0.113.9", {"Authorization": "Basic c2VjcmV0"}),
    ],
)
def test_metrics_are_refused_to_anyone_else(
    not_draining: None, monkeypatch: pytest.MonkeyPatch, client: str, headers: dict[str, str]
) -> None:
    _with_settings(monkeypatch, metrics_token="s3cret-scraper-token")
    response = _get("/metrics", client=client, headers=headers)
    assert response.status_code == 403 and "rapport_" not in response.text


def test_metrics_answer_the_bearer_of_the_token_from_anywhere(
    not_draining: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_settings(monkeypatch, metrics_token="s3cret-scraper-token")
    response = _get(
        "/metrics", client="203.0.113.9", headers={"Authorization": "Bearer s3cret-scraper-token"}
    )
    assert response.status_code == 200 and "rapport_events_total" in response.text


def test_without_a_token_set_no_bearer_opens_the_metrics() -> None:
    assert not may_read_metrics(peer="203.0.113.9", headers={"authorization": "Bearer "}, token="")
    assert may_read_metrics(peer="::1", headers={}, token="")
    assert may_read_metrics(peer="127.0.0.2", headers={}, token="")
    assert not may_read_metrics(peer="not an address", headers={}, token="")


# --- the metrics themselves -------------------------------------------------------------------------


def test_handler_labels_are_the_state_and_handler_names() -> None:
    name = "reflex___state____state.app___state___importer____import_state.handle_upload"
    assert handler_label(name) == "import_state.handle_upload"
    assert handler_label(
        "reflex___state____state.app___state___base____page_state.app___x____notes.save"
    ) == ("notes.save")
    assert handler_label('weird"name\n.{x}') == "weird_name_._x"


def _sample(text: str, name: str) -> float:
    [line] = [line for line in text.splitlines() if line.startswith(name + " ")]
    return float(line.rsplit(" ", 1)[1])


def test_the_text_format_has_cumulative_buckets_a_sum_and_a_count_per_handler() -> None:
    counts = Metrics()
    for seconds in (0.003, 0.004, 0.02, 0.3, 30.0):
        counts.observe_event("notes_state.save", seconds)
    counts.observe_event("contacts_state.search", 0.001, failed=True)
    counts.logins_refused, counts.errors, counts.open_websockets = 3, 2, 7
    text = prometheus_text(counts)

    save = 'handler="notes_state.save"'
    assert _sample(text, f"rapport_events_total{{{save}}}") == 5
    assert _sample(text, f'rapport_event_duration_seconds_bucket{{{save},le="0.005"}}') == 2
    assert _sample(text, f'rapport_event_duration_seconds_bucket{{{save},le="0.025"}}') == 3
    assert _sample(text, f'rapport_event_duration_seconds_bucket{{{save},le="10.0"}}') == 4
    assert _sample(text, f'rapport_event_duration_seconds_bucket{{{save},le="+Inf"}}') == 5
    assert _sample(text, f"rapport_event_duration_seconds_count{{{save}}}") == 5
    assert _sample(text, f"rapport_event_duration_seconds_sum{{{save}}}") == pytest.approx(30.327)
    assert _sample(text, 'rapport_event_failures_total{handler="contacts_state.search"}') == 1
    assert _sample(text, "rapport_logins_refused_total") == 3
    assert _sample(text, "rapport_errors_total") == 2
    assert _sample(text, "rapport_open_websockets") == 7
    assert _sample(text, "rapport_draining") == 0
    # Every sample line is `name{labels} value` or `name value`; every family has HELP and TYPE.
    sample = re.compile(r'^[a-z_]+(\{[a-z]+="[^"\n]*"(,[a-z]+="[^"\n]*")*\})? [0-9.e+-]+$')
    for line in text.splitlines():
        assert line.startswith("# ") or sample.match(line), line
    families = {line.split()[2] for line in text.splitlines() if line.startswith("# TYPE")}
    assert families == {line.split()[2] for line in text.splitlines() if line.startswith("# HELP")}


def test_workers_counts_add_up_through_their_published_form() -> None:
    one, two = Metrics(), Metrics()
    one.observe_event("a.b", 0.01)
    two.observe_event("a.b", 0.2)
    two.observe_event("c.d", 0.02, failed=True)
    one.open_websockets, two.open_websockets, two.logins_refused = 4, 5, 1
    decoded = metrics.decode(metrics.encode(two))
    assert decoded is not None
    total = metrics.combined([one, decoded])
    assert total.events["a.b"].total == 2 and total.events["a.b"].seconds == pytest.approx(0.21)
    assert (total.open_websockets, total.logins_refused, total.event_errors) == (9, 1, {"c.d": 1})
    assert metrics.decode(b"not json") is None


def test_handler_labels_cannot_grow_without_bound() -> None:
    counts = Metrics()
    for index in range(metrics._MAX_HANDLERS + 50):
        counts.observe_event(f"state.handler_{index}", 0.001)
    assert len(counts.events) == metrics._MAX_HANDLERS + 1 and counts.events["other"].total == 50


def test_each_event_is_counted_timed_and_held_by_the_drain_while_it_runs() -> None:
    class Event:
        name = "reflex___state____state.app___state___notes____notes_state.save"

    class Entry:
        event = Event()

    during: list[int] = []

    async def execute(self: object, *, entry: object, registered_handler: object) -> None:
        during.append(DRAIN.in_flight)
        await asyncio.sleep(0.01)

    async def failing(self: object, *, entry: object, registered_handler: object) -> None:
        raise RuntimeError("handler failed")

    before = METRICS.events.get("notes_state.save")
    count_before = before.total if before else 0
    failures_before = METRICS.event_errors.get("notes_state.save", 0)
    asyncio.run(web_ops._observe(execute)(object(), entry=Entry(), registered_handler=None))
    with pytest.raises(RuntimeError):
        asyncio.run(web_ops._observe(failing)(object(), entry=Entry(), registered_handler=None))
    assert during == [1] and DRAIN.in_flight == 0
    assert METRICS.events["notes_state.save"].total == count_before + 2
    assert METRICS.event_errors["notes_state.save"] == failures_before + 1
    assert METRICS.events["notes_state.save"].seconds >= 0.01


def test_reflex_event_execution_is_observed_once_however_often_it_is_installed() -> None:
    from reflex_base.event.processor.base_state_processor import BaseStateEventProcessor

    web_ops.observe_events()
    first = BaseStateEventProcessor._execute_event
    web_ops.observe_events()
    assert BaseStateEventProcessor._execute_event is first and getattr(first, "rapport_observed", False)
