"""The prep wizard's rules and service: completeness, readiness, autosave, ownership."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

import pytest
import reflex as rx
from sqlmodel import Session, select

from app.db import session_scope
from app.domain import brief_rules
from app.domain.brief_rules import BriefContent, end_by_text, is_ready, leave_by_text, step_gaps, too_long
from app.domain.question_bank import QUESTION_BANK
from app.domain.vocabulary import Tiara
from app.models import Brief, Contact, User
from app.services import briefs
from app.services.contacts import ContactInput, create_contact
from app.services.errors import NotFound, ValidationFailed
from app.services.meetings import MeetingInput, meetings_for_contact, schedule_meeting
from app.state import prep as prep_state
from app.state.prep import PrepState

TODAY = date(2026, 11, 27)
GOOD = (
    "What surprised you most when you started in this role?",
    "Which trends are shaping your industry right now?",
    "What advice would you give someone starting out in this field?",
)


def complete_content(**changes: object) -> BriefContent:
    base = BriefContent(
        person_role="Product designer",
        person_path="Studied at Leeds, then two agencies.",
        person_reading="Her talk at UX Bristol 2025.",
        org_what="Makes accounting software for small firms.",
        questions=GOOD,
        travel_minutes=25,
        closing_plan="Thank her at the 18th minute.",
        starts_at="14:00",
        place="Their office, 3rd floor",
    )
    return BriefContent(**{**base.__dict__, **changes})  # type: ignore[arg-type]


# --- completeness rules ------------------------------------------------------------------------


def test_a_complete_brief_with_three_good_questions_is_ready() -> None:
    content = complete_content()
    assert step_gaps(content) == {1: [], 2: [], 3: [], 4: []}
    assert is_ready(content)


def test_the_person_step_needs_a_role_and_something_read() -> None:
    assert step_gaps(complete_content(person_role="  "))[1] == ["Add their role."]
    assert len(step_gaps(complete_content(person_reading=""))[1]) == 1
    assert step_gaps(complete_content(person_path=""))[1] == []  # the career path is optional


def test_the_organisation_step_needs_what_it_does() -> None:
    assert step_gaps(complete_content(org_what=""))[2] == ["Say in a line what the organisation does."]
    assert step_gaps(complete_content(org_news="", org_trends=""))[2] == []


def test_logistics_need_travel_minutes_and_a_closing_plan() -> None:
    assert len(step_gaps(complete_content(travel_minutes=None))[4]) == 1
    assert len(step_gaps(complete_content(closing_plan=" "))[4]) == 1
    assert step_gaps(complete_content(travel_minutes=0))[4] == []  # a video call needs no travel


def test_logistics_need_a_time_and_a_place_or_link() -> None:
    assert len(step_gaps(complete_content(starts_at=""))[4]) == 1
    assert len(step_gaps(complete_content(place="", video_link=""))[4]) == 1
    assert step_gaps(complete_content(place="", video_link="https://meet.example/x"))[4] == []


@pytest.mark.parametrize(
    ("questions", "why"),
    [
        ((*GOOD[:2], ""), "of your three questions"),
        ((*GOOD[:2], "Could you refer me for an internship at your company?"), "asks for a job"),
        ((*GOOD[:2], GOOD[0]), "is the same as question 1"),
        ((*GOOD[:2], "What do you do"), "question mark"),
    ],
)
def test_readiness_needs_the_three_question_rule_to_pass(questions: tuple[str, ...], why: str) -> None:
    content = complete_content(questions=questions)
    assert not is_ready(content)
    assert brief_rules.first_incomplete_step(content) == 3
    assert any(why in gap for gap in step_gaps(content)[3])


def test_a_long_note_is_named_with_its_bound() -> None:
    assert too_long("person_path", "x" * 500) is None
    note = too_long("person_path", "x" * 10_000)
    assert note is not None and "10,000" in note and "500" in note
    assert not is_ready(complete_content(person_path="x" * 10_000))


def test_leave_by_arrives_ten_minutes_early_and_end_by_adds_the_length() -> None:
    assert leave_by_text("14:00", 15) == "Leave by 13:35 to arrive at 13:50, ten minutes early"
    assert end_by_text("14:00", 20) == "End by 14:20"
    assert leave_by_text("14:00", 0).startswith("Be there (or online) by 13:50")
    assert leave_by_text("00:05", 30) == (
        "Leave by 23:25 the day before to arrive at 23:55 the day before, ten minutes early"
    )
    assert end_by_text("23:50", 20) == "End by 00:10 the next day"
    assert leave_by_text("", 15) == "" and leave_by_text("14:00", None) == "" and end_by_text("", 20) == ""


def test_travel_minutes_are_parsed_kindly() -> None:
    assert brief_rules.parse_travel_minutes(" 25 ") == (25, None)
    assert brief_rules.parse_travel_minutes("") == (None, None)
    assert brief_rules.parse_travel_minutes("soon")[1] is not None
    assert brief_rules.parse_travel_minutes("-5")[1] is not None
    assert brief_rules.parse_travel_minutes("9999")[1] is not None


# --- the service -------------------------------------------------------------------------------


def make_meeting(session: Session, owner_id: int, *, on: str = "2026-12-03", role: str = "Designer") -> int:
    contact_id = create_contact(
        session, owner_id=owner_id, data=ContactInput(name="Ada Byron", organisation="Analytical", role=role)
    )
    meeting_id = schedule_meeting(
        session,
        owner_id=owner_id,
        contact_id=contact_id,
        data=MeetingInput(on=on, at="14:00", place="Their office"),
        today=TODAY,
    )
    session.commit()
    return meeting_id


FIELDS_FOR_READY = {
    "person_role": "Lead designer",
    "person_reading": "Her blog post on research ops.",
    "org_what": "Builds calculating engines.",
    "travel_minutes": "15",
    "closing_plan": "Thank her at minute 18.",
}


def fill(session: Session, owner_id: int, meeting_id: int, questions: tuple[str, ...] = GOOD) -> None:
    for field, value in FIELDS_FOR_READY.items():
        briefs.save_field(
            session, owner_id=owner_id, meeting_id=meeting_id, field=field, value=value, today=TODAY
        )
    for slot, text in enumerate(questions):
        briefs.save_question(session, owner_id=owner_id, meeting_id=meeting_id, position=slot, text=text)


def test_opening_a_brief_makes_it_with_the_contacts_role(session: Session, owner_id: int) -> None:
    meeting_id = make_meeting(session, owner_id, role="Head of research")
    view = briefs.open_brief(session, owner_id=owner_id, meeting_id=meeting_id, today=TODAY)
    assert view.person_role == "Head of research"
    assert view.contact_name == "Ada Byron" and view.organisation == "Analytical"
    assert view.questions == ("", "", "") and view.current_step == 1 and not view.is_ready
    briefs.open_brief(session, owner_id=owner_id, meeting_id=str(meeting_id), today=TODAY)
    assert len(session.exec(select(Brief).where(Brief.meeting_id == meeting_id)).all()) == 1


def test_every_field_saved_comes_back_after_a_reload(engine, owner_id: int) -> None:  # type: ignore[no-untyped-def]
    text = "Réunion 🎉 <b>not bold</b>\nsecond line"
    with Session(engine) as session:
        meeting_id = make_meeting(session, owner_id)
        for field in briefs.TEXT_FIELDS:
            briefs.save_field(
                session,
                owner_id=owner_id,
                meeting_id=meeting_id,
                field=field,
                value=f"{field}: {text}",
                today=TODAY,
            )
        for field, value in {
            "travel_minutes": "35",
            "on": "2026-12-10",
            "at": "09:30",
            "duration_minutes": "30",
            "place": "Café 🍵",
            "video_link": "https://meet.example/abc",
        }.items():
            briefs.save_field(
                session, owner_id=owner_id, meeting_id=meeting_id, field=field, value=value, today=TODAY
            )
        briefs.save_question(session, owner_id=owner_id, meeting_id=meeting_id, position=1, text="Why? 🤔")
        briefs.set_question_letter(session, owner_id=owner_id, meeting_id=meeting_id, position=1, letter="As")
        briefs.set_step(session, owner_id=owner_id, meeting_id=meeting_id, step=4)
        session.commit()
    with Session(engine) as fresh:
        view = briefs.open_brief(fresh, owner_id=owner_id, meeting_id=meeting_id, today=TODAY)
    for field in briefs.TEXT_FIELDS:
        assert getattr(view, field) == f"{field}: {text}"
    assert (view.travel_minutes, view.on, view.at, view.duration_minutes) == ("35", "2026-12-10", "09:30", 30)
    assert (view.place, view.video_link) == ("Café 🍵", "https://meet.example/abc")
    assert view.questions == ("", "Why? 🤔", "") and view.letters == ("", "As", "")
    assert view.current_step == 4


def test_a_refused_value_keeps_what_was_saved(session: Session, owner_id: int) -> None:
    meeting_id = make_meeting(session, owner_id)
    save = briefs.save_field
    for field, value in [
        ("on", ""),
        ("on", "2030-01-01"),
        ("at", "2pm"),
        ("duration_minutes", "600"),
        ("video_link", "meet.example"),
        ("travel_minutes", "later"),
    ]:
        with pytest.raises(ValidationFailed) as failure:
            save(session, owner_id=owner_id, meeting_id=meeting_id, field=field, value=value, today=TODAY)
        assert field in failure.value.errors
    with pytest.raises(ValidationFailed):
        save(session, owner_id=owner_id, meeting_id=meeting_id, field="owner_id", value="2", today=TODAY)
    view = briefs.open_brief(session, owner_id=owner_id, meeting_id=meeting_id, today=TODAY)
    assert (view.on, view.at, view.duration_minutes, view.video_link) == ("2026-12-03", "14:00", 20, "")


def test_a_past_date_is_allowed_and_noted(session: Session, owner_id: int) -> None:
    meeting_id = make_meeting(session, owner_id)
    briefs.save_field(
        session, owner_id=owner_id, meeting_id=meeting_id, field="on", value="2026-11-01", today=TODAY
    )
    assert briefs.open_brief(session, owner_id=owner_id, meeting_id=meeting_id, today=TODAY).in_past


def test_a_10000_character_note_is_kept_but_named_and_blocks_readiness(
    session: Session, owner_id: int
) -> None:
    meeting_id = make_meeting(session, owner_id)
    fill(session, owner_id, meeting_id)
    status = briefs.save_field(
        session,
        owner_id=owner_id,
        meeting_id=meeting_id,
        field="person_path",
        value="é" * 10_000,
        today=TODAY,
    )
    assert "10,000" in status.long_fields["person_path"]
    assert not status.steps_complete[0]
    assert (
        briefs.open_brief(session, owner_id=owner_id, meeting_id=meeting_id, today=TODAY).person_path
        == "é" * 10_000
    )
    assert not briefs.finish_brief(session, owner_id=owner_id, meeting_id=meeting_id).ready
    with pytest.raises(ValidationFailed):
        briefs.save_field(
            session,
            owner_id=owner_id,
            meeting_id=meeting_id,
            field="org_news",
            value="x" * 50_000,
            today=TODAY,
        )


def test_finishing_with_two_questions_is_refused_with_the_reason(session: Session, owner_id: int) -> None:
    meeting_id = make_meeting(session, owner_id)
    fill(session, owner_id, meeting_id, questions=GOOD[:2])
    result = briefs.finish_brief(session, owner_id=owner_id, meeting_id=meeting_id)
    assert not result.ready and result.first_failing_step == 3
    assert any(reason.startswith("Three questions: You have two of your three") for reason in result.reasons)
    assert result.status.question_problems[2] and not result.status.is_ready


def test_finishing_a_complete_brief_marks_it_ready_for_the_contact_page(
    session: Session, owner_id: int
) -> None:
    meeting_id = make_meeting(session, owner_id)
    fill(session, owner_id, meeting_id)
    result = briefs.finish_brief(session, owner_id=owner_id, meeting_id=meeting_id)
    assert result.ready and result.reasons == () and result.status.steps_complete == (True,) * 5
    session.commit()
    contact_id = briefs.open_brief(session, owner_id=owner_id, meeting_id=meeting_id, today=TODAY).contact_id
    (meeting,) = meetings_for_contact(session, owner_id=owner_id, contact_id=contact_id, today=TODAY)
    assert meeting.brief_ready


@pytest.mark.parametrize(
    ("field", "value"),
    [("person_role", ""), ("org_what", " "), ("travel_minutes", ""), ("closing_plan", ""), ("place", "")],
)
def test_editing_after_ready_rechecks_and_unreadies(
    session: Session, owner_id: int, field: str, value: str
) -> None:
    meeting_id = make_meeting(session, owner_id)
    fill(session, owner_id, meeting_id)
    assert briefs.finish_brief(session, owner_id=owner_id, meeting_id=meeting_id).ready
    status = briefs.save_field(
        session, owner_id=owner_id, meeting_id=meeting_id, field=field, value=value, today=TODAY
    )
    assert not status.is_ready
    assert not session.exec(select(Brief).where(Brief.meeting_id == meeting_id)).one().is_ready


def test_a_job_asking_question_after_ready_unreadies(session: Session, owner_id: int) -> None:
    meeting_id = make_meeting(session, owner_id)
    fill(session, owner_id, meeting_id)
    assert briefs.finish_brief(session, owner_id=owner_id, meeting_id=meeting_id).ready
    status = briefs.save_question(
        session,
        owner_id=owner_id,
        meeting_id=meeting_id,
        position=0,
        text="Could you hire me for an internship?",
    )
    assert not status.is_ready and "asks for a job" in status.question_problems[0][0]


def test_a_harmless_edit_after_ready_stays_ready(session: Session, owner_id: int) -> None:
    meeting_id = make_meeting(session, owner_id)
    fill(session, owner_id, meeting_id)
    briefs.finish_brief(session, owner_id=owner_id, meeting_id=meeting_id)
    status = briefs.save_field(
        session,
        owner_id=owner_id,
        meeting_id=meeting_id,
        field="org_news",
        value="A new office.",
        today=TODAY,
    )
    assert status.is_ready


def test_a_starter_fills_the_first_empty_slot_with_its_letter(session: Session, owner_id: int) -> None:
    meeting_id = make_meeting(session, owner_id)
    briefs.save_question(session, owner_id=owner_id, meeting_id=meeting_id, position=0, text=GOOD[0])
    slot = briefs.use_starter(session, owner_id=owner_id, meeting_id=meeting_id, letter="R", index=1)
    assert slot == 1
    view = briefs.open_brief(session, owner_id=owner_id, meeting_id=meeting_id, today=TODAY)
    assert view.questions[1] == QUESTION_BANK[Tiara.RESOURCES][1] and view.letters[1] == "R"
    briefs.use_starter(session, owner_id=owner_id, meeting_id=meeting_id, letter="T", index=0)
    assert briefs.use_starter(session, owner_id=owner_id, meeting_id=meeting_id, letter="A", index=0) is None
    for letter, index in (("X", 0), ("T", 99), ("T", "zero"), (None, 0)):
        with pytest.raises(ValidationFailed):
            briefs.use_starter(session, owner_id=owner_id, meeting_id=meeting_id, letter=letter, index=index)


def test_the_tiara_nudge_appears_with_one_letter_and_never_blocks(session: Session, owner_id: int) -> None:
    meeting_id = make_meeting(session, owner_id)
    fill(session, owner_id, meeting_id)
    for slot in range(3):
        status = briefs.set_question_letter(
            session, owner_id=owner_id, meeting_id=meeting_id, position=slot, letter="I"
        )
    assert "only draw on Insights" in status.nudge
    assert briefs.finish_brief(session, owner_id=owner_id, meeting_id=meeting_id).ready
    status = briefs.set_question_letter(
        session, owner_id=owner_id, meeting_id=meeting_id, position=0, letter="T"
    )
    assert status.nudge == ""
    status = briefs.set_question_letter(
        session, owner_id=owner_id, meeting_id=meeting_id, position=0, letter="bad"
    )
    assert "only draw on Insights" in status.nudge


def test_bad_slots_and_steps_are_refused_or_clamped(session: Session, owner_id: int) -> None:
    meeting_id = make_meeting(session, owner_id)
    for position in (-1, 3, "one", None):
        with pytest.raises(ValidationFailed):
            briefs.save_question(
                session, owner_id=owner_id, meeting_id=meeting_id, position=position, text="Hi?"
            )
    assert briefs.set_step(session, owner_id=owner_id, meeting_id=meeting_id, step=99) == 5
    assert briefs.set_step(session, owner_id=owner_id, meeting_id=meeting_id, step="x") == 5
    assert briefs.set_step(session, owner_id=owner_id, meeting_id=meeting_id, step=0) == 1


# --- ownership ---------------------------------------------------------------------------------

EVERY_FUNCTION: dict[str, Callable[[Session, int, object], object]] = {
    "open_brief": lambda s, o, m: briefs.open_brief(s, owner_id=o, meeting_id=m, today=TODAY),
    "brief_status": lambda s, o, m: briefs.brief_status(s, owner_id=o, meeting_id=m),
    "save_field": lambda s, o, m: briefs.save_field(
        s, owner_id=o, meeting_id=m, field="person_role", value="x", today=TODAY
    ),
    "save_question": lambda s, o, m: briefs.save_question(s, owner_id=o, meeting_id=m, position=0, text="x"),
    "set_question_letter": lambda s, o, m: briefs.set_question_letter(
        s, owner_id=o, meeting_id=m, position=0, letter="T"
    ),
    "use_starter": lambda s, o, m: briefs.use_starter(s, owner_id=o, meeting_id=m, letter="T", index=0),
    "set_step": lambda s, o, m: briefs.set_step(s, owner_id=o, meeting_id=m, step=2),
    "finish_brief": lambda s, o, m: briefs.finish_brief(s, owner_id=o, meeting_id=m),
}


@pytest.mark.parametrize("name", sorted(EVERY_FUNCTION))
def test_another_owners_meeting_is_not_found_everywhere(session: Session, owner_id: int, name: str) -> None:
    other = User(email="other@example.com", display_name="Other")
    session.add(other)
    session.commit()
    assert other.id is not None
    theirs = make_meeting(session, other.id)
    briefs.open_brief(session, owner_id=other.id, meeting_id=theirs, today=TODAY)
    session.commit()
    call = EVERY_FUNCTION[name]
    for meeting_id in (theirs, str(theirs), 999_999, "abc", None, {"id": theirs}):
        with pytest.raises(NotFound):
            call(session, owner_id, meeting_id)
    session.rollback()
    brief = session.exec(select(Brief).where(Brief.meeting_id == theirs)).one()
    assert brief.person_role == "Designer" and brief.current_step == 1


def test_a_deleted_contacts_meeting_is_not_found(session: Session, owner_id: int) -> None:
    meeting_id = make_meeting(session, owner_id)
    contact = session.exec(select(Contact).where(Contact.owner_id == owner_id)).one()
    from app.services.contacts import delete_contact

    delete_contact(session, owner_id=owner_id, contact_id=contact.id)
    with pytest.raises(NotFound):
        briefs.open_brief(session, owner_id=owner_id, meeting_id=meeting_id, today=TODAY)


# --- the wizard's state: hostile payloads and other owners' meetings ------------------------


@pytest.fixture
def state(engine, owner_id: int, monkeypatch: pytest.MonkeyPatch) -> PrepState:  # type: ignore[no-untyped-def]
    """The wizard's state on the test database, as the local student."""

    @contextmanager
    def scope() -> Iterator[Session]:
        with session_scope(engine) as session:
            yield session

    monkeypatch.setattr(prep_state, "session_scope", scope)
    monkeypatch.setattr(prep_state, "current_owner_id", lambda _state: owner_id)
    monkeypatch.setattr(prep_state, "today", lambda: TODAY)
    return rx.State().get_substate([PrepState.get_name()])  # type: ignore[return-value]


