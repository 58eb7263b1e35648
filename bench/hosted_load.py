"""Hosted-mode load benchmark: N simulated students drive the real app over Reflex's websocket.

    python -m bench.hosted_load                      # 200 students, 60 s, 3 workers
    python -m bench.hosted_load --workers 5 --json /tmp/run.json

It starts hosted mode the way `make hosted` does (e2e/hosted_server.py: a fresh PostgreSQL
database, Redis, several Granian workers) on a free loopback port, seeds the students and their
contacts in-process through the services, connects one websocket client per student
(bench/reflex_client.py) and has each do about one real action a second for `--duration` seconds:
search their contacts (the composer's contact picker), open a contact (the contact page's
on_load), save a note (log a NOTE touch on the open contact). A no-op event (HealthState.ping)
is measured in the same run, between actions. It prints p50/p95/p99 round trips per action,
errors, and memory per connected student (server RSS and Redis), then stops everything it started.

Every request goes to 127.0.0.1, every loop is bounded by count and time, and the run ends by
itself. By default the benchmark runs its own throwaway redis-server on a free loopback port so
that Redis's memory figure is this run's alone (--shared-redis uses RAPPORT_TEST_REDIS instead).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import resource
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

from bench.reflex_client import ReflexClient, value

PASSWORD = "a calm long pass phrase for the bench"
TIMEOUT_S = 15.0
ROOT = "reflex___state____state"
PAGE = f"{ROOT}.app___state___base____page_state"  # every page state extends PageState
CONTACT = f"{PAGE}.app___state___contact____contact_state"
COMPOSE = f"{PAGE}.app___state___compose____compose_state"
HEALTH = f"{ROOT}.app___state___health____health_state"
PING = f"{HEALTH}.ping"
SEARCH = f"{COMPOSE}.search_contacts"
OPEN = f"{CONTACT}.on_load"
SET_KIND = f"{CONTACT}.set_log_kind"
SET_SUMMARY = f"{CONTACT}.set_log_summary"
LOG_TOUCH = f"{CONTACT}.log_touch"

FIRST = [
    "Amara",
    "Bilal",
    "Chen",
    "Dara",
    "Elena",
    "Farid",
    "Greta",
    "Hiro",
    "Ines",
    "Jonas",
    "Kemi",
    "Luca",
    "Mira",
    "Nadia",
    "Oscar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tomas",
]
LAST = [
    "Abbott",
    "Baptiste",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fontaine",
    "Gallagher",
    "Haddad",
    "Ivanova",
    "Jansen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
]
ORGS = ["Northwind", "Globex", "Initech", "Umbrella Health", "Stark Studio", "Wayne Civic", "Acme Labs"]


def handler_names() -> dict[str, str]:
    """The full names the constants above spell out, read from the app's own classes (a check)."""
    from reflex_base.utils.format import format_event_handler

    from app.state.compose import ComposeState
    from app.state.contact import ContactState
    from app.state.health import HealthState

    return {
        PING: format_event_handler(HealthState.ping),  # type: ignore[arg-type]
        SEARCH: format_event_handler(ComposeState.search_contacts),  # type: ignore[arg-type]
        OPEN: format_event_handler(ContactState.on_load),  # type: ignore[arg-type]
        SET_KIND: format_event_handler(ContactState.set_log_kind),  # type: ignore[arg-type]
        SET_SUMMARY: format_event_handler(ContactState.set_log_summary),  # type: ignore[arg-type]
        LOG_TOUCH: format_event_handler(ContactState.log_touch),  # type: ignore[arg-type]
    }


# ---- seeding ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Student:
    index: int
    token: str
    contact_ids: tuple[int, ...]
    names: tuple[str, ...]


