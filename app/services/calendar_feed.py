"""The student's calendar feed: a secret, revocable link to everything due, as one RFC 5545 calendar.

Only the token's hash is stored, so the link is shown once, when it is made. What is due comes from
Today's own derivation (`app.services.today.due_today`), asked twice: for today (what is due now,
overdue included, shown on today) and for the weeks ahead (what will fall due if nothing changes,
each on its own day). Meetings are timed events in the student's zone.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from app import routes
from app.domain.ics import DayEvent, Event, TimedEvent, calendar_text, meeting_times
from app.domain.local_time import LocalClock, local_moment
from app.domain.times import utc_now
from app.domain.vocabulary import MeetingStatus
from app.models import CalendarFeed, Contact, Meeting, User
from app.services.accounts import token_hash
from app.services.clock import clock_for
from app.services.meetings import REMINDER_DESCRIPTION, calendar_zone, meeting_event_uid
from app.services.today import DueRow, due_today

# A keep-in-touch cycle (3 months) ahead, and the last fortnight's meetings behind.
DAYS_AHEAD = 92
LOOK_AHEAD_STEP_DAYS = 7
MEETING_DAYS_BEHIND = 14
MEETING_LIMIT = 300
TOKEN_LIMIT = 200
FEED_NAME = "Rapport: what's due"


@dataclass(frozen=True)
class FeedLink:
    """What settings shows: whether a link is live, since when, and the address right after making it."""

    active: bool
    created_on: str = ""
    url: str = ""  # only in the answer to making it: the token is not kept


def feed_link(session: Session, *, owner_id: int) -> FeedLink:
    row = session.exec(select(CalendarFeed).where(CalendarFeed.owner_id == owner_id)).first()
    if row is None:
        return FeedLink(active=False)
    return FeedLink(active=True, created_on=row.created_at.date().isoformat())


def make_feed_link(session: Session, *, owner_id: int, public_url: str) -> FeedLink:
    """A new secret link; any earlier one stops answering at once."""
    revoke_feed_link(session, owner_id=owner_id)
    session.flush()
    token = secrets.token_urlsafe(32)
    row = CalendarFeed(owner_id=owner_id, token_hash=token_hash(token))
    session.add(row)
    session.flush()
    url = public_url.rstrip("/") + routes.calendar_feed_url(token)
    return FeedLink(active=True, created_on=row.created_at.date().isoformat(), url=url)


def revoke_feed_link(session: Session, *, owner_id: int) -> None:
    row = session.exec(select(CalendarFeed).where(CalendarFeed.owner_id == owner_id)).first()
    if row is not None:
        session.delete(row)


def feed_of_token(session: Session, *, token: object) -> CalendarFeed | None:
    """The live feed this token opens, or None: garbage, revoked, or an account no longer active."""
    if not isinstance(token, str) or not token or len(token) > TOKEN_LIMIT:
        return None
    row = session.exec(select(CalendarFeed).where(CalendarFeed.token_hash == token_hash(token))).first()
    if row is None:
        return None
    user = session.get(User, row.owner_id)
    return row if user is not None and user.is_active else None


def feed_today(session: Session, *, feed: CalendarFeed, fixed: date | None = None) -> date:
    """The owner's today: `fixed` (RAPPORT_TODAY) when set, else the date in their time zone now."""
    return fixed or utc_now().astimezone(calendar_zone(session, owner_id=feed.owner_id)).date()


def _due_event(row: DueRow, on: date, salt: str, public_url: str, *, ahead: bool = False) -> DayEvent:
    # An item still ahead was worded for the later day it was derived on: only its reason still reads true.
    when = "" if ahead else row.when + "."
    return DayEvent(
        uid=f"rapport-due-{row.kind}-{row.contact_id}-{salt}@rapport.local",
        summary=f"{row.kind_label}: {row.contact_name}",
        on=on,
        description=" ".join(part for part in (when, row.reason) if part),
        url=public_url + row.contact_url,
    )


def _due_events(session: Session, feed: CalendarFeed, today: date, public_url: str) -> list[Event]:
    """What Today will list on each coming day, from the same card rule: looked at a week apart (every
    card lives at least a week), each item once, on its own due day (an overdue one on today)."""
    zone = clock_for(session, owner_id=feed.owner_id, fixed=today).zone
    events: list[Event] = []
    seen: set[str] = set()
    for offset in range(0, DAYS_AHEAD + 1, LOOK_AHEAD_STEP_DAYS):
        day = today + timedelta(days=offset)
        clock = LocalClock(local_moment(utc_now(), zone, day), zone)
        for row in due_today(session, owner_id=feed.owner_id, clock=clock).rows:
            # A meeting still to come is in the feed as itself: not yet as "How did it go?".
            if row.key in seen or (offset and row.asks_outcome):
                continue
            seen.add(row.key)
            on = max(today, date.fromisoformat(row.due_on))
            events.append(_due_event(row, on, feed.uid_salt, public_url, ahead=on > today))
    return events


def _meeting_events(session: Session, feed: CalendarFeed, today: date, public_url: str) -> list[Event]:
    zone = calendar_zone(session, owner_id=feed.owner_id)
    rows = session.exec(
        select(Meeting, Contact.name)
        .join(Contact, col(Contact.id) == Meeting.contact_id)
        .where(
            Meeting.owner_id == feed.owner_id,
            Meeting.status != MeetingStatus.CANCELLED,
            col(Contact.deleted_at).is_(None),
            col(Meeting.starts_on) >= today - timedelta(days=MEETING_DAYS_BEHIND),
            col(Meeting.starts_on) <= today + timedelta(days=DAYS_AHEAD),
        )
        .order_by(col(Meeting.starts_on))
        .limit(MEETING_LIMIT)
    ).all()
    events: list[Event] = []
    for meeting, name in rows:
        starts, ends = meeting_times(
            meeting.starts_on, meeting.starts_at_time, meeting.duration_minutes, zone
        )
        events.append(
            TimedEvent(
                uid=f"feed-{meeting_event_uid(meeting)}",
                summary=f"Informational interview with {name}",
                starts=starts,
                ends=ends,
                sequence=meeting.calendar_sequence,
                location=meeting.place or meeting.video_link,
                description=REMINDER_DESCRIPTION,
                url=public_url + routes.meeting_prep_url(meeting.id or 0),
            )
        )
    return events


def feed_calendar(
    session: Session, *, feed: CalendarFeed, today: date, public_url: str, now: datetime | None = None
) -> str:
    """The feed's whole calendar for its owner: due items as all-day events, meetings timed."""
    base = public_url.rstrip("/")
    events = _due_events(session, feed, today, base) + _meeting_events(session, feed, today, base)
    return calendar_text(events, name=FEED_NAME, now=now or utc_now())
