"""The meeting-notes page's state: TIARA notes saved as typed, and people the contact suggested."""

from __future__ import annotations

import reflex as rx
from reflex.event import EventSpec
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from app import routes
from app.domain.day_words import weekday_date_from_iso
from app.domain.text_digest import text_digest
from app.domain.vocabulary import DraftKind
from app.services import contacts, notes, touches
from app.services.errors import ValidationFailed
from app.services.ids import as_id
from app.services.notes import ReferralMatch, SuggestedPerson
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
    # What the database holds for each note, as a digest: the browser keeps the student's typing until it
    # matches (assets/autosave.js).
    saved_digests: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    note_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)

    suggested: rx.Field[list[SuggestedPerson]] = rx.field(default_factory=list)
    # A suggested person who may already be a contact: the saved ones they may be, for the student to pick.
    matches: rx.Field[list[ReferralMatch]] = rx.field(default_factory=list)
    pending_name: str = ""
    can_add_new: bool = False
    _pending: notes.Suggestion | None = None
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
        self.saved_digests = {name: text_digest(getattr(self, name)) for name in notes.NOTE_FIELDS}
        self.suggested = people
        self.keep_months = touches.keep_in_touch_choice(detail.keep_in_touch_months)
        self.loaded = True

    def _save(self, field: str, value: object) -> None:
        if not isinstance(value, str) or not self.notes_meeting:
            return
        # The state keeps no more than the database would.
        setattr(self, field, value[: notes.NOTE_LIMIT])
        try:
            with self._session() as session:
                notes.save_note(
                    session, owner_id=self._owner_id(), meeting_id=self.notes_meeting, field=field, text=value
                )
        except ValidationFailed as error:
            self.note_errors = {**self.note_errors, **error.errors}
            self.saved_note = "Not saved yet: see the note beside the field."
            return
        except OperationalError:
            # The database is away: nothing is claimed saved; the browser resends the kept text.
            self.saved_note = "Not saved yet, retrying"
            return
        self.note_errors = {key: message for key, message in self.note_errors.items() if key != field}
        self.saved_digests = {**self.saved_digests, field: text_digest(value)}
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

    def _suggestion(self, form_data: object) -> notes.Suggestion:
        data: dict[object, object] = form_data if isinstance(form_data, dict) else {}
        return notes.Suggestion(
            name=_form_text(data, "name"),
            organisation=_form_text(data, "organisation"),
            note=_form_text(data, "note"),
            linkedin_url=_form_text(data, "linkedin_url"),
        )

    def _clear_matches(self) -> None:
        self._pending = None
        self.matches = []
        self.pending_name = ""
        self.can_add_new = False

    def _added(self, session: Session) -> None:
        self.suggested = notes.suggested_people(
            session, owner_id=self._owner_id(), meeting_id=self.notes_meeting
        )
        self.person_errors = {}
        self._clear_matches()
        # A new key remounts the form, which empties it only once the person is safely saved.
        self.person_form_key += 1

    def _create(self, suggestion: notes.Suggestion) -> EventSpec | None:
        try:
            with self._session() as session:
                notes.add_suggested_person(
                    session,
                    owner_id=self._owner_id(),
                    meeting_id=self.notes_meeting,
                    name=suggestion.name,
                    organisation=suggestion.organisation,
                    note=suggestion.note,
                    linkedin_url=suggestion.linkedin_url,
                    today=self._today(),
                )
                self._added(session)
        except ValidationFailed as error:
            self.person_errors = error.errors
            self._clear_matches()
            return None
        return rx.toast(f"{suggestion.name.strip()} added to your contacts, referred by {self.contact_name}.")

    @rx.event
    @_gone
    def add_person(self, form_data: object) -> EventSpec | None:
        """A person they suggested: a new contact, unless they may be one already (then the student says)."""
        suggestion = self._suggestion(form_data)
        owner_id = self._owner_id()
        try:
            notes.check_suggestion(suggestion)
        except ValidationFailed as error:
            self.person_errors = error.errors
            self._clear_matches()
            return None
        with self._session() as session:
            matches = notes.referral_matches(
                session, owner_id=owner_id, meeting_id=self.notes_meeting, suggestion=suggestion
            )
        if not matches:
            return self._create(suggestion)
        self.person_errors = {}
        self._pending = suggestion
        self.matches = matches
        self.pending_name = suggestion.name.strip()
        self.can_add_new = not any(match.same_person for match in matches)
        return None

    @rx.event
    @_gone
    def link_person(self, contact_id: object) -> EventSpec | None:
        """The student confirmed: this saved contact is the person suggested. Linked, not duplicated."""
        chosen = as_id(contact_id)
        if self._pending is None or chosen not in {match.id for match in self.matches}:
            return None
        try:
            with self._session() as session:
                linked = notes.link_suggested_person(
                    session,
                    owner_id=self._owner_id(),
                    meeting_id=self.notes_meeting,
                    contact_id=chosen,
                    note=self._pending.note,
                    today=self._today(),
                )
                self._added(session)
        except ValidationFailed as error:
            self.person_errors = error.errors
            self._clear_matches()
            return None
        if linked.already_by_other:
            return rx.toast(
                f"{linked.name} was already in your contacts, referred by {linked.referred_by_name}: "
                f"that stays, and {self.contact_name}'s suggestion is on their timeline."
            )
        return rx.toast(
            f"{linked.name} was already in your contacts: now referred by {self.contact_name}. "
            "No duplicate was made."
        )

    @rx.event
    @_gone
    def add_as_new(self) -> EventSpec | None:
        """The student says the namesake found is someone else: added as a new contact (name-only
        matches only; the same profile or the same name at the same place is never added twice)."""
        suggestion = self._pending
        if suggestion is None:
            return None
        with self._session() as session:
            matches = notes.referral_matches(
                session, owner_id=self._owner_id(), meeting_id=self.notes_meeting, suggestion=suggestion
            )
        if any(match.same_person for match in matches):
            self.matches, self.can_add_new = matches, False
            return None
        return self._create(suggestion)

    @rx.event
    def keep_editing(self) -> None:
        """Back to the form, as typed: nothing saved."""
        self._clear_matches()

    @rx.event
    def set_keep_months(self, value: object) -> None:
        chosen = save_keep_in_touch(self, self.notes_contact, value)
        if chosen is not None:
            self.keep_months = chosen
