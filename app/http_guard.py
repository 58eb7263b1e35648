"""Every HTTP response gets security headers; every request body is capped before it is read.

One ASGI middleware, outermost in both modes (app/main.py wires it through `api_transformer`):
- headers: a Content-Security-Policy as strict as the built Reflex frontend allows (its inline
  hydration scripts by hash, `'unsafe-eval'` because Reflex runs toasts and scripts through `eval`,
  styles inline for Emotion and Radix), `frame-ancestors 'none'`, nosniff, a referrer policy, and
  HSTS when the public URL is https. The websocket handshake is refused or accepted by Reflex, and
  an ASGI websocket accept carries no such headers, so only HTTP responses get them.
- bodies: the import's upload at `UPLOAD_LIMIT`, anything else at `BODY_LIMIT`. A declared
  Content-Length over the cap is answered 413 without reading; a chunked body is counted while it
  streams and cut off (413) at the first byte past the cap.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import re
from functools import lru_cache
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.domain.csv_import import MAX_FILE_BYTES
from app.settings import get_settings

UPLOAD_PATH = "/_upload"
# The file itself may be 20 MB; the multipart wrapping around it adds a few hundred bytes.
UPLOAD_LIMIT = MAX_FILE_BYTES + 64 * 1024
BODY_LIMIT = 64 * 1024

_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)


def body_limit(scope: Scope) -> int:
    return UPLOAD_LIMIT if scope.get("path") == UPLOAD_PATH else BODY_LIMIT


def _static_dir() -> Path | None:
    try:
        from reflex.utils.prerequisites import get_web_dir
        from reflex_base.constants.base import Dirs
    except ImportError:  # pragma: no cover - Reflex is always installed with the app
        return None
    folder = get_web_dir() / Dirs.STATIC
    return folder if folder.is_dir() else None


def inline_script_hashes(folder: Path) -> frozenset[str]:
    """The CSP source (`'sha256-…'`) of every inline script in the built pages under `folder`."""
    hashes: set[str] = set()
    for page in folder.rglob("*.html"):
        for match in _INLINE_SCRIPT.finditer(page.read_bytes()):
            digest = base64.b64encode(hashlib.sha256(match.group(1)).digest()).decode()
            hashes.add(f"'sha256-{digest}'")
    return frozenset(hashes)


def _websocket_forms(origin: str) -> list[str]:
    if origin.startswith("https://"):
        return ["wss://" + origin.removeprefix("https://")]
    if origin.startswith("http://"):
        return ["ws://" + origin.removeprefix("http://")]
    return []


def content_security_policy(script_hashes: frozenset[str] | None, origins: list[str]) -> str:
    """The policy; without a build to read hashes from (never in a served app) inline scripts are allowed."""
    inline = " ".join(sorted(script_hashes)) if script_hashes else "'unsafe-inline'"
    connect = " ".join(["'self'", *origins, *(ws for o in origins for ws in _websocket_forms(o))])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'unsafe-eval' {inline}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            f"connect-src {connect}",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def _origins() -> list[str]:
    from app.web_auth import allowed_origins  # web_auth imports the database layer: only when serving

    return sorted(allowed_origins())


@lru_cache(maxsize=1)
def security_headers() -> tuple[tuple[bytes, bytes], ...]:
    """Computed once per worker, on the first response (the frontend is built before workers start)."""
    folder = _static_dir()
    policy = content_security_policy(inline_script_hashes(folder) if folder else None, _origins())
    headers = [
        (b"content-security-policy", policy.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
        (b"x-frame-options", b"DENY"),
    ]
    if get_settings().public_url.startswith("https://"):
        headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
    return tuple(headers)


def with_security_headers(message: Message) -> Message:
    names = {name.lower() for name, _ in message.get("headers", [])}
    extra = [(name, value) for name, value in security_headers() if name not in names]
    return {**message, "headers": [*message.get("headers", []), *extra]}


class BodyTooLarge(Exception):
    """Raised from `receive` when a streamed body passes its cap."""


async def _refuse(send: Send, status: int, text: str) -> None:
    body = text.encode()
    start: Message = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ],
    }
    await send(with_security_headers(start))
    await send({"type": "http.response.body", "body": body})


TOO_LARGE = "This request is too large."


def declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers") or []:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return -1
    return None


def guard_http(app: ASGIApp) -> ASGIApp:
    """The outermost middleware: caps bodies, adds the security headers to every HTTP response."""

    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        limit = body_limit(scope)
        length = declared_length(scope)
        if length is not None and (length < 0 or length > limit):
            await _refuse(send, 413 if length > limit else 400, TOO_LARGE)
            return

        received = 0
        overflowed = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, overflowed
            if overflowed:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    overflowed = True
                    raise BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if overflowed:
                return  # the app's own answer to the cut-off body is replaced by the 413 below
            if message["type"] == "http.response.start":
                started = True
                message = with_security_headers(message)
            await send(message)

        with contextlib.suppress(BodyTooLarge):
            await app(scope, counting_receive, guarded_send)
        if overflowed and not started:
            await _refuse(send, 413, TOO_LARGE)

    return guarded
