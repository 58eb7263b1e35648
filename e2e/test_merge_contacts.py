"""Merging two contacts in a real browser: Rapport lists the likely pair, the two are compared side by
side, the merge keeps the chosen fields and both timelines on one contact, and the merge is undone
from that contact's page."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.db import make_engine, session_scope
from app.domain.contact_rules import ContactInput
from app.domain.vocabulary import TouchKind
from app.migrate import ensure_local_user
from app.models import Contact
from app.services import contacts, touches
from e2e.conftest import BrowserErrors, RunningApp, wait_for_app
from e2e.test_accessibility import violations


@pytest.fixture(scope="module")
def engine(app_server: RunningApp) -> Iterator[Engine]:
    engine = make_engine(app_server.database_url)
    yield engine
    engine.dispose()


def two_of_one_person(engine: Engine, name: str) -> tuple[int, int]:
    owner_id = ensure_local_user(engine)
    today = date.today()
    with session_scope(engine) as session:
        typed = contacts.create_contact(
            session, owner_id=owner_id, data=ContactInput(name=name, organisation="Quillworks")
        )
        imported = contacts.create_contact(
            session,
            owner_id=owner_id,
            data=ContactInput(name=name, organisation="Quillworks", role="Head of Research"),
        )
        touches.record_touch(
            session,
            owner_id=owner_id,
            contact_id=typed,
            kind=TouchKind.OUTREACH_SENT,
            on=today - timedelta(days=3),
            today=today,
            summary="First email, typed in by hand",
        )
        touches.record_touch(
            session,
            owner_id=owner_id,
            contact_id=imported,
            kind=TouchKind.REPLY_RECEIVED,
            on=today - timedelta(days=1),
            today=today,
            summary="Replied on LinkedIn",
        )
    return typed, imported


def test_two_contacts_merge_into_one_with_both_timelines_and_the_merge_can_be_undone(
    page: Page, app_server: RunningApp, engine: Engine, browser_errors: BrowserErrors
) -> None:
    name = f"Orla Quill {uuid.uuid4().hex[:6]}"
    typed, imported = two_of_one_person(engine, name)

    page.goto(app_server.url + "/contacts/merge")
    wait_for_app(page)
    compare = page.get_by_role("link", name=f"Compare {name} and {name}")
    expect(compare).to_be_visible()
    compare.click()
    expect(page.get_by_role("heading", name="Choose what the merged contact keeps")).to_be_visible()
    role = page.get_by_role("radiogroup", name="Role")
    expect(role.get_by_role("radio", name="Head of Research")).to_be_checked()  # the kept one has none
    assert violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    assert violations(page) == []
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name=f"Merge into {name}").click()

    expect(page).to_have_url(f"{app_server.url}/contacts/{typed}")
    timeline = page.get_by_role("list", name="Timeline")
    expect(timeline.get_by_text("First email, typed in by hand")).to_be_visible()
    expect(timeline.get_by_text("Replied on LinkedIn")).to_be_visible()
    expect(page.get_by_text("Head of Research at Quillworks")).to_be_visible()
    with Session(engine) as session:
        hidden = session.get(Contact, imported)
        assert hidden is not None and hidden.deleted_at is not None

    expect(page.get_by_text(f"{name} was merged into this contact on")).to_be_visible()
    page.get_by_role("button", name="Undo merge").click()
    expect(page.get_by_text("Merge undone")).to_be_visible()
    expect(timeline.get_by_text("Replied on LinkedIn")).to_have_count(0)
    expect(page.get_by_text(f"{name} was merged into this contact on")).to_have_count(0)
    page.goto(f"{app_server.url}/contacts/{imported}")
    wait_for_app(page)
    expect(page.get_by_role("list", name="Timeline").get_by_text("Replied on LinkedIn")).to_be_visible()
    assert browser_errors.messages == []


def test_merging_a_contact_with_itself_is_refused_with_a_message(
    page: Page, app_server: RunningApp, engine: Engine
) -> None:
    typed, _ = two_of_one_person(engine, f"Ivo Self {uuid.uuid4().hex[:6]}")
    page.goto(f"{app_server.url}/contacts/merge?keep={typed}&other={typed}")
    wait_for_app(page)
    expect(page.get_by_role("alert")).to_contain_text("same contact twice")


def test_two_contacts_picked_from_the_table_are_compared(
    page: Page, app_server: RunningApp, engine: Engine
) -> None:
    tag = uuid.uuid4().hex[:6]
    owner_id = ensure_local_user(engine)
    with session_scope(engine) as session:
        kept = contacts.create_contact(
            session, owner_id=owner_id, data=ContactInput(name=f"Bea Lund {tag}", organisation="Nordbank")
        )
        contacts.create_contact(
            session,
            owner_id=owner_id,
            data=ContactInput(name=f"Beatrice Lund {tag}", organisation="Nord Bank"),
        )
    page.goto(f"{app_server.url}/contacts?q={tag}")
    wait_for_app(page)
    page.get_by_role("button", name=f"Merge Bea Lund {tag} with another contact").click()
    expect(page.get_by_role("heading", name=f"Merge Bea Lund {tag} with…")).to_be_visible()
    page.get_by_label("Search your contacts").fill(f"Beatrice Lund {tag}")
    page.get_by_role("link", name=f"Compare with Beatrice Lund {tag}").click()
    expect(page).to_have_url(re.compile(rf"/contacts/merge\?keep={kept}&other=\d+$"))
    name = page.get_by_role("radiogroup", name="Name")
    expect(name.get_by_role("radio", name=f"Bea Lund {tag}")).to_be_checked()
    name.get_by_role("radio", name=f"Beatrice Lund {tag}").click()
    page.get_by_role("button", name=f"Merge into Bea Lund {tag}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Beatrice Lund {tag}")
    assert violations(page) == []
