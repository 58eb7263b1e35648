"""Importing CSV rows into an owner's contacts and exporting them back: owners apart, duplicates skipped."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete
from sqlmodel import Session, col, func, select

from app import db
from app.domain.contact_rules import ContactInput
from app.domain.csv_export import CONTACT_EXPORT_HEADER
from app.domain.csv_import import CsvImportError, ImportRow, parse_contacts
from app.models import Contact, Organisation, StagedUpload
from app.services import contacts as contact_service
from app.services.exporting import as_download, contacts_csv, export_filename, touches_csv
from app.services.importing import ImportResult, batches, import_batch, preview_import
from app.services.touches import record_touch
from app.state.importer import FILE_GONE_MESSAGE, ImportState
from tests.factories import other_owner

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2026, 3, 16)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def import_all(session: Session, owner_id: int, rows: Sequence[ImportRow]) -> ImportResult:
    """Every row, batch by batch, as the page writes them (in one session here)."""
    result = ImportResult()
    for batch in batches(rows):
        result = result + import_batch(session, owner_id=owner_id, rows=batch)
    return result


def names_of(session: Session, owner_id: int) -> list[str]:
    return sorted(
        session.exec(
            select(Contact.name).where(Contact.owner_id == owner_id, col(Contact.deleted_at).is_(None))
        )
    )


def exported_records(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_import_writes_the_rows_for_that_owner_only(session: Session, owner_id: int) -> None:
    other = other_owner(session)
    plan = preview_import(session, owner_id=owner_id, data=fixture("linkedin_connections.csv"))
    result = import_all(session, owner_id, plan.rows)
    session.commit()

    assert result.created == len(plan.rows) > 0
    saved = names_of(session, owner_id)
    assert "Ada Lovelace" in saved and "Grace Hopper" in saved
    assert len(saved) == result.created
    assert names_of(session, other) == []
    # Organisations were made for this owner, once each.
    organisations = session.exec(select(Organisation.name, Organisation.owner_id)).all()
    assert ("Babbage, Lovelace & Co", owner_id) in organisations
    assert {org_owner for _, org_owner in organisations} == {owner_id}
    ada = session.exec(select(Contact).where(Contact.name == "Ada Lovelace")).one()
    assert ada.connected_on == date(2024, 3, 12)
    assert ada.linkedin_key == "linkedin.com/in/ada-lovelace-1815"
    assert ada.role == "Analyst, Engines"


def test_preview_counts_match_the_file_and_write_nothing(session: Session, owner_id: int) -> None:
    data = fixture("linkedin_connections.csv")
    parsed = parse_contacts(data)
    plan = preview_import(session, owner_id=owner_id, data=data)
    assert plan.total_rows == len(plan.rows) + len(plan.errors) + plan.duplicates
    assert plan.duplicates_in_file == parsed.skipped_duplicates > 0
    assert plan.duplicates_saved == 0
    assert [error.message for error in plan.errors] == [error.message for error in parsed.errors]
    assert names_of(session, owner_id) == []


def test_duplicates_of_saved_contacts_are_skipped_and_counted(session: Session, owner_id: int) -> None:
    contact_service.create_contact(
        session,
        owner_id=owner_id,
        data=ContactInput(
            name="Ada Lovelace",
            organisation="Babbage, Lovelace & Co",
            linkedin_url="linkedin.com/in/ADA-lovelace-1815",
        ),
    )
    contact_service.create_contact(
        session, owner_id=owner_id, data=ContactInput(name="grace hopper", organisation="US Navy")
    )
    # Another owner's Tim Berners-Lee is no reason to skip ours.
    other = other_owner(session)
    contact_service.create_contact(
        session,
        owner_id=other,
        data=ContactInput(name="Tim Berners-Lee", organisation="W3C, MIT"),
    )
    session.commit()

    plan = preview_import(session, owner_id=owner_id, data=fixture("linkedin_connections_old.csv"))
    # Both saved people are found again; the file also gives each a position they did not have yet,
    # which the preview offers as a change rather than a new contact.
    assert plan.duplicates_saved + len(plan.changes) == 2
    # (The file has no URL column: Ada's saved profile URL is not offered for clearing.)
    assert {change.name: [f.field for f in change.fields] for change in plan.changes} == {
        "Ada Lovelace": ["role", "email"],
        "grace hopper": ["role"],
    }
    assert [row.contact.name for row in plan.rows] == ["Tim Berners-Lee"]

    result = import_all(session, owner_id, plan.rows)
    assert (result.created, result.duplicates) == (1, 0)
    assert names_of(session, owner_id) == ["Ada Lovelace", "Tim Berners-Lee", "grace hopper"]


def test_writing_the_same_rows_twice_skips_them_the_second_time(session: Session, owner_id: int) -> None:
    # The page re-checks each batch against the database, so a double click or a re-import is harmless.
    rows = parse_contacts(fixture("linkedin_connections.csv")).rows
    first = import_batch(session, owner_id=owner_id, rows=rows)
    second = import_batch(session, owner_id=owner_id, rows=rows)
    assert first.created == len(rows)
    assert (second.created, second.duplicates) == (0, len(rows))
    count = session.exec(select(func.count()).where(Contact.owner_id == owner_id)).one()
    assert count == len(rows)


def test_a_refused_file_raises_with_a_message_and_writes_nothing(session: Session, owner_id: int) -> None:
    for data in (b"", fixture("not_a_csv.png")):
        with pytest.raises(CsvImportError) as refused:
            preview_import(session, owner_id=owner_id, data=data)
        assert refused.value.message
    huge = ("Name\n" + "".join(f"Person {i}\n" for i in range(100_000))).encode()
    with pytest.raises(CsvImportError, match="100,000 rows"):
        preview_import(session, owner_id=owner_id, data=huge)
    assert names_of(session, owner_id) == []


SAVED = [
    ContactInput(
        name="Ada Lovelace",
        email="ada@example.org",
        linkedin_url="https://www.linkedin.com/in/ada-lovelace",
        organisation="Babbage, Lovelace & Co",
        role='Analyst, "Engines"',
        source="alumni",
        is_local=True,
        notes="Met at the reunion.\nAsk about the engine, and the notes.",
        phone="+44 20 7946 0000",
    ),
    ContactInput(name="Zoë Ångström 👩🏽‍🔬", organisation="Ångström Labs", source="event"),
    ContactInput(name="مريم ميرزاخاني", organisation="جامعة ستانفورد", role="أستاذة", source="referred"),
    ContactInput(name='=HYPERLINK("http://evil.example","Click")', notes="-2+3", source="local"),
    ContactInput(
        name="Grace Hopper", email="grace@navy.example", organisation="US Navy", source="linkedin_group"
    ),
]


def comparable(text: str) -> list[tuple[str, ...]]:
    """The exported contacts minus what Rapport works out rather than imports (stage, dates of touches)."""
    worked_out = ("Stage", "Last touch", "Next due", "Added on")
    kept = [name for name in CONTACT_EXPORT_HEADER if name not in worked_out]
    return sorted(tuple(record[name] for name in kept) for record in exported_records(text))


def test_export_then_import_into_a_fresh_owner_gives_the_same_contacts(
    session: Session, owner_id: int
) -> None:
    for data in SAVED:
        contact_service.create_contact(session, owner_id=owner_id, data=data)
    exported = contacts_csv(session, owner_id=owner_id, today=TODAY)

    fresh = other_owner(session, "Fresh")
    plan = preview_import(session, owner_id=fresh, data=as_download(exported))
    assert plan.sniff is not None and plan.sniff.is_rapport_export
    assert (len(plan.rows), plan.errors, plan.duplicates) == (len(SAVED), [], 0)
    import_all(session, fresh, plan.rows)

    assert comparable(contacts_csv(session, owner_id=fresh, today=TODAY)) == comparable(exported)
    assert sorted(names_of(session, fresh)) == sorted(names_of(session, owner_id))
    # Importing the export into the same owner finds every row already there.
    again = preview_import(session, owner_id=owner_id, data=as_download(exported))
    assert (len(again.rows), again.duplicates_saved) == (0, len(SAVED))


def test_the_export_dates_are_the_apps_and_the_file_imports_back_to_the_same_contacts(
    session: Session, owner_id: int
) -> None:
    connections = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        b"Grace,Hopper,https://www.linkedin.com/in/grace-hopper,grace@example.org,Navy,Admiral,5 Nov 2023\r\n"
        b"Alan,Turing,,,Bletchley,,\r\n"
    )
    import_all(session, owner_id, preview_import(session, owner_id=owner_id, data=connections).rows)
    grace_id = session.exec(select(Contact.id).where(Contact.name == "Grace Hopper")).one()
    record_touch(session, owner_id=owner_id, contact_id=grace_id, kind="outreach_sent", on=TODAY, today=TODAY)
    shown = contact_service.contact_detail(session, owner_id=owner_id, contact_id=grace_id, today=TODAY)
    assert shown.next_due_on  # an outreach makes a follow-up due

    exported = contacts_csv(session, owner_id=owner_id, today=TODAY)
    grace, alan = sorted(exported_records(exported), key=lambda r: r["Name"] != "Grace Hopper")
    assert (grace["Connected on"], grace["Last touch"], grace["Next due"]) == (
        "2023-11-05", TODAY.isoformat(), shown.next_due_on,
    )  # fmt: skip
    assert (grace["Stage"], grace["Source"], grace["Local"]) == (shown.stage_label, "Other", "No")
    assert (alan["Connected on"], alan["Last touch"], alan["Next due"]) == ("", "", "")

    fresh = other_owner(session, "Fresh")
    plan = preview_import(session, owner_id=fresh, data=as_download(exported))
    assert (len(plan.rows), plan.errors) == (2, [])
    import_all(session, fresh, plan.rows)
    assert comparable(contacts_csv(session, owner_id=fresh, today=TODAY)) == comparable(exported)
    copied = session.exec(
        select(Contact).where(Contact.owner_id == fresh, Contact.name == "Grace Hopper")
    ).one()
    assert copied.connected_on == date(2023, 11, 5)
    assert copied.linkedin_url == "https://www.linkedin.com/in/grace-hopper"


def test_export_holds_only_the_owners_live_contacts_and_touches(session: Session, owner_id: int) -> None:
    mine = contact_service.create_contact(
        session, owner_id=owner_id, data=ContactInput(name="Mine Person", organisation="Acme")
    )
    gone = contact_service.create_contact(
        session, owner_id=owner_id, data=ContactInput(name="Deleted Person")
    )
    other = other_owner(session)
    theirs = contact_service.create_contact(session, owner_id=other, data=ContactInput(name="Secret Person"))
    record_touch(session, owner_id=owner_id, contact_id=mine, kind="outreach_sent", on=TODAY, today=TODAY,
                 summary="Sent the first email")  # fmt: skip
    record_touch(session, owner_id=owner_id, contact_id=gone, kind="note", on=TODAY, today=TODAY,
                 summary="About the deleted one")  # fmt: skip
    record_touch(session, owner_id=other, contact_id=theirs, kind="note", on=TODAY, today=TODAY,
                 summary="Their private note")  # fmt: skip
    contact_service.delete_contact(session, owner_id=owner_id, contact_id=gone)

    contacts = exported_records(contacts_csv(session, owner_id=owner_id, today=TODAY))
    assert [(r["Name"], r["Organisation"], r["Stage"]) for r in contacts] == [
        ("Mine Person", "Acme", "Reached out")
    ]
    touches = exported_records(touches_csv(session, owner_id=owner_id))
    assert [(t["Contact name"], t["Kind"], t["Date"], t["Summary"]) for t in touches] == [
        ("Mine Person", "Outreach sent", TODAY.isoformat(), "Sent the first email")
    ]
    theirs_exported = contacts_csv(session, owner_id=other, today=TODAY)
    assert "Mine Person" not in theirs_exported and "Secret Person" in theirs_exported


def test_export_files_open_as_utf8_in_spreadsheets() -> None:
    assert as_download("Name\r\nZoë\r\n").startswith(b"\xef\xbb\xbf")
    assert export_filename("contacts", TODAY) == "rapport-contacts-2026-03-16.csv"


def test_five_thousand_rows_import(session: Session, owner_id: int) -> None:
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"] + [
        f'Person,Number {i},https://www.linkedin.com/in/person-{i},p{i}@example.org,"Company {i % 97}, Inc",'
        "Engineer,12 Mar 2024"
        for i in range(5_000)
    ]
    data = ("\r\n".join(lines) + "\r\n").encode()
    plan = preview_import(session, owner_id=owner_id, data=data)
    result = import_all(session, owner_id, plan.rows)
    session.commit()

    assert result.created == 5_000
    assert session.exec(select(func.count()).where(Contact.owner_id == owner_id)).one() == 5_000
    assert session.exec(select(func.count()).select_from(Organisation)).one() == 97


# --- the page's state, as the browser drives it ---------------------------------------------------


@pytest.fixture
def import_state(
    page_state: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> ImportState:
    # Staged files go to this test's own database, so counting them says what this test left behind.
    state: ImportState = page_state(ImportState, today=TODAY)
    state.on_load()
    return state


def upload_file(name: str, data: bytes) -> object:
    import reflex as rx

    return rx.UploadFile(file=io.BytesIO(data), path=Path(name), size=len(data))


def start_import(state: ImportState) -> None:
    """The Import button: a background event, which Reflex refuses to let one handler call directly."""
    asyncio.run(ImportState.event_handlers["start_import"].fn(state))


def staged_files() -> list[StagedUpload]:
    """The files staged in this test's database (page_state points the app at it)."""
    with Session(db.get_engine()) as session:
        return list(session.exec(select(StagedUpload)).all())


