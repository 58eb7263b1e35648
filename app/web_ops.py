"""What a proxy, an orchestrator and a monitoring system ask of a worker: `/healthz`, `/readyz`,
`/metrics`; the SIGTERM drain; one JSON log line per record with a request id (hosted mode).

- `GET /healthz`: 200 `{"status": "ok"}` whenever the process answers (liveness).
- `GET /readyz`: 200 when PostgreSQL (or local mode's SQLite) answers with every migration applied
  and Redis answers (when configured), and the worker is not shutting down; otherwise 503 with each
  part's state, e.g. `{"status": "not ready", "failed": ["redis"], "checks": {...}}`.
- `GET /metrics`: Prometheus text (app/metrics.py), from loopback only (a forwarded request is not)
  or with `Authorization: Bearer $RAPPORT_METRICS_TOKEN`; anyone else gets 403.

The ASGI layer (`ops_layer`, wired in app/main.py inside the HTTP guard and outside the session
check) also counts open websockets, refuses new ones while draining (503, so nginx's
`proxy_next_upstream http_503` tries another host), and gives each request a request id. Each
event's duration, handler and failure are counted around Reflex's event processor.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import os
import signal
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import db, health, logs, metrics
from app.drain import DRAIN, DrainReport
from app.metrics import METRICS
from app.settings import get_settings

if TYPE_CHECKING:
    from reflex.app import App

HEALTHZ = "/healthz"
READYZ = "/readyz"
METRICS_PATH = "/metrics"
OPS_PATHS = (HEALTHZ, READYZ, METRICS_PATH)
READY_TIMEOUT_S = 3.0
PUBLISH_EVERY_S = 5.0
PUBLISH_TTL_S = 30
METRICS_KEY_PREFIX = "rapport:metrics:"
PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8"

log = logging.getLogger("app.ops")


# --- HTTP answers ---------------------------------------------------------------------------------


async def _answer(send: Send, status: int, body: bytes, content_type: str) -> None:
    headers = [
        (b"content-type", content_type.encode()),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _json(send: Send, status: int, payload: dict[str, Any]) -> None:
    await _answer(send, status, json.dumps(payload).encode(), "application/json")


def _headers(scope: Scope) -> dict[str, str]:
    return {
        name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope.get("headers") or []
    }


async def readiness_answer() -> tuple[int, dict[str, Any]]:
    settings = get_settings()
    try:
        ready, checks = await asyncio.wait_for(
            run_in_threadpool(health.readiness, db.get_engine(), settings.redis_url, draining=DRAIN.draining),
            timeout=READY_TIMEOUT_S,
        )
    except TimeoutError:
        ready, checks = False, {"database": "no answer in time", "redis": "unknown", "migrations": "unknown"}
        if DRAIN.draining:
            checks["shutdown"] = "draining"
    if ready:
        return 200, {"status": "ready", "checks": checks}
    failed = [part for part, state in checks.items() if state not in (health.OK, "not configured")]
    return 503, {"status": "not ready", "failed": failed, "checks": checks}


async def metrics_text() -> str:
    return metrics.prometheus_text(await host_metrics(), draining=DRAIN.draining)


async def _serve_ops(scope: Scope, send: Send) -> None:
    path = scope["path"]
    if path == HEALTHZ:
        await _json(send, 200, {"status": "ok", "pid": os.getpid()})
    elif path == READYZ:
        status, payload = await readiness_answer()
        await _json(send, status, payload)
    else:
        peer = (scope.get("client") or ("", 0))[0]
        if not metrics.may_read_metrics(
            peer=peer, headers=_headers(scope), token=get_settings().metrics_token
        ):
            await _answer(send, 403, b"Forbidden.\n", "text/plain; charset=utf-8")
            return
        await _answer(send, 200, (await metrics_text()).encode(), PROMETHEUS_TYPE)


# --- the ASGI layer -------------------------------------------------------------------------------


async def _refuse_websocket(scope: Scope, send: Send) -> None:
    """A new websocket while draining: 503 where the server can say so (Granian can), else a close."""
    if "websocket.http.response" in (scope.get("extensions") or {}):
        body = b"This server is restarting; try again."
        await send(
            {
                "type": "websocket.http.response.start",
                "status": 503,
                "headers": [(b"content-type", b"text/plain"), (b"retry-after", b"1")],
            }
        )
        await send({"type": "websocket.http.response.body", "body": body})
        return
    await send({"type": "websocket.close", "code": 1013})


def ops_layer(app: ASGIApp) -> ASGIApp:
    """Answers the three ops paths, counts websockets, refuses new ones while draining, sets request ids."""

    async def layer(scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind not in ("http", "websocket"):
            await app(scope, receive, send)
            return
        token = logs.REQUEST_ID.set(logs.request_id_from(_headers(scope).get("x-request-id")))
        try:
            if kind == "http" and scope["path"] in OPS_PATHS and scope.get("method") in ("GET", "HEAD"):
                await _serve_ops(scope, send)
                return
            if kind == "websocket":
                if not DRAIN.accepts_connections:
                    await _refuse_websocket(scope, send)
                    return
                await _counted_websocket(app, scope, receive, send)
                return
            await app(scope, receive, send)
        finally:
            logs.REQUEST_ID.reset(token)

    return layer


async def _counted_websocket(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
    accepted = False

    async def watching_send(message: Message) -> None:
        nonlocal accepted
        if message["type"] == "websocket.accept" and not accepted:
            accepted = True
            METRICS.open_websockets += 1
        await send(message)

    try:
        await app(scope, receive, watching_send)
    finally:
        if accepted:
            METRICS.open_websockets -= 1


# --- events: counted, timed, each with a request id ---------------------------------------------


def _observe(execute: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
    @functools.wraps(execute)
    async def observed(self: Any, *, entry: Any, registered_handler: Any) -> None:
        logs.REQUEST_ID.set(
            logs.event_request_id(str(getattr(getattr(entry, "ctx", None), "txid", "") or ""))
        )
        handler = metrics.handler_label(str(getattr(entry.event, "name", "")))
        started = time.perf_counter()
        failed = False
        with DRAIN.event():
            try:
                await execute(self, entry=entry, registered_handler=registered_handler)
            except asyncio.CancelledError:
                raise
            except BaseException:
                failed = True
                raise
            finally:
                METRICS.observe_event(handler, time.perf_counter() - started, failed=failed)

    observed.rapport_observed = True  # type: ignore[attr-defined]
    return observed


def observe_events() -> None:
    """Wraps Reflex's event execution once per process (the processor class is shared by every app)."""
    from reflex_base.event.processor.base_state_processor import BaseStateEventProcessor

    current = BaseStateEventProcessor._execute_event
    if not getattr(current, "rapport_observed", False):
        BaseStateEventProcessor._execute_event = _observe(current)  # type: ignore[method-assign,assignment]


