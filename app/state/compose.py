"""The composer's state: the chosen contact, the draft being written, its live checks; saved as typed."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from app import routes
from app.db import session_scope
from app.domain.day_words import weekday_date_from_iso
from app.domain.email_checks import THANK_YOU_DEADLINE, Check, can_mark_sent, word_count
from app.domain.eml import mailto_url
from app.domain.vocabulary import DraftKind
from app.services import contacts, drafts, meetings, notes, touches
from app.services.drafts import DraftSummary
from app.services.errors import NotFound, ValidationFailed
from app.settings import today
from app.state.keep_in_touch import save_keep_in_touch
from app.state.owner import current_owner_id

SEARCH_LIMIT = 20
NO_MEETING = "none"

STATUS_TEXT = {"pass": "Looks good", "warn": "Worth a look", "fail": "Needs a change"}
STATUS_ICON = {"pass": "circle-check", "warn": "circle-alert", "fail": "circle-x"}

NOT_FOUND_MESSAGE = "We couldn't find that. It may have been deleted; choose a contact to carry on."


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class CheckView:
    """One check as shown: an icon and a status word, so colour is never the only signal."""

    code: str
    label: str
    status: str
    status_text: str
    icon: str
    reason: str


def _check_view(check: Check) -> CheckView:
    return CheckView(
        code=check.code,
        label=check.label,
        status=check.status,
        status_text=STATUS_TEXT[check.status],
        icon=STATUS_ICON[check.status],
        reason=check.reason,
    )


class ComposeState(rx.State):
    """Only what the composer shows; every id from the browser goes through a service with the owner."""

    search: str = ""
    matches: list[Option] = rx.field(default_factory=list)
    searched: bool = False

    chosen_contact: int = 0
    contact_name: str = ""
    contact_email: str = ""
    contact_about: str = ""
    keep_months: str = "3"
    contact_meetings: list[Option] = rx.field(default_factory=list)
    meeting_choice: str = NO_MEETING
    kind: str = DraftKind.OUTREACH.value
    contact_drafts: list[DraftSummary] = rx.field(default_factory=list)

    draft_id: int = 0
    draft_kind_label: str = ""
    draft_meeting: int = 0
    subject: str = ""
    body: str = ""
    status: str = ""
    sent_on: str = ""
    checks: list[CheckView] = rx.field(default_factory=list)
    sendable: bool = False
    countdown: str = ""
    check_summary: str = ""
    words: int = 0
    mailto: str = ""
    saved_note: str = ""
    field_errors: dict[str, str] = rx.field(default_factory=dict)

    refusal: list[str] = rx.field(default_factory=list)
    # The kind of the draft in the editor; backend-only (leading underscore), never sent to the browser.
    _open_kind: str = ""
    follow_up_note: str = ""
    notice: str = ""

    @rx.var
    def clipboard_text(self) -> str:
        return f"Subject: {self.subject}\n\n{self.body}"

    @rx.var
    def is_sent(self) -> bool:
        return self.status == "sent"

    @rx.var
    def meeting_options(self) -> list[Option]:
        return [Option(NO_MEETING, "No meeting"), *self.contact_meetings]

    @rx.var
    def notes_href(self) -> str:
        return routes.meeting_notes_url(self.draft_meeting) if self.draft_meeting else ""

    # ---- loading ---------------------------------------------------------------------------

    def _clear_draft(self) -> None:
        self.draft_id = 0
        self.draft_kind_label = ""
        self.draft_meeting = 0
        self.subject = self.body = self.status = self.sent_on = ""
        self.checks = []
        self.sendable = False
        self.countdown = ""
        self.check_summary = ""
        self.words = 0
        self.mailto = ""
        self.saved_note = ""
        self.field_errors = {}
        self.refusal = []
        self.follow_up_note = ""

    def _clear_contact(self) -> None:
        self.chosen_contact = 0
        self.contact_name = self.contact_email = self.contact_about = ""
        self.keep_months = "3"
        self.contact_meetings = []
        self.meeting_choice = NO_MEETING
        self.contact_drafts = []
        self._clear_draft()

    def _load_contact(self, contact_id: object) -> None:
        """Raises NotFound for anything that is not this owner's live contact."""
        owner_id = current_owner_id(self)
        with session_scope() as session:
            detail = contacts.contact_detail(session, owner_id=owner_id, contact_id=contact_id, today=today())
            views = meetings.meetings_for_contact(
                session, owner_id=owner_id, contact_id=detail.id, today=today()
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
                f"{weekday_date_from_iso(view.on)}, {view.at}" + (" (held)" if view.status == "held" else ""),
            )
            for view in views
        ]
        self.contact_drafts = listed
        if latest and DraftKind(self.kind) in drafts.MEETING_KINDS:
            self.meeting_choice = str(latest)
        self.search = ""
        self.matches = []
        self.searched = False

    def _reload_drafts(self) -> None:
        with session_scope() as session:
            self.contact_drafts = drafts.list_drafts(
                session, owner_id=current_owner_id(self), contact_id=self.chosen_contact
            )

    def _open(self, draft_id: object) -> None:
        owner_id = current_owner_id(self)
        with session_scope() as session:
            view = drafts.get_draft(session, owner_id=owner_id, draft_id=draft_id)
        if view.contact_id != self.chosen_contact:
            self._load_contact(view.contact_id)
        self._clear_draft()
        self.draft_id = view.id
        self.kind = view.kind
        self.draft_kind_label = view.kind_label
        self._open_kind = view.kind
        self.draft_meeting = view.meeting_id
        if view.meeting_id:
            self.meeting_choice = str(view.meeting_id)
        self.subject = view.subject
        self.body = view.body
        self.status = view.status
        self.sent_on = weekday_date_from_iso(view.sent_on) if view.sent_on else ""
        self._refresh_checks()
        self._reload_drafts()
        if view.status == "sent" and view.kind == DraftKind.OUTREACH.value:
            with session_scope() as session:
                due = drafts.follow_up_due_on(
                    session, owner_id=current_owner_id(self), contact_id=view.contact_id, today=today()
                )
            if due:
                self.follow_up_note = f"Follow-up due on {weekday_date_from_iso(due)}"

    def _refresh_checks(self) -> None:
        with session_scope() as session:
            checks = drafts.draft_checks(session, owner_id=current_owner_id(self), draft_id=self.draft_id)
        # Most pressing first: what blocks sending, then advice, then what is already fine.
        ordered = sorted(checks, key=lambda check: ("fail", "warn", "pass").index(check.status))
        self.checks = [_check_view(check) for check in ordered]
        fails = sum(check.status == "fail" for check in checks)
        warns = sum(check.status == "warn" for check in checks)
        parts = [f"{fails} to change" if fails else "", f"{warns} worth a look" if warns else ""]
        self.check_summary = "Checks: " + (" · ".join(p for p in parts if p) or "every one looks good")
        self.sendable = can_mark_sent(checks)
        self.countdown = next((c.label for c in checks if c.code == THANK_YOU_DEADLINE), "")
        self.words = word_count(self.body)
        self.mailto = mailto_url(self.contact_email, self.subject, self.body) if self.contact_email else ""

    def _url(self) -> str:
        return routes.compose_url(self.chosen_contact or None, self.kind, draft_id=self.draft_id or None)

    def _remember_in_url(self) -> rx.event.EventSpec:
        # Keeps the address in step without a reload, so a reload (or a bookmark) finds this draft.
        return rx.call_script(f"window.history.replaceState(null, '', {self._url()!r})")

    @rx.event
    def load(self):  # type: ignore[no-untyped-def]
        params = self.router.url.query_parameters
        self.notice = ""
        self.search = ""
        self.matches = []
        self.searched = False
        self._clear_contact()
        kind = str(params.get("kind", ""))
        if kind not in {k.value for k in DraftKind}:
            kind = ""
        self.kind = kind or DraftKind.OUTREACH.value
        try:
            if params.get("draft"):
                self._load_contact(params.get("contact") or self._draft_contact(params["draft"]))
                self._open(params["draft"])
            elif params.get("contact"):
                self._load_contact(params["contact"])
                if params.get("meeting"):
                    self._set_meeting(params["meeting"])
                if kind:
                    self._write()
        except NotFound:
            self._clear_contact()
            self.notice = NOT_FOUND_MESSAGE

    def _draft_contact(self, draft_id: object) -> int:
        with session_scope() as session:
            return drafts.get_draft(session, owner_id=current_owner_id(self), draft_id=draft_id).contact_id

    # ---- choosing who and what ---------------------------------------------------------------

    @rx.event
    def search_contacts(self, value: str):  # type: ignore[no-untyped-def]
        self.search = str(value or "")[:100]
        query = self.search.strip()
        if not query:
            self.matches = []
            self.searched = False
            return
        with session_scope() as session:
            page = contacts.list_contacts(
                session, owner_id=current_owner_id(self), today=today(), query=query, per_page=SEARCH_LIMIT
            )
        self.matches = [
            Option(str(row.id), row.name + (f" · {row.organisation}" if row.organisation else ""))
            for row in page.rows
        ]
        self.searched = True

    @rx.event
    def choose_contact(self, contact_id: str):  # type: ignore[no-untyped-def]
        self.notice = ""
        try:
            self._load_contact(contact_id)
        except NotFound:
            self._clear_contact()
            self.notice = NOT_FOUND_MESSAGE
            return None
        return self._remember_in_url()

    @rx.event
    def change_contact(self):  # type: ignore[no-untyped-def]
        self._clear_contact()
        return rx.call_script(f"window.history.replaceState(null, '', {routes.COMPOSE!r})")

    @rx.event
    def set_kind(self, value: str) -> None:
        if str(value) not in {k.value for k in DraftKind}:
            return
        self.kind = str(value)
        if DraftKind(self.kind) in drafts.MEETING_KINDS and self.meeting_choice == NO_MEETING:
            try:
                with session_scope() as session:
                    latest = notes.latest_meeting_id(
                        session, owner_id=current_owner_id(self), contact_id=self.chosen_contact
                    )
            except NotFound:
                return
            if latest:
                self.meeting_choice = str(latest)
        self._follow_kind()

    def _follow_kind(self) -> None:
        """With a draft open, changing the kind shows that kind's open draft, or clears the editor so
        "Write the draft" starts one: the editor never shows a kind other than the one chosen."""
        if not self.draft_id or self.kind == self._open_kind:
            return
        try:
            with session_scope() as session:
                existing = drafts.open_draft_id(
                    session,
                    owner_id=current_owner_id(self),
                    contact_id=self.chosen_contact,
                    kind=self.kind,
                    meeting_id=self._meeting_arg(),
                )
            if existing:
                self._open(existing)
                return
        except NotFound:
            pass
        self._clear_draft()

    def _set_meeting(self, value: object) -> None:
        # Only one of this contact's meetings, as listed; anything else means "no meeting".
        value = str(value)
        self.meeting_choice = value if value in {o.value for o in self.contact_meetings} else NO_MEETING

    @rx.event
    def set_meeting(self, value: str) -> None:
        self._set_meeting(value)

    @rx.event
    def set_keep_months(self, value: str) -> None:
        chosen = save_keep_in_touch(self, self.chosen_contact, value)
        if chosen is not None:
            self.keep_months = chosen

    def _meeting_arg(self) -> int | None:
        return int(self.meeting_choice) if self.meeting_choice.isdigit() else None

    def _write(self, *, fresh: bool = False) -> None:
        with session_scope() as session:
            make = drafts.create_draft if fresh else drafts.open_or_create_draft
            draft_id = make(
                session,
                owner_id=current_owner_id(self),
                contact_id=self.chosen_contact,
                kind=self.kind,
                meeting_id=self._meeting_arg(),
            )
        self._open(draft_id)

    @rx.event
    def write_draft(self):  # type: ignore[no-untyped-def]
        return self._guarded(lambda: self._write())

    @rx.event
    def start_fresh(self):  # type: ignore[no-untyped-def]
        return self._guarded(lambda: self._write(fresh=True))

    @rx.event
    def open_draft(self, draft_id: str):  # type: ignore[no-untyped-def]
        return self._guarded(lambda: self._open(draft_id))

    def _guarded(self, action) -> rx.event.EventSpec | None:  # type: ignore[no-untyped-def]
        self.notice = ""
        try:
            action()
        except NotFound:
            self._clear_contact()
            self.notice = NOT_FOUND_MESSAGE
            return None
        except ValidationFailed as error:
            self.notice = " ".join(error.errors.values())
            return None
        return self._remember_in_url()

    # ---- writing -----------------------------------------------------------------------------

    def _save(self) -> None:
        if not self.draft_id or self.status == "sent":
            return
        self.refusal = []
        try:
            with session_scope() as session:
                drafts.save_draft(
                    session,
                    owner_id=current_owner_id(self),
                    draft_id=self.draft_id,
                    subject=self.subject,
                    body=self.body,
                )
        except NotFound:
            self._clear_contact()
            self.notice = NOT_FOUND_MESSAGE
            return
        except ValidationFailed as error:
            self.field_errors = error.errors
            self.saved_note = "Not saved yet: see the note beside the field."
            return
        self.field_errors = {}
        self.saved_note = "Saved"
        self._refresh_checks()

    @rx.event
    def edit_subject(self, value: str) -> None:
        self.subject = str(value or "")
        self._save()

    @rx.event
    def edit_body(self, value: str) -> None:
        self.body = str(value or "")
        self._save()

    # ---- handing over to the student's mail client -------------------------------------------

    @rx.event
    def download_eml(self):  # type: ignore[no-untyped-def]
        try:
            with session_scope() as session:
                data, filename = drafts.eml_file(
                    session, owner_id=current_owner_id(self), draft_id=self.draft_id
                )
        except NotFound:
            self.notice = NOT_FOUND_MESSAGE
            return None
        return rx.download(data=data, filename=filename, mime_type="message/rfc822")

    @rx.event
    def mark_sent(self):  # type: ignore[no-untyped-def]
        if not self.draft_id:
            return None
        self.refusal = []
        try:
            with session_scope() as session:
                result = drafts.mark_sent(
                    session, owner_id=current_owner_id(self), draft_id=self.draft_id, today=today()
                )
        except NotFound:
            self._clear_contact()
            self.notice = NOT_FOUND_MESSAGE
            return None
        except ValidationFailed as error:
            self.refusal = list(error.errors.values())
            self._refresh_checks()
            return None
        self._open(self.draft_id)
        if result.follow_up_due_on:
            self.follow_up_note = f"Follow-up due on {weekday_date_from_iso(result.follow_up_due_on)}"
        return rx.toast(f"Marked sent. {self.contact_name} moves along your pipeline.")
