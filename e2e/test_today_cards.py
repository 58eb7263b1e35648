"""Today as a day that can be finished, in a real browser on a fixed day (RAPPORT_TODAY): a meeting
yesterday asks how it went, then owes a thank-you; a second-contact card retires; a snooze hides a
card until its day; and once every card is handled, Today is empty."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from app.db import make_engine, session_scope
from app.domain.contact_rules import ContactInput
from app.domain.vocabulary import TouchKind
from app.launcher import start, stop, wait_until_serving
from app.migrate import ensure_local_user
from app.models import CardAnswer
from app.services.contacts import create_contact
from app.services.meetings import MeetingInput, schedule_meeting
from app.services.touches import record_touch
from e2e.conftest import ARTIFACTS, RunningApp, free_port, project_copy, wait_for_app
from e2e.test_accessibility import violations

FIXED_TODAY = date(2026, 3, 11)  # a Wednesday
MONDAY = date(2026, 3, 2)  # seven business days before: a follow-up is due today


@pytest.fixture(scope="module")
def fixed_day_app(app_server: RunningApp) -> Iterator[RunningApp]:
    """A second app on a fixed day; after the shared one, whose build it copies."""
    data_dir = Path(tempfile.mkdtemp(prefix="rapport-e2e-cards-"))
    env = dict(os.environ)
    env.update(
        RAPPORT_MODE="local",
        RAPPORT_DATA_DIR=str(data_dir),
        RAPPORT_PORT=str(free_port()),
        RAPPORT_TODAY=FIXED_TODAY.isoformat(),
    )
    env.pop("DATABASE_URL", None)
    # Built in a copy of the project: a build in the shared folder would bake this app's port into the
    # pages the shared test server is serving.
    root = project_copy()
    process, url = start(env, quiet=True, root=root)
    try:
        if not wait_until_serving(url, process, timeout_s=420):
            pytest.fail("The app (RAPPORT_TODAY fixed) did not start.")
        yield RunningApp(url, data_dir)
    finally:
        stop(process)
        shutil.rmtree(data_dir, ignore_errors=True)
        shutil.rmtree(root, ignore_errors=True)


class Seed:
    """Writes to the running app's database in-process, as the student would have over past days."""

    def __init__(self, app: RunningApp) -> None:
        self.engine = make_engine(app.database_url)
        self.owner_id = ensure_local_user(self.engine)

    def contact(self, name: str, organisation: str) -> int:
        with session_scope(self.engine) as session:
            return create_contact(
                session, owner_id=self.owner_id, data=ContactInput(name=name, organisation=organisation)
            )

    def touch(self, contact_id: int, kind: TouchKind, on: date) -> None:
        with session_scope(self.engine) as session:
            record_touch(
                session, owner_id=self.owner_id, contact_id=contact_id, kind=kind.value, on=on, today=on
            )

    def meeting(self, contact_id: int, on: str, at: str) -> int:
        with session_scope(self.engine) as session:
            return schedule_meeting(
                session,
                owner_id=self.owner_id,
                contact_id=contact_id,
                data=MeetingInput(on=on, at=at, place="Café Nero"),
                today=date(2026, 3, 4),
            )

    def snoozed(self, contact_id: int, kind: str, trigger: str, until: date) -> None:
        with session_scope(self.engine) as session:
            session.add(
                CardAnswer(
                    owner_id=self.owner_id,
                    contact_id=contact_id,
                    kind=kind,
                    trigger=trigger,
                    snoozed_until=until,
                )
            )


@pytest.fixture(scope="module")
def seed(fixed_day_app: RunningApp) -> Iterator[Seed]:
    made = Seed(fixed_day_app)
    yield made
    made.engine.dispose()


def _open_today(page: Page, url: str) -> None:
    page.goto(url.rstrip("/") + "/")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="This week")).to_be_visible()


def _card(page: Page, name: str) -> Locator:
    return page.locator(f'li.due-item[data-contact="{name}"]')


def test_a_meeting_yesterday_asks_how_it_went_then_brings_the_thank_you(
    page: Page, fixed_day_app: RunningApp, seed: Seed
) -> None:
    maya = seed.contact("Maya Patel", "Northwind")
    seed.touch(maya, TouchKind.OUTREACH_SENT, MONDAY)
    seed.touch(maya, TouchKind.REPLY_RECEIVED, date(2026, 3, 3))
    meeting = seed.meeting(maya, "2026-03-10", "15:00")
    _open_today(page, fixed_day_app.url)

    card = _card(page, "Maya Patel")
    expect(card.get_by_role("heading", name="How did it go with Maya?")).to_be_visible()
    expect(card.get_by_role("link", name="Meeting notes with Maya Patel")).to_have_attribute(
        "href", f"/meetings/{meeting}/notes"
    )
    expect(card.get_by_role("link", name="Write thank-you to Maya Patel")).to_have_attribute(
        "href", re.compile(rf"kind=thank_you&meeting={meeting}$")
    )
    assert violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "today-how-did-it-go.png"), full_page=True)

    card.get_by_role("button", name="It happened").click()

    expect(page.get_by_text("Glad it happened.")).to_be_visible()
    expect(card.get_by_text("Thank-you due")).to_be_visible()
    expect(card.get_by_role("heading", name="Maya Patel")).to_be_visible()
    card.get_by_role("button", name="Thank-you sent to Maya Patel").click()
    expect(_card(page, "Maya Patel")).to_have_count(0)
    page.reload()
    wait_for_app(page)
    expect(_card(page, "Maya Patel")).to_have_count(0)


def test_a_second_contact_card_retires_once_someone_else_there_is_reached(
    page: Page, fixed_day_app: RunningApp, seed: Seed
) -> None:
    ada = seed.contact("Ada Byron", "Analytical Engines")
    seed.touch(ada, TouchKind.OUTREACH_SENT, date(2026, 3, 4))  # five business days ago
    _open_today(page, fixed_day_app.url)
    card = _card(page, "Ada Byron")
    expect(card.get_by_text("Try a second contact")).to_be_visible()
    expect(card.get_by_role("link", name="Find someone else at Analytical Engines")).to_be_visible()

    bea = seed.contact("Bea Stone", "Analytical Engines")
    seed.touch(bea, TouchKind.OUTREACH_SENT, FIXED_TODAY)
    page.reload()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="This week")).to_be_visible()
    expect(_card(page, "Ada Byron")).to_have_count(0)


def test_snooze_hides_a_card_until_its_day(page: Page, fixed_day_app: RunningApp, seed: Seed) -> None:
    cleo = seed.contact("Cleo Snooze", "Globex")
    seed.touch(cleo, TouchKind.OUTREACH_SENT, MONDAY)
    # Dan was snoozed earlier until today: his card is back.
    dan = seed.contact("Dan Returns", "Initech")
    seed.touch(dan, TouchKind.OUTREACH_SENT, MONDAY)
    seed.snoozed(dan, "follow_up", "2026-03-11", FIXED_TODAY)
    _open_today(page, fixed_day_app.url)
    expect(_card(page, "Dan Returns").get_by_text("Follow-up due")).to_be_visible()
    card = _card(page, "Cleo Snooze")
    expect(card.get_by_text("Follow-up due")).to_be_visible()

    card.get_by_role("button", name="Snooze Cleo Snooze").click()
    page.get_by_role("menuitem", name="In 3 days").click()

    expect(page.get_by_text("Snoozed until Sat 14 Mar.")).to_be_visible()
    expect(_card(page, "Cleo Snooze")).to_have_count(0)
    page.reload()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="This week")).to_be_visible()
    expect(_card(page, "Cleo Snooze")).to_have_count(0)
    # The tracker's "Next due" says when it comes back.
    page.goto(fixed_day_app.url + "/contacts?q=Cleo")
    wait_for_app(page)
    expect(page.get_by_role("row", name=re.compile("Cleo Snooze")).get_by_text("in 3 days")).to_be_visible()


def test_today_is_empty_once_every_card_is_handled(page: Page, fixed_day_app: RunningApp, seed: Seed) -> None:
    eve = seed.contact("Eve Last", "Umbrella")
    seed.touch(eve, TouchKind.OUTREACH_SENT, MONDAY)
    _open_today(page, fixed_day_app.url)
    cards = page.locator("li.due-item")
    expect(cards.first).to_be_visible()
    for _ in range(20):
        if cards.count() == 0:
            break
        before = cards.count()
        cards.first.get_by_role("button", name=re.compile("^Not now: ")).click()
        expect(cards).to_have_count(before - 1)
    expect(page.get_by_text("Nothing is due today. A good day to reach out to someone new.")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "today-all-clear.png"), full_page=True)
    page.reload()
    wait_for_app(page)
    expect(page.get_by_text("Nothing is due today. A good day to reach out to someone new.")).to_be_visible()
