"""The composer's data: drafts filled from the templates and the student's records, saved, checked, sent."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from app.domain.day_words import short_date, weekday_date
from app.domain.email_checks import Check, apply_suggestion, can_mark_sent, check_email
from app.domain.eml import build_eml
from app.domain.note_fitting import NoteSlot, fit_note
from app.domain.pipeline import follow_up_plan
from app.domain.templates import render_draft
from app.domain.text_digest import text_digest
from app.domain.times import as_utc, utc_now
from app.domain.updates import UNSET, sent_fields
from app.domain.vocabulary import DraftKind, DraftStatus, MeetingStatus, Source, TouchKind
from app.domain.words import first_name
from app.migrate import LOCAL_USER_NAME
from app.models import Brief, BriefQuestion, Contact, Draft, DraftVersion, Meeting, Organisation, User
from app.services import about_me
from app.services.contacts import owned_contact
from app.services.errors import NotFound, ValidationFailed
from app.services.ids import record_id
from app.services.meetings import owned_meeting
from app.services.outreach_marks import overlap_for_contact
from app.services.touches import facts_for, meeting_ended_at, record_touch

SUBJECT_LIMIT = 500
BODY_LIMIT = 20_000
LIST_LIMIT = 20

KIND_LABELS: dict[DraftKind, str] = {
    DraftKind.OUTREACH: "Outreach (5-Point Email)",
    DraftKind.FOLLOW_UP: "Follow-up",
    DraftKind.THANK_YOU: "Thank-you",
    DraftKind.REPORT_BACK: "Report-back",
    DraftKind.KEEP_IN_TOUCH: "Keep in touch",
}

# Marking a draft sent records this touch; the pipeline moves the contact on from it.
SENT_TOUCH: dict[DraftKind, TouchKind] = {
    DraftKind.OUTREACH: TouchKind.OUTREACH_SENT,
    DraftKind.FOLLOW_UP: TouchKind.FOLLOW_UP_SENT,
    DraftKind.THANK_YOU: TouchKind.THANK_YOU_SENT,
    DraftKind.REPORT_BACK: TouchKind.REPORT_BACK_SENT,
    DraftKind.KEEP_IN_TOUCH: TouchKind.KEEP_IN_TOUCH_SENT,
}

# Kinds written about a meeting: the composer offers the contact's latest meeting for them.
MEETING_KINDS: frozenset[DraftKind] = frozenset({DraftKind.THANK_YOU, DraftKind.REPORT_BACK})

# How the student is connected, read after "As a" in the templates; each holds a word the
# connection-first check recognises. "Other" has no good wording, so it stays a visible gap.
CONNECTION_BY_SOURCE: dict[str, str] = {
    Source.ALUMNI.value: "fellow alum",
    Source.LINKEDIN_GROUP.value: "fellow member of our LinkedIn group",
    Source.LOCAL.value: "fellow member of the local community",
    Source.EVENT.value: "fellow attendee at a recent event",
}

NOTES_FIELDS: tuple[str, ...] = (
    "notes_trends",
    "notes_insights",
    "notes_advice",
    "notes_resources",
    "notes_assignments",
)


@dataclass(frozen=True)
class DraftView:
    """One draft as the composer shows it."""

    id: int
    contact_id: int
    meeting_id: int
    kind: str
    kind_label: str
    subject: str
    body: str
    status: str
    sent_on: str
    updated: str


@dataclass(frozen=True)
class DraftSummary:
    """A line in the list of a contact's drafts."""

    id: int
    kind: str
    kind_label: str
    subject: str
    status: str
    updated: str


@dataclass(frozen=True)
class SentResult:
    touch_id: int
    # ISO date the 3B7 follow-up falls due, for outreach; "" for other kinds.
    follow_up_due_on: str


def _kind(kind: object) -> DraftKind:
    try:
        return DraftKind(str(kind))
    except ValueError:
        raise ValidationFailed({"kind": "Choose which email to write."}) from None


