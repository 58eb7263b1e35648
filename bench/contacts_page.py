"""Contacts-page benchmark (issue 3): first rows with 10,000 contacts vs 10, search vs a no-op, state bytes.

    python -m bench.contacts_page            # 5 loads per size per pass, 2 passes, 3 typing rounds
    python -m bench.contacts_page --runs 7 --rounds 5 --json /tmp/contacts.json

It seeds 200 students in a throwaway local-mode data folder (the local student, who is the first
user, gets 10,000 contacts with organisations and touches; the 199 others 50-100 contacts each),
starts the app the way the browser tests do (app.launcher on a free loopback port) and measures:

1. time to first rows in Chromium: a fresh context per load, from navigation start
   (performance.now() = 0) to the first table row with a contact link in the DOM and visible,
   recorded in the page by a MutationObserver installed before any page script runs; the arrival
   of the on_load answer is timed too (data vs drawing);
2. search: over the websocket (bench/reflex_client.py) the search event's round trip to its rows
   against HealthState.ping's round trip, interleaved in the same connection; and in Chromium,
   keystroke (keydown in the page) to the table showing the rows of that query or a newer one,
   typed key by key with pauses, at 120 ms a key, and all at once;
3. bytes of state: every websocket frame the browser receives while /contacts loads, and while a
   search is typed.

The same database with 10 contacts, and with 50 (one full page, the same rows drawn as with
10,000), is swapped in between app restarts on the same port (so the frontend is built once), the
three sizes in turn, twice over. Everything is on 127.0.0.1, every wait has a timeout, and the
temporary folder is removed at the end. Figures are medians of repeated runs; the machine may be
shared, so its load average is printed with them. Results and their reading: bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import socket
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from app.db import make_engine
from app.domain.contact_rules import fold_for_comparison
from app.launcher import start, stop, wait_until_serving
from app.migrate import ensure_local_user, upgrade
from app.models import Contact, Organisation, Touch, User
from app.services.contacts import list_contacts, search_text_for
from app.services.touches import refresh_contact
from bench.reflex_client import ReflexClient, value

ROOT = "reflex___state____state"
CONTACTS_STATE = f"{ROOT}.app___state___base____page_state.app___state___contacts____contacts_state"
HEALTH_STATE = f"{ROOT}.app___state___health____health_state"
PING = f"{HEALTH_STATE}.ping"
SEARCH = f"{CONTACTS_STATE}.search"
CHROMIUM_ARGS = [  # as e2e/conftest.py launches it
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROW_LINK = "table tbody tr a[href^='/contacts/']"
TYPED = "Zora Quill"  # one contact of the 10,000 has this name; no other name contains "zora"
DEBOUNCE_MS = 300  # app/ui/pages/contacts.py: on_change=ContactsState.search.debounce(300)
STUDENTS = 200
BIG = 10_000
SMALL = 10
FULL_PAGE = 50  # PAGE_SIZE: the 10,000 page shows 50 rows and the 10 page 10; this separates the two costs
SIZES = (BIG, SMALL, FULL_PAGE)
PASSES = 2  # the sizes are measured in turn, twice, so drift in the machine's load hits them all
TIMEOUT_MS = 60_000

FIRST = [
    "Amara",
    "Ben",
    "Chen",
    "Dara",
    "Elif",
    "Farah",
    "Gita",
    "Hana",
    "Ivo",
    "Jonas",
    "Kemal",
    "Lena",
    "Mateo",
    "Nadia",
    "Omar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sami",
    "Tariq",
    "Uma",
    "Vera",
    "Wen",
    "Xavi",
    "Yara",
    "Ada",
    "Bruno",
    "Carmen",
    "Dmitri",
    "Esme",
    "Felix",
    "Greta",
    "Hugo",
    "Ines",
    "Julian",
    "Kira",
    "Luca",
    "Maya",
    "Nils",
    "Olga",
    "Pablo",
    "Rhea",
    "Soren",
    "Talia",
    "Ugo",
    "Viktor",
    "Willa",
    "Yusuf",
]
LAST = [
    "Abbott",
    "Baker",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ibrahim",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Ueda",
    "Varga",
    "Weber",
    "Yilmaz",
    "Andersen",
    "Bianchi",
    "Costa",
    "Dimitrov",
    "Evans",
    "Ferreira",
    "Gruber",
    "Horvat",
    "Iwasaki",
    "Jovanovic",
    "Kim",
    "Lindqvist",
    "Marino",
    "Novak",
    "Olsen",
    "Popescu",
    "Reyes",
    "Silva",
    "Tran",
    "Urban",
    "Volkov",
    "Walsh",
    "Young",
]
ORG_WORDS = [
    "Harbour",
    "Summit",
    "Meridian",
    "Cedar",
    "Atlas",
    "Beacon",
    "Northwind",
    "Riverside",
    "Granite",
    "Lumen",
    "Orchard",
    "Pioneer",
    "Keystone",
    "Silverline",
    "Brightwater",
    "Redwood",
    "Evergreen",
    "Horizon",
    "Crescent",
    "Falcon",
]
ORG_KINDS = [
    "Labs",
    "Health",
    "Partners",
    "Studio",
    "Analytics",
    "Foundation",
    "Bank",
    "Energy",
    "Media",
    "Systems",
]
ROLES = [
    "Data Analyst",
    "Product Manager",
    "Software Engineer",
    "UX Researcher",
    "Policy Advisor",
    "Consultant",
    "Marketing Lead",
    "Hospital Pharmacist",
    "Civil Engineer",
    "Investment Associate",
    "Teacher",
    "Journalist",
]
SOURCES = ("alumni", "linkedin_group", "local", "event", "referred", "other")


# ---- seeding -------------------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC)


def _add_users(engine: Engine, count: int) -> list[int]:
    now = _now()
    rows = [
        {
            "email": f"student{n}@bench.invalid",
            "display_name": f"Student {n}",
            "password_hash": None,
            "role": "student",
            "is_active": True,
            "weekly_goal": 5,
            "keep_in_touch_months": 3,
            "created_at": now,
            "last_active_at": None,
        }
        for n in range(count)
    ]
    with engine.begin() as conn:
        conn.execute(insert(User.__table__), rows)  # type: ignore[attr-defined]
        ids = conn.execute(select(User.__table__.c.id).order_by(User.__table__.c.id)).scalars().all()  # type: ignore[attr-defined]
    return list(ids)


def _add_contacts(
    engine: Engine, owner_id: int, count: int, rng: random.Random, *, special: str | None, touch_share: float
) -> None:
    """`count` contacts at `count // 20 + 1` organisations, some touched, derived columns refreshed."""
    now = _now()
    today = date.today()
    org_count = max(1, min(500, count // 20 + 1))
    org_names = sorted({f"{rng.choice(ORG_WORDS)} {rng.choice(ORG_KINDS)} {n}" for n in range(org_count)})
    org_t = Organisation.__table__  # type: ignore[attr-defined]
    contact_t = Contact.__table__  # type: ignore[attr-defined]
    touch_t = Touch.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        conn.execute(
            insert(org_t),
            [
                {
                    "owner_id": owner_id,
                    "name": name,
                    "name_key": fold_for_comparison(name),
                    "industry": "",
                    "website": "",
                    "notes": "",
                    "created_at": now,
                }
                for name in org_names
            ],
        )
        org_rows = conn.execute(select(org_t.c.id, org_t.c.name).where(org_t.c.owner_id == owner_id)).all()
        org_ids = [row.id for row in org_rows]
        org_names_by_id = {row.id: row.name for row in org_rows}
        rows = []
        for n in range(count):
            name = special if (special and n == count // 2) else f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            organisation_id = rng.choice(org_ids)
            role = rng.choice(ROLES)
            notes = rng.choice(("", "", "Met at the spring careers fair.", "Alumna, class of 2019."))
            rows.append(
                {
                    "owner_id": owner_id,
                    "organisation_id": organisation_id,
                    "referred_by_id": None,
                    # What the app's own writes store (app/services/contacts.contact_columns).
                    "search_text": search_text_for(
                        name=name, organisation=org_names_by_id[organisation_id], role=role, notes=notes
                    ),
                    "name": name,
                    "name_key": fold_for_comparison(name),
                    "email": f"{name.lower().replace(' ', '.')}.{n}@example.org",
                    "linkedin_url": "",
                    "linkedin_key": "",
                    "phone": "",
                    "role": role,
                    "source": rng.choice(SOURCES),
                    "is_local": False,
                    "notes": notes,
                    "connected_on": None,
                    "is_sample": False,
                    "keep_in_touch_months": 3,
                    "stage": "to_contact",
                    "last_touch_on": None,
                    "next_due_on": None,
                    "follow_up_due_on": None,
                    "quiet_on": None,
                    "deleted_at": None,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        conn.execute(insert(contact_t), rows)
        contact_ids = (
            conn.execute(select(contact_t.c.id).where(contact_t.c.owner_id == owner_id)).scalars().all()
        )
        touched = [cid for cid in contact_ids if rng.random() < touch_share]
        touches = []
        for cid in touched:
            start_on = today - timedelta(days=rng.randint(1, 60))
            kinds = rng.choice(
                (["outreach_sent"], ["outreach_sent", "follow_up_sent"], ["outreach_sent", "reply_received"])
            )
            for step, kind in enumerate(kinds):
                touches.append(
                    {
                        "owner_id": owner_id,
                        "contact_id": cid,
                        "meeting_id": None,
                        "kind": kind,
                        "happened_on": min(today, start_on + timedelta(days=4 * step)),
                        "stage": None,
                        "summary": "",
                        "body": "",
                        "created_at": now,
                    }
                )
        if touches:
            conn.execute(insert(touch_t), touches)
    # The stage and dates the tracker sorts and filters on, derived from the touches by the app's rule.
    with Session(engine) as session:
        for contact in session.exec(select(Contact).where(col(Contact.id).in_(touched))).scalars():  # type: ignore[call-overload]
            refresh_contact(session, contact)
        session.commit()


def seed(folder: Path) -> dict[int, Path]:
    """SQLite files alike but for the local student's contacts: 10,000, 10, and one full page (50)."""
    rng = random.Random(3)
    base = folder / "base.db"
    engine = make_engine(f"sqlite:///{base}")
    upgrade(engine)
    local_id = ensure_local_user(engine)
    others = [uid for uid in _add_users(engine, STUDENTS - 1) if uid != local_id]
    for owner_id in others:
        _add_contacts(engine, owner_id, rng.randint(50, 100), rng, special=None, touch_share=0.1)
    with engine.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    engine.dispose()
    paths = {}
    for size in SIZES:
        path = folder / f"contacts-{size}.db"
        shutil.copyfile(base, path)
        engine = make_engine(f"sqlite:///{path}")
        _add_contacts(engine, local_id, size, rng, special=TYPED, touch_share=0.3)
        with engine.connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        engine.dispose()
        paths[size] = path
    base.unlink()
    return paths


