"""Hosted pages need a session in every static form, and uploads need one before a byte is read."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from app import web_auth
from app.web_auth import needs_session, require_session_for_pages

GUARDED = [
    "/", "/index.html", "/settings", "/settings/", "/settings.html", "/settings/index.html",
    "/contacts/12", "/404.html", "/__spa-fallback.html", "/settings.html.gz", "/_upload/secret.csv",
]  # fmt: skip
OPEN = [
    "/login", "/login/", "/login.html", "/login/index.html", "/signup", "/signup.html", "/auth/login",
    "/assets/root-abc.js", "/assets/styles.css", "/rapport.css", "/favicon.ico", "/ping", "/_event/",
    # A phone installing Rapport fetches these before anyone logs in (issue #18).
    "/manifest.webmanifest", "/sw.js", "/shell.js", "/icons/icon-512.png", "/icons/apple-touch-icon.png",
]  # fmt: skip


@pytest.mark.parametrize("path", GUARDED)
def test_every_variant_of_a_page_needs_a_session(path: str) -> None:
    assert needs_session(path)


@pytest.mark.parametrize("path", OPEN)
def test_the_login_pages_and_their_assets_are_open(path: str) -> None:
    assert not needs_session(path)


async def shell(request: Request) -> Response:
    return PlainTextResponse("the page shell")


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setattr(web_auth, "_live_session", lambda cookie: "rapport_session=good" in cookie)
    inner = Starlette(routes=[Route("/{path:path}", shell, methods=["GET", "HEAD", "POST"])])
    return TestClient(require_session_for_pages(inner), follow_redirects=False)


@pytest.mark.parametrize("accept", ["text/html", "*/*", ""])
@pytest.mark.parametrize("path", ["/settings", "/settings.html", "/settings/index.html"])
def test_without_a_session_any_request_for_a_page_goes_to_log_in(
    client: TestClient, path: str, accept: str
) -> None:
    response = client.get(path, headers={"accept": accept})
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert "page shell" not in response.text


def test_with_a_session_the_page_is_served(client: TestClient) -> None:
    response = client.get("/settings.html", headers={"cookie": "rapport_session=good"})
    assert response.text == "the page shell"


def test_an_upload_without_a_session_is_refused_before_it_is_read() -> None:
    calls: list[str] = []

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        calls.append("app")

    async def receive() -> dict[str, Any]:
        calls.append("read")
        return {"type": "http.request", "body": b"x", "more_body": True}

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    import asyncio

    scope = {"type": "http", "method": "POST", "path": "/_upload", "headers": [], "query_string": b""}
    asyncio.run(require_session_for_pages(inner)(scope, receive, send))
    assert sent[0]["status"] == 401 and calls == []


def test_an_upload_with_a_session_reaches_the_app(client: TestClient) -> None:
    response = client.post("/_upload", content=b"a,b\n", headers={"cookie": "rapport_session=good"})
    assert response.text == "the page shell"