def _owned_draft(session: Session, owner_id: int, draft_id: object) -> Draft:
    draft = session.get(Draft, record_id(draft_id, "draft"))
    if draft is None or draft.owner_id != owner_id:
        raise NotFound("draft")
    # A deleted contact takes its drafts out of sight with it.
    owned_contact(session, owner_id=owner_id, contact_id=draft.contact_id)
    return draft


def _meeting_for(session: Session, owner_id: int, contact: Contact, meeting_id: object) -> Meeting | None:
    if meeting_id in (None, "", 0, "0"):
        return None
    meeting = owned_meeting(session, owner_id=owner_id, meeting_id=meeting_id)
    if meeting.contact_id != contact.id:
        raise NotFound("meeting")
    return meeting


def _connection(session: Session, contact: Contact) -> str | None:
    if contact.source == Source.REFERRED.value:
        referrer = session.get(Contact, contact.referred_by_id) if contact.referred_by_id else None
        name = (
            first_name(referrer.name)
            if referrer is not None and referrer.owner_id == contact.owner_id
            else ""
        )
        return f"student {name} referred to you" if name else "student referred to you"
    return CONNECTION_BY_SOURCE.get(contact.source)


def _student_name(session: Session, owner_id: int) -> str | None:
    user = session.get(User, owner_id)
    name = user.display_name.strip() if user else ""
    # Local mode's placeholder name would sign the email "You": leave the gap instead.
    return name if name and name != LOCAL_USER_NAME else None


def _questions(session: Session, meeting: Meeting) -> list[str]:
    brief = session.exec(select(Brief).where(Brief.meeting_id == meeting.id)).first()
    if brief is None:
        return []
    rows = session.exec(
        select(BriefQuestion).where(BriefQuestion.brief_id == brief.id).order_by(col(BriefQuestion.position))
    ).all()
    return [row.text for row in rows]


def draft_values(
    session: Session, *, owner_id: int, contact: Contact, meeting: Meeting | None
) -> dict[str, str | None]:
    """What the templates' placeholders hold for this contact; None wherever nothing is recorded."""
    organisation = session.get(Organisation, contact.organisation_id) if contact.organisation_id else None
    values: dict[str, str | None] = {
        "contact_first_name": first_name(contact.name) or None,
        "contact_name": contact.name or None,
        "contact_role": contact.role or None,
        "organisation": organisation.name if organisation else None,
        "connection": _connection(session, contact),
        "student_name": _student_name(session, owner_id),
        "student_program": None,
        "interest": None,
        "meeting_date": None,
        "learned": None,
        "next_step": None,
        "advice_taken": None,
        "reason": None,
        "question_1": None,
        "question_2": None,
        "question_3": None,
    }
    if meeting is not None:
        names = [contact.name, organisation.name if organisation else ""]

        def _first_line(text: str, slot: NoteSlot = NoteSlot.ANY) -> str | None:
            return fit_note(text, names, slot)

        values["meeting_date"] = weekday_date(meeting.starts_on, comma=True, year=False)
        values["learned"] = _first_line(meeting.notes_insights) or _first_line(meeting.notes_advice)
        values["next_step"] = _first_line(meeting.notes_assignments, NoteSlot.PLAN)
        values["advice_taken"] = _first_line(meeting.notes_advice, NoteSlot.ADVICE)
        for position, text in enumerate(_questions(session, meeting)[:3], start=1):
            values[f"question_{position}"] = text or None
    about = about_me.template_values(about_me.get_about_me(session, owner_id=owner_id))
    for name, value in about.items():
        if value is not None or name not in values:
            values[name] = value if value is not None else values.get(name)
    return values


def _short_date(moment: datetime | None) -> str:
    """The day, like "27 Nov 2026": enough in a list, and no UTC clock time to puzzle over."""
    if moment is None:
        return ""
    return short_date(as_utc(moment).date())


