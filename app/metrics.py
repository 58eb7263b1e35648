"""Counters for `/metrics`, in Prometheus' text format: events and their latency per handler, open
websockets, errors, logins refused.

Each worker process counts its own; with Redis (hosted mode, several workers) each worker publishes
its counts there every few seconds under a key that expires, and `/metrics` sums the live workers
of this host, so whichever worker answers the scrape reports the whole host. A worker that stops
takes its counts with it (Prometheus sees a counter reset, which `rate()` handles).

Only handler names are labels (a fixed set, one per event handler the app registers): never an id,
a token, or anything a student typed.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Seconds: most events take a few milliseconds; an import's batches take longer.
BUCKETS: tuple[float, ...] = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# Reflex names an event by its state's full path: keep the state and the handler, readably.
_STATE_PART = re.compile(r"[^a-z0-9_.]+")
_MAX_HANDLERS = 500  # far above what the app registers; a guard against unbounded labels


def handler_label(event_name: str) -> str:
    """`reflex___state____state.app___state___contacts____contacts_state.save` -> `contacts_state.save`."""
    state, _, handler = event_name.rpartition(".")
    short_state = state.rsplit("____", 1)[-1] if state else ""
    label = f"{short_state}.{handler}" if short_state else handler
    return _STATE_PART.sub("_", label.lower()).strip("_.")[:120] or "unknown"


@dataclass
class Histogram:
    counts: list[int] = field(default_factory=lambda: [0] * len(BUCKETS))
    total: int = 0
    seconds: float = 0.0

    def observe(self, seconds: float) -> None:
        for index, bound in enumerate(BUCKETS):
            if seconds <= bound:
                self.counts[index] += 1
                break
        self.total += 1
        self.seconds += seconds

    def add(self, other: Histogram) -> None:
        self.counts = [mine + theirs for mine, theirs in zip(self.counts, other.counts, strict=True)]
        self.total += other.total
        self.seconds += other.seconds


@dataclass
class Metrics:
    """One process's counts (or the sum of several, for the scrape)."""

    events: dict[str, Histogram] = field(default_factory=dict)
    event_errors: dict[str, int] = field(default_factory=dict)
    errors: int = 0  # handler failures the app answered with a message (app/errors_ui.py)
    logins_refused: int = 0
    open_websockets: int = 0

    def observe_event(self, handler: str, seconds: float, *, failed: bool = False) -> None:
        if handler not in self.events and len(self.events) >= _MAX_HANDLERS:
            handler = "other"
        self.events.setdefault(handler, Histogram()).observe(seconds)
        if failed:
            self.event_errors[handler] = self.event_errors.get(handler, 0) + 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "events": {name: [h.counts, h.total, h.seconds] for name, h in self.events.items()},
            "event_errors": dict(self.event_errors),
            "errors": self.errors,
            "logins_refused": self.logins_refused,
            "open_websockets": self.open_websockets,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Metrics:
        metrics = cls()
        for name, (counts, total, seconds) in dict(data.get("events", {})).items():
            if len(counts) == len(BUCKETS):
                metrics.events[str(name)] = Histogram(list(map(int, counts)), int(total), float(seconds))
        metrics.event_errors = {str(k): int(v) for k, v in dict(data.get("event_errors", {})).items()}
        metrics.errors = int(data.get("errors", 0))
        metrics.logins_refused = int(data.get("logins_refused", 0))
        metrics.open_websockets = int(data.get("open_websockets", 0))
        return metrics

    def add(self, other: Metrics) -> None:
        for name, histogram in other.events.items():
            self.events.setdefault(name, Histogram()).add(histogram)
        for name, count in other.event_errors.items():
            self.event_errors[name] = self.event_errors.get(name, 0) + count
        self.errors += other.errors
        self.logins_refused += other.logins_refused
        self.open_websockets += other.open_websockets


def combined(parts: Iterable[Metrics]) -> Metrics:
    total = Metrics()
    for part in parts:
        total.add(part)
    return total


def _number(value: float) -> str:
    return repr(float(value)) if isinstance(value, float) else str(value)


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def prometheus_text(metrics: Metrics, *, draining: bool = False) -> str:
    """The counts in Prometheus' text exposition format (version 0.0.4)."""
    lines = [
        "# HELP rapport_events_total Events processed, by handler.",
        "# TYPE rapport_events_total counter",
    ]
    for name in sorted(metrics.events):
        lines.append(f'rapport_events_total{{handler="{_label(name)}"}} {metrics.events[name].total}')
    lines += [
        "# HELP rapport_event_duration_seconds Time from an event's start to its last update, by handler.",
        "# TYPE rapport_event_duration_seconds histogram",
    ]
    for name in sorted(metrics.events):
        histogram, label = metrics.events[name], _label(name)
        running = 0
        for bound, count in zip(BUCKETS, histogram.counts, strict=True):
            running += count
            lines.append(f'rapport_event_duration_seconds_bucket{{handler="{label}",le="{bound}"}} {running}')
        lines.append(
            f'rapport_event_duration_seconds_bucket{{handler="{label}",le="+Inf"}} {histogram.total}'
        )
        lines.append(f'rapport_event_duration_seconds_sum{{handler="{label}"}} {_number(histogram.seconds)}')
        lines.append(f'rapport_event_duration_seconds_count{{handler="{label}"}} {histogram.total}')
    lines += [
        "# HELP rapport_event_failures_total Events whose handler raised, by handler.",
        "# TYPE rapport_event_failures_total counter",
    ]
    for name in sorted(metrics.event_errors):
        lines.append(f'rapport_event_failures_total{{handler="{_label(name)}"}} {metrics.event_errors[name]}')
    lines += [
        "# HELP rapport_errors_total Handler failures answered with an error message to the student.",
        "# TYPE rapport_errors_total counter",
        f"rapport_errors_total {metrics.errors}",
        "# HELP rapport_logins_refused_total Logins refused (wrong password, throttled, deactivated).",
        "# TYPE rapport_logins_refused_total counter",
        f"rapport_logins_refused_total {metrics.logins_refused}",
        "# HELP rapport_open_websockets Websocket connections open now.",
        "# TYPE rapport_open_websockets gauge",
        f"rapport_open_websockets {metrics.open_websockets}",
        "# HELP rapport_draining 1 while the worker answering is shutting down.",
        "# TYPE rapport_draining gauge",
        f"rapport_draining {1 if draining else 0}",
    ]
    return "\n".join(lines) + "\n"


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.strip()).is_loopback
    except ValueError:
        return False


def may_read_metrics(*, peer: str, headers: Mapping[str, str], token: str) -> bool:
    """Whether a request may read `/metrics`.

    Allowed from loopback directly (a request a proxy forwarded, which carries a forwarding header, is
    not from loopback whatever its peer says), or with `Authorization: Bearer <RAPPORT_METRICS_TOKEN>`
    when a token is set. `headers` are lower-cased names.
    """
    authorization = headers.get("authorization", "")
    scheme, _, given = authorization.partition(" ")
    if token and scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode()):
        return True
    forwarded = any(name in headers for name in ("x-forwarded-for", "forwarded", "x-real-ip"))
    return _is_loopback(peer) and not forwarded


def encode(metrics: Metrics) -> str:
    return json.dumps(metrics.as_dict(), separators=(",", ":"))


def decode(raw: str | bytes) -> Metrics | None:
    try:
        return Metrics.from_dict(json.loads(raw))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


# This worker's own counts.
METRICS = Metrics()