def expected_totals(db: Path, typed: str, sql_ms: list[float] | None = None) -> dict[str, int]:
    """How many contacts each prefix of `typed` matches, as the page's search counts them.

    With `sql_ms`, also times (5 times per prefix) the query the search handler runs, in this
    process: the database's share of a search round trip.
    """
    engine = make_engine(f"sqlite:///{db}")
    try:
        owner_id = ensure_local_user(engine)
        with engine.connect() as connection:  # as the page reads: a plain connection
            totals = {}
            for k in range(len(typed) + 1):
                totals[typed[:k]] = list_contacts(
                    connection, owner_id=owner_id, today=date.today(), query=typed[:k]
                ).total
                for _ in range(5 if sql_ms is not None and k > 0 else 0):
                    began = time.perf_counter()
                    list_contacts(connection, owner_id=owner_id, today=date.today(), query=typed[:k])
                    sql_ms.append((time.perf_counter() - began) * 1000)  # type: ignore[union-attr]
            return totals
    finally:
        engine.dispose()


# ---- figures -------------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    """The q-th percentile by linear interpolation (q in 0..100); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": pct(values, 50),
        "p95": pct(values, 95),
        "min": min(values) if values else float("nan"),
        "max": max(values) if values else float("nan"),
    }


@dataclass
class Phase:
    """Everything measured against one database."""

    contacts: int
    first_rows_ms: list[float] = field(default_factory=list)
    first_rows_wall_ms: list[float] = field(default_factory=list)
    answer_ms: list[float] = field(default_factory=list)
    render_ms: list[float] = field(default_factory=list)
    load_bytes: list[int] = field(default_factory=list)
    load_frames: list[int] = field(default_factory=list)
    load_largest: list[int] = field(default_factory=list)
    ws_ping_ms: list[float] = field(default_factory=list)
    ws_search_ms: list[float] = field(default_factory=list)
    ws_search_bytes: list[int] = field(default_factory=list)
    sql_ms: list[float] = field(default_factory=list)
    typing: dict[str, dict[str, Any]] = field(default_factory=dict)


