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

from sqlalchemy import delete, text
from sqlmodel import Session, col, select

from app.domain.addresses import address_bucket
from app.domain.passwords import hash_password, needs_rehash, password_problem, verify_password
from app.domain.times import as_utc, utc_now
from app.domain.vocabulary import ADVISING_ROLES, Role
from app.models import AuthSession, Cohort, LoginFailure, Membership, User
from app.services.errors import ValidationFailed

SESSION_IDLE_LIMIT = timedelta(days=30)
# However active, a session ends this long after the login that made it.
SESSION_MAX_AGE = timedelta(days=90)
# Refreshing last_seen on every event would write on every click; once an hour is plenty.
SESSION_TOUCH_EVERY = timedelta(hours=1)

# Failed logins slow the one (account, address) pair that fails: a few typos cost nothing, then each
# failure doubles the wait before the pair's next attempt, up to a cap. The student's own address is
# a different pair, so an attacker elsewhere never locks them out.
FREE_FAILURES_PER_PAIR = 5
PAIR_FIRST_DELAY = timedelta(seconds=30)
PAIR_MAX_DELAY = timedelta(minutes=15)
PAIR_MEMORY = timedelta(hours=24)
# One address failing for many accounts is locked as a whole (never a trusted proxy's address).
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ADDRESS = 30
# Sign-up, per address: attempts of any kind, and wrong invite codes among them.
SIGNUP_WINDOW = timedelta(hours=1)
MAX_SIGNUPS_PER_ADDRESS = 40
MAX_WRONG_CODES_PER_ADDRESS = 10
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

LOGIN_FAILED = "That email and password don't match an account. Check them and try again."
SIGNUP_THROTTLED = "Too many sign-up attempts from here."
SIGNUP_FAILED = "We couldn't create that account. Check the invite code, or log in if you already have one."


