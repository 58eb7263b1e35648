"""A hosted-mode Rapport for tests and benchmarks: its own PostgreSQL database, Redis, several workers."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy import create_engine, text

from app.launcher import start, stop, wait_until_serving

POSTGRES_ADMIN_URL = os.environ.get(
    "RAPPORT_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("RAPPORT_TEST_REDIS", "redis://127.0.0.1:6379/0")
# The key of classmates' keyed hashes (tests that seed outreach marks use it too).
OUTREACH_SECRET = "e2e-outreach-secret-" + "0123456789abcdef" * 2


@dataclass(frozen=True)
class HostedApp:
    url: str
    database_url: str
    data_dir: Path
    pid: int = 0  # the server's process (its group holds every worker)


@contextmanager
def fresh_postgres_database(name: str) -> Iterator[str]:
    # pre_ping: a test may restart PostgreSQL in between, leaving pooled connections dead.
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def hosted_app(
    port: int,
    *,
    workers: int = 3,
    name: str | None = None,
    public_url: bool = True,
    log: IO[bytes] | None = None,
    extra_env: dict[str, str] | None = None,
) -> Iterator[HostedApp]:
    """Starts `make hosted`'s way on a free port; stops it and drops its database afterwards.

    `public_url=False` leaves RAPPORT_PUBLIC_URL unset, as a newcomer's `make hosted` does; the app's
    URL is then the one the launcher printed.
    """
    data_dir = Path(tempfile.mkdtemp(prefix="rapport-hosted-"))
    with fresh_postgres_database(name or f"rapport_e2e_{os.getpid()}_{port}") as database_url:
        env = dict(os.environ)
        env.update(
            RAPPORT_MODE="hosted",
            DATABASE_URL=database_url,
            REDIS_URL=REDIS_URL,
            RAPPORT_PORT=str(port),
            RAPPORT_HOST="127.0.0.1",
            RAPPORT_DATA_DIR=str(data_dir),
            RAPPORT_PUBLIC_URL=f"http://127.0.0.1:{port}",
            GRANIAN_WORKERS=str(workers),
            RAPPORT_OUTREACH_SECRET=OUTREACH_SECRET,
        )
        env.pop("RAPPORT_TODAY", None)
        if not public_url:
            env.pop("RAPPORT_PUBLIC_URL")
        env.update(extra_env or {})
        process, url = start(env, quiet=os.environ.get("RAPPORT_TEST_VERBOSE") != "1", log=log)
        try:
            if not wait_until_serving(url, process, timeout_s=600):
                raise RuntimeError("the hosted app did not start: try `make hosted` to see why")
            yield HostedApp(
                url=url.rstrip("/"), database_url=database_url, data_dir=data_dir, pid=process.pid
            )
        finally:
            stop(process)
