"""Hosted mode's logs: one JSON object a line, each with a request id, never a student's data or a token.

Every record (Rapport's, Reflex's, Granian's, SQLAlchemy's, Socket.IO's) goes through one handler on
the root logger. What a record may carry is decided here, not by each caller:
- Rapport's own loggers (`app.*`, `rapport`): the message template, with numeric arguments filled in
  and every text argument left out (`log.info("saved %s", note)` writes "saved …"), scrubbed.
- Everyone else's message keeps only its first line, scrubbed: libraries put event payloads
  ("Event data: {...}"), SQL parameters and tracebacks in their text.
- Scrubbing removes anything quoted or bracketed ({...}, [...], '...', "..."), the secret part of
  `/calendar/<token>.ics`, `token=` and similar query values, bearer tokens, cookies, e-mail
  addresses, and long hex or base64 runs (session tokens, client tokens, keys).
- An exception is written as its type and the frames it went through (file, line, function), never
  its message: a database error's message holds the row it failed to write.

The request id is the `X-Request-ID` a proxy sent (when it is a plain short id) or a fresh one, for
an HTTP request; each websocket event gets `ev-` and Reflex's transaction id for it.
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import os
import re
import secrets
import sys
import traceback
from typing import IO, Any

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("rapport_request_id", default="-")
_GIVEN_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
OWN_LOGGERS = ("app", "rapport")
MAX_MESSAGE = 500

_SECRET_WORDS = r"(?i)\b(bearer|token|cookie|set-cookie|authorization|password|secret|session)"
_SCRUBS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(/calendar/)[^\s\"'?.]+", re.I), r"\1<secret>"),
    (re.compile(_SECRET_WORDS + r"(\s*[=:]\s*|\s+)[^\s&,;]+"), r"\1\2<redacted>"),
    (re.compile(r"\{.*\}", re.S), "{…}"),
    (re.compile(r"\[[^\]]*\]"), "[…]"),
    (re.compile(r"'[^']*'"), "'…'"),
    (re.compile(r'"[^"]*"'), '"…"'),
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "<email>"),
    (re.compile(r"\b[0-9a-fA-F-]{16,}\b"), "<id>"),
    (re.compile(r"[A-Za-z0-9_+/=-]{24,}"), "<id>"),
)


def new_request_id() -> str:
    return secrets.token_hex(8)


def event_request_id(txid: str) -> str:
    """An event's request id: Reflex's transaction id for it (random, and shared by its log lines)."""
    return f"ev-{txid}" if txid else new_request_id()


def current_request_id() -> str:
    """The request id set for this request or event, else the id of the Reflex event being handled
    (Reflex calls the exception handler outside the event's own task, inside its event context)."""
    given = REQUEST_ID.get()
    if given != "-":
        return given
    try:
        from reflex_base.event.context import EventContext

        txid = EventContext.get().txid
    except (LookupError, ImportError, AttributeError):
        return given
    return f"ev-{txid}" if txid else given


def request_id_from(header: str | None) -> str:
    """The proxy's X-Request-ID when it is a plain short id (nginx's $request_id is), else a new one."""
    if header and _GIVEN_ID.fullmatch(header.strip()):
        return header.strip()
    return new_request_id()


def scrub(text: str) -> str:
    for pattern, replacement in _SCRUBS:
        text = pattern.sub(replacement, text)
    return text[:MAX_MESSAGE]


def _own(name: str) -> bool:
    return any(name == own or name.startswith(own + ".") for own in OWN_LOGGERS)


def _own_text(record: logging.LogRecord) -> str:
    """Rapport's own message: its template, with numbers filled in and any text argument left out
    (`log.info("saved %s", note)` must not write the note)."""
    args = record.args if isinstance(record.args, tuple) else (record.args,) if record.args else ()
    shown = tuple(a if isinstance(a, int | float) and not isinstance(a, bool) else "…" for a in args)
    template = str(record.msg)
    try:
        return template % shown if shown else template
    except (TypeError, ValueError):  # e.g. "%d" given text: say what was meant, not what it held
        return template


def safe_message(record: logging.LogRecord) -> str:
    if _own(record.name):
        return scrub(_own_text(record))
    try:
        message = record.getMessage()
    except Exception:  # a malformed call: say so, not what it held
        return "(unformattable message)"
    # Libraries format their own text (payloads, SQL parameters, tracebacks follow the first line).
    return scrub(message.strip().splitlines()[0] if message.strip() else "")


def safe_exception(exc_info: Any) -> dict[str, Any] | None:
    if not exc_info or exc_info[0] is None:
        return None
    kind, _, trace = exc_info
    frames = [f"{os.path.basename(f.filename)}:{f.lineno} in {f.name}" for f in traceback.extract_tb(trace)]
    return {"type": getattr(kind, "__name__", "Exception"), "frames": frames[-12:]}


class JsonLines(logging.Formatter):
    """One JSON object a line: time, level, logger, request id, process, message, exception."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "request_id": getattr(record, "request_id", None) or current_request_id(),
            "pid": record.process,
            "message": safe_message(record),
        }
        exception = safe_exception(record.exc_info)
        if exception is not None:
            payload["exception"] = exception
        return json.dumps(payload, ensure_ascii=False)


class _NoStackHandler(logging.StreamHandler):
    def format(self, record: logging.LogRecord) -> str:
        record.stack_info = None  # never a stack dump: frames come from the exception alone
        return super().format(record)


def json_handler(stream: IO[str] | None = None) -> logging.Handler:
    handler = _NoStackHandler(stream or sys.stderr)
    handler.setFormatter(JsonLines())
    return handler


# Loggers that attach their own console handlers: in hosted mode they write through the root's.
_TAKEN_OVER = (
    "reflex",
    "_granian",
    "granian",
    "granian.access",
    "uvicorn",
    "uvicorn.error",
    "uvicorn.access",
)


def install(stream: IO[str] | None = None, level: int = logging.INFO) -> logging.Handler:
    """Makes every log record of this process one JSON line on `stream` (stderr by default).

    Reflex re-attaches its own console sink whenever its configuration is read, in a process the
    reflex CLI started (REFLEX_MANAGED_LOGGING): that marker is cleared here so it stops doing so.
    """
    os.environ.pop("REFLEX_MANAGED_LOGGING", None)
    handler = json_handler(stream)
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "rapport_json", False):
            root.removeHandler(old)
    handler.rapport_json = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    for name in _TAKEN_OVER:
        taken = logging.getLogger(name)
        for old in list(taken.handlers):
            taken.removeHandler(old)
        taken.propagate = True
    return handler