def drop_staged_files() -> None:
    """Swept, or deleted from another tab, between two presses."""
    with Session(db.get_engine()) as session:
        session.exec(delete(StagedUpload))
        session.commit()


def test_the_page_keeps_the_upload_private_and_refuses_files_over_the_limit(
    import_state: ImportState, tmp_path: Path
) -> None:
    from app.domain.csv_import import MAX_FILE_BYTES

    state = import_state
    too_big = upload_file("big.csv", b"Name\n" + b"x" * MAX_FILE_BYTES)
    asyncio.run(state.handle_upload([too_big]))
    assert state.step == "upload" and "Rapport imports files up to 20 MB" in state.message
    assert staged_files() == []

    connections = upload_file("Connections.csv", fixture("linkedin_connections.csv"))
    asyncio.run(state.handle_upload([connections]))
    assert (state.step, state.to_import, state.problem_count) == ("preview", 6, 4)
    # The bytes wait in one staged row of the database, named only in a backend-only variable.
    [kept] = staged_files()
    assert bytes(kept.data) == fixture("linkedin_connections.csv") and kept.owner_id == state._uploaded_by
    assert kept.key not in str(state.dict())
    state.cancel()
    assert staged_files() == [] and state.step == "upload"


def test_the_mapping_accepts_only_the_files_own_columns(import_state: ImportState, tmp_path: Path) -> None:
    state = import_state
    asyncio.run(state.handle_upload([upload_file("people.csv", fixture("generic_contacts.csv"))]))
    assert state.step == "mapping"
    state.set_mapping_field("name", "Not a column")
    state.set_mapping_field("password_hash", "Who")
    assert state.mapping["name"] == "__not_in_file__" and "password_hash" not in state.mapping
    state.set_mapping_field("name", "Who")
    asyncio.run(state.confirm_mapping())
    assert (state.step, state.to_import) == ("preview", 2)
    state.cancel()
    assert staged_files() == []


