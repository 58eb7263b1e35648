"""A student's own data, whole: exported as JSON (every table they own), or deleted for good."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from app.models import (
    AboutMe,
    AuthSession,
    Brief,
    BriefQuestion,
    Contact,
    Draft,
    DraftVersion,
    Meeting,
    Membership,
    Organisation,
    Touch,
    User,
)

EXPORT_VERSION = 1
# Order matters for deletion: children before parents, whatever the database's cascades do.
OwnedTable = (
    type[BriefQuestion]
    | type[Brief]
    | type[DraftVersion]
    | type[Draft]
    | type[Touch]
    | type[Meeting]
    | type[Contact]
    | type[Organisation]
    | type[Membership]
    | type[AuthSession]
    | type[AboutMe]
)
OWNED_TABLES: tuple[OwnedTable, ...] = (
    BriefQuestion, Brief, DraftVersion, Draft, Touch, Meeting, Contact, Organisation, Membership, AuthSession,
    AboutMe,
)  # fmt: skip
PRIVATE_USER_FIELDS = {"password_hash"}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _table_name(table: OwnedTable) -> str:
    name = table.__tablename__
    assert isinstance(name, str)  # typed `str | Callable` by SQLModel; on a table class it is the name
    return name


def _rows(session: Session, table: OwnedTable, owner_id: int) -> list[dict[str, Any]]:
    rows = session.exec(select(table).where(col(table.owner_id) == owner_id).order_by(col(table.id))).all()
    private = {"token_hash"} if table is AuthSession else set()
    return [{k: _plain(v) for k, v in row.model_dump().items() if k not in private} for row in rows]


def export_everything(session: Session, *, owner_id: int) -> dict[str, Any]:
    user = session.get(User, owner_id)
    profile = (
        {k: _plain(v) for k, v in user.model_dump().items() if k not in PRIVATE_USER_FIELDS} if user else {}
    )
    data: dict[str, Any] = {"rapport_export_version": EXPORT_VERSION, "user": profile}
    for table in reversed(OWNED_TABLES):
        if table is AuthSession:
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


def delete_everything(session: Session, *, owner_id: int, keep_account: bool) -> None:
    """Removes every row the owner has; the account too unless `keep_account` (local mode's one user)."""
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