# --- metrics over this host's workers -------------------------------------------------------------


def instance_name() -> str:
    """This app instance (every worker of one server): its host name and listening address."""
    settings = get_settings()
    return f"{socket.gethostname()}@{settings.host}:{settings.port}"


@functools.lru_cache(maxsize=2)
def _async_redis(url: str) -> Any:
    import redis.asyncio as aioredis

    return aioredis.Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0)


def _own_key() -> str:
    return f"{METRICS_KEY_PREFIX}{instance_name()}:{os.getpid()}"


async def publish_metrics() -> None:
    url = get_settings().redis_url
    if url:
        await _async_redis(url).set(_own_key(), metrics.encode(METRICS), ex=PUBLISH_TTL_S)


async def host_metrics() -> metrics.Metrics:
    """This worker's counts plus those its sibling workers published (when there is Redis)."""
    url = get_settings().redis_url
    if not url:
        return METRICS
    parts = [METRICS]
    with contextlib.suppress(Exception):  # Redis down: this worker's own counts still answer
        client = _async_redis(url)
        await publish_metrics()
        keys = [key async for key in client.scan_iter(match=f"{METRICS_KEY_PREFIX}{instance_name()}:*")]
        own = _own_key().encode()
        others = [key for key in keys if key != own]
        for raw in await client.mget(others) if others else []:
            decoded = metrics.decode(raw) if raw else None
            if decoded is not None:
                parts.append(decoded)
    return metrics.combined(parts)


async def _publish_forever() -> None:
    while True:
        with contextlib.suppress(Exception):
            await publish_metrics()
        await asyncio.sleep(PUBLISH_EVERY_S)


# --- SIGTERM: drain, then let the server stop -----------------------------------------------------


async def close_websockets(app: App) -> None:
    """Closes every websocket of this worker at the transport, so each page reconnects by itself
    (a Socket.IO "server disconnect" would leave it disconnected)."""
    sio = app.sio
    if sio is None:
        return
    eio = sio.eio
    sids = list(getattr(eio, "sockets", {}))
    if sids:
        await asyncio.gather(*(eio.disconnect(sid) for sid in sids), return_exceptions=True)


def _queued_events(app: App) -> int:
    processor = app._event_processor
    if processor is None:
        return 0
    queue = processor._queue
    return (queue.qsize() if queue is not None else 0) + sum(len(q) for q in processor._token_queues.values())


def _stop_server() -> None:
    # The server's own interrupt handler (Granian's, or Uvicorn's) is left on SIGINT: it stops serving,
    # then runs the app's shutdown.
    os.kill(os.getpid(), signal.SIGINT)


def _report(task: asyncio.Task[DrainReport]) -> None:
    if task.cancelled() or task.exception() is not None:
        return
    report = task.result()
    log.info("drained in %.2f s; events unfinished: %d", report.waited_s, report.unfinished)


def begin_drain(app: App) -> None:
    """SIGTERM: stop taking connections now, finish the events in flight, close, stop."""
    timeout_s = get_settings().drain_seconds
    DRAIN.extra_busy = functools.partial(_queued_events, app)
    processor = app._event_processor
    if processor is not None:
        # Whatever is still running at the end gets a last few seconds in Reflex's own shutdown.
        processor.graceful_shutdown_timeout = 5.0
    log.info("SIGTERM: draining (up to %.0f s)", timeout_s)
    task = DRAIN.start(
        timeout_s=timeout_s, close_connections=functools.partial(close_websockets, app), stop=_stop_server
    )
    if task is not None:
        task.add_done_callback(_report)


@contextlib.asynccontextmanager
async def ops_lifespan(app: App) -> AsyncIterator[None]:
    """In each worker: JSON logs (hosted), events observed, SIGTERM drains, metrics published."""
    if not get_settings().is_local:
        logs.install()
    observe_events()
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        loop.add_signal_handler(signal.SIGTERM, begin_drain, app)
    publisher = loop.create_task(_publish_forever()) if get_settings().redis_url else None
    try:
        yield
    finally:
        if publisher is not None:
            publisher.cancel()
            with contextlib.suppress(BaseException):
                await publisher
        with contextlib.suppress(Exception):
            url = get_settings().redis_url
            if url:
                await _async_redis(url).delete(_own_key())