class LoginRefused(PermissionError):
    """Login failed; the message is the same whatever the reason (except throttling)."""

    def __init__(self, message: str, *, retry_after: timedelta | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def wait_words(wait: timedelta) -> str:
    """`1 minute`, `4 minutes`: rounded up, so trying at the time said always works."""
    minutes = max(1, -(-int(wait.total_seconds()) // 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def throttled_message(wait: timedelta) -> str:
    return f"Too many attempts. Wait {wait_words(wait)}, then try again."


def signup_throttled_message(wait: timedelta) -> str:
    return f"{SIGNUP_THROTTLED} Wait {wait_words(wait)}, then try again."


class SignUpThrottled(ValidationFailed):
    """Too many sign-up attempts from one address: the form says how long to wait."""

    def __init__(self, wait: timedelta) -> None:
        super().__init__({"form": signup_throttled_message(wait)})
        self.retry_after = wait


@dataclass(frozen=True)
class SignedIn:
    user_id: int
    role: Role
    display_name: str


def normalise_email(email: str) -> str:
    return email.strip().casefold()[:254]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _pair_key(email: str, address: str) -> str:
    """The key never holds the email itself."""
    pair = normalise_email(email) + "\n" + address_bucket(address)
    return "pair:" + hashlib.sha256(pair.encode()).hexdigest()


def _address_key(address: str, kind: str = "address") -> str:
    return f"{kind}:" + address_bucket(address)[:90]


def new_invite_code() -> str:
    """Easy to read aloud and type: no 0/O or 1/I/L."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _normalise_code(code: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9]", "", code).upper()
    return f"{cleaned[:4]}-{cleaned[4:8]}-{cleaned[8:12]}" if len(cleaned) == 12 else cleaned


# ---- throttling -------------------------------------------------------------------------------


def _failures(session: Session, key: str, since: datetime, limit: int) -> list[datetime]:
    """This key's latest `limit` recorded moments since `since`, newest first (more never matter)."""
    rows = session.exec(
        select(LoginFailure.at)
        .where(LoginFailure.key == key, col(LoginFailure.at) >= since)
        .order_by(col(LoginFailure.at).desc())
        .limit(limit)
    ).all()
    return [as_utc(at) for at in rows]


def _one_attempt_at_a_time(session: Session, key: str) -> None:
    """On PostgreSQL, attempts for one key wait for each other until commit, so a burst of parallel
    requests cannot all pass the check before any failure is recorded. (SQLite writes one at a time.)"""
    if session.get_bind().dialect.name == "postgresql":
        lock_id = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
        session.exec(text("SELECT pg_advisory_xact_lock(:id)").bindparams(id=lock_id))  # type: ignore[call-overload]


def pair_delay(failures: int) -> timedelta:
    """How long a pair waits after its n-th recent failure: nothing, then 30 s doubling up to 15 minutes."""
    if failures < FREE_FAILURES_PER_PAIR:
        return timedelta(0)
    doublings = min(failures - FREE_FAILURES_PER_PAIR, 20)
    return min(PAIR_MAX_DELAY, PAIR_FIRST_DELAY * (2**doublings))


def _window_wait(moments: list[datetime], limit: int, window: timedelta, now: datetime) -> timedelta | None:
    """With `limit` or more moments (newest first) in the window, how long until one fewer is in it."""
    if len(moments) < limit:
        return None
    return max(timedelta(seconds=1), moments[limit - 1] + window - now)


def login_wait(
    session: Session, *, email: str, address: str, address_is_proxy: bool = False, now: datetime | None = None
) -> timedelta | None:
    """How long this email from this address must wait before another attempt, or None if it may try now."""
    moment = now or utc_now()
    waits: list[timedelta] = []
    pair = _failures(session, _pair_key(email, address), moment - PAIR_MEMORY, FREE_FAILURES_PER_PAIR + 30)
    if pair:
        next_allowed = pair[0] + pair_delay(len(pair))
        if next_allowed > moment:
            waits.append(next_allowed - moment)
    if not address_is_proxy:
        per_address = _failures(
            session, _address_key(address), moment - THROTTLE_WINDOW, MAX_FAILURES_PER_ADDRESS
        )
        address_wait = _window_wait(per_address, MAX_FAILURES_PER_ADDRESS, THROTTLE_WINDOW, moment)
        if address_wait is not None:
            waits.append(address_wait)
    return max(waits) if waits else None


def _record(session: Session, *keys: str, now: datetime) -> None:
    for key in keys:
        session.add(LoginFailure(key=key, at=now))
    # Old rows only slow the counts down.
    oldest_kept = now - max(PAIR_MEMORY, THROTTLE_WINDOW, SIGNUP_WINDOW)
    session.exec(delete(LoginFailure).where(col(LoginFailure.at) < oldest_kept))


def _record_failure(session: Session, *, email: str, address: str, now: datetime) -> None:
    _record(session, _pair_key(email, address), _address_key(address), now=now)


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
    """Who holds this token, if the session is live: not ended, used within 30 days, made within 90
    days, user active."""
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
    idle = as_utc(auth.last_seen_at) < moment - SESSION_IDLE_LIMIT
    too_old = as_utc(auth.created_at) < moment - SESSION_MAX_AGE
    if not user.is_active or idle or too_old:
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


def log_in(
    session: Session,
    *,
    email: str,
    password: str,
    address: str,
    address_is_proxy: bool = False,
    now: datetime | None = None,
) -> str:
    """A new session token, or LoginRefused with a message that reveals nothing about the account.

    An attempt before its (account, address) pair's next allowed time is refused unchecked and
    uncounted, with the wait in words; `address_is_proxy` spares a trusted proxy's address the
    per-address lock.
    """
    moment = now or utc_now()
    _one_attempt_at_a_time(session, _pair_key(email, address))
    wait = login_wait(session, email=email, address=address, address_is_proxy=address_is_proxy, now=moment)
    if wait is not None:
        raise LoginRefused(throttled_message(wait), retry_after=wait)
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
    # The student proved who they are: their own typos from here are forgotten.
    session.exec(delete(LoginFailure).where(col(LoginFailure.key) == _pair_key(email, address)))
    return start_session(session, user_id=user.id, now=moment)


def signup_wait(
    session: Session, *, address: str, address_is_proxy: bool = False, now: datetime | None = None
) -> timedelta | None:
    """How long this address must wait before another sign-up attempt, or None."""
    if address_is_proxy:
        return None
    moment = now or utc_now()
    since = moment - SIGNUP_WINDOW
    waits = [
        _window_wait(_failures(session, _address_key(address, "signup"), since, MAX_SIGNUPS_PER_ADDRESS),
                     MAX_SIGNUPS_PER_ADDRESS, SIGNUP_WINDOW, moment),
        _window_wait(_failures(session, _address_key(address, "invite"), since, MAX_WRONG_CODES_PER_ADDRESS),
                     MAX_WRONG_CODES_PER_ADDRESS, SIGNUP_WINDOW, moment),
    ]  # fmt: skip
    found = [wait for wait in waits if wait is not None]
    return max(found) if found else None


def sign_up(
    session: Session,
    *,
    email: str,
    password: str,
    invite_code: str,
    display_name: str = "",
    address: str | None = None,
    address_is_proxy: bool = False,
    now: datetime | None = None,
) -> str:
    """Creates a student in the invite code's cohort and returns a session token.

    Per address, a bounded number of attempts and of wrong invite codes per hour (stored, so every
    worker counts the same): over either, ValidationFailed says how long to wait. Without an
    address (not a web request: the command line, tests), nothing is counted.

    The attempt is counted even when it fails, so the caller must commit after a ValidationFailed.
    """
    moment = now or utc_now()
    counted = None if address_is_proxy else address  # the address whose attempts count, if any
    if counted is not None:
        _one_attempt_at_a_time(session, _address_key(counted, "signup"))
        wait = signup_wait(session, address=counted, now=moment)
        if wait is not None:
            raise SignUpThrottled(wait)
        _record(session, _address_key(counted, "signup"), now=moment)
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
    if cohort is None and counted is not None:
        _record(session, _address_key(counted, "invite"), now=moment)
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
    return start_session(session, user_id=user.id, now=moment)


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
