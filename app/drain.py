"""Shutting a worker down without losing an event: the order of a drain, as plain asyncio.

On SIGTERM a worker (app/web_ops.py wires this to the signal):
1. starts draining at once: `/readyz` answers 503 and a new websocket connection is refused, so a
   proxy or orchestrator sends new students elsewhere;
2. lets every event already received finish (events still arriving on open connections are
   processed too: refusing them would lose what a student typed), up to the drain time;
3. closes its websockets, so each page reconnects through the proxy to a live host (the browser
   keeps what it had not sent yet and sends it there);
4. waits, in what is left of the drain time, for events that arrived just before the close;
5. stops the server (its own shutdown then runs).

Nothing here knows about Reflex or Granian: the caller passes what closes connections and what
stops the server, so the order is tested with plain functions.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field


@dataclass
class DrainReport:
    """What a drain did: for the log line a rolling restart leaves behind."""

    waited_s: float = 0.0
    unfinished: int = 0  # events still running when the drain time ran out
    closed: bool = False


@dataclass
class Drain:
    """One worker's drain: whether it is draining, and the events in flight."""

    poll_s: float = 0.02
    clock: Callable[[], float] = time.monotonic
    draining: bool = False
    in_flight: int = 0
    # Extra work the server holds that this counter cannot see (queued events): idle only when it is.
    extra_busy: Callable[[], int] = field(default=lambda: 0)
    _task: asyncio.Task[DrainReport] | None = None

    @property
    def accepts_connections(self) -> bool:
        return not self.draining

    def busy(self) -> int:
        return self.in_flight + self.extra_busy()

    @contextlib.contextmanager
    def event(self) -> Iterator[None]:
        """Counts one event in flight while the block runs."""
        self.in_flight += 1
        try:
            yield
        finally:
            self.in_flight -= 1

    async def wait_idle(self, deadline: float) -> bool:
        """Waits until nothing is in flight or the deadline passes; True when idle."""
        while self.busy() > 0:
            if self.clock() >= deadline:
                return False
            await asyncio.sleep(self.poll_s)
        return True

    async def run(
        self,
        *,
        timeout_s: float,
        close_connections: Callable[[], Awaitable[None]],
        stop: Callable[[], None],
    ) -> DrainReport:
        """Drains (steps 1 to 5 above) and returns what happened; `stop` is called exactly once."""
        self.draining = True
        started = self.clock()
        deadline = started + timeout_s
        report = DrainReport()
        try:
            await self.wait_idle(deadline)
            try:
                await close_connections()
                report.closed = True
            finally:
                await self.wait_idle(deadline)
                report.unfinished = self.busy()
                report.waited_s = self.clock() - started
        finally:
            stop()
        return report

    def start(
        self,
        *,
        timeout_s: float,
        close_connections: Callable[[], Awaitable[None]],
        stop: Callable[[], None],
    ) -> asyncio.Task[DrainReport] | None:
        """Begins the drain in the running loop (a second SIGTERM while draining does nothing)."""
        if self._task is not None:
            return None
        self.draining = True
        self._task = asyncio.get_running_loop().create_task(
            self.run(timeout_s=timeout_s, close_connections=close_connections, stop=stop)
        )
        return self._task


# The one drain of this worker process.
DRAIN = Drain()
