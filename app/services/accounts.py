"""Hosted-mode accounts: sign up with an invite code, log in, sessions, throttling, password changes.

Messages never say whether an email has an account, and the session token exists in full only in
the student's cookie: the database keeps its SHA-256.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from app.domain.passwords import hash_password, needs_rehash, password_problem, verify_password
from app.domain.times import as_utc, utc_now
from app.domain.vocabulary import ADVISING_ROLES, Role
from app.models import AuthSession, Cohort, LoginFailure, Membership, User
from app.services.errors import ValidationFailed

SESSION_IDLE_LIMIT = timedelta(days=30)
# Refreshing last_seen on every event would write on every click; once an hour is plenty.
SESSION_TOUCH_EVERY = timedelta(hours=1)
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

LOGIN_FAILED = "That email and password don't match an account. Check them and try again."
THROTTLED = "Too many attempts. Wait 15 minutes, then try again."
SIGNUP_FAILED = "We couldn't create that account. Check the invite code, or log in if you already have one."


class LoginRefused(PermissionError):
    """Login failed; the message is the same whatever the reason (except throttling)."""


@dataclass(frozen=True)
class SignedIn:
    user_id: int
    role: Role
    display_name: str


def normalise_email(email: str) -> str:
    return email.strip().casefold()[:254]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _account_key(email: str) -> str:
    return "account:" + hashlib.sha256(normalise_email(email).encode()).hexdigest()[:64]


def _address_key(address: str) -> str:
    return "address:" + address[:90]


def new_invite_code() -> str:
    """Easy to read aloud and type: no 0/O or 1/I/L."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _normalise_code(code: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9]", "", code).upper()
    return f"{cleaned[:4]}-{cleaned[4:8]}-{cleaned[8:12]}" if len(cleaned) == 12 else cleaned


# ---- throttling -------------------------------------------------------------------------------


def is_throttled(session: Session, *, email: str, address: str, now: datetime | None = None) -> bool:
    since = (now or utc_now()) - THROTTLE_WINDOW
    per_account = session.exec(
        select(func.count()).where(LoginFailure.key == _account_key(email), col(LoginFailure.at) >= since)
    ).one()
    per_address = session.exec(
        select(func.count()).where(LoginFailure.key == _address_key(address), col(LoginFailure.at) >= since)
    ).one()
    return per_account >= MAX_FAILURES_PER_ACCOUNT or per_address >= MAX_FAILURES_PER_ADDRESS


def _record_failure(session: Session, *, email: str, address: str, now: datetime) -> None:
    session.add(LoginFailure(key=_account_key(email), at=now))
    session.add(LoginFailure(key=_address_key(address), at=now))
    # Old rows only slow the count down.
    session.exec(delete(LoginFailure).where(col(LoginFailure.at) < now - 4 * THROTTLE_WINDOW))


# ---- sessions ---------------------------------------------------------------------------------