def _view(draft: Draft) -> DraftView:
    kind = DraftKind(draft.kind)
    return DraftView(
        id=draft.id or 0,
        contact_id=draft.contact_id,
        meeting_id=draft.meeting_id or 0,
        kind=kind.value,
        kind_label=KIND_LABELS[kind],
        subject=draft.subject,
        body=draft.body,
        status=draft.status,
        sent_on=draft.sent_at.date().isoformat() if draft.sent_at else "",
        updated=_short_date(draft.updated_at),
    )


def create_draft(
    session: Session, *, owner_id: int, contact_id: object, kind: object, meeting_id: object = None
) -> int:
    """A new draft of `kind` for the contact, filled from the template and what is recorded."""
    draft_kind = _kind(kind)
    contact = owned_contact(session, owner_id=owner_id, contact_id=contact_id)
    meeting = _meeting_for(session, owner_id, contact, meeting_id)
    values = draft_values(session, owner_id=owner_id, contact=contact, meeting=meeting)
    subject, body = render_draft(draft_kind, values)
    assert contact.id is not None  # a stored row
    draft = Draft(
        owner_id=owner_id,
        contact_id=contact.id,
        meeting_id=meeting.id if meeting else None,
        kind=draft_kind.value,
        subject=subject[:SUBJECT_LIMIT],
        body=body,
        filled_body=body,
    )
    session.add(draft)
    session.flush()
    assert draft.id is not None
    return draft.id


def open_draft_id(
    session: Session, *, owner_id: int, contact_id: object, kind: object, meeting_id: object = None
) -> int:
    """The contact's latest unsent draft of `kind` (for the same meeting), or 0 when there is none."""
    draft_kind = _kind(kind)
    contact = owned_contact(session, owner_id=owner_id, contact_id=contact_id)
    meeting = _meeting_for(session, owner_id, contact, meeting_id)
    same_meeting = (
        col(Draft.meeting_id) == meeting.id if meeting is not None else col(Draft.meeting_id).is_(None)
    )
    existing = session.exec(
        select(Draft.id)
        .where(
            Draft.owner_id == owner_id,
            Draft.contact_id == contact.id,
            Draft.kind == draft_kind.value,
            Draft.status == DraftStatus.DRAFT,
            same_meeting,
        )
        .order_by(col(Draft.updated_at).desc(), col(Draft.id).desc())
    ).first()
    return existing or 0


def open_or_create_draft(
    session: Session, *, owner_id: int, contact_id: object, kind: object, meeting_id: object = None
) -> int:
    """The contact's latest unsent draft of `kind` (for the same meeting), or a new one."""
    existing = open_draft_id(
        session, owner_id=owner_id, contact_id=contact_id, kind=kind, meeting_id=meeting_id
    )
    if existing:
        return existing
    return create_draft(session, owner_id=owner_id, contact_id=contact_id, kind=kind, meeting_id=meeting_id)


def _fill(session: Session, owner_id: int, draft: Draft) -> tuple[str, str]:
    contact = owned_contact(session, owner_id=owner_id, contact_id=draft.contact_id)
    meeting = session.get(Meeting, draft.meeting_id) if draft.meeting_id else None
    values = draft_values(session, owner_id=owner_id, contact=contact, meeting=meeting)
    return render_draft(DraftKind(draft.kind), values)


def _keep_version(session: Session, owner_id: int, draft: Draft) -> None:
    assert draft.id is not None
    session.add(DraftVersion(owner_id=owner_id, draft_id=draft.id, subject=draft.subject, body=draft.body))


def reset_draft(session: Session, *, owner_id: int, draft_id: object) -> None:
    """Fills the draft again from the template; its text before is kept as a version for undo."""
    draft = _owned_draft(session, owner_id, draft_id)
    if draft.status == DraftStatus.SENT:
        raise ValidationFailed({"draft": "This email is marked sent, so it's kept exactly as it went."})
    _keep_version(session, owner_id, draft)
    subject, body = _fill(session, owner_id, draft)
    draft.subject, draft.body, draft.filled_body = subject[:SUBJECT_LIMIT], body, body
    draft.updated_at = utc_now()
    session.add(draft)
    session.flush()


