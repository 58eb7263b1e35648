"""Meeting briefs: the prep wizard's work, saved field by field, checked for readiness, for one owner."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Literal

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.domain import brief_rules
from app.domain.brief_rules import BriefContent, padded_questions
from app.domain.question_bank import QUESTION_BANK, tiara_nudge
from app.domain.questions import check_questions
from app.domain.times import utc_now
from app.domain.updates import UNSET, Unset, sent_fields
from app.domain.vocabulary import TIARA_LABELS, Tiara
from app.models import Brief, BriefQuestion, Contact, Meeting, Organisation
from app.services.errors import NotFound, ValidationFailed
from app.services.ids import whole_number
from app.services.meetings import MeetingUpdate, owned_meeting, update_meeting

# The brief's own notes, saved as typed.
TEXT_FIELDS = (
    "person_role",
    "person_path",
    "person_reading",
    "org_what",
    "org_news",
    "org_trends",
    "closing_plan",
)
# The meeting's logistics, editable from the wizard.
MEETING_FIELDS = ("on", "at", "duration_minutes", "place", "video_link")
# Beyond this a paste is refused outright rather than stored; under it, a long note is kept and
# the student is asked to shorten it (brief_rules.FIELD_LIMITS).
STORE_LIMIT = 20_000
SLOTS = 3


# A field the wizard did not send: left exactly as it is saved.
Sent = str | Literal[Unset.UNSET]


@dataclass(frozen=True)
class BriefUpdate:
    """The fields of a brief and its meeting that the wizard sent, each as typed; only these change.

    The wizard autosaves field by field, so an update that rewrote every field would put back a
    stale value typed in another tab; an UNSET field is never touched.
    """

    person_role: Sent = UNSET
    person_path: Sent = UNSET
    person_reading: Sent = UNSET
    org_what: Sent = UNSET
    org_news: Sent = UNSET
    org_trends: Sent = UNSET
    closing_plan: Sent = UNSET
    travel_minutes: Sent = UNSET
    on: Sent = UNSET
    at: Sent = UNSET
    duration_minutes: Sent = UNSET
    place: Sent = UNSET
    video_link: Sent = UNSET

    @classmethod
    def of(cls, field: object, value: object) -> BriefUpdate:
        """One field as the browser sends it; ValidationFailed for a name that is not the brief's."""
        if not isinstance(field, str) or field not in FIELDS:
            raise ValidationFailed({"field": "That field is not part of the brief."})
        return cls(**{field: _as_text(value)})

    def sent(self) -> dict[str, str]:
        return sent_fields(self)


# Every field the wizard may save, in the order the page shows them.
FIELDS: tuple[str, ...] = tuple(field.name for field in fields(BriefUpdate))


@dataclass(frozen=True)
class BriefView:
    """What the wizard shows of one brief and its meeting: plain values, safe to send to the browser."""

    meeting_id: int
    contact_id: int
    contact_name: str
    organisation: str
    on: str
    at: str
    duration_minutes: int
    place: str
    video_link: str
    in_past: bool
    person_role: str
    person_path: str
    person_reading: str
    org_what: str
    org_news: str
    org_trends: str
    questions: tuple[str, str, str]
    letters: tuple[str, str, str]  # Tiara values, "" for none
    travel_minutes: str  # as typed back into a field: "" when not given
    closing_plan: str
    current_step: int
    is_ready: bool
    shared_with_advisor: bool = False


@dataclass(frozen=True)
class BriefStatus:
    """Where the brief stands: which steps are complete and why not, the question problems, the times."""

    steps_complete: tuple[bool, ...]  # steps 1 to 5
    gaps: dict[int, list[str]]  # steps 1 to 4
    question_problems: tuple[tuple[str, ...], ...]  # one tuple per slot
    question_suggestions: tuple[str, ...]  # per slot, a question that could replace it ("" for none)
    set_problems: tuple[str, ...]  # about the three questions as a whole
    long_fields: dict[str, str]  # field (or "question_1".."question_3") -> note
    nudge: str
    leave_by: str
    end_by: str
    is_ready: bool


@dataclass(frozen=True)
class FinishResult:
    ready: bool
    first_failing_step: int | None
    reasons: tuple[str, ...]  # each prefixed with its step's title
    status: BriefStatus


def _find_brief(session: Session, meeting: Meeting) -> Brief | None:
    return session.exec(select(Brief).where(Brief.meeting_id == meeting.id)).first()


