"""Today under 50 students opening it at once, again and again: how long until the day is on screen.

Issue #11: under 50 clients, 14 of 258 Today loads took about 10 s, with Reflex's "lock held too long"
warning. Each simulated student is one tab (a websocket with its own client token and session cookie)
that opens Today, waits for `loaded`, closes, and opens it again, for `--rounds` rounds. Prints the
p50, p95 and slowest load, and how many took over 2 s. Hosted mode: PostgreSQL, Redis, 3 workers.

    python -m bench.today_load [--students 50] [--rounds 6] [--workers 3]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench.hosted_load import free_port, machine, private_redis, seed_students
from bench.reflex_client import ReflexClient, state_of, value

SLOW_S = 2.0


def today_state() -> str:
    from reflex_base.utils.format import format_event_handler

    from app.state.today import TodayState

    return state_of(format_event_handler(TodayState.open_day))  # type: ignore[arg-type]


async def one_student(
    url: str, token: str, rounds: int, state: str, out: list[float], errors: list[str]
) -> None:
    for _ in range(rounds):
        client = ReflexClient(url, cookies={"rapport_session": token})
        started = time.perf_counter()
        try:
            await client.connect("/", until=(state, lambda d: value(d, "loaded") is True), timeout=30)
            out.append(time.perf_counter() - started)
        except Exception as error:  # a timeout is a figure too: counted, not raised
            errors.append(f"{type(error).__name__}: {error}"[:200])
        finally:
            await client.close()


async def drive(url: str, tokens: list[str], rounds: int) -> dict[str, Any]:
    state = today_state()
    loads: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    await asyncio.gather(*(one_student(url, token, rounds, state, loads, errors) for token in tokens))
    elapsed = time.perf_counter() - started
    ordered = sorted(loads)

    def pct(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")

    return {
        "students": len(tokens),
        "loads": len(loads),
        "errors": len(errors),
        "error_examples": errors[:3],
        "p50_s": round(statistics.median(ordered), 3) if ordered else None,
        "p95_s": round(pct(0.95), 3),
        "slowest_s": round(ordered[-1], 3) if ordered else None,
        f"over_{SLOW_S:g}_s": sum(1 for t in ordered if t > SLOW_S),
        "wall_s": round(elapsed, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.today_load", description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--contacts", type=int, default=20)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    figures: dict[str, Any] = {"machine": machine()}
    with contextlib.ExitStack() as stack:
        if shutil.which("redis-server"):
            redis_url, _ = stack.enter_context(private_redis())
            os.environ["RAPPORT_TEST_REDIS"] = redis_url
        from e2e.hosted_server import hosted_app

        app = stack.enter_context(hosted_app(free_port(), workers=args.workers))
        students = seed_students(app.database_url, args.students, args.contacts, seed=1)
        figures.update(asyncio.run(drive(app.url, [s.token for s in students], args.rounds)))
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0 if figures["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
