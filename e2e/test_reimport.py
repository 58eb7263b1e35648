"""Re-importing a newer Connections.csv in a real browser: the preview names what changed, an unticked
change is left alone, the ticked ones are applied, and the old employer is on the contact's timeline."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import FilePayload, Page, expect
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.db import make_engine
from app.models import Contact
from e2e.conftest import BrowserErrors, RunningApp, wait_for_app
from e2e.test_accessibility import violations

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"


@pytest.fixture(scope="module")
def engine(app_server: RunningApp) -> Iterator[Engine]:
    engine = make_engine(app_server.database_url)
    yield engine
    engine.dispose()


def export(t: str, *rows: str) -> FilePayload:
    text = HEADER + "".join(row + "\r\n" for row in rows)
    return {"name": "Connections.csv", "mimeType": "text/csv", "buffer": text.encode()}


def upload(page: Page, app_server: RunningApp, file: FilePayload) -> None:
    page.goto(app_server.url + "/contacts/import")
    wait_for_app(page)
    page.locator("input[type=file]").set_input_files(file)


def test_a_newer_export_updates_the_ticked_changes_and_keeps_the_old_employer_on_the_timeline(
    page: Page, app_server: RunningApp, engine: Engine, browser_errors: BrowserErrors
) -> None:
    t = uuid.uuid4().hex[:8]
    maya = f"https://www.linkedin.com/in/maya-{t}"
    ravi = f"https://www.linkedin.com/in/ravi-{t}"
    upload(
        page,
        app_server,
        export(
            t,
            f"Maya,Chen {t},{maya},maya-{t}@globex.example,Globex,PM,12 Mar 2024",
            f"Ravi,Patel {t},{ravi},,Initech,Analyst,12 Mar 2024",
        ),
    )
    page.get_by_role("button", name="Import 2 contacts").click()
    expect(page.get_by_text("Imported 2 contacts.")).to_be_visible()

    # A month later: Maya moved to Acme as a senior PM, Ravi was promoted.
    upload(
        page,
        app_server,
        export(
            t,
            f"Maya,Chen {t},{maya},maya-{t}@globex.example,Acme,Senior PM,12 Mar 2024",
            f"Ravi,Patel {t},{ravi},,Initech,Senior Analyst,12 Mar 2024",
            f"Lena,Fischer {t},https://www.linkedin.com/in/lena-{t},,Zalando,UX Researcher,1 Apr 2024",
        ),
    )
    expect(page.get_by_test_id("count-to-import")).to_have_text("1")
    expect(page.get_by_test_id("count-changed")).to_have_text("2")
    expect(page.get_by_text(f"2 changed: Maya Chen {t} now Senior PM at Acme")).to_be_visible()
    changes = page.get_by_role("region", name="Changed since you saved them")
    expect(changes.get_by_role("checkbox", name=f"Maya Chen {t} now at Acme (was Globex)")).to_be_checked()
    ravi_box = changes.get_by_role("checkbox", name=f"Ravi Patel {t} now Senior Analyst (was Analyst)")
    expect(ravi_box).to_be_checked()
    assert violations(page) == []
    ravi_box.click()
    expect(ravi_box).not_to_be_checked()
    page.get_by_role("button", name="Import 1 contact and update 1").click()
    expect(page.get_by_text("Imported 1 contact; updated 1.")).to_be_visible()

    with Session(engine) as session:
        saved = {c.name: c for c in session.exec(select(Contact).where(Contact.name.contains(t)))}  # type: ignore[attr-defined]
    assert saved[f"Maya Chen {t}"].role == "Senior PM"
    assert saved[f"Ravi Patel {t}"].role == "Analyst"  # unticked: kept
    assert f"Lena Fischer {t}" in saved

    page.goto(f"{app_server.url}/contacts/{saved[f'Maya Chen {t}'].id}")
    wait_for_app(page)
    expect(page.get_by_text("Acme", exact=True)).to_be_visible()
    expect(page.get_by_text("Was PM at Globex until the import of")).to_be_visible()
    assert browser_errors.messages == []
