"""Applies the Alembic migrations once, before the server starts, under a lock: one process migrates."""

from __future__ import annotations

import fcntl
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.db import get_engine
from app.domain.vocabulary import Role
from app.models import User
from app.settings import get_settings

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Any fixed number: PostgreSQL advisory locks are keyed by integers.
PG_MIGRATION_LOCK = 7_020_431
LOCAL_USER_NAME = "You"


# The search index lives outside the models (an FTS5 table and its shadow tables in SQLite, a
# pg_trgm index in PostgreSQL): made by its migration, ignored when comparing schema to models.
SEARCH_INDEX_PREFIX = "contact_search"
SEARCH_INDEX_NAMES = {"ix_contact_search_trgm"}


def managed_by_models(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Alembic's include_object: False for the search index objects the models do not describe."""
    if name is None:
        return True
    return not (name.startswith(SEARCH_INDEX_PREFIX) or name in SEARCH_INDEX_NAMES)


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": PG_MIGRATION_LOCK})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": PG_MIGRATION_LOCK})
        return
    database = engine.url.database or ""
    lock_path = Path(database + ".migrate.lock") if database and database != ":memory:" else None
    if lock_path is None:
        yield
        return
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade(engine: Engine | None = None) -> None:
    engine = engine or get_engine()
    with _migration_lock(engine), engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def ensure_local_user(engine: Engine | None = None) -> int:
    """Local mode's one student: made on first start, found after."""
    with Session(engine or get_engine()) as session:
        user = session.exec(select(User).order_by(col(User.id))).first()
        if user is None:
            user = User(display_name=LOCAL_USER_NAME, role=Role.STUDENT)
            session.add(user)
            session.commit()
            session.refresh(user)
        assert user.id is not None
        return user.id


def main() -> int:
    settings = get_settings()
    upgrade()
    if settings.is_local:
        ensure_local_user()
    print(f"Database ready ({'SQLite' if settings.is_sqlite else 'PostgreSQL'}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
