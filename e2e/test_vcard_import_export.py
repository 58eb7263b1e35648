"""vCard in a real browser: a phone's .vcf goes straight to the preview (a nameless card reported, the
photo said to be left out), imports, and comes back out of both the list's and the contact's export."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import FilePayload, Page, expect
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.db import make_engine
from app.domain.vcard import parse_vcards
from app.migrate import ensure_local_user
from app.services import contacts as contact_service
from e2e.conftest import BrowserErrors, RunningApp, wait_for_app
from e2e.test_accessibility import violations


@pytest.fixture(scope="module")
def engine(app_server: RunningApp) -> Iterator[Engine]:
    engine = make_engine(app_server.database_url)
    yield engine
    engine.dispose()


def phone_export(t: str) -> FilePayload:
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        f"FN:Maya Okafor {t}\r\nN:Okafor {t};Maya;;;\r\n"
        "ORG:Acme Robotics;Research\r\nTITLE:Product Manager\r\n"
        f"EMAIL;TYPE=INTERNET:maya-{t}@acme.example\r\nTEL;TYPE=CELL:+44 7700 900321\r\n"
        f"URL:https://www.linkedin.com/in/maya-okafor-{t}\r\n"
        "NOTE:Met at the robotics meetup\\, keen on mentoring\r\n"
        "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8U\r\n"
        " HRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/\r\n"
        "END:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:nobody@example.org\r\nEND:VCARD\r\n"
    )
    return {"name": "contacts.vcf", "mimeType": "text/vcard", "buffer": text.encode("utf-8")}


def test_a_vcard_imports_through_the_preview_and_exports_back(
    page: Page, app_server: RunningApp, engine: Engine, browser_errors: BrowserErrors
) -> None:
    t = uuid.uuid4().hex[:8]
    name = f"Maya Okafor {t}"
    page.goto(app_server.url + "/contacts/import")
    wait_for_app(page)
    page.locator("input[type=file]").set_input_files(phone_export(t))

    expect(page.get_by_text("recognised as a vCard file")).to_be_visible()
    expect(page.get_by_text("Rapport keeps no pictures, so the photos are left out")).to_be_visible()
    expect(page.get_by_test_id("count-to-import")).to_have_text("1")
    expect(page.get_by_test_id("count-problems")).to_have_text("1")
    expect(page.get_by_text("Line 14: no name.")).to_be_visible()
    assert violations(page) == []
    page.get_by_role("button", name="Import 1 contact").click()
    expect(page.get_by_text("Imported 1 contact.")).to_be_visible()

    with Session(engine) as session:
        [saved] = contact_service.list_contacts(
            session, owner_id=ensure_local_user(engine), today=date.today(), query=name
        ).rows
    assert saved.name == name

    # The whole list as vCard, read back by the importer's own parser.
    page.goto(app_server.url + "/contacts/import")
    wait_for_app(page)
    with page.expect_download() as listed:
        page.get_by_role("button", name="Download contacts (vCard)").click()
    assert re.fullmatch(r"rapport-contacts-\d{4}-\d{2}-\d{2}\.vcf", listed.value.suggested_filename)
    cards = {row.contact.name: row.contact for row in parse_vcards(listed.value.path().read_bytes()).rows}
    maya = cards[name]
    assert (maya.organisation, maya.role, maya.email, maya.phone) == (
        "Acme Robotics",
        "Product Manager",
        f"maya-{t}@acme.example",
        "+44 7700 900321",
    )
    assert maya.linkedin_url == f"https://www.linkedin.com/in/maya-okafor-{t}"
    assert maya.notes == "Met at the robotics meetup, keen on mentoring"

    # One contact, from its own page; importing it again finds the duplicate.
    page.goto(f"{app_server.url}/contacts/{saved.id}")
    wait_for_app(page)
    with page.expect_download() as single:
        page.get_by_role("button", name=f"Download {name} as a vCard").click()
    assert single.value.suggested_filename == f"maya-okafor-{t}.vcf"
    one = single.value.path().read_bytes()
    assert [row.contact.name for row in parse_vcards(one).rows] == [name]
    page.goto(app_server.url + "/contacts/import")
    wait_for_app(page)
    page.locator("input[type=file]").set_input_files(
        {"name": "one.vcf", "mimeType": "text/vcard", "buffer": one}
    )
    expect(page.get_by_test_id("count-duplicates")).to_have_text("1")
    expect(page.get_by_test_id("count-to-import")).to_have_text("0")
    assert browser_errors.messages == []