# ---- websocket: search vs the no-op --------------------------------------------------------------


def _search_answered(delta: Any) -> bool:
    return value(delta, "query") is not None


async def ws_measure(base_url: str, phase: Phase, rounds: int) -> None:
    """Search round trips against HealthState.ping's, interleaved on one connection, as one tab.

    A search is answered by one delta that carries the new query and whatever rows changed (rows
    equal to the ones shown are not sent again), so the round trip ends at the delta with `query`.
    """
    prefixes = [TYPED[:k] for k in range(1, len(TYPED) + 1)]
    client = ReflexClient(base_url)
    try:
        await client.connect("/contacts", until=(CONTACTS_STATE, lambda d: value(d, "loaded") is True))
        # Warm-up, not counted: three pings, and one sweep of the prefixes, whose first search of
        # each kind (name prefix, one word, two words) builds its SQL statement once per process.
        for _ in range(3):
            await client.call(PING)
        for prefix in [*prefixes, ""]:
            await client.call(SEARCH, {"value": prefix}, until=_search_answered)
        for _ in range(rounds):
            for prefix in prefixes:
                rtt, _ = await client.call(PING)
                phase.ws_ping_ms.append(rtt * 1000)
                rtt, update = await client.call(SEARCH, {"value": prefix}, until=_search_answered)
                phase.ws_search_ms.append(rtt * 1000)
                phase.ws_search_bytes.append(update.size)
            await client.call(SEARCH, {"value": ""}, until=_search_answered)
    finally:
        await client.close()


