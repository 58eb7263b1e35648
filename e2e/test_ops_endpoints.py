"""A hosted server as a proxy, an orchestrator and a scraper see it: /healthz, /readyz, /metrics over
two workers, JSON logs without a student's words or a token, and a SIGTERM that drains."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from reflex_base.utils.format import format_event_handler

from app.state.health import HealthState
from bench.reflex_client import ReflexClient
from e2e.conftest import free_port, run_coroutine
from e2e.hosted_server import HostedApp, hosted_app
from e2e.waiting import wait_until

pytestmark = pytest.mark.hosted
PING = format_event_handler(HealthState.ping)  # type: ignore[arg-type]
NOTE = f"Quetzal-{uuid.uuid4().hex[:8]} said her team is hiring in secret"
PASSWORD = f"pw-{uuid.uuid4().hex}"
METRICS_TOKEN = f"scrape-{uuid.uuid4().hex}"


@pytest.fixture(scope="module")
def server_log() -> Iterator[Path]:
    with tempfile.NamedTemporaryFile(prefix="rapport-ops-", suffix=".log", delete=False) as handle:
        path = Path(handle.name)
    yield path
    path.unlink(missing_ok=True)


@pytest.fixture(scope="module")
def hosted(server_log: Path) -> Iterator[HostedApp]:
    with (
        server_log.open("wb") as log,
        hosted_app(
            free_port(),
            workers=2,
            log=log,
            extra_env={"RAPPORT_METRICS_TOKEN": METRICS_TOKEN, "RAPPORT_DRAIN_SECONDS": "10"},
        ) as app,
    ):
        yield app


def _get(hosted: HostedApp, path: str, **headers: str) -> httpx.Response:
    return httpx.get(hosted.url + path, headers=headers, timeout=10, trust_env=False)


def test_healthz_and_readyz_answer_with_postgresql_redis_and_migrations(hosted: HostedApp) -> None:
    health = _get(hosted, "/healthz")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    ready = _get(hosted, "/readyz")
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"] == {"database": "ok", "migrations": "ok", "redis": "ok"}
    assert "no-store" in ready.headers["cache-control"]


def test_metrics_count_events_and_refused_logins_over_every_worker(hosted: HostedApp) -> None:
    async def events() -> None:
        async with ReflexClient(hosted.url) as client:
            await client.connect("/login", timeout=60)
            for _ in range(3):
                await client.call(PING, timeout=15)

    run_coroutine(events())
    refused = httpx.post(
        hosted.url + "/auth/login",
        data={"email": "nobody@example.edu", "password": PASSWORD},
        headers={"Origin": hosted.url},
        timeout=10,
        trust_env=False,
    )
    assert refused.status_code == 303

    def scraped() -> str:
        response = _get(hosted, "/metrics")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
        return response.text

    # The login and the events may have reached either worker: the one scraped adds the other's counts.
    # Each worker publishes its counts every few seconds, so both figures are waited for, not just one.
    wait_until(
        lambda: "rapport_logins_refused_total 1" in scraped(), 20, "the refused login was never counted"
    )
    wait_until(
        lambda: 'rapport_events_total{handler="health_state.ping"} 3' in scraped(),
        20,
        "the events were never counted",
    )
    text = scraped()
    assert 'rapport_events_total{handler="health_state.ping"} 3' in text
    assert 'rapport_event_duration_seconds_count{handler="health_state.ping"} 3' in text
    assert "rapport_open_websockets 0" in text


def test_metrics_are_refused_through_a_proxy_and_open_to_the_token(hosted: HostedApp) -> None:
    assert _get(hosted, "/metrics", **{"X-Forwarded-For": "203.0.113.9"}).status_code == 403
    assert _get(hosted, "/metrics", Authorization="Bearer wrong").status_code == 200  # loopback anyway
    with_token = _get(
        hosted, "/metrics", Authorization=f"Bearer {METRICS_TOKEN}", **{"X-Forwarded-For": "203.0.113.9"}
    )
    assert with_token.status_code == 200 and "rapport_events_total" in with_token.text


def test_logs_are_json_lines_with_request_ids_and_no_note_or_token(
    hosted: HostedApp, server_log: Path
) -> None:
    client = ReflexClient(hosted.url)

    async def leaky_events() -> None:
        async with client:
            await client.connect("/login", timeout=60)
            # An event no handler has: Reflex logs the event, payload and all, as an exception.
            await client.send(
                "reflex___state____state.no_such_state.save", {"note": NOTE, "token": client.token}
            )
            # A real handler, signed out, given the note.
            await client.send(PING, {"note": NOTE})
            await client.call(PING, timeout=15)

    run_coroutine(leaky_events())
    time.sleep(1.0)
    output = server_log.read_text(encoding="utf-8", errors="replace")
    lines = [line for line in output.splitlines() if line.strip()]
    not_json = [line for line in lines if not line.startswith("{")]
    assert not not_json, "\n".join(not_json[:20])
    records = [json.loads(line) for line in lines]
    worker_records = [r for r in records if "request_id" in r]
    assert worker_records, output[-3000:]
    assert any(r["request_id"].startswith("ev-") for r in worker_records), output[-6000:]
    for secret in (NOTE, NOTE.split()[0], client.token, PASSWORD, METRICS_TOKEN):
        assert secret not in output, secret
    # The unknown event was logged, as what happened rather than what it held.
    assert any(
        "No registered handler" in json.dumps(r) or "Error processing" in r["message"] for r in records
    )


def test_sigterm_refuses_new_sockets_closes_open_ones_and_exits(hosted: HostedApp, server_log: Path) -> None:
    client = ReflexClient(hosted.url)

    async def drained() -> float:
        async with client:
            await client.connect("/login", timeout=60)
            await client.call(PING, timeout=15)
            started = time.monotonic()
            os.killpg(hosted.pid, signal.SIGTERM)
            while client._closed_error is None and time.monotonic() - started < 20:
                await asyncio.sleep(0.05)
            return time.monotonic() - started

    closed_after = run_coroutine(drained())
    assert client._closed_error is not None, "the open websocket was never closed"
    assert closed_after < 10

    def gone() -> bool:
        try:
            _get(hosted, "/healthz")
        except httpx.TransportError:
            return True
        return False

    wait_until(gone, 30, "the server did not exit after its drain")

    async def late_connect() -> None:
        async with ReflexClient(hosted.url) as late:
            await late.connect("/login", timeout=5)

    with pytest.raises((OSError, TimeoutError, ConnectionError)):
        run_coroutine(late_connect())
    # Each worker said how its drain went, in its own JSON line.
    records = [json.loads(line) for line in server_log.read_text().splitlines() if line.startswith("{")]
    drained = [r["message"] for r in records if r["message"].startswith("drained in")]
    assert len(drained) == 2 and all(m.endswith("events unfinished: 0") for m in drained), drained
