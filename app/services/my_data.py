"""A student's own data, whole: exported as JSON (every table they own), or deleted for good.

The export is described field by field in docs/export-json.md; it leaves out what only Rapport's
machinery needs (search and comparison keys, the owner id, secrets) and keeps ids only on the
records others point to. Deleting removes the rows, the files staged for import, and (SQLite) the
freed pages the rows were in.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col, select

from app import db
from app.models import (
    AboutMe,
    AuthSession,
    Brief,
    BriefQuestion,
    CalendarFeed,
    CardAnswer,
    Cohort,
    Contact,
    ContactMerge,
    Draft,
    DraftVersion,
    Meeting,
    Membership,
    Organisation,
    TimelineUndo,
    Touch,
    User,
)
from app.services import uploads

EXPORT_VERSION = 1
# Order matters for deletion: children before parents, whatever the database's cascades do.
OwnedTable = (
    type[BriefQuestion]
    | type[Brief]
    | type[DraftVersion]
    | type[Draft]
    | type[TimelineUndo]
    | type[Touch]
    | type[CardAnswer]
    | type[ContactMerge]
    | type[Meeting]
    | type[Contact]
    | type[Organisation]
    | type[Membership]
    | type[AuthSession]
    | type[CalendarFeed]
    | type[AboutMe]
)
OWNED_TABLES: tuple[OwnedTable, ...] = (
    BriefQuestion, Brief, DraftVersion, Draft, TimelineUndo, Touch, CardAnswer, ContactMerge, Meeting,
    Contact,
    Organisation, Membership, AuthSession, CalendarFeed, AboutMe,
)  # fmt: skip
# Columns only Rapport's machinery needs: never in an export.
INTERNAL_FIELDS = frozenset(
    {
        "owner_id",
        "name_key",
        "linkedin_key",
        "search_text",
        "token_hash",
        "password_hash",
        "uid_salt",
        "projection_from",
        "projection_until",
    }
)
# Records nothing else in the export points to: their own id would only be noise.
UNLINKED_TABLES = frozenset(
    {
        "touch",
        "briefquestion",
        "membership",
        "card_answer",
        "calendar_feed",
        "about_me",
        "draft_version",
        "contact_merge",
    }
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _table_name(table: OwnedTable) -> str:
    name = table.__tablename__
    assert isinstance(name, str)  # typed `str | Callable` by SQLModel; on a table class it is the name
    return name


def _readable(row: SQLModel, *, keep_id: bool) -> dict[str, Any]:
    """The row's fields in the model's order, without internal columns (nor its id unless kept)."""
    left_out = INTERNAL_FIELDS if keep_id else INTERNAL_FIELDS | {"id"}
    values = row.model_dump()
    return {name: _plain(values[name]) for name in type(row).model_fields if name not in left_out}


def _rows(session: Session, table: OwnedTable, owner_id: int) -> list[dict[str, Any]]:
    rows = session.exec(select(table).where(col(table.owner_id) == owner_id).order_by(col(table.id))).all()
    keep_id = _table_name(table) not in UNLINKED_TABLES
    shaped = [_readable(row, keep_id=keep_id) for row in rows]
    if table is Membership:
        # The cohort is someone else's record: its name says which one, not its id.
        names = dict(session.exec(select(Cohort.id, Cohort.name)).all()) if shaped else {}
        shaped = [{"cohort": names.get(row.pop("cohort_id"), ""), **row} for row in shaped]
    return shaped


def export_everything(session: Session, *, owner_id: int) -> dict[str, Any]:
    user = session.get(User, owner_id)
    profile = _readable(user, keep_id=False) if user else {}
    data: dict[str, Any] = {"rapport_export_version": EXPORT_VERSION, "user": profile}
    for table in reversed(OWNED_TABLES):
        # Credentials (hashes), and Undo's copies of entries (already in `touch` or just deleted).
        if table in (AuthSession, CalendarFeed, TimelineUndo):
            continue
        data[_table_name(table)] = _rows(session, table, owner_id)
    return data


def export_everything_json(session: Session, *, owner_id: int) -> str:
    return json.dumps(export_everything(session, owner_id=owner_id), ensure_ascii=False, indent=2)


def export_everything_csv_zip(session: Session, *, owner_id: int) -> bytes:
    """The same data as the JSON export, as one CSV file per table in a zip (opens in any spreadsheet)."""
    from app.domain.csv_export import escape_formula

    data = export_everything(session, owner_id=owner_id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        tables = {"user": [data["user"]]} | {k: v for k, v in data.items() if isinstance(v, list)}
        for name, rows in tables.items():
            text = io.StringIO()
            columns = list(rows[0]) if rows else []
            writer = csv.writer(text)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([escape_formula("" if row[c] is None else str(row[c])) for c in columns])
            archive.writestr(f"{name}.csv", "\ufeff" + text.getvalue())
    return buffer.getvalue()


def delete_everything(session: Session, *, owner_id: int, keep_account: bool) -> int:
    """Removes every row the owner has, and every file staged for their imports; the account too
    unless `keep_account` (local mode's one user, who also owns files staged on disk before they
    moved to the database). Returns how many staged files went. Call `erase_freed_space` once committed."""
    # Staged files first: deleting the account would cascade to them uncounted.
    staged = uploads.forget_all(owner_id, with_unowned=keep_account, session=session)
    # Contacts refer to each other (referred by); clear that first so the order below always works.
    session.exec(
        update(Contact)
        .where(col(Contact.owner_id) == owner_id)
        .values(referred_by_id=None)
        .execution_options(synchronize_session=False)
    )
    for table in OWNED_TABLES:
        session.exec(delete(table).where(col(table.owner_id) == owner_id))
    if not keep_account:
        session.exec(delete(User).where(col(User.id) == owner_id))
    return staged


def erase_freed_space(engine: Engine | None = None) -> None:
    """SQLite keeps deleted rows' bytes in free pages and the write-ahead log until they are reused:
    rewrite the file so what was deleted is not in it any more. Nothing to do for PostgreSQL."""
    engine = engine or db.get_engine()
    if engine.dialect.name != "sqlite":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM")
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