# ---- Chromium ------------------------------------------------------------------------------------

FIRST_ROWS_SCRIPT = """
window.__bench = {first: null, answer: null};
(() => {
  // When the answer to the page's on_load (the frame that sets `loaded`) reaches the page.
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (window.__bench.answer === null && typeof e.data === 'string'
            && /"loaded(_rx_state_)?"\\s*:\\s*true/.test(e.data)) window.__bench.answer = performance.now();
      });
    }
  };
  const check = () => {
    if (window.__bench.first !== null) return;
    const link = document.querySelector(ROW_LINK_SELECTOR);
    if (link && link.offsetParent !== null) window.__bench.first = performance.now();
  };
  new MutationObserver(check).observe(document, {childList: true, subtree: true, attributes: true});
})();
""".replace("ROW_LINK_SELECTOR", json.dumps(ROW_LINK))

# What the table shows, recorded whenever it changes: the query in the address (set after each
# answer is applied), the pager's "1–50 of N", and the first row's name. Keydowns are timestamped too.
WATCH_SCRIPT = """
() => {
  if (!window.__s) {
    window.__s = {keys: [], obs: [], last: null, raf: 0};
    document.addEventListener('keydown', e => window.__s.keys.push([performance.now(), e.key]), true);
    window.__s.read = () => {
      const s = window.__s;
      const q = new URLSearchParams(window.location.search).get('q') || '';
      const pager = document.querySelector('[role=status][aria-live=polite]');
      const status = pager ? pager.textContent : (document.querySelector('table') ? '' : 'none');
      const first = document.querySelector(ROW_LINK_SELECTOR);
      const name = first ? first.textContent : '';
      const sig = q + '|' + status + '|' + name;
      if (sig !== s.last) { s.last = sig; s.obs.push([performance.now(), q, status, name]); }
    };
    new MutationObserver(() => window.__s.read())
      .observe(document.body, {childList: true, subtree: true, characterData: true});
  }
  const s = window.__s;
  cancelAnimationFrame(s.raf);
  s.keys = []; s.obs = []; s.last = null;
  const loop = () => { s.read(); s.raf = requestAnimationFrame(loop); };
  loop();
}
""".replace("ROW_LINK_SELECTOR", json.dumps(ROW_LINK))


