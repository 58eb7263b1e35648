"""Who in an advisor's cohorts is stuck, the nudge for each, the cohort's settings (its N and its nudge
template) and its aggregates for reports, with every small-group figure withheld (k of 5).

Stuck means: no activity for 14 days, a follow-up overdue, or a meeting without a thank-you, read
from the same card rules Today uses (app/services/cards.py), so advisor and student always agree.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, or_, select

from app.domain.eml import build_eml, mailto_url
from app.domain.k_anonymity import WITHHELD, K, shown_count, shown_total
from app.domain.nudges import DEFAULT_BODY, DEFAULT_SUBJECT, StuckReasons, render_nudge, template_problems
from app.domain.times import as_utc, utc_now
from app.domain.vocabulary import DueKind
from app.domain.words import first_name
from app.models import Cohort, Contact, Meeting, Membership, NudgeTemplate, User
from app.services.cards import cards_for
from app.services.clock import clock_for
from app.services.cohort import INACTIVE_AFTER, StudentSummary, cohort_overview
from app.services.errors import NotFound, ValidationFailed
from app.services.ids import as_text, record_id
from app.services.outreach_marks import flooded_people
from app.settings import fixed_day

__all__ = [
    "AggregateRow",
    "CohortSettings",
    "StuckStudent",
    "aggregates_csv",
    "cohort_aggregates",
    "cohort_settings",
    "nudge_eml",
    "reasons_for",
    "save_nudge_template",
    "stuck_students",
]

THANK_YOU_KINDS = frozenset({DueKind.THANK_YOU, DueKind.MEETING_OUTCOME})


@dataclass(frozen=True)
class StuckStudent:
    """One row of the stuck list: the student's own figures, and their nudge as a mailto: link."""

    student_id: int
    name: str
    email: str
    cohort: str
    reasons: list[str]
    mailto: str


@dataclass(frozen=True)
class CohortSettings:
    cohort_id: int
    name: str
    outreach_limit: int
    subject: str
    body: str
    # "How many people more than N students wrote to this month", or the withheld words.
    flooded: str


@dataclass(frozen=True)
class AggregateRow:
    cohort: str
    figure: str
    value: str


def _advisor(session: Session, advisor_id: int) -> User:
    user = session.get(User, advisor_id)
    if user is None:
        raise NotFound("advisor")
    return user


def _own_cohort(session: Session, advisor_id: int, cohort_id: object) -> Cohort:
    cohort = session.get(Cohort, record_id(cohort_id, "cohort"))
    if cohort is None or cohort.owner_id != advisor_id:
        raise NotFound("cohort")
    return cohort


def reasons_for(session: Session, *, student_id: int, inactive: bool) -> StuckReasons:
    """Overdue follow-ups and meetings without a thank-you, by the student's own cards and clock."""
    clock = clock_for(session, owner_id=student_id, fixed=fixed_day())
    today = clock.today
    meeting_contacts = select(Meeting.contact_id).where(
        Meeting.owner_id == student_id, Meeting.starts_on <= today
    )
    # Only contacts that could have either card are read: a follow-up date passed, or a meeting held.
    candidates = session.exec(
        select(Contact.id)
        .where(
            Contact.owner_id == student_id,
            col(Contact.deleted_at).is_(None),
            or_(col(Contact.follow_up_due_on) < today, col(Contact.id).in_(meeting_contacts)),
        )
        .limit(500)
    ).all()
    cards = cards_for(session, owner_id=student_id, contact_ids=[c for c in candidates if c], clock=clock)
    overdue = sum(1 for card in cards.values() if card.kind is DueKind.FOLLOW_UP and card.due_on < today)
    thanks = sum(
        1
        for card in cards.values()
        if card.kind in THANK_YOU_KINDS
        and card.is_due(clock)
        and (card.thank_you_by is None or clock.has_passed(card.thank_you_by))
    )
    return StuckReasons(inactive=inactive, overdue_follow_ups=overdue, meetings_without_thanks=thanks)


