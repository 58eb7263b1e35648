"""The cohort page's state: summaries for the signed-in advisor (the first hundred), never private data."""

from typing import Any

import reflex as rx
from reflex.event import EventSpec

from app.services import cohort, cohort_care, outreach_marks
from app.services.errors import ValidationFailed
from app.state.base import PageState, as_id, if_missing

PAGE_SIZE = 100


class CohortState(PageState):
    students: list[cohort.StudentSummary] = []
    is_advisor: bool = False
    loaded: bool = False
    briefs: list[cohort.SharedBrief] = []
    briefs_for: str = ""
    stuck: list[cohort_care.StuckStudent] = []
    cohorts: list[cohort_care.CohortSettings] = []
    aggregates: list[cohort_care.AggregateRow] = []
    settings_errors: dict[str, str] = {}
    settings_saved_for: int = 0
    # The cohort whose settings form the errors belong to.
    settings_error_for: int = 0

    @rx.event
    def load(self) -> None:
        self._load()

    def _load(self) -> None:
        owner_id = self._owner_id()
        with self._session() as session:
            self.is_advisor = cohort.is_advisor(session, user_id=owner_id)
            # The least active first, so the first page is who needs a word.
            self.students = []
            self.stuck, self.cohorts, self.aggregates = [], [], []
            if self.is_advisor:
                self.students = cohort.cohort_overview(session, advisor_id=owner_id, limit=PAGE_SIZE)
                self.stuck = cohort_care.stuck_students(session, advisor_id=owner_id)[:PAGE_SIZE]
                self.cohorts = cohort_care.cohort_settings(session, advisor_id=owner_id)
                self.aggregates = cohort_care.cohort_aggregates(session, advisor_id=owner_id)
        self.loaded = True

    def _advising(self) -> bool:
        with self._session() as session:
            return cohort.is_advisor(session, user_id=self._owner_id())

    @rx.event
    @if_missing(toast="That student isn't in your cohort.")
    def download_nudge(self, student_id: Any) -> EventSpec | None:
        if not self._advising():
            return None
        with self._session() as session:
            data, filename = cohort_care.nudge_eml(
                session, advisor_id=self._owner_id(), student_id=student_id
            )
        return rx.download(data=data, filename=filename, mime_type="message/rfc822")

    @rx.event
    def download_figures(self) -> EventSpec | None:
        if not self._advising():
            return None
        with self._session() as session:
            rows = cohort_care.cohort_aggregates(session, advisor_id=self._owner_id())
        return rx.download(
            data=cohort_care.aggregates_csv(rows), filename="cohort-figures.csv", mime_type="text/csv"
        )

    @rx.event
    @if_missing(toast="That cohort isn't yours.")
    def save_cohort(self, form_data: dict[str, Any]) -> EventSpec | None:
        """The cohort's N and nudge template, saved together; each problem shown beside its field."""
        if not self._advising() or not isinstance(form_data, dict):
            return None
        owner_id = self._owner_id()
        cohort_id = as_id(form_data.get("cohort_id"))
        self.settings_errors, self.settings_saved_for, self.settings_error_for = {}, 0, 0
        try:
            with self._session() as session:
                outreach_marks.set_outreach_limit(
                    session,
                    advisor_id=owner_id,
                    cohort_id=cohort_id,
                    limit=form_data.get("outreach_limit", ""),
                )
                cohort_care.save_nudge_template(
                    session,
                    advisor_id=owner_id,
                    cohort_id=cohort_id,
                    subject=form_data.get("subject", ""),
                    body=form_data.get("body", ""),
                )
        except ValidationFailed as failed:
            self.settings_errors = dict(failed.errors)
            self.settings_error_for = cohort_id or 0
            return None
        self._load()
        self.settings_saved_for = cohort_id or 0
        return rx.toast.success("Saved: nudges use your words from now on.")

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
