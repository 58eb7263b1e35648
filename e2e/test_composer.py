"""The composer and meeting notes in a real browser: draft, check, fix, hand over, mark sent, thank."""

from __future__ import annotations

import email
import random
import re
import string
from datetime import date
from email import policy

from playwright.sync_api import Page, expect
from sqlmodel import select

from app.db import make_engine, session_scope
from app.domain.contact_rules import ContactInput
from app.domain.vocabulary import Stage, TouchKind
from app.migrate import ensure_local_user
from app.models import Contact, Touch
from app.services import contacts, meetings
from e2e.conftest import BrowserErrors, RunningApp, wait_for_app
from e2e.test_accessibility import violations

GOOD_BODY = (
    "Hi Ada,\n\nAs a fellow alum, I hope you don't mind a short note. I'm curious how you came to "
    "lead engines at your firm.\n\nWould you have 20 minutes in the coming weeks to share your "
    "experience?\n\nThank you,\nGrace"
)


def _token() -> str:
    # Letters only, so the name passes validation and makes a clean file name; unique per test.
    return "".join(random.choices(string.ascii_lowercase, k=7)).capitalize()


def _seed_contact(app_server: RunningApp, surname: str) -> int:
    engine = make_engine(app_server.database_url)
    owner_id = ensure_local_user(engine)
    with session_scope(engine) as session:
        contact_id = contacts.create_contact(
            session,
            owner_id=owner_id,
            data=ContactInput(
                name=f"Ada {surname}",
                email=f"ada.{surname.lower()}@example.org",
                organisation=f"Engines {surname}",
                role="Engine lead",
                source="alumni",
            ),
        )
    engine.dispose()
    return contact_id


def _seed_meeting(app_server: RunningApp, contact_id: int) -> int:
    engine = make_engine(app_server.database_url)
    owner_id = ensure_local_user(engine)
    with session_scope(engine) as session:
        meeting_id = meetings.schedule_meeting(
            session,
            owner_id=owner_id,
            contact_id=contact_id,
            data=meetings.MeetingInput(on=date.today().isoformat(), at="09:00", place="Campus cafe"),
            today=date.today(),
        )
    engine.dispose()
    return meeting_id


def _no_favicon(page: Page) -> None:
    # The app ships no favicon yet; Chromium's request for it is not this feature's error.
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))


def _wait_saved(page: Page) -> None:
    # The text areas save after a short pause in typing; the page says so once it has.
    expect(page.get_by_text("Saved", exact=True)).to_be_visible()


