"""The calendar feed in a real browser: make the link in settings, subscribe to it, revoke it."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import icalendar
from playwright.sync_api import Page, expect
from sqlmodel import select

from app.db import make_engine, session_scope
from app.domain.contact_rules import ContactInput
from app.domain.pipeline import add_business_days
from app.domain.vocabulary import TouchKind
from app.migrate import ensure_local_user
from app.models import Contact
from app.services.contacts import create_contact
from app.services.meetings import MeetingCreate, schedule_meeting
from app.services.touches import record_touch
from e2e.conftest import ARTIFACTS, BrowserErrors, RunningApp, wait_for_app
from e2e.test_accessibility import violations


def _seed(database_url: str, follow_up_name: str, meeting_name: str, meeting_on: date) -> None:
    """Outreach sent eight business days ago (its follow-up is due), and a meeting two days ahead."""
    today = date.today()
    engine = make_engine(database_url)
    try:
        owner_id = ensure_local_user(engine)
        with session_scope(engine) as session:
            waiting = create_contact(session, owner_id=owner_id, data=ContactInput(name=follow_up_name))
            sent_on = add_business_days(today, -8)
            record_touch(
                session, owner_id=owner_id, contact_id=waiting, kind=TouchKind.OUTREACH_SENT.value,
                on=sent_on, today=sent_on,
            )  # fmt: skip
            meeting_with = create_contact(session, owner_id=owner_id, data=ContactInput(name=meeting_name))
            schedule_meeting(
                session, owner_id=owner_id, contact_id=meeting_with, today=today,
                data=MeetingCreate(on=meeting_on.isoformat(), at="10:00", place="Library café"),
            )  # fmt: skip
    finally:
        engine.dispose()


def test_the_feed_link_answers_with_the_due_items_and_stops_once_revoked(
    page: Page, app_server: RunningApp, browser_errors: BrowserErrors
) -> None:
    tag = uuid.uuid4().hex[:6]
    follow_up, meeting = f"Feed Waiting {tag}", f"Feed Meeting {tag}"
    meeting_on = date.today() + timedelta(days=2)
    _seed(app_server.database_url, follow_up, meeting, meeting_on)

    page.goto(app_server.url + "/settings")
    wait_for_app(page)
    section = page.locator("#calendar-feed")
    section.get_by_role("button", name="Create calendar link").click()
    link = section.get_by_label("Your calendar link")
    expect(link).not_to_have_value("")
    url = link.input_value()
    assert url.startswith(app_server.url + "/calendar/") and url.endswith(".ics")
    expect(section.get_by_role("button", name="Copy link")).to_be_visible()
    assert violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "settings-calendar-feed.png"), full_page=True)

    answer = page.request.get(url)
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(answer.text())
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    due = events[f"Follow-up due: {follow_up}"]
    assert type(due.decoded("DTSTART")) is date  # an all-day event
    timed = events[f"Informational interview with {meeting}"]
    assert isinstance(timed.decoded("DTSTART"), datetime)
    assert timed.decoded("DTSTART").date() == meeting_on

    section.get_by_role("button", name="Revoke link").click()
    expect(section.get_by_text("Link revoked")).to_be_visible()
    expect(section.get_by_role("button", name="Create calendar link")).to_be_visible()
    gone = page.request.get(url)
    assert gone.status == 404
    assert follow_up not in gone.text() and "VCALENDAR" not in gone.text()

    # After a reload, the page says nothing is shared (a revoked link is never shown again).
    page.reload()
    wait_for_app(page)
    expect(section.get_by_role("button", name="Create calendar link")).to_be_visible()
    assert browser_errors.messages == []


def test_cancelling_a_meeting_hands_over_the_cancelling_calendar_file(
    page: Page, app_server: RunningApp, browser_errors: BrowserErrors
) -> None:
    tag = uuid.uuid4().hex[:6]
    name = f"Cancel Meeting {tag}"
    _seed(app_server.database_url, f"Cancel Waiting {tag}", name, date.today() + timedelta(days=3))
    engine = make_engine(app_server.database_url)
    try:
        with session_scope(engine) as session:
            contact_id = session.exec(select(Contact.id).where(Contact.name == name)).one()
    finally:
        engine.dispose()
    page.goto(f"{app_server.url}/contacts/{contact_id}")
    wait_for_app(page)
    meetings = page.get_by_role("list", name="Meetings")
    with page.expect_download() as planned_info:
        meetings.get_by_role("button", name="Add to calendar").click()
    planned = icalendar.Calendar.from_ical(Path(planned_info.value.path()).read_text(encoding="utf-8"))
    with page.expect_download() as cancelled_info:
        meetings.get_by_role("button", name="Cancel meeting").click()
    cancelled = icalendar.Calendar.from_ical(Path(cancelled_info.value.path()).read_text(encoding="utf-8"))
    [before], [after] = planned.walk("VEVENT"), cancelled.walk("VEVENT")
    assert str(cancelled["METHOD"]) == "CANCEL" and str(after["STATUS"]) == "CANCELLED"
    assert str(after["UID"]) == str(before["UID"]) and int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    expect(meetings).to_contain_text("Cancelled")
    expect(meetings.get_by_role("button", name="Remove from calendar")).to_be_visible()
    expect(meetings.get_by_role("button", name="Mark as held")).to_have_count(0)
    assert browser_errors.messages == []