def _total(status: str) -> int | None:
    """ "1–50 of 10,000" -> 10000; "No contacts" -> 0; anything else -> None."""
    if "of" in status:
        try:
            return int(status.rsplit("of", 1)[1].strip().replace(",", ""))
        except ValueError:
            return None
    if status.strip() in ("No contacts", "none"):
        return 0
    return None


def _caught_up(obs: list[Any], t_key: float, k: int, totals: dict[str, int]) -> float | None:
    """When the table first showed, after the key at `t_key`, the rows of a query of >= k typed characters."""
    for t, q, status, _first in obs:
        if t < t_key or len(q) < k or not TYPED.startswith(q):
            continue
        if _total(status) == totals.get(q):
            return t
    return None


def _typing_round(page: Any, mode: str, totals: dict[str, int]) -> dict[str, Any]:
    """Types TYPED into the empty search box; returns per-key latencies and whether the list kept up."""
    page.evaluate(WATCH_SCRIPT)
    box = page.locator("#contacts-search")
    box.click()
    full_js = (
        "(args) => { const [q, n] = args; window.__s.read();"
        " const o = window.__s.obs[window.__s.obs.length - 1];"
        " return o && o[1] === q && o[2].trim().endsWith('of ' + n.toLocaleString('en-US')); }"
    )
    if mode == "pause":
        # One key, then wait until its rows are shown (the debounce runs out each time).
        for k in range(1, len(TYPED) + 1):
            page.keyboard.type(TYPED[k - 1])
            page.wait_for_function(full_js, arg=[TYPED[:k], totals[TYPED[:k]]], timeout=TIMEOUT_MS)
            page.wait_for_timeout(50)
    else:
        page.keyboard.type(TYPED, delay=120 if mode == "120ms" else 0)
        page.wait_for_function(full_js, arg=[TYPED, totals[TYPED]], timeout=TIMEOUT_MS)
    page.wait_for_timeout(800)  # anything stale arriving late would show up here
    data = page.evaluate("() => { cancelAnimationFrame(window.__s.raf); return window.__s; }")
    keys = [t for t, key in data["keys"] if len(key) == 1][-len(TYPED) :]
    obs = data["obs"]
    latencies = []
    for k, t_key in enumerate(keys, start=1):
        t = _caught_up(obs, t_key, k, totals)
        latencies.append(float("nan") if t is None else t - t_key)
    final = obs[-1]
    shown_after_last = [o for o in obs if o[0] >= keys[-1]]
    went_back = any(len(o[1]) < len(TYPED) for o in shown_after_last if o[0] > (keys[-1] + latencies[-1]))
    return {
        "latencies": latencies,
        "last_key_ms": latencies[-1],
        "final_ok": final[1] == TYPED and _total(final[2]) == totals[TYPED] and final[3] == TYPED,
        "box_ok": box.input_value() == TYPED,
        "went_back": went_back,
    }