def version_count(session: Session, *, owner_id: int, draft_id: object) -> int:
    draft = _owned_draft(session, owner_id, draft_id)
    return len(session.exec(select(DraftVersion.id).where(DraftVersion.draft_id == draft.id)).all())


def undo_reset(session: Session, *, owner_id: int, draft_id: object) -> bool:
    """Puts back the latest kept version (and forgets it); False when there is none to restore."""
    draft = _owned_draft(session, owner_id, draft_id)
    if draft.status == DraftStatus.SENT:
        raise ValidationFailed({"draft": "This email is marked sent, so it's kept exactly as it went."})
    version = session.exec(
        select(DraftVersion)
        .where(DraftVersion.draft_id == draft.id, DraftVersion.owner_id == owner_id)
        .order_by(col(DraftVersion.id).desc())
    ).first()
    if version is None:
        return False
    draft.subject, draft.body = version.subject, version.body
    draft.updated_at = utc_now()
    session.add(draft)
    session.delete(version)
    session.flush()
    return True


def notes_changed(session: Session, *, owner_id: int, draft_id: object) -> bool:
    """True when an edited thank-you no longer matches what the notes would now fill: offer an update."""
    draft = _owned_draft(session, owner_id, draft_id)
    if draft.status == DraftStatus.SENT or draft.kind not in MEETING_KINDS:
        return False
    return _fill(session, owner_id, draft)[1] != draft.filled_body


def follow_notes(session: Session, *, owner_id: int, draft_id: object) -> None:
    """An unedited thank-you follows the notes; an edited one is left for "Update from notes"."""
    draft = _owned_draft(session, owner_id, draft_id)
    if draft.status == DraftStatus.SENT or draft.kind not in MEETING_KINDS or draft.body != draft.filled_body:
        return
    body = _fill(session, owner_id, draft)[1]
    if body != draft.body:
        draft.body = draft.filled_body = body
        session.add(draft)
        session.flush()


def update_from_notes(session: Session, *, owner_id: int, draft_id: object) -> None:
    """Replaces an edited thank-you's body from the notes as they are now, keeping its subject; the text
    before is kept as a version, so "Undo" brings it back."""
    draft = _owned_draft(session, owner_id, draft_id)
    if draft.status == DraftStatus.SENT:
        raise ValidationFailed({"draft": "This email is marked sent, so it's kept exactly as it went."})
    if draft.kind not in MEETING_KINDS:
        raise ValidationFailed({"draft": "Only emails about a meeting follow its notes."})
    _keep_version(session, owner_id, draft)
    body = _fill(session, owner_id, draft)[1]
    draft.body = draft.filled_body = body
    draft.updated_at = utc_now()
    session.add(draft)
    session.flush()


def get_draft(session: Session, *, owner_id: int, draft_id: object) -> DraftView:
    return _view(_owned_draft(session, owner_id, draft_id))


def list_drafts(
    session: Session, *, owner_id: int, contact_id: object, limit: int = LIST_LIMIT
) -> list[DraftSummary]:
    """The contact's drafts, most recently edited first."""
    contact = owned_contact(session, owner_id=owner_id, contact_id=contact_id)
    drafts = session.exec(
        select(Draft)
        .where(Draft.owner_id == owner_id, Draft.contact_id == contact.id)
        .order_by(col(Draft.updated_at).desc(), col(Draft.id).desc())
        .limit(limit)
    ).all()
    return [
        DraftSummary(
            id=view.id,
            kind=view.kind,
            kind_label=view.kind_label,
            subject=view.subject,
            status=view.status,
            updated=f"Sent {_short_date(draft.sent_at)}"
            if view.status == DraftStatus.SENT
            else f"Edited {view.updated}",
        )
        for draft, view in zip(drafts, map(_view, drafts), strict=True)
    ]