def test_importing_from_the_page_saves_the_contacts_and_forgets_the_file(
    import_state: ImportState, tmp_path: Path, session: Session, owner_id: int
) -> None:
    state = import_state
    asyncio.run(state.handle_upload([upload_file("Connections.csv", fixture("linkedin_connections.csv"))]))
    start_import(state)

    assert (state.step, state.created, state.progress_done, state.progress_total) == ("done", 6, 6, 6)
    assert state.summary_text == "Imported 6 contacts."
    parsed = parse_contacts(fixture("linkedin_connections.csv"))
    assert (state.skipped, state.failed) == (parsed.skipped_duplicates, 4) and state.skipped > 0
    assert "Ada Lovelace" in names_of(session, owner_id) and len(names_of(session, owner_id)) == 6
    assert staged_files() == []
    # Reloading the page after an import starts afresh.
    state.on_load()
    assert state.step == "upload" and state.created == 0


def test_a_staged_file_gone_before_the_import_saves_nothing_and_says_so(
    import_state: ImportState, tmp_path: Path, session: Session, owner_id: int
) -> None:
    state = import_state
    asyncio.run(state.handle_upload([upload_file("Connections.csv", fixture("linkedin_connections.csv"))]))
    drop_staged_files()  # swept, or deleted elsewhere, between preview and import
    start_import(state)
    assert state.step == "upload"
    assert state.message == FILE_GONE_MESSAGE
    assert names_of(session, owner_id) == []