def _clear_search(page: Any, totals: dict[str, int]) -> None:
    box = page.locator("#contacts-search")
    box.fill("")
    page.wait_for_function(
        "(n) => { const p = document.querySelector('[role=status][aria-live=polite]');"
        " return !new URLSearchParams(location.search).get('q')"
        " && p && p.textContent.trim().endsWith('of ' + n); }",
        arg=f"{totals['']:,}",
        timeout=TIMEOUT_MS,
    )


def _count_frames(page: Any) -> list[int]:
    """The size in bytes of every websocket frame the page receives from now on, in order."""
    frames: list[int] = []

    def on_socket(ws: Any) -> None:
        ws.on(
            "framereceived",
            lambda payload: frames.append(len(payload.encode() if isinstance(payload, str) else payload)),
        )

    page.on("websocket", on_socket)
    return frames


def browser_measure(
    base_url: str, phase: Phase, runs: int, rounds: int, totals: dict[str, int] | None
) -> str:
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE") or "/usr/bin/chromium"
    url = base_url.rstrip("/") + "/contacts/"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        version = browser.version
        try:
            for run in range(runs + 1):  # run 0 warms the server and the OS caches: not counted
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                context.add_init_script(FIRST_ROWS_SCRIPT)
                page = context.new_page()
                frames = _count_frames(page)
                started = time.perf_counter()
                page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
                page.wait_for_selector(ROW_LINK, state="visible", timeout=TIMEOUT_MS)
                wall = (time.perf_counter() - started) * 1000
                # The observer's moment; if the row became visible without a DOM change it saw, now will do.
                first = page.evaluate("window.__bench.first ?? performance.now()")
                answer = page.evaluate("window.__bench.answer")
                page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
                page.wait_for_timeout(1000)  # the rest of the on_load chain, if any
                if run > 0:
                    phase.first_rows_ms.append(float(first))
                    phase.first_rows_wall_ms.append(wall)
                    if answer is not None:
                        phase.answer_ms.append(float(answer))
                        phase.render_ms.append(float(first) - float(answer))
                    phase.load_bytes.append(sum(frames))
                    phase.load_frames.append(len(frames))
                    phase.load_largest.append(max(frames, default=0))
                is_last = run == runs
                if is_last and totals is not None:
                    for mode in ("pause", "120ms", "instant"):
                        rounds_out = []
                        frames_before = len(frames)
                        for _ in range(rounds):
                            mark = len(frames)
                            result = _typing_round(page, mode, totals)
                            result["bytes"] = sum(frames[mark:])
                            result["largest"] = max(frames[mark:], default=0)
                            rounds_out.append(result)
                            _clear_search(page, totals)
                        phase.typing[mode] = {
                            "rounds": rounds_out,
                            "frames": len(frames) - frames_before,
                        }
                context.close()
        finally:
            browser.close()
    return version