def saved_meeting(engine, owner_id: int) -> int:  # type: ignore[no-untyped-def]
    with Session(engine, expire_on_commit=False) as session:
        return make_meeting(session, owner_id)


def test_the_state_saves_as_typed_and_marks_ready(state: PrepState, engine, owner_id: int) -> None:  # type: ignore[no-untyped-def]
    meeting_id = saved_meeting(engine, owner_id)
    state._load(str(meeting_id))
    assert state.found and state.step == 1 and state.person_role == "Designer"
    for field, value in {**FIELDS_FOR_READY, "person_path": "é" * 10_000}.items():
        state.save_text(field, value)
    assert "10,000" in state.errors["person_path"] and not state.steps_complete[0]
    state.save_text("person_path", "Leeds, then two agencies.")
    assert state.errors["person_path"] == "" and state.steps_complete[0]
    for slot, text in enumerate(GOOD[:2]):
        state.save_question(slot, text)
    state.go_to_step(3)
    state.finish()
    assert not state.is_ready and state.step == 3
    assert any("two of your three" in reason for reason in state.finish_reasons)
    state.use_starter("I", 1)
    assert state.questions[2] == QUESTION_BANK[Tiara.INSIGHTS][1] and state.letters[2] == "I"
    state.finish()
    assert state.is_ready and state.step == 5 and state.finish_reasons == []
    with Session(engine) as session:
        assert session.exec(select(Brief).where(Brief.meeting_id == meeting_id)).one().is_ready


