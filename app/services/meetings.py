"""Meetings: scheduling one (with its touch), reading it back, and its calendar file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import update
from sqlmodel import Session, col, select

from app.domain import meeting_rules
from app.domain.day_words import day_label
from app.domain.ics import meeting_ics
from app.domain.meeting_rules import MeetingPlan, check_meeting
from app.domain.times import utc_now
from app.domain.updates import UNSET, Unset
from app.domain.vocabulary import MeetingStatus, Stage, TouchKind
from app.models import Brief, Contact, Meeting, User
from app.services.clock import clock_for
from app.services.contacts import owned_contact
from app.services.errors import NotFound, ValidationFailed
from app.services.ids import record_id
from app.services.touches import meeting_end, record_touch, refresh_contact

DEFAULT_MINUTES = meeting_rules.DEFAULT_MINUTES


@dataclass(frozen=True)
class MeetingCreate:
    """What scheduling a meeting takes, as the form sends it (text); a blank length means the default."""

    on: str  # YYYY-MM-DD, as a date input gives it
    at: str  # HH:MM
    duration_minutes: str | int = DEFAULT_MINUTES
    place: str = ""
    video_link: str = ""


# The name callers (and the browser tests' seeds) have used for the create shape.
MeetingInput = MeetingCreate


@dataclass(frozen=True)
class MeetingUpdate:
    """Only the fields an edit sent: every field left UNSET keeps the meeting's saved value."""

    on: str | Unset = UNSET
    at: str | Unset = UNSET
    duration_minutes: str | int | Unset = UNSET
    place: str | Unset = UNSET
    video_link: str | Unset = UNSET


@dataclass(frozen=True)
class MeetingView:
    id: int
    contact_id: int
    contact_name: str
    on: str
    at: str
    duration_minutes: int
    place: str
    video_link: str
    status: str
    brief_ready: bool
    in_past: bool


def _checked(plan: MeetingPlan | None, errors: dict[str, str]) -> MeetingPlan:
    if plan is None:
        raise ValidationFailed(errors)
    return plan


def schedule_meeting(
    session: Session, *, owner_id: int, contact_id: object, data: MeetingCreate, today: date
) -> int:
    contact = owned_contact(session, owner_id=owner_id, contact_id=contact_id)
    minutes = data.duration_minutes
    plan = _checked(
        *check_meeting(
            on=data.on,
            at=data.at,
            duration_minutes=minutes if str(minutes).strip() else DEFAULT_MINUTES,
            place=data.place,
            video_link=data.video_link,
            today=today,
        )
    )
    assert contact.id is not None  # a stored row
    meeting = Meeting(
        owner_id=owner_id,
        contact_id=contact.id,
        starts_on=plan.starts_on,
        starts_at_time=plan.starts_at_time,
        duration_minutes=plan.duration_minutes,
        place=plan.place,
        video_link=plan.video_link,
    )
    session.add(meeting)
    session.flush()
    assert meeting.id is not None
    where = meeting.place or meeting.video_link
    record_touch(
        session,
        owner_id=owner_id,
        contact_id=contact.id,
        kind=TouchKind.MEETING_SCHEDULED.value,
        on=min(today, plan.starts_on),
        today=today,
        summary=(
            f"Meeting on {day_label(plan.starts_on, today, always_year=True)} at {plan.starts_at_time}, "
            f"{plan.duration_minutes} minutes, {where}"
        ),
        meeting_id=meeting.id,
    )
    return meeting.id


def _sent(value: object, saved: object) -> object:
    return saved if value is UNSET else value


def update_meeting(
    session: Session, *, owner_id: int, meeting_id: object, changes: MeetingUpdate, today: date
) -> Meeting:
    """Changes only the fields sent, checked by the one meeting rule applied to the result.

    An edit may leave the time or the place blank (the prep's logistics step names that gap); anything
    malformed raises ValidationFailed and leaves every saved value as it was.
    """
    meeting = owned_meeting(session, owner_id=owner_id, meeting_id=meeting_id)
    plan = _checked(
        *check_meeting(
            on=_sent(changes.on, meeting.starts_on),
            at=_sent(changes.at, meeting.starts_at_time),
            duration_minutes=_sent(changes.duration_minutes, meeting.duration_minutes),
            place=_sent(changes.place, meeting.place),
            video_link=_sent(changes.video_link, meeting.video_link),
            today=today,
            complete=False,
        )
    )
    before = _calendar_facts(meeting)
    meeting.starts_on = plan.starts_on
    meeting.starts_at_time = plan.starts_at_time
    meeting.duration_minutes = plan.duration_minutes
    meeting.place = plan.place
    meeting.video_link = plan.video_link
    if _calendar_facts(meeting) != before:
        # A calendar app replaces its copy only when the SEQUENCE goes up.
        meeting.calendar_sequence += 1
    meeting.updated_at = utc_now()
    session.add(meeting)
    contact = session.get(Contact, meeting.contact_id)
    if contact is not None:
        session.flush()
        # Its "How did it go?" moves with it.
        refresh_contact(session, contact, clock_for(session, owner_id=owner_id, fixed=today))
    return meeting


