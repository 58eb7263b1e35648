"""The database engine and sessions; SQLite gets WAL, a busy timeout and foreign keys."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Select, event
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.sql.compiler import SQLCompiler
from sqlmodel import Session, create_engine

from app.settings import get_settings

SQLITE_BUSY_TIMEOUT_MS = 5000


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def read_connection(engine: Engine | None = None) -> Iterator[Connection]:
    """A plain connection for reading only, without a session's bookkeeping: nothing is committed."""
    with (engine or get_engine()).connect() as connection:
        yield connection


@lru_cache(maxsize=512)
def _compiled(statement: Select[Any], dialect: Dialect) -> SQLCompiler:
    compiled = statement.compile(dialect=dialect)
    assert isinstance(compiled, SQLCompiler)  # a SELECT always compiles to an SQL compiler
    return compiled


def fetch_rows(
    connection: Connection, statement: Select[Any], params: Mapping[str, Any]
) -> list[Sequence[Any]]:
    """The rows of a read that runs on every keystroke, through the database driver itself.

    The statement is compiled once per dialect (keep the statement object itself, e.g. behind an
    lru_cache); what SQLAlchemy does on every execution besides is skipped. So columns come back
    as the driver gives them (SQLite returns dates as "YYYY-MM-DD" text, PostgreSQL as `date`; no
    column type converts anything), and the statement must not need post-compile expansion (no
    `IN` lists of values).
    """
    compiled = _compiled(statement, connection.dialect)
    values = compiled.construct_params(params)
    if connection.dialect.name == "sqlite":  # sqlite3's own date adapter is deprecated
        values = {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
    bound: Any = [values[name] for name in compiled.positiontup or ()] if compiled.positional else values
    driver = connection.connection.driver_connection
    assert driver is not None  # an open connection always has its driver's connection
    rows: list[Sequence[Any]] = driver.execute(compiled.string, bound).fetchall()
    return rows