def start_session(session: Session, *, user_id: int, now: datetime | None = None) -> str:
    """A fresh random token (256 bits) for the cookie; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    moment = now or utc_now()
    session.add(
        AuthSession(owner_id=user_id, token_hash=token_hash(token), created_at=moment, last_seen_at=moment)
    )
    session.flush()
    return token


def session_user(session: Session, *, token: str, now: datetime | None = None) -> SignedIn | None:
    """Who holds this token, if the session is live: not ended, used within 30 days, user active."""
    if not token or len(token) > 200:
        return None
    moment = now or utc_now()
    row = session.exec(
        select(AuthSession, User)
        .join(User, col(User.id) == AuthSession.owner_id)
        .where(AuthSession.token_hash == token_hash(token))
    ).first()
    if row is None:
        return None
    auth, user = row
    if not user.is_active or as_utc(auth.last_seen_at) < moment - SESSION_IDLE_LIMIT:
        session.delete(auth)
        return None
    if as_utc(auth.last_seen_at) < moment - SESSION_TOUCH_EVERY:
        auth.last_seen_at = moment
        user.last_active_at = moment
        session.add(auth)
        session.add(user)
    assert user.id is not None
    return SignedIn(user_id=user.id, role=user.role, display_name=user.display_name)


def end_session(session: Session, *, token: str) -> None:
    session.exec(delete(AuthSession).where(col(AuthSession.token_hash) == token_hash(token)))


def end_all_sessions(session: Session, *, user_id: int) -> None:
    session.exec(delete(AuthSession).where(col(AuthSession.owner_id) == user_id))


# ---- accounts ---------------------------------------------------------------------------------


def log_in(session: Session, *, email: str, password: str, address: str, now: datetime | None = None) -> str:
    """A new session token, or LoginRefused with a message that reveals nothing about the account."""
    moment = now or utc_now()
    if is_throttled(session, email=email, address=address, now=moment):
        raise LoginRefused(THROTTLED)
    user = session.exec(select(User).where(User.email == normalise_email(email))).first()
    valid = verify_password(user.password_hash if user else None, password[:1024])
    if user is None or not valid or not user.is_active:
        _record_failure(session, email=email, address=address, now=moment)
        raise LoginRefused(LOGIN_FAILED)
    assert user.id is not None
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_active_at = moment
    session.add(user)
    return start_session(session, user_id=user.id, now=moment)


def sign_up(session: Session, *, email: str, password: str, invite_code: str, display_name: str = "") -> str:
    """Creates a student in the invite code's cohort and returns a session token."""
    errors: dict[str, str] = {}
    email_n = normalise_email(email)
    if not EMAIL_PATTERN.match(email_n):
        errors["email"] = "Enter your email address, like name@example.org."
    problem = password_problem(password, email=email_n)
    if problem:
        errors["password"] = problem
    if len(display_name) > 200:
        errors["name"] = "Keep your name under 200 characters."
    if errors:
        raise ValidationFailed(errors)
    cohort = session.exec(select(Cohort).where(Cohort.invite_code == _normalise_code(invite_code))).first()
    taken = session.exec(select(User.id).where(User.email == email_n)).first()
    if cohort is None or taken is not None:
        # One message for both, so sign-up can't be used to find out who has an account.
        raise ValidationFailed({"form": SIGNUP_FAILED})
    user = User(
        email=email_n,
        display_name=" ".join(display_name.split()) or email_n.split("@")[0],
        password_hash=hash_password(password),
        role=Role.STUDENT,
    )
    session.add(user)
    session.flush()
    assert user.id is not None and cohort.id is not None
    session.add(Membership(owner_id=user.id, cohort_id=cohort.id))
    return start_session(session, user_id=user.id)


def change_password(session: Session, *, user_id: int, current: str, new: str) -> None:
    """Changes the password and ends every session, this one included."""
    user = session.get(User, user_id)
    if user is None or not verify_password(user.password_hash, current[:1024]):
        raise ValidationFailed({"current": "That isn't your current password."})
    problem = password_problem(new, email=user.email or "")
    if problem:
        raise ValidationFailed({"new": problem})
    user.password_hash = hash_password(new)
    session.add(user)
    end_all_sessions(session, user_id=user_id)


# ---- administration ---------------------------------------------------------------------------


def create_user(session: Session, *, email: str, password: str, role: Role, display_name: str = "") -> int:
    email_n = normalise_email(email)
    if not EMAIL_PATTERN.match(email_n):
        raise ValidationFailed({"email": "Enter an email address, like name@example.org."})
    problem = password_problem(password, email=email_n)
    if problem:
        raise ValidationFailed({"password": problem})
    if session.exec(select(User.id).where(User.email == email_n)).first() is not None:
        raise ValidationFailed({"email": "An account with that email already exists."})
    user = User(email=email_n, display_name=display_name or email_n.split("@")[0], role=role,
                password_hash=hash_password(password))  # fmt: skip
    session.add(user)
    session.flush()
    assert user.id is not None
    return user.id


def create_cohort(session: Session, *, advisor_email: str, name: str) -> tuple[int, str]:
    advisor = session.exec(select(User).where(User.email == normalise_email(advisor_email))).first()
    if advisor is None or advisor.role not in ADVISING_ROLES:
        raise ValidationFailed({"advisor": "No advisor has that email. Create the advisor first."})
    if not name.strip():
        raise ValidationFailed({"name": "Give the cohort a name."})
    code = new_invite_code()
    assert advisor.id is not None  # a stored row
    cohort = Cohort(owner_id=advisor.id, name=name.strip()[:200], invite_code=code)
    session.add(cohort)
    session.flush()
    assert cohort.id is not None
    return cohort.id, code


def rotate_invite_code(session: Session, *, cohort_id: int) -> str:
    cohort = session.get(Cohort, cohort_id)
    if cohort is None:
        raise ValidationFailed({"cohort": f"There is no cohort {cohort_id}."})
    cohort.invite_code = new_invite_code()
    session.add(cohort)
    return cohort.invite_code


def deactivate_user(session: Session, *, email: str) -> None:
    user = session.exec(select(User).where(User.email == normalise_email(email))).first()
    if user is None:
        raise ValidationFailed({"email": "No account has that email."})
    user.is_active = False
    session.add(user)
    assert user.id is not None
    end_all_sessions(session, user_id=user.id)
