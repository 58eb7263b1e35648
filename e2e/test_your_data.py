"""Your data in a real browser: a suggested person already saved is linked, not duplicated; deleting
everything leaves no file of yours in the data folder, and an import preview open in another tab says
its file is gone. Named to run last: deleting everything empties the shared app's database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, FilePayload, Page, expect
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.db import make_engine, session_scope
from app.domain.contact_rules import ContactInput
from app.migrate import ensure_local_user
from app.models import Contact, StagedUpload
from app.services import contacts, meetings
from e2e.conftest import BrowserErrors, RunningApp, wait_for_app
from e2e.test_accessibility import violations
from e2e.waiting import wait_until

ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="module")
def engine(app_server: RunningApp) -> Iterator[Engine]:
    engine = make_engine(app_server.database_url)
    yield engine
    engine.dispose()


def tag() -> str:
    return uuid.uuid4().hex[:8]


def _no_favicon(page: Page) -> None:
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))


def seed_meeting(engine: Engine, name: str) -> tuple[int, int]:
    owner_id = ensure_local_user(engine)
    with session_scope(engine) as session:
        contact_id = contacts.create_contact(
            session, owner_id=owner_id, data=ContactInput(name=name, organisation="Babbage & Co")
        )
        meeting_id = meetings.schedule_meeting(
            session,
            owner_id=owner_id,
            contact_id=contact_id,
            data=meetings.MeetingInput(on=date.today().isoformat(), at="09:00", place="Campus cafe"),
            today=date.today(),
        )
    return contact_id, meeting_id


def staged_uploads_holding(engine: Engine, marker: bytes) -> list[int]:
    """The staged imports (kept in the database until confirmed or cancelled) whose bytes hold the marker."""
    with Session(engine) as session:
        rows = session.exec(select(StagedUpload)).all()
    return [row.id for row in rows if row.id is not None and marker in row.data]


def saved_named(engine: Engine, name: str) -> list[Contact]:
    with Session(engine) as session:
        return list(session.exec(select(Contact).where(Contact.name == name)))


def test_a_suggested_person_already_in_the_contacts_is_linked_not_duplicated(
    page: Page, app_server: RunningApp, engine: Engine, browser_errors: BrowserErrors
) -> None:
    t = tag()
    ada_id, meeting_id = seed_meeting(engine, f"Ada {t}")
    grace = f"Grace Hopper {t}"
    with session_scope(engine) as session:
        contacts.create_contact(
            session, owner_id=ensure_local_user(engine), data=ContactInput(name=grace, organisation="US Navy")
        )
    _no_favicon(page)
    page.goto(f"{app_server.url}/meetings/{meeting_id}/notes")
    wait_for_app(page)

    page.get_by_label("Name", exact=True).fill(f"grace hopper {t}")
    page.get_by_label("Organisation").fill("us navy")
    page.get_by_label("Note (optional)").fill("Ask her about COBOL")
    page.get_by_role("button", name="Add", exact=True).click()

    asking = page.get_by_role("region", name="Already in your contacts?")
    expect(asking).to_be_visible()
    expect(asking).to_contain_text(f"grace hopper {t} is already in your contacts. Link them")
    # The same name at the same organisation is the same person: linking is the only way forward.
    expect(asking.get_by_role("button", name="Someone else: add as new")).to_have_count(0)
    page.wait_for_timeout(400)  # the callout's fade-in, before axe reads its contrast
    assert violations(page) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "referral-match.png"), full_page=True)
    assert len(saved_named(engine, grace)) == 1 and saved_named(engine, grace)[0].referred_by_id is None

    asking.get_by_role("button", name=f"Link {grace} at US Navy").click()
    expect(
        page.get_by_text(f"{grace} was already in your contacts: now referred by Ada {t}.")
    ).to_be_visible()
    expect(
        page.get_by_role("list", name="People they suggested").get_by_role("link", name=grace)
    ).to_be_visible()
    expect(asking).to_have_count(0)
    expect(page.get_by_label("Name", exact=True)).to_have_value("")

    [saved] = saved_named(engine, grace)
    assert saved.referred_by_id == ada_id
    assert saved.notes == f"Suggested by Ada {t}: Ask her about COBOL"
    assert browser_errors.messages == []


def student_files(data_dir: Path, marker: bytes) -> list[str]:
    """Every file in the data folder that is a staged import (none should be: they live in the
    database), or holds the marker anywhere in its bytes."""
    found = []
    for path in sorted(data_dir.rglob("*")):
        if not path.is_file():
            continue
        relative = str(path.relative_to(data_dir))
        if relative.startswith("imports/") or marker in path.read_bytes():
            found.append(relative)
    return found


def test_deleting_everything_leaves_no_file_of_mine_and_an_open_preview_says_its_file_is_gone(
    context: BrowserContext, page: Page, app_server: RunningApp, engine: Engine, browser_errors: BrowserErrors
) -> None:
    t = tag()
    marker = f"Quillfeather{t}"
    seed_meeting(engine, f"Zebedee {marker}")
    _no_favicon(page)

    # Tab one: a LinkedIn export uploaded, its preview open, not imported yet.
    page.goto(f"{app_server.url}/contacts/import")
    wait_for_app(page)
    upload: FilePayload = {
        "name": "Connections.csv",
        "mimeType": "text/csv",
        "buffer": (
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
            f"Ottoline,{marker},https://www.linkedin.com/in/otto-{t},otto-{t}@example.org,Acme,Analyst,"
            "12 Mar 2024\r\n"
        ).encode(),
    }
    page.locator("input[type=file]").set_input_files(upload)
    import_button = page.get_by_role("button", name="Import 1 contact")
    expect(import_button).to_be_visible()
    assert staged_uploads_holding(engine, marker.encode()), "the upload should be staged until confirmed"

    # Tab two: the contacts page, found by search: what it shows, Reflex keeps on disk.
    tracker = context.new_page()
    _no_favicon(tracker)
    tracker.goto(f"{app_server.url}/contacts?q={marker}")
    wait_for_app(tracker)
    expect(tracker.get_by_role("link", name=f"Zebedee {marker}")).to_be_visible()
    wait_until(
        lambda: any(
            name.startswith("reflex-states/") for name in student_files(app_server.data_dir, marker.encode())
        ),
        15,
        "the open tabs' page state was never saved to the data folder",
    )

    # Tab three: settings, where the confirmation says what goes.
    settings = context.new_page()
    _no_favicon(settings)
    settings.goto(f"{app_server.url}/settings")
    wait_for_app(settings)
    expect(settings.get_by_text("every file you uploaded to import")).to_be_visible()
    settings.get_by_label("Type “delete” to confirm").fill("delete")
    settings.get_by_role("button", name="Delete everything").click()
    expect(settings.get_by_text("Nothing of yours is left in Rapport.")).to_be_visible()
    wait_for_app(settings)
    settings.close()
    tracker.close()

    # Back in tab one: importing says, in words, that the file is gone, and imports nothing.
    import_button.click()
    expect(page.get_by_text("The file you uploaded is gone")).to_be_visible()
    assert saved_named(engine, f"Ottoline {marker}") == []
    assert saved_named(engine, f"Zebedee {marker}") == []

    # The data folder: no staged import, and no file holding anything of the student's (Reflex writes
    # the tabs' page state to disk a moment after each event, so that settles first).
    wait_until(
        lambda: student_files(app_server.data_dir, marker.encode()) == [],
        15,
        "a file holding the student's data is still in the data folder",
    )
    assert student_files(app_server.data_dir, f"otto-{t}".encode()) == []
    assert staged_uploads_holding(engine, marker.encode()) == []
    assert browser_errors.messages == []