def seed_students(database_url: str, count: int, contacts_each: int, seed: int) -> list[Student]:
    """Students in one cohort, each with their own contacts, a few touches and one meeting."""
    from sqlmodel import Session

    from app.db import make_engine
    from app.domain.contact_rules import ContactInput
    from app.domain.passwords import hash_password
    from app.services import accounts, contacts, meetings, touches
    from app.services.meetings import MeetingInput

    rng = random.Random(seed)
    today = date.today()
    engine = make_engine(database_url)
    # One argon2 hash for every seeded student: nobody logs in with the password (sessions are
    # started directly), and 200 hashes would add half a minute of setup on two cores.
    shared_hash = hash_password(PASSWORD)
    students: list[Student] = []
    run = uuid.uuid4().hex[:6]
    with mock.patch.object(accounts, "hash_password", lambda _password: shared_hash):
        with Session(engine) as session:
            advisor = f"advisor-{run}@example.org"
            accounts.create_user(session, email=advisor, password=PASSWORD, role="advisor")
            accounts.create_cohort(session, advisor_email=advisor, name="Bench cohort")
            session.commit()
        for index in range(count):
            with Session(engine) as session:
                user_id = accounts.create_user(
                    session, email=f"student{index}-{run}@example.org", password=PASSWORD, role="student"
                )
                ids, names = [], []
                for n in range(contacts_each):
                    name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {index}-{n}"
                    contact_id = contacts.create_contact(
                        session,
                        owner_id=user_id,
                        data=ContactInput(
                            name=name,
                            organisation=rng.choice(ORGS),
                            role="Analyst",
                            notes=f"Met at the careers fair ({n}).",
                        ),
                    )
                    ids.append(contact_id)
                    names.append(name)
                for contact_id in ids[: max(1, contacts_each // 4)]:
                    touches.record_touch(
                        session,
                        owner_id=user_id,
                        contact_id=contact_id,
                        kind="outreach_sent",
                        on=today,
                        today=today,
                        summary="Asked for 20 minutes about their path.",
                    )
                meetings.schedule_meeting(
                    session,
                    owner_id=user_id,
                    contact_id=ids[0],
                    today=today,
                    data=MeetingInput(on=today.isoformat(), at="15:00", place="Library café"),
                )
                token = accounts.start_session(session, user_id=user_id)
                session.commit()
            students.append(Student(index, token, tuple(ids), tuple(names)))
    engine.dispose()
    return students


# ---- measuring the server --------------------------------------------------------------------


def server_pids(data_dir: Path) -> list[int]:
    """Every live process whose environment names this run's data folder: all the launcher started."""
    marker = f"RAPPORT_DATA_DIR={data_dir}".encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                pids.append(int(entry.name))
        except (OSError, PermissionError):
            continue
    return sorted(pids)


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def server_rss_bytes(data_dir: Path) -> tuple[int, int]:
    """(summed VmRSS of every server process, number of processes)."""
    pids = server_pids(data_dir)
    return sum(_status_kb(pid, "VmRSS") for pid in pids) * 1024, len(pids)


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU seconds of each live process."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            found[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        except (OSError, IndexError, ValueError):
            continue
    return found


def postgres_backend_pids(database_url: str) -> list[int]:
    """The PostgreSQL backends serving this run's database (the app's pooled connections)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            me = connection.execute(text("select pg_backend_pid()")).scalar()
            rows = connection.execute(
                text("select pid from pg_stat_activity where datname = current_database()")
            ).all()
        return [int(pid) for (pid,) in rows if pid != me]
    finally:
        engine.dispose()


def postgres_start_time(database_url: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return str(connection.execute(text("select pg_postmaster_start_time()")).scalar())
    except Exception as error:  # a server restarting right now answers nothing
        return f"unknown ({type(error).__name__})"
    finally:
        engine.dispose()


@dataclass
class CpuMeter:
    """CPU used during the load by the app's processes, its PostgreSQL backends and Redis."""

    data_dir: Path
    database_url: str
    redis_pid: int | None
    start: dict[str, dict[int, float]] = field(default_factory=dict)

    def _pids(self) -> dict[str, list[int]]:
        return {
            "app": server_pids(self.data_dir),
            "postgres": postgres_backend_pids(self.database_url),
            "redis": [self.redis_pid] if self.redis_pid else [],
        }

    def begin(self) -> None:
        self.start = {name: cpu_seconds(pids) for name, pids in self._pids().items()}

    def end(self) -> dict[str, float]:
        """CPU seconds per group; a backend opened during the run counts from zero."""
        used = {}
        for name, pids in self._pids().items():
            now = cpu_seconds(pids)
            used[name] = sum(seconds - self.start.get(name, {}).get(pid, 0.0) for pid, seconds in now.items())
        return used


def redis_used_memory(url: str) -> int:
    import redis

    client = redis.Redis.from_url(url)
    try:
        return int(client.info("memory")["used_memory"])
    finally:
        client.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def private_redis() -> Iterator[tuple[str, int]]:
    """A throwaway redis-server on a free loopback port, no persistence; stopped by its pid."""
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                redis_used_memory(url)
                break
            except Exception:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the private redis-server did not start") from None
                time.sleep(0.1)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


# ---- the simulated students ------------------------------------------------------------------


@dataclass
class Results:
    round_trips: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    connect_times: list[float] = field(default_factory=list)
    actions: int = 0

    def error(self, kind: str, detail: str = "") -> None:
        self.errors[kind] += 1
        if len(self.error_samples) < 20:
            self.error_samples.append(f"{kind}: {detail}"[:300])


def _contact_route(contact_id: int) -> tuple[str, dict[str, str]]:
    return f"/contacts/{contact_id}", {"contact_id": str(contact_id)}


def _loaded(delta: dict[str, Any]) -> bool:
    return value(delta, "loaded") is True


def _check_frontend_events(client: ReflexClient, seen: int, results: Results) -> int:
    """Login redirects and error toasts are errors: a student would see them."""
    for event in client.frontend_events[seen:]:
        text = json.dumps(event.get("payload", {}))
        if "/login" in text:
            results.error("sent to log in", text)
        elif '"error"' in text or '\\"error\\"' in text:
            results.error("error toast", text)
    return len(client.frontend_events)


async def open_contact(client: ReflexClient, student: Student, rng: random.Random, results: Results) -> None:
    contact_id = rng.choice(student.contact_ids)
    pathname, query = _contact_route(contact_id)
    rtt, update = await client.call(OPEN, pathname=pathname, query=query, until=_loaded, timeout=TIMEOUT_S)
    results.round_trips["open a contact"].append(rtt)
    delta = update.delta[CONTACT]
    if value(delta, "found") is not True or value(delta, "shown_id") != contact_id:
        results.error("own contact not shown", f"student {student.index} contact {contact_id}")


async def search(client: ReflexClient, student: Student, rng: random.Random, results: Results) -> None:
    name = rng.choice(student.names)
    query = name.split()[0][:3].lower()
    rtt, update = await client.call(SEARCH, {"value": query}, pathname="/compose", timeout=TIMEOUT_S)
    results.round_trips["search"].append(rtt)
    matches = value(update.delta[COMPOSE], "matches", [])
    if not matches:
        results.error("search found nothing", f"student {student.index} query {query!r}")


async def save_note(
    client: ReflexClient, student: Student, rng: random.Random, results: Results, open_id: int
) -> None:
    pathname, query = _contact_route(open_id)
    await client.call(SET_KIND, {"value": "note"}, pathname=pathname, query=query, timeout=TIMEOUT_S)
    text = f"Note {rng.randrange(10**6)}: asked about their first year; follow the reading list."
    rtt, _ = await client.call(SET_SUMMARY, {"value": text}, timeout=TIMEOUT_S)
    results.round_trips["(typing: set_log_summary)"].append(rtt)
    rtt, update = await client.call(LOG_TOUCH, timeout=TIMEOUT_S)
    results.round_trips["save a note"].append(rtt)
    timeline = value(update.delta[CONTACT], "timeline", None)
    if timeline is None or not any(item.get("summary") == text for item in timeline):
        results.error("note not in the timeline", f"student {student.index}")


async def student_session(
    student: Student,
    client: ReflexClient,
    results: Results,
    *,
    start_at: float,
    stop_at: float,
    rate: float,
    ping_share: float,
    seed: int,
    noop_only: bool = False,
) -> None:
    """About `rate` real actions a second until `stop_at`, and sometimes a no-op ping after one.

    With `noop_only`, every action is a ping: what the framework alone costs at the same rate.
    """
    rng = random.Random(seed)
    open_id = student.contact_ids[0]
    seen = len(client.frontend_events)
    next_at = start_at + rng.uniform(0, 1 / rate)
    max_actions = int((stop_at - start_at) * rate * 2) + 10  # a bound even if the clock misbehaves
    for _ in range(max_actions):
        delay = next_at - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        if time.perf_counter() >= stop_at:
            break
        next_at += rng.uniform(0.5, 1.5) / rate
        action = "ping" if noop_only else rng.choice(("search", "open", "note"))
        try:
            if action == "ping":
                rtt, _ = await client.call(PING, timeout=TIMEOUT_S)
                results.round_trips["no-op (ping)"].append(rtt)
                continue
            if action == "search":
                await search(client, student, rng, results)
            elif action == "open":
                await open_contact(client, student, rng, results)
                open_id = int(client.query.get("contact_id", open_id))
            else:
                await save_note(client, student, rng, results, open_id)
            results.actions += 1
            if rng.random() < ping_share:
                rtt, _ = await client.call(PING, timeout=TIMEOUT_S)
                results.round_trips["no-op (ping)"].append(rtt)
        except TimeoutError:
            results.error("timeout", f"{action} after {TIMEOUT_S} s (student {student.index})")
        except ConnectionError as error:
            results.error("connection lost", f"{action}: {error}")
            return
        except Exception as error:  # the benchmark reports, it does not crash mid-run
            results.error("client error", f"{action}: {type(error).__name__}: {error}")
        seen = _check_frontend_events(client, seen, results)


async def connect_student(
    url: str, student: Student, results: Results, gate: asyncio.Semaphore, compression: bool = True
) -> ReflexClient | None:
    client = ReflexClient(url, cookies={"rapport_session": student.token}, compression=compression)
    pathname, query = _contact_route(student.contact_ids[0])
    async with gate:
        try:
            seconds = await client.connect(pathname, query, until=(CONTACT, _loaded), timeout=TIMEOUT_S * 2)
        except Exception as error:
            results.error("connect failed", f"{type(error).__name__}: {error}")
            await client.close()
            return None
    results.connect_times.append(seconds)
    return client


async def warm_up(url: str, student: Student) -> None:
    """One pass of every action on one socket, so first-use costs don't land in the figures."""
    scratch = Results()
    rng = random.Random(0)
    client = ReflexClient(url, cookies={"rapport_session": student.token})
    pathname, query = _contact_route(student.contact_ids[0])
    await client.connect(pathname, query, until=(CONTACT, _loaded), timeout=60)
    for _ in range(3):
        await search(client, student, rng, scratch)
        await open_contact(client, student, rng, scratch)
        await save_note(client, student, rng, scratch, int(client.query["contact_id"]))
        await client.call(PING, timeout=TIMEOUT_S)
    await client.close()


async def loop_lag(stop_at: float, samples: list[float]) -> None:
    """How late the benchmark's own event loop wakes up: client-side delay inside every figure."""
    while time.perf_counter() < stop_at:
        before = time.perf_counter()
        await asyncio.sleep(0.05)
        samples.append(time.perf_counter() - before - 0.05)


# ---- the run ---------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def machine() -> dict[str, Any]:
    import reflex_base.constants as constants

    def first(command: list[str]) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return "?"

    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with contextlib.suppress(OSError, ValueError, IndexError):
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "ram_gib": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "reflex": constants.Reflex.VERSION,
        "postgresql": first(["psql", "--version"]),
        "redis": first(["redis-server", "--version"]).split(" sha=")[0],
        "loadavg_at_start": Path("/proc/loadavg").read_text().split()[:3],
    }


async def drive(
    args: argparse.Namespace,
    url: str,
    data_dir: Path,
    database_url: str,
    redis: tuple[str, int | None],
    students: list[Student],
) -> dict[str, Any]:
    redis_url, redis_pid = redis
    results = Results()
    await warm_up(url, students[0])
    await asyncio.sleep(2)
    rss_before, processes = server_rss_bytes(data_dir)
    redis_before = redis_used_memory(redis_url)

    gate = asyncio.Semaphore(args.connect_concurrency)
    connect_started = time.perf_counter()
    connected = await asyncio.gather(
        *(connect_student(url, s, results, gate, not args.no_compression) for s in students)
    )
    connect_seconds = time.perf_counter() - connect_started
    pairs = [(s, c) for s, c in zip(students, connected, strict=True) if c is not None]
    rss_connected, _ = server_rss_bytes(data_dir)
    redis_connected = redis_used_memory(redis_url)

    start_at = time.perf_counter() + 0.5
    stop_at = start_at + args.duration
    lag: list[float] = []
    meter = CpuMeter(data_dir, database_url, redis_pid)
    meter.begin()
    cpu_client_before = resource.getrusage(resource.RUSAGE_SELF)
    load_before = os.getloadavg()
    tasks = [
        student_session(
            s,
            c,
            results,
            start_at=start_at,
            stop_at=stop_at,
            rate=args.rate,
            ping_share=args.ping_share,
            noop_only=args.noop_only,
            seed=args.seed * 1000 + s.index,
        )
        for s, c in pairs
    ]
    await asyncio.wait_for(
        asyncio.gather(loop_lag(stop_at, lag), *tasks), timeout=args.duration + TIMEOUT_S * 4 + 30
    )
    elapsed = time.perf_counter() - start_at
    cpu = meter.end()
    cpu_server = cpu["app"]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_client = (usage.ru_utime - cpu_client_before.ru_utime) + (usage.ru_stime - cpu_client_before.ru_stime)
    load_during = os.getloadavg()

    rss_after, processes_after = server_rss_bytes(data_dir)
    redis_after = redis_used_memory(redis_url)
    still_connected = sum(c._closed_error is None for _, c in pairs)
    events_sent = sum(c.events_sent for _, c in pairs)
    await asyncio.gather(*(c.close() for _, c in pairs))

    n = max(1, len(pairs))
    summary = {
        name: {
            "count": len(values),
            "p50_ms": percentile(values, 0.50) * 1000,
            "p95_ms": percentile(values, 0.95) * 1000,
            "p99_ms": percentile(values, 0.99) * 1000,
            "max_ms": max(values) * 1000 if values else float("nan"),
        }
        for name, values in sorted(results.round_trips.items())
    }
    return {
        "students": len(students),
        "connected": len(pairs),
        "still_connected_at_end": still_connected,
        "workers": args.workers,
        "rate": args.rate,
        "noop_only": args.noop_only,
        "compression": not args.no_compression,
        "duration_s": round(elapsed, 1),
        "real_actions": results.actions,
        "real_actions_per_s": round(results.actions / elapsed, 1),
        "offered_actions_per_s": round(len(pairs) * args.rate, 1),
        "events_sent_per_s": round(events_sent / elapsed, 1),
        "events_per_s": round(sum(len(v) for v in results.round_trips.values()) / elapsed, 1),
        "round_trips": summary,
        "errors": dict(results.errors),
        "error_samples": results.error_samples,
        "connect": {
            "all_seconds": round(connect_seconds, 1),
            "p50_ms": percentile(results.connect_times, 0.5) * 1000,
            "p95_ms": percentile(results.connect_times, 0.95) * 1000,
        },
        "memory": {
            "server_processes": processes,
            "server_processes_after": processes_after,
            "rss_before_mb": rss_before / 1e6,
            "rss_connected_mb": rss_connected / 1e6,
            "rss_after_load_mb": rss_after / 1e6,
            "redis_before_mb": redis_before / 1e6,
            "redis_connected_mb": redis_connected / 1e6,
            "redis_after_load_mb": redis_after / 1e6,
            "per_student_connected_kb": ((rss_connected - rss_before) + (redis_connected - redis_before))
            / n
            / 1e3,
            "per_student_after_load_kb": ((rss_after - rss_before) + (redis_after - redis_before)) / n / 1e3,
            "rss_per_student_after_load_kb": (rss_after - rss_before) / n / 1e3,
            "redis_per_student_after_load_kb": (redis_after - redis_before) / n / 1e3,
        },
        "cpu": {
            "server_cpu_s": round(cpu_server, 1),
            "postgres_backends_cpu_s": round(cpu["postgres"], 1),
            "redis_cpu_s": round(cpu["redis"], 1),
            "app_cpu_ms_per_event": round(cpu_server / max(1, events_sent) * 1000, 2),
            "all_cpu_ms_per_event": round(sum(cpu.values()) / max(1, events_sent) * 1000, 2),
            "bench_client_cpu_s": round(cpu_client, 1),
            "server_cores_busy": round(cpu_server / elapsed, 2),
            "client_cores_busy": round(cpu_client / elapsed, 2),
            "loadavg_before_load": [round(x, 2) for x in load_before],
            "loadavg_end_of_load": [round(x, 2) for x in load_during],
            "client_loop_lag_p50_ms": percentile(lag, 0.5) * 1000,
            "client_loop_lag_p99_ms": percentile(lag, 0.99) * 1000,
        },
    }


def report(figures: dict[str, Any]) -> str:
    lines = [
        f"{figures['connected']}/{figures['students']} students connected, {figures['workers']} workers, "
        f"{figures['duration_s']} s of load, {figures['real_actions']} real actions "
        f"({figures['real_actions_per_s']}/s of {figures['offered_actions_per_s']}/s offered), "
        f"{figures['events_sent_per_s']} events sent/s",
        "",
        f"{'event':<28}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}",
    ]
    for name, row in figures["round_trips"].items():
        lines.append(
            f"{name:<28}{row['count']:>7}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}"
            f"{row['p99_ms']:>9.1f}{row['max_ms']:>9.1f}"
        )
    noop = figures["round_trips"].get("no-op (ping)", {}).get("p95_ms", float("nan"))
    real = [
        figures["round_trips"][k]["p95_ms"]
        for k in ("search", "open a contact", "save a note")
        if k in figures["round_trips"]
    ]
    worst = max(real) if real else float("nan")
    memory, cpu = figures["memory"], figures["cpu"]
    errors = sum(figures["errors"].values())
    lines += [
        "",
        f"errors: {errors} {figures['errors'] or ''}".rstrip(),
        f"connect + hydrate + on_load: all in {figures['connect']['all_seconds']} s, "
        f"p50 {figures['connect']['p50_ms']:.0f} ms, p95 {figures['connect']['p95_ms']:.0f} ms",
        f"memory per connected student: {memory['per_student_after_load_kb']:.0f} KB after the load "
        f"({memory['rss_per_student_after_load_kb']:.0f} KB server RSS + "
        f"{memory['redis_per_student_after_load_kb']:.0f} KB Redis); "
        f"{memory['per_student_connected_kb']:.0f} KB just connected",
        f"server RSS {memory['rss_before_mb']:.0f} -> {memory['rss_connected_mb']:.0f} -> "
        f"{memory['rss_after_load_mb']:.0f} MB ({memory['server_processes']} processes); Redis "
        f"{memory['redis_before_mb']:.1f} -> {memory['redis_connected_mb']:.1f} -> "
        f"{memory['redis_after_load_mb']:.1f} MB",
        f"CPU: app {cpu['server_cores_busy']} cores, this benchmark {cpu['client_cores_busy']} cores; "
        f"CPU per event sent: app {cpu['app_cpu_ms_per_event']} ms, with PostgreSQL and Redis "
        f"{cpu['all_cpu_ms_per_event']} ms; "
        f"load average {cpu['loadavg_before_load'][0]} -> {cpu['loadavg_end_of_load'][0]}; "
        f"client loop lag p50 {cpu['client_loop_lag_p50_ms']:.1f} ms, "
        f"p99 {cpu['client_loop_lag_p99_ms']:.1f} ms",
        "",
        "targets: no real actions in this run (--noop-only)"
        if not real
        else f"targets: worst real p95 {worst:.1f} ms vs 3 x no-op p95 {3 * noop:.1f} ms: "
        f"{'met' if worst <= 3 * noop else 'MISSED'}; errors {errors}: {'met' if errors == 0 else 'MISSED'}; "
        f"memory {memory['per_student_after_load_kb']:.0f} KB/student: "
        f"{'met' if memory['per_student_after_load_kb'] < 1000 else 'MISSED'}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hosted_load", description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (default 60)")
    parser.add_argument("--workers", type=int, default=3, help="Granian workers (default 3)")
    parser.add_argument("--rate", type=float, default=1.0, help="real actions per student per second")
    parser.add_argument("--ping-share", type=float, default=0.25, help="share of actions followed by a no-op")
    parser.add_argument("--noop-only", action="store_true", help="every action a no-op ping (framework cost)")
    parser.add_argument("--contacts", type=int, default=20, help="contacts per student")
    parser.add_argument("--connect-concurrency", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--shared-redis", action="store_true", help="use RAPPORT_TEST_REDIS, not a private one"
    )
    parser.add_argument(
        "--no-compression", action="store_true", help="clients offer no permessage-deflate (browsers do)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if not 1 <= args.students <= 1000 or not 1 <= args.duration <= 600 or not 0 < args.rate <= 10:
        parser.error("keep to 1-1000 students, 1-600 s and at most 10 actions a second")

    names = handler_names()
    wrong = {k: v for k, v in names.items() if k != v}
    if wrong:
        print(f"handler names changed: {wrong}", file=sys.stderr)
        return 2

    figures: dict[str, Any] = {"machine": machine()}
    use_private = not args.shared_redis and shutil.which("redis-server") is not None
    with contextlib.ExitStack() as stack:
        if use_private:
            redis_url, redis_pid = stack.enter_context(private_redis())
            os.environ["RAPPORT_TEST_REDIS"] = redis_url
        from e2e.hosted_server import REDIS_URL, hosted_app

        redis = (REDIS_URL, redis_pid if use_private else None)

        started = time.perf_counter()
        app = stack.enter_context(hosted_app(free_port(), workers=args.workers))
        print(
            f"hosted app up at {app.url} in {time.perf_counter() - started:.0f} s "
            f"({args.workers} workers, Redis {'private' if use_private else 'shared'})",
            flush=True,
        )
        started = time.perf_counter()
        students = seed_students(app.database_url, args.students, args.contacts, args.seed)
        print(
            f"seeded {len(students)} students x {args.contacts} contacts in "
            f"{time.perf_counter() - started:.0f} s; {args.duration:.0f} s of load next",
            flush=True,
        )
        postgres_started = postgres_start_time(app.database_url)
        figures.update(asyncio.run(drive(args, app.url, app.data_dir, app.database_url, redis, students)))
        figures["redis_private"] = use_private
        # A PostgreSQL restarted by someone else mid-run (shared machine) makes the figures worthless.
        figures["postgres_restarted_during_run"] = postgres_start_time(app.database_url) != postgres_started
        # Printed before the teardown, so that a failing teardown cannot lose the figures.
        print()
        print(report(figures))
        if figures["postgres_restarted_during_run"]:
            print("WARNING: PostgreSQL restarted during the run: discard these figures.")
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
