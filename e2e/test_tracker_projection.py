"""The tracker agrees with the pipeline and with the dates it shows, in a real browser: a meeting whose
end has passed unanswered is "Met" (presumed held) in the table, on the board and on the contact page,
and sorting by "Next due" orders the rows by the very dates they show (a snoozed card by its new day)."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.domain.pipeline import add_business_days
from app.migrate import ensure_local_user
from app.models import Contact
from app.services.cards import next_due_by_contact, snooze_card
from app.services.clock import clock_for
from app.services.meetings import MeetingInput, schedule_meeting
from app.services.touches import record_touch
from e2e.conftest import ARTIFACTS, wait_for_app
from e2e.test_accessibility import violations
from e2e.test_contact_page import engine, open_contact, seed, stage
from e2e.test_contacts_page import tag

__all__ = ["engine"]

# Each row's "Next due" date: the last ISO date a cell of the row carries in its title (Last touch's
# comes before it).
_NEXT_DUE_TITLES = """rows => rows.map(row => {
    const days = [...row.querySelectorAll('[title]')].map(e => e.title)
        .filter(t => /^\\d{4}-\\d\\d-\\d\\d$/.test(t));
    return days[days.length - 1] || '';
})"""


def _touch(engine: Engine, contact_id: int, kind: str, on: date) -> None:
    with Session(engine) as session:
        record_touch(
            session, owner_id=ensure_local_user(engine), contact_id=contact_id, kind=kind, on=on, today=on
        )
        session.commit()


def test_a_meeting_that_ended_unanswered_is_met_in_the_table_the_board_and_its_page(
    page: Page, base_url: str, engine: Engine
) -> None:
    word = tag()
    today = date.today()
    maya = seed(engine, f"Maya {word}", organisation="Northwind")
    _touch(engine, maya, "outreach_sent", today - timedelta(days=6))
    _touch(engine, maya, "reply_received", today - timedelta(days=3))
    # Arranged two days ago for yesterday morning; nobody has said since whether it happened.
    with Session(engine) as session:
        schedule_meeting(
            session, owner_id=ensure_local_user(engine), contact_id=maya,
            data=MeetingInput(on=(today - timedelta(days=1)).isoformat(), at="09:00", place="Cafe"),
            today=today - timedelta(days=2),
        )  # fmt: skip
        session.commit()
        stored = session.exec(select(Contact.stage).where(Contact.id == maya)).one()
    assert stored == "meeting_scheduled"  # as written then: the tracker must move it on by itself

    page.goto(f"{base_url}/contacts?q={word}")
    wait_for_app(page)
    row = page.get_by_role("row").filter(has_text=f"Maya {word}")
    expect(row).to_contain_text("Met")
    expect(row).not_to_contain_text("Meeting scheduled")
    page.screenshot(path=str(ARTIFACTS / "tracker-presumed-held.png"), full_page=True)
    assert violations(page) == []

    page.goto(f"{base_url}/contacts?q={word}&view=board")
    wait_for_app(page)
    met = page.locator("[aria-labelledby]").filter(has=page.get_by_role("heading", name="Met", exact=True))
    expect(met.get_by_role("link", name=f"Maya {word}")).to_be_visible()
    scheduled = page.locator("[aria-labelledby]").filter(
        has=page.get_by_role("heading", name="Meeting scheduled", exact=True)
    )
    expect(scheduled.get_by_role("link", name=f"Maya {word}")).to_have_count(0)

    open_contact(page, base_url, maya)
    expect(stage(page)).to_have_text("Met")


def test_sorting_by_next_due_orders_rows_by_the_dates_they_show(
    page: Page, base_url: str, engine: Engine
) -> None:
    word = tag()
    today = date.today()
    owner_id = ensure_local_user(engine)
    # A meeting tomorrow: its "How did it go?" is next due then.
    max_id = seed(engine, f"Max {word}", organisation="Umbrella")
    with Session(engine) as session:
        schedule_meeting(
            session, owner_id=owner_id, contact_id=max_id,
            data=MeetingInput(on=(today + timedelta(days=1)).isoformat(), at="10:00", place="Cafe"),
            today=today,
        )  # fmt: skip
        session.commit()
    # Outreach today: the second-contact suggestion, three business days on.
    fay = seed(engine, f"Fay {word}", organisation="Initech")
    _touch(engine, fay, "outreach_sent", today)
    # A follow-up overdue since last week, snoozed until next week: it shows, and sorts by, that day.
    sam = seed(engine, f"Sam {word}", organisation="Globex")
    sent = add_business_days(today, -9)
    _touch(engine, sam, "outreach_sent", sent)
    with Session(engine) as session:
        clock = clock_for(session, owner_id=owner_id)
        snooze_card(
            session, owner_id=owner_id, contact_id=sam, kind="follow_up",
            trigger=add_business_days(sent, 7).isoformat(), choice="next_week", clock=clock,
        )  # fmt: skip
        session.commit()
        shown = next_due_by_contact(session, owner_id=owner_id, contact_ids=[max_id, fay, sam], clock=clock)
    assert shown[sam] > add_business_days(sent, 7).isoformat()  # the snooze moved it after the others' days
    by_date = sorted([(shown[max_id], max_id, "Max"), (shown[fay], fay, "Fay"), (shown[sam], sam, "Sam")])
    expected = [f"{name} {word}" for _, _, name in by_date]

    page.goto(f"{base_url}/contacts?q={word}&sort=next_due_on")
    wait_for_app(page)
    table = page.get_by_role("table", name="Your contacts")
    expect(page.get_by_role("columnheader", name="Next due")).to_have_attribute("aria-sort", "ascending")
    expect(table.get_by_role("rowheader")).to_have_text(expected)
    # The dates the rows show (each cell carries its ISO date) read in order, top to bottom.
    titles = table.locator("tbody tr").evaluate_all(_NEXT_DUE_TITLES)
    assert titles == sorted(titles) and len(titles) == 3, titles
    assert titles == [day for day, _, _ in by_date]
    page.screenshot(path=str(ARTIFACTS / "tracker-next-due-sorted.png"), full_page=True)

    page.get_by_role("columnheader", name="Next due").get_by_role("button").click()
    expect(page.get_by_role("columnheader", name="Next due")).to_have_attribute("aria-sort", "descending")
    expect(table.get_by_role("rowheader")).to_have_text(list(reversed(expected)))
