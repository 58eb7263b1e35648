"""The cohort page's state: an advisor sees counts and shared briefs; a student sees nothing of anyone."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import reflex as rx
from sqlmodel import Session

from app.domain.vocabulary import Role, TouchKind
from app.models import Brief, Cohort, Membership, User
from app.state.cohort import CohortState
from tests.factories import add_contact, add_meeting, log_touch, other_owner

PRIVATE = ("Secret Contact", "secret@example.com", "Private note about them", "Research I did not share")


def make_role(session: Session, user_id: int, role: Role) -> None:
    user = session.get(User, user_id)
    assert user is not None
    user.role = role
    session.add(user)


def cohort_of(session: Session, advisor_id: int) -> dict[str, int]:
    """A cohort of the advisor's with an active student (a contact, touches, a meeting, two briefs, one
    shared) and a quiet one; and a student of nobody's."""
    cohort = Cohort(owner_id=advisor_id, name="Spring", invite_code="spring-code")
    session.add(cohort)
    session.flush()
    assert cohort.id is not None
    active, quiet, outsider = (
        other_owner(session, name) for name in ("Ana Active", "Quinn Quiet", "Out Sider")
    )
    for student in (active, quiet):
        session.add(Membership(owner_id=student, cohort_id=cohort.id))
    contact = add_contact(session, active, PRIVATE[0], email=PRIVATE[1], notes=PRIVATE[2])
    log_touch(session, active, contact, TouchKind.OUTREACH_SENT, date(2026, 3, 2))
    log_touch(session, active, contact, TouchKind.REPLY_RECEIVED, date(2026, 3, 3))
    shared = add_meeting(session, active, contact, on="2026-03-04")
    unshared = add_meeting(session, active, contact, on="2026-03-05")
    session.add(
        Brief(owner_id=active, meeting_id=shared, org_what="They make engines.", shared_with_advisor=True)
    )
    session.add(Brief(owner_id=active, meeting_id=unshared, org_what=PRIVATE[3]))
    session.commit()
    return {"cohort": cohort.id, "active": active, "quiet": quiet, "outsider": outsider}


def toast_text(spec: Any) -> str:
    assert isinstance(spec, rx.event.EventSpec)
    return str(spec.args[0][1])


@pytest.fixture
def cohort_state(page_state: Callable[..., Any]) -> CohortState:
    return page_state(CohortState)


def shown(state: CohortState) -> str:
    """Everything the state would send the browser."""
    return json.dumps(state.dict(), default=str)


def test_an_advisor_sees_each_students_counts_and_who_is_quiet(
    cohort_state: CohortState, session: Session, owner_id: int
) -> None:
    make_role(session, owner_id, Role.ADVISOR)
    cohort_of(session, owner_id)
    cohort_state.load()

    assert cohort_state.loaded and cohort_state.is_advisor
    by_name = {s.name: s for s in cohort_state.students}
    assert set(by_name) == {"Ana Active", "Quinn Quiet"}
    ana = by_name["Ana Active"]
    assert (ana.contacts, ana.outreach_sent, ana.replies, ana.meetings, ana.shared_briefs) == (1, 1, 1, 2, 1)
    assert ana.cohort == "Spring" and not ana.inactive
    quiet = by_name["Quinn Quiet"]
    assert (quiet.contacts, quiet.outreach_sent, quiet.inactive) == (0, 0, True)
    assert cohort_state.inactive_count == 1
    for private in PRIVATE:
        assert private not in shown(cohort_state)


def test_an_advisor_sees_only_the_briefs_a_student_shared(
    cohort_state: CohortState, session: Session, owner_id: int
) -> None:
    make_role(session, owner_id, Role.ADVISOR)
    ids = cohort_of(session, owner_id)
    cohort_state.load()
    cohort_state.show_briefs(ids["active"])

    assert cohort_state.briefs_for == "Ana Active"
    assert [b.organisation_notes for b in cohort_state.briefs] == ["They make engines."]
    for private in PRIVATE:
        assert private not in shown(cohort_state)

    # A student outside the advisor's cohorts, or an id that is none, is simply not there.
    for student in (ids["outsider"], "abc", 10**30):
        said = cohort_state.show_briefs(student)
        assert "That student isn't in your cohort." in toast_text(said)
    assert cohort_state.briefs_for == "Ana Active"