def test_odd_payloads_never_crash_or_write(state: PrepState, engine, owner_id: int) -> None:  # type: ignore[no-untyped-def]
    meeting_id = saved_meeting(engine, owner_id)
    state._load(meeting_id)
    state.save_text({"field": "x"}, "a")
    state.save_text("owner_id", "2")
    state.save_text("meeting_id", "2")
    state.save_text("person_role", {"text": "hi"})
    state.save_question("one", "Why?")
    state.save_question(7, "Why?")
    state.set_letter(0, ["T"])
    state.set_letter("x", "T")
    state.use_starter("Z", 0)
    state.use_starter("T", 999)
    state.go_to_step("last")
    state.go_to_step(9)
    state.save_text("duration_minutes", "forever")
    assert state.errors["duration_minutes"].startswith("A length between 5 and 240")
    assert state.found and state.step == 1 and state.letters == ["", "", ""]
    view = briefs.open_brief(Session(engine), owner_id=owner_id, meeting_id=meeting_id, today=TODAY)
    assert view.questions == ("", "", "") and view.duration_minutes == 20 and view.current_step == 1


@pytest.mark.parametrize("route_value", ["abc", "", "999999", "-1", "1.5", "<script>"])
def test_the_state_finds_nothing_for_ids_that_are_not_a_meeting(state: PrepState, route_value: str) -> None:
    state._load(route_value)
    assert state.loaded and not state.found and state.contact_name == ""


