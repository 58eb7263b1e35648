"""Each student's clock: their stored time zone, and the moment every date the app shows is read from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection
from sqlmodel import Session, select

from app.domain.local_time import LocalClock, known_zone, local_moment, zone_for
from app.domain.times import utc_now
from app.models import User
from app.services.cards import forget_windows
from app.services.errors import ValidationFailed

__all__ = ["ZoneSetting", "clock_for", "remember_browser_zone", "set_time_zone", "zone_setting"]

UNKNOWN_ZONE_NOTE = (
    "Your browser didn't name a time zone Rapport knows, so days are counted in UTC. Choose yours below."
)


@dataclass(frozen=True)
class ZoneSetting:
    """What settings shows: the zone in use, and whether it is UTC for want of a better one."""

    name: str  # "Europe/London", or "UTC"
    chosen: bool  # False while it is UTC because nothing (or nothing known) was stored


def _stored_zone(db: Session | Connection, owner_id: int) -> str:
    value = db.execute(select(User.time_zone).where(User.id == owner_id)).scalar_one_or_none()
    return value or ""


def clock_for(db: Session | Connection, *, owner_id: int, fixed: date | None = None) -> LocalClock:
    """Now, in the owner's zone (UTC when unknown), on the day `fixed` (RAPPORT_TODAY) says if set."""
    zone = zone_for(_stored_zone(db, owner_id))
    return LocalClock(local_moment(utc_now(), zone, fixed), zone)


def zone_setting(session: Session, *, owner_id: int) -> ZoneSetting:
    known = known_zone(_stored_zone(session, owner_id))
    return ZoneSetting(name=known or "UTC", chosen=known is not None)


def set_time_zone(session: Session, *, owner_id: int, name: object) -> str:
    """The student's choice in settings; an unknown name is refused and the saved zone kept."""
    known = known_zone(name)
    if known is None:
        raise ValidationFailed({"time_zone": "Choose a time zone from the list, like Europe/London."})
    user = session.get(User, owner_id)
    if user is None:
        raise ValidationFailed({"time_zone": "Sign in again to change your time zone."})
    changed = user.time_zone != known
    user.time_zone = known
    session.add(user)
    if changed:
        forget_windows(session, owner_id=owner_id)
    return known


def remember_browser_zone(session: Session, *, owner_id: int, name: object) -> bool:
    """The zone the browser detected on page load, kept only while the student has none: a choice made
    in settings is never overwritten. Returns whether it was stored."""
    known = known_zone(name)
    user = session.get(User, owner_id)
    if known is None or user is None or known_zone(user.time_zone) is not None:
        return False
    user.time_zone = known
    session.add(user)
    forget_windows(session, owner_id=owner_id)
    return True