def _calendar_facts(meeting: Meeting) -> tuple[object, ...]:
    """What a calendar shows of a meeting: changing any of it makes the meeting's .ics a new version."""
    return (
        meeting.starts_on,
        meeting.starts_at_time,
        meeting.duration_minutes,
        meeting.place,
        meeting.video_link,
    )


def cancel_meeting(session: Session, *, owner_id: int, meeting_id: object, today: date) -> Meeting:
    """The student calls a planned meeting off: its calendar file becomes the cancellation, and the
    contact goes back to "replied" until a new time is found. A meeting already held stays held."""
    meeting = owned_meeting(session, owner_id=owner_id, meeting_id=meeting_id)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationFailed({"meeting": "Only a planned meeting can be cancelled."})
    meeting.status = MeetingStatus.CANCELLED
    meeting.calendar_sequence += 1
    meeting.updated_at = utc_now()
    session.add(meeting)
    record_touch(
        session,
        owner_id=owner_id,
        contact_id=meeting.contact_id,
        kind=TouchKind.STAGE_SET.value,
        stage=Stage.REPLIED.value,
        on=today,
        today=today,
        summary=f"Meeting on {day_label(meeting.starts_on, today, always_year=True)} cancelled",
        meeting_id=meeting.id,
    )
    return meeting


def owned_meeting(session: Session, *, owner_id: int, meeting_id: object) -> Meeting:
    meeting = session.get(Meeting, record_id(meeting_id, "meeting"))
    if meeting is None or meeting.owner_id != owner_id:
        raise NotFound("meeting")
    contact = session.get(Contact, meeting.contact_id)
    if contact is None or contact.deleted_at is not None:
        raise NotFound("meeting")
    return meeting


def mark_meeting_held(
    session: Session, *, owner_id: int, meeting_id: object, today: date, zone: tzinfo = UTC
) -> bool:
    """Records that the meeting happened; False (and nothing changed) when it was already answered for,
    so a second tab's answer never doubles the touch."""
    meeting = owned_meeting(session, owner_id=owner_id, meeting_id=meeting_id)
    if not claim_answer(session, meeting, MeetingStatus.HELD):
        return False
    meeting.ended_at = meeting_end(meeting, zone)
    session.add(meeting)
    record_touch(
        session,
        owner_id=owner_id,
        contact_id=meeting.contact_id,
        kind=TouchKind.MEETING_HELD.value,
        on=min(meeting.starts_on, today),
        today=today,
        meeting_id=meeting.id,
    )
    _note_referral_met(session, owner_id=owner_id, meeting=meeting, today=today)
    return True


def claim_answer(session: Session, meeting: Meeting, status: MeetingStatus) -> bool:
    """Moves a scheduled meeting to `status` in one conditional UPDATE: of two tabs answering at once,
    the first answer wins and the second finds nothing to change. A meeting that did not happen is a
    calendar change too: its SEQUENCE goes up, so an updated `.ics` replaces the old one."""
    changes: dict[str, object] = {"status": status.value, "updated_at": utc_now()}
    if status == MeetingStatus.CANCELLED:
        changes["calendar_sequence"] = col(Meeting.calendar_sequence) + 1
    result = session.execute(
        update(Meeting)
        .where(col(Meeting.id) == meeting.id, col(Meeting.status) == MeetingStatus.SCHEDULED.value)
        .values(**changes)
        .execution_options(synchronize_session=False)
    )
    claimed = bool(getattr(result, "rowcount", 0))
    session.refresh(meeting)
    return claimed


def _note_referral_met(session: Session, *, owner_id: int, meeting: Meeting, today: date) -> None:
    """Meeting someone a contact suggested puts a report-back to that contact on the list."""
    contact = session.get(Contact, meeting.contact_id)
    referrer = session.get(Contact, contact.referred_by_id) if contact and contact.referred_by_id else None
    if (
        contact is None
        or referrer is None
        or referrer.owner_id != owner_id
        or referrer.deleted_at is not None
    ):
        return
    record_touch(
        session,
        owner_id=owner_id,
        contact_id=referrer.id,
        kind=TouchKind.REFERRAL_MET.value,
        on=min(meeting.starts_on, today),
        today=today,
        summary=f"Met {contact.name}, whom they suggested",
        meeting_id=meeting.id,
    )


