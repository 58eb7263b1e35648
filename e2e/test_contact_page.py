"""The contact page in a browser: details, logging touches, 3B7 dates, meetings and their .ics, not found."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Locator, Page, expect
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.db import make_engine
from app.domain.contact_rules import ContactInput
from app.domain.day_words import day_label
from app.domain.pipeline import add_business_days
from app.migrate import ensure_local_user
from app.models import User
from app.services.contacts import create_contact, delete_contact
from app.services.meetings import MeetingInput, schedule_meeting
from app.services.touches import record_touch
from e2e.conftest import RunningApp, wait_for_app
from e2e.test_accessibility import violations


@pytest.fixture(scope="module")
def engine(app_server: RunningApp) -> Iterator[Engine]:
    engine = make_engine(app_server.database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def browser_errors(page: Page) -> Iterator[list[str]]:
    """Console and page errors, except the missing /favicon.ico that every page asks for (not ours)."""
    messages: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            messages.append(f"console: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: messages.append(f"page error: {error}"))
    yield messages


def unique(name: str) -> str:
    # One database serves the whole browser session: every test makes its own people.
    return f"{name} {uuid.uuid4().hex[:6]}"


def seed(engine: Engine, name: str, owner_id: int | None = None, **fields: object) -> int:
    owner = owner_id if owner_id is not None else ensure_local_user(engine)
    with Session(engine, expire_on_commit=False) as session:
        contact_id = create_contact(session, owner_id=owner, data=ContactInput(name=name, **fields))  # type: ignore[arg-type]
        session.commit()
    return contact_id


def open_contact(page: Page, base_url: str, contact_id: int | str) -> None:
    page.goto(f"{base_url}/contacts/{contact_id}")
    wait_for_app(page)


def stage(page: Page) -> Locator:
    return page.locator("#contact-stage")


def test_logging_outreach_then_a_reply_moves_the_contact_along(
    page: Page, base_url: str, engine: Engine, browser_errors: list[str]
) -> None:
    name = unique("Grace Hopper")
    contact_id = seed(engine, name, organisation="Navy Labs", role="Engineer", email="grace@example.org")
    open_contact(page, base_url, contact_id)

    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page).to_have_title(f"{name} · Rapport")
    expect(page.get_by_text("Engineer at Navy Labs")).to_be_visible()
    expect(page.get_by_role("link", name="grace@example.org")).to_have_attribute(
        "href", "mailto:grace@example.org"
    )
    expect(stage(page)).to_have_text("To contact")
    expect(page.get_by_label("When")).to_have_value(date.today().isoformat())

    page.get_by_role("radio", name="Outreach sent").click()
    page.get_by_label("Summary").fill("Asked for 20 minutes about her path into compilers.")
    page.get_by_role("button", name="Log it").click()

    expect(page.get_by_text("Logged: Outreach sent.")).to_be_visible()
    timeline = page.get_by_role("list", name="Timeline")
    expect(timeline.get_by_role("listitem").first).to_contain_text("Outreach sent")
    expect(timeline).to_contain_text("Asked for 20 minutes about her path into compilers.")
    expect(stage(page)).to_have_text("Reached out")
    due = day_label(add_business_days(date.today(), 7), date.today())
    expect(page.locator("#contact-status")).to_contain_text(f"Follow-up due {due}.")
    expect(page.get_by_label("Summary")).to_have_value("")

    page.get_by_role("radio", name="Reply received").click()
    page.get_by_role("button", name="Log it").click()
    expect(stage(page)).to_have_text("Replied")
    expect(timeline.get_by_role("listitem")).to_have_count(2)
    expect(page.locator("#contact-status")).to_contain_text("booster")
    assert browser_errors == []


def test_scheduling_a_meeting_lists_it_with_a_calendar_file_and_it_can_be_marked_held(
    page: Page, base_url: str, engine: Engine
) -> None:
    name = unique("Katherine Johnson")
    contact_id = seed(engine, name)
    open_contact(page, base_url, contact_id)
    on = date.today() + timedelta(days=3)

    page.get_by_role("button", name="Schedule a meeting").click()
    expect(page.get_by_label("Length in minutes")).to_have_value("20")
    page.get_by_label("Date", exact=True).fill(on.isoformat())
    page.get_by_label("Time", exact=True).fill("14:30")
    page.get_by_label("Place", exact=True).fill("Café Nero, High Street")
    page.get_by_role("button", name="Schedule meeting", exact=True).click()

    meetings = page.get_by_role("list", name="Meetings")
    expect(meetings).to_contain_text(f"{day_label(on, date.today())}, 14:30")
    expect(meetings).to_contain_text("20 minutes")
    expect(meetings).to_contain_text("Café Nero, High Street")
    expect(meetings).to_contain_text("Prep not started")
    expect(stage(page)).to_have_text("Meeting scheduled")
    expect(meetings.get_by_role("link", name="Prepare")).to_have_attribute(
        "href", re.compile(r"^/meetings/\d+/prep$")
    )

    with page.expect_download() as download_info:
        meetings.get_by_role("button", name="Add to calendar").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    text = Path(download.path()).read_text(encoding="utf-8")
    assert "BEGIN:VEVENT" in text
    assert f"DTSTART:{on:%Y%m%d}T143000" in text
    assert f"SUMMARY:Informational interview with {name}" in text

    meetings.get_by_role("button", name="Mark as held").click()
    expect(meetings).to_contain_text("Held")
    expect(meetings.get_by_role("button", name="Mark as held")).to_have_count(0)
    expect(stage(page)).to_have_text("Met")


def test_an_empty_meeting_form_explains_each_field_beside_it(
    page: Page, base_url: str, engine: Engine
) -> None:
    contact_id = seed(engine, unique("Mary Jackson"))
    open_contact(page, base_url, contact_id)
    toggle = page.get_by_role("button", name="Schedule a meeting")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.get_by_role("button", name="Schedule meeting", exact=True).click()

    expect(page.locator("#meeting-on-error")).to_have_text("Choose the meeting's date.")
    expect(page.locator("#meeting-at-error")).to_have_text("Choose a time, like 14:30.")
    expect(page.locator("#meeting-place-error")).to_have_text("Add a place, or a video link.")
    expect(page.get_by_label("Time", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("No meetings yet.")).to_be_visible()

    # A past date is allowed: students log meetings after the fact.
    page.get_by_label("Date", exact=True).fill((date.today() - timedelta(days=10)).isoformat())
    page.get_by_label("Time", exact=True).fill("09:00")
    page.get_by_label("Video link", exact=False).fill("https://meet.example.org/abc")
    page.get_by_role("button", name="Schedule meeting", exact=True).click()
    expect(page.get_by_role("list", name="Meetings").get_by_role("listitem")).to_have_count(1)
    expect(page.locator("#schedule-form")).to_have_count(0)
    expect(toggle).to_have_attribute("aria-expanded", "false")


@pytest.mark.parametrize("kind", ["missing", "not a number", "deleted", "someone else's"])
def test_a_contact_that_is_not_yours_to_see_shows_not_found(
    page: Page, base_url: str, engine: Engine, kind: str
) -> None:
    name = unique("Hidden Person")
    if kind == "missing":
        path_id: int | str = 999_999
    elif kind == "not a number":
        path_id = "abc"
    elif kind == "deleted":
        path_id = seed(engine, name)
        owner = ensure_local_user(engine)
        with Session(engine) as session:
            delete_contact(session, owner_id=owner, contact_id=path_id)
            session.commit()
    else:
        with Session(engine, expire_on_commit=False) as session:
            other = User(display_name="Another student", role="student")
            session.add(other)
            session.commit()
        assert other.id is not None
        path_id = seed(engine, name, owner_id=other.id)
    open_contact(page, base_url, path_id)
    expect(page.get_by_text("This contact isn't here")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact")
    expect(page.get_by_text(name)).to_have_count(0)


def test_html_rtl_emoji_and_very_long_notes_are_shown_as_plain_text(
    page: Page, base_url: str, engine: Engine, browser_errors: list[str]
) -> None:
    name = unique("سارة 🌟 <i>Sarah</i>")
    notes = "<b>not bold</b> <script>window.hacked=1</script> مرحبا 👋\n" + "long note " * 995
    contact_id = seed(engine, name, notes=notes[:10_000])
    open_contact(page, base_url, contact_id)

    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    notes_box = page.locator("#contact-notes")
    expect(notes_box).to_contain_text("<b>not bold</b> <script>window.hacked=1</script> مرحبا 👋")
    expect(notes_box.locator("b")).to_have_count(0)
    expect(page.locator("h1 i")).to_have_count(0)
    assert page.evaluate("window.hacked") is None

    page.get_by_role("radio", name="Note").click()
    page.get_by_label("Summary").fill("<img src=x onerror=alert(1)> 😀 שלום")
    page.get_by_role("button", name="Log it").click()
    timeline = page.get_by_role("list", name="Timeline")
    expect(timeline).to_contain_text("<img src=x onerror=alert(1)> 😀 שלום")
    expect(timeline.locator("img")).to_have_count(0)
    assert browser_errors == []


def test_the_page_with_data_has_no_accessibility_violations(
    page: Page, base_url: str, engine: Engine
) -> None:
    name = unique("Dorothy Vaughan")
    referrer = seed(engine, unique("Referrer"))
    owner = ensure_local_user(engine)
    with Session(engine, expire_on_commit=False) as session:
        contact_id = create_contact(
            session,
            owner_id=owner,
            data=ContactInput(
                name=name,
                organisation="NACA",
                role="Mathematician",
                email="dorothy@example.org",
                linkedin_url="https://www.linkedin.com/in/dorothy-vaughan",
                is_local=True,
                notes="Taught herself FORTRAN.",
            ),
            referred_by_id=referrer,
        )
        today = date.today()
        record_touch(
            session,
            owner_id=owner,
            contact_id=contact_id,
            kind="outreach_sent",
            on=today - timedelta(days=2),
            today=today,
            summary="Sent the 5-Point Email.",
            body="Hi Dorothy,\n\nWould you have 20 minutes to share how you moved into computing?",
        )
        schedule_meeting(
            session,
            owner_id=owner,
            contact_id=contact_id,
            data=MeetingInput(on=(today + timedelta(days=5)).isoformat(), at="10:00", place="Library"),
            today=today,
        )
        session.commit()
    open_contact(page, base_url, contact_id)
    expect(page.get_by_role("link", name="LinkedIn profile")).to_be_visible()
    referred = page.get_by_role("link", name="Referrer")
    expect(referred).to_have_attribute("href", f"/contacts/{referrer}")

    body = page.get_by_text("Would you have 20 minutes")
    expect(body).to_be_hidden()
    page.get_by_text("Email text").click()
    expect(body).to_be_visible()

    # The schedule form open, with its messages showing, is checked too.
    page.get_by_role("button", name="Schedule a meeting").click()
    page.get_by_role("button", name="Schedule meeting", exact=True).click()
    expect(page.locator("#meeting-place-error")).not_to_be_empty()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
        assert violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    assert violations(page) == []

    # Following "Referred by" loads the other contact in place, with none of this one's data left.
    referred.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Referrer")
    expect(page.get_by_text("Nothing logged yet.")).to_be_visible()
    expect(page.get_by_text("Taught herself FORTRAN.")).to_have_count(0)
