"""The composer as the browser drives it: the address, the picker, the editor, marking sent, the .eml.

Every test calls the events the page sends and checks what the page then shows and what the
database holds; hostile payloads (lists, dicts, huge numbers, another student's ids) change nothing
and show nothing of anyone else's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlencode

import pytest
from reflex.event import EventSpec
from reflex.istate.data import ReflexURL, RouterData
from sqlmodel import Session, select

from app import routes
from app.domain.vocabulary import DraftKind, DraftStatus, TouchKind
from app.domain.words import word_count
from app.models import Contact, Draft, Touch
from app.services import contacts, notes
from app.services.drafts import BODY_LIMIT
from app.state.compose import NO_MEETING, NOT_FOUND_MESSAGE, NOT_SAVED, ComposeState
from tests.factories import add_contact, add_meeting, hold_meeting, other_owner

TODAY = date(2026, 3, 2)  # a Monday
GOOD_OUTREACH = (
    "Hi Ada,\n\nAs a fellow alum, I hope you don't mind a short note. I'm curious how you came to "
    "lead engines at Babbage & Co.\n\nWould you have 20 minutes in the coming weeks to share your "
    "experience?\n\nThank you,\nGrace"
)
SECRET = "Zanzibar-secret"
HOSTILE = [["1"], {"id": 1}, 2**70, -1, True, None, "1; DROP TABLE draft"]


@pytest.fixture
def ada(session: Session, owner_id: int) -> int:
    contact_id = add_contact(
        session,
        owner_id,
        email="ada@example.org",
        organisation="Babbage & Co",
        role="Engine lead",
        source="alumni",
    )
    session.commit()
    return contact_id


@pytest.fixture
def theirs(session: Session) -> tuple[int, int]:
    """Another student's contact (with a meeting and a draft), named with a secret that must never show."""
    from app.services import drafts

    stranger = other_owner(session)
    contact_id = add_contact(session, stranger, f"Ada {SECRET}", email=f"{SECRET}@example.org")
    drafts.create_draft(session, owner_id=stranger, contact_id=contact_id, kind="outreach")
    draft_id = drafts.create_draft(session, owner_id=stranger, contact_id=contact_id, kind="follow_up")
    session.commit()
    return contact_id, draft_id


@pytest.fixture
def compose(page_state: Callable[..., Any]) -> ComposeState:
    return page_state(ComposeState, today=TODAY)


def visit(state: ComposeState, **query: object) -> None:
    """Opens /compose with this query string, as a link or a reload does."""
    state.router = RouterData(url=ReflexURL(f"http://localhost:3000/compose?{urlencode(query)}"))
    state.load()


def stored_drafts(session: Session) -> list[Draft]:
    session.expire_all()
    return list(session.exec(select(Draft).order_by(Draft.id)).all())


def stored(session: Session, draft_id: int) -> Draft:
    session.expire_all()
    draft = session.get(Draft, draft_id)
    assert draft is not None
    return draft


def shown(state: ComposeState) -> str:
    """Everything the state would send the browser, as text."""
    return json.dumps(state.dict(), default=str)


def assert_cleared_with_notice(state: ComposeState) -> None:
    assert state.notice == NOT_FOUND_MESSAGE
    assert (state.chosen_contact, state.draft_id, state.contact_name, state.subject) == (0, 0, "", "")
    assert SECRET not in shown(state)


# ---- the address -----------------------------------------------------------------------------


def test_a_link_with_a_contact_and_a_kind_writes_that_draft_and_checks_it(
    compose: ComposeState, session: Session, ada: int
) -> None:
    visit(compose, contact=ada, kind="outreach")

    assert compose.contact_name == "Ada Lovelace"
    assert compose.contact_about == "Engine lead at Babbage & Co · Alumni"
    assert compose.draft_kind_label == "Outreach (5-Point Email)"
    assert "Hi Ada," in compose.body and compose.subject
    assert compose.words == word_count(compose.body)
    assert compose.mailto.startswith("mailto:ada@example.org?subject=")
    assert compose.clipboard_text.startswith(f"Subject: {compose.subject}\n\n")
    # The template leaves gaps, so a check fails; the most pressing are listed first, in words.
    assert compose.checks[0].status == "fail" and compose.checks[0].status_text == "Needs a change"
    assert compose.check_summary.startswith("Checks: ") and "to change" in compose.check_summary
    assert not compose.is_sent
    assert [(d.id, d.status) for d in compose.contact_drafts] == [(compose.draft_id, DraftStatus.DRAFT)]
    [draft] = stored_drafts(session)
    assert (draft.id, draft.contact_id, draft.kind) == (compose.draft_id, ada, DraftKind.OUTREACH)

    # Reloading the same address continues that draft rather than starting another.
    visit(compose, contact=ada, kind="outreach")
    assert len(stored_drafts(session)) == 1