def _brief(session: Session, meeting: Meeting) -> Brief:
    """The meeting's brief, made on first use with the contact's role filled in."""
    brief = _find_brief(session, meeting)
    if brief is not None:
        if brief.owner_id != meeting.owner_id:
            raise NotFound("meeting")
        return brief
    contact = session.get(Contact, meeting.contact_id)
    role = contact.role if contact else ""
    assert meeting.id is not None  # a stored row
    brief = Brief(owner_id=meeting.owner_id, meeting_id=meeting.id, person_role=role)
    try:
        # A second tab may make the same brief at the same moment: the unique meeting_id keeps one.
        with session.begin_nested():
            session.add(brief)
            session.flush()
    except IntegrityError:
        found = _find_brief(session, meeting)
        if found is None:
            raise
        return found
    return brief


def _owned(session: Session, owner_id: int, meeting_id: object) -> tuple[Meeting, Brief]:
    meeting = owned_meeting(session, owner_id=owner_id, meeting_id=meeting_id)
    return meeting, _brief(session, meeting)


def _question_rows(session: Session, brief: Brief) -> dict[int, BriefQuestion]:
    rows = session.exec(
        select(BriefQuestion).where(BriefQuestion.brief_id == brief.id).order_by(col(BriefQuestion.position))
    ).all()
    return {row.position: row for row in rows if 0 <= row.position < SLOTS}


def _questions(session: Session, brief: Brief) -> tuple[tuple[str, str, str], tuple[str, str, str]]:
    rows = _question_rows(session, brief)
    texts = padded_questions([rows[i].text if i in rows else "" for i in range(SLOTS)])
    letters = padded_questions([(rows[i].tiara or "") if i in rows else "" for i in range(SLOTS)])
    return texts, letters


def _content(meeting: Meeting, brief: Brief, questions: tuple[str, ...]) -> BriefContent:
    return BriefContent(
        person_role=brief.person_role,
        person_path=brief.person_path,
        person_reading=brief.person_reading,
        org_what=brief.org_what,
        org_news=brief.org_news,
        org_trends=brief.org_trends,
        questions=questions,
        travel_minutes=brief.travel_minutes,
        closing_plan=brief.closing_plan,
        starts_at=meeting.starts_at_time,
        place=meeting.place,
        video_link=meeting.video_link,
    )


def _letter(value: str) -> Tiara | None:
    try:
        return Tiara(value)
    except ValueError:
        return None


def _status(session: Session, meeting: Meeting, brief: Brief) -> BriefStatus:
    texts, letters = _questions(session, brief)
    content = _content(meeting, brief, texts)
    gaps = brief_rules.step_gaps(content)
    per_slot: list[list[str]] = [[] for _ in range(SLOTS)]
    suggestions = [""] * SLOTS
    set_problems: list[str] = []
    for problem in check_questions(list(texts)):
        if problem.index is None:
            set_problems.append(problem.message)
        else:
            per_slot[problem.index].append(problem.message)
            suggestions[problem.index] = suggestions[problem.index] or problem.suggestion
    long_fields: dict[str, str] = {}
    for field in TEXT_FIELDS:
        note = brief_rules.too_long(field, getattr(brief, field))
        if note:
            long_fields[field] = note
    for index, text in enumerate(texts):
        note = brief_rules.too_long("question", text)
        if note:
            long_fields[f"question_{index + 1}"] = note
    complete = (*(not gaps[step] for step in brief_rules.WORK_STEPS), brief.is_ready)
    return BriefStatus(
        steps_complete=complete,
        gaps=gaps,
        question_problems=tuple(tuple(messages) for messages in per_slot),
        question_suggestions=tuple(suggestions),
        set_problems=tuple(set_problems),
        long_fields=long_fields,
        nudge=tiara_nudge([_letter(letter) for letter in letters]) or "",
        leave_by=brief_rules.leave_by_text(meeting.starts_at_time, brief.travel_minutes),
        end_by=brief_rules.end_by_text(meeting.starts_at_time, meeting.duration_minutes),
        is_ready=brief.is_ready,
    )


def _recheck(session: Session, meeting: Meeting, brief: Brief) -> BriefStatus:
    """After an edit: a ready brief that no longer passes stops being ready (it never becomes ready here)."""
    brief.updated_at = utc_now()
    if brief.is_ready:
        texts, _letters = _questions(session, brief)
        if not brief_rules.is_ready(_content(meeting, brief, texts)):
            brief.is_ready = False
    session.add(brief)
    session.flush()
    return _status(session, meeting, brief)


def _organisation_name(session: Session, contact: Contact | None) -> str:
    if contact is None or contact.organisation_id is None:
        return ""
    organisation = session.get(Organisation, contact.organisation_id)
    return organisation.name if organisation else ""