# ---- running -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def machine() -> dict[str, str]:
    cpu = "unknown"
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo") as handle:
        for line in handle:
            if line.startswith("MemTotal"):
                mem_kb = int(line.split()[1])
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "ram": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "os": platform.platform(),
        "python": platform.python_version(),
        "reflex": metadata.version("reflex"),
    }


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def run_phase(
    db: Path, data_dir: Path, port: int, phase: Phase, args: argparse.Namespace, search: bool
) -> str:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{data_dir / 'rapport.db'}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(db, data_dir / "rapport.db")
    env = dict(os.environ)
    env.update(RAPPORT_MODE="local", RAPPORT_DATA_DIR=str(data_dir), RAPPORT_PORT=str(port))
    env.pop("DATABASE_URL", None)
    env.pop("RAPPORT_TODAY", None)
    contacts = phase.contacts
    print(
        f"  starting the app with {contacts:,} contacts (the first start builds the frontend)...", flush=True
    )
    began = time.perf_counter()
    process, url = start(env, quiet=not args.verbose)
    try:
        if not wait_until_serving(url, process, timeout_s=600):
            raise SystemExit("The app did not start: run `make run` to see why.")
        print(f"  serving after {time.perf_counter() - began:.0f} s; measuring...", flush=True)
        totals = expected_totals(db, TYPED, phase.sql_ms) if search else None
        if search:
            asyncio.run(ws_measure(url, phase, args.rounds))
        version = browser_measure(url, phase, args.runs, args.rounds, totals)
    finally:
        stop(process)
    return version


def _fmt(ms: float) -> str:
    return f"{ms:,.0f} ms" if ms >= 10 else f"{ms:.1f} ms"


def _first_rows_line(label: str, phase: Phase) -> str:
    fr = summary(phase.first_rows_ms)
    answer = pct(phase.answer_ms, 50)
    render = pct(phase.render_ms, 50)
    rows = min(phase.contacts, FULL_PAGE)
    return (
        f"   {label + ' contacts:':<17} {_fmt(fr['p50'])} ({_fmt(fr['min'])}-{_fmt(fr['max'])});"
        f" on_load answer arrives at {_fmt(answer)}, then {_fmt(render)} to draw {rows} rows"
    )


