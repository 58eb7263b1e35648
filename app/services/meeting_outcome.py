""" "How did it go?": the student's one-click answer about a meeting whose end has passed.

A meeting is presumed held once it has ended (app/domain/cards.py); the answer confirms it, says it
didn't happen, or moves it. The first answer wins: a second tab's answer changes nothing and says where
the meeting stands.
"""

from __future__ import annotations

from sqlmodel import Session

from app.domain.cards import thank_you_countdown
from app.domain.day_words import day_label
from app.domain.local_time import LocalClock
from app.domain.meeting_rules import check_meeting, meeting_ends_at
from app.domain.pipeline import thank_you_deadline
from app.domain.vocabulary import MeetingStatus, Stage, TouchKind
from app.models import Meeting
from app.services.errors import ValidationFailed
from app.services.meetings import (
    MeetingUpdate,
    claim_answer,
    mark_meeting_held,
    owned_meeting,
    update_meeting,
)
from app.services.touches import meeting_end, record_touch

__all__ = ["ANSWERS", "answer_meeting", "move_meeting"]

ANSWERS = ("happened", "did_not_happen")


def _where_it_stands(meeting: Meeting) -> str:
    if meeting.status == MeetingStatus.HELD:
        return "You already said this meeting happened."
    if meeting.status == MeetingStatus.CANCELLED:
        return "You already said this meeting didn't happen."
    return "This meeting hasn't ended yet."


def answer_meeting(
    session: Session, *, owner_id: int, meeting_id: object, answer: object, clock: LocalClock
) -> str:
    """It happened, or it didn't. Returns what the student reads (a calm note if already answered)."""
    meeting = owned_meeting(session, owner_id=owner_id, meeting_id=meeting_id)
    if answer not in ANSWERS:
        raise ValidationFailed({"answer": "Choose: it happened, or it didn't."})
    if meeting.status != MeetingStatus.SCHEDULED or not clock.has_passed(meeting_end(meeting, clock.zone)):
        return _where_it_stands(meeting)
    if answer == "happened":
        if not mark_meeting_held(
            session, owner_id=owner_id, meeting_id=meeting.id, today=clock.today, zone=clock.zone
        ):
            return _where_it_stands(meeting)
        deadline = thank_you_deadline(meeting_end(meeting, clock.zone))
        if not clock.has_passed(deadline):
            return f"Glad it happened. A thank-you {thank_you_countdown(deadline, clock)} is next."
        return "Glad it happened. A thank-you is still worth sending."
    if not claim_answer(session, meeting, MeetingStatus.CANCELLED):
        return _where_it_stands(meeting)
    record_touch(
        session,
        owner_id=owner_id,
        contact_id=meeting.contact_id,
        kind=TouchKind.STAGE_SET.value,
        stage=Stage.REPLIED.value,
        on=clock.today,
        today=clock.today,
        summary=f"The meeting on {day_label(meeting.starts_on, clock.today, always_year=True)} didn't happen",
        meeting_id=meeting.id,
    )
    return "Noted: it didn't happen. When you find a new time, schedule it from their page."


def move_meeting(
    session: Session, *, owner_id: int, meeting_id: object, on: object, at: object, clock: LocalClock
) -> str:
    """It moved: the new day and time, which must still be ahead (a past time is refused, nothing lost)."""
    meeting = owned_meeting(session, owner_id=owner_id, meeting_id=meeting_id)
    if meeting.status != MeetingStatus.SCHEDULED:
        return _where_it_stands(meeting)
    plan, errors = check_meeting(
        on=on,
        at=at,
        duration_minutes=meeting.duration_minutes,
        place=meeting.place,
        video_link=meeting.video_link,
        today=clock.today,
        complete=False,
    )
    if plan is None:
        raise ValidationFailed({key: errors[key] for key in ("on", "at") if key in errors} or errors)
    if not plan.starts_at_time:
        raise ValidationFailed({"at": "Choose the new time, like 14:30."})
    ends = meeting_ends_at(plan.starts_on, plan.starts_at_time, meeting.duration_minutes)
    ends = ends.replace(tzinfo=clock.zone)
    if clock.has_passed(ends):
        raise ValidationFailed({"on": "That time has already passed: pick a time ahead, or say it happened."})
    update_meeting(
        session,
        owner_id=owner_id,
        meeting_id=meeting.id,
        changes=MeetingUpdate(on=plan.starts_on.isoformat(), at=plan.starts_at_time),
        today=clock.today,
    )
    label = day_label(plan.starts_on, clock.today, always_year=True)
    record_touch(
        session,
        owner_id=owner_id,
        contact_id=meeting.contact_id,
        kind=TouchKind.MEETING_SCHEDULED.value,
        on=clock.today,
        today=clock.today,
        summary=f"Meeting moved to {label} at {plan.starts_at_time}",
        meeting_id=meeting.id,
    )
    return f"Moved to {day_label(plan.starts_on, clock.today)} at {plan.starts_at_time}."
