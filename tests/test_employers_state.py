"""The LAMP list's state as the browser drives it: rating reorders the list, and another student's
organisation id changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlmodel import Session, select

from app.models import Organisation
from app.services import lamp
from app.state.employers import EmployersState
from tests.factories import add_contact, other_owner


@pytest.fixture
def state(page_state: Callable[..., Any]) -> EmployersState:
    return page_state(EmployersState)


def org(session: Session, name: str) -> Organisation:
    session.expire_all()
    return session.exec(select(Organisation).where(Organisation.name == name)).one()


def test_rating_an_organisation_moves_it_up_and_marks_it_top_five(
    state: EmployersState, session: Session, owner_id: int
) -> None:
    for name in ("Acme", "Globex", "Initech"):
        add_contact(session, owner_id, f"Someone at {name}", organisation=name)
    session.commit()
    state.load()
    assert [row.name for row in state.rows] == ["Acme", "Globex", "Initech"]
    assert not any(row.top_five for row in state.rows)

    state.set_motivation(org(session, "Initech").id, "3")
    state.set_postings(org(session, "Globex").id, True)
    assert [row.name for row in state.rows] == ["Initech", "Globex", "Acme"]
    assert [row.name for row in state.rows if row.top_five] == ["Initech"]
    assert state.top_five_text == "Top 5 this week: Initech."
    assert org(session, "Globex").has_postings


def test_adding_an_organisation_shows_it_and_a_duplicate_says_why(
    state: EmployersState, session: Session, owner_id: int
) -> None:
    state.load()
    state.add_organisation({"name": "  Northwind  "})
    assert [row.name for row in state.rows] == ["Northwind"] and state.name_error == ""
    state.add_organisation({"name": "northwind"})
    assert state.name_error == "Northwind is already on your list."
    state.add_organisation({"name": " "})
    assert state.name_error == "Give the organisation a name."
    assert state.total == 1


@pytest.mark.parametrize("handler", ["set_motivation", "set_postings"])
def test_another_students_organisation_id_changes_nothing(
    state: EmployersState, session: Session, owner_id: int, handler: str
) -> None:
    stranger = other_owner(session)
    theirs = lamp.add_organisation(session, owner_id=stranger, name="Their Co")
    session.commit()
    state.load()
    getattr(state, handler)(theirs.id, "3" if handler == "set_motivation" else True)
    getattr(state, handler)({"id": theirs.id}, True)
    after = org(session, "Their Co")
    assert (after.motivation, after.has_postings) == (0, False)
    assert state.rows == []


def test_today_suggests_whom_to_write_to_at_a_top_five_employer(
    page_state: Callable[..., Any], session: Session, owner_id: int
) -> None:
    from app.domain.vocabulary import Source
    from app.state.today import TodayState

    add_contact(session, owner_id, "Maya Chen", organisation="Acme", source=Source.ALUMNI.value)
    add_contact(session, owner_id, "Sam Unrated", organisation="Globex")
    session.commit()
    today = page_state(TodayState)
    today.load()
    assert today.next_up == []

    employers = page_state(EmployersState)
    employers.load()
    employers.set_motivation(org(session, "Acme").id, "3")
    today.load()
    assert [(p.name, p.reason) for p in today.next_up] == [
        ("Maya Chen", "An alum you haven't written to yet, at one of your top 5 employers (Acme).")
    ]
    assert today.next_up[0].write_url.startswith("/compose?contact=")
