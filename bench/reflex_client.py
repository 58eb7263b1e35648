"""A small asyncio client that speaks Reflex 0.10's websocket event protocol, as the browser does.

Reflex talks socket.io v4 over engine.io v4 on `/_event/`. The frames this client uses:

    server: 0{"sid": ..., "pingInterval": ...}      engine.io open
    client: 40/_event,                              socket.io namespace connect
    server: 40/_event,{"sid": ...}                  namespace connected
    server: 2            client: 3                  engine.io ping / pong
    client: 42/_event,["event", {"name", "payload", "router_data"}]
    server: 42/_event,["event", {"delta": {...}, "events": [...]}]

The first event is the root state's `hydrate_and_load` (what `initialEvents` sends in 0.10.1); the
backend handlers named in an update's "events" are sent straight back, the way state.js's
`queueEvents` does (that is how on_load chains run). Frontend-only events (`_call_script`,
`_call_function`, `_redirect`, `_download`...) are kept in `frontend_events` and not run.

There is no "final" flag any more, so `call` measures a round trip as the time from sending an
event to the first update whose delta carries that handler's state (optionally one that also
satisfies a predicate). Connects only to the address it is given: proxies from the environment are
never used.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import websockets
from websockets.asyncio.client import ClientConnection

REFLEX_VERSION = "0.10.1"
NAMESPACE = "/_event"
ROOT_STATE = "reflex___state____state"
HYDRATE = f"{ROOT_STATE}.hydrate_and_load"
FIELD_MARKER = "_rx_state_"
# Messages above 1 MB drop the connection on the server side anyway; this only has to be larger.
MAX_FRAME = 8 * 1024 * 1024

StateDelta = dict[str, Any]
Predicate = Callable[[StateDelta], bool]


class ReflexProtocolError(RuntimeError):
    """The server said something this client does not understand, or refused the namespace."""


@dataclass(frozen=True)
class Update:
    """One `event` message from the server, with the moment its frame arrived."""

    delta: dict[str, StateDelta]
    events: list[dict[str, Any]]
    received_at: float
    size: int


@dataclass
class _Waiter:
    state: str
    predicate: Predicate | None
    future: asyncio.Future[Update]


def state_of(handler_name: str) -> str:
    """`a.b.handler` -> `a.b`: the full name of the state a handler belongs to."""
    return handler_name.rpartition(".")[0]


def value(delta: StateDelta, var: str, default: Any = None) -> Any:
    """A var from one state's delta, whether or not the server suffixed it with `_rx_state_`."""
    if var in delta:
        return delta[var]
    return delta.get(var + FIELD_MARKER, default)


def router_data(
    pathname: str, query: dict[str, str] | None = None, search: dict[str, str] | None = None
) -> dict[str, Any]:
    """What the browser's `withRouterData` sends.

    `query` holds the dynamic route args (`{"contact_id": "5"}` for `/contacts/[contact_id]`);
    `search` is the address's query string, which also lands in `query`, as in the browser.
    """
    as_path = pathname + ("?" + urlencode(search) if search else "")
    data: dict[str, Any] = {"pathname": pathname, "asPath": as_path}
    merged = {**(search or {}), **(query or {})}
    if merged:
        data["query"] = merged
    return data