def _template(session: Session, cohort_id: int) -> tuple[str, str]:
    row = session.exec(select(NudgeTemplate).where(NudgeTemplate.cohort_id == cohort_id)).first()
    return (row.subject, row.body) if row else (DEFAULT_SUBJECT, DEFAULT_BODY)


def _cohort_ids(session: Session, advisor_id: int) -> dict[str, int]:
    rows = session.exec(select(Cohort.name, Cohort.id).where(Cohort.owner_id == advisor_id)).all()
    return {name: int(cohort_id or 0) for name, cohort_id in rows}


def _all_reasons(
    session: Session, advisor_id: int, now: datetime | None
) -> list[tuple[StudentSummary, StuckReasons]]:
    summaries = cohort_overview(session, advisor_id=advisor_id, now=now)
    # Someone who joined this week has done nothing yet, but is not stuck: 14 days count from joining.
    joined = dict(
        session.exec(
            select(col(User.id), col(User.created_at)).where(
                col(User.id).in_([s.student_id for s in summaries])
            )
        ).all()
    )
    settled = (now or utc_now()) - INACTIVE_AFTER
    return [
        (
            s,
            reasons_for(
                session,
                student_id=s.student_id,
                inactive=s.inactive and as_utc(joined.get(s.student_id) or utc_now()) < settled,
            ),
        )
        for s in summaries
    ]


def _nudge(
    session: Session, advisor: User, cohort_id: int, student: StudentSummary, reasons: StuckReasons
) -> tuple[str, str]:
    subject, body = _template(session, cohort_id)
    return render_nudge(
        subject,
        body,
        first_name=first_name(student.name),
        advisor_name=advisor.display_name,
        reasons=reasons,
    )


def stuck_students(session: Session, *, advisor_id: int, now: datetime | None = None) -> list[StuckStudent]:
    """The advisor's students who have stalled, least active first, each with a drafted nudge."""
    advisor = _advisor(session, advisor_id)
    cohorts = _cohort_ids(session, advisor_id)
    result = []
    for student, reasons in _all_reasons(session, advisor_id, now):
        if not reasons.stuck:
            continue
        subject, body = _nudge(session, advisor, cohorts.get(student.cohort, 0), student, reasons)
        result.append(
            StuckStudent(
                student_id=student.student_id,
                name=student.name,
                email=student.email,
                cohort=student.cohort,
                reasons=reasons.labels(),
                mailto=mailto_url(student.email, subject, body) if student.email else "",
            )
        )
    return result


def nudge_eml(session: Session, *, advisor_id: int, student_id: object) -> tuple[bytes, str]:
    """The nudge to one of the advisor's students as an `.eml` to open unsent; NotFound for anyone else."""
    wanted = record_id(student_id, "student")
    found = session.exec(
        select(Cohort.id)
        .join(Membership, col(Membership.cohort_id) == Cohort.id)
        .where(Membership.owner_id == wanted, Cohort.owner_id == advisor_id)
    ).first()
    if found is None:
        raise NotFound("student")
    advisor = _advisor(session, advisor_id)
    summary = next(
        (s for s in cohort_overview(session, advisor_id=advisor_id) if s.student_id == wanted), None
    )
    if summary is None:
        raise NotFound("student")
    reasons = reasons_for(session, student_id=wanted, inactive=summary.inactive)
    subject, body = _nudge(session, advisor, int(found), summary, reasons)
    data = build_eml(to=summary.email, subject=subject, body=body, from_addr=advisor.email or None)
    slug = "".join(ch if ch.isalnum() else "-" for ch in first_name(summary.name).lower()) or "student"
    return data, f"nudge-{slug}.eml"


