"""About me stays the student's: an advisor's cohort view shows the student's name and nothing else
they wrote about themselves (school, programme, what they explore, signature)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlmodel import Session

from app.domain.vocabulary import Role
from app.services import about_me
from app.state.cohort import CohortState
from tests.test_cohort_state import cohort_of, make_role

ABOUT = {
    "name": "Ana Active",
    "school": "Hidden Valley College",
    "programme_year": "MEng Secret Studies, year 3",
    "exploring": "undisclosed aerospace careers",
    "signature": "Ana\nSignature line nobody else reads",
}


def test_an_advisor_sees_a_students_name_but_not_their_about_me(
    page_state: Callable[..., Any], session: Session, owner_id: int
) -> None:
    make_role(session, owner_id, Role.ADVISOR)
    ids = cohort_of(session, owner_id)
    about_me.save_about_me(session, owner_id=ids["active"], values=ABOUT)
    session.commit()
    assert about_me.get_about_me(session, owner_id=ids["active"]).school == ABOUT["school"]
    state = page_state(CohortState)
    state.load()
    state.show_briefs(ids["active"])

    shown = json.dumps(state.dict(), default=str)
    assert "Ana Active" in shown
    for private in ("Hidden Valley College", "Secret Studies", "undisclosed aerospace", "Signature line"):
        assert private not in shown
