"""The meeting-notes page's state: TIARA notes saved as typed, and people the contact suggested."""

from __future__ import annotations

import reflex as rx

from app import routes
from app.db import session_scope
from app.domain.day_words import weekday_date_from_iso
from app.services import contacts, notes, touches
from app.services.errors import NotFound, ValidationFailed
from app.services.notes import SuggestedPerson
from app.settings import today
from app.state.keep_in_touch import save_keep_in_touch
from app.state.owner import current_owner_id


class MeetingNotesState(rx.State):
    """Only what the notes page shows; the meeting id from the address goes through a service."""

    loaded: bool = False
    missing: bool = False
    notes_meeting: int = 0
    notes_contact: int = 0
    contact_name: str = ""
    when: str = ""
    held: bool = False
    keep_months: str = "3"

    trends: str = ""
    insights: str = ""
    advice: str = ""
    resources: str = ""
    assignments: str = ""
    saved_note: str = ""
    note_errors: dict[str, str] = rx.field(default_factory=dict)

    suggested: list[SuggestedPerson] = rx.field(default_factory=list)
    person_errors: dict[str, str] = rx.field(default_factory=dict)
    person_form_key: int = 0

    @rx.var
    def thank_you_href(self) -> str:
        if not self.notes_contact:
            return routes.COMPOSE
        return routes.compose_url(self.notes_contact, "thank_you", meeting_id=self.notes_meeting)

    @rx.var
    def contact_href(self) -> str:
        return routes.contact_url(self.notes_contact) if self.notes_contact else routes.CONTACTS

    def _load(self, meeting_id: object) -> None:
        owner_id = current_owner_id(self)
        with session_scope() as session:
            view = notes.meeting_notes(session, owner_id=owner_id, meeting_id=meeting_id)
            people = notes.suggested_people(session, owner_id=owner_id, meeting_id=view.meeting_id)
            detail = contacts.contact_detail(
                session, owner_id=owner_id, contact_id=view.contact_id, today=today()
            )
        self.notes_meeting = view.meeting_id
        self.notes_contact = view.contact_id
        self.contact_name = view.contact_name
        self.when = weekday_date_from_iso(view.on) + (f", {view.at}" if view.at else "")
        self.held = view.held
        self.trends, self.insights, self.advice = view.trends, view.insights, view.advice
        self.resources, self.assignments = view.resources, view.assignments
        self.suggested = people
        self.keep_months = touches.keep_in_touch_choice(detail.keep_in_touch_months)

    @rx.event
    def load(self) -> None:
        self.loaded = False
        self.missing = False
        self.saved_note = ""
        self.note_errors = {}
        self.person_errors = {}
        self.notes_meeting = self.notes_contact = 0
        self.suggested = []
        try:
            self._load(self.router.page.params.get("meeting_id", ""))
        except NotFound:
            self.missing = True
        self.loaded = True

    def _save(self, field: str, value: object) -> None:
        text = str(value or "")
        setattr(self, field, text)
        if not self.notes_meeting:
            return
        try:
            with session_scope() as session:
                notes.save_note(
                    session,
                    owner_id=current_owner_id(self),
                    meeting_id=self.notes_meeting,
                    field=field,
                    text=text,
                )
        except NotFound:
            self.missing = True
            return
        except ValidationFailed as error:
            self.note_errors = {**self.note_errors, **error.errors}
            self.saved_note = "Not saved yet: see the note beside the field."
            return
        self.note_errors = {k: v for k, v in self.note_errors.items() if k != field}
        self.saved_note = "Notes saved"

    @rx.event
    def edit_trends(self, value: str) -> None:
        self._save("trends", value)

    @rx.event
    def edit_insights(self, value: str) -> None:
        self._save("insights", value)

    @rx.event
    def edit_advice(self, value: str) -> None:
        self._save("advice", value)

    @rx.event
    def edit_resources(self, value: str) -> None:
        self._save("resources", value)

    @rx.event
    def edit_assignments(self, value: str) -> None:
        self._save("assignments", value)

    @rx.event
    def mark_held(self):  # type: ignore[no-untyped-def]
        try:
            with session_scope() as session:
                notes.hold_meeting(session, owner_id=current_owner_id(self), meeting_id=self.notes_meeting,
                                   today=today())  # fmt: skip
        except NotFound:
            self.missing = True
            return None
        self.held = True
        return rx.toast("Marked as held. A thank-you within 24 hours is next.")

    @rx.event
    def add_person(self, form_data: dict):  # type: ignore[no-untyped-def,type-arg]
        data = form_data if isinstance(form_data, dict) else {}
        name = str(data.get("name", ""))
        try:
            with session_scope() as session:
                notes.add_suggested_person(
                    session,
                    owner_id=current_owner_id(self),
                    meeting_id=self.notes_meeting,
                    name=name,
                    organisation=str(data.get("organisation", "")),
                    note=str(data.get("note", "")),
                    today=today(),
                )
                self.suggested = notes.suggested_people(
                    session, owner_id=current_owner_id(self), meeting_id=self.notes_meeting
                )
        except NotFound:
            self.missing = True
            return None
        except ValidationFailed as error:
            self.person_errors = error.errors
            return None
        self.person_errors = {}
        # A new key remounts the form, which empties it only once the person is safely saved.
        self.person_form_key += 1
        return rx.toast(f"{name.strip()} added to your contacts, referred by {self.contact_name}.")

    @rx.event
    def set_keep_months(self, value: str) -> None:
        chosen = save_keep_in_touch(self, self.notes_contact, value)
        if chosen is not None:
            self.keep_months = chosen