@dataclass
class ReflexClient:
    """One browser tab: one websocket, one client token, its own page and its own updates."""

    base_url: str
    cookies: dict[str, str] = field(default_factory=dict)
    origin: str | None = None
    token: str = field(default_factory=lambda: str(uuid.uuid4()))
    keep_updates: bool = False
    bounce_events: bool = True
    # Browsers always offer permessage-deflate; turning it off shows what it costs the server.
    compression: bool = True

    pathname: str = "/"
    query: dict[str, str] = field(default_factory=dict)
    search: dict[str, str] = field(default_factory=dict)
    updates: list[Update] = field(default_factory=list)
    frontend_events: list[dict[str, Any]] = field(default_factory=list)
    bytes_received: int = 0
    events_sent: int = 0

    _ws: ClientConnection | None = None
    _reader: asyncio.Task[None] | None = None
    _connected: asyncio.Future[None] | None = None
    _waiters: list[_Waiter] = field(default_factory=list)
    _closed_error: BaseException | None = None
    _send_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    # ---- connection ------------------------------------------------------------------------

    def _socket_url(self) -> str:
        parts = urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        params = urlencode({"token": self.token, "EIO": "4", "transport": "websocket"})
        return f"{scheme}://{parts.netloc}/_event/?{params}"

    async def connect(
        self,
        pathname: str = "/",
        query: dict[str, str] | None = None,
        *,
        search: dict[str, str] | None = None,
        hydrate: bool = True,
        until: tuple[str, Predicate] | None = None,
        timeout: float = 15.0,
    ) -> float:
        """Opens the socket and (by default) hydrates on `pathname`; returns the seconds it took.

        `until=(state, predicate)` waits, after hydrating, for that state's delta to satisfy the
        predicate: the on_load chain a page starts has then run.
        """
        started = time.perf_counter()
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        origin = self.origin or self.base_url.rstrip("/")
        loop = asyncio.get_running_loop()
        self._connected = loop.create_future()
        self._ws = await asyncio.wait_for(
            websockets.connect(
                self._socket_url(),
                origin=origin,  # type: ignore[arg-type]
                subprotocols=[REFLEX_VERSION],  # type: ignore[list-item]
                additional_headers=headers,
                proxy=None,
                compression="deflate" if self.compression else None,
                ping_interval=None,  # engine.io has its own pings, answered below
                max_size=MAX_FRAME,
                open_timeout=timeout,
            ),
            timeout,
        )
        self._reader = asyncio.create_task(self._read(), name=f"reflex-client-{self.token[:8]}")
        await asyncio.wait_for(asyncio.shield(self._connected), timeout)
        if hydrate:
            waiter = self._wait_for(ROOT_STATE, None) if until is None else self._wait_for(*until)
            try:
                await self.send(HYDRATE, {}, pathname=pathname, query=query, search=search)
                await asyncio.wait_for(waiter, timeout)
            finally:
                self._waiters = [w for w in self._waiters if w.future is not waiter]
        return time.perf_counter() - started

    async def close(self) -> None:
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._ws.send(f"41{NAMESPACE},"), 2)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._ws.close(), 5)
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(BaseException):
                await self._reader
        self._fail_waiters(ConnectionError("client closed"))

    async def __aenter__(self) -> ReflexClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # ---- sending ---------------------------------------------------------------------------

    async def send(
        self,
        name: str,
        payload: dict[str, Any] | None = None,
        *,
        pathname: str | None = None,
        query: dict[str, str] | None = None,
        search: dict[str, str] | None = None,
    ) -> float:
        """Sends one event as the page at `pathname` (default: the current page); returns when.

        Naming a `pathname` moves this tab to that page (with `query` route args and `search`).
        """
        if self._ws is None:
            raise ConnectionError("not connected")
        if self._closed_error is not None:
            raise ConnectionError(f"connection closed: {self._closed_error}")
        if pathname is not None:
            self.pathname, self.query, self.search = pathname, dict(query or {}), dict(search or {})
        event = {
            "name": name,
            "payload": payload or {},
            "router_data": router_data(self.pathname, self.query, self.search),
        }
        frame = f"42{NAMESPACE}," + json.dumps(["event", event], separators=(",", ":"))
        return await self._send_frame(frame)

    async def send_raw_payload(self, name: str, payload_json: str) -> float:
        """Sends one event whose payload is the JSON text given as is (`1e400`, 3,000 levels deep...)."""
        if self._ws is None:
            raise ConnectionError("not connected")
        route = json.dumps(router_data(self.pathname, self.query, self.search))
        event = f'{{"name":{json.dumps(name)},"payload":{payload_json},"router_data":{route}}}'
        frame = f'42{NAMESPACE},["event",{event}]'
        return await self._send_frame(frame)

    async def _send_frame(self, frame: str) -> float:
        assert self._ws is not None
        async with self._send_lock:
            sent_at = time.perf_counter()
            await self._ws.send(frame)
            self.events_sent += 1
        return sent_at

    async def call(
        self,
        name: str,
        payload: dict[str, Any] | None = None,
        *,
        pathname: str | None = None,
        query: dict[str, str] | None = None,
        search: dict[str, str] | None = None,
        until: Predicate | None = None,
        state: str | None = None,
        timeout: float = 15.0,
    ) -> tuple[float, Update]:
        """Sends an event; returns (round trip in seconds, the update that answered it).

        The answer is the first update whose delta carries `state` (default: the handler's own
        state) and, when given, satisfies `until` on that state's delta. TimeoutError otherwise.
        """
        waiter = self._wait_for(state or state_of(name), until)
        try:
            sent_at = await self.send(name, payload, pathname=pathname, query=query, search=search)
            update = await asyncio.wait_for(waiter, timeout)
        finally:
            self._waiters = [w for w in self._waiters if w.future is not waiter]
        return update.received_at - sent_at, update

    def _wait_for(self, state: str, predicate: Predicate | None) -> asyncio.Future[Update]:
        future: asyncio.Future[Update] = asyncio.get_running_loop().create_future()
        if self._closed_error is not None:
            future.set_exception(ConnectionError(f"connection closed: {self._closed_error}"))
        self._waiters.append(_Waiter(state, predicate, future))
        return future

    # ---- receiving -------------------------------------------------------------------------

    async def _read(self) -> None:
        assert self._ws is not None
        try:
            async for frame in self._ws:
                received_at = time.perf_counter()
                text = frame if isinstance(frame, str) else frame.decode()
                await self._handle(text, received_at)
            raise ConnectionError("the server closed the websocket")
        except asyncio.CancelledError:
            raise
        except BaseException as error:
            self._closed_error = error
            self._fail_waiters(error)

    async def _handle(self, text: str, received_at: float) -> None:
        assert self._ws is not None and self._connected is not None
        if text == "2":  # engine.io ping: answer or the server drops us
            await self._ws.send("3")
        elif text.startswith("0"):  # engine.io open: join the namespace
            await self._ws.send(f"40{NAMESPACE},")
        elif text.startswith(f"40{NAMESPACE},"):
            if not self._connected.done():
                self._connected.set_result(None)
        elif text.startswith(f"44{NAMESPACE},"):
            error = ReflexProtocolError(f"namespace refused: {text[len(NAMESPACE) + 3 :]}")
            if not self._connected.done():
                self._connected.set_exception(error)
            raise error
        elif text.startswith(f"42{NAMESPACE},"):
            name, *args = json.loads(text[len(NAMESPACE) + 3 :])
            if name == "event" and args and isinstance(args[0], dict):
                await self._on_update(args[0], received_at, len(text))
            elif name == "new_token" and args:
                self.token = str(args[0])
        elif text == "1" or text.startswith(f"41{NAMESPACE}"):
            raise ConnectionError("the server closed the session")

    async def _on_update(self, message: dict[str, Any], received_at: float, size: int) -> None:
        update = Update(
            delta=message.get("delta") or {},
            events=list(message.get("events") or []),
            received_at=received_at,
            size=size,
        )
        self.bytes_received += size
        if self.keep_updates:
            self.updates.append(update)
        for waiter in list(self._waiters):
            if waiter.future.done() or waiter.state not in update.delta:
                continue
            if waiter.predicate is None or waiter.predicate(update.delta[waiter.state]):
                waiter.future.set_result(update)
        for event in update.events:
            name = str(event.get("name", ""))
            if name.startswith("_") or not self.bounce_events:
                self.frontend_events.append(event)
            else:
                await self.send(name, event.get("payload") or {})

    def _fail_waiters(self, error: BaseException) -> None:
        for waiter in self._waiters:
            if not waiter.future.done():
                waiter.future.set_exception(ConnectionError(str(error) or type(error).__name__))