def test_a_student_sees_no_one_and_cannot_ask_for_briefs(
    cohort_state: CohortState, session: Session, owner_id: int
) -> None:
    # The signed-in owner stays a student, in someone else's cohort alongside Ana.
    advisor = other_owner(session, "An Advisor")
    make_role(session, advisor, Role.ADVISOR)
    ids = cohort_of(session, advisor)
    session.add(Membership(owner_id=owner_id, cohort_id=ids["cohort"]))
    session.commit()

    cohort_state.load()
    assert cohort_state.loaded and not cohort_state.is_advisor
    assert cohort_state.students == [] and cohort_state.inactive_count == 0
    assert cohort_state.show_briefs(ids["active"]) is None
    assert cohort_state.briefs == [] and cohort_state.briefs_for == ""
    for private in (*PRIVATE, "Ana Active", "They make engines."):
        assert private not in shown(cohort_state)


def test_an_advisor_saves_their_cohorts_n_and_template_and_no_one_elses(
    cohort_state: CohortState, session: Session, owner_id: int
) -> None:
    make_role(session, owner_id, Role.ADVISOR)
    ids = cohort_of(session, owner_id)
    quiet = session.get(User, ids["quiet"])
    assert quiet is not None
    quiet.created_at = datetime.now(UTC) - timedelta(days=30)  # joined a month ago, quiet since
    session.add(quiet)
    stranger = other_owner(session, "Other Advisor")
    make_role(session, stranger, Role.ADVISOR)
    theirs = Cohort(owner_id=stranger, name="Theirs", invite_code="their-code")
    session.add(theirs)
    session.commit()
    cohort_state.load()
    assert [c.outreach_limit for c in cohort_state.cohorts] == [3]
    assert "Quinn Quiet" in [s.name for s in cohort_state.stuck]

    form = {
        "cohort_id": str(ids["cohort"]),
        "outreach_limit": "2",
        "subject": "Hi {first_name}",
        "body": "{reasons}",
    }
    cohort_state.save_cohort(form)
    assert cohort_state.settings_errors == {}
    assert [(c.outreach_limit, c.subject) for c in cohort_state.cohorts] == [(2, "Hi {first_name}")]

    cohort_state.save_cohort({**form, "body": "Hello {nickname}"})
    assert "{nickname}" in cohort_state.settings_errors["body"]
    said = cohort_state.save_cohort({**form, "cohort_id": str(theirs.id)})
    assert "That cohort isn't yours." in toast_text(said)
    session.expire_all()
    assert session.get(Cohort, theirs.id).outreach_limit == 3  # type: ignore[union-attr]


def test_a_student_cannot_download_nudges_figures_or_change_a_cohort(
    cohort_state: CohortState, session: Session, owner_id: int
) -> None:
    advisor = other_owner(session, "An Advisor")
    make_role(session, advisor, Role.ADVISOR)
    ids = cohort_of(session, advisor)
    session.add(Membership(owner_id=owner_id, cohort_id=ids["cohort"]))
    session.commit()
    cohort_state.load()
    assert cohort_state.stuck == [] and cohort_state.cohorts == [] and cohort_state.aggregates == []
    assert cohort_state.download_nudge(ids["quiet"]) is None
    assert cohort_state.download_figures() is None
    form = {"cohort_id": str(ids["cohort"]), "outreach_limit": "50", "subject": "x", "body": "y"}
    assert cohort_state.save_cohort(form) is None
    session.expire_all()
    assert session.get(Cohort, ids["cohort"]).outreach_limit == 3  # type: ignore[union-attr]
    for private in ("Quinn Quiet", "Ana Active"):
        assert private not in shown(cohort_state)