def report(
    big: Phase, small: Phase, full: Phase, info: dict[str, str], load_before: str, load_after: str
) -> str:
    fr_big, fr_small = summary(big.first_rows_ms), summary(small.first_rows_ms)
    ping, srch = summary(big.ws_ping_ms), summary(big.ws_search_ms)
    lines = [
        "Contacts page benchmark (medians of repeated runs; spread is min-max)",
        f"machine: {info['cpus']} CPUs ({info['cpu']}), {info['ram']} RAM, {info['os']}",
        f"Python {info['python']}, Reflex {info['reflex']}, Chromium {info['chromium']}",
        f"load average before {load_before}, after {load_after} (the machine is shared)",
        "",
        f"1. Time to first rows in Chromium ({len(big.first_rows_ms)} fresh loads per size,"
        f" {PASSES} passes;"
        " navigation start -> first row visible; p50 (min-max))",
        *[_first_rows_line(label, phase) for label, phase in (("10,000", big), ("10", small), ("50", full))],
        f"   ratio 10,000 / 10: {fr_big['p50'] / fr_small['p50']:.2f}x   (target <= 1.2x);"
        f" 10,000 / 50 (same 50 rows drawn): {fr_big['p50'] / summary(full.first_rows_ms)['p50']:.2f}x",
        "",
        f"2. Search vs no-op over the websocket, 10,000 contacts ({srch['n']} searches, one per prefix of"
        f" '{TYPED}', interleaved with pings)",
        f"   HealthState.ping:      p50 {_fmt(ping['p50'])}  p95 {_fmt(ping['p95'])}",
        f"   ContactsState.search:  p50 {_fmt(srch['p50'])}  p95 {_fmt(srch['p95'])}",
        f"   ratio search / ping:   p50 {srch['p50'] / ping['p50']:.2f}x"
        f"  p95 {srch['p95'] / ping['p95']:.2f}x   (target <= 2x)",
        f"   of which the query (one page with its total, in-process): p50 {_fmt(pct(big.sql_ms, 50))}"
        f"  p95 {_fmt(pct(big.sql_ms, 95))}",
        "",
        "   In Chromium, keydown -> table shows the rows of that query or a newer one"
        f" (includes the {DEBOUNCE_MS} ms debounce):",
    ]
    for mode, label in (
        ("pause", "key by key, waiting for rows"),
        ("120ms", "typed at 120 ms a key"),
        ("instant", "typed all at once"),
    ):
        entry = big.typing.get(mode)
        if not entry:
            continue
        rounds = entry["rounds"]
        per_key = [x for r in rounds for x in r["latencies"]]
        last = [r["last_key_ms"] for r in rounds]
        s = summary(per_key)
        kept_up = all(r["final_ok"] and r["box_ok"] and not r["went_back"] for r in rounds)
        lines.append(
            f"   {label:<30} per key p50 {_fmt(s['p50'])} p95 {_fmt(s['p95'])};"
            f" last key -> rows p50 {_fmt(statistics.median(last))};"
            f" ended on '{TYPED}': {'yes' if kept_up else 'NO'} ({len(rounds)} rounds)"
        )
        if mode == "pause":
            net = [x - DEBOUNCE_MS for x in per_key]
            lines.append(
                f"   {'':<30} net of the debounce: p50 {_fmt(pct(net, 50))} p95 {_fmt(pct(net, 95))}"
            )
    kb = 1024
    search_bytes = [r["bytes"] for e in big.typing.values() for r in e["rounds"]]
    search_largest = [r["largest"] for e in big.typing.values() for r in e["rounds"]]
    lines += [
        "",
        "3. Bytes of state the page receives over the websocket",
        f"   load /contacts, 10,000 contacts: {statistics.median(big.load_bytes) / kb:.1f} KB in"
        f" {statistics.median(big.load_frames):.0f} frames, largest frame"
        f" {statistics.median(big.load_largest) / kb:.1f} KB   (target < 100 KB)",
        f"   load /contacts, 10 contacts:     {statistics.median(small.load_bytes) / kb:.1f} KB in"
        f" {statistics.median(small.load_frames):.0f} frames, largest frame"
        f" {statistics.median(small.load_largest) / kb:.1f} KB",
    ]
    if search_bytes:
        lines += [
            f"   typing '{TYPED}', one round, all frames: p50 {statistics.median(search_bytes) / kb:.1f} KB,",
            f"   max {max(search_bytes) / kb:.1f} KB (key by key: one answer per key); largest frame"
            f" {max(search_largest) / kb:.1f} KB; one search answer over the websocket p50"
            f" {statistics.median(big.ws_search_bytes) / kb:.1f} KB",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--runs", type=int, default=5, help=f"page loads per size in each of {PASSES} passes (plus a warm-up)"
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each typing pattern / search sweep")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--verbose", action="store_true", help="show the app's own output")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    info = machine()
    load_before = load_average()
    folder = Path(tempfile.mkdtemp(prefix="rapport-bench-contacts-"))
    try:
        print(f"Seeding {STUDENTS} students ({BIG:,} contacts for the local student)...", flush=True)
        t = time.perf_counter()
        dbs = seed(folder)
        print(f"  seeded in {time.perf_counter() - t:.0f} s", flush=True)
        data_dir = folder / "data"
        data_dir.mkdir()
        port = free_port()  # one port throughout, so the frontend is built once
        phases = {size: Phase(contacts=size) for size in SIZES}
        for pass_no in range(PASSES):
            for size in SIZES:
                search = pass_no == 0 and size == BIG
                chromium = run_phase(dbs[size], data_dir, port, phases[size], args, search=search)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    info["chromium"] = chromium
    big, small, full = phases[BIG], phases[SMALL], phases[FULL_PAGE]
    text_out = report(big, small, full, info, load_before, load_average())
    print()
    print(text_out)
    print(f"\n(whole run {time.perf_counter() - started:.0f} s)")
    if args.json:
        args.json.write_text(
            json.dumps(
                {"machine": info, **{str(k): v.__dict__ for k, v in phases.items()}}, indent=1, default=str
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