def open_brief(session: Session, *, owner_id: int, meeting_id: object, today: date) -> BriefView:
    """The brief for the owner's meeting, made on first visit; NotFound for anyone else's."""
    meeting, brief = _owned(session, owner_id, meeting_id)
    contact = session.get(Contact, meeting.contact_id)
    texts, letters = _questions(session, brief)
    return BriefView(
        meeting_id=meeting.id or 0,
        contact_id=meeting.contact_id,
        contact_name=contact.name if contact else "",
        organisation=_organisation_name(session, contact),
        on=meeting.starts_on.isoformat(),
        at=meeting.starts_at_time,
        duration_minutes=meeting.duration_minutes,
        place=meeting.place,
        video_link=meeting.video_link,
        in_past=meeting.starts_on < today,
        person_role=brief.person_role,
        person_path=brief.person_path,
        person_reading=brief.person_reading,
        org_what=brief.org_what,
        org_news=brief.org_news,
        org_trends=brief.org_trends,
        questions=texts,
        letters=letters,
        travel_minutes="" if brief.travel_minutes is None else str(brief.travel_minutes),
        closing_plan=brief.closing_plan,
        current_step=min(max(brief.current_step, brief_rules.FIRST_STEP), brief_rules.LAST_STEP),
        is_ready=brief.is_ready,
        shared_with_advisor=brief.shared_with_advisor,
    )


def share_with_advisor(session: Session, *, owner_id: int, meeting_id: object, shared: object) -> bool:
    """The student's choice to show this brief (person, organisation notes, questions) to their advisor."""
    _meeting, brief = _owned(session, owner_id, meeting_id)
    brief.shared_with_advisor = shared is True
    brief.updated_at = utc_now()
    session.add(brief)
    return brief.shared_with_advisor


def brief_status(session: Session, *, owner_id: int, meeting_id: object) -> BriefStatus:
    meeting, brief = _owned(session, owner_id, meeting_id)
    return _status(session, meeting, brief)


def _as_text(value: object) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _text(text: str, field: str) -> str:
    if len(text) > STORE_LIMIT:
        raise ValidationFailed(
            {field: f"That is too long to save ({len(text):,} characters). Keep notes short: a few lines."}
        )
    return text


def question_slot(position: object) -> int | None:
    """A question's place (0, 1 or 2) from whatever the client sent; None when it is not one."""
    slot = whole_number(position, max_digits=6)
    return slot if slot is not None and 0 <= slot < SLOTS else None


def wizard_step(step: object) -> int | None:
    """A step of the wizard (1 to 5) from whatever the client sent; None when it is not one."""
    chosen = whole_number(step, max_digits=6)
    if chosen is None or not brief_rules.FIRST_STEP <= chosen <= brief_rules.LAST_STEP:
        return None
    return chosen


def update_brief(
    session: Session, *, owner_id: int, meeting_id: object, data: BriefUpdate, today: date
) -> BriefStatus:
    """Saves the fields sent, as typed, and no other. ValidationFailed names the first refused field;
    the brief's own fields are all checked before any is written."""
    meeting, brief = _owned(session, owner_id, meeting_id)
    sent = {field: _text(value, field) for field, value in data.sent().items()}
    changes: dict[str, object] = {field: sent[field] for field in TEXT_FIELDS if field in sent}
    if "travel_minutes" in sent:
        minutes, problem = brief_rules.parse_travel_minutes(sent["travel_minutes"])
        if problem:
            raise ValidationFailed({"travel_minutes": problem})
        changes["travel_minutes"] = minutes
    meeting_changes = {field: sent[field] for field in MEETING_FIELDS if field in sent}
    if meeting_changes:
        update_meeting(
            session,
            owner_id=owner_id,
            meeting_id=meeting.id,
            changes=MeetingUpdate(**meeting_changes),
            today=today,
        )
    for field, value in changes.items():
        setattr(brief, field, value)
    return _recheck(session, meeting, brief)


def save_field(
    session: Session, *, owner_id: int, meeting_id: object, field: object, value: object, today: date
) -> BriefStatus:
    """Saves one field as the wizard autosaves it (see update_brief)."""
    data = BriefUpdate.of(field, value)
    return update_brief(session, owner_id=owner_id, meeting_id=meeting_id, data=data, today=today)


def _slot(position: object) -> int:
    slot = question_slot(position)
    if slot is None:
        raise ValidationFailed({"question": "Choose question 1, 2 or 3."})
    return slot


