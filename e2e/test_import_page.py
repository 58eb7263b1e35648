"""The import page in a real browser: preview, import, column mapping, refusals, export and its round trip."""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import FilePayload, Page, expect
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.db import make_engine
from app.domain.contact_rules import ContactInput
from app.migrate import ensure_local_user
from app.services import contacts as contact_service
from app.services.touches import record_touch
from e2e.conftest import BrowserErrors, RunningApp, wait_for_app
from e2e.test_accessibility import violations

IMPORT = "/contacts/import"
PREAMBLE = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing."\r\n'
    "\r\n"
)
LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"


@pytest.fixture(scope="module")
def engine(app_server: RunningApp) -> Iterator[Engine]:
    engine = make_engine(app_server.database_url)
    yield engine
    engine.dispose()


def tag() -> str:
    return uuid.uuid4().hex[:8]


def csv_file(name: str, text: str, *, bom: bool = False) -> FilePayload:
    data = ("\ufeff" if bom else "") + text
    return {"name": name, "mimeType": "text/csv", "buffer": data.encode("utf-8")}


def connections_csv(t: str) -> FilePayload:
    """LinkedIn's layout: BOM, notes preamble, a quoted comma, a nameless row, a repeat and a bad email."""
    rows = (
        f'Ada,Lovelace {t},https://www.linkedin.com/in/ada-{t},ada-{t}@example.org,"Babbage, Lovelace & Co",'
        '"Analyst, Engines",12 Mar 2024\r\n'  # line 5
        f"Grace,Hopper {t},https://www.linkedin.com/in/grace-{t},,US Navy,Rear Admiral,01 Jan 2023\r\n"  # 6
        ",,https://www.linkedin.com/in/private-member,,Acme,Engineer,3 Feb 2024\r\n"  # 7: no name
        # 8: Ada again, her URL spelled differently
        f'Ada,Lovelace {t},https://linkedin.com/in/ada-{t}/,,"Babbage, Lovelace & Co",Analyst,12 Mar 2024\r\n'
        f"Alan,Turing {t},https://www.linkedin.com/in/alan-{t},not-an-email,Bletchley Park,Cryptanalyst,"
        "23 Jun 2022\r\n"  # 9: bad email
    )
    return csv_file("Connections.csv", PREAMBLE + LINKEDIN_HEADER + rows, bom=True)


def open_import_page(page: Page, base_url: str) -> None:
    page.goto(base_url + IMPORT)
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Import contacts")


def upload(page: Page, file: FilePayload) -> None:
    page.locator("input[type=file]").set_input_files(file)


def names_saved(engine: Engine, query: str) -> list[str]:
    with Session(engine) as session:
        found = contact_service.list_contacts(
            session, owner_id=ensure_local_user(engine), today=date.today(), query=query
        )
        return sorted(row.name for row in found.rows)