def test_a_link_with_only_a_contact_shows_them_and_writes_nothing(
    compose: ComposeState, session: Session, ada: int
) -> None:
    visit(compose, contact=ada)
    assert compose.contact_name == "Ada Lovelace"
    assert compose.kind == DraftKind.OUTREACH and compose.draft_id == 0
    assert stored_drafts(session) == []


def test_an_unknown_kind_in_the_address_is_read_as_outreach_and_writes_nothing(
    compose: ComposeState, session: Session, ada: int
) -> None:
    visit(compose, contact=ada, kind="spam")
    assert compose.kind == DraftKind.OUTREACH and compose.draft_id == 0
    assert stored_drafts(session) == []


def test_a_link_to_a_draft_opens_it_with_its_contact(
    compose: ComposeState, session: Session, owner_id: int, ada: int
) -> None:
    visit(compose, contact=ada, kind="follow_up")
    draft_id = compose.draft_id
    compose.change_contact()
    assert compose.chosen_contact == 0 and compose.draft_id == 0

    visit(compose, draft=draft_id)
    assert (compose.chosen_contact, compose.draft_id, compose.kind) == (ada, draft_id, DraftKind.FOLLOW_UP)
    assert compose.draft_kind_label == "Follow-up"


def test_a_thank_you_link_for_a_meeting_is_written_about_that_meeting(
    compose: ComposeState, session: Session, owner_id: int, ada: int
) -> None:
    meeting_id = add_meeting(session, owner_id, ada, on="2026-03-02", today=TODAY)
    notes.save_note(
        session, owner_id=owner_id, meeting_id=meeting_id, field="insights", text="weaving patterns"
    )
    hold_meeting(session, owner_id, meeting_id, today=TODAY)
    session.commit()

    visit(compose, contact=ada, kind="thank_you", meeting=meeting_id)

    assert compose.meeting_choice == str(meeting_id)
    assert [option.value for option in compose.meeting_options] == [NO_MEETING, str(meeting_id)]
    assert compose.meeting_options[1].label.endswith("(held)")
    assert compose.draft_meeting == meeting_id and compose.notes_href == routes.meeting_notes_url(meeting_id)
    assert "weaving patterns" in compose.body
    assert stored(session, compose.draft_id).meeting_id == meeting_id


@pytest.mark.parametrize(
    "query",
    [
        pytest.param(lambda theirs: {"contact": theirs[0]}, id="their-contact"),
        pytest.param(
            lambda theirs: {"contact": theirs[0], "kind": "outreach"}, id="their-contact-with-a-kind"
        ),
        pytest.param(lambda theirs: {"draft": theirs[1]}, id="their-draft"),
        pytest.param(lambda theirs: {"draft": "abc"}, id="a-draft-that-is-not-an-id"),
        pytest.param(lambda theirs: {"draft": 2**70}, id="a-draft-id-too-big"),
        pytest.param(lambda theirs: {"contact": "9" * 40}, id="a-contact-id-too-big"),
    ],
)
def test_an_address_naming_what_is_not_theirs_shows_not_found_and_writes_nothing(
    compose: ComposeState, session: Session, theirs: tuple[int, int], query: Callable[..., dict[str, object]]
) -> None:
    before = [(d.id, d.subject, d.body) for d in stored_drafts(session)]
    visit(compose, **query(theirs))
    assert_cleared_with_notice(compose)
    assert [(d.id, d.subject, d.body) for d in stored_drafts(session)] == before


def test_a_link_to_their_meeting_is_read_as_no_meeting(
    compose: ComposeState, session: Session, owner_id: int, ada: int, theirs: tuple[int, int]
) -> None:
    stranger_id = stored(session, theirs[1]).owner_id
    their_meeting = add_meeting(session, stranger_id, theirs[0], today=TODAY)
    session.commit()
    visit(compose, contact=ada, kind="thank_you", meeting=their_meeting)
    assert compose.meeting_choice == NO_MEETING and compose.draft_meeting == 0
    assert stored(session, compose.draft_id).meeting_id is None


