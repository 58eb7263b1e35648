"""The student's weekly goal: how many outreach emails they mean to send each week."""

from __future__ import annotations

from sqlmodel import Session

from app.models import User
from app.services.errors import NotFound, ValidationFailed

GOAL_MIN = 1
GOAL_MAX = 100
GOAL_MESSAGE = f"Choose a number from {GOAL_MIN} to {GOAL_MAX}. Five a week is a good start."


def _user(session: Session, owner_id: int) -> User:
    user = session.get(User, owner_id)
    if user is None:
        raise NotFound("user")
    return user


def weekly_goal(session: Session, *, owner_id: int) -> int:
    return _user(session, owner_id).weekly_goal


def clean_goal(value: object) -> int:
    """The goal as a whole number from 1 to 100, or ValidationFailed with a message for the field."""
    text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    try:
        goal = int(text)
    except ValueError:
        raise ValidationFailed({"weekly_goal": GOAL_MESSAGE}) from None
    if not GOAL_MIN <= goal <= GOAL_MAX:
        raise ValidationFailed({"weekly_goal": GOAL_MESSAGE})
    return goal


def set_weekly_goal(session: Session, *, owner_id: int, value: object) -> int:
    goal = clean_goal(value)
    user = _user(session, owner_id)
    user.weekly_goal = goal
    session.add(user)
    session.flush()
    return goal
