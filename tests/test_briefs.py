"""The prep wizard's rules and service: completeness, readiness, autosave, ownership."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from app import routes
from app.domain import brief_rules
from app.domain.brief_rules import BriefContent, end_by_text, is_ready, leave_by_text, step_gaps, too_long
from app.domain.question_bank import QUESTION_BANK
from app.domain.vocabulary import Tiara
from app.models import Brief, Contact
from app.services import briefs
from app.services.briefs import BriefUpdate
from app.services.errors import NotFound, ValidationFailed
from app.services.meetings import meetings_for_contact
from app.state.prep import PrepState
from tests.browser import open_page, visit
from tests.factories import add_contact, add_meeting, other_owner

TODAY = date(2026, 11, 27)
GOOD = (
    "What surprised you most when you started in this role?",
    "Which trends are shaping your industry right now?",
    "What advice would you give someone starting out in this field?",
)


def complete_content(**changes: Any) -> BriefContent:
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
    return dataclasses.replace(base, **changes)


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
    contact_id = add_contact(session, owner_id, "Ada Byron", organisation="Analytical", role=role)
    meeting_id = add_meeting(
        session, owner_id, contact_id, on=on, at="14:00", place="Their office", today=TODAY
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


def test_every_field_saved_comes_back_after_a_reload(engine: Engine, owner_id: int) -> None:
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


# Two values for every field the wizard saves: the first fills the brief, the second edits one field.
FIRST_VALUES = {
    **{field: f"{field} as first written" for field in briefs.TEXT_FIELDS},
    "travel_minutes": "25",
    "on": "2026-12-08",
    "at": "09:30",
    "duration_minutes": "30",
    "place": "Their office, 3rd floor",
    "video_link": "https://meet.example/first",
}
EDITED_VALUES = {
    **{field: f"{field}, edited" for field in briefs.TEXT_FIELDS},
    "travel_minutes": "40",
    "on": "2026-12-10",
    "at": "16:45",
    "duration_minutes": "45",
    "place": "The café downstairs",
    "video_link": "https://meet.example/edited",
}


def shown(view: briefs.BriefView) -> dict[str, str]:
    """Every field of the brief and its meeting as the wizard shows it."""
    return {field: str(getattr(view, field)) for field in briefs.FIELDS}


def test_every_field_of_the_brief_can_be_filled_and_edited() -> None:
    assert set(FIRST_VALUES) == set(EDITED_VALUES) == set(briefs.FIELDS)


@pytest.mark.parametrize("field", briefs.FIELDS)
def test_editing_one_field_leaves_every_other_field_as_saved(
    session: Session, owner_id: int, field: str
) -> None:
    meeting_id = make_meeting(session, owner_id)
    briefs.update_brief(
        session, owner_id=owner_id, meeting_id=meeting_id, data=BriefUpdate(**FIRST_VALUES), today=TODAY
    )
    before = shown(briefs.open_brief(session, owner_id=owner_id, meeting_id=meeting_id, today=TODAY))
    assert before == FIRST_VALUES
    edit = BriefUpdate(**{field: EDITED_VALUES[field]})
    assert edit.sent() == {field: EDITED_VALUES[field]}
    briefs.update_brief(session, owner_id=owner_id, meeting_id=meeting_id, data=edit, today=TODAY)
    session.commit()
    after = shown(briefs.open_brief(session, owner_id=owner_id, meeting_id=meeting_id, today=TODAY))
    assert after == {**FIRST_VALUES, field: EDITED_VALUES[field]}


def test_an_update_with_a_refused_field_writes_none_of_the_brief(session: Session, owner_id: int) -> None:
    meeting_id = make_meeting(session, owner_id)
    with pytest.raises(ValidationFailed) as failure:
        briefs.update_brief(
            session,
            owner_id=owner_id,
            meeting_id=meeting_id,
            data=BriefUpdate(person_role="Chief engineer", travel_minutes="soon"),
            today=TODAY,
        )
    assert set(failure.value.errors) == {"travel_minutes"}
    view = briefs.open_brief(session, owner_id=owner_id, meeting_id=meeting_id, today=TODAY)
    assert (view.person_role, view.travel_minutes) == ("Designer", "")


def test_an_update_names_only_fields_of_the_brief() -> None:
    for field in ("owner_id", "meeting_id", "is_ready", {"field": "x"}, None):
        with pytest.raises(ValidationFailed):
            BriefUpdate.of(field, "x")
    assert BriefUpdate().sent() == {}
    assert BriefUpdate.of("place", None).sent() == {"place": ""}


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


def test_a_refused_question_can_be_replaced_by_its_suggested_rewrite(session: Session, owner_id: int) -> None:
    meeting_id = make_meeting(session, owner_id)
    fill(session, owner_id, meeting_id)
    status = briefs.save_question(
        session,
        owner_id=owner_id,
        meeting_id=meeting_id,
        position=1,
        text="Could you refer me for the analyst role?",
    )
    assert status.question_suggestions == (
        "",
        "What helped the analysts you've worked with get their first role?",
        "",
    )

    text, after = briefs.use_suggested_question(session, owner_id=owner_id, meeting_id=meeting_id, position=1)

    assert text == "What helped the analysts you've worked with get their first role?"
    assert after.question_problems == ((), (), ())
    assert after.question_suggestions == ("", "", "")
    assert (
        briefs.open_brief(session, owner_id=owner_id, meeting_id=meeting_id, today=TODAY).questions[1] == text
    )


def test_a_question_with_nothing_to_suggest_is_left_as_written(session: Session, owner_id: int) -> None:
    meeting_id = make_meeting(session, owner_id)
    fill(session, owner_id, meeting_id)
    before = briefs.open_brief(session, owner_id=owner_id, meeting_id=meeting_id, today=TODAY).questions
    text, _status = briefs.use_suggested_question(
        session, owner_id=owner_id, meeting_id=meeting_id, position=0
    )
    assert text == before[0]
    assert (
        briefs.open_brief(session, owner_id=owner_id, meeting_id=meeting_id, today=TODAY).questions == before
    )


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


@pytest.mark.parametrize("position", [-1, 3, "one", None, True, 1.0, "1.5", [1], "9" * 40])
def test_a_question_slot_that_is_not_one_of_the_three_is_refused(
    session: Session, owner_id: int, position: object
) -> None:
    meeting_id = make_meeting(session, owner_id)
    assert briefs.question_slot(position) is None
    with pytest.raises(ValidationFailed):
        briefs.save_question(session, owner_id=owner_id, meeting_id=meeting_id, position=position, text="Hi?")


def test_slots_and_steps_come_as_whole_numbers_or_digits() -> None:
    assert [briefs.question_slot(value) for value in (0, "1", " 2 ")] == [0, 1, 2]
    assert [briefs.wizard_step(value) for value in (1, "5", 0, 6, "x", False)] == [
        1,
        5,
        None,
        None,
        None,
        None,
    ]


def test_a_step_that_is_not_the_wizards_leaves_it_where_it_was(session: Session, owner_id: int) -> None:
    meeting_id = make_meeting(session, owner_id)
    assert briefs.set_step(session, owner_id=owner_id, meeting_id=meeting_id, step="4") == 4
    for step in (99, "x", 0, None, [2]):
        assert briefs.set_step(session, owner_id=owner_id, meeting_id=meeting_id, step=step) == 4


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
    "use_suggested_question": lambda s, o, m: briefs.use_suggested_question(
        s, owner_id=o, meeting_id=m, position=0
    ),
    "set_step": lambda s, o, m: briefs.set_step(s, owner_id=o, meeting_id=m, step=2),
    "finish_brief": lambda s, o, m: briefs.finish_brief(s, owner_id=o, meeting_id=m),
}


@pytest.mark.parametrize("name", sorted(EVERY_FUNCTION))
def test_another_owners_meeting_is_not_found_everywhere(session: Session, owner_id: int, name: str) -> None:
    other = other_owner(session)
    theirs = make_meeting(session, other)
    briefs.open_brief(session, owner_id=other, meeting_id=theirs, today=TODAY)
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


# --- the wizard's state, driven as the browser drives it ------------------------------------


@pytest.fixture
def open_wizard(page_state: Callable[..., Any]) -> Callable[[object], PrepState]:
    """The prep page as the browser opens it: the address /meetings/<id>/prep, then `load`."""

    def open_at(meeting_id: object) -> PrepState:
        return visit(page_state, PrepState, routes.MEETING_PREP, today=TODAY, meeting_id=str(meeting_id))

    return open_at


def saved_meeting(engine: Engine, owner_id: int) -> int:
    with Session(engine, expire_on_commit=False) as session:
        return make_meeting(session, owner_id)


def stored_brief(engine: Engine, owner_id: int, meeting_id: int) -> briefs.BriefView:
    with Session(engine) as session:
        return briefs.open_brief(session, owner_id=owner_id, meeting_id=meeting_id, today=TODAY)


def test_the_state_saves_as_typed_and_marks_ready(
    open_wizard: Callable[[object], PrepState], engine: Engine, owner_id: int
) -> None:
    meeting_id = saved_meeting(engine, owner_id)
    state = open_wizard(meeting_id)
    assert state.found and state.step == 1 and state.person_role == "Designer"
    assert state.contact_name == "Ada Byron" and state.when_text.endswith("at 14:00")
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
    assert state.current_gaps and all(gap.startswith("Three questions: ") for gap in state.all_gaps)
    assert state.where == "Their office"
    state.use_starter("I", 1)
    assert state.questions[2] == QUESTION_BANK[Tiara.INSIGHTS][1] and state.letters[2] == "I"
    assert state.letter_labels == ["", "", "Insights"] and state.current_gaps == []
    assert state.bank_note.startswith("Added as question 3.")
    state.finish()
    assert state.is_ready and state.step == 5 and state.finish_reasons == []
    assert state.finish_message.startswith("Your brief is ready.")
    assert stored_brief(engine, owner_id, meeting_id).is_ready
    # Emptying a needed field afterwards: the brief is no longer ready, and the page stops saying so.
    state.save_text("person_role", " ")
    assert not state.is_ready and state.finish_message == "" and not state.steps_complete[0]
    assert not stored_brief(engine, owner_id, meeting_id).is_ready


def test_saving_a_field_on_the_page_changes_that_field_alone(
    open_wizard: Callable[[object], PrepState], engine: Engine, owner_id: int
) -> None:
    meeting_id = saved_meeting(engine, owner_id)
    state = open_wizard(meeting_id)
    for field, value in FIRST_VALUES.items():
        state.save_text(field, value)
    state.save_text("org_news", "Opened a Leeds office.")
    assert shown(stored_brief(engine, owner_id, meeting_id)) == {
        **FIRST_VALUES,
        "org_news": "Opened a Leeds office.",
    }
    again = open_wizard(meeting_id)
    assert {field: getattr(again, field) for field in briefs.FIELDS} == {
        **FIRST_VALUES,
        "org_news": "Opened a Leeds office.",
    }
    assert again.leave_by.startswith("Leave by 08:55") and again.end_by == "End by 10:00"


def test_the_wizard_walks_its_steps_and_reopens_where_the_student_was(
    open_wizard: Callable[[object], PrepState], engine: Engine, owner_id: int
) -> None:
    meeting_id = saved_meeting(engine, owner_id)
    state = open_wizard(meeting_id)
    state.previous_step()
    assert state.step == 1
    state.next_step()
    state.next_step()
    assert state.step == 3 and state.step_title == "Three questions" and not state.show_question_problems
    state.save_question("0", "What surprised you most when you started?")
    state.next_step()
    # Having moved on from the questions, the student sees the rule's verdict on them.
    assert state.step == 4 and state.show_question_problems
    state.go_to_step("2")
    assert state.step == 2
    assert open_wizard(meeting_id).step == 2


def test_a_date_in_the_past_is_noted_on_the_page(
    open_wizard: Callable[[object], PrepState], engine: Engine, owner_id: int
) -> None:
    state = open_wizard(saved_meeting(engine, owner_id))
    assert not state.in_past
    state.save_text("on", "2026-11-01")
    assert state.in_past and state.errors["on"] == ""
    state.save_text("on", "someday")
    assert state.errors["on"] == "Choose the meeting's date." and state.in_past


def test_sharing_with_the_advisor_takes_only_a_real_yes(
    open_wizard: Callable[[object], PrepState], engine: Engine, owner_id: int
) -> None:
    meeting_id = saved_meeting(engine, owner_id)
    state = open_wizard(meeting_id)
    state.set_shared(True)
    assert state.shared_with_advisor and stored_brief(engine, owner_id, meeting_id).shared_with_advisor
    state.set_shared("yes")
    assert not state.shared_with_advisor
    assert not stored_brief(engine, owner_id, meeting_id).shared_with_advisor


def test_a_busy_database_says_the_change_was_not_saved_and_keeps_the_text(
    open_wizard: Callable[[object], PrepState], engine: Engine, owner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = saved_meeting(engine, owner_id)
    state = open_wizard(meeting_id)

    def busy(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("UPDATE brief", {}, Exception("database is locked"))

    with monkeypatch.context() as patch:
        patch.setattr(briefs, "update_brief", busy)
        state.save_text("org_what", "Builds engines.")
    assert state.save_problem.startswith("Your last change couldn't be saved just now.")
    assert state.org_what == "Builds engines." and state.found
    assert stored_brief(engine, owner_id, meeting_id).org_what == ""
    state.save_text("org_what", "Builds engines.")
    assert (
        state.save_problem == "" and stored_brief(engine, owner_id, meeting_id).org_what == "Builds engines."
    )


def test_odd_payloads_never_crash_or_write(
    open_wizard: Callable[[object], PrepState], engine: Engine, owner_id: int
) -> None:
    meeting_id = saved_meeting(engine, owner_id)
    state = open_wizard(meeting_id)
    state.save_text({"field": "x"}, "a")
    state.save_text("owner_id", "2")
    state.save_text("meeting_id", "2")
    state.save_question("one", "Why?")
    state.save_question(7, "Why?")
    state.save_question(True, "Why?")
    state.set_letter(0, ["T"])
    state.set_letter("x", "T")
    state.use_starter("Z", 0)
    assert state.bank_note == "That starter isn't in the bank any more."
    state.use_starter("T", 999)
    state.go_to_step("last")
    state.go_to_step(9)
    state.go_to_step({"step": 2})
    state.save_text("duration_minutes", "forever")
    assert state.errors["duration_minutes"].startswith("A length between 5 and 240")
    assert (
        state.found and state.step == 1 and state.letters == ["", "", ""] and state.meeting_id == meeting_id
    )
    view = stored_brief(engine, owner_id, meeting_id)
    assert view.questions == ("", "", "") and view.duration_minutes == 20 and view.current_step == 1
    assert shown(view)["person_role"] == "Designer"


@pytest.mark.parametrize("route_value", ["abc", "", "999999", "-1", "1.5", "<script>", "9" * 40])
def test_the_page_finds_nothing_for_addresses_that_are_not_a_meeting(
    open_wizard: Callable[[object], PrepState], route_value: str
) -> None:
    state = open_wizard(route_value)
    assert state.loaded and not state.found and state.contact_name == ""


def test_another_owners_meeting_shows_nothing_and_takes_no_edits(
    open_wizard: Callable[[object], PrepState], engine: Engine, owner_id: int
) -> None:
    mine = saved_meeting(engine, owner_id)
    with Session(engine, expire_on_commit=False) as session:
        theirs = make_meeting(session, other_owner(session))
    state = open_wizard(mine)
    assert state.found and state.contact_name == "Ada Byron"
    # Opening their address after one's own leaves nothing of one's own brief on the page either.
    open_page(state, routes.MEETING_PREP, meeting_id=str(theirs))
    state.load()
    assert state.loaded and not state.found and state.contact_name == "" and state.meeting_id == 0
    # A crafted client that sets its own meeting id still goes through the owner check.
    state.found, state.meeting_id = True, theirs
    state.save_text("person_role", "mine now")
    assert not state.found and state.person_role == ""
    for attempt in (
        lambda: state.save_question(0, "Whose brief is this?"),
        lambda: state.set_letter(0, "T"),
        lambda: state.use_starter("T", 0),
        lambda: state.go_to_step(4),
        state.finish,
        lambda: state.set_shared(True),
    ):
        state.found, state.meeting_id = True, theirs
        attempt()
        assert not state.found and state.loaded
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
    with pytest.raises(NotFound):
        briefs.share_with_advisor(session, owner_id=other_owner(session), meeting_id=meeting_id, shared=True)


def test_moving_the_meeting_in_the_wizard_offers_the_updated_calendar_file(
    open_wizard: Callable[[object], PrepState], engine: Engine, owner_id: int
) -> None:
    from tests.test_contact_page_services import downloaded

    meeting_id = saved_meeting(engine, owner_id)
    state = open_wizard(meeting_id)
    state.save_text("at", state.at)  # saving the same time again is not a move
    state.save_text("closing_plan", "Thank them at the 18th minute.")
    assert not state.calendar_changed
    state.save_text("at", "25:99")  # refused: nothing moved
    assert not state.calendar_changed
    state.save_text("at", "16:15")
    assert state.calendar_changed
    text = downloaded(state.download_calendar_file())
    assert "SEQUENCE:1" in text and "T161500Z" in text


def test_the_wizard_offers_the_rewrite_of_a_job_ask_and_uses_it_in_one_click(
    open_wizard: Callable[[object], PrepState], engine: Engine, owner_id: int
) -> None:
    meeting_id = saved_meeting(engine, owner_id)
    state = open_wizard(meeting_id)
    state.save_question(0, GOOD[0])
    state.save_question(1, "Could you refer me for the analyst role?")
    state.save_question(2, GOOD[2])
    state.check_questions()
    rewrite = "What helped the analysts you've worked with get their first role?"
    assert state.question_suggestions == ["", rewrite, ""]
    assert "“refer me for the analyst role”" in state.question_problems[1][0]

    for hostile in (7, -1, "x", None, [1]):
        state.use_suggestion(hostile)
    assert state.questions[1] == "Could you refer me for the analyst role?"

    state.use_suggestion(1)
    assert state.questions[1] == rewrite
    assert state.question_problems == [[], [], []] and state.question_suggestions == ["", "", ""]
    assert stored_brief(engine, owner_id, meeting_id).questions[1] == rewrite


def test_the_wizard_tells_the_browser_what_each_field_holds_once_saved(
    open_wizard: Callable[[object], PrepState], engine: Engine, owner_id: int
) -> None:
    from app.domain.text_digest import text_digest

    state = open_wizard(saved_meeting(engine, owner_id))
    assert state.saved_digests["closing_plan"] == text_digest("")
    state.save_text("closing_plan", "Thank them at the 18th minute.")
    state.save_question(1, "What surprised you most in your first year?")
    assert state.saved_digests["closing_plan"] == text_digest("Thank them at the 18th minute.")
    assert state.saved_digests["question_2"] == text_digest("What surprised you most in your first year?")
    state.save_text("closing_plan", "x" * 30_000)  # refused: what is saved, and its digest, stay
    assert state.saved_digests["closing_plan"] == text_digest("Thank them at the 18th minute.")