def test_linkedin_connections_are_previewed_then_imported(
    page: Page, base_url: str, engine: Engine, browser_errors: BrowserErrors
) -> None:
    t = tag()
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    open_import_page(page, base_url)
    # The "Choose file" button works from the keyboard: Enter asks the browser for the file dialog.
    choose = page.get_by_role("button", name="Choose file CSV or vCard file, up to 20 MB", exact=True)
    page.evaluate(
        "() => { window.__dialogs = 0; HTMLInputElement.prototype.click = function () {"
        " if (this.type === 'file') window.__dialogs += 1; }; }"
    )
    choose.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("window.__dialogs === 1")
    page.reload()
    wait_for_app(page)
    # (Headless Chromium opens the intercepted dialog reliably only for a pointer click.)
    with page.expect_file_chooser() as chooser:
        choose.click()
    chooser.value.set_files(connections_csv(t))

    expect(page.get_by_role("heading", name="Check before importing")).to_be_visible()
    expect(page.get_by_text("recognised as LinkedIn's Connections.csv")).to_be_visible()
    expect(page.get_by_test_id("count-to-import")).to_have_text("2")
    expect(page.get_by_test_id("count-duplicates")).to_have_text("1")
    expect(page.get_by_test_id("count-problems")).to_have_text("2")
    problems = page.get_by_role("region", name="Rows left out")
    expect(problems.get_by_role("listitem")).to_have_text(
        ["Line 7: no name.", "Line 9: the email “not-an-email” doesn't look like name@example.org."]
    )
    table = page.get_by_role("table")
    expect(table.get_by_role("row", name=re.compile(f"Ada Lovelace {t}"))).to_contain_text(
        "Babbage, Lovelace & Co"
    )
    expect(table.get_by_role("row", name=re.compile(f"Grace Hopper {t}"))).to_contain_text("2023-01-01")
    assert names_saved(engine, t) == []  # nothing written before the student says so

    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
        assert violations(page) == []

    page.get_by_role("button", name="Import 2 contacts").click()
    expect(page.get_by_test_id("import-summary")).to_have_text("Imported 2 contacts.")
    expect(page.get_by_text("1 duplicate was skipped; 2 rows with problems left out.")).to_be_visible()
    expect(page.get_by_role("link", name="Go to your contacts")).to_have_attribute("href", "/contacts")
    assert names_saved(engine, t) == [f"Ada Lovelace {t}", f"Grace Hopper {t}"]
    # The app has no favicon yet: its 404 reaches the console but is no page resource.
    assert [m for m in browser_errors.messages if "404" not in m] == []
    assert missing == []


