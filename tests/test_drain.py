"""The SIGTERM drain's order, as plain asyncio: refuse new connections at once, finish the events in
flight, close the websockets, finish what arrived meanwhile, stop; never longer than the drain time."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.drain import Drain


def _run(coroutine: object) -> object:
    return asyncio.run(coroutine)  # type: ignore[arg-type]


def test_draining_starts_at_once_and_waits_for_the_event_in_flight_before_closing() -> None:
    drain = Drain(poll_s=0.005)
    order: list[str] = []

    async def event() -> None:
        with drain.event():
            await asyncio.sleep(0.05)
            order.append("event finished")

    async def close() -> None:
        order.append(f"closed (in flight: {drain.in_flight})")

    async def scenario() -> None:
        running = asyncio.get_running_loop().create_task(event())
        await asyncio.sleep(0)  # the event has started
        assert drain.accepts_connections
        task = drain.start(timeout_s=5, close_connections=close, stop=lambda: order.append("stopped"))
        assert task is not None
        assert not drain.accepts_connections  # before anything awaited: readyz is 503 now
        report = await task
        await running
        assert report.closed and report.unfinished == 0

    _run(scenario())
    assert order == ["event finished", "closed (in flight: 0)", "stopped"]


def test_an_event_that_arrives_just_before_the_close_still_finishes_before_the_stop() -> None:
    drain = Drain(poll_s=0.005)
    order: list[str] = []

    async def late_event() -> None:
        with drain.event():
            await asyncio.sleep(0.03)
            order.append("late event finished")

    async def close() -> None:
        # An event read from a socket just before it closed.
        asyncio.get_running_loop().create_task(late_event())
        await asyncio.sleep(0)
        order.append("closed")

    _run(drain.run(timeout_s=5, close_connections=close, stop=lambda: order.append("stopped")))
    assert order == ["closed", "late event finished", "stopped"]


def test_queued_work_the_server_holds_counts_as_busy() -> None:
    queued = [2]
    drain = Drain(poll_s=0.005, extra_busy=lambda: queued[0])
    order: list[str] = []

    async def scenario() -> None:
        async def empty_queue() -> None:
            await asyncio.sleep(0.03)
            queued[0] = 0
            order.append("queue empty")

        asyncio.get_running_loop().create_task(empty_queue())

        async def close() -> None:
            order.append("closed")

        await drain.run(timeout_s=5, close_connections=close, stop=lambda: order.append("stopped"))

    _run(scenario())
    assert order == ["queue empty", "closed", "stopped"]


def test_an_event_that_never_ends_does_not_hold_the_shutdown_past_the_drain_time() -> None:
    drain = Drain(poll_s=0.005)
    stopped: list[float] = []

    async def scenario() -> None:
        loop = asyncio.get_running_loop()

        async def stuck() -> None:
            with drain.event():
                await asyncio.sleep(60)

        task = loop.create_task(stuck())
        await asyncio.sleep(0)
        started = loop.time()

        async def close() -> None:
            pass

        report = await drain.run(
            timeout_s=0.1, close_connections=close, stop=lambda: stopped.append(loop.time())
        )
        assert report.unfinished == 1 and report.closed
        assert 0.1 <= stopped[0] - started < 1.0
        task.cancel()

    _run(scenario())
    assert len(stopped) == 1


def test_a_second_sigterm_while_draining_changes_nothing_and_stop_runs_once() -> None:
    drain = Drain(poll_s=0.005)
    stops: list[int] = []

    async def close() -> None:
        await asyncio.sleep(0.01)

    async def scenario() -> None:
        first = drain.start(timeout_s=1, close_connections=close, stop=lambda: stops.append(1))
        assert drain.start(timeout_s=1, close_connections=close, stop=lambda: stops.append(2)) is None
        assert first is not None
        await first

    _run(scenario())
    assert stops == [1]


def test_the_server_still_stops_when_closing_the_connections_fails() -> None:
    drain = Drain(poll_s=0.005)
    stops: list[int] = []

    async def close() -> None:
        raise ConnectionError("socket already gone")

    with pytest.raises(ConnectionError):
        _run(drain.run(timeout_s=1, close_connections=close, stop=lambda: stops.append(1)))
    assert stops == [1]


def test_an_event_counter_goes_back_down_when_its_handler_raises() -> None:
    drain = Drain()
    with pytest.raises(ValueError), drain.event():
        assert drain.in_flight == 1
        raise ValueError("handler failed")
    assert drain.in_flight == 0


def test_the_launcher_sends_sigterm_first_when_asked_to_drain(tmp_path: Path) -> None:
    """`stop(process, drain_s=...)`, what the launcher does on SIGTERM in hosted mode: the server's
    group gets SIGTERM (each worker drains) and is waited for, not SIGINT (which stops at once)."""
    from app.launcher import stop

    seen = tmp_path / "signals"
    child = (
        "import signal, sys, time, pathlib\n"
        f"out = pathlib.Path({str(seen)!r})\n"
        "def note(sig, _):\n"
        "    out.write_text(signal.Signals(sig).name)\n"
        "    sys.exit(0)\n"
        "signal.signal(signal.SIGTERM, note); signal.signal(signal.SIGINT, note)\n"
        "out.write_text('started')\n"
        "while True: time.sleep(0.05)\n"
    )
    for drain_s, expected in ((5.0, "SIGTERM"), (None, "SIGINT")):
        process = subprocess.Popen([sys.executable, "-c", child], start_new_session=True)
        deadline = time.monotonic() + 10
        while (not seen.exists() or seen.read_text() != "started") and time.monotonic() < deadline:
            time.sleep(0.02)
        stop(process, drain_s=drain_s)
        assert seen.read_text() == expected
        seen.unlink()
