"""Hosted mode in Chromium, real PostgreSQL and Redis: two classmates and one alum, and an advisor who
notices who is stuck and downloads a nudge."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from email import message_from_bytes, policy

import pytest
from playwright.sync_api import Browser, expect
from sqlmodel import Session, select

from app.db import make_engine
from app.domain.contact_rules import ContactCreate
from app.domain.vocabulary import TouchKind
from app.models import Contact, User
from app.services import accounts, contacts, outreach_marks, touches
from e2e.conftest import free_port, wait_for_app
from e2e.hosted_server import OUTREACH_SECRET, HostedApp, hosted_app
from e2e.test_accessibility import violations
from e2e.test_hosted import PASSWORD, log_in, sign_up

pytestmark = pytest.mark.hosted

ALUM = ContactCreate(name="Ada Lovelace", email="ada.lovelace@example.org", organisation="Acme Engines")
GOOD_BODY = (
    "Hi Ada,\n\nAs a fellow alum, I hope you don't mind a short note. I'm curious how you came to "
    "lead engines at Acme.\n\nWould you have 20 minutes in the coming weeks to share your "
    "experience?\n\nThank you,\nBruno"
)


@pytest.fixture(scope="module")
def hosted() -> Iterator[HostedApp]:
    with hosted_app(free_port()) as app:
        yield app


def _user_id(session: Session, email: str) -> int:
    return session.exec(select(User.id).where(User.email == email)).one() or 0


def amina_wrote_to_ada_two_weeks_ago(hosted: HostedApp, email: str) -> None:
    """Amina's outreach, as the app records it: the touch (now overdue for a follow-up) and the mark."""
    engine = make_engine(hosted.database_url)
    today = date.today()
    with Session(engine) as session:
        owner = _user_id(session, email)
        contact_id = contacts.create_contact(session, owner_id=owner, data=ALUM)
        kind = TouchKind.OUTREACH_SENT.value
        on = today - timedelta(days=15)
        touches.record_touch(session, owner_id=owner, contact_id=contact_id, kind=kind, on=on, today=today)
        contact = session.get(Contact, contact_id)
        assert contact is not None
        # The server marks outreach as it is sent; here it is recorded as recent, under the server's key.
        outreach_marks.record_outreach(session, owner_id=owner, contact=contact, secret=OUTREACH_SECRET)
        session.commit()
    engine.dispose()