@dataclass(frozen=True)
class DraftUpdate:
    """What the student changed in a draft, and only that: editing the body never writes the subject.

    Values are as the client sent them (any type); `update_draft` checks each one it is given.
    """

    subject: object = UNSET
    body: object = UNSET
    # The meeting the draft is about: one of the contact's, or None / 0 for none.
    meeting_id: object = UNSET

    def fields(self) -> frozenset[str]:
        """The names of the fields this update writes."""
        return frozenset(sent_fields(self))


TEXT_LIMITS: dict[str, tuple[int, str]] = {
    "subject": (SUBJECT_LIMIT, f"Keep the subject under {SUBJECT_LIMIT} characters."),
    "body": (BODY_LIMIT, f"Keep the email under {BODY_LIMIT:,} characters."),
}


class EditConflict(Exception):
    """A field was changed elsewhere (another tab) since the editor last saw it: nothing was written."""

    def __init__(self, saved_digests: dict[str, str]) -> None:
        super().__init__("changed elsewhere: " + ", ".join(saved_digests))
        self.saved_digests = saved_digests


def update_draft(
    session: Session,
    *,
    owner_id: int,
    draft_id: object,
    changes: DraftUpdate,
    expected_digests: dict[str, str] | None = None,
) -> None:
    """Writes the fields in `changes` and leaves every other as stored; a sent draft stays as it was sent.

    With `expected_digests` (what the editor last knew each field held), a field the database holds
    differently now is not overwritten: EditConflict says what it holds.
    """
    draft = _owned_draft(session, owner_id, draft_id)
    if expected_digests is not None:
        stale: dict[str, str] = {
            name: text_digest(getattr(draft, name))
            for name in ("subject", "body")
            if getattr(changes, name) is not UNSET
            and name in expected_digests
            and text_digest(getattr(draft, name)) != expected_digests[name]
            and getattr(draft, name) != getattr(changes, name)
        }
        if stale:
            raise EditConflict(stale)
    if draft.status == DraftStatus.SENT:
        raise ValidationFailed({"draft": "This email is marked sent, so it's kept exactly as it went."})
    errors: dict[str, str] = {}
    texts: dict[str, str] = {}
    for name, (limit, too_long) in TEXT_LIMITS.items():
        value = getattr(changes, name)
        if value is UNSET:
            continue
        if not isinstance(value, str):
            errors[name] = "Write it as plain text."
        elif len(value) > limit:
            errors[name] = too_long
        else:
            texts[name] = value
    if errors:
        raise ValidationFailed(errors)
    if changes.meeting_id is not UNSET:
        contact = owned_contact(session, owner_id=owner_id, contact_id=draft.contact_id)
        meeting = _meeting_for(session, owner_id, contact, changes.meeting_id)
        draft.meeting_id = meeting.id if meeting else None
    for name, text in texts.items():
        setattr(draft, name, text)
    draft.updated_at = utc_now()
    session.add(draft)


def save_draft(session: Session, *, owner_id: int, draft_id: object, subject: object, body: object) -> None:
    """Both texts at once, as the browser tests seed a draft; see `update_draft`."""
    update_draft(
        session, owner_id=owner_id, draft_id=draft_id, changes=DraftUpdate(subject=subject, body=body)
    )


def _checks(session: Session, draft: Draft, now: datetime) -> list[Check]:
    contact = session.get(Contact, draft.contact_id)
    meeting = session.get(Meeting, draft.meeting_id) if draft.meeting_id else None
    ended_at = None
    keywords: list[str] = []
    if meeting is not None:
        if meeting.status == MeetingStatus.HELD:
            ended_at = meeting_ended_at(meeting)
        keywords = [getattr(meeting, name) for name in NOTES_FIELDS if getattr(meeting, name).strip()]
    return check_email(
        DraftKind(draft.kind),
        draft.subject,
        draft.body,
        contact_name=contact.name if contact else "",
        meeting_ended_at=ended_at,
        now=now,
        notes_keywords=keywords,
    )