def test_outreach_is_checked_fixed_downloaded_and_marked_sent(
    page: Page, app_server: RunningApp, browser_errors: BrowserErrors
) -> None:
    surname = _token()
    contact_id = _seed_contact(app_server, surname)
    _no_favicon(page)
    page.goto(app_server.url + "/compose")
    wait_for_app(page)

    page.get_by_label("Find a contact").fill(surname[:5])
    page.get_by_role("button", name=f"Ada {surname}").click()
    expect(page.get_by_text(f"Engine lead at Engines {surname}")).to_be_visible()
    page.get_by_role("button", name="Write the draft").click()

    body = page.get_by_label("Email", exact=True)
    expect(body).to_have_value(re.compile(r"As a fellow alum"))
    # The template leaves the student's name as a visible gap: that check fails until it is filled.
    gaps = page.locator("[data-code=no_gaps]")
    expect(gaps).to_have_attribute("data-status", "fail")
    expect(gaps).to_contain_text("Needs a change")

    page.get_by_label("Subject").fill("A question from a fellow alum")
    body.fill(GOOD_BODY.replace("share your experience", "talk about a job on your team"))
    job = page.locator("[data-code=no_job_ask]")
    expect(job).to_have_attribute("data-status", "fail")
    expect(job).to_contain_text("asks for a job in “a job on your team”")
    page.get_by_role("button", name="Mark as sent").click()
    expect(page.get_by_role("alert").filter(has_text="Not yet")).to_contain_text("“a job on your team”")

    body.fill(GOOD_BODY)
    expect(job).to_have_attribute("data-status", "pass")
    expect(page.locator("[data-status=fail]")).to_have_count(0)
    _wait_saved(page)

    # A reload finds the text: it was saved to the database as it was typed.
    page.reload()
    wait_for_app(page)
    expect(page.get_by_label("Email", exact=True)).to_have_value(GOOD_BODY)
    assert violations(page) == []

    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy to clipboard").click()
    expect(page.get_by_text("Copied: paste it into your email.")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"Subject: A question from a fellow alum\n\n{GOOD_BODY}"

    mailto = page.get_by_role("link", name="Open in your mail app")
    expect(mailto).to_have_attribute(
        "href", re.compile(rf"^mailto:ada\.{surname.lower()}@example\.org\?subject=")
    )

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download .eml").click()
    download = download_info.value
    assert download.suggested_filename == f"outreach-ada-{surname.lower()}.eml"
    message = email.message_from_bytes(download.path().read_bytes(), policy=policy.default)
    assert message["Subject"] == "A question from a fellow alum"
    assert message["To"] == f"ada.{surname.lower()}@example.org"
    assert message.get_content().replace("\r\n", "\n").strip() == GOOD_BODY  # type: ignore[attr-defined]

    page.get_by_role("button", name="Mark as sent").click()
    expect(page.get_by_text(re.compile(r"^Follow-up due on \w+day, \d+ \w+ \d{4}$"))).to_be_visible()
    expect(page.get_by_label("Email", exact=True)).to_have_attribute("readonly", "")
    expect(page.get_by_role("button", name="Mark as sent")).to_have_count(0)

    # Choosing another kind clears the editor until its draft is written; the sent one stays listed.
    page.get_by_role("combobox", name="Kind of email").click()
    page.get_by_role("option", name="Follow-up").click()
    expect(page.get_by_label("Email", exact=True)).to_have_count(0)
    page.get_by_role("button", name="Write the draft").click()
    expect(page.get_by_role("heading", name=f"Follow-up to Ada {surname}")).to_be_visible()
    emails = page.get_by_role("list", name="Drafts and sent emails")
    expect(emails.get_by_role("listitem")).to_have_count(2)
    expect(emails.get_by_role("listitem").filter(has_text="Outreach")).to_contain_text("Sent")

    engine = make_engine(app_server.database_url)
    with session_scope(engine) as session:
        contact = session.get(Contact, contact_id)
        assert contact is not None
        assert contact.stage == Stage.REACHED_OUT.value
        assert contact.follow_up_due_on is not None
        touch = session.exec(select(Touch).where(Touch.contact_id == contact_id)).one()
        assert (touch.kind, touch.body) == (TouchKind.OUTREACH_SENT.value, GOOD_BODY)
    engine.dispose()
    assert browser_errors.messages == []


def test_notes_feed_the_thank_you_and_a_suggested_person_becomes_a_contact(
    page: Page, app_server: RunningApp, browser_errors: BrowserErrors
) -> None:
    surname = _token()
    contact_id = _seed_contact(app_server, surname)
    meeting_id = _seed_meeting(app_server, contact_id)
    _no_favicon(page)
    page.goto(f"{app_server.url}/meetings/{meeting_id}/notes")
    wait_for_app(page)
    expect(page.get_by_role("link", name=f"Ada {surname}")).to_be_visible()

    page.get_by_role("button", name="Mark meeting as held").click()
    expect(page.get_by_text("Held", exact=True)).to_be_visible()
    page.get_by_label("Insights").fill("how analytical engines weave patterns")
    page.get_by_label("Assignments").fill("read the Menabrea paper")
    expect(page.get_by_text("Notes saved")).to_be_visible()

    referred = f"Charles {_token()}"
    page.get_by_label("Name", exact=True).fill(referred)
    page.get_by_label("Organisation").fill("Difference Engines")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(
        page.get_by_role("list", name="People they suggested").get_by_role("link", name=referred)
    ).to_be_visible()
    expect(page.get_by_label("Name", exact=True)).to_have_value("")
    assert violations(page) == []

    page.get_by_role("combobox", name="Remind me to keep in touch").click()
    page.get_by_role("option", name="Every 6 months").click()
    expect(page.get_by_role("combobox", name="Remind me to keep in touch")).to_contain_text("Every 6 months")

    page.get_by_role("link", name="Write the thank-you").click()
    body = page.get_by_label("Email", exact=True)
    expect(body).to_have_value(re.compile("What you said about how analytical engines weave patterns stayed"))
    expect(body).to_have_value(re.compile("I'm going to read the Menabrea paper"))
    expect(
        page.get_by_role("strong").filter(has_text=re.compile(r"^Due in \d+ (hours?|minutes?)$"))
    ).to_be_visible()
    filled = body.input_value().replace("[[your name]]", "Grace")
    filled = filled.replace("[[the field you're curious about]]", "computing")
    body.fill(filled)
    expect(page.locator("[data-status=fail]")).to_have_count(0)
    page.get_by_role("button", name="Mark as sent").click()
    expect(page.get_by_text(re.compile("^Sent on "))).to_be_visible()

    engine = make_engine(app_server.database_url)
    owner_id = ensure_local_user(engine)
    with session_scope(engine) as session:
        detail = contacts.contact_detail(
            session, owner_id=owner_id, contact_id=contact_id, today=date.today()
        )
        assert detail.stage == Stage.THANKED.value
        assert detail.keep_in_touch_months == 6
        new = session.exec(select(Contact).where(Contact.name == referred)).one()
        assert new.referred_by_id == contact_id
        assert new.source == "referred"
    engine.dispose()
    assert browser_errors.messages == []


def test_another_owners_or_unknown_meeting_shows_a_calm_not_found(page: Page, app_server: RunningApp) -> None:
    page.goto(app_server.url + "/meetings/99999999/notes")
    wait_for_app(page)
    expect(page.get_by_text("This meeting isn't here")).to_be_visible()
    page.goto(app_server.url + "/compose?contact=99999999&kind=outreach")
    wait_for_app(page)
    expect(page.get_by_text("We couldn't find that")).to_be_visible()
    expect(page.get_by_label("Email", exact=True)).to_have_count(0)
