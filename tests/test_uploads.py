"""Staged uploads: kept in the database (SQLite and PostgreSQL alike), read back only by their owner,
forgotten, swept after a day; never on a host's disk."""

from __future__ import annotations

import asyncio
import errno
import io
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import delete, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from app import db
from app.domain.times import utc_now
from app.models import StagedUpload, User
from app.services import uploads
from app.settings import get_settings


class _Upload:
    """An async reader, as rx.UploadFile is."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.asked: list[int] = []

    async def read(self, size: int = -1) -> bytes:
        self.asked.append(size)
        return self._data.read(size)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The app's database for this test: a fresh SQLite file, or the test run's PostgreSQL database."""
    engine: Engine = request.getfixturevalue("engine" if request.param == "sqlite" else "pg_engine")
    with Session(engine) as session:
        session.exec(delete(StagedUpload))
        session.commit()
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    yield engine


@pytest.fixture
def owners(store: Engine) -> tuple[int, int]:
    """Two students: the one uploading, and another whose page must never reach the first one's file."""
    with Session(store) as session:
        users = [User(display_name="Uploader"), User(display_name="Someone else")]
        session.add_all(users)
        session.commit()
        ids = [user.id for user in users]
    assert ids[0] is not None and ids[1] is not None
    return ids[0], ids[1]


def _rows(engine: Engine) -> list[StagedUpload]:
    with Session(engine) as session:
        return list(session.exec(select(StagedUpload).order_by(col(StagedUpload.id))).all())


def _age(engine: Engine, key: str, by: timedelta) -> None:
    with Session(engine) as session:
        row = session.exec(select(StagedUpload).where(col(StagedUpload.key) == key)).one()
        row.created_at = utc_now() - by
        session.add(row)
        session.commit()


def test_a_kept_file_is_a_database_row_and_reads_back_until_it_is_forgotten(
    store: Engine, owners: tuple[int, int]
) -> None:
    mine, _ = owners
    key = uploads.keep(b"Name\nAda\n", owner_id=mine)
    [row] = _rows(store)
    assert (row.key, row.owner_id, bytes(row.data)) == (key, mine, b"Name\nAda\n")
    assert uploads.read(key, owner_id=mine) == b"Name\nAda\n"

    uploads.forget(key, owner_id=mine)
    assert _rows(store) == []
    with pytest.raises(OSError):
        uploads.read(key, owner_id=mine)
    uploads.forget(key, owner_id=mine)  # forgetting twice, or nothing, is harmless
    uploads.forget("", owner_id=mine)


def test_nothing_is_written_to_the_data_folder(store: Engine, owners: tuple[int, int]) -> None:
    before = {path for path in get_settings().data_dir.rglob("*") if path.is_file()}
    uploads.keep(b"Name\nAda\n", owner_id=owners[0])
    after = {path for path in get_settings().data_dir.rglob("*") if path.is_file()}
    assert after == before


def test_a_file_is_only_found_for_the_student_who_uploaded_it(store: Engine, owners: tuple[int, int]) -> None:
    mine, theirs = owners
    key = uploads.keep(b"mine", owner_id=mine)
    assert uploads.exists(key, owner_id=mine)
    assert not uploads.exists(key, owner_id=theirs)
    with pytest.raises(FileNotFoundError):
        uploads.read(key, owner_id=theirs)
    uploads.forget(key, owner_id=theirs)  # another student's forget leaves it
    assert uploads.forget_all(theirs) == 0
    assert uploads.read(key, owner_id=mine) == b"mine"


def test_each_upload_gets_its_own_key(store: Engine, owners: tuple[int, int]) -> None:
    mine, _ = owners
    first, second = uploads.keep(b"one", owner_id=mine), uploads.keep(b"two", owner_id=mine)
    assert first != second
    assert (uploads.read(first, owner_id=mine), uploads.read(second, owner_id=mine)) == (b"one", b"two")