def draft_checks(
    session: Session, *, owner_id: int, draft_id: object, now: datetime | None = None
) -> list[Check]:
    """The composer's checks on the draft as saved."""
    return _checks(session, _owned_draft(session, owner_id, draft_id), now or utc_now())


def use_suggestion(session: Session, *, owner_id: int, draft_id: object, code: object) -> DraftView:
    """Swaps the sentence a check flags for the rewrite it offers, judged on the draft as saved.

    The text comes from the rule, never from the browser; a check with nothing to offer changes nothing.
    """
    draft = _owned_draft(session, owner_id, draft_id)
    check = next((c for c in _checks(session, draft, utc_now()) if c.code == code and c.suggestion), None)
    if check is not None:
        subject, body = apply_suggestion(draft.subject, draft.body, check)
        changes = DraftUpdate(subject=subject, body=body)
        update_draft(session, owner_id=owner_id, draft_id=draft.id, changes=changes)
    return _view(draft)


CONFIRM_CLASSMATES = (
    "Several classmates wrote to this person this month. Tick the box to say you still want to, "
    "then mark it sent."
)


def mark_sent(
    session: Session,
    *,
    owner_id: int,
    draft_id: object,
    today: date,
    now: datetime | None = None,
    confirmed_classmates: bool = False,
) -> SentResult:
    """Records the sent email as a touch with its final text; refused while a check fails, and (outreach
    to someone at least N classmates wrote to this month) until the student confirms."""
    draft = _owned_draft(session, owner_id, draft_id)
    if draft.status == DraftStatus.SENT:
        raise ValidationFailed({"draft": "This email is already marked sent."})
    now = now or utc_now()
    checks = _checks(session, draft, now)
    if not can_mark_sent(checks):
        raise ValidationFailed({check.code: check.reason for check in checks if check.status == "fail"})
    kind = DraftKind(draft.kind)
    if kind is DraftKind.OUTREACH and confirmed_classmates is not True:
        overlap = overlap_for_contact(session, owner_id=owner_id, contact_id=draft.contact_id, now=now)
        if overlap.needs_confirm:
            raise ValidationFailed({"classmates": CONFIRM_CLASSMATES})
    touch_id = record_touch(
        session,
        owner_id=owner_id,
        contact_id=draft.contact_id,
        kind=SENT_TOUCH[kind].value,
        on=today,
        today=today,
        summary=draft.subject,
        body=draft.body,
        meeting_id=draft.meeting_id,
    )
    draft.status = DraftStatus.SENT
    draft.sent_at = now
    draft.updated_at = now
    session.add(draft)
    follow_up = ""
    if kind is DraftKind.OUTREACH:
        plan = follow_up_plan(facts_for(session, draft.contact_id), today)
        follow_up = plan.follow_up_due_on.isoformat() if plan.follow_up_due_on else ""
    return SentResult(touch_id=touch_id, follow_up_due_on=follow_up)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "contact"


def eml_file(session: Session, *, owner_id: int, draft_id: object) -> tuple[bytes, str]:
    """The draft as an `.eml` the student's mail client opens unsent, and a file name for it."""
    draft = _owned_draft(session, owner_id, draft_id)
    contact = owned_contact(session, owner_id=owner_id, contact_id=draft.contact_id)
    data = build_eml(to=contact.email, subject=draft.subject, body=draft.body)
    return data, f"{draft.kind.replace('_', '-')}-{_slug(contact.name)}.eml"


def follow_up_due_on(session: Session, *, owner_id: int, contact_id: object, today: date) -> str:
    """When the 3B7 follow-up falls due for the contact's unanswered outreach, or ""."""
    contact = owned_contact(session, owner_id=owner_id, contact_id=contact_id)
    plan = follow_up_plan(facts_for(session, contact.id or 0), today)
    return plan.follow_up_due_on.isoformat() if plan.follow_up_due_on and plan.quiet_on is None else ""
