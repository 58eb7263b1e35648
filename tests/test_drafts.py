"""The composer's drafts: filled from the records, saved as typed, checked, and sent by the student."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from app.domain.contact_rules import ContactInput
from app.domain.email_checks import NAME_SPELLED, NO_JOB_ASK, WORD_COUNT
from app.domain.vocabulary import Stage, TouchKind
from app.models import Contact, Draft, Touch
from app.services import contacts, drafts, notes, touches
from app.services.drafts import DraftUpdate
from app.services.errors import NotFound, ValidationFailed
from tests.factories import add_contact, add_meeting, hold_meeting, other_owner

TODAY = date(2026, 3, 2)  # a Monday
NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
GOOD_OUTREACH = (
    "Hi Ada,\n\nAs a fellow alum, I hope you don't mind a short note. I'm curious how you came to "
    "lead engines at Babbage & Co.\n\nWould you have 20 minutes in the coming weeks to share your "
    "experience?\n\nThank you,\nGrace"
)


def _contact(session: Session, owner_id: int, name: str = "Ada Lovelace", **fields: str) -> int:
    defaults = {"email": "ada@example.org", "organisation": "Babbage & Co", "role": "Engine lead"}
    return add_contact(session, owner_id, name, **{**defaults, "source": "alumni", **fields})


def _held_meeting(session: Session, owner_id: int, contact_id: int) -> int:
    meeting_id = add_meeting(session, owner_id, contact_id, on="2026-03-02", today=TODAY)
    notes.save_note(session, owner_id=owner_id, meeting_id=meeting_id, field="insights",
                    text="how analytical engines weave patterns")  # fmt: skip
    notes.save_note(session, owner_id=owner_id, meeting_id=meeting_id, field="assignments",
                    text="read the Menabrea paper")  # fmt: skip
    hold_meeting(session, owner_id, meeting_id, today=TODAY)
    return meeting_id


def test_a_new_outreach_draft_is_filled_from_the_contact_with_visible_gaps(
    session: Session, owner_id: int
) -> None:
    contact_id = _contact(session, owner_id)
    draft_id = drafts.create_draft(session, owner_id=owner_id, contact_id=contact_id, kind="outreach")
    view = drafts.get_draft(session, owner_id=owner_id, draft_id=draft_id)
    assert view.kind == "outreach" and view.status == "draft"
    assert "Hi Ada," in view.body
    assert "As a fellow alum" in view.body
    assert "Engine lead at Babbage & Co" in view.body
    # Nothing recorded for the student's name or interest: a gap, never "None".
    assert "[[your name]]" in view.body
    assert "None" not in view.body and "None" not in view.subject


def test_a_referred_contact_is_greeted_with_who_referred_them(session: Session, owner_id: int) -> None:
    referrer = _contact(session, owner_id)
    data = ContactInput(name="Charles Babbage", organisation="Engines Ltd")
    referred = contacts.create_contact(session, owner_id=owner_id, data=data, referred_by_id=referrer)
    draft_id = drafts.create_draft(session, owner_id=owner_id, contact_id=referred, kind="outreach")
    assert (
        "student Ada referred to you" in drafts.get_draft(session, owner_id=owner_id, draft_id=draft_id).body
    )


def test_the_referrer_and_the_greeting_use_first_names_without_titles(
    session: Session, owner_id: int
) -> None:
    referrer = _contact(session, owner_id, name="Dr. Sam Lee")
    data = ContactInput(name="Prof. Charles Babbage", organisation="Engines Ltd")
    referred = contacts.create_contact(session, owner_id=owner_id, data=data, referred_by_id=referrer)
    draft_id = drafts.create_draft(session, owner_id=owner_id, contact_id=referred, kind="outreach")
    body = drafts.get_draft(session, owner_id=owner_id, draft_id=draft_id).body
    assert "Hi Charles," in body
    assert "student Sam referred to you" in body
    # The name check reads the same first name the greeting was written with.
    name_check = next(c for c in drafts.draft_checks(session, owner_id=owner_id, draft_id=draft_id)
                      if c.code == NAME_SPELLED)  # fmt: skip
    assert name_check.status == "pass"


def test_open_or_create_continues_the_unsent_draft_of_that_kind(session: Session, owner_id: int) -> None:
    contact_id = _contact(session, owner_id)
    first = drafts.open_or_create_draft(session, owner_id=owner_id, contact_id=contact_id, kind="outreach")
    again = drafts.open_or_create_draft(session, owner_id=owner_id, contact_id=contact_id, kind="outreach")
    other = drafts.open_or_create_draft(session, owner_id=owner_id, contact_id=contact_id, kind="follow_up")
    assert first == again != other


def test_autosave_keeps_the_text_and_lists_it_for_the_contact(session: Session, owner_id: int) -> None:
    contact_id = _contact(session, owner_id)
    draft_id = drafts.create_draft(session, owner_id=owner_id, contact_id=contact_id, kind="outreach")
    drafts.save_draft(session, owner_id=owner_id, draft_id=draft_id, subject="Hello", body="Typed text")
    view = drafts.get_draft(session, owner_id=owner_id, draft_id=draft_id)
    assert (view.subject, view.body) == ("Hello", "Typed text")
    listed = drafts.list_drafts(session, owner_id=owner_id, contact_id=contact_id)
    assert [(d.id, d.subject, d.status) for d in listed] == [(draft_id, "Hello", "draft")]


def _stored(session: Session, draft_id: int) -> dict[str, object]:
    session.flush()
    session.expire_all()  # read what the database holds, not what the session remembers
    draft = session.get(Draft, draft_id)
    assert draft is not None
    return draft.model_dump(exclude={"updated_at"})


@pytest.mark.parametrize("field", ["subject", "body", "meeting_id"])
def test_an_edit_writes_only_the_field_it_sent(session: Session, owner_id: int, field: str) -> None:
    contact_id = _contact(session, owner_id)
    first_meeting = _held_meeting(session, owner_id, contact_id)
    later_meeting = add_meeting(session, owner_id, contact_id, on="2026-03-09", today=TODAY)
    draft_id = drafts.create_draft(
        session, owner_id=owner_id, contact_id=contact_id, kind="thank_you", meeting_id=first_meeting
    )
    drafts.save_draft(session, owner_id=owner_id, draft_id=draft_id, subject="Thank you", body="Dear Ada")
    before = _stored(session, draft_id)
    new_value = {"subject": "Thanks again", "body": "Dear Ada, thank you.", "meeting_id": later_meeting}[
        field
    ]

    changes = DraftUpdate(**{field: new_value})
    assert changes.fields() == {field}
    drafts.update_draft(session, owner_id=owner_id, draft_id=draft_id, changes=changes)

    after = _stored(session, draft_id)
    assert after[field] == new_value
    assert {k: v for k, v in after.items() if k != field} == {k: v for k, v in before.items() if k != field}


def test_an_empty_update_changes_no_field(session: Session, owner_id: int) -> None:
    draft_id = drafts.create_draft(
        session, owner_id=owner_id, contact_id=_contact(session, owner_id), kind="outreach"
    )
    before = _stored(session, draft_id)
    drafts.update_draft(session, owner_id=owner_id, draft_id=draft_id, changes=DraftUpdate())
    assert _stored(session, draft_id) == before


def test_a_draft_can_be_detached_from_its_meeting(session: Session, owner_id: int) -> None:
    contact_id = _contact(session, owner_id)
    meeting_id = _held_meeting(session, owner_id, contact_id)
    draft_id = drafts.create_draft(
        session, owner_id=owner_id, contact_id=contact_id, kind="thank_you", meeting_id=meeting_id
    )
    drafts.update_draft(session, owner_id=owner_id, draft_id=draft_id, changes=DraftUpdate(meeting_id=None))
    assert drafts.get_draft(session, owner_id=owner_id, draft_id=draft_id).meeting_id == 0


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param(DraftUpdate(subject=["x"], body="fine"), id="a-list-for-the-subject"),
        pytest.param(DraftUpdate(subject="fine", body={"a": 1}), id="a-dict-for-the-body"),
        pytest.param(DraftUpdate(subject="x" * 501, body="fine"), id="a-subject-too-long"),
        pytest.param(DraftUpdate(body="x" * 20_001), id="a-body-too-long"),
    ],
)
def test_a_refused_update_writes_nothing(session: Session, owner_id: int, changes: DraftUpdate) -> None:
    draft_id = drafts.create_draft(
        session, owner_id=owner_id, contact_id=_contact(session, owner_id), kind="outreach"
    )
    before = _stored(session, draft_id)
    with pytest.raises(ValidationFailed) as refused:
        drafts.update_draft(session, owner_id=owner_id, draft_id=draft_id, changes=changes)
    assert set(refused.value.errors) <= changes.fields()
    assert _stored(session, draft_id) == before


@pytest.mark.parametrize("whose", ["another contact's", "another owner's", "no such"])
def test_only_one_of_the_contacts_meetings_can_be_attached_by_an_update(
    session: Session, owner_id: int, whose: str
) -> None:
    ada = _contact(session, owner_id)
    stranger = other_owner(session)
    meeting_id = {
        "another contact's": lambda: add_meeting(
            session, owner_id, _contact(session, owner_id, "Grace Hopper")
        ),
        "another owner's": lambda: add_meeting(
            session, stranger, add_contact(session, stranger, "Their contact")
        ),
        "no such": lambda: 2**70,
    }[whose]()
    draft_id = drafts.create_draft(session, owner_id=owner_id, contact_id=ada, kind="outreach")
    before = _stored(session, draft_id)
    changes = DraftUpdate(meeting_id=meeting_id, body="written with it")
    with pytest.raises(NotFound):
        drafts.update_draft(session, owner_id=owner_id, draft_id=draft_id, changes=changes)
    assert _stored(session, draft_id) == before


def test_marking_outreach_sent_records_the_text_and_starts_the_follow_up_clock(
    session: Session, owner_id: int
) -> None:
    contact_id = _contact(session, owner_id)
    draft_id = drafts.create_draft(session, owner_id=owner_id, contact_id=contact_id, kind="outreach")
    drafts.save_draft(session, owner_id=owner_id, draft_id=draft_id, subject="A question", body=GOOD_OUTREACH)
    result = drafts.mark_sent(session, owner_id=owner_id, draft_id=draft_id, today=TODAY, now=NOW)
    assert result.follow_up_due_on == "2026-03-11"  # 7 business days after Monday 2 March
    touch = session.exec(select(Touch).where(Touch.id == result.touch_id)).one()
    assert (touch.kind, touch.body, touch.summary) == (
        TouchKind.OUTREACH_SENT.value,
        GOOD_OUTREACH,
        "A question",
    )
    detail = contacts.contact_detail(session, owner_id=owner_id, contact_id=contact_id, today=TODAY)
    assert detail.stage == Stage.REACHED_OUT.value
    view = drafts.get_draft(session, owner_id=owner_id, draft_id=draft_id)
    assert view.status == "sent" and view.sent_on == "2026-03-02"


def test_a_sent_draft_is_read_only(session: Session, owner_id: int) -> None:
    contact_id = _contact(session, owner_id)
    draft_id = drafts.create_draft(session, owner_id=owner_id, contact_id=contact_id, kind="outreach")
    drafts.save_draft(session, owner_id=owner_id, draft_id=draft_id, subject="A question", body=GOOD_OUTREACH)
    drafts.mark_sent(session, owner_id=owner_id, draft_id=draft_id, today=TODAY, now=NOW)
    with pytest.raises(ValidationFailed):
        drafts.update_draft(
            session, owner_id=owner_id, draft_id=draft_id, changes=DraftUpdate(body="changed")
        )
    with pytest.raises(ValidationFailed):
        drafts.mark_sent(session, owner_id=owner_id, draft_id=draft_id, today=TODAY, now=NOW)
    assert session.get(Draft, draft_id).body == GOOD_OUTREACH  # type: ignore[union-attr]


def test_marking_sent_is_refused_over_100_words_with_the_reason(session: Session, owner_id: int) -> None:
    contact_id = _contact(session, owner_id)
    draft_id = drafts.create_draft(session, owner_id=owner_id, contact_id=contact_id, kind="outreach")
    long_body = GOOD_OUTREACH.replace("Thank you,", "I love your work. " * 20 + "Thank you,")
    drafts.save_draft(session, owner_id=owner_id, draft_id=draft_id, subject="A question", body=long_body)
    with pytest.raises(ValidationFailed) as refused:
        drafts.mark_sent(session, owner_id=owner_id, draft_id=draft_id, today=TODAY, now=NOW)
    assert WORD_COUNT in refused.value.errors
    assert session.exec(select(Touch).where(Touch.contact_id == contact_id)).all() == []
    assert drafts.get_draft(session, owner_id=owner_id, draft_id=draft_id).status == "draft"


def test_a_job_ask_fails_the_checks(session: Session, owner_id: int) -> None:
    contact_id = _contact(session, owner_id)
    draft_id = drafts.create_draft(session, owner_id=owner_id, contact_id=contact_id, kind="outreach")
    body = GOOD_OUTREACH.replace("share your experience", "talk about a job")
    drafts.save_draft(session, owner_id=owner_id, draft_id=draft_id, subject="A question", body=body)
    checks = drafts.draft_checks(session, owner_id=owner_id, draft_id=draft_id, now=NOW)
    assert {c.code: c.status for c in checks}[NO_JOB_ASK] == "fail"


def test_thank_you_uses_the_notes_and_marks_the_contact_thanked(session: Session, owner_id: int) -> None:
    contact_id = _contact(session, owner_id)
    meeting_id = _held_meeting(session, owner_id, contact_id)
    draft_id = drafts.create_draft(
        session, owner_id=owner_id, contact_id=contact_id, kind="thank_you", meeting_id=meeting_id
    )
    view = drafts.get_draft(session, owner_id=owner_id, draft_id=draft_id)
    assert "how analytical engines weave patterns" in view.body
    assert "read the Menabrea paper" in view.body
    assert "Monday, 2 March" in view.body
    body = view.body.replace("[[your name]]", "Grace").replace(
        "[[the field you're curious about]]", "computing"
    )
    drafts.save_draft(session, owner_id=owner_id, draft_id=draft_id, subject=view.subject, body=body)
    drafts.mark_sent(session, owner_id=owner_id, draft_id=draft_id, today=TODAY, now=NOW)
    detail = contacts.contact_detail(session, owner_id=owner_id, contact_id=contact_id, today=TODAY)
    assert detail.stage == Stage.THANKED.value
    # Keep-in-touch is scheduled three months on by the pipeline.
    assert detail.next_due_on == "2026-06-02"


def test_notes_written_to_stand_alone_read_as_part_of_the_thank_you(session: Session, owner_id: int) -> None:
    contact_id = _contact(session, owner_id)
    meeting_id = add_meeting(session, owner_id, contact_id, on="2026-03-02", today=TODAY)
    for field, text in (
        ("insights", "- Her Switch from consulting to product."),
        ("assignments", "Next step: I'll Read Inspired by Marty Cagan!"),
    ):
        notes.save_note(session, owner_id=owner_id, meeting_id=meeting_id, field=field, text=text)
    hold_meeting(session, owner_id, meeting_id, today=TODAY)
    draft_id = drafts.create_draft(
        session, owner_id=owner_id, contact_id=contact_id, kind="thank_you", meeting_id=meeting_id
    )
    body = drafts.get_draft(session, owner_id=owner_id, draft_id=draft_id).body
    assert "What you said about her switch from consulting to product stayed with me" in body
    assert "I'm going to read *Inspired* by Marty Cagan. I'll let you know" in body


def test_another_owners_ids_are_not_found(session: Session, owner_id: int) -> None:
    contact_id = _contact(session, owner_id)
    draft_id = drafts.create_draft(session, owner_id=owner_id, contact_id=contact_id, kind="outreach")
    stranger = other_owner(session)
    with pytest.raises(NotFound):
        drafts.get_draft(session, owner_id=stranger, draft_id=draft_id)
    with pytest.raises(NotFound):
        drafts.update_draft(session, owner_id=stranger, draft_id=draft_id, changes=DraftUpdate(body="y"))
    with pytest.raises(NotFound):
        drafts.mark_sent(session, owner_id=stranger, draft_id=draft_id, today=TODAY)
    with pytest.raises(NotFound):
        drafts.create_draft(session, owner_id=stranger, contact_id=contact_id, kind="outreach")
    with pytest.raises(NotFound):
        drafts.list_drafts(session, owner_id=stranger, contact_id=contact_id)
    with pytest.raises(NotFound):
        drafts.eml_file(session, owner_id=stranger, draft_id=draft_id)
    with pytest.raises(NotFound):
        drafts.get_draft(session, owner_id=owner_id, draft_id="not a number")


def test_a_meeting_with_someone_else_cannot_be_attached(session: Session, owner_id: int) -> None:
    ada = _contact(session, owner_id)
    grace = _contact(session, owner_id, name="Grace Hopper", organisation="Navy")
    meeting_id = _held_meeting(session, owner_id, grace)
    with pytest.raises(NotFound):
        drafts.create_draft(
            session, owner_id=owner_id, contact_id=ada, kind="thank_you", meeting_id=meeting_id
        )


def test_an_unknown_kind_is_refused_calmly(session: Session, owner_id: int) -> None:
    contact_id = _contact(session, owner_id)
    with pytest.raises(ValidationFailed):
        drafts.create_draft(session, owner_id=owner_id, contact_id=contact_id, kind="spam")


def test_the_eml_file_is_named_for_the_kind_and_contact(session: Session, owner_id: int) -> None:
    contact_id = _contact(session, owner_id, name="Ada Lovelace")
    draft_id = drafts.create_draft(session, owner_id=owner_id, contact_id=contact_id, kind="thank_you")
    data, filename = drafts.eml_file(session, owner_id=owner_id, draft_id=draft_id)
    assert filename == "thank-you-ada-lovelace.eml"
    assert b"To: ada@example.org" in data


def test_keep_in_touch_can_be_changed_or_turned_off(session: Session, owner_id: int) -> None:
    contact_id = _contact(session, owner_id)
    touches.set_keep_in_touch(session, owner_id=owner_id, contact_id=contact_id, months="6")
    assert session.get(Contact, contact_id).keep_in_touch_months == 6  # type: ignore[union-attr]
    touches.set_keep_in_touch(session, owner_id=owner_id, contact_id=contact_id, months="off")
    assert session.get(Contact, contact_id).keep_in_touch_months is None  # type: ignore[union-attr]
    with pytest.raises(ValidationFailed):
        touches.set_keep_in_touch(session, owner_id=owner_id, contact_id=contact_id, months="7")


def test_using_the_suggested_sentence_replaces_the_job_ask_and_then_the_check_passes(
    session: Session, owner_id: int
) -> None:
    contact_id = _contact(session, owner_id)
    draft_id = drafts.create_draft(session, owner_id=owner_id, contact_id=contact_id, kind="outreach")
    ask = "Could you pass my CV to your recruiter?"
    body = GOOD_OUTREACH.replace("Thank you,", f"{ask}\n\nThank you,")
    drafts.save_draft(session, owner_id=owner_id, draft_id=draft_id, subject="A question", body=body)
    (check,) = [
        c for c in drafts.draft_checks(session, owner_id=owner_id, draft_id=draft_id) if c.code == NO_JOB_ASK
    ]
    assert check.status == "fail" and check.sentence == ask

    view = drafts.use_suggestion(session, owner_id=owner_id, draft_id=draft_id, code=NO_JOB_ASK)

    assert view.body == body.replace(ask, check.suggestion)
    assert view.subject == "A question"
    after = {c.code: c.status for c in drafts.draft_checks(session, owner_id=owner_id, draft_id=draft_id)}
    assert after[NO_JOB_ASK] == "pass"


def test_a_suggestion_for_a_passing_or_unknown_check_changes_nothing(session: Session, owner_id: int) -> None:
    contact_id = _contact(session, owner_id)
    draft_id = drafts.create_draft(session, owner_id=owner_id, contact_id=contact_id, kind="outreach")
    drafts.save_draft(session, owner_id=owner_id, draft_id=draft_id, subject="A question", body=GOOD_OUTREACH)
    for code in (NO_JOB_ASK, "nonsense", ["no_job_ask"], None):
        view = drafts.use_suggestion(session, owner_id=owner_id, draft_id=draft_id, code=code)
        assert (view.subject, view.body) == ("A question", GOOD_OUTREACH)


def test_another_owners_draft_gets_no_suggestion_used(session: Session, owner_id: int) -> None:
    stranger = other_owner(session)
    contact_id = _contact(session, stranger)
    draft_id = drafts.create_draft(session, owner_id=stranger, contact_id=contact_id, kind="outreach")
    body = GOOD_OUTREACH + "\n\nCould you refer me?"
    drafts.save_draft(session, owner_id=stranger, draft_id=draft_id, subject="A question", body=body)
    with pytest.raises(NotFound):
        drafts.use_suggestion(session, owner_id=owner_id, draft_id=draft_id, code=NO_JOB_ASK)
    assert drafts.get_draft(session, owner_id=stranger, draft_id=draft_id).body == body