def test_a_whole_twenty_megabyte_file_round_trips(store: Engine, owners: tuple[int, int]) -> None:
    data = bytes(range(256)) * (uploads.MAX_FILE_BYTES // 256)
    key = uploads.keep(data, owner_id=owners[0])
    assert uploads.read(key, owner_id=owners[0]) == data


@pytest.mark.parametrize("key", ["../rapport.db", "A" * 32, "", "abc", "0" * 31 + "/", "' OR 1=1 --"])
def test_a_key_keep_never_made_names_nothing(store: Engine, owners: tuple[int, int], key: str) -> None:
    kept = uploads.keep(b"x", owner_id=owners[0])
    with pytest.raises(FileNotFoundError):
        uploads.read(key, owner_id=owners[0])
    assert not uploads.exists(key, owner_id=owners[0])
    uploads.forget(key, owner_id=owners[0])
    assert uploads.read(kept, owner_id=owners[0]) == b"x"


@pytest.mark.parametrize("owner", [0, -1, True, "7", "../7", None])
def test_an_owner_that_is_not_one_names_nothing(
    store: Engine, owners: tuple[int, int], owner: object
) -> None:
    key = uploads.keep(b"x", owner_id=owners[0])
    with pytest.raises(FileNotFoundError):
        uploads.read(key, owner_id=owner)  # type: ignore[arg-type]
    assert not uploads.exists(key, owner_id=owner)  # type: ignore[arg-type]
    assert uploads.forget_all(owner) == 0  # type: ignore[arg-type]
    with pytest.raises(FileNotFoundError):
        uploads.keep(b"x", owner_id=owner)  # type: ignore[arg-type]
    assert uploads.read(key, owner_id=owners[0]) == b"x"


def test_files_left_for_a_day_are_swept_and_fresh_ones_stay(store: Engine, owners: tuple[int, int]) -> None:
    mine, theirs = owners
    old, fresh = uploads.keep(b"old", owner_id=mine), uploads.keep(b"fresh", owner_id=mine)
    others_old = uploads.keep(b"theirs", owner_id=theirs)
    _age(store, old, uploads.STALE_AFTER + timedelta(minutes=1))
    _age(store, others_old, uploads.STALE_AFTER + timedelta(minutes=1))
    _age(store, fresh, uploads.STALE_AFTER - timedelta(minutes=1))

    assert uploads.sweep_stale() == 2
    assert uploads.read(fresh, owner_id=mine) == b"fresh"
    assert not uploads.exists(old, owner_id=mine)
    assert not uploads.exists(others_old, owner_id=theirs)


def test_the_sweep_goes_by_the_apps_clock(store: Engine, owners: tuple[int, int]) -> None:
    key = uploads.keep(b"mine", owner_id=owners[0])
    kept_at = utc_now()
    assert uploads.sweep_stale(now=kept_at + timedelta(hours=23)) == 0
    assert uploads.exists(key, owner_id=owners[0])
    assert uploads.sweep_stale(now=kept_at + timedelta(hours=24, minutes=1)) == 1
    assert not uploads.exists(key, owner_id=owners[0])


def test_keeping_a_new_file_sweeps_the_stale_ones(store: Engine, owners: tuple[int, int]) -> None:
    old = uploads.keep(b"old", owner_id=owners[1])
    _age(store, old, 2 * uploads.STALE_AFTER)
    new = uploads.keep(b"new", owner_id=owners[0])
    assert [row.key for row in _rows(store)] == [new]


def test_forget_all_takes_every_file_of_the_student_and_only_theirs(
    store: Engine, owners: tuple[int, int]
) -> None:
    mine, theirs = owners
    for data in (b"one", b"two"):
        uploads.keep(data, owner_id=mine)
    kept = uploads.keep(b"theirs", owner_id=theirs)
    assert uploads.forget_all(mine) == 2
    assert uploads.read(kept, owner_id=theirs) == b"theirs"


def test_local_mode_forget_all_also_clears_files_staged_on_disk_by_older_versions(
    store: Engine, owners: tuple[int, int]
) -> None:
    legacy = uploads.legacy_folder()
    (legacy / str(owners[0])).mkdir(parents=True, exist_ok=True)
    (legacy / str(owners[0]) / ("a" * 32 + ".csv")).write_bytes(b"Name\nAda\n")
    (legacy / ("b" * 32 + ".csv")).write_bytes(b"Name\nAda\n")
    uploads.keep(b"one", owner_id=owners[0])
    assert uploads.forget_all(owners[0]) == 1
    assert legacy.exists()  # hosted deletion: not provably this student's
    assert uploads.forget_all(owners[0], with_unowned=True) == 2
    assert not legacy.exists()


def test_a_database_with_no_room_says_the_disk_is_full(
    store: Engine, owners: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    monkeypatch.setattr(Session, "flush", full)
    with pytest.raises(OSError) as raised:
        uploads.keep(b"x", owner_id=owners[0])
    assert raised.value.errno == errno.ENOSPC


def test_staged_files_go_with_their_account(store: Engine, owners: tuple[int, int]) -> None:
    mine, theirs = owners
    uploads.keep(b"mine", owner_id=mine)
    kept = uploads.keep(b"theirs", owner_id=theirs)
    with Session(store) as session:
        if store.dialect.name == "sqlite":
            session.exec(text("PRAGMA foreign_keys=ON"))  # type: ignore[call-overload]
        session.exec(delete(User).where(col(User.id) == mine))
        session.commit()
    assert [row.key for row in _rows(store)] == [kept]


def test_an_upload_over_the_limit_is_refused_without_reading_it_all() -> None:
    upload = _Upload(b"x" * 1000)
    assert asyncio.run(uploads.read_limited(upload, limit=100)) is None
    assert upload.asked == [101]
    assert asyncio.run(uploads.read_limited(_Upload(b"x" * 100), limit=100)) == b"x" * 100


def test_the_size_message_says_how_big_and_what_to_do() -> None:
    mb = 1024 * 1024
    assert uploads.too_large_message(31 * mb) == (
        "This file is 31.0 MB; Rapport imports files up to 20 MB. Split it and import each part."
    )
    # A size the browser did not tell still reads as over the limit, never "0.0 MB".
    assert uploads.too_large_message(0).startswith("This file is 20.0 MB")


def test_the_app_sweeps_stale_staged_imports_when_it_starts(store: Engine, owners: tuple[int, int]) -> None:
    from app import main

    assert main.sweep_staged_imports in main.app.get_lifespan_tasks()
    old = uploads.keep(b"old", owner_id=owners[0])
    _age(store, old, 2 * uploads.STALE_AFTER)
    main.sweep_staged_imports()
    assert not uploads.exists(old, owner_id=owners[0])
