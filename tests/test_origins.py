"""The address `make run` / `make hosted` print is one the websocket and the forms accept."""

from __future__ import annotations

from typing import Any

import pytest

from app import launcher
from app.settings import load_settings

HOSTED = {
    "RAPPORT_MODE": "hosted",
    "DATABASE_URL": "postgresql://db/rapport",
    "RAPPORT_PORT": "3100",
    "RAPPORT_OUTREACH_SECRET": "x" * 32,
}


@pytest.mark.parametrize(
    "env",
    [
        {"RAPPORT_PORT": "3100"},
        HOSTED,
        {**HOSTED, "RAPPORT_PUBLIC_URL": "https://rapport.example.org"},
        {**HOSTED, "RAPPORT_PUBLIC_URL": "http://127.0.0.1:3100"},
    ],
)
def test_the_public_url_and_both_loopback_forms_are_allowed(env: dict[str, str]) -> None:
    settings = load_settings(env)
    assert set(settings.allowed_origins) == {
        settings.public_url, "http://127.0.0.1:3100", "http://localhost:3100"
    }  # fmt: skip


def test_nothing_else_is_allowed() -> None:
    origins = load_settings({**HOSTED, "RAPPORT_PUBLIC_URL": "https://rapport.example.org"}).allowed_origins
    assert "https://evil.example" not in origins and "http://rapport.example.org" not in origins


def test_the_printed_url_is_an_allowed_origin(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[Any] = []
    monkeypatch.setattr(launcher.subprocess, "run", lambda *a, **k: None)
    monkeypatch.setattr(launcher.subprocess, "Popen", lambda *a, **k: started.append(a) or object())
    monkeypatch.setattr(launcher, "reflex_environment", lambda env: dict(env or {}))
    _, url = launcher.start(HOSTED)
    assert started and url.rstrip("/") in load_settings(HOSTED).allowed_origins
    assert url == "http://127.0.0.1:3100/"


def test_the_websocket_and_the_forms_share_one_list() -> None:
    import rxconfig
    from app import web_auth

    assert set(rxconfig.config.cors_allowed_origins) == web_auth.allowed_origins()