def _question_row(session: Session, brief: Brief, slot: int) -> BriefQuestion:
    row = _question_rows(session, brief).get(slot)
    if row is None:
        assert brief.id is not None  # _brief flushes a new brief
        row = BriefQuestion(owner_id=brief.owner_id, brief_id=brief.id, position=slot)
    return row


def save_question(
    session: Session, *, owner_id: int, meeting_id: object, position: object, text: object
) -> BriefStatus:
    meeting, brief = _owned(session, owner_id, meeting_id)
    slot = _slot(position)
    row = _question_row(session, brief, slot)
    row.text = _text(_as_text(text), f"question_{slot + 1}")
    session.add(row)
    session.flush()
    return _recheck(session, meeting, brief)


def use_suggested_question(
    session: Session, *, owner_id: int, meeting_id: object, position: object
) -> tuple[str, BriefStatus]:
    """Replaces a refused question with the rule's suggested rewrite: the text saved, and the new status.

    The rewrite is worked out here from the saved question, never taken from the browser; a question
    with nothing to suggest is left as it is.
    """
    meeting, brief = _owned(session, owner_id, meeting_id)
    slot = _slot(position)
    suggestion = _status(session, meeting, brief).question_suggestions[slot]
    row = _question_row(session, brief, slot)
    if suggestion:
        row.text = suggestion
        session.add(row)
        session.flush()
    return row.text, _recheck(session, meeting, brief)


def set_question_letter(
    session: Session, *, owner_id: int, meeting_id: object, position: object, letter: object
) -> BriefStatus:
    """Tags a question with its TIARA letter; "" (or anything unknown) clears it."""
    meeting, brief = _owned(session, owner_id, meeting_id)
    slot = _slot(position)
    row = _question_row(session, brief, slot)
    chosen = _letter(letter) if isinstance(letter, str) else None
    row.tiara = chosen.value if chosen else None
    session.add(row)
    session.flush()
    return _recheck(session, meeting, brief)


def use_starter(
    session: Session, *, owner_id: int, meeting_id: object, letter: object, index: object
) -> int | None:
    """Puts a starter from the bank, with its letter, in the first empty slot; the slot, or None if full.

    The starter is looked up here by letter and number, so the browser never supplies its text.
    """
    meeting, brief = _owned(session, owner_id, meeting_id)
    chosen = _letter(letter) if isinstance(letter, str) else None
    starters = QUESTION_BANK[chosen] if chosen else ()
    number = whole_number(index, max_digits=6)
    starter = starters[number] if number is not None and 0 <= number < len(starters) else None
    if chosen is None or starter is None:
        raise ValidationFailed({"question": "That starter is not in the bank."})
    texts, _letters = _questions(session, brief)
    empty = next((slot for slot, text in enumerate(texts) if not text.strip()), None)
    if empty is None:
        return None
    row = _question_row(session, brief, empty)
    row.text = starter
    row.tiara = chosen.value
    session.add(row)
    session.flush()
    _recheck(session, meeting, brief)
    return empty


def set_step(session: Session, *, owner_id: int, meeting_id: object, step: object) -> int:
    """Remembers where the student is, so the wizard reopens there; the step as stored (a step that is
    not one of the wizard's leaves it where it was)."""
    _meeting, brief = _owned(session, owner_id, meeting_id)
    chosen = wizard_step(step)
    if chosen is not None:
        brief.current_step = chosen
        session.add(brief)
    return brief.current_step


def finish_brief(session: Session, *, owner_id: int, meeting_id: object) -> FinishResult:
    """Marks the brief ready when every step is complete and the rule passes; otherwise says why."""
    meeting, brief = _owned(session, owner_id, meeting_id)
    texts, _letters = _questions(session, brief)
    content = _content(meeting, brief, texts)
    gaps = brief_rules.step_gaps(content)
    first = brief_rules.first_incomplete_step(content)
    brief.is_ready = first is None
    brief.updated_at = utc_now()
    if brief.is_ready:
        brief.current_step = brief_rules.LAST_STEP
    session.add(brief)
    session.flush()
    reasons = tuple(
        f"{brief_rules.STEP_TITLES[step]}: {gap}" for step in brief_rules.WORK_STEPS for gap in gaps[step]
    )
    return FinishResult(
        ready=brief.is_ready,
        first_failing_step=first,
        reasons=reasons,
        status=_status(session, meeting, brief),
    )


def tiara_options() -> list[tuple[str, str]]:
    """(value, label) for each TIARA letter, in order."""
    return [(letter.value, TIARA_LABELS[letter]) for letter in Tiara]
