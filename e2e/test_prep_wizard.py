"""The prep wizard in Chromium: kind refusals, nothing lost on reload, a brief that prints on one page."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine
from sqlmodel import select

from app.db import make_engine, session_scope
from app.domain.brief_rules import FIELD_LIMITS
from app.domain.question_bank import QUESTION_BANK
from app.domain.vocabulary import Tiara
from app.migrate import ensure_local_user
from app.models import Brief, BriefQuestion
from app.services import briefs
from app.services.contacts import ContactInput, create_contact
from app.services.meetings import MeetingInput, meetings_for_contact, schedule_meeting
from e2e.conftest import ARTIFACTS, RunningApp, wait_for_app
from e2e.test_accessibility import violations
from e2e.waiting import wait_until

GOOD = (
    "What surprised you most when you started in this role?",
    "Which trends are shaping your industry right now?",
)
JOB_QUESTION = "Could you refer me for an internship at your company?"


@pytest.fixture(scope="module")
def engine(app_server: RunningApp) -> Iterator[Engine]:
    engine = make_engine(app_server.database_url)
    yield engine
    engine.dispose()


def seed_meeting(engine: Engine, *, on: date | None = None, fields: dict[str, str] | None = None,
                 questions: tuple[str, ...] = (), step: int = 1) -> int:  # fmt: skip
    """A contact and a meeting at 14:00 with unique names, and whatever brief the test starts from."""
    owner_id = ensure_local_user(engine)
    name = f"Grace Prep {uuid.uuid4().hex[:8]}"
    today = date.today()
    with session_scope(engine) as session:
        contact_id = create_contact(
            session,
            owner_id=owner_id,
            data=ContactInput(name=name, organisation=f"Orbital {name[-8:]}", role="Data scientist"),
        )
        meeting_id = schedule_meeting(
            session,
            owner_id=owner_id,
            contact_id=contact_id,
            data=MeetingInput(
                on=(on or today + timedelta(days=5)).isoformat(), at="14:00", place="Their office"
            ),
            today=today,
        )
        briefs.open_brief(session, owner_id=owner_id, meeting_id=meeting_id, today=today)
        for field, value in (fields or {}).items():
            briefs.save_field(
                session, owner_id=owner_id, meeting_id=meeting_id, field=field, value=value, today=today
            )
        for slot, text in enumerate(questions):
            briefs.save_question(session, owner_id=owner_id, meeting_id=meeting_id, position=slot, text=text)
        briefs.set_step(session, owner_id=owner_id, meeting_id=meeting_id, step=step)
    return meeting_id


SOLID_FIELDS = {
    "person_role": "Senior data scientist, forecasting team",
    "person_reading": "Her post on demand forecasting; the team's engineering blog.",
    "org_what": "Satellite imagery for farmers.",
    "travel_minutes": "15",
    "closing_plan": "At minute 18, thank her and ask who else I could talk to.",
}


def brief_row(engine: Engine, meeting_id: int) -> Brief:
    with session_scope(engine) as session:
        return session.exec(select(Brief).where(Brief.meeting_id == meeting_id)).one()


def wait_for_database(check: Callable[[], bool]) -> None:
    wait_until(check, timeout=6.0, message="the change never reached the database")


def open_wizard(page: Page, base_url: str, meeting_id: int) -> None:
    page.goto(f"{base_url}/meetings/{meeting_id}/prep")
    wait_for_app(page)
    expect(page.get_by_role("navigation", name="Prep steps")).to_be_visible()


def step_button(page: Page, number: int):  # type: ignore[no-untyped-def]
    return page.get_by_role("navigation", name="Prep steps").get_by_role(
        "button", name=re.compile(f"^Step {number}:")
    )


def expect_on_step(page: Page, number: int, title: str) -> None:
    expect(page.get_by_role("heading", level=2, name=f"{number}. {title}")).to_be_visible()
    expect(step_button(page, number)).to_have_attribute("aria-current", "step")


def mark_ready(page: Page) -> None:
    page.get_by_role("button", name="Mark ready").click()


def test_mark_ready_is_refused_until_the_three_questions_pass(
    page: Page, base_url: str, engine: Engine
) -> None:
    meeting_id = seed_meeting(engine, fields=SOLID_FIELDS, questions=GOOD, step=3)
    open_wizard(page, base_url, meeting_id)
    expect_on_step(page, 3, "Three questions")
    expect(step_button(page, 1)).to_contain_text("complete")
    expect(step_button(page, 3)).to_contain_text("not complete")

    # Two questions: refused, still on step 3, told why (in the summary and beside question 3).
    mark_ready(page)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Not ready yet")
    expect(alert).to_contain_text("You have two of your three questions")
    expect_on_step(page, 3, "Three questions")
    expect(page.locator("#question-3-problems")).to_contain_text("Question 3 is still empty")
    assert violations(page) == []

    # A question asking for a job: refused, and the problem names it.
    page.get_by_label("Question 3", exact=True).fill(JOB_QUESTION)
    mark_ready(page)
    expect(alert).to_contain_text("Question 3 asks for a job")
    expect(page.locator("#question-3-problems")).to_contain_text("not to ask for a job")
    expect_on_step(page, 3, "Three questions")
    assert not brief_row(engine, meeting_id).is_ready

    # A copy of question 1: refused as a duplicate.
    page.get_by_label("Question 3", exact=True).fill(GOOD[0].upper())
    mark_ready(page)
    expect(alert).to_contain_text("Question 3 is the same as question 1")
    expect(page.locator("#question-1-problems")).to_be_empty()

    # Clear it and take a starter from the bank: it lands in slot 3 with its letter, still editable.
    page.get_by_label("Question 3", exact=True).fill("")
    wait_for_database(lambda: _question_text(engine, meeting_id, 2) == "")
    page.get_by_role("tab", name="Advice").click()
    starter = QUESTION_BANK[Tiara.ADVICE][3]
    page.get_by_role("tabpanel").get_by_role("button", name="Use this question").nth(3).click()
    expect(page.get_by_label("Question 3", exact=True)).to_have_value(starter)
    expect(page.locator("#question-3-letter")).to_have_text("Advice")
    page.get_by_label("Question 3", exact=True).fill(starter.replace("someone", "a student"))

    mark_ready(page)
    expect(page.get_by_role("status").filter(has_text="Your brief is ready")).to_be_visible()
    expect_on_step(page, 5, "Review")
    expect(page.locator(".brief-sheet")).to_contain_text("a student starting out")
    expect(page.get_by_text("Ready", exact=True).first).to_be_visible()
    expect(step_button(page, 3)).to_contain_text("complete")
    wait_for_database(lambda: brief_row(engine, meeting_id).is_ready)
    # The contact page and Today read readiness through the meetings service.
    with session_scope(engine) as session:
        owner_id = ensure_local_user(engine)
        view = briefs.open_brief(session, owner_id=owner_id, meeting_id=meeting_id, today=date.today())
        (meeting,) = meetings_for_contact(
            session, owner_id=owner_id, contact_id=view.contact_id, today=date.today()
        )
    assert meeting.brief_ready
    page.screenshot(path=str(ARTIFACTS / "prep-ready.png"), full_page=True)
    assert violations(page) == []

    # Editing after ready re-checks: a job request makes the brief not ready again.
    step_button(page, 3).click()
    page.get_by_label("Question 2", exact=True).fill(JOB_QUESTION)
    wait_for_database(lambda: not brief_row(engine, meeting_id).is_ready)
    expect(page.get_by_text("Not ready yet").first).to_be_visible()


def _question_text(engine: Engine, meeting_id: int, slot: int) -> str | None:
    with session_scope(engine) as session:
        brief = session.exec(select(Brief).where(Brief.meeting_id == meeting_id)).one()
        row = session.exec(
            select(BriefQuestion).where(BriefQuestion.brief_id == brief.id, BriefQuestion.position == slot)
        ).first()
        return row.text if row else None


def test_every_typed_word_and_the_step_survive_a_reload(page: Page, base_url: str, engine: Engine) -> None:
    meeting_id = seed_meeting(engine)
    open_wizard(page, base_url, meeting_id)
    expect_on_step(page, 1, "The person")
    expect(page.get_by_label("Their role")).to_have_value("Data scientist")  # from the contact
    page.get_by_label("Their role").fill("Lead data scientist")
    page.get_by_label("Their career path").fill("Physics at Bath, then Met Office 🌦️")
    reading = "<script>alert('x')</script> <b>her talk</b> https://example.org/talk"
    page.get_by_label("What you read").fill(reading)
    # A 10,000-character paste is kept, with a kind note naming the bound.
    page.get_by_label("Their career path").fill("a" * 10_000)
    expect(page.locator("#prep-person-path-note")).to_contain_text("This is 10,000 characters")
    expect(step_button(page, 1)).to_contain_text("not complete")
    page.get_by_label("Their career path").fill("Physics at Bath, then Met Office 🌦️")
    expect(page.locator("#prep-person-path-note")).to_be_empty()
    expect(step_button(page, 1)).to_contain_text("complete")
    assert violations(page) == []

    page.get_by_role("button", name="Next").click()
    expect_on_step(page, 2, "The organisation")
    page.get_by_label("What it does").fill("Satellite data for farms.")
    page.get_by_label("Recent news").fill("Raised a Series B in October.")
    assert violations(page) == []

    step_button(page, 4).click()
    expect_on_step(page, 4, "Logistics")
    expect(page.get_by_label("Planned length in minutes")).to_have_value("20")
    page.get_by_label("Travel time in minutes").fill("15")
    card = page.locator(".prep-card")
    expect(card.get_by_text("Leave by 13:35 to arrive at 13:50, ten minutes early")).to_be_visible()
    expect(card.get_by_text("End by 14:20")).to_be_visible()
    page.get_by_label("Planned length in minutes").fill("30")
    expect(card.get_by_text("End by 14:30")).to_be_visible()
    page.get_by_label("Video link").fill("not a link")
    expect(page.locator("#prep-video-link-note")).to_contain_text("starts with https://")
    page.get_by_label("Video link").fill("")
    page.get_by_label("How you'll close on time").fill("Thank her at minute 25.")
    assert violations(page) == []
    wait_for_database(lambda: brief_row(engine, meeting_id).closing_plan == "Thank her at minute 25.")

    page.reload()
    wait_for_app(page)
    expect_on_step(page, 4, "Logistics")
    expect(page.get_by_label("Travel time in minutes")).to_have_value("15")
    expect(page.get_by_label("Planned length in minutes")).to_have_value("30")
    expect(page.get_by_label("How you'll close on time")).to_have_value("Thank her at minute 25.")
    step_button(page, 1).click()
    expect(page.get_by_label("Their role")).to_have_value("Lead data scientist")
    expect(page.get_by_label("Their career path")).to_have_value("Physics at Bath, then Met Office 🌦️")
    expect(page.get_by_label("What you read")).to_have_value(reading)
    step_button(page, 2).click()
    expect(page.get_by_label("What it does")).to_have_value("Satellite data for farms.")
    expect(page.get_by_label("Recent news")).to_have_value("Raised a Series B in October.")

    # The review shows HTML as text, never as markup.
    step_button(page, 5).click()
    sheet = page.locator(".brief-sheet")
    expect(sheet).to_contain_text("<b>her talk</b>")
    expect(sheet.locator("b")).to_have_count(0)
    expect(sheet).to_contain_text("Leave by 13:35")
    expect(sheet).to_contain_text("You are not there to ask for a job")
    assert violations(page) == []
    page.emulate_media(color_scheme="dark")
    assert violations(page) == []


def test_the_printed_brief_fits_one_page(page: Page, base_url: str, engine: Engine) -> None:
    # Every note at its limit: the worst case a student can make must still print on one sheet.
    limits = FIELD_LIMITS
    words = "Réseau 🌍 research, interviews and notes about the field and its people; "
    full = {field: (words * 40)[: limits[field]] for field in briefs.TEXT_FIELDS}
    long_questions = tuple(
        (f"{opening} " + "and how that shapes the work of your team " * 8)[: limits["question"] - 1] + "?"
        for opening in ("What surprised you most", "Which trends matter", "What advice would you give")
    )
    meeting_id = seed_meeting(
        engine,
        on=date.today() - timedelta(days=2),
        fields={**full, "travel_minutes": "40", "place": "x" * 200},
        questions=long_questions,
        step=5,
    )
    open_wizard(page, base_url, meeting_id)
    expect_on_step(page, 5, "Review")
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Prep steps")).to_be_hidden()
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(page.locator(".brief-sheet")).to_be_visible()
    # The printable width of A4 at 96 dpi, for a look at the sheet as printed.
    page.set_viewport_size({"width": 703, "height": 1000})
    page.screenshot(path=str(ARTIFACTS / "prep-brief-print.png"), full_page=True)
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper)
        (ARTIFACTS / f"prep-brief-{paper}.pdf").write_bytes(pdf)
        pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
        assert pages == 1, f"the brief took {pages} {paper} pages"


def test_a_past_meeting_is_allowed_with_a_note(page: Page, base_url: str, engine: Engine) -> None:
    meeting_id = seed_meeting(engine, on=date.today() - timedelta(days=3), step=4)
    open_wizard(page, base_url, meeting_id)
    expect_on_step(page, 4, "Logistics")
    expect(page.get_by_text("That's fine if you are catching up")).to_be_visible()


@pytest.mark.parametrize("meeting_id", ["99999999", "abc"])
def test_an_unknown_meeting_shows_not_found(page: Page, base_url: str, meeting_id: str) -> None:
    page.goto(f"{base_url}/meetings/{meeting_id}/prep")
    wait_for_app(page)
    expect(page.get_by_text("This meeting isn't here")).to_be_visible()
    expect(page.get_by_role("navigation", name="Prep steps")).to_have_count(0)
