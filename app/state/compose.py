"""The composer's state: the chosen contact, the draft being written, its live checks; saved as typed.

Every id from the browser goes through `as_id` and a service scoped to the signed-in owner; a contact
or draft that is missing or not theirs clears the composer and says so (`_show_not_found`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import reflex as rx
from reflex.event import EventSpec
from sqlalchemy.exc import OperationalError

from app import routes
from app.domain.day_words import weekday_date_from_iso
from app.domain.email_checks import THANK_YOU_DEADLINE, Check
from app.domain.eml import mailto_url
from app.domain.text_digest import text_digest
from app.domain.vocabulary import DraftKind, DraftStatus, MeetingStatus
from app.domain.words import word_count
from app.services import contacts, drafts, meetings, notes, outreach_marks, touches
from app.services.drafts import DraftSummary, DraftUpdate
from app.services.errors import ValidationFailed
from app.state.base import PageState, as_id, as_text, if_missing
from app.state.keep_in_touch import save_keep_in_touch

SEARCH_LIMIT = 20
SEARCH_LENGTH = 100
NO_MEETING = "none"

NOT_FOUND_MESSAGE = "We couldn't find that. It may have been deleted; choose a contact to carry on."
log = logging.getLogger("rapport")

NOT_SAVED = "Not saved yet: see the note beside the field."
NOT_SAVED_RETRYING = "Not saved yet, retrying"
CHANGED_ELSEWHERE = "Changed in another tab: choose which text to keep."

# Each check's status in words beside the icon the UI picks for it, so colour is never the only signal.
STATUS_TEXT = {"pass": "Looks good", "warn": "Worth a look", "fail": "Needs a change"}
# Most pressing first: what blocks sending, then advice, then what is already fine.
STATUS_ORDER = ("fail", "warn", "pass")


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class CheckView:
    """One check as shown beside the draft."""

    code: str
    label: str
    status: str
    status_text: str
    reason: str
    suggestion: str  # a sentence that would pass, offered with "Use this sentence"; "" for none


def _check_view(check: Check) -> CheckView:
    return CheckView(
        check.code, check.label, check.status, STATUS_TEXT[check.status], check.reason, check.suggestion
    )


def _check_summary(checks: list[Check]) -> str:
    fails = sum(check.status == "fail" for check in checks)
    warns = sum(check.status == "warn" for check in checks)
    parts = [f"{fails} to change" if fails else "", f"{warns} worth a look" if warns else ""]
    return "Checks: " + (" · ".join(part for part in parts if part) or "every one looks good")


def _draft_kind(value: object) -> DraftKind | None:
    """`value` as a kind of email, or None for anything else a client sends."""
    return DraftKind(value) if isinstance(value, str) and value in set(DraftKind) else None


# Used under `@rx.event` by every handler that looks up the chosen contact or the open draft.
_not_found_clears = if_missing(then=lambda state: state._show_not_found())


class ComposeState(PageState):
    """Only what the composer shows."""

    search: str = ""
    matches: rx.Field[list[Option]] = rx.field(default_factory=list)
    searched: bool = False

    chosen_contact: int = 0
    contact_name: str = ""
    contact_email: str = ""
    contact_about: str = ""
    keep_months: str = "3"
    contact_meetings: rx.Field[list[Option]] = rx.field(default_factory=list)
    meeting_choice: str = NO_MEETING
    kind: str = DraftKind.OUTREACH.value
    contact_drafts: rx.Field[list[DraftSummary]] = rx.field(default_factory=list)

    draft_id: int = 0
    # How many earlier texts "Undo" (after Start again or Update from notes) can bring back.
    undo_count: int = 0
    # An edited thank-you whose meeting notes changed since: offer "Update from notes".
    notes_changed: bool = False
    draft_kind_label: str = ""
    draft_meeting: int = 0
    subject: str = ""
    body: str = ""
    status: str = ""
    sent_on: str = ""
    checks: rx.Field[list[CheckView]] = rx.field(default_factory=list)
    countdown: str = ""
    check_summary: str = ""
    words: int = 0
    mailto: str = ""
    saved_note: str = ""
    # What the database holds for each field, as a digest: the browser keeps the student's typing until
    # it matches (assets/autosave.js).
    subject_digest: str = ""
    body_digest: str = ""
    field_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)

    refusal: rx.Field[list[str]] = rx.field(default_factory=list)
    # The kind of the draft in the editor; backend-only (leading underscore), never sent to the browser.
    _open_kind: str = ""
    follow_up_note: str = ""
    notice: str = ""
    # Classmates wrote to this person this month (how many, never who): a gentle note; at the cohort's
    # N, "Mark as sent" waits for the student's confirmation.
    classmates_note: str = ""
    classmates_confirm_needed: bool = False
    classmates_confirmed: bool = False

    @rx.var
    def clipboard_text(self) -> str:
        return f"Subject: {self.subject}\n\n{self.body}"

    @rx.var
    def is_sent(self) -> bool:
        return self.status == DraftStatus.SENT

    @rx.var
    def meeting_options(self) -> list[Option]:
        return [Option(NO_MEETING, "No meeting"), *self.contact_meetings]

    @rx.var
    def notes_href(self) -> str:
        return routes.meeting_notes_url(self.draft_meeting) if self.draft_meeting else ""

    # ---- what the page shows -------------------------------------------------------------------

    def _clear_search(self) -> None:
        self.search = ""
        self.matches = []
        self.searched = False

    def _clear_draft(self) -> None:
        self.draft_id = 0
        self.undo_count = 0
        self.notes_changed = False
        self.draft_kind_label = ""
        self.draft_meeting = 0
        self.subject = self.body = self.status = self.sent_on = ""
        self.checks = []
        self.countdown = ""
        self.check_summary = ""
        self.words = 0
        self.mailto = ""
        self.saved_note = ""
        self.subject_digest = self.body_digest = ""
        self.field_errors = {}
        self.refusal = []
        self.follow_up_note = ""
        self.classmates_confirmed = False

    def _clear_contact(self) -> None:
        self.chosen_contact = 0
        self.contact_name = self.contact_email = self.contact_about = ""
        self.keep_months = "3"
        self.contact_meetings = []
        self.meeting_choice = NO_MEETING
        self.contact_drafts = []
        self.classmates_note = ""
        self.classmates_confirm_needed = False
        self._clear_draft()

    def _show_not_found(self) -> None:
        self._clear_contact()
        self.notice = NOT_FOUND_MESSAGE

    def _load_contact(self, contact_id: object) -> None:
        """Shows the owner's contact; raises NotFound for anything else."""
        owner_id, today = self._owner_id(), self._today()
        with self._session() as session:
            detail = contacts.contact_detail(session, owner_id=owner_id, contact_id=contact_id, today=today)
            views = meetings.meetings_for_contact(
                session, owner_id=owner_id, contact_id=detail.id, today=today
            )
            listed = drafts.list_drafts(session, owner_id=owner_id, contact_id=detail.id)
            latest = notes.latest_meeting_id(session, owner_id=owner_id, contact_id=detail.id)
        self._clear_contact()
        self.chosen_contact = detail.id
        self.contact_name = detail.name
        self.contact_email = detail.email
        where = " at ".join(part for part in (detail.role, detail.organisation) if part)
        self.contact_about = " · ".join(part for part in (where, detail.source_label) if part)
        self.keep_months = touches.keep_in_touch_choice(detail.keep_in_touch_months)
        self.contact_meetings = [
            Option(
                str(view.id),
                f"{weekday_date_from_iso(view.on)}, {view.at}"
                + (" (held)" if view.status == MeetingStatus.HELD else ""),
            )
            for view in views
        ]
        self.contact_drafts = listed
        self._load_classmates()
        if latest and _draft_kind(self.kind) in drafts.MEETING_KINDS:
            self.meeting_choice = str(latest)
        self._clear_search()

    def _load_classmates(self) -> None:
        with self._session() as session:
            overlap = outreach_marks.overlap_for_contact(
                session, owner_id=self._owner_id(), contact_id=self.chosen_contact
            )
        self.classmates_note = overlap.message
        self.classmates_confirm_needed = overlap.needs_confirm

    @rx.event
    def set_classmates_confirmed(self, value: bool) -> None:
        self.classmates_confirmed = value is True

    def _reload_drafts(self) -> None:
        with self._session() as session:
            self.contact_drafts = drafts.list_drafts(
                session, owner_id=self._owner_id(), contact_id=self.chosen_contact
            )

    def _open(self, draft_id: object) -> None:
        """Shows the owner's draft (and its contact); raises NotFound for anything else."""
        owner_id = self._owner_id()
        with self._session() as session:
            drafts.follow_notes(session, owner_id=owner_id, draft_id=draft_id)
            view = drafts.get_draft(session, owner_id=owner_id, draft_id=draft_id)
            undo_count = drafts.version_count(session, owner_id=owner_id, draft_id=draft_id)
            notes_changed = drafts.notes_changed(session, owner_id=owner_id, draft_id=draft_id)
            sent_outreach = view.status == DraftStatus.SENT and view.kind == DraftKind.OUTREACH
            follow_up_due = (
                drafts.follow_up_due_on(
                    session, owner_id=owner_id, contact_id=view.contact_id, today=self._today()
                )
                if sent_outreach
                else ""
            )
        if view.contact_id != self.chosen_contact:
            self._load_contact(view.contact_id)
        self._clear_draft()
        self.draft_id = view.id
        self.kind = self._open_kind = view.kind
        self.undo_count = undo_count
        self.notes_changed = notes_changed
        self.draft_kind_label = view.kind_label
        self.draft_meeting = view.meeting_id
        if view.meeting_id:
            self.meeting_choice = str(view.meeting_id)
        self.subject = view.subject
        self.body = view.body
        self.subject_digest, self.body_digest = text_digest(view.subject), text_digest(view.body)
        self.status = view.status
        self.sent_on = weekday_date_from_iso(view.sent_on) if view.sent_on else ""
        self._refresh_checks()
        self._reload_drafts()
        if follow_up_due:
            self.follow_up_note = f"Follow-up due on {weekday_date_from_iso(follow_up_due)}"

    def _refresh_checks(self) -> None:
        with self._session() as session:
            checks = drafts.draft_checks(session, owner_id=self._owner_id(), draft_id=self.draft_id)
        ordered = sorted(checks, key=lambda check: STATUS_ORDER.index(check.status))
        self.checks = [_check_view(check) for check in ordered]
        self.check_summary = _check_summary(checks)
        self.countdown = next((check.label for check in checks if check.code == THANK_YOU_DEADLINE), "")
        self.words = word_count(self.body)
        self.mailto = mailto_url(self.contact_email, self.subject, self.body) if self.contact_email else ""

    def _remember_in_url(self) -> EventSpec:
        # Keeps the address in step without a reload, so a reload (or a bookmark) finds this draft.
        url = routes.compose_url(self.chosen_contact or None, self.kind, draft_id=self.draft_id or None)
        return rx.call_script(f"window.history.replaceState(null, '', {url!r})")

    @rx.event
    @_not_found_clears
    def load(self) -> None:
        """The address says what to show: `?draft=` opens a draft, `?contact=` (with `kind=`) writes one."""
        # Reopened in the same tab (a reconnect runs this again): what this tab last knew was saved stays
        # its base, so its unsent typing is checked against that, not against a newer save elsewhere.
        known = (self.draft_id, self.subject_digest, self.body_digest)
        self._load_from_address()
        if known[0] and self.draft_id == known[0]:
            self.subject_digest, self.body_digest = known[1], known[2]

    def _load_from_address(self) -> None:
        self.notice = ""
        self._clear_search()
        self._clear_contact()
        asked_kind = _draft_kind(self._query_param("kind", 30))
        self.kind = (asked_kind or DraftKind.OUTREACH).value
        draft, contact = self._query_param("draft", 20), self._query_param("contact", 20)
        if draft:
            self._load_contact(as_id(contact) or self._draft_contact(as_id(draft)))
            self._open(as_id(draft))
        elif contact:
            self._load_contact(as_id(contact))
            meeting = self._query_param("meeting", 20)
            if meeting:
                self._set_meeting(meeting)
            if asked_kind:
                self._write()

    def _draft_contact(self, draft_id: int | None) -> int:
        with self._session() as session:
            return drafts.get_draft(session, owner_id=self._owner_id(), draft_id=draft_id).contact_id

    # ---- choosing who and what -------------------------------------------------------------------

    @rx.event
    def search_contacts(self, value: str) -> None:
        self.search = as_text(value, SEARCH_LENGTH)
        query = self.search.strip()
        self.searched = bool(query)
        if not query:
            self.matches = []
            return
        with self._session() as session:
            page = contacts.list_contacts(
                session, owner_id=self._owner_id(), today=self._today(), query=query, per_page=SEARCH_LIMIT
            )
        self.matches = [
            Option(str(row.id), row.name + (f" · {row.organisation}" if row.organisation else ""))
            for row in page.rows
        ]

    @rx.event
    @_not_found_clears
    def choose_contact(self, contact_id: str) -> EventSpec:
        self.notice = ""
        self._load_contact(as_id(contact_id))
        return self._remember_in_url()

    @rx.event
    def change_contact(self) -> EventSpec:
        self._clear_contact()
        return rx.call_script(f"window.history.replaceState(null, '', {routes.COMPOSE!r})")

    @rx.event
    @_not_found_clears
    def set_kind(self, value: str) -> None:
        kind = _draft_kind(value)
        if kind is None:
            return
        self.kind = kind.value
        if self.chosen_contact and kind in drafts.MEETING_KINDS and self.meeting_choice == NO_MEETING:
            with self._session() as session:
                latest = notes.latest_meeting_id(
                    session, owner_id=self._owner_id(), contact_id=self.chosen_contact
                )
            if latest:
                self.meeting_choice = str(latest)
        self._follow_kind()

    def _follow_kind(self) -> None:
        """With a draft open, changing the kind shows that kind's open draft, or clears the editor so
        "Write the draft" starts one: the editor never shows a kind other than the one chosen."""
        if not self.draft_id or self.kind == self._open_kind:
            return
        with self._session() as session:
            existing = drafts.open_draft_id(
                session,
                owner_id=self._owner_id(),
                contact_id=self.chosen_contact,
                kind=self.kind,
                meeting_id=self._meeting_arg(),
            )
        if existing:
            self._open(existing)
        else:
            self._clear_draft()

    def _set_meeting(self, value: object) -> None:
        # Only one of this contact's meetings, as listed; anything else means "no meeting".
        listed = {option.value for option in self.contact_meetings}
        self.meeting_choice = value if isinstance(value, str) and value in listed else NO_MEETING

    @rx.event
    def set_meeting(self, value: str) -> None:
        self._set_meeting(value)

    @rx.event
    def set_keep_months(self, value: str) -> None:
        chosen = save_keep_in_touch(self, self.chosen_contact, value)
        if chosen is not None:
            self.keep_months = chosen

    def _meeting_arg(self) -> int | None:
        return as_id(self.meeting_choice)

    def _write(self, *, fresh: bool = False) -> None:
        make = drafts.create_draft if fresh else drafts.open_or_create_draft
        with self._session() as session:
            draft_id = make(
                session,
                owner_id=self._owner_id(),
                contact_id=self.chosen_contact,
                kind=self.kind,
                meeting_id=self._meeting_arg(),
            )
        self._open(draft_id)

    @rx.event
    @_not_found_clears
    def write_draft(self) -> EventSpec:
        self.notice = ""
        self._write()
        return self._remember_in_url()

    @rx.event
    @_not_found_clears
    def start_fresh(self) -> EventSpec | None:
        """Refills the open draft from the template; the text before is kept, and "Undo" brings it back."""
        self.notice = ""
        if not self.draft_id:
            self._write()
            return self._remember_in_url()
        try:
            with self._session() as session:
                drafts.reset_draft(session, owner_id=self._owner_id(), draft_id=self.draft_id)
        except ValidationFailed as error:
            self.refusal = list(error.errors.values())
            return None
        self._open(self.draft_id)
        return rx.toast("Started again from the template. Undo brings your text back.")

    @rx.event
    @_not_found_clears
    def update_from_notes(self) -> EventSpec | None:
        """Refills the body from the meeting notes as they are now; "Undo" brings the edited text back."""
        self.notice = ""
        if not self.draft_id:
            return None
        try:
            with self._session() as session:
                drafts.update_from_notes(session, owner_id=self._owner_id(), draft_id=self.draft_id)
        except ValidationFailed as error:
            self.refusal = list(error.errors.values())
            return None
        self._open(self.draft_id)
        return rx.toast("Updated from the notes. Undo brings your text back.")

    @rx.event
    @_not_found_clears
    def undo_start_again(self) -> None:
        if not self.draft_id:
            return
        try:
            with self._session() as session:
                restored = drafts.undo_reset(session, owner_id=self._owner_id(), draft_id=self.draft_id)
        except ValidationFailed as error:
            self.refusal = list(error.errors.values())
            return
        self._open(self.draft_id)
        if not restored:
            self.notice = "There is no earlier text to bring back."

    @rx.event
    @_not_found_clears
    def open_draft(self, draft_id: str) -> EventSpec:
        self.notice = ""
        self._open(as_id(draft_id))
        return self._remember_in_url()

    # ---- writing: each edit saves only the field it changed ------------------------------------

    def _save(self, changes: DraftUpdate) -> None:
        if not self.draft_id or self.status == DraftStatus.SENT:
            return
        self.refusal = []
        # What this tab last knew the database held: a field another tab changed since is not overwritten.
        expected = {"subject": self.subject_digest, "body": self.body_digest}
        try:
            with self._session() as session:
                drafts.update_draft(
                    session,
                    owner_id=self._owner_id(),
                    draft_id=self.draft_id,
                    changes=changes,
                    expected_digests=expected,
                )
        except drafts.EditConflict as conflict:
            # The page learns what is saved now; the browser keeps this tab's text and asks which to keep.
            self.subject_digest = conflict.saved_digests.get("subject", self.subject_digest)
            self.body_digest = conflict.saved_digests.get("body", self.body_digest)
            self.saved_note = CHANGED_ELSEWHERE
            return
        except ValidationFailed as error:
            self.field_errors = {**self.field_errors, **error.errors}
            self.saved_note = NOT_SAVED
            return
        except OperationalError:
            # The database is unreachable: nothing is claimed saved, and the browser, which still holds
            # the text, sends it again until a save is confirmed.
            log.warning("draft %s not saved: database unavailable", self.draft_id)
            self.saved_note = NOT_SAVED_RETRYING
            return
        # A field still refused (say, a subject too long) stays flagged while the other one saves.
        sent = changes.fields()
        if "subject" in sent:
            self.subject_digest = text_digest(changes.subject)  # type: ignore[arg-type]
        if "body" in sent:
            self.body_digest = text_digest(changes.body)  # type: ignore[arg-type]
        self.field_errors = {name: text for name, text in self.field_errors.items() if name not in sent}
        self.saved_note = NOT_SAVED if self.field_errors else "Saved"
        self._refresh_checks()

    @rx.event
    @_not_found_clears
    def edit_subject(self, value: str) -> None:
        if isinstance(value, str):
            # The state keeps no more than the database would (the page's field stops there too).
            self.subject = value[: drafts.SUBJECT_LIMIT]
            self._save(DraftUpdate(subject=value))

    @rx.event
    @_not_found_clears
    def edit_body(self, value: str) -> None:
        if isinstance(value, str):
            self.body = value[: drafts.BODY_LIMIT]
            self._save(DraftUpdate(body=value))

    @rx.event
    @_not_found_clears
    def use_suggestion(self, code: str) -> None:
        """Puts a check's suggested sentence in place of the one it flags (the rule supplies the text)."""
        if not self.draft_id or self.status == DraftStatus.SENT or not isinstance(code, str):
            return
        self.refusal = []
        try:
            with self._session() as session:
                view = drafts.use_suggestion(
                    session, owner_id=self._owner_id(), draft_id=self.draft_id, code=code
                )
        except ValidationFailed as error:
            self.field_errors = {**self.field_errors, **error.errors}
            self.saved_note = NOT_SAVED
            return
        self.subject = view.subject
        self.body = view.body
        self.subject_digest, self.body_digest = text_digest(view.subject), text_digest(view.body)
        self.saved_note = "Saved"
        self._refresh_checks()

    # ---- handing over to the student's mail client ---------------------------------------------

    @rx.event
    @if_missing(then=lambda state: setattr(state, "notice", NOT_FOUND_MESSAGE))
    def download_eml(self) -> EventSpec:
        with self._session() as session:
            data, filename = drafts.eml_file(session, owner_id=self._owner_id(), draft_id=self.draft_id)
        return rx.download(data=data, filename=filename, mime_type="message/rfc822")

    @rx.event
    @_not_found_clears
    def mark_sent(self) -> EventSpec | None:
        if not self.draft_id:
            return None
        self.refusal = []
        try:
            with self._session() as session:
                result = drafts.mark_sent(
                    session,
                    owner_id=self._owner_id(),
                    draft_id=self.draft_id,
                    today=self._today(),
                    confirmed_classmates=self.classmates_confirmed,
                )
        except ValidationFailed as error:
            self.refusal = list(error.errors.values())
            self._load_classmates()
            self._refresh_checks()
            return None
        self._open(self.draft_id)
        if result.follow_up_due_on:
            self.follow_up_note = f"Follow-up due on {weekday_date_from_iso(result.follow_up_due_on)}"
        return rx.toast(f"Marked sent. {self.contact_name} moves along your pipeline.")
