"""The prep wizard's state: the brief being written, saved to the database as the student types."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import reflex as rx
from reflex.event import EventSpec
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from app.domain.brief_rules import FIRST_STEP, LAST_STEP, STEP_TITLES
from app.domain.day_words import weekday_date
from app.domain.text_digest import text_digest
from app.services import briefs
from app.services import meetings as meeting_service
from app.services.briefs import BriefStatus, BriefUpdate, BriefView
from app.services.errors import ValidationFailed
from app.state.base import PageState, if_missing

_LONG_KEYS = (*briefs.TEXT_FIELDS, "question_1", "question_2", "question_3")
_EMPTY_ERRORS: dict[str, str] = {field: "" for field in (*briefs.FIELDS, *_LONG_KEYS[-3:])}
_SAVE_PROBLEM = "Your last change couldn't be saved just now. Keep this tab open, try again."

# A meeting that is missing or not the student's: nothing of another brief may linger in the browser.
_gone = if_missing(then=lambda state: state._not_found())


class PrepState(PageState):
    """One meeting's brief. Every handler re-checks ownership through the briefs service."""

    loaded: bool = False
    found: bool = False
    meeting_id: int = 0
    contact_id: int = 0
    contact_name: str = ""
    organisation: str = ""
    in_past: bool = False
    step: int = FIRST_STEP

    # The fields exactly as typed, so what the student sees is what is saved.
    person_role: str = ""
    person_path: str = ""
    person_reading: str = ""
    org_what: str = ""
    org_news: str = ""
    org_trends: str = ""
    closing_plan: str = ""
    travel_minutes: str = ""
    on: str = ""
    at: str = ""
    duration_minutes: str = ""
    place: str = ""
    video_link: str = ""
    questions: rx.Field[list[str]] = rx.field(default_factory=lambda: ["", "", ""])
    letters: rx.Field[list[str]] = rx.field(default_factory=lambda: ["", "", ""])

    # What the checks say.
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=lambda: dict(_EMPTY_ERRORS))
    # What the database holds for each autosaved field ("why_them", "question_2"), as a digest: the
    # browser keeps the student's typing until it matches (assets/autosave.js).
    saved_digests: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    steps_complete: rx.Field[list[bool]] = rx.field(default_factory=lambda: [False] * LAST_STEP)
    step_gaps: rx.Field[list[list[str]]] = rx.field(default_factory=lambda: [[] for _ in range(LAST_STEP)])
    question_problems: rx.Field[list[list[str]]] = rx.field(default_factory=lambda: [[], [], []])
    question_suggestions: rx.Field[list[str]] = rx.field(default_factory=lambda: ["", "", ""])
    set_problems: rx.Field[list[str]] = rx.field(default_factory=list)
    show_question_problems: bool = False
    nudge: str = ""
    leave_by: str = ""
    end_by: str = ""
    is_ready: bool = False
    shared_with_advisor: bool = False
    finish_reasons: rx.Field[list[str]] = rx.field(default_factory=list)
    finish_message: str = ""
    bank_note: str = ""
    save_problem: str = ""
    # The date, time, length or place changed here: the calendar file on offer is the updated one.
    calendar_changed: bool = False

    # --- helpers (private: not callable from the browser) --------------------------------------

    def _not_found(self) -> None:
        self.reset()
        self.loaded = True

    def _apply_view(self, view: BriefView) -> None:
        self.shared_with_advisor = view.shared_with_advisor
        self.meeting_id = view.meeting_id
        self.contact_id = view.contact_id
        self.contact_name = view.contact_name
        self.organisation = view.organisation
        self.in_past = view.in_past
        self.step = view.current_step
        for field in briefs.TEXT_FIELDS:
            setattr(self, field, getattr(view, field))
        self.travel_minutes = view.travel_minutes
        self.on = view.on
        self.at = view.at
        self.duration_minutes = str(view.duration_minutes)
        self.place = view.place
        self.video_link = view.video_link
        self.questions = list(view.questions)
        self.letters = list(view.letters)
        self.is_ready = view.is_ready
        self._remember_saved(view)

    def _remember_saved(self, view: briefs.BriefView) -> None:
        texts = {
            name: str(getattr(self, name))
            for name in (*briefs.TEXT_FIELDS, "place", "video_link", "on", "at")
        }
        texts["duration_minutes"] = self.duration_minutes
        texts["travel_minutes"] = str(self.travel_minutes)
        texts.update({f"question_{slot + 1}": text for slot, text in enumerate(view.questions)})
        self.saved_digests = {name: text_digest(text) for name, text in texts.items()}

    def _saved(self, key: str, text: str) -> None:
        self.saved_digests = {**self.saved_digests, key: text_digest(text)}

    def _apply_status(self, status: BriefStatus) -> None:
        self.steps_complete = list(status.steps_complete)
        self.step_gaps = [list(status.gaps.get(step, [])) for step in range(1, LAST_STEP + 1)]
        self.question_problems = [list(messages) for messages in status.question_problems]
        self.question_suggestions = list(status.question_suggestions)
        self.set_problems = list(status.set_problems)
        # Long-note reminders follow the saved text; a refused value's message stays until it is fixed.
        errors = dict(self.errors)
        for key in _LONG_KEYS:
            errors[key] = status.long_fields.get(key, "")
        self.errors = errors
        self.nudge = status.nudge
        self.leave_by = status.leave_by
        self.end_by = status.end_by
        if self.is_ready and not status.is_ready:
            self.finish_message = ""
        self.is_ready = status.is_ready
        if status.is_ready:
            self.finish_reasons = []

    def _save(self, field: str, save: Callable[[Session, int], BriefStatus]) -> None:
        """Runs one autosave for this meeting; a refused value is reported beside its field, not saved."""
        if not self.found:
            return
        try:
            with self._session() as session:
                status = save(session, self._owner_id())
        except ValidationFailed as failure:
            self.errors = {**self.errors, field: next(iter(failure.errors.values()), "")}
            return
        except SQLAlchemyError:
            # A busy or unreachable database: say so plainly; the text is still in the field.
            self.save_problem = _SAVE_PROBLEM
            return
        self.save_problem = ""
        self.errors = {**self.errors, field: ""}
        self._apply_status(status)

    def _go(self, chosen: int | None) -> None:
        if not self.found or chosen is None:
            return
        if self.step == 3 and chosen != 3:
            # Having written the questions and moved on, the student sees the rule's verdict on return.
            self.show_question_problems = True
        with self._session() as session:
            self.step = briefs.set_step(
                session, owner_id=self._owner_id(), meeting_id=self.meeting_id, step=chosen
            )
        self.bank_note = ""
        self.finish_reasons = []

    # --- events ---------------------------------------------------------------------------------

    @rx.event
    @_gone
    def load(self) -> None:
        owner_id = self._owner_id()
        with self._session() as session:
            view = briefs.open_brief(
                session, owner_id=owner_id, meeting_id=self._route_param("meeting_id"), today=self._today()
            )
            status = briefs.brief_status(session, owner_id=owner_id, meeting_id=view.meeting_id)
        self.reset()
        self.found = True
        self._apply_view(view)
        self._apply_status(status)
        # Coming back to the questions: show what the rule says about the ones already written.
        self.show_question_problems = any(question.strip() for question in self.questions)
        self.loaded = True

    @rx.event
    @_gone
    def set_shared(self, value: object) -> None:
        if not self.found:
            return
        with self._session() as session:
            self.shared_with_advisor = briefs.share_with_advisor(
                session, owner_id=self._owner_id(), meeting_id=self.meeting_id, shared=value is True
            )

    @rx.event
    @_gone
    def save_text(self, field: object, value: object) -> None:
        if not isinstance(field, str) or field not in briefs.FIELDS:
            return
        update = BriefUpdate.of(field, value)
        text = update.sent()[field]
        before = getattr(self, field)
        if len(text) <= briefs.STORE_LIMIT:
            setattr(self, field, text)
        meeting_id, today = self.meeting_id, self._today()
        self._save(
            field,
            lambda session, owner_id: briefs.update_brief(
                session, owner_id=owner_id, meeting_id=meeting_id, data=update, today=today
            ),
        )
        if field == "on" and not self.errors.get("on"):
            self.in_past = self.on < today.isoformat()
        saved = not self.errors.get(field) and not self.save_problem
        if saved:
            self._saved(field, value if isinstance(value, str) else text)
        if field in briefs.MEETING_FIELDS and saved and text != before:
            self.calendar_changed = True

    @rx.event
    @_gone
    def download_calendar_file(self) -> EventSpec | None:
        """The meeting's .ics as it now stands (same UID, the SEQUENCE its moves have raised)."""
        if not self.found:
            return None
        with self._session() as session:
            text, filename = meeting_service.meeting_calendar_file(
                session, owner_id=self._owner_id(), meeting_id=self.meeting_id
            )
        return rx.download(data=text, filename=filename, mime_type="text/calendar")

    @rx.event
    @_gone
    def save_question(self, position: object, value: object) -> None:
        slot = briefs.question_slot(position)
        if slot is None:
            return
        text = value if isinstance(value, str) else str(value)
        if len(text) <= briefs.STORE_LIMIT:
            self.questions = [text if index == slot else old for index, old in enumerate(self.questions)]
        meeting_id = self.meeting_id
        key = f"question_{slot + 1}"
        self._save(
            key,
            lambda session, owner_id: briefs.save_question(
                session, owner_id=owner_id, meeting_id=meeting_id, position=slot, text=text
            ),
        )
        if not self.errors.get(key) and not self.save_problem:
            self._saved(key, text)

    @rx.event
    @_gone
    def use_suggestion(self, position: object) -> None:
        """Puts the rule's suggested rewrite in place of a refused question, and saves it."""
        slot = briefs.question_slot(position)
        if slot is None or not self.found:
            return
        meeting_id = self.meeting_id
        saved: list[str] = []

        def save(session: Session, owner_id: int) -> BriefStatus:
            text, status = briefs.use_suggested_question(
                session, owner_id=owner_id, meeting_id=meeting_id, position=slot
            )
            saved.append(text)
            return status

        self._save(f"question_{slot + 1}", save)
        if saved:
            self.questions = [saved[0] if index == slot else old for index, old in enumerate(self.questions)]
            self._saved(f"question_{slot + 1}", saved[0])

    @rx.event
    @_gone
    def set_letter(self, position: object, letter: object) -> None:
        slot = briefs.question_slot(position)
        if slot is None:
            return
        known = {value for value, _label in briefs.tiara_options()}
        chosen = letter if isinstance(letter, str) and letter in known else ""
        self.letters = [chosen if index == slot else old for index, old in enumerate(self.letters)]
        meeting_id = self.meeting_id
        self._save(
            f"question_{slot + 1}",
            lambda session, owner_id: briefs.set_question_letter(
                session, owner_id=owner_id, meeting_id=meeting_id, position=slot, letter=chosen
            ),
        )

    @rx.event
    @_gone
    def use_starter(self, letter: object, index: object) -> None:
        if not self.found:
            return
        owner_id = self._owner_id()
        try:
            with self._session() as session:
                slot = briefs.use_starter(
                    session, owner_id=owner_id, meeting_id=self.meeting_id, letter=letter, index=index
                )
                view = briefs.open_brief(
                    session, owner_id=owner_id, meeting_id=self.meeting_id, today=self._today()
                )
                status = briefs.brief_status(session, owner_id=owner_id, meeting_id=self.meeting_id)
        except ValidationFailed:
            self.bank_note = "That starter isn't in the bank any more."
            return
        if slot is None:
            self.bank_note = "All three questions are written. Clear one first to use this starter instead."
            return
        self.questions = list(view.questions)
        self.letters = list(view.letters)
        self._saved(f"question_{slot + 1}", view.questions[slot])
        self.bank_note = f"Added as question {slot + 1}. Make it your own: edit it as you like."
        self._apply_status(status)

    @rx.event
    @_gone
    def go_to_step(self, step: object) -> None:
        self._go(briefs.wizard_step(step))

    @rx.event
    @_gone
    def next_step(self) -> None:
        self._go(min(self.step + 1, LAST_STEP))

    @rx.event
    @_gone
    def previous_step(self) -> None:
        self._go(max(self.step - 1, FIRST_STEP))

    @rx.event
    def check_questions(self) -> None:
        self.show_question_problems = True

    @rx.event
    @_gone
    def finish(self) -> None:
        if not self.found:
            return
        owner_id = self._owner_id()
        with self._session() as session:
            result = briefs.finish_brief(session, owner_id=owner_id, meeting_id=self.meeting_id)
            if not result.ready and result.first_failing_step is not None:
                # Stay on the current step when it is one of those failing; else go to the first.
                on_failing_step = (
                    1 <= self.step < LAST_STEP and not result.status.steps_complete[self.step - 1]
                )
                target = self.step if on_failing_step else result.first_failing_step
                self.step = briefs.set_step(
                    session, owner_id=owner_id, meeting_id=self.meeting_id, step=target
                )
        self.show_question_problems = True
        self._apply_status(result.status)
        if result.ready:
            self.step = LAST_STEP
            self.finish_reasons = []
            self.finish_message = "Your brief is ready. Read it on the way, and enjoy the conversation."
        else:
            self.finish_message = ""
            self.finish_reasons = list(result.reasons)

    # --- what the page shows --------------------------------------------------------------------

    @rx.var
    def step_title(self) -> str:
        return STEP_TITLES.get(self.step, "")

    @rx.var
    def current_gaps(self) -> list[str]:
        if 1 <= self.step <= len(self.step_gaps):
            return self.step_gaps[self.step - 1]
        return []

    @rx.var
    def where(self) -> str:
        return self.place or self.video_link

    @rx.var
    def when_text(self) -> str:
        try:
            on = date.fromisoformat(self.on)
        except ValueError:
            return self.at
        return weekday_date(on) + (f" at {self.at}" if self.at else "")

    @rx.var
    def letter_labels(self) -> list[str]:
        labels = dict(briefs.tiara_options())
        return [labels.get(letter, "") for letter in self.letters]

    @rx.var
    def all_gaps(self) -> list[str]:
        return [
            f"{STEP_TITLES[step]}: {gap}" for step in range(1, LAST_STEP) for gap in self.step_gaps[step - 1]
        ]
