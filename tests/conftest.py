"""Fixtures for tests without a browser: a fresh, migrated SQLite database per test."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Settings are read once: point them at a throwaway folder before anything imports them.
os.environ.setdefault("RAPPORT_DATA_DIR", tempfile.mkdtemp(prefix="rapport-tests-"))
os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.db import make_engine
from app.migrate import ensure_local_user, upgrade


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