# ---- choosing who and what -------------------------------------------------------------------


def test_searching_lists_only_their_own_contacts(
    compose: ComposeState, ada: int, theirs: tuple[int, int]
) -> None:
    compose.search_contacts("ada")
    assert compose.searched
    assert [(m.value, m.label) for m in compose.matches] == [(str(ada), "Ada Lovelace · Babbage & Co")]
    assert SECRET not in shown(compose)

    compose.search_contacts("   ")
    assert compose.matches == [] and not compose.searched

    compose.search_contacts("a" * 500)
    assert len(compose.search) == 100


@pytest.mark.parametrize("payload", HOSTILE[:3])
def test_a_search_that_is_not_text_searches_nothing(compose: ComposeState, ada: int, payload: object) -> None:
    compose.search_contacts(payload)  # type: ignore[arg-type]
    assert (compose.search, compose.matches, compose.searched) == ("", [], False)


def test_choosing_a_contact_shows_them_and_keeps_the_address_in_step(compose: ComposeState, ada: int) -> None:
    compose.search_contacts("ada")
    spec = compose.choose_contact(str(ada))
    assert isinstance(spec, EventSpec)
    assert compose.chosen_contact == ada and compose.contact_email == "ada@example.org"
    assert (compose.search, compose.matches) == ("", [])


@pytest.mark.parametrize("payload", [*HOSTILE, "their-contact"])
def test_choosing_what_is_not_their_contact_shows_not_found(
    compose: ComposeState, ada: int, theirs: tuple[int, int], payload: object
) -> None:
    compose.choose_contact(str(ada))
    compose.choose_contact(theirs[0] if payload == "their-contact" else payload)  # type: ignore[arg-type]
    assert_cleared_with_notice(compose)


def test_choosing_a_thank_you_offers_the_latest_meeting(
    compose: ComposeState, session: Session, owner_id: int, ada: int
) -> None:
    meeting_id = add_meeting(session, owner_id, ada, today=TODAY)
    session.commit()
    compose.choose_contact(str(ada))
    assert compose.meeting_choice == NO_MEETING
    compose.set_kind("thank_you")
    assert compose.kind == DraftKind.THANK_YOU and compose.meeting_choice == str(meeting_id)
    compose.set_meeting("none")
    assert compose.meeting_choice == NO_MEETING


@pytest.mark.parametrize("payload", [*HOSTILE, "spam"])
def test_a_kind_that_is_not_one_changes_nothing(compose: ComposeState, ada: int, payload: object) -> None:
    compose.choose_contact(str(ada))
    compose.write_draft()
    before = (compose.kind, compose.draft_id, compose.body)
    compose.set_kind(payload)  # type: ignore[arg-type]
    assert (compose.kind, compose.draft_id, compose.body) == before


def test_choosing_a_kind_before_a_contact_just_remembers_it(compose: ComposeState) -> None:
    compose.set_kind("report_back")
    assert compose.kind == DraftKind.REPORT_BACK and compose.notice == ""


@pytest.mark.parametrize("payload", [*HOSTILE, "their-meeting"])
def test_only_a_listed_meeting_can_be_chosen(
    compose: ComposeState, session: Session, ada: int, theirs: tuple[int, int], payload: object
) -> None:
    stranger_id = stored(session, theirs[1]).owner_id
    their_meeting = add_meeting(session, stranger_id, theirs[0], today=TODAY)
    session.commit()
    compose.choose_contact(str(ada))
    compose.set_meeting(str(their_meeting) if payload == "their-meeting" else payload)  # type: ignore[arg-type]
    assert compose.meeting_choice == NO_MEETING


def test_changing_the_kind_shows_that_kinds_draft_or_an_empty_editor(
    compose: ComposeState, session: Session, ada: int
) -> None:
    compose.choose_contact(str(ada))
    compose.write_draft()
    outreach = compose.draft_id
    compose.set_kind("follow_up")
    assert compose.draft_id == 0 and compose.body == ""  # "Write the draft" starts one
    compose.write_draft()
    follow_up = compose.draft_id
    compose.set_kind("outreach")
    assert compose.draft_id == outreach and compose.kind == DraftKind.OUTREACH
    compose.set_kind("follow_up")
    assert compose.draft_id == follow_up
    assert len(stored_drafts(session)) == 2


