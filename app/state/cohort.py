"""The cohort page's state: summaries for the signed-in advisor, paged, with no private student data."""

import reflex as rx

from app.services import cohort
from app.state.base import PageState

PAGE_SIZE = 100


class CohortState(PageState):
    students: list[cohort.StudentSummary] = []
    is_advisor: bool = False
    loaded: bool = False
    page: int = 1
    briefs: list[cohort.SharedBrief] = []
    briefs_for: str = ""

    @rx.event
    def load(self) -> None:
        owner_id = self._owner_id()
        with self._session() as session:
            self.is_advisor = cohort.is_advisor(session, user_id=owner_id)
            self.students = (
                cohort.cohort_overview(
                    session, advisor_id=owner_id, limit=PAGE_SIZE, offset=(self.page - 1) * PAGE_SIZE
                )
                if self.is_advisor
                else []
            )
        self.loaded = True

    @rx.event
    def show_briefs(self, student_id: int) -> None:
        owner_id = self._owner_id()
        with self._session() as session:
            if not cohort.is_advisor(session, user_id=owner_id):
                return
            self.briefs = cohort.shared_briefs(session, advisor_id=owner_id, student_id=student_id)
        self.briefs_for = next((s.name for s in self.students if s.student_id == student_id), "")

    @rx.event
    def next_page(self) -> None:
        if len(self.students) == PAGE_SIZE:
            self.page += 1
            self.load()

    @rx.event
    def previous_page(self) -> None:
        if self.page > 1:
            self.page -= 1
            self.load()

    @rx.var
    def inactive_count(self) -> int:
        return sum(1 for student in self.students if student.inactive)