def test_a_preview_open_while_everything_is_deleted_elsewhere_says_the_file_is_gone(
    page_state: Callable[..., Any], import_state: ImportState, tmp_path: Path, session: Session, owner_id: int
) -> None:
    from app.state.settings import SettingsState

    # Tab one: a preview waiting for "Import". Tab two: settings, everything deleted.
    preview = import_state
    asyncio.run(preview.handle_upload([upload_file("Connections.csv", fixture("linkedin_connections.csv"))]))
    assert preview.step == "preview" and staged_files()
    settings: SettingsState = page_state(SettingsState, today=TODAY)
    settings.set_confirm_text("delete")
    settings.delete_everything()
    assert staged_files() == []

    # Back in tab one, a reload (or any press) says so in words, and nothing is imported.
    preview.on_load()
    assert (preview.step, preview.message) == ("upload", FILE_GONE_MESSAGE)
    asyncio.run(preview.handle_upload([upload_file("people.csv", fixture("generic_contacts.csv"))]))
    assert preview.step == "mapping"
    drop_staged_files()
    preview.set_mapping_field("name", "Who")
    asyncio.run(preview.confirm_mapping())
    assert (preview.step, preview.message) == ("upload", FILE_GONE_MESSAGE)
    assert names_of(session, owner_id) == []