def test_a_classmate_is_warned_without_learning_who_and_confirms_before_marking_sent(
    hosted: HostedApp, browser: Browser
) -> None:
    advisor_email = f"advisor-{uuid.uuid4().hex[:6]}@example.org"
    engine = make_engine(hosted.database_url)
    with Session(engine) as session:
        accounts.create_user(
            session, email=advisor_email, password=PASSWORD, role="advisor", display_name="Sam Advisor"
        )
        _, code = accounts.create_cohort(session, advisor_email=advisor_email, name="Spring")
        session.commit()

    amina_context, bruno_context, advisor_context = (browser.new_context() for _ in range(3))
    amina, bruno, advisor = amina_context.new_page(), bruno_context.new_page(), advisor_context.new_page()

    # The advisor asks for a confirmation as soon as one classmate has written to someone.
    log_in(advisor, hosted.url, advisor_email)
    advisor.goto(hosted.url + "/cohort")
    wait_for_app(advisor)
    limit = advisor.get_by_label("Classmates writing to one person before the next must confirm")
    expect(limit).to_have_value("3")
    limit.fill("1")
    advisor.get_by_role("button", name="Save cohort settings").click()
    expect(advisor.get_by_text("Saved: nudges use your words from now on.")).to_be_visible()

    amina_email = sign_up(amina, hosted.url, code, "Amina")
    amina_wrote_to_ada_two_weeks_ago(hosted, amina_email)
    bruno_email = sign_up(bruno, hosted.url, code, "Bruno")
    with Session(engine) as session:
        bruno_id = _user_id(session, bruno_email)
        contacts.create_contact(
            session, owner_id=bruno_id, data=ContactCreate(name="Grace Hopper", organisation="Acme Engines")
        )
        session.commit()

    # Bruno adds the same alum, spelt his way: told gently, with someone else at Acme from his own list.
    bruno.goto(hosted.url + "/contacts")
    wait_for_app(bruno)
    bruno.get_by_role("button", name="Add contact").first.click()
    dialog = bruno.get_by_role("dialog", name="Add a contact")
    dialog.get_by_label("Name").fill("Ada Lovelace")
    dialog.get_by_label("Organisation").fill("Acme Engines")
    dialog.get_by_label("Email").fill("ADA.Lovelace@example.org")
    dialog.get_by_role("button", name="Save contact").click()
    expect(dialog).to_be_hidden()
    notice = bruno.get_by_role("status").filter(has_text="Added Ada Lovelace.")
    expect(notice).to_contain_text(
        "1 classmate wrote to this person this month; someone else at Acme Engines might be a better "
        "first contact: Grace Hopper."
    )
    expect(notice).not_to_contain_text("Amina")

    with Session(engine) as session:
        ada_id = session.exec(
            select(Contact.id).where(Contact.owner_id == bruno_id, Contact.name == "Ada Lovelace")
        ).one()
    engine.dispose()
    bruno.goto(f"{hosted.url}/compose?contact={ada_id}&kind=outreach")
    wait_for_app(bruno)
    bruno.get_by_role("button", name="Write the draft").click()
    note = bruno.locator("#classmates-note")
    expect(note).to_contain_text("1 classmate wrote to this person this month")
    bruno.get_by_label("Subject").fill("A question from a fellow alum")
    bruno.get_by_label("Email", exact=True).fill(GOOD_BODY)
    expect(bruno.get_by_text("Saved", exact=True)).to_be_visible()
    mark_sent = bruno.get_by_role("button", name="Mark as sent")
    expect(mark_sent).to_be_disabled()
    assert "Amina" not in bruno.content()
    bruno.get_by_role("checkbox", name="I've thought about it and still want to write to this person").click()
    expect(mark_sent).to_be_enabled()
    mark_sent.click()
    expect(bruno.get_by_text("Marked sent. Ada Lovelace moves along your pipeline.")).to_be_visible()
    expect(mark_sent).to_have_count(0)

    # The advisor: Amina's follow-up is overdue; her nudge is drafted from the cohort's template.
    advisor.goto(hosted.url + "/cohort")
    wait_for_app(advisor)
    stuck = advisor.get_by_role("region", name="Students who may need a word")
    row = stuck.get_by_role("row").filter(has_text=amina_email)
    expect(row).to_contain_text("1 follow-up overdue")
    expect(stuck.get_by_role("row").filter(has_text=bruno_email)).to_have_count(0)
    expect(row.get_by_role("link", name="Write a nudge to Amina")).to_have_attribute(
        "href", re.compile(r"^mailto:amina-")
    )
    with advisor.expect_download() as download_info:
        row.get_by_role("button", name="Download a nudge to Amina (.eml)").click()
    download = download_info.value
    assert download.suggested_filename == "nudge-amina.eml"
    message = message_from_bytes(download.path().read_bytes(), policy=policy.default)
    assert message["To"] == amina_email and message["Subject"] == "A quick hello from Sam Advisor"
    text = message.get_content()  # type: ignore[attr-defined]
    assert "Hi Amina," in text and "a follow-up is waiting" in text
    assert "Ada" not in text and "Acme" not in text
    # Two students: every cohort figure is withheld, and the page never names Ada.
    figures = advisor.get_by_role("region", name="Cohort figures")
    expect(figures.get_by_role("row").filter(has_text="Contacts")).to_contain_text("withheld")
    assert "Ada Lovelace" not in advisor.content()
    assert violations(advisor) == []
    advisor.set_viewport_size({"width": 390, "height": 844})
    expect(stuck).to_be_visible()
    assert violations(advisor) == []
    for context in (amina_context, bruno_context, advisor_context):
        context.close()