def test_writing_continues_the_open_draft_and_start_again_can_be_undone(
    compose: ComposeState, session: Session, ada: int
) -> None:
    compose.choose_contact(str(ada))
    assert isinstance(compose.write_draft(), EventSpec)
    first = compose.draft_id
    compose.write_draft()
    assert compose.draft_id == first
    compose.edit_body("My own words")
    compose.start_fresh()
    assert compose.draft_id == first and compose.body != "My own words" and compose.undo_count == 1
    assert [d.id for d in stored_drafts(session)] == [first]
    compose.undo_start_again()
    assert compose.body == "My own words" and compose.undo_count == 0


def test_writing_for_a_contact_deleted_meanwhile_shows_not_found(
    compose: ComposeState, session: Session, owner_id: int, ada: int
) -> None:
    compose.choose_contact(str(ada))
    contacts.delete_contact(session, owner_id=owner_id, contact_id=ada)
    session.commit()
    compose.write_draft()
    assert_cleared_with_notice(compose)
    assert stored_drafts(session) == []


# ---- writing ---------------------------------------------------------------------------------


def _written(compose: ComposeState, ada: int) -> int:
    compose.choose_contact(str(ada))
    compose.write_draft()
    return compose.draft_id


@pytest.mark.parametrize(("edited", "kept"), [("body", "subject"), ("subject", "body")])
def test_an_edit_saves_its_own_field_and_never_the_other(
    compose: ComposeState, session: Session, ada: int, edited: str, kept: str
) -> None:
    draft_id = _written(compose, ada)
    # Another tab changed the other field meanwhile: this tab's edit must not put the old text back.
    setattr(stored(session, draft_id), kept, "From the other tab")
    session.commit()

    getattr(compose, f"edit_{edited}")("Hi Ada, a new text?")

    draft = stored(session, draft_id)
    assert (getattr(draft, edited), getattr(draft, kept)) == ("Hi Ada, a new text?", "From the other tab")
    assert getattr(compose, edited) == "Hi Ada, a new text?" and compose.saved_note == "Saved"
    assert compose.words == word_count(compose.body)


@pytest.mark.parametrize("payload", HOSTILE[:5])
def test_an_edit_that_is_not_text_changes_nothing(
    compose: ComposeState, session: Session, ada: int, payload: object
) -> None:
    draft_id = _written(compose, ada)
    before = (stored(session, draft_id).subject, stored(session, draft_id).body)
    compose.edit_subject(payload)  # type: ignore[arg-type]
    compose.edit_body(payload)  # type: ignore[arg-type]
    assert (compose.subject, compose.body) == before
    assert (stored(session, draft_id).subject, stored(session, draft_id).body) == before


def test_a_subject_too_long_is_flagged_until_fixed_while_the_body_still_saves(
    compose: ComposeState, session: Session, ada: int
) -> None:
    draft_id = _written(compose, ada)
    subject_before = compose.subject

    compose.edit_subject("x" * 501)
    assert "subject" in compose.field_errors and compose.saved_note == NOT_SAVED
    compose.edit_body("Hi Ada, still saved?")
    assert "subject" in compose.field_errors and compose.saved_note == NOT_SAVED
    assert (stored(session, draft_id).subject, stored(session, draft_id).body) == (
        subject_before,
        "Hi Ada, still saved?",
    )

    compose.edit_subject("A question")
    assert compose.field_errors == {} and compose.saved_note == "Saved"
    assert stored(session, draft_id).subject == "A question"


def test_edits_with_no_draft_open_write_nothing(compose: ComposeState, session: Session, ada: int) -> None:
    compose.choose_contact(str(ada))
    compose.edit_body("typed before writing")
    assert compose.saved_note == "" and stored_drafts(session) == []


def test_an_edit_after_the_contact_was_deleted_shows_not_found(
    compose: ComposeState, session: Session, owner_id: int, ada: int
) -> None:
    _written(compose, ada)
    contacts.delete_contact(session, owner_id=owner_id, contact_id=ada)
    session.commit()
    compose.edit_body("lost?")
    assert_cleared_with_notice(compose)


