"""Settings' data controls in local mode: export everything (JSON and CSV), delete everything."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date

from sqlmodel import Session, func, select

from app.domain.contact_rules import ContactInput
from app.models import Contact, Touch, User
from app.services import contacts, my_data, touches

TODAY = date(2026, 3, 2)


def seed(session: Session, owner_id: int) -> None:
    contact_id = contacts.create_contact(
        session,
        owner_id=owner_id,
        data=ContactInput(name="Ada Lovelace", organisation="Acme", notes="=SUM(A1)"),
    )
    touches.record_touch(
        session, owner_id=owner_id, contact_id=contact_id, kind="outreach_sent", on=TODAY, today=TODAY
    )
    session.commit()


def test_the_csv_export_has_a_file_per_table_matching_the_json(session: Session, owner_id: int) -> None:
    seed(session, owner_id)
    exported = my_data.export_everything(session, owner_id=owner_id)
    archive = zipfile.ZipFile(io.BytesIO(my_data.export_everything_csv_zip(session, owner_id=owner_id)))
    assert {"user.csv", "contact.csv", "touch.csv", "organisation.csv", "meeting.csv"} <= set(
        archive.namelist()
    )
    rows = list(csv.DictReader(io.StringIO(archive.read("contact.csv").decode("utf-8-sig"))))
    assert [row["name"] for row in rows] == [c["name"] for c in exported["contact"]] == ["Ada Lovelace"]
    # Spreadsheet formulas are neutralised on the way out.
    assert rows[0]["notes"] == "'=SUM(A1)"
    assert json.dumps(exported)  # the JSON form serialises


def test_local_delete_empties_everything_but_keeps_the_one_local_user(
    session: Session, owner_id: int
) -> None:
    seed(session, owner_id)
    my_data.delete_everything(session, owner_id=owner_id, keep_account=True)
    session.commit()
    assert session.get(User, owner_id) is not None
    for table in (Contact, Touch):
        assert session.exec(select(func.count()).select_from(table)).one() == 0
