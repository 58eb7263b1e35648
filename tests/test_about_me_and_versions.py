"""About me fills the student's side of a draft; a reset draft can be undone; thank-yous follow notes."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from app.domain.templates import gap_markers
from app.services import about_me, drafts, notes
from app.services.drafts import DraftUpdate
from app.services.errors import ValidationFailed
from tests.factories import add_contact, add_meeting, hold_meeting, other_owner

TODAY = date(2026, 3, 2)
ABOUT = {
    "name": "Grace Hopper",
    "school": "Vassar College",
    "programme_year": "BSc Mathematics, year 2",
    "exploring": "computing",
    "signature": "<b>Grace</b>",
    "time_zone": "Europe/London",
}


def _contact(session: Session, owner_id: int) -> int:
    return add_contact(
        session, owner_id, "Ada Lovelace", email="ada@example.org", organisation="Babbage & Co",
        role="Engine lead", source="alumni",
    )  # fmt: skip


def _gaps(session: Session, owner_id: int, draft_id: int) -> list[str]:
    view = drafts.get_draft(session, owner_id=owner_id, draft_id=draft_id)
    return gap_markers(view.subject + "\n" + view.body)


def test_without_about_me_the_student_gaps_show(session: Session, owner_id: int) -> None:
    draft_id = drafts.create_draft(session, owner_id=owner_id, contact_id=_contact(session, owner_id),
                                   kind="outreach")  # fmt: skip
    assert {"your program", "the field you're curious about"} <= set(_gaps(session, owner_id, draft_id))


def test_with_about_me_an_outreach_has_no_gap_left(session: Session, owner_id: int) -> None:
    about_me.save_about_me(session, owner_id=owner_id, values=ABOUT)
    draft_id = drafts.create_draft(session, owner_id=owner_id, contact_id=_contact(session, owner_id),
                                   kind="outreach")  # fmt: skip
    assert _gaps(session, owner_id, draft_id) == []
    body = drafts.get_draft(session, owner_id=owner_id, draft_id=draft_id).body
    assert body.endswith("Thank you for considering it,\n<b>Grace</b>")  # the signature, as typed


def test_without_a_signature_the_name_and_program_sign_off(session: Session, owner_id: int) -> None:
    about_me.save_about_me(session, owner_id=owner_id, values={**ABOUT, "signature": ""})
    draft_id = drafts.create_draft(session, owner_id=owner_id, contact_id=_contact(session, owner_id),
                                   kind="outreach")  # fmt: skip
    assert _gaps(session, owner_id, draft_id) == []
    body = drafts.get_draft(session, owner_id=owner_id, draft_id=draft_id).body
    assert body.endswith("Grace Hopper\nBSc Mathematics, year 2, Vassar College")


def test_a_signature_ends_every_kind_of_draft(session: Session, owner_id: int) -> None:
    signature = "Grace Hopper\nVassar College, class of 2028\ngrace@example.org"
    about_me.save_about_me(session, owner_id=owner_id, values={**ABOUT, "signature": signature})
    contact_id = _contact(session, owner_id)
    meeting_id = add_meeting(session, owner_id, contact_id, on="2026-03-02", today=TODAY)
    hold_meeting(session, owner_id, meeting_id, today=TODAY)
    for kind in ("outreach", "follow_up", "thank_you", "report_back", "keep_in_touch"):
        meeting = meeting_id if kind in ("thank_you", "report_back") else None
        draft_id = drafts.create_draft(session, owner_id=owner_id, contact_id=contact_id, kind=kind,
                                       meeting_id=meeting)  # fmt: skip
        view = drafts.get_draft(session, owner_id=owner_id, draft_id=draft_id)
        assert view.body.endswith(",\n" + signature), kind
        assert "your name" not in gap_markers(view.subject + view.body), kind


def test_about_me_is_kept_per_owner(session: Session, owner_id: int) -> None:
    about_me.save_about_me(session, owner_id=owner_id, values=ABOUT)
    assert about_me.get_about_me(session, owner_id=other_owner(session)).name == ""
    assert about_me.get_about_me(session, owner_id=owner_id).signature == "<b>Grace</b>"  # text, as typed


@pytest.mark.parametrize(("name", "message"), [("x" * 10_000, "under 120"), ("🎓🚀", "letters")])
def test_a_bad_name_is_refused_and_nothing_saved_is_lost(
    session: Session, owner_id: int, name: str, message: str
) -> None:
    about_me.save_about_me(session, owner_id=owner_id, values=ABOUT)
    with pytest.raises(ValidationFailed) as refused:
        about_me.save_about_me(session, owner_id=owner_id, values={**ABOUT, "name": name, "school": "MIT"})
    assert message in refused.value.errors["name"]
    kept = about_me.get_about_me(session, owner_id=owner_id)
    assert (kept.name, kept.school) == ("Grace Hopper", "Vassar College")


def test_reset_twice_then_undo_twice_restores_the_edit(session: Session, owner_id: int) -> None:
    contact_id = _contact(session, owner_id)
    draft_id = drafts.open_or_create_draft(session, owner_id=owner_id, contact_id=contact_id, kind="outreach")
    drafts.update_draft(session, owner_id=owner_id, draft_id=draft_id, changes=DraftUpdate(body="My edit"))
    drafts.reset_draft(session, owner_id=owner_id, draft_id=draft_id)
    drafts.reset_draft(session, owner_id=owner_id, draft_id=draft_id)
    assert drafts.get_draft(session, owner_id=owner_id, draft_id=draft_id).body != "My edit"
    assert drafts.undo_reset(session, owner_id=owner_id, draft_id=draft_id)
    assert drafts.undo_reset(session, owner_id=owner_id, draft_id=draft_id)
    assert drafts.get_draft(session, owner_id=owner_id, draft_id=draft_id).body == "My edit"
    assert not drafts.undo_reset(session, owner_id=owner_id, draft_id=draft_id)


def test_opening_twice_reopens_the_same_draft(session: Session, owner_id: int) -> None:
    contact_id = _contact(session, owner_id)
    first = drafts.open_or_create_draft(session, owner_id=owner_id, contact_id=contact_id, kind="outreach")
    again = drafts.open_or_create_draft(session, owner_id=owner_id, contact_id=contact_id, kind="outreach")
    assert first == again
    assert len(drafts.list_drafts(session, owner_id=owner_id, contact_id=contact_id)) == 1


def test_a_thank_you_follows_the_notes_until_edited(session: Session, owner_id: int) -> None:
    contact_id = _contact(session, owner_id)
    meeting_id = add_meeting(session, owner_id, contact_id, on="2026-03-02", today=TODAY)
    notes.save_note(session, owner_id=owner_id, meeting_id=meeting_id, field="insights",
                    text="Her switch to product.")  # fmt: skip
    hold_meeting(session, owner_id, meeting_id, today=TODAY)
    draft_id = drafts.create_draft(session, owner_id=owner_id, contact_id=contact_id, kind="thank_you",
                                   meeting_id=meeting_id)  # fmt: skip
    assert "What you said about her switch to product stayed" in drafts.get_draft(
        session, owner_id=owner_id, draft_id=draft_id).body  # fmt: skip
    notes.save_note(session, owner_id=owner_id, meeting_id=meeting_id, field="insights", text="Pricing")
    drafts.follow_notes(session, owner_id=owner_id, draft_id=draft_id)
    assert "about pricing" in drafts.get_draft(session, owner_id=owner_id, draft_id=draft_id).body
    drafts.update_draft(session, owner_id=owner_id, draft_id=draft_id, changes=DraftUpdate(body="Mine"))
    notes.save_note(session, owner_id=owner_id, meeting_id=meeting_id, field="insights", text="Hiring")
    drafts.follow_notes(session, owner_id=owner_id, draft_id=draft_id)
    assert drafts.get_draft(session, owner_id=owner_id, draft_id=draft_id).body == "Mine"
    assert drafts.notes_changed(session, owner_id=owner_id, draft_id=draft_id)
