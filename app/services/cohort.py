"""The advisor's view of a cohort: per student, counts and dates only, never names, notes or drafts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, case, func
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from app.domain.day_words import short_date, weekday_date
from app.domain.times import as_utc, utc_now
from app.domain.vocabulary import ADVISING_ROLES, TouchKind
from app.models import Brief, BriefQuestion, Cohort, Contact, Meeting, Membership, Touch, User
from app.services.errors import NotFound
from app.services.ids import record_id

INACTIVE_AFTER = timedelta(days=14)


@dataclass(frozen=True)
class StudentSummary:
    student_id: int
    name: str
    email: str
    cohort: str
    contacts: int
    outreach_sent: int
    replies: int
    meetings: int
    thank_yous: int
    last_activity: str
    inactive: bool
    shared_briefs: int


@dataclass(frozen=True)
class SharedBrief:
    """What a student chose to show their advisor for one meeting: the brief, not the contact's details."""

    brief_id: int
    meeting_on: str
    organisation_notes: str
    questions: list[str]


def _count(kind: TouchKind) -> ColumnElement[int]:
    return func.sum(case((col(Touch.kind) == kind.value, 1), else_=0))


def cohort_overview(
    session: Session, *, advisor_id: int, now: datetime | None = None, limit: int = 500, offset: int = 0
) -> list[StudentSummary]:
    """Every student in the advisor's cohorts, least active first: who is stuck comes to the top."""
    moment = now or utc_now()
    students = session.exec(
        select(User, Cohort.name)
        .join(Membership, col(Membership.owner_id) == User.id)
        .join(Cohort, col(Cohort.id) == Membership.cohort_id)
        .where(Cohort.owner_id == advisor_id, User.is_active)
        .order_by(col(User.last_active_at).asc().nulls_first(), col(User.id))
        .offset(offset)
        .limit(limit)
    ).all()
    ids = [user.id for user, _ in students]
    if not ids:
        return []
    live_contacts = select(Contact.id).where(col(Contact.deleted_at).is_(None))
    # Five columns: sqlmodel's `select` is typed for at most four, so the statement is built and typed here.
    per_owner: Select[int, int | None, int | None, int | None, datetime | None] = Select(
        col(Touch.owner_id),
        _count(TouchKind.OUTREACH_SENT),
        _count(TouchKind.REPLY_RECEIVED),
        _count(TouchKind.THANK_YOU_SENT),
        func.max(Touch.created_at),
    )
    touch_rows = session.exec(
        per_owner.where(col(Touch.owner_id).in_(ids), col(Touch.contact_id).in_(live_contacts)).group_by(
            col(Touch.owner_id)
        )
    ).all()
    touches = {row[0]: row[1:] for row in touch_rows}
    contact_counts = dict(
        session.exec(
            select(col(Contact.owner_id), func.count())
            .where(col(Contact.owner_id).in_(ids), col(Contact.deleted_at).is_(None))
            .group_by(col(Contact.owner_id))
        ).all()
    )
    meeting_counts = dict(
        session.exec(
            select(col(Meeting.owner_id), func.count())
            .where(col(Meeting.owner_id).in_(ids))
            .group_by(col(Meeting.owner_id))
        ).all()
    )
    shared_counts = dict(
        session.exec(
            select(col(Brief.owner_id), func.count())
            .where(col(Brief.owner_id).in_(ids), Brief.shared_with_advisor)
            .group_by(col(Brief.owner_id))
        ).all()
    )
    summaries = []
    for user, cohort_name in students:
        assert user.id is not None  # a stored row
        outreach, replies, thanks, last_touch = touches.get(user.id, (0, 0, 0, None))
        moments = [as_utc(m) for m in (last_touch, user.last_active_at) if m is not None]
        last = max(moments) if moments else None
        summaries.append(
            StudentSummary(
                student_id=user.id,
                name=user.display_name,
                email=user.email or "",
                cohort=cohort_name,
                contacts=contact_counts.get(user.id, 0),
                outreach_sent=int(outreach or 0),
                replies=int(replies or 0),
                meetings=meeting_counts.get(user.id, 0),
                thank_yous=int(thanks or 0),
                last_activity=short_date(last.date()) if last else "",
                inactive=last is None or last < moment - INACTIVE_AFTER,
                shared_briefs=shared_counts.get(user.id, 0),
            )
        )
    return summaries


def shared_briefs(session: Session, *, advisor_id: int, student_id: object) -> list[SharedBrief]:
    """The briefs one student shared; NotFound unless the student is in one of this advisor's cohorts."""
    student_id = record_id(student_id, "student")
    member = session.exec(
        select(Membership.id)
        .join(Cohort, col(Cohort.id) == Membership.cohort_id)
        .where(Membership.owner_id == student_id, Cohort.owner_id == advisor_id)
    ).first()
    if member is None:
        raise NotFound("student")
    rows = session.exec(
        select(Brief, col(Meeting.starts_on))
        .join(Meeting, col(Meeting.id) == Brief.meeting_id)
        .where(Brief.owner_id == student_id, Brief.shared_with_advisor)
        .order_by(col(Meeting.starts_on).desc())
        .limit(50)
    ).all()
    result = []
    for brief, starts_on in rows:
        questions = session.exec(
            select(BriefQuestion.text)
            .where(BriefQuestion.brief_id == brief.id)
            .order_by(col(BriefQuestion.position))
        ).all()
        result.append(
            SharedBrief(
                brief_id=brief.id or 0,
                meeting_on=weekday_date(starts_on),
                organisation_notes=brief.org_what,
                questions=list(questions),
            )
        )
    return result


def is_advisor(session: Session, *, user_id: int) -> bool:
    user = session.get(User, user_id)
    return bool(user and user.is_active and user.role in ADVISING_ROLES)
