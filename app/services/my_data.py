"""A student's own data, whole: exported as JSON (every table they own), or deleted for good."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, SQLModel, col, select

from app.models import (
    AuthSession,
    Brief,
    BriefQuestion,
    Contact,
    Draft,
    Meeting,
    Membership,
    Organisation,
    Touch,
    User,
)

EXPORT_VERSION = 1
# Order matters for deletion: children before parents, whatever the database's cascades do.
OWNED_TABLES: tuple[type[SQLModel], ...] = (
    BriefQuestion, Brief, Draft, Touch, Meeting, Contact, Organisation, Membership, AuthSession,
)  # fmt: skip
PRIVATE_USER_FIELDS = {"password_hash"}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _rows(session: Session, table: type[SQLModel], owner_id: int) -> list[dict[str, Any]]:
    rows = session.exec(select(table).where(table.owner_id == owner_id).order_by(table.id)).all()  # type: ignore[attr-defined]
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
        data[table.__tablename__] = _rows(session, table, owner_id)  # type: ignore[arg-type]
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
    session.exec(  # type: ignore[call-overload]
        Contact.__table__.update().where(Contact.owner_id == owner_id).values(referred_by_id=None)
    )
    for table in OWNED_TABLES:
        session.exec(delete(table).where(col(table.owner_id) == owner_id))  # type: ignore[attr-defined,call-overload]
    if not keep_account:
        session.exec(delete(User).where(col(User.id) == owner_id))  # type: ignore[call-overload]
