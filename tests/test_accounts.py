"""Hosted-mode accounts against the real PostgreSQL: hashing, tokens, sessions, throttling, sign-up."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.exc import StatementError
from sqlmodel import Session, select

from app.domain.passwords import HASHER, hash_password, password_problem, verify_password
from app.domain.vocabulary import Role
from app.models import AuthSession, Membership, User
from app.services import accounts
from app.services.errors import ValidationFailed

GOOD_PASSWORD = "correct horse battery staple"
pytestmark = pytest.mark.hosted


@pytest.fixture
def db(pg_engine: Engine):
    with Session(pg_engine, expire_on_commit=False) as session:
        yield session
        session.rollback()


def unique_email(prefix: str = "student") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.org"


@pytest.fixture
def cohort_code(db: Session) -> str:
    advisor = unique_email("advisor")
    accounts.create_user(db, email=advisor, password=GOOD_PASSWORD, role=Role.ADVISOR)
    _, code = accounts.create_cohort(db, advisor_email=advisor, name="Class of 2027")
    db.commit()
    return code


def test_passwords_are_hashed_with_argon2id_at_owasp_parameters() -> None:
    hashed = hash_password(GOOD_PASSWORD)
    assert hashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert GOOD_PASSWORD not in hashed
    assert verify_password(hashed, GOOD_PASSWORD)
    assert not verify_password(hashed, GOOD_PASSWORD + "!")
    assert not verify_password(None, GOOD_PASSWORD)
    assert (HASHER.memory_cost, HASHER.time_cost, HASHER.parallelism) == (19456, 2, 1)


@pytest.mark.parametrize(
    ("password", "allowed"),
    [
        ("short pass", False),
        ("x" * 11 + "y", False),  # twelve characters but only two different ones
        ("qwerty123456", False),  # a common password
        ("Password1234", False),
        (GOOD_PASSWORD, True),
        ("a" * 60 + "bcde" + "f" * 64, True),  # 128 characters are accepted
        ("ü" * 3 + "long enough phrase", True),
        ("y" * 257, False),
    ],
)
def test_password_policy(password: str, allowed: bool) -> None:
    assert (password_problem(password) is None) is allowed


def test_sign_up_with_an_invite_code_joins_the_cohort_and_starts_a_session(
    db: Session, cohort_code: str
) -> None:
    email = unique_email()
    token = accounts.sign_up(db, email=email, password=GOOD_PASSWORD, invite_code=cohort_code.lower())
    db.commit()
    signed_in = accounts.session_user(db, token=token)
    assert signed_in is not None and signed_in.role is Role.STUDENT
    assert db.exec(select(Membership).where(Membership.owner_id == signed_in.user_id)).one()
    assert len(token) >= 32  # 256 bits of randomness, URL-safe
    stored = db.exec(select(AuthSession.token_hash).where(AuthSession.owner_id == signed_in.user_id)).one()
    assert stored != token and stored == accounts.token_hash(token)


def test_sign_up_messages_do_not_reveal_whether_an_email_has_an_account(
    db: Session, cohort_code: str
) -> None:
    email = unique_email()
    accounts.sign_up(db, email=email, password=GOOD_PASSWORD, invite_code=cohort_code)
    db.commit()
    with pytest.raises(ValidationFailed) as taken:
        accounts.sign_up(db, email=email, password=GOOD_PASSWORD, invite_code=cohort_code)
    with pytest.raises(ValidationFailed) as bad_code:
        accounts.sign_up(db, email=unique_email(), password=GOOD_PASSWORD, invite_code="NOPE-NOPE-NOPE")
    assert taken.value.errors == bad_code.value.errors


def test_login_failures_say_the_same_thing_for_unknown_email_and_wrong_password(
    db: Session, cohort_code: str
) -> None:
    email = unique_email()
    accounts.sign_up(db, email=email, password=GOOD_PASSWORD, invite_code=cohort_code)
    db.commit()
    messages = set()
    for attempt_email, password in ((email, "wrong password here"), (unique_email(), GOOD_PASSWORD)):
        with pytest.raises(accounts.LoginRefused) as refused:
            accounts.log_in(
                db, email=attempt_email, password=password, address=f"10.0.0.{uuid.uuid4().int % 250}"
            )
        messages.add(str(refused.value))
    assert messages == {accounts.LOGIN_FAILED}


def test_login_replaces_the_session_with_a_new_token(db: Session, cohort_code: str) -> None:
    email = unique_email()
    first = accounts.sign_up(db, email=email, password=GOOD_PASSWORD, invite_code=cohort_code)
    second = accounts.log_in(db, email=email.upper(), password=GOOD_PASSWORD, address="192.0.2.1")
    db.commit()
    assert first != second
    assert accounts.session_user(db, token=second) is not None


def test_a_session_expires_after_thirty_days_of_disuse(db: Session, cohort_code: str) -> None:
    token = accounts.sign_up(db, email=unique_email(), password=GOOD_PASSWORD, invite_code=cohort_code)
    db.commit()
    now = datetime.now(UTC)
    assert accounts.session_user(db, token=token, now=now + timedelta(days=29)) is not None
    db.commit()  # that use refreshed it: thirty more days from day 29
    assert accounts.session_user(db, token=token, now=now + timedelta(days=58)) is not None
    assert accounts.session_user(db, token=token, now=now + timedelta(days=89)) is None


def test_logout_and_password_change_end_sessions(db: Session, cohort_code: str) -> None:
    email = unique_email()
    token_a = accounts.sign_up(db, email=email, password=GOOD_PASSWORD, invite_code=cohort_code)
    token_b = accounts.log_in(db, email=email, password=GOOD_PASSWORD, address="192.0.2.7")
    db.commit()
    accounts.end_session(db, token=token_a)
    assert accounts.session_user(db, token=token_a) is None
    user = accounts.session_user(db, token=token_b)
    assert user is not None
    with pytest.raises(ValidationFailed):
        accounts.change_password(db, user_id=user.user_id, current="not it at all", new="another fine phrase")
    accounts.change_password(db, user_id=user.user_id, current=GOOD_PASSWORD, new="another fine phrase")
    db.commit()
    assert accounts.session_user(db, token=token_b) is None
    assert accounts.log_in(db, email=email, password="another fine phrase", address="192.0.2.7")


def test_a_deactivated_user_cannot_use_a_session_or_log_in(db: Session, cohort_code: str) -> None:
    email = unique_email()
    token = accounts.sign_up(db, email=email, password=GOOD_PASSWORD, invite_code=cohort_code)
    accounts.deactivate_user(db, email=email)
    db.commit()
    assert accounts.session_user(db, token=token) is None
    with pytest.raises(accounts.LoginRefused):
        accounts.log_in(db, email=email, password=GOOD_PASSWORD, address="192.0.2.8")


def test_rotating_an_invite_code_retires_the_old_one(db: Session) -> None:
    advisor = unique_email("advisor")
    accounts.create_user(db, email=advisor, password=GOOD_PASSWORD, role=Role.ADVISOR)
    cohort_id, old = accounts.create_cohort(db, advisor_email=advisor, name="Rotating")
    new = accounts.rotate_invite_code(db, cohort_id=cohort_id)
    db.commit()
    assert new != old
    with pytest.raises(ValidationFailed):
        accounts.sign_up(db, email=unique_email(), password=GOOD_PASSWORD, invite_code=old)
    assert accounts.sign_up(db, email=unique_email(), password=GOOD_PASSWORD, invite_code=new)


def test_tokens_that_are_garbage_find_nobody(db: Session) -> None:
    for token in ("", "x", "a" * 500, "'; select 1;--"):
        assert accounts.session_user(db, token=token) is None


def test_no_stored_user_column_holds_a_plain_password(db: Session, cohort_code: str) -> None:
    email = unique_email()
    accounts.sign_up(db, email=email, password=GOOD_PASSWORD, invite_code=cohort_code)
    db.commit()
    user = db.exec(select(User).where(User.email == email)).one()
    assert GOOD_PASSWORD not in repr(user.model_dump())


def test_a_role_outside_the_vocabulary_never_reaches_the_table(db: Session) -> None:
    with pytest.raises(StatementError, match="'root' is not a valid Role"):
        accounts.create_user(db, email=unique_email("root"), password=GOOD_PASSWORD, role="root")  # type: ignore[arg-type]
    db.rollback()


def test_only_advisors_and_admins_may_run_a_cohort(db: Session) -> None:
    for role in Role:
        email = unique_email(role.value)
        accounts.create_user(db, email=email, password=GOOD_PASSWORD, role=role)
        if role is Role.STUDENT:
            with pytest.raises(ValidationFailed):
                accounts.create_cohort(db, advisor_email=email, name="Class")
        else:
            assert accounts.create_cohort(db, advisor_email=email, name="Class")[0] > 0
