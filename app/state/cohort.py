"""The cohort page's state: summaries for the signed-in advisor (the first hundred), never private data."""

from typing import Any

import reflex as rx

from app.services import cohort
from app.state.base import PageState, as_id, if_missing

PAGE_SIZE = 100


class CohortState(PageState):
    students: list[cohort.StudentSummary] = []
    is_advisor: bool = False
    loaded: bool = False
    briefs: list[cohort.SharedBrief] = []
    briefs_for: str = ""

    @rx.event
    def load(self) -> None:
        owner_id = self._owner_id()
        with self._session() as session:
            self.is_advisor = cohort.is_advisor(session, user_id=owner_id)
            # The least active first, so the first page is who needs a word.
            self.students = []
            if self.is_advisor:
                self.students = cohort.cohort_overview(session, advisor_id=owner_id, limit=PAGE_SIZE)
        self.loaded = True

    @rx.event
    @if_missing(toast="That student isn't in your cohort.")
    def show_briefs(self, student_id: Any) -> None:
        owner_id = self._owner_id()
        with self._session() as session:
            if not cohort.is_advisor(session, user_id=owner_id):
                return
            self.briefs = cohort.shared_briefs(session, advisor_id=owner_id, student_id=student_id)
        wanted = as_id(student_id)
        self.briefs_for = next((s.name for s in self.students if s.student_id == wanted), "")

    @rx.var
    def inactive_count(self) -> int:
        return sum(1 for student in self.students if student.inactive)
