"""Readiness: does the database answer with every migration applied, does Redis answer?

Each check returns "ok" or a short reason naming what failed (an exception's type, never its
message: a connection error's message can hold the URL and its password).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Engine

from app.migrate import alembic_config

OK = "ok"
REDIS_TIMEOUT_S = 1.0


@lru_cache(maxsize=1)
def head_revisions() -> frozenset[str]:
    """The migrations this code expects (Alembic heads), read once from the scripts."""
    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def check_database(engine: Engine) -> tuple[str, str]:
    """(database, migrations): each "ok" or why not."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            try:
                rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
            except Exception:  # no version table: never migrated
                rows = []
    except Exception as error:  # any failure means not ready; which one is in the type
        return f"not answering ({type(error).__name__})", "unknown"
    applied = frozenset(str(row[0]) for row in rows)
    expected = head_revisions()
    if applied == expected:
        return OK, OK
    if not applied:
        return OK, "not applied"
    return OK, f"not at head (at {', '.join(sorted(applied))}; this code needs {', '.join(sorted(expected))})"


@lru_cache(maxsize=4)
def _redis_client(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url, socket_timeout=REDIS_TIMEOUT_S, socket_connect_timeout=REDIS_TIMEOUT_S)


def check_redis(url: str | None) -> str:
    """ "ok", "not configured" (one worker, no Redis) or why not."""
    if not url:
        return "not configured"
    try:
        answered = _redis_client(url).ping()
    except Exception as error:
        return f"not answering ({type(error).__name__})"
    return OK if answered else "not answering"


def readiness(engine: Engine, redis_url: str | None, *, draining: bool) -> tuple[bool, dict[str, str]]:
    """Whether this worker should get traffic, and each part's state."""
    database, migrations = check_database(engine)
    checks = {"database": database, "migrations": migrations, "redis": check_redis(redis_url)}
    if draining:
        checks["shutdown"] = "draining"
    ready = not draining and all(value in (OK, "not configured") for value in checks.values())
    return ready, checks
