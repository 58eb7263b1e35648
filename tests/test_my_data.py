"""My data, whole: the export (JSON and CSV) holds every row I own and no secret; delete removes it."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from app import models
from app.domain.passwords import hash_password
from app.domain.vocabulary import DraftKind, TouchKind
from app.models import Contact, Touch, User
from app.services import merging, my_data, touches, uploads
from app.services.accounts import start_session, token_hash
from tests.factories import add_contact, add_meeting, other_owner

TODAY = date(2026, 3, 2)


def seed(session: Session, owner_id: int) -> None:
    contact_id = add_contact(session, owner_id, "Ada Lovelace", organisation="Acme", notes="=SUM(A1)")
    touches.record_touch(
        session, owner_id=owner_id, contact_id=contact_id, kind=TouchKind.OUTREACH_SENT, on=TODAY, today=TODAY
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


def test_the_export_holds_each_of_my_tables_rows_and_nothing_of_anyone_else(
    session: Session, owner_id: int
) -> None:
    def everything_of(owner: int, tag: str) -> None:
        contact = add_contact(session, owner, f"{tag} Contact", organisation=f"{tag} Org", notes=f"{tag} …")
        touches.record_touch(
            session, owner_id=owner, contact_id=contact, kind=TouchKind.OUTREACH_SENT, on=TODAY, today=TODAY
        )
        meeting = add_meeting(session, owner, contact)
        brief = models.Brief(owner_id=owner, meeting_id=meeting, org_what=f"{tag} research")
        session.add(brief)
        session.flush()
        session.add(models.BriefQuestion(owner_id=owner, brief_id=brief.id, position=0, text=f"{tag} ask?"))
        draft = models.Draft(owner_id=owner, contact_id=contact, kind=DraftKind.OUTREACH, subject=f"{tag} hi")
        session.add(draft)

    everything_of(owner_id, "Mine")
    other = other_owner(session, "Other Student")
    everything_of(other, "Theirs")
    cohort = models.Cohort(owner_id=other, name="Their cohort", invite_code="their-invite-code")
    session.add(cohort)
    session.flush()
    session.add(models.Membership(owner_id=owner_id, cohort_id=cohort.id))
    me = session.get(User, owner_id)
    assert me is not None
    me.password_hash = hash_password("correct horse battery")
    session.add(me)
    token = start_session(session, user_id=owner_id)
    session.commit()

    exported = my_data.export_everything(session, owner_id=owner_id)
    text = my_data.export_everything_json(session, owner_id=owner_id)

    tables = {
        "contact": Contact,
        "touch": Touch,
        "meeting": models.Meeting,
        "brief": models.Brief,
        "briefquestion": models.BriefQuestion,
        "draft": models.Draft,
        "organisation": models.Organisation,
        "membership": models.Membership,
    }
    linked = {"contact", "meeting", "brief", "organisation", "draft"}  # the records others point to
    for name, table in tables.items():
        mine = session.exec(select(table.id).where(table.owner_id == owner_id).order_by(table.id)).all()
        assert len(exported[name]) == len(mine) and mine, name
        if name in linked:
            assert [row["id"] for row in exported[name]] == mine, name
        else:
            assert all("id" not in row for row in exported[name]), name
        assert all("owner_id" not in row for row in exported[name]), name
    assert exported["contact"][0]["notes"] == "Mine …"
    assert exported["membership"][0]["cohort"] == "Their cohort"
    assert exported["user"]["display_name"] and "id" not in exported["user"]
    assert "Theirs" not in text and "Other Student" not in text
    # Nothing that would let someone sign in as me: no password hash, no session token.
    assert "password_hash" not in text and me.password_hash not in text
    assert "auth_session" not in exported and "token_hash" not in text
    assert token not in text and token_hash(token) not in text
    archive = zipfile.ZipFile(io.BytesIO(my_data.export_everything_csv_zip(session, owner_id=owner_id)))
    everything_zipped = "".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())
    assert me.password_hash not in everything_zipped and token_hash(token) not in everything_zipped
    assert "Theirs" not in everything_zipped


def test_deleting_everything_leaves_no_file_and_no_byte_of_mine_in_the_data_folder(
    engine: Engine, session: Session, owner_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # This test's data folder: the database the engine opened, and where older versions staged files.
    monkeypatch.setattr(uploads, "legacy_folder", lambda: (tmp_path / "imports").resolve())
    (tmp_path / "imports").mkdir()
    seed(session, owner_id)
    add_contact(session, owner_id, "Zebedee Quillfeather", notes="met at the fair")
    session.commit()
    staged = uploads.keep(b"First Name,Last Name\nZebedee,Quillfeather\n", owner_id=owner_id, session=session)
    session.commit()
    older = tmp_path / "imports" / ("c" * 32 + ".csv")  # staged on disk by an older version
    older.write_bytes(b"Name\nZebedee Quillfeather\n")

    removed = my_data.delete_everything(session, owner_id=owner_id, keep_account=True)
    session.commit()
    my_data.erase_freed_space(engine)

    assert removed == 2
    assert not uploads.exists(staged, owner_id=owner_id, session=session)
    left = sorted(path for path in tmp_path.rglob("*") if path.is_file())
    assert [path.name for path in left if path.parent.name == "imports" or "imports" in path.parts] == []
    for path in left:
        data = path.read_bytes()
        assert b"Zebedee" not in data and b"Quillfeather" not in data, path
        assert b"Ada Lovelace" not in data, path


def test_a_hosted_deletion_takes_only_that_students_files(
    session: Session, owner_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uploads, "legacy_folder", lambda: tmp_path)
    other = other_owner(session, "Other Student")
    session.commit()
    uploads.keep(b"mine", owner_id=owner_id, session=session)
    theirs = uploads.keep(b"theirs", owner_id=other, session=session)
    unowned = tmp_path / ("d" * 32 + ".csv")
    unowned.write_bytes(b"whose?")

    assert my_data.delete_everything(session, owner_id=owner_id, keep_account=False) == 1
    session.commit()
    assert session.get(User, owner_id) is None
    assert uploads.read(theirs, owner_id=other, session=session) == b"theirs"
    assert unowned.exists()  # hosted mode never touches a host's disk


def documented_fields() -> dict[str, set[str]]:
    """Section (`## \\`contact\\`: ...`) -> the fields its table lists, read from docs/export-json.md."""
    text = (Path(__file__).parent.parent / "docs" / "export-json.md").read_text(encoding="utf-8")
    sections: dict[str, set[str]] = {}
    current = ""
    for line in text.splitlines():
        if heading := re.match(r"## `(\w+)`", line):
            current = heading.group(1)
            sections[current] = set()
        elif current and (row := re.match(r"\| `(\w+)` \|", line)):
            sections[current].add(row.group(1))
    return sections


def everything_exported(session: Session, owner_id: int) -> dict[str, Any]:
    """An export with at least one record in every section."""
    contact = add_contact(session, owner_id, "Ada Lovelace", organisation="Acme")
    touches.record_touch(
        session, owner_id=owner_id, contact_id=contact, kind=TouchKind.OUTREACH_SENT, on=TODAY, today=TODAY
    )
    meeting = add_meeting(session, owner_id, contact)
    brief = models.Brief(owner_id=owner_id, meeting_id=meeting)
    session.add(brief)
    session.flush()
    session.add(models.BriefQuestion(owner_id=owner_id, brief_id=brief.id, position=0, text="Ask?"))
    draft = models.Draft(owner_id=owner_id, contact_id=contact, kind=DraftKind.OUTREACH)
    session.add(draft)
    session.flush()
    session.add(models.DraftVersion(owner_id=owner_id, draft_id=draft.id, subject="Hi", body="Before"))
    session.add(
        models.CardAnswer(owner_id=owner_id, contact_id=contact, kind="follow_up", trigger="2026-03-02")
    )
    session.add(models.AboutMe(owner_id=owner_id, name="Ada", school="Uni"))
    twin = add_contact(session, owner_id, "Ada Lovelace", organisation="Acme")
    merging.merge_contacts(session, owner_id=owner_id, kept_id=contact, other_id=twin, choices={})
    cohort = models.Cohort(owner_id=other_owner(session, "Advisor"), name="Cohort", invite_code="code-1")
    session.add(cohort)
    session.flush()
    session.add(models.Membership(owner_id=owner_id, cohort_id=cohort.id))
    session.commit()
    return my_data.export_everything(session, owner_id=owner_id)


def test_every_exported_field_is_documented_and_every_documented_one_exported(
    session: Session, owner_id: int
) -> None:
    exported = everything_exported(session, owner_id)
    documented = documented_fields()
    sections = {name for name, value in exported.items() if isinstance(value, list | dict)}
    assert sections == set(documented)
    for name in sections:
        records = exported[name] if isinstance(exported[name], list) else [exported[name]]
        assert records, name
        assert set(records[0]) == documented[name], name


def test_the_json_export_holds_no_internal_column_and_ids_only_where_records_link(
    session: Session, owner_id: int
) -> None:
    exported = everything_exported(session, owner_id)
    text = my_data.export_everything_json(session, owner_id=owner_id)
    for internal in ("name_key", "search_text", "linkedin_key", "owner_id", "token_hash", "password_hash"):
        assert f'"{internal}"' not in text, internal
    with_ids = {name for name, rows in exported.items() if isinstance(rows, list) and "id" in rows[0]}
    assert with_ids == {"organisation", "contact", "meeting", "brief", "draft"}
    assert "id" not in exported["user"]
    # Every id kept is one another record points to.
    contact, meeting = exported["contact"][0], exported["meeting"][0]
    assert exported["touch"][0]["contact_id"] == meeting["contact_id"] == contact["id"]
    assert contact["organisation_id"] == exported["organisation"][0]["id"]
    assert exported["briefquestion"][0]["brief_id"] == exported["brief"][0]["id"]
    assert exported["brief"][0]["meeting_id"] == meeting["id"]