def cohort_settings(
    session: Session, *, advisor_id: int, now: datetime | None = None
) -> list[CohortSettings]:
    """Each of the advisor's cohorts: its N, its nudge template, and how many people were flooded."""
    cohorts = session.exec(
        select(Cohort).where(Cohort.owner_id == advisor_id).order_by(col(Cohort.name))
    ).all()
    result = []
    for cohort in cohorts:
        assert cohort.id is not None
        subject, body = _template(session, cohort.id)
        people, students = flooded_people(session, cohort_id=cohort.id, limit=cohort.outreach_limit, now=now)
        flooded = str(people) if people == 0 or students >= K else WITHHELD
        result.append(CohortSettings(cohort.id, cohort.name, cohort.outreach_limit, subject, body, flooded))
    return result


def save_nudge_template(
    session: Session, *, advisor_id: int, cohort_id: object, subject: object, body: object
) -> None:
    """The advisor's own words for the cohort's nudges; ValidationFailed says what to change."""
    cohort = _own_cohort(session, advisor_id, cohort_id)
    subject_text, body_text = as_text(subject, 10_000), as_text(body, 100_000)
    problems = template_problems(subject_text, body_text)
    if problems:
        raise ValidationFailed(problems)
    row = session.exec(select(NudgeTemplate).where(NudgeTemplate.cohort_id == cohort.id)).first()
    if row is None:
        assert cohort.id is not None
        row = NudgeTemplate(cohort_id=cohort.id)
    row.subject = subject_text.strip()
    row.body = body_text.replace("\r\n", "\n").strip()
    row.updated_at = utc_now()
    session.add(row)


def _figure(value: int | None) -> str:
    return WITHHELD if value is None else str(value)


def cohort_aggregates(
    session: Session, *, advisor_id: int, now: datetime | None = None
) -> list[AggregateRow]:
    """Per cohort, the figures an advisor reports, each withheld when it would describe under 5 students."""
    by_cohort: dict[str, list[tuple[StudentSummary, StuckReasons]]] = {}
    for student, reasons in _all_reasons(session, advisor_id, now):
        by_cohort.setdefault(student.cohort, []).append((student, reasons))
    rows: list[AggregateRow] = []
    settings = {c.name: c for c in cohort_settings(session, advisor_id=advisor_id, now=now)}
    for name in sorted(set(by_cohort) | set(settings)):
        members = by_cohort.get(name, [])
        n = len(members)
        totals = [
            ("Contacts", sum(s.contacts for s, _ in members)),
            ("Outreach sent", sum(s.outreach_sent for s, _ in members)),
            ("Replies", sum(s.replies for s, _ in members)),
            ("Meetings", sum(s.meetings for s, _ in members)),
            ("Thank-yous", sum(s.thank_yous for s, _ in members)),
        ]
        counts = [
            ("Students with no activity for 14 days", sum(r.inactive for _, r in members)),
            ("Students with a follow-up overdue", sum(r.overdue_follow_ups > 0 for _, r in members)),
            (
                "Students with a meeting without a thank-you",
                sum(r.meetings_without_thanks > 0 for _, r in members),
            ),
        ]
        rows.append(AggregateRow(name, "Students", _figure(shown_count(n, n))))
        rows.extend(AggregateRow(name, figure, _figure(shown_total(value, n))) for figure, value in totals)
        rows.extend(AggregateRow(name, figure, _figure(shown_count(value, n))) for figure, value in counts)
        if name in settings:
            limit = settings[name].outreach_limit
            figure = f"People more than {limit} students wrote to in 30 days"
            rows.append(AggregateRow(name, figure, settings[name].flooded))
    return rows


def aggregates_csv(rows: list[AggregateRow]) -> str:
    """The aggregates as CSV for the advisor's reports (cells that look like formulas are quoted safe)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["cohort", "figure", "value"])
    for row in rows:
        cohort = "'" + row.cohort if row.cohort[:1] in ("=", "+", "-", "@") else row.cohort
        writer.writerow([cohort, row.figure, row.value])
    return out.getvalue()