def test_keep_in_touch_is_saved_for_the_chosen_contact_only_when_it_is_a_choice(
    compose: ComposeState, session: Session, ada: int
) -> None:
    compose.choose_contact(str(ada))
    compose.set_keep_months("6")
    session.expire_all()
    assert compose.keep_months == "6" and session.get(Contact, ada).keep_in_touch_months == 6  # type: ignore[union-attr]
    for payload in ["7", ["6"], {"months": 1}, 2**70]:
        compose.set_keep_months(payload)  # type: ignore[arg-type]
    session.expire_all()
    assert compose.keep_months == "6" and session.get(Contact, ada).keep_in_touch_months == 6  # type: ignore[union-attr]


# ---- marking sent and handing over -----------------------------------------------------------


def test_marking_sent_is_refused_with_the_reasons_while_a_check_fails(
    compose: ComposeState, session: Session, ada: int
) -> None:
    draft_id = _written(compose, ada)
    assert compose.mark_sent() is None
    assert compose.refusal and any("Fill in" in reason for reason in compose.refusal)
    assert stored(session, draft_id).status == DraftStatus.DRAFT
    assert session.exec(select(Touch)).all() == []


def test_marking_a_good_outreach_sent_records_it_and_shows_the_follow_up_date(
    compose: ComposeState, session: Session, ada: int
) -> None:
    draft_id = _written(compose, ada)
    compose.edit_subject("A question")
    compose.edit_body(GOOD_OUTREACH)
    assert compose.check_summary == "Checks: every one looks good"

    spec = compose.mark_sent()

    assert isinstance(spec, EventSpec)
    assert compose.is_sent and compose.sent_on  # the day it was marked sent, in words
    assert compose.follow_up_note == "Follow-up due on Wednesday, 11 March 2026"
    assert compose.refusal == []
    assert stored(session, draft_id).status == DraftStatus.SENT
    [touch] = session.exec(select(Touch)).all()
    assert (touch.kind, touch.contact_id, touch.body) == (TouchKind.OUTREACH_SENT, ada, GOOD_OUTREACH)

    # As it went: later edits change neither what is shown as saved nor what is stored.
    compose.edit_body("rewritten after sending")
    assert stored(session, draft_id).body == GOOD_OUTREACH
    # Reopening a sent outreach still shows when to follow up.
    compose.change_contact()
    compose.open_draft(str(draft_id))
    assert compose.is_sent and compose.follow_up_note.startswith("Follow-up due on")


def test_marking_sent_with_no_draft_open_does_nothing(compose: ComposeState, session: Session) -> None:
    assert compose.mark_sent() is None
    assert session.exec(select(Touch)).all() == []


def test_the_eml_download_is_the_draft_as_a_file(compose: ComposeState, ada: int) -> None:
    _written(compose, ada)
    spec = compose.download_eml()
    assert isinstance(spec, EventSpec)
    assert "outreach-ada-lovelace.eml" in str(spec.args)
    assert compose.notice == ""


def test_downloading_with_no_draft_open_says_it_was_not_found(compose: ComposeState, ada: int) -> None:
    compose.choose_contact(str(ada))
    assert compose.download_eml() is None
    assert compose.notice == NOT_FOUND_MESSAGE
    assert compose.contact_name == "Ada Lovelace"  # the contact stays chosen


# ---- opening drafts by id --------------------------------------------------------------------


def test_opening_a_draft_of_another_contact_switches_to_them(
    compose: ComposeState, session: Session, owner_id: int, ada: int
) -> None:
    grace = add_contact(session, owner_id, "Grace Hopper", email="grace@example.org")
    session.commit()
    compose.choose_contact(str(grace))
    compose.write_draft()
    grace_draft = compose.draft_id
    compose.choose_contact(str(ada))

    assert isinstance(compose.open_draft(str(grace_draft)), EventSpec)
    assert (compose.chosen_contact, compose.draft_id, compose.contact_name) == (
        grace,
        grace_draft,
        "Grace Hopper",
    )


