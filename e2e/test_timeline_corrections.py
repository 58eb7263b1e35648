"""Mistakes can be fixed on the contact page: correct or delete a touch (with Undo), the repeat
question, and editing or deleting the contact itself."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.domain.day_words import day_label
from app.domain.pipeline import add_business_days
from app.migrate import ensure_local_user
from app.models import Touch, User
from app.services.touches import record_touch
from e2e.conftest import ARTIFACTS, wait_for_app
from e2e.test_accessibility import violations
from e2e.test_contact_page import browser_errors, engine, open_contact, seed, unique

__all__ = ["browser_errors", "engine"]  # the fixtures, shared with the contact page's tests


def outreach_on(engine: Engine, contact_id: int, on: date) -> None:
    with Session(engine) as session:
        record_touch(
            session, owner_id=ensure_local_user(engine), contact_id=contact_id,
            kind="outreach_sent", on=on, today=date.today(), summary="First email",
        )  # fmt: skip
        session.commit()


def test_correcting_the_outreach_date_moves_the_follow_up_date(
    page: Page, base_url: str, engine: Engine, browser_errors: list[str]
) -> None:
    today = date.today()
    sent = today - timedelta(days=14)
    contact_id = seed(engine, unique("Maya Patel"), organisation="Acme")
    outreach_on(engine, contact_id, sent)
    open_contact(page, base_url, contact_id)
    status = page.locator("#contact-status")
    expect(status).to_contain_text(f"Outreach sent {day_label(sent, today)}.")

    page.get_by_role("button", name=re.compile(r"^Edit Outreach sent")).click()
    form = page.locator("#timeline-edit-form")
    expect(form.get_by_label("When")).to_have_value(sent.isoformat())
    form.get_by_label("When").fill((today + timedelta(days=2)).isoformat())
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_text("That's after today: log it once it has happened.")).to_be_visible()

    form.get_by_label("When").fill(today.isoformat())
    form.get_by_label("Summary").fill("Sent it again today, properly")
    page.screenshot(path=str(ARTIFACTS / "contact-timeline-editing.png"), full_page=True)
    form.get_by_role("button", name="Save").click()
    expect(page.locator("#timeline-edit-form")).to_have_count(0)
    due = day_label(add_business_days(today, 7), today)
    expect(status).to_contain_text(f"Follow-up due {due}.")
    expect(page.get_by_role("list", name="Timeline")).to_contain_text("Sent it again today, properly")
    assert browser_errors == []


def test_deleting_a_touch_can_be_undone(
    page: Page, base_url: str, engine: Engine, browser_errors: list[str]
) -> None:
    today = date.today()
    contact_id = seed(engine, unique("Maya Patel"))
    outreach_on(engine, contact_id, today)
    open_contact(page, base_url, contact_id)
    timeline = page.get_by_role("list", name="Timeline")
    expect(page.locator("#contact-stage")).to_have_text("Reached out")

    page.get_by_role("button", name=re.compile(r"^Delete Outreach sent")).click()
    expect(page.get_by_text(f"Deleted “Outreach sent on {day_label(today, today)}”.")).to_be_visible()
    expect(page.locator("#contact-stage")).to_have_text("To contact")
    expect(timeline).to_have_count(0)
    expect(page.locator("#timeline-undo")).to_be_focused()
    page.keyboard.press("Enter")
    expect(timeline.get_by_role("listitem")).to_have_count(1)
    expect(timeline).to_contain_text("First email")
    expect(page.locator("#contact-stage")).to_have_text("Reached out")
    assert browser_errors == []


def test_logging_the_same_touch_twice_asks_first(
    page: Page, base_url: str, engine: Engine, browser_errors: list[str]
) -> None:
    name = unique("Maya Patel")
    open_contact(page, base_url, seed(engine, name))
    timeline = page.get_by_role("list", name="Timeline")
    page.get_by_role("radio", name="Outreach sent").click()
    page.get_by_role("button", name="Log it").click()
    expect(timeline.get_by_role("listitem")).to_have_count(1)

    page.get_by_role("button", name="Log it").click()
    expect(page.get_by_text(f"You logged outreach to {name} a minute ago: log it again?")).to_be_visible()
    page.get_by_role("button", name="Cancel").click()
    expect(timeline.get_by_role("listitem")).to_have_count(1)

    page.get_by_role("button", name="Log it").click()
    page.get_by_role("button", name="Log it again").click()
    expect(timeline.get_by_role("listitem")).to_have_count(2)
    assert browser_errors == []


def test_the_contact_page_edits_and_deletes_the_contact(
    page: Page, base_url: str, engine: Engine, browser_errors: list[str]
) -> None:
    name = unique("Maya Patel")
    open_contact(page, base_url, seed(engine, name, organisation="Acme", email="maya@example.org"))
    page.screenshot(path=str(ARTIFACTS / "contact-page.png"), full_page=True)

    page.get_by_role("button", name=f"Edit {name}").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_label("Email")).to_have_value("maya@example.org")
    dialog.get_by_label("Role").fill("Designer")
    dialog.get_by_role("button", name="Save contact").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_text("Designer at Acme")).to_be_visible()
    expect(page.get_by_role("link", name="maya@example.org")).to_be_visible()

    page.get_by_role("button", name=f"Delete {name}").click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text(f"Delete {name}?")
    confirm.get_by_role("button", name="Delete").click()
    expect(page).to_have_url(re.compile(r"/contacts$"))
    expect(page.get_by_text(f"Deleted {name}.")).to_be_visible()
    page.locator("#contacts-undo").click()
    expect(page.get_by_text(f"{name} is back.")).to_be_visible()
    assert browser_errors == []


def _zone_where_the_hour_is(hour: int) -> str:
    """A time zone in which it is now `hour` o'clock (Etc/GMT names count their sign backwards)."""
    now = datetime.now(UTC)
    offset = next(n for n in range(-12, 15) if (now + timedelta(hours=n)).hour == hour)
    return "UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"