def test_a_generic_csv_goes_through_column_mapping(page: Page, base_url: str, engine: Engine) -> None:
    t = tag()
    open_import_page(page, base_url)
    upload(
        page,
        csv_file(
            "people.csv",
            f'Who,Where they work,Mail\r\n"Lovelace {t}, Ada",Analytical Engines,ada-{t}@example.org\r\n'
            f"Hopper {t},US Navy,\r\n",
        ),
    )
    expect(page.get_by_role("heading", name="Match the columns")).to_be_visible()
    # The recognised column is prefilled; the rest wait for the student.
    expect(page.get_by_label("Email")).to_have_text("Mail")
    expect(page.get_by_label("Full name")).to_have_text("Not in this file")
    page.get_by_role("button", name="Preview import").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose which column holds the name")
    assert violations(page) == []

    page.get_by_label("Full name").click()
    page.get_by_role("option", name="Who").click()
    page.get_by_label("Organisation").click()
    page.get_by_role("option", name="Where they work").click()
    page.get_by_role("button", name="Preview import").click()

    expect(page.get_by_test_id("count-to-import")).to_have_text("2")
    expect(page.get_by_role("row", name=re.compile(f"Lovelace {t}, Ada"))).to_contain_text(
        "Analytical Engines"
    )
    page.get_by_role("button", name="Import 2 contacts").click()
    expect(page.get_by_test_id("import-summary")).to_have_text("Imported 2 contacts.")
    assert names_saved(engine, t) == [f"Hopper {t}", f"Lovelace {t}, Ada"]


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            {
                "name": "photo.csv",
                "mimeType": "text/csv",
                "buffer": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40,
            },
            "This doesn't look like a CSV file",
        ),
        ({"name": "empty.csv", "mimeType": "text/csv", "buffer": b""}, "This file is empty"),
        (
            {"name": "photo.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n"},
            "That file isn't a CSV or vCard file",
        ),
        (
            {
                "name": "everyone.csv",
                "mimeType": "text/csv",
                "buffer": (LINKEDIN_HEADER + "".join(f"A,B{i},,,,,\r\n" for i in range(100_000))).encode(),
            },
            "This file has 100,000 rows; Rapport imports up to 20,000 at a time.",
        ),
        (
            {"name": "huge.csv", "mimeType": "text/csv", "buffer": b"Name\n" + b"x" * (21 * 1024 * 1024)},
            "This file is 21.0 MB; Rapport imports files up to 20 MB.",
        ),
    ],
    ids=["binary", "empty", "not-csv-type", "100k-rows", "over-20-MB"],
)
def test_files_that_cannot_be_imported_are_refused_with_a_clear_message(
    page: Page, base_url: str, file: FilePayload, message: str
) -> None:
    open_import_page(page, base_url)
    upload(page, file)
    expect(page.get_by_role("alert")).to_contain_text(message)
    expect(page.get_by_role("heading", name="Choose a file")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Import "))).to_have_count(0)


def test_export_downloads_csv_files_and_reimporting_finds_only_duplicates(
    page: Page, base_url: str, engine: Engine
) -> None:
    t = tag()
    owner_id = ensure_local_user(engine)
    with Session(engine) as session:
        first = contact_service.create_contact(
            session,
            owner_id=owner_id,
            data=ContactInput(
                name=f"Export Ada {t}", organisation="Analytical, Engines", notes="Line one\nTwo"
            ),
        )
        contact_service.create_contact(
            session, owner_id=owner_id, data=ContactInput(name=f"Export Grace {t}", source="alumni")
        )
        record_touch(session, owner_id=owner_id, contact_id=first, kind="note", on=date.today(),
                     today=date.today(), summary=f"Coffee chat {t}")  # fmt: skip
        session.commit()

    open_import_page(page, base_url)
    with page.expect_download() as contacts_download:
        page.get_by_role("button", name="Download contacts (CSV)").click()
    assert re.fullmatch(
        r"rapport-contacts-\d{4}-\d{2}-\d{2}\.csv", contacts_download.value.suggested_filename
    )
    exported = contacts_download.value.path().read_bytes()
    records = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"))))
    assert {f"Export Ada {t}", f"Export Grace {t}"} <= {record["Name"] for record in records}
    ada = next(record for record in records if record["Name"] == f"Export Ada {t}")
    assert (ada["Organisation"], ada["Notes"]) == ("Analytical, Engines", "Line one\nTwo")

    with page.expect_download() as timeline_download:
        page.get_by_role("button", name="Download timeline (CSV)").click()
    assert f"Coffee chat {t}" in timeline_download.value.path().read_text(encoding="utf-8-sig")

    upload(page, {"name": "rapport-contacts.csv", "mimeType": "text/csv", "buffer": exported})
    expect(page.get_by_test_id("count-to-import")).to_have_text("0")
    expect(page.get_by_test_id("count-duplicates")).to_have_text(f"{len(records):,}")
    # Other tests save deliberate duplicates in the shared database, so the export may repeat a row.
    expect(
        page.get_by_text(re.compile(r"\d+ repeated in the file, [\d,]+ already in Rapport"))
    ).to_be_visible()
    expect(page.get_by_text("There is nothing new to import in this file.")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Import "))).to_have_count(0)
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("heading", name="Choose a file")).to_be_visible()


def test_five_thousand_connections_import_with_progress(page: Page, base_url: str, engine: Engine) -> None:
    t = tag()
    rows = "".join(
        f'Person,{t} {i},https://www.linkedin.com/in/p-{t}-{i},,"Firm {i % 50}, Inc",Analyst,1 May 2024\r\n'
        for i in range(5_000)
    )
    open_import_page(page, base_url)
    upload(page, csv_file("Connections.csv", PREAMBLE + LINKEDIN_HEADER + rows, bom=True))
    expect(page.get_by_test_id("count-to-import")).to_have_text("5,000")
    expect(page.get_by_text("The first 20 of 5,000 contacts to import")).to_be_visible()
    page.get_by_role("button", name="Import 5,000 contacts").click()
    expect(page.get_by_role("progressbar", name="Import progress")).to_be_visible()
    expect(page.get_by_test_id("import-summary")).to_have_text("Imported 5,000 contacts.", timeout=30_000)
    with Session(engine) as session:
        found = contact_service.list_contacts(
            session, owner_id=ensure_local_user(engine), today=date.today(), query=t, per_page=1
        )
    assert found.total == 5_000