@pytest.mark.parametrize("payload", [*HOSTILE, "their-draft"])
def test_opening_what_is_not_their_draft_shows_not_found(
    compose: ComposeState, session: Session, ada: int, theirs: tuple[int, int], payload: object
) -> None:
    _written(compose, ada)
    before = [(d.id, d.status, d.body) for d in stored_drafts(session)]
    compose.open_draft(str(theirs[1]) if payload == "their-draft" else payload)  # type: ignore[arg-type]
    assert_cleared_with_notice(compose)
    # Nothing it could reach afterwards belongs to anyone: no draft open to edit, send or download.
    compose.edit_body("hostile body")
    assert compose.mark_sent() is None
    compose.download_eml()
    assert SECRET not in shown(compose)
    assert [(d.id, d.status, d.body) for d in stored_drafts(session)] == before


def test_a_body_longer_than_the_database_keeps_is_refused_and_never_held_whole_in_state(
    compose: ComposeState, session: Session, ada: int
) -> None:
    draft_id = _written(compose, ada)
    before = stored(session, draft_id).body
    compose.edit_body("x" * 50_000)
    # The state (and so every frame echoed to the browser) holds no more than the database would.
    assert len(compose.body) == BODY_LIMIT
    assert "20,000" in compose.field_errors["body"] and compose.saved_note != "Saved"
    assert stored(session, draft_id).body == before


def test_a_job_ask_is_flagged_with_a_rewrite_that_one_click_puts_in_its_place(
    compose: ComposeState, session: Session, ada: int
) -> None:
    draft_id = _written(compose, ada)
    compose.edit_subject("A question")
    ask = "Could you introduce me to your recruiter?"
    compose.edit_body(GOOD_OUTREACH.replace("Thank you,", f"{ask}\n\nThank you,"))
    [flagged] = [check for check in compose.checks if check.code == "no_job_ask"]
    assert flagged.status == "fail" and "“introduce me to your recruiter”" in flagged.reason
    assert flagged.suggestion and f"“{flagged.suggestion}”" in flagged.reason

    compose.use_suggestion("no_job_ask")

    assert ask not in compose.body and flagged.suggestion in compose.body
    assert stored(session, draft_id).body == compose.body
    assert {check.code: check.status for check in compose.checks}["no_job_ask"] == "pass"


def test_an_edited_thank_you_can_be_updated_from_changed_notes_and_undone(
    compose: ComposeState, session: Session, owner_id: int, ada: int
) -> None:
    meeting_id = add_meeting(session, owner_id, ada, on="2026-03-02", today=TODAY)
    notes.save_note(session, owner_id=owner_id, meeting_id=meeting_id, field="insights", text="weaving")
    hold_meeting(session, owner_id, meeting_id, today=TODAY)
    session.commit()
    visit(compose, contact=ada, kind="thank_you", meeting=meeting_id)
    draft_id, subject = compose.draft_id, compose.subject
    assert not compose.notes_changed  # nothing edited, nothing changed
    compose.edit_body("My own words")
    notes.save_note(session, owner_id=owner_id, meeting_id=meeting_id, field="insights", text="punch cards")
    session.commit()
    visit(compose, draft=draft_id)
    assert compose.body == "My own words" and compose.notes_changed  # the edit is not overwritten unasked

    assert isinstance(compose.update_from_notes(), EventSpec)

    assert "punch cards" in compose.body and compose.subject == subject
    assert not compose.notes_changed and compose.undo_count == 1
    assert "punch cards" in stored(session, draft_id).body
    compose.undo_start_again()
    assert compose.body == "My own words" and stored(session, draft_id).body == "My own words"


def test_updating_their_draft_from_notes_changes_nothing(
    compose: ComposeState, session: Session, theirs: tuple[int, int]
) -> None:
    before = stored(session, theirs[1]).body
    compose.draft_id = theirs[1]
    compose.update_from_notes()
    assert_cleared_with_notice(compose)
    assert stored(session, theirs[1]).body == before


def test_an_edit_over_text_another_tab_saved_since_is_held_back_and_the_page_told(
    compose: ComposeState, session: Session, ada: int
) -> None:
    from app.domain.text_digest import text_digest

    draft_id = _written(compose, ada)
    # Another tab saved the body after this one opened the draft.
    stored(session, draft_id).body = "From the other tab"
    session.commit()
    compose.edit_body("Typed in this tab")
    assert stored(session, draft_id).body == "From the other tab"
    assert compose.body_digest == text_digest("From the other tab") and "another tab" in compose.saved_note
    # Choosing this tab's text (the page now knows what is saved) writes it.
    compose.edit_body("Typed in this tab")
    assert stored(session, draft_id).body == "Typed in this tab" and compose.saved_note == "Saved"
