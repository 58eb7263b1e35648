"""The meeting-notes page's state: TIARA notes saved as typed, and people the contact suggested."""

from __future__ import annotations

import reflex as rx
from reflex.event import EventSpec

from app import routes
from app.domain.day_words import weekday_date_from_iso
from app.domain.vocabulary import DraftKind
from app.services import contacts, notes, touches
from app.services.errors import ValidationFailed
from app.services.notes import SuggestedPerson
from app.state.base import PageState, if_missing
from app.state.keep_in_touch import save_keep_in_touch

# A meeting that is missing or not the student's: the page says so, and shows nothing of it.
_gone = if_missing(then=lambda state: state._not_found())


def _form_text(data: dict[object, object], key: str) -> str:
    value = data.get(key, "")
    return value if isinstance(value, str) else ""


class MeetingNotesState(PageState):
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
    note_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)

    suggested: rx.Field[list[SuggestedPerson]] = rx.field(default_factory=list)
    person_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    person_form_key: int = 0

    @rx.var
    def thank_you_href(self) -> str:
        if not self.notes_contact:
            return routes.COMPOSE
        return routes.compose_url(
            self.notes_contact, DraftKind.THANK_YOU.value, meeting_id=self.notes_meeting
        )

    @rx.var
    def contact_href(self) -> str:
        return routes.contact_url(self.notes_contact) if self.notes_contact else routes.CONTACTS

    def _not_found(self) -> None:
        self.reset()
        self.missing = True
        self.loaded = True

    @rx.event
    @_gone
    def load(self) -> None:
        owner_id = self._owner_id()
        with self._session() as session:
            view = notes.meeting_notes(session, owner_id=owner_id, meeting_id=self._route_param("meeting_id"))
            people = notes.suggested_people(session, owner_id=owner_id, meeting_id=view.meeting_id)
            detail = contacts.contact_detail(
                session, owner_id=owner_id, contact_id=view.contact_id, today=self._today()
            )
        self.reset()
        self.notes_meeting = view.meeting_id
        self.notes_contact = view.contact_id
        self.contact_name = view.contact_name
        self.when = weekday_date_from_iso(view.on) + (f", {view.at}" if view.at else "")
        self.held = view.held
        self.trends, self.insights, self.advice = view.trends, view.insights, view.advice
        self.resources, self.assignments = view.resources, view.assignments
        self.suggested = people
        self.keep_months = touches.keep_in_touch_choice(detail.keep_in_touch_months)
        self.loaded = True

    def _save(self, field: str, value: object) -> None:
        if not isinstance(value, str) or not self.notes_meeting:
            return
        setattr(self, field, value)
        try:
            with self._session() as session:
                notes.save_note(
                    session, owner_id=self._owner_id(), meeting_id=self.notes_meeting, field=field, text=value
                )
        except ValidationFailed as error:
            self.note_errors = {**self.note_errors, **error.errors}
            self.saved_note = "Not saved yet: see the note beside the field."
            return
        self.note_errors = {key: message for key, message in self.note_errors.items() if key != field}
        self.saved_note = "Notes saved"

    @rx.event
    @_gone
    def edit_trends(self, value: object) -> None:
        self._save("trends", value)

    @rx.event
    @_gone
    def edit_insights(self, value: object) -> None:
        self._save("insights", value)

    @rx.event
    @_gone
    def edit_advice(self, value: object) -> None:
        self._save("advice", value)

    @rx.event
    @_gone
    def edit_resources(self, value: object) -> None:
        self._save("resources", value)

    @rx.event
    @_gone
    def edit_assignments(self, value: object) -> None:
        self._save("assignments", value)

    @rx.event
    @_gone
    def mark_held(self) -> EventSpec:
        with self._session() as session:
            notes.hold_meeting(
                session, owner_id=self._owner_id(), meeting_id=self.notes_meeting, today=self._today()
            )
        self.held = True
        return rx.toast("Marked as held. A thank-you within 24 hours is next.")

    @rx.event
    @_gone
    def add_person(self, form_data: object) -> EventSpec | None:
        data: dict[object, object] = form_data if isinstance(form_data, dict) else {}
        name = _form_text(data, "name")
        owner_id = self._owner_id()
        try:
            with self._session() as session:
                notes.add_suggested_person(
                    session,
                    owner_id=owner_id,
                    meeting_id=self.notes_meeting,
                    name=name,
                    organisation=_form_text(data, "organisation"),
                    note=_form_text(data, "note"),
                    today=self._today(),
                )
                self.suggested = notes.suggested_people(
                    session, owner_id=owner_id, meeting_id=self.notes_meeting
                )
        except ValidationFailed as error:
            self.person_errors = error.errors
            return None
        self.person_errors = {}
        # A new key remounts the form, which empties it only once the person is safely saved.
        self.person_form_key += 1
        return rx.toast(f"{name.strip()} added to your contacts, referred by {self.contact_name}.")

    @rx.event
    def set_keep_months(self, value: object) -> None:
        chosen = save_keep_in_touch(self, self.notes_contact, value)
        if chosen is not None:
            self.keep_months = chosen