def test_a_vcard_file_goes_straight_to_the_preview_and_imports(
    import_state: ImportState, tmp_path: Path, session: Session, owner_id: int
) -> None:
    state = import_state
    asyncio.run(state.handle_upload([upload_file("contacts.vcf", fixture("phone-export-2.1.vcf"))]))
    assert (state.step, state.recognised_as) == ("preview", "a vCard file")
    assert (state.to_import, state.problem_count) == (1, 1)
    assert state.error_lines == ["Line 17: no name."]
    assert state.notices == ["1 card has a photo: Rapport keeps no pictures, so the photos are left out."]
    start_import(state)
    assert (state.step, state.created) == ("done", 1)
    assert names_of(session, owner_id) == ["Jürgen Müller"]


def test_an_outlook_export_needs_no_mapping_step(
    import_state: ImportState, tmp_path: Path, session: Session, owner_id: int
) -> None:
    state = import_state
    asyncio.run(state.handle_upload([upload_file("contacts.csv", fixture("outlook_contacts_cp1252.csv"))]))
    assert (state.step, state.recognised_as, state.to_import) == ("preview", "an Outlook export", 2)
    start_import(state)
    assert names_of(session, owner_id) == ["Hélène Dubois", "Tom Baker"]


def test_the_vcard_export_holds_the_owners_contacts_alone_and_reads_back(
    session: Session, owner_id: int
) -> None:
    from app.domain.vcard import parse_vcards
    from app.services.errors import NotFound
    from app.services.exporting import contacts_vcard

    mine = contact_service.create_contact(
        session,
        owner_id=owner_id,
        data=ContactInput(name="Maya Chen", email="maya@acme.example", organisation="Acme", role="PM"),
    )
    other = other_owner(session)
    theirs = contact_service.create_contact(session, owner_id=other, data=ContactInput(name="Not Mine"))
    session.flush()
    text = contacts_vcard(session, owner_id=owner_id)
    assert "Not Mine" not in text
    [row] = parse_vcards(text.encode()).rows
    assert (row.contact.name, row.contact.email, row.contact.organisation, row.contact.role) == (
        "Maya Chen",
        "maya@acme.example",
        "Acme",
        "PM",
    )
    assert "FN:Maya Chen" in contacts_vcard(session, owner_id=owner_id, contact_id=mine)
    with pytest.raises(NotFound):
        contacts_vcard(session, owner_id=owner_id, contact_id=theirs)