def test_another_owners_meeting_shows_nothing_and_takes_no_edits(state: PrepState, engine) -> None:  # type: ignore[no-untyped-def]
    with Session(engine, expire_on_commit=False) as session:
        other = User(email="someone@example.com")
        session.add(other)
        session.commit()
        theirs = make_meeting(session, other.id)  # type: ignore[arg-type]
    state._load(theirs)
    assert not state.found and state.contact_name == ""
    # A crafted client that sets its own meeting id still goes through the owner check.
    state.found, state.meeting_id = True, theirs
    state.save_text("person_role", "mine now")
    assert not state.found
    with Session(engine) as session:
        assert session.exec(select(Brief).where(Brief.meeting_id == theirs)).first() is None


def test_a_brief_is_shared_with_the_advisor_only_when_the_student_chooses(
    session: Session, owner_id: int
) -> None:
    meeting_id = make_meeting(session, owner_id)
    view = briefs.open_brief(session, owner_id=owner_id, meeting_id=meeting_id, today=date(2026, 12, 1))
    assert view.shared_with_advisor is False
    assert briefs.share_with_advisor(session, owner_id=owner_id, meeting_id=meeting_id, shared=True) is True
    # Anything but a real True (a string, a number from a hostile client) is "not shared".
    assert briefs.share_with_advisor(session, owner_id=owner_id, meeting_id=meeting_id, shared="yes") is False
    other = User(display_name="Someone else")
    session.add(other)
    session.flush()
    with pytest.raises(NotFound):
        briefs.share_with_advisor(session, owner_id=other.id, meeting_id=meeting_id, shared=True)