def _view(meeting: Meeting, contact_name: str, ready: bool, today: date) -> MeetingView:
    return MeetingView(
        id=meeting.id or 0,
        contact_id=meeting.contact_id,
        contact_name=contact_name,
        on=meeting.starts_on.isoformat(),
        at=meeting.starts_at_time,
        duration_minutes=meeting.duration_minutes,
        place=meeting.place,
        video_link=meeting.video_link,
        status=meeting.status,
        brief_ready=ready,
        in_past=meeting.starts_on < today,
    )


def meetings_for_contact(
    session: Session, *, owner_id: int, contact_id: object, today: date
) -> list[MeetingView]:
    contact = owned_contact(session, owner_id=owner_id, contact_id=contact_id)
    rows = session.exec(
        select(Meeting, Brief.is_ready)
        .join(Brief, col(Brief.meeting_id) == Meeting.id, isouter=True)
        .where(Meeting.contact_id == contact.id, Meeting.owner_id == owner_id)
        .order_by(col(Meeting.starts_on).desc())
        .limit(50)
    ).all()
    return [_view(m, contact.name, bool(ready), today) for m, ready in rows]


def upcoming_meetings(session: Session, *, owner_id: int, today: date, days: int = 7) -> list[MeetingView]:
    rows = session.exec(
        select(Meeting, Contact.name, Brief.is_ready)
        .join(Contact, col(Contact.id) == Meeting.contact_id)
        .join(Brief, col(Brief.meeting_id) == Meeting.id, isouter=True)
        .where(
            Meeting.owner_id == owner_id,
            Meeting.status == MeetingStatus.SCHEDULED,
            col(Contact.deleted_at).is_(None),
            col(Meeting.starts_on) >= today,
            col(Meeting.starts_on) <= today + timedelta(days=days),
        )
        .order_by(col(Meeting.starts_on), col(Meeting.starts_at_time))
        .limit(50)
    ).all()
    return [_view(m, name, bool(ready), today) for m, name, ready in rows]


def _saved_zone_name(session: Session, owner_id: int) -> object:
    # `User.time_zone` is the student's setting (Today's clock, issue 12); read defensively so this
    # works before that column exists and a blank or retired name falls back to UTC.
    return getattr(session.get(User, owner_id), "time_zone", "")


def calendar_zone(session: Session, *, owner_id: int) -> tzinfo:
    """The student's time zone for calendar times: their saved one, or UTC when none is known."""
    name = _saved_zone_name(session, owner_id)
    if not isinstance(name, str) or not name.strip():
        return UTC
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def meeting_event_uid(meeting: Meeting) -> str:
    """The meeting's UID in every calendar file: the same at every download, new for every meeting."""
    return f"rapport-meeting-{meeting.calendar_uid or meeting.id}@rapport.local"


REMINDER_DESCRIPTION = "Arrive ten minutes early, ask your three questions, and end on time."


def meeting_calendar_file(session: Session, *, owner_id: int, meeting_id: object) -> tuple[str, str]:
    """The .ics text and a file name for it; for a cancelled meeting, the file that removes it."""
    meeting = owned_meeting(session, owner_id=owner_id, meeting_id=meeting_id)
    contact = session.get(Contact, meeting.contact_id)
    name = contact.name if contact else "contact"
    cancelled = meeting.status == MeetingStatus.CANCELLED
    text = meeting_ics(
        uid=meeting_event_uid(meeting),
        title=f"Informational interview with {name}",
        on=meeting.starts_on,
        start=meeting.starts_at_time,
        duration_minutes=meeting.duration_minutes,
        location=meeting.place or meeting.video_link,
        description=REMINDER_DESCRIPTION,
        zone=calendar_zone(session, owner_id=owner_id),
        sequence=meeting.calendar_sequence,
        cancelled=cancelled,
        now=utc_now(),
    )
    return text, f"meeting-{meeting.id}{'-cancelled' if cancelled else ''}.ics"


def briefs_started(session: Session, *, owner_id: int, meeting_ids: list[int]) -> set[int]:
    """Which of these meetings already have a brief (ready or not): for "Prep not started"."""
    if not meeting_ids:
        return set()
    wanted = col(Brief.meeting_id).in_(meeting_ids[:200])
    rows = session.exec(select(Brief.meeting_id).where(Brief.owner_id == owner_id, wanted)).all()
    return set(rows)
