"""Fixtures for tests without a browser: a fresh, migrated SQLite database per test."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

# Settings are read once: point them at a throwaway folder before anything imports them.
os.environ.setdefault("RAPPORT_DATA_DIR", tempfile.mkdtemp(prefix="rapport-tests-"))
os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")

import pytest
import reflex as rx
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.db import make_engine
from app.migrate import ensure_local_user, upgrade


def _default_engine_refused() -> Engine:
    raise AssertionError(
        "This unit test reached the shared default database (app.db.get_engine()): "
        "pass the `engine` fixture, or use `page_state`."
    )


@pytest.fixture(autouse=True)
def _no_default_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """No unit test may touch the shared default database (the one app.db.get_engine() opens from the
    settings): each uses the `engine` fixture, or `page_state`, which points the app at it."""
    from app import db, migrate

    monkeypatch.setattr(db, "get_engine", _default_engine_refused)
    monkeypatch.setattr(migrate, "get_engine", _default_engine_refused)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'rapport.db'}")
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def owner_id(engine: Engine) -> int:
    return ensure_local_user(engine)


POSTGRES_ADMIN_URL = os.environ.get(
    "RAPPORT_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL database, migrated, for the hosted-mode tests (real server, not a fake)."""
    from sqlalchemy import create_engine, text

    name = f"rapport_test_{os.getpid()}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:
        pytest.fail(f"PostgreSQL is needed at {POSTGRES_ADMIN_URL} for hosted-mode tests: {error}")
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_engine(postgres_url: str) -> Iterator[Engine]:
    engine = make_engine(postgres_url)
    yield engine
    engine.dispose()


StateT = TypeVar("StateT", bound=rx.State)


@pytest.fixture
def page_state(
    engine: Engine, owner_id: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Callable[..., Any]:
    """Builds a page's state as the browser would reach it, on this test's database, as the local student.

    `page_state(ContactState, today=date(2026, 3, 9))` fixes the day; without it, today is the real date.
    Handlers are then called as the browser sends them (`on_load`, then the page's events).
    """
    from app import db
    from app.state import base, owner

    monkeypatch.setattr(db, "get_engine", lambda: engine)
    monkeypatch.setattr(owner, "_local_owner_id", lambda: owner_id)
    # Reflex's saved page states, which deleting everything removes: this test's own folder.
    from app.state import settings as settings_state

    states = tmp_path / "reflex-states"
    states.mkdir(exist_ok=True)
    monkeypatch.setattr(settings_state, "_states_dir", lambda: states)

    def make(state_class: type[StateT], *, today: date | None = None) -> StateT:
        if today is not None:
            monkeypatch.setattr(base, "today", lambda: today)
            monkeypatch.setattr(base, "fixed_day", lambda: today)
        path = state_class.get_full_name().split(".")[1:]
        return rx.State().get_substate(path)  # type: ignore[return-value]

    return make
