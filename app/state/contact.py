"""The contact page's state: one contact's details, 3B7 status, timeline, meetings, and the logging forms."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

import reflex as rx
from reflex.event import EventSpec

from app import routes
from app.domain.day_words import day_label
from app.domain.eml import mailto_address
from app.domain.times import as_utc, utc_now
from app.domain.vcard import VCARD_MEDIA_TYPE
from app.domain.vocabulary import TOUCH_LABELS, DraftKind, MeetingStatus, Stage, TouchKind
from app.services import contacts as contact_service
from app.services import exporting, merging
from app.services import meetings as meeting_service
from app.services import touches as touch_service
from app.services.cards import next_due_by_contact
from app.services.contacts import ContactDetail
from app.services.errors import NotFound, ValidationFailed
from app.services.meetings import DEFAULT_MINUTES, MeetingCreate, MeetingView
from app.services.touches import EDITABLE_KINDS, SUMMARY_LIMIT, TimelineEntry
from app.state.base import PageState, as_id, as_text, if_missing

# What the "Log what happened" form offers; meetings have their own form, moves live on the board.
LOGGABLE: tuple[TouchKind, ...] = (
    TouchKind.OUTREACH_SENT,
    TouchKind.REPLY_RECEIVED,
    TouchKind.FOLLOW_UP_SENT,
    TouchKind.DECLINED,
    TouchKind.NOTE,
)
LOG_CHOICES: list[tuple[str, str]] = [(kind.value, TOUCH_LABELS[kind]) for kind in LOGGABLE]
# Together these keep the page's state well under Reflex's 1 MB message limit even when every
# touch carries a 10,000-character summary.
TIMELINE_LIMIT = 50
BODY_SHOWN = 4_000
# Inputs are capped before they reach state, a little above each rule's limit, so the service can
# still explain the limit beside the field instead of the text being cut silently.
TEXT_CAP = SUMMARY_LIMIT + 1_000
SHORT_CAP = 600
MEETING_GONE = "That meeting isn't here any more."
TOUCH_GONE = "That entry isn't here any more."

EMPTY_DETAIL = ContactDetail(
    id=0,
    name="",
    email="",
    linkedin_url="",
    phone="",
    organisation="",
    role="",
    source="",
    source_label="",
    is_local=False,
    notes="",
    stage=Stage.TO_CONTACT.value,
    stage_label="",
    referred_by_id=None,
    referred_by_name="",
    keep_in_touch_months=None,
    next_due_on="",
)


@dataclass(frozen=True)
class TimelineItem:
    """One touch as the timeline shows it: its date in words, and the email text if one was sent."""

    id: int
    kind: str
    label: str
    on: str
    on_label: str
    summary: str
    body: str
    # Whether its kind can be changed (what the log form offers); a sent email keeps its kind.
    kind_editable: bool


@dataclass(frozen=True)
class MeetingRow:
    """One meeting as the page lists it, with the words and links it needs already made."""

    id: int
    when: str
    duration: str
    place: str
    video_link: str
    status: str
    held: bool
    cancelled: bool
    prep_label: str
    brief_ready: bool
    prep_url: str
    # "Held", "Scheduled", "Presumed held" (its day has passed, unanswered), "Didn't happen".
    status_label: str = ""
    # Once its day has come: the notes and the thank-you draft, one click away.
    notes_url: str = ""
    thank_you_url: str = ""


def _status_label(view: MeetingView) -> str:
    if view.status == MeetingStatus.HELD:
        return "Held"
    if view.status == MeetingStatus.CANCELLED:
        return "Didn't happen" if view.in_past else "Cancelled"
    return "Presumed held" if view.in_past else "Scheduled"


def _safe_web_link(url: str) -> str:
    # Only web links become hrefs: a stored "javascript:" value must never be clickable.
    return url if url.startswith(("https://", "http://")) else ""


def _timeline_item(entry: TimelineEntry, now: date) -> TimelineItem:
    try:
        on_label = day_label(date.fromisoformat(entry.on), now)
    except ValueError:
        on_label = entry.on
    return TimelineItem(
        id=entry.id,
        kind=entry.kind,
        label=entry.label,
        on=entry.on,
        on_label=on_label,
        summary=entry.summary,
        body=entry.body if len(entry.body) <= BODY_SHOWN else entry.body[:BODY_SHOWN] + "… (shortened here)",
        kind_editable=entry.kind in {kind.value for kind in EDITABLE_KINDS},
    )


def _meeting_row(view: MeetingView, started: bool, now: date) -> MeetingRow:
    try:
        when = day_label(date.fromisoformat(view.on), now)
    except ValueError:
        when = view.on
    if view.brief_ready:
        prep = "Prep ready"
    elif started:
        prep = "Prep in progress"
    else:
        prep = "Prep not started"
    return MeetingRow(
        id=view.id,
        when=f"{when}, {view.at}" if view.at else when,
        duration=f"{view.duration_minutes} minutes",
        place=view.place,
        video_link=_safe_web_link(view.video_link),
        status=view.status,
        held=view.status == MeetingStatus.HELD,
        cancelled=view.status == MeetingStatus.CANCELLED,
        prep_label=prep,
        brief_ready=view.brief_ready,
        prep_url=routes.meeting_prep_url(view.id),
        status_label=_status_label(view),
        notes_url=routes.meeting_notes_url(view.id) if view.status != MeetingStatus.CANCELLED else "",
        thank_you_url=(
            routes.compose_url(view.contact_id, DraftKind.THANK_YOU, meeting_id=view.id)
            if view.status == MeetingStatus.HELD or (view.status == MeetingStatus.SCHEDULED and view.in_past)
            else ""
        ),
    )


class ContactState(PageState):
    """Holds only what the page shows for the contact in the URL; every read goes through a service."""

    loaded: bool = False
    found: bool = False
    # The id the page shows, as the service returned it: never the raw route value.
    shown_id: int = 0
    detail: ContactDetail = EMPTY_DETAIL
    status_text: str = ""
    # The latest merge into this contact that can still be undone: its id and what the page says.
    merge_id: int = 0
    merge_text: str = ""
    next_due_label: str = ""
    timeline: rx.Field[list[TimelineItem]] = rx.field(default_factory=list)
    meetings: rx.Field[list[MeetingRow]] = rx.field(default_factory=list)
    today_iso: str = ""

    log_kind: str = TouchKind.OUTREACH_SENT.value
    log_on: str = ""
    log_summary: str = ""
    log_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    # "You logged outreach to Maya a minute ago: log it again?", while it waits for an answer.
    repeat_question: str = ""

    # The timeline entry being corrected (0: none), and its form.
    editing_touch_id: int = 0
    edit_kind: str = ""
    edit_kind_editable: bool = True
    edit_on: str = ""
    edit_summary: str = ""
    edit_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    # "Deleted 'Outreach sent on Mon 2 Mar'." with Undo beside it.
    undo_text: str = ""
    # The Undo offered (app/services/touches.py keeps the entry as it was, so it survives a reload).
    _undo_id: int = 0

    meeting_on: str = ""
    meeting_at: str = ""
    meeting_minutes: str = str(DEFAULT_MINUTES)
    meeting_place: str = ""
    meeting_link: str = ""
    meeting_errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    meeting_message: str = ""
    scheduling: bool = False

    @rx.var
    def heading(self) -> str:
        return self.detail.name if self.found and self.detail.name else "Contact"

    @rx.var
    def subtitle(self) -> str:
        role, organisation = self.detail.role, self.detail.organisation
        if role and organisation:
            return f"{role} at {organisation}"
        return role or organisation

    @rx.var
    def email_href(self) -> str:
        return mailto_address(self.detail.email) if self.detail.email else ""

    @rx.var
    def linkedin_href(self) -> str:
        return _safe_web_link(self.detail.linkedin_url)

    @rx.var
    def referred_by_href(self) -> str:
        referrer = self.detail.referred_by_id
        return routes.contact_url(referrer) if referrer else ""

    @rx.var
    def outreach_href(self) -> str:
        return routes.compose_url(self.shown_id, DraftKind.OUTREACH.value)

    @rx.var
    def follow_up_href(self) -> str:
        return routes.compose_url(self.shown_id, DraftKind.FOLLOW_UP.value)

    @rx.var
    def thank_you_href(self) -> str:
        return routes.compose_url(self.shown_id, DraftKind.THANK_YOU.value)

    @rx.var
    def has_met_or_will(self) -> bool:
        return self.detail.stage in (
            Stage.MEETING_SCHEDULED.value,
            Stage.MET.value,
            Stage.THANKED.value,
            Stage.KEEPING_IN_TOUCH.value,
        )

    @rx.var
    def awaiting_reply(self) -> bool:
        return self.detail.stage in (Stage.REACHED_OUT.value, Stage.FOLLOW_UP_DUE.value)

    def _reset_forms(self) -> None:
        self.log_kind = TouchKind.OUTREACH_SENT.value
        self.log_on = self.today_iso
        self.log_summary = ""
        self.log_errors = {}
        self.repeat_question = ""
        self._reset_edit()
        self._reset_meeting_form()

    def _reset_edit(self) -> None:
        self.editing_touch_id = 0
        self.edit_kind = self.edit_on = self.edit_summary = ""
        self.edit_kind_editable = True
        self.edit_errors = {}

    def _reset_meeting_form(self) -> None:
        self.meeting_on = self.meeting_at = self.meeting_place = self.meeting_link = ""
        self.meeting_minutes = str(DEFAULT_MINUTES)
        self.meeting_errors = {}
        self.meeting_message = ""
        self.scheduling = False

    def _show_not_found(self) -> None:
        self.found = False
        self.shown_id = 0
        self.detail = EMPTY_DETAIL
        self.status_text = self.next_due_label = ""
        self.timeline = []
        self.meetings = []

    def _load(self, contact_id: object) -> None:
        """Reads everything the page shows; NotFound is raised before any of it is set."""
        clock = self._clock()
        now = clock.today
        self.today_iso = now.isoformat()
        owner_id = self._owner_id()
        self._catch_up(clock)
        with self._session() as session:
            detail = contact_service.contact_detail(
                session, owner_id=owner_id, contact_id=contact_id, today=now
            )
            # "Next due" from the card rule, as Today and the tracker show it.
            due = next_due_by_contact(session, owner_id=owner_id, contact_ids=[detail.id], clock=clock)
            detail = replace(detail, next_due_on=due.get(detail.id, ""))
            status = touch_service.follow_up_status(
                session, owner_id=owner_id, contact_id=detail.id, today=now
            )
            entries = touch_service.timeline(
                session, owner_id=owner_id, contact_id=detail.id, limit=TIMELINE_LIMIT
            )
            views = meeting_service.meetings_for_contact(
                session, owner_id=owner_id, contact_id=detail.id, today=now
            )
            ids = [view.id for view in views]
            started = meeting_service.briefs_started(session, owner_id=owner_id, meeting_ids=ids)
            merged = merging.undoable_merge_into(session, owner_id=owner_id, contact_id=detail.id)
            offer = touch_service.pending_undo(
                session, owner_id=owner_id, contact_id=detail.id, now=utc_now(), today=now
            )
        self.merge_id = merged.merge_id if merged else 0
        self.merge_text = (
            f"{merged.merged_name} was merged into this contact on "
            f"{day_label(as_utc(merged.merged_on).astimezone(clock.zone).date(), now, always_year=True)}."
            if merged
            else ""
        )
        self.found = True
        self.shown_id = detail.id
        self.detail = detail
        self.status_text = status
        try:
            self.next_due_label = day_label(date.fromisoformat(detail.next_due_on), now)
        except ValueError:
            self.next_due_label = ""
        self.timeline = [_timeline_item(entry, now) for entry in entries]
        self.meetings = [_meeting_row(view, view.id in started, now) for view in views]
        self.undo_text, self._undo_id = (offer.text, offer.id) if offer else ("", 0)

    def _finish_loading(self) -> None:
        self._reset_forms()
        self.loaded = True

    def _finish_not_found(self) -> None:
        # Said again with the final update, so the answer to a refused id is explicit in it.
        self._show_not_found()
        self._finish_loading()

    @rx.event
    @if_missing(then=lambda s: s._finish_not_found())
    def on_load(self) -> Iterator[None]:
        self.loaded = False
        self._show_not_found()
        self.today_iso = self._today().isoformat()
        yield
        self._load(self._route_param("contact_id"))
        self._finish_loading()

    @rx.event
    @if_missing(then=lambda s: s._show_not_found())
    def reload(self) -> None:
        """Reads the page again (after the contact was edited in the shared dialog)."""
        if self.found:
            self._load(self.shown_id)

    @rx.event
    def toggle_schedule_form(self) -> None:
        self.scheduling = not self.scheduling
        self.meeting_errors = {}
        self.meeting_message = ""

    # Form fields: auto setters are off, and every value is coerced and capped here.
    @rx.event
    def set_log_kind(self, value: str) -> None:
        if isinstance(value, str) and value in {kind.value for kind in LOGGABLE}:
            self.log_kind = value
        self.log_errors = {}

    @rx.event
    def set_log_on(self, value: str) -> None:
        self.log_on = as_text(value, 10)

    @rx.event
    def set_log_summary(self, value: str) -> None:
        self.log_summary = as_text(value, TEXT_CAP)

    @rx.event
    def set_meeting_on(self, value: str) -> None:
        self.meeting_on = as_text(value, 10)

    @rx.event
    def set_meeting_at(self, value: str) -> None:
        self.meeting_at = as_text(value, 5)

    @rx.event
    def set_meeting_minutes(self, value: str) -> None:
        self.meeting_minutes = as_text(value, 4)

    @rx.event
    def set_meeting_place(self, value: str) -> None:
        self.meeting_place = as_text(value, SHORT_CAP)

    @rx.event
    def set_meeting_link(self, value: str) -> None:
        self.meeting_link = as_text(value, SHORT_CAP)

    @rx.event
    @if_missing(then=lambda s: s._show_not_found())
    def log_touch(self) -> EventSpec | None:
        return self._log(confirmed=False)

    @rx.event
    @if_missing(then=lambda s: s._show_not_found())
    def log_again(self) -> EventSpec | None:
        """The answer "yes, log it again" to the repeat question."""
        if not self.repeat_question:
            return None
        return self._log(confirmed=True)

    @rx.event
    def keep_single(self) -> None:
        """The answer "no" to the repeat question: nothing is logged, the form keeps what was typed."""
        self.repeat_question = ""

    def _log(self, *, confirmed: bool) -> EventSpec | None:
        self.repeat_question = ""
        if not self.found:
            return None
        try:
            on = date.fromisoformat(self.log_on)
        except ValueError:
            self.log_errors = {"on": "Choose the date it happened."}
            return None
        label = TOUCH_LABELS.get(TouchKind(self.log_kind), "Touch")
        try:
            with self._session() as session:
                if not confirmed:
                    question = touch_service.repeated_touch(
                        session,
                        owner_id=self._owner_id(),
                        contact_id=self.shown_id,
                        kind=self.log_kind,
                        now=utc_now(),
                        zone=self._clock().zone,
                    )
                    if question:
                        self.repeat_question = question
                        self.log_errors = {}
                        return None
                touch_service.record_touch(
                    session,
                    owner_id=self._owner_id(),
                    contact_id=self.shown_id,
                    kind=self.log_kind,
                    on=on,
                    today=self._today(),
                    summary=self.log_summary,
                )
        except ValidationFailed as failed:
            self.log_errors = failed.errors
            return None
        self.log_errors = {}
        self.log_summary = ""
        self._load(self.shown_id)
        return rx.toast.success(f"Logged: {label}.")

    # ---- correcting the timeline --------------------------------------------------------------

    @rx.event
    @if_missing(toast=TOUCH_GONE)
    def start_edit(self, touch_id: int) -> None:
        if not self.found:
            return
        with self._session() as session:
            touch = touch_service.owned_touch(session, owner_id=self._owner_id(), touch_id=touch_id)
            if touch.contact_id != self.shown_id:
                return
            self.editing_touch_id = touch.id or 0
            self.edit_kind = touch.kind
            self.edit_on = touch.happened_on.isoformat()
            self.edit_summary = touch.summary
        self.edit_kind_editable = self.edit_kind in {kind.value for kind in EDITABLE_KINDS}
        self.edit_errors = {}

    @rx.event
    def cancel_edit(self) -> None:
        self._reset_edit()

    @rx.event
    def set_edit_kind(self, value: str) -> None:
        if self.edit_kind_editable and isinstance(value, str) and value in {k.value for k in LOGGABLE}:
            self.edit_kind = value

    @rx.event
    def set_edit_on(self, value: str) -> None:
        self.edit_on = as_text(value, 10)

    @rx.event
    def set_edit_summary(self, value: str) -> None:
        self.edit_summary = as_text(value, TEXT_CAP)

    @rx.event
    @if_missing(then=lambda s: s._gone_while_editing())
    def save_edit(self) -> EventSpec | None:
        if not self.found or not self.editing_touch_id:
            return None
        try:
            on = date.fromisoformat(self.edit_on)
        except ValueError:
            self.edit_errors = {"on": "Choose the date it happened."}
            return None
        try:
            with self._session() as session:
                touch = touch_service.owned_touch(
                    session, owner_id=self._owner_id(), touch_id=self.editing_touch_id
                )
                if touch.contact_id != self.shown_id:
                    return self._gone_while_editing()
                touch_service.edit_touch(
                    session,
                    owner_id=self._owner_id(),
                    touch_id=touch.id,
                    kind=self.edit_kind,
                    on=on,
                    summary=self.edit_summary,
                    today=self._today(),
                )
        except ValidationFailed as failed:
            self.edit_errors = failed.errors
            return None
        self._reset_edit()
        self._load(self.shown_id)
        return rx.call_script("setTimeout(() => document.getElementById('timeline-undo')?.focus(), 150)")

    def _gone_while_editing(self) -> EventSpec:
        self._reset_edit()
        self._load(self.shown_id)
        return rx.toast.info(TOUCH_GONE)

    @rx.event
    @if_missing(toast=TOUCH_GONE)
    def delete_entry(self, touch_id: int) -> EventSpec | None:
        if not self.found:
            return None
        owner_id = self._owner_id()
        with self._session() as session:
            touch = touch_service.owned_touch(session, owner_id=owner_id, touch_id=touch_id)
            if touch.contact_id != self.shown_id:
                return None
            deleted = touch_service.delete_touch(session, owner_id=owner_id, touch_id=touch.id)
        if self.editing_touch_id == deleted.id:
            self._reset_edit()
        self._load(self.shown_id)  # with the Undo the server now offers
        return rx.call_script("setTimeout(() => document.getElementById('timeline-undo')?.focus(), 150)")

    def _forget_deleted(self) -> None:
        self.undo_text = ""
        self._undo_id = 0

    @rx.event
    @if_missing(then=lambda s: s._forget_deleted())
    def dismiss_undo(self) -> None:
        if self.found and self._undo_id:
            with self._session() as session:
                touch_service.forget_undo(
                    session, owner_id=self._owner_id(), contact_id=self.shown_id, undo_id=self._undo_id
                )
        self._forget_deleted()

    @rx.event
    @if_missing(then=lambda s: s._forget_deleted(), toast="That entry can't be brought back.")
    def undo_delete(self) -> EventSpec | None:
        """Undo of the latest delete or correction, as the server kept it (after a reload too)."""
        if not self._undo_id or not self.found:
            return None
        with self._session() as session:
            touch_service.undo_change(
                session,
                owner_id=self._owner_id(),
                contact_id=self.shown_id,
                undo_id=self._undo_id,
                now=utc_now(),
            )
        self._forget_deleted()
        self._load(self.shown_id)
        return rx.toast.success("Entry restored.")

    @rx.event
    @if_missing(then=lambda s: s._show_not_found())
    def schedule_meeting(self) -> EventSpec | None:
        if not self.found:
            return None
        data = MeetingCreate(
            on=self.meeting_on,
            at=self.meeting_at,
            duration_minutes=self.meeting_minutes,
            place=self.meeting_place,
            video_link=self.meeting_link,
        )
        try:
            with self._session() as session:
                meeting_service.schedule_meeting(
                    session,
                    owner_id=self._owner_id(),
                    contact_id=self.shown_id,
                    data=data,
                    today=self._today(),
                )
        except ValidationFailed as failed:
            self.meeting_errors = failed.errors
            self.meeting_message = "A few details need a look before this can be saved."
            return None
        self._load(self.shown_id)
        self._reset_meeting_form()
        return rx.toast.success("Meeting scheduled. Prepare three good questions before you go.")

    @rx.event
    @if_missing(toast=MEETING_GONE)
    def mark_held(self, meeting_id: int) -> EventSpec | None:
        if not self.found:
            return None
        owner_id = self._owner_id()
        try:
            with self._session() as session:
                meeting = meeting_service.owned_meeting(
                    session, owner_id=owner_id, meeting_id=as_id(meeting_id)
                )
                if meeting.contact_id != self.shown_id or meeting.status != MeetingStatus.SCHEDULED:
                    return None
                clock = self._clock()
                meeting_service.mark_meeting_held(
                    session, owner_id=owner_id, meeting_id=meeting.id, today=clock.today, zone=clock.zone
                )
        except ValidationFailed:
            return rx.toast.info(MEETING_GONE)
        self._load(self.shown_id)
        return rx.toast.success("Marked as held. A thank-you within 24 hours leaves a good impression.")

    @rx.event
    @if_missing(toast=MEETING_GONE)
    def cancel_meeting(self, meeting_id: int) -> list[EventSpec] | EventSpec | None:
        """Calls a planned meeting off and hands over the file that takes it out of the calendar."""
        if not self.found:
            return None
        owner_id = self._owner_id()
        try:
            with self._session() as session:
                meeting = meeting_service.owned_meeting(
                    session, owner_id=owner_id, meeting_id=as_id(meeting_id)
                )
                if meeting.contact_id != self.shown_id:
                    return None
                meeting_service.cancel_meeting(
                    session, owner_id=owner_id, meeting_id=meeting.id, today=self._today()
                )
                text, filename = meeting_service.meeting_calendar_file(
                    session, owner_id=owner_id, meeting_id=meeting.id
                )
        except ValidationFailed as refused:
            return rx.toast.info(next(iter(refused.errors.values()), MEETING_GONE))
        self._load(self.shown_id)
        return [
            rx.download(data=text, filename=filename, mime_type="text/calendar"),
            rx.toast.info("Meeting cancelled. Open the downloaded file to take it out of your calendar."),
        ]

    @rx.var
    def merge_href(self) -> str:
        return routes.merge_url(self.shown_id)

    @rx.event
    def undo_merge(self) -> EventSpec | None:
        """Splits the last merge into this contact back into the two contacts it was."""
        if not self.found or not self.merge_id:
            return None
        try:
            with self._session() as session:
                merged_id = merging.undo_merge(session, owner_id=self._owner_id(), merge_id=self.merge_id)
        except NotFound:
            self._load(self.shown_id)
            return None
        except ValidationFailed as refused:
            self._load(self.shown_id)
            return rx.toast.info(" ".join(refused.errors.values()))
        self._load(self.shown_id)
        return rx.toast.success(
            f"Merge undone: {self._name_of(merged_id)} is back as a contact of their own."
        )

    def _name_of(self, contact_id: int) -> str:
        with self._session() as session:
            contact = contact_service.owned_contact(session, owner_id=self._owner_id(), contact_id=contact_id)
            return contact.name

    @rx.event
    def download_vcard(self) -> EventSpec | None:
        """This contact as a vCard 3.0 file, for a phone or mail client."""
        if not self.found:
            return None
        with self._session() as session:
            text = exporting.contacts_vcard(session, owner_id=self._owner_id(), contact_id=self.shown_id)
        slug = "-".join(self.detail.name.casefold().split())[:40] or "contact"
        return rx.download(data=text.encode("utf-8"), filename=f"{slug}.vcf", mime_type=VCARD_MEDIA_TYPE)

    @rx.event
    @if_missing(toast=MEETING_GONE)
    def download_calendar_file(self, meeting_id: int) -> EventSpec | None:
        with self._session() as session:
            text, filename = meeting_service.meeting_calendar_file(
                session, owner_id=self._owner_id(), meeting_id=as_id(meeting_id)
            )
        return rx.download(data=text, filename=filename, mime_type="text/calendar")
