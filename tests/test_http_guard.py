"""The HTTP guard: security headers on every response, bodies capped before they are read."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from app import http_guard, web_auth
from app.http_guard import BODY_LIMIT, UPLOAD_LIMIT, guard_http
from app.settings import load_settings

with warnings.catch_warnings():  # this Starlette prefers httpx2 to the httpx installed
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

SCRIPT = b"window.__ctx = {a: 1};"


async def page(request: Request) -> Response:
    return HTMLResponse(f"<html><script>{SCRIPT.decode()}</script></html>")


async def echo(request: Request) -> Response:
    body = await request.body()
    return PlainTextResponse(str(len(body)))


def inner_app() -> Starlette:
    return Starlette(
        routes=[
            Route("/", page),
            Route("/auth/login", echo, methods=["POST"]),
            Route("/_upload", echo, methods=["POST"]),
        ]
    )


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A built frontend with one inline script, and a plain http public URL."""
    (tmp_path / "index.html").write_bytes(
        b"<html><script>" + SCRIPT + b"</script><script src='/a.js'></script>"
    )
    monkeypatch.setattr(http_guard, "_static_dir", lambda: tmp_path)
    use_public_url(monkeypatch, "http://127.0.0.1:3000")
    yield tmp_path
    http_guard.security_headers.cache_clear()


def use_public_url(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    settings = load_settings({"RAPPORT_PUBLIC_URL": url, "RAPPORT_PORT": "3000"})
    monkeypatch.setattr(http_guard, "get_settings", lambda: settings)
    monkeypatch.setattr(web_auth, "get_settings", lambda: settings)
    http_guard.security_headers.cache_clear()


def test_every_response_carries_the_security_headers(built: Path) -> None:
    client = TestClient(guard_http(inner_app()))
    for response in (client.get("/"), client.get("/missing"), client.post("/auth/login", content=b"x=1")):
        csp = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
        assert "strict-transport-security" not in response.headers  # the public URL is plain http


def test_the_policy_allows_the_built_inline_scripts_by_hash_only(built: Path) -> None:
    csp = TestClient(guard_http(inner_app())).get("/").headers["content-security-policy"]
    digest = base64.b64encode(hashlib.sha256(SCRIPT).digest()).decode()
    script_src = next(part for part in csp.split("; ") if part.startswith("script-src"))
    assert f"'sha256-{digest}'" in script_src
    assert "'unsafe-inline'" not in script_src
    connect_src = next(part for part in csp.split("; ") if part.startswith("connect-src"))
    assert "ws://127.0.0.1:3000" in connect_src and "ws://localhost:3000" in connect_src


def test_hsts_only_when_the_public_url_is_https(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_public_url(monkeypatch, "https://rapport.example.org")
    response = TestClient(guard_http(inner_app())).get("/")
    assert response.headers["strict-transport-security"].startswith("max-age=")
    assert "wss://rapport.example.org" in response.headers["content-security-policy"]


def test_a_declared_length_over_the_cap_is_refused(built: Path) -> None:
    client = TestClient(guard_http(inner_app()))
    assert client.post("/auth/login", content=b"x" * 100).text == "100"
    refused = client.post("/auth/login", content=b"x" * (BODY_LIMIT + 1))
    assert refused.status_code == 413
    assert refused.headers["x-content-type-options"] == "nosniff"
    # The import's upload may be much larger than a form, up to its own cap.
    assert client.post("/_upload", content=b"x" * (BODY_LIMIT * 4)).status_code == 200
    assert client.post("/_upload", headers={"content-length": str(UPLOAD_LIMIT + 1)}).status_code == 413


def drive(
    app: Any, path: str, chunks: Iterator[bytes], headers: list[tuple[bytes, bytes]]
) -> tuple[int, int]:
    """Runs one request through the ASGI app; returns (status, number of chunks the app pulled)."""
    pulled = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        chunk = next(chunks, None)
        return {"type": "http.request", "body": chunk or b"", "more_body": chunk is not None}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": path, "headers": headers, "query_string": b""}
    asyncio.run(app(scope, receive, send))
    return sent[0]["status"], pulled


def test_a_declared_300_mb_upload_is_refused_without_reading_a_byte(built: Path) -> None:
    never = iter(())  # the app must not ask for the body at all
    status, pulled = drive(guard_http(inner_app()), "/_upload", never, [(b"content-length", b"314572800")])
    assert (status, pulled) == (413, 0)


def test_a_chunked_body_is_cut_off_at_the_cap(built: Path) -> None:
    chunk = b"x" * 65536
    endless = iter(lambda: chunk, None)  # a body that would never end
    status, pulled = drive(guard_http(inner_app()), "/_upload", endless, [])
    assert status == 413
    assert pulled <= UPLOAD_LIMIT // len(chunk) + 2
    status, pulled = drive(guard_http(inner_app()), "/auth/login", iter(lambda: chunk, None), [])
    assert (status, pulled) == (413, 2)


def test_a_malformed_length_is_refused(built: Path) -> None:
    status, pulled = drive(guard_http(inner_app()), "/auth/login", iter(()), [(b"content-length", b"lots")])
    assert (status, pulled) == (400, 0)
