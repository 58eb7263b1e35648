"""The schema comes from migrations, matches the models, and SQLite runs the way Rapport needs."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from app.db import make_engine
from app.migrate import ensure_local_user, managed_by_models, upgrade
from app.models import Contact


def test_migrating_an_empty_database_gives_the_schema_the_models_describe(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": managed_by_models}
        )
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_migrations_create_every_table_of_the_brief(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    assert {
        "user_account", "cohort", "membership", "organisation", "contact", "touch",
        "meeting", "brief", "briefquestion", "draft", "auth_session",
    } <= tables  # fmt: skip


def test_every_student_row_has_an_owner(engine: Engine) -> None:
    inspector = inspect(engine)
    for table in ("organisation", "contact", "touch", "meeting", "brief", "briefquestion", "draft"):
        columns = {column["name"]: column for column in inspector.get_columns(table)}
        assert "owner_id" in columns, table
        assert columns["owner_id"]["nullable"] is False, table


def test_migrating_twice_changes_nothing(engine: Engine) -> None:
    upgrade(engine)
    with engine.connect() as connection:
        version = connection.execute(text("select version_num from alembic_version")).scalar_one()
    assert version


def test_sqlite_runs_with_wal_busy_timeout_and_foreign_keys(engine: Engine) -> None:
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar_one() >= 1000


def test_foreign_keys_are_enforced(session: Session) -> None:
    session.add(Contact(owner_id=999, name="Ada", name_key="ada"))
    with pytest.raises(IntegrityError):
        session.commit()


def test_local_mode_has_exactly_one_implicit_user(engine: Engine) -> None:
    first = ensure_local_user(engine)
    second = ensure_local_user(engine)
    assert first == second
    with engine.connect() as connection:
        assert connection.execute(text("select count(*) from user_account")).scalar_one() == 1


def test_the_database_folder_is_created_when_missing(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'deep' / 'er' / 'rapport.db'}")
    upgrade(engine)
    assert (tmp_path / "deep" / "er" / "rapport.db").exists()
    engine.dispose()


@pytest.mark.hosted
def test_migrating_an_empty_postgresql_database_matches_the_models(pg_engine: Engine) -> None:
    with pg_engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": managed_by_models}
        )
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []
