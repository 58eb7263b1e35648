"""The Today page in a real browser: due items by date, one-click actions, the weekly goal, sample data."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from app.db import make_engine, session_scope
from app.domain.contact_rules import ContactInput
from app.domain.pipeline import add_business_days
from app.domain.vocabulary import TouchKind
from app.launcher import start, stop, wait_until_serving
from app.migrate import ensure_local_user
from app.services.contacts import create_contact
from app.services.goals import set_weekly_goal
from app.services.touches import record_touch
from e2e.conftest import BrowserErrors, RunningApp, free_port, project_copy, wait_for_app
from e2e.test_accessibility import violations

FIXED_TODAY = date(2026, 3, 11)  # a Wednesday: seven business days after Monday 2 March


def _seed(database_url: str, name: str, outreach_on: date, organisation: str = "Acme Studios") -> int:
    """A contact with one outreach touch, written in-process to the running app's database."""
    engine = make_engine(database_url)
    try:
        owner_id = ensure_local_user(engine)
        with session_scope(engine) as session:
            contact_id = create_contact(
                session, owner_id=owner_id, data=ContactInput(name=name, organisation=organisation)
            )
            record_touch(
                session,
                owner_id=owner_id,
                contact_id=contact_id,
                kind=TouchKind.OUTREACH_SENT.value,
                on=outreach_on,
                today=outreach_on,
            )
        return contact_id
    finally:
        engine.dispose()


def _set_goal(database_url: str, goal: int) -> None:
    engine = make_engine(database_url)
    try:
        with session_scope(engine) as session:
            set_weekly_goal(session, owner_id=ensure_local_user(engine), value=goal)
    finally:
        engine.dispose()


def _unique(name: str) -> str:
    return f"{name} {uuid.uuid4().hex[:6]}"


def _last_business_day(day: date) -> date:
    # On a weekend, count from Friday: "7 business days ago" is then unambiguous.
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _item(page: Page, name: str, kind_label: str) -> Locator:
    return (
        page.locator("li.due-item")
        .filter(has=page.get_by_role("heading", name=name))
        .filter(has_text=kind_label)
    )


def _open_today(page: Page, url: str) -> None:
    page.goto(url.rstrip("/") + "/")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="This week")).to_be_visible()


def test_follow_up_appears_on_today_seven_business_days_after_outreach(
    page: Page, app_server: RunningApp, browser_errors: BrowserErrors
) -> None:
    base = _last_business_day(date.today())
    ada, bea = _unique("Ada Seven"), _unique("Bea Six")
    # Each at an organisation of their own: a colleague reached at the same place retires the
    # second-contact suggestion (tests/test_cards.py).
    organisation = _unique("Acme Studios")
    _seed(app_server.database_url, ada, add_business_days(base, -7), organisation=_unique("Ada Labs"))
    _seed(app_server.database_url, bea, add_business_days(base, -6), organisation=organisation)
    _open_today(page, app_server.url)

    follow_up = _item(page, ada, "Follow-up due")
    expect(follow_up).to_have_count(1)
    expect(follow_up.get_by_role("link", name=f"Write follow-up to {ada}")).to_have_attribute(
        "href", re.compile(r"/compose\?contact=\d+&kind=follow_up$")
    )
    expect(follow_up.get_by_role("link", name=f"Open {ada}")).to_have_attribute(
        "href", re.compile(r"/contacts/\d+$")
    )
    # Six business days: a second contact is suggested, but no follow-up yet.
    second = _item(page, bea, "Try a second contact")
    expect(second).to_have_count(1)
    expect(second.get_by_role("link", name=f"Find someone else at {organisation}")).to_have_attribute(
        "href", "/contacts?q=" + organisation.replace(" ", "%20")
    )
    expect(_item(page, bea, "Follow-up due")).to_have_count(0)
    assert [m for m in browser_errors.messages if "404" not in m] == []


def test_follow_up_sent_removes_the_item_with_a_calm_confirmation(page: Page, app_server: RunningApp) -> None:
    name = _unique("Cleo Done")
    _seed(app_server.database_url, name, add_business_days(_last_business_day(date.today()), -8))
    _open_today(page, app_server.url)
    follow_up = _item(page, name, "Follow-up due")
    expect(follow_up).to_have_count(1)

    follow_up.get_by_role("button", name=f"Follow-up sent to {name}").click()

    expect(page.get_by_text("Follow-up sent: noted for today.")).to_be_visible()
    expect(_item(page, name, "Follow-up due")).to_have_count(0)
    # The second-contact suggestion goes too: the follow-up answered the whole clock.
    expect(page.get_by_role("heading", name=name)).to_have_count(0)
    page.reload()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="This week")).to_be_visible()
    expect(page.get_by_role("heading", name=name)).to_have_count(0)


def test_weekly_goal_is_saved_and_shown_as_progress(page: Page, app_server: RunningApp) -> None:
    _seed(app_server.database_url, _unique("Dev Week"), date.today())
    _set_goal(app_server.database_url, 5)
    _open_today(page, app_server.url)
    goal = page.get_by_label("Weekly goal: outreach emails")
    expect(goal).to_have_value("5")
    progress = page.get_by_role("progressbar")
    expect(progress).to_have_accessible_name(re.compile(r"^\d+ of 5 outreach emails this week"))

    goal.fill("0")
    expect(page.get_by_text("Choose a number from 1 to 100. Five a week is a good start.")).to_be_visible()
    expect(goal).to_have_attribute("aria-invalid", "true")
    goal.fill("30")
    expect(page.get_by_text("Saved.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^\d+ of 30 outreach emails this week$"))).to_be_visible()
    expect(page.get_by_text("Choose a number from 1 to 100")).to_have_count(0)

    page.reload()
    wait_for_app(page)
    expect(page.get_by_label("Weekly goal: outreach emails")).to_have_value("30")
    expect(page.get_by_role("progressbar")).to_have_accessible_name(
        re.compile(r"^\d+ of 30 outreach emails this week$")
    )
    _set_goal(app_server.database_url, 5)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_today_with_due_items_has_no_accessibility_violations(
    page: Page, app_server: RunningApp, scheme: str
) -> None:
    _seed(
        app_server.database_url, _unique("Eve Axe"), add_business_days(_last_business_day(date.today()), -7)
    )
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    _open_today(page, app_server.url)
    expect(page.locator("li.due-item").first).to_be_visible()
    assert violations(page) == []


# A second app, with RAPPORT_TODAY fixed and an empty database of its own.


class _Starting:
    """The second app while it builds: started early so its build overlaps the tests above."""

    def __init__(self, app_server: RunningApp) -> None:
        self.root = project_copy()
        self.data_dir = Path(tempfile.mkdtemp(prefix="rapport-e2e-today-"))
        env = dict(os.environ)
        env.update(
            RAPPORT_MODE="local",
            RAPPORT_DATA_DIR=str(self.data_dir),
            RAPPORT_PORT=str(free_port()),
            RAPPORT_TODAY=FIXED_TODAY.isoformat(),
        )
        env.pop("DATABASE_URL", None)
        self.process, self.url = start(env, quiet=True, root=self.root)

    def stop(self) -> None:
        stop(self.process)
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="module", autouse=True)
def _fixed_day_starting(request: pytest.FixtureRequest) -> Iterator[_Starting | None]:
    # Only when a selected test needs it; depends on app_server so the shared build exists to copy.
    if not any("fixed_day_app" in item.fixturenames for item in request.session.items):
        yield None
        return
    starting = _Starting(request.getfixturevalue("app_server"))
    try:
        yield starting
    finally:
        starting.stop()


@pytest.fixture(scope="module")
def fixed_day_app(_fixed_day_starting: _Starting | None) -> RunningApp:
    assert _fixed_day_starting is not None
    if not wait_until_serving(_fixed_day_starting.url, _fixed_day_starting.process, timeout_s=300):
        pytest.fail("The second app (RAPPORT_TODAY fixed) did not start.")
    return RunningApp(_fixed_day_starting.url, _fixed_day_starting.data_dir)


def test_a_new_user_sees_three_ways_to_begin_and_can_try_sample_data(
    page: Page, fixed_day_app: RunningApp, browser_errors: BrowserErrors
) -> None:
    _open_today(page, fixed_day_app.url)
    expect(page.get_by_role("heading", name="Welcome to Rapport")).to_be_visible()
    expect(page.get_by_role("link", name="Add a contact")).to_have_attribute("href", "/contacts")
    expect(page.get_by_role("link", name="Import from LinkedIn")).to_have_attribute(
        "href", "/contacts/import"
    )
    expect(page.get_by_text("Nothing is due today")).to_have_count(0)

    page.get_by_role("button", name="Load sample data").click()

    expect(page.get_by_text(re.compile(r"^Loaded 7 sample contacts"))).to_be_visible()
    expect(_item(page, "Priya Shah", "Follow-up due")).to_have_count(1)
    expect(_item(page, "Elena García", "Thank-you due")).to_have_count(1)
    meetings = page.get_by_role("list", name="Meetings in the next 7 days")
    expect(meetings.get_by_role("link", name="Prepare for your meeting with Tom Okafor")).to_have_attribute(
        "href", re.compile(r"/meetings/\d+/prep$")
    )
    expect(page.get_by_role("heading", name="Welcome to Rapport")).to_have_count(0)
    # The sample banner and the cards sample data brings pass axe too, in both colour schemes.
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
        assert violations(page) == [], scheme

    page.get_by_role("button", name="Remove sample data").click()

    expect(page.get_by_text("Sample data removed. Your own contacts are just as they were.")).to_be_visible()
    expect(page.get_by_role("heading", name="Welcome to Rapport")).to_be_visible()
    expect(page.get_by_role("heading", name="Priya Shah")).to_have_count(0)
    expect(page.get_by_role("button", name="Remove sample data")).to_have_count(0)
    assert [m for m in browser_errors.messages if "404" not in m] == []


def test_rapport_today_moves_the_follow_up_to_seven_business_days_after_outreach(
    page: Page, fixed_day_app: RunningApp
) -> None:
    _seed(fixed_day_app.database_url, "Mona Monday", date(2026, 3, 2), organisation="Monday Co")
    _seed(fixed_day_app.database_url, "Tess Tuesday", date(2026, 3, 3), organisation="Tuesday Ltd")
    _open_today(page, fixed_day_app.url)
    expect(page.get_by_text("Wednesday 11 March 2026")).to_be_visible()
    follow_up = _item(page, "Mona Monday", "Follow-up due")
    expect(follow_up).to_have_count(1)
    expect(follow_up.get_by_text("Due today")).to_be_visible()
    expect(_item(page, "Tess Tuesday", "Follow-up due")).to_have_count(0)
    expect(_item(page, "Tess Tuesday", "Try a second contact")).to_have_count(1)