@contextmanager
def _time_zone(engine: Engine, name: str) -> Iterator[None]:
    """The student's time zone setting for the length of a test, then put back."""
    owner_id = ensure_local_user(engine)
    with Session(engine) as session:
        user = session.get(User, owner_id)
        assert user is not None
        before, user.time_zone = user.time_zone, name
        session.add(user)
        session.commit()
    try:
        yield
    finally:
        with Session(engine) as session:
            user = session.get(User, owner_id)
            assert user is not None
            user.time_zone = before
            session.add(user)
            session.commit()


def _outreach_logged_hours_ago(engine: Engine, name: str, hours: int) -> int:
    contact_id = seed(engine, name)
    outreach_on(engine, contact_id, date.today() - timedelta(days=1))
    with Session(engine) as session:
        touch = session.exec(select(Touch).where(Touch.contact_id == contact_id)).one()
        touch.created_at = datetime.now(UTC) - timedelta(hours=hours)
        session.add(touch)
        session.commit()
    return contact_id


def test_the_repeat_question_counts_the_students_own_day(
    page: Page, base_url: str, engine: Engine, browser_errors: list[str]
) -> None:
    # Two hours ago, where it is now 1 a.m., was yesterday evening: logging it again today is meant.
    name = unique("Maya Patel")
    contact_id = _outreach_logged_hours_ago(engine, name, hours=2)
    with _time_zone(engine, _zone_where_the_hour_is(1)):
        open_contact(page, base_url, contact_id)
        timeline = page.get_by_role("list", name="Timeline")
        page.get_by_role("radio", name="Outreach sent").click()
        page.get_by_role("button", name="Log it").click()
        expect(timeline.get_by_role("listitem")).to_have_count(2)
        expect(page.get_by_text("log it again?")).to_have_count(0)

    # Where it is 3 p.m., two hours ago was earlier today: that is the same touch twice.
    name = unique("Ada Byron")
    contact_id = _outreach_logged_hours_ago(engine, name, hours=2)
    with _time_zone(engine, _zone_where_the_hour_is(15)):
        open_contact(page, base_url, contact_id)
        page.get_by_role("radio", name="Outreach sent").click()
        page.get_by_role("button", name="Log it").click()
        expect(page.get_by_text(f"You logged outreach to {name} 2 hours ago: log it again?")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "contact-repeat-same-day.png"), full_page=True)
        page.get_by_role("button", name="Cancel").click()
        expect(page.get_by_role("list", name="Timeline").get_by_role("listitem")).to_have_count(1)
    assert browser_errors == []


def test_undo_survives_a_reload_after_a_delete_and_after_a_correction(
    page: Page, base_url: str, engine: Engine, browser_errors: list[str]
) -> None:
    today = date.today()
    sent = today - timedelta(days=14)
    contact_id = seed(engine, unique("Maya Patel"))
    outreach_on(engine, contact_id, sent)
    open_contact(page, base_url, contact_id)
    timeline = page.get_by_role("list", name="Timeline")
    status = page.locator("#contact-status")

    page.get_by_role("button", name=re.compile(r"^Delete Outreach sent")).click()
    expect(page.locator("#contact-stage")).to_have_text("To contact")
    page.reload()
    wait_for_app(page)
    expect(page.locator("#timeline-undo-text")).to_have_text(
        f"Deleted “Outreach sent on {day_label(sent, today)}”."
    )
    page.screenshot(path=str(ARTIFACTS / "contact-undo-after-reload.png"), full_page=True)
    assert violations(page) == []
    page.locator("#timeline-undo").click()
    expect(timeline.get_by_role("listitem")).to_have_count(1)
    expect(timeline).to_contain_text("First email")
    expect(status).to_contain_text(f"Outreach sent {day_label(sent, today)}.")
    expect(page.locator("#timeline-undo")).to_have_count(0)

    page.get_by_role("button", name=re.compile(r"^Edit Outreach sent")).click()
    form = page.locator("#timeline-edit-form")
    form.get_by_label("When").fill(today.isoformat())
    form.get_by_role("button", name="Save").click()
    expect(status).to_contain_text(f"Outreach sent {day_label(today, today)}.")
    page.reload()
    wait_for_app(page)
    expect(page.locator("#timeline-undo-text")).to_have_text(
        f"Corrected “Outreach sent on {day_label(sent, today)}”."
    )
    page.locator("#timeline-undo").click()
    expect(status).to_contain_text(f"Outreach sent {day_label(sent, today)}.")
    page.reload()
    wait_for_app(page)
    expect(status).to_contain_text(f"Outreach sent {day_label(sent, today)}.")
    expect(page.locator("#timeline-undo")).to_have_count(0)
    assert browser_errors == []
