"""Throttling of logins and sign-ups, trusted proxies, and the absolute session lifetime.

Each test runs on SQLite and on the real PostgreSQL: the counts live in the database, so every
worker agrees, and both engines must agree too.
"""

from __future__ import annotations

import itertools
import threading
import uuid
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.requests import Request

from app import web_auth
from app.domain.addresses import address_bucket, client_address, parse_networks
from app.domain.vocabulary import Role
from app.services import accounts
from app.services.errors import ValidationFailed
from app.settings import load_settings

GOOD_PASSWORD = "correct horse battery staple"
WRONG = "not my password at all"
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.hosted)])
def db(request: pytest.FixtureRequest) -> Iterator[Session]:
    engine: Engine = request.getfixturevalue("engine" if request.param == "sqlite" else "pg_engine")
    with Session(engine, expire_on_commit=False) as session:
        yield session
        session.rollback()


def unique_email(prefix: str = "student") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.org"


def unique_address() -> str:
    """An address no other test uses (the PostgreSQL database is shared by the whole run)."""
    value = uuid.uuid4().int
    return f"100.{64 + value % 64}.{(value >> 8) % 256}.{(value >> 16) % 254 + 1}"


@pytest.fixture
def cohort_code(db: Session) -> str:
    advisor = unique_email("advisor")
    accounts.create_user(db, email=advisor, password=GOOD_PASSWORD, role=Role.ADVISOR)
    _, code = accounts.create_cohort(db, advisor_email=advisor, name="Class of 2027")
    db.commit()
    return code


@pytest.fixture
def student(db: Session, cohort_code: str) -> str:
    email = unique_email()
    accounts.sign_up(db, email=email, password=GOOD_PASSWORD, invite_code=cohort_code, now=START)
    db.commit()
    return email


def join(db: Session, code: str, address: str, at: datetime, **kwargs: bool) -> str:
    """A sign-up from the web, as `/auth/signup` makes it."""
    return accounts.sign_up(
        db, email=unique_email(), password=GOOD_PASSWORD, invite_code=code, address=address, now=at, **kwargs
    )


def fail(db: Session, email: str, address: str, at: datetime, **kwargs: bool) -> accounts.LoginRefused:
    with pytest.raises(accounts.LoginRefused) as refused:
        accounts.log_in(db, email=email, password=WRONG, address=address, now=at, **kwargs)
    db.commit()
    return refused.value


def hammer(db: Session, email: str, address: str, attempts: int, start: datetime = START) -> datetime:
    """An attacker trying as fast as the throttle lets them: each attempt at the pair's next allowed time."""
    moment = start
    for _ in range(attempts):
        wait = accounts.login_wait(db, email=email, address=address, now=moment)
        moment += wait or timedelta(seconds=1)
        assert str(fail(db, email, address, moment)) == accounts.LOGIN_FAILED
    return moment


# ---- logins -----------------------------------------------------------------------------------


def test_the_student_logs_in_from_their_own_address_while_another_has_failed_fifty_times(
    db: Session, student: str
) -> None:
    attacker = unique_address()
    last = hammer(db, student, attacker, 50)
    assert accounts.login_wait(db, email=student, address=attacker, now=last) is not None
    token = accounts.log_in(db, email=student, password=GOOD_PASSWORD, address=unique_address(), now=last)
    db.commit()
    assert accounts.session_user(db, token=token, now=last) is not None


def test_the_attackers_pair_waits_longer_after_each_failure_up_to_a_cap(db: Session, student: str) -> None:
    attacker = unique_address()
    moment = START
    for _ in range(accounts.FREE_FAILURES_PER_PAIR):
        assert str(fail(db, student, attacker, moment)) == accounts.LOGIN_FAILED
    waits = []
    for _ in range(8):
        wait = accounts.login_wait(db, email=student, address=attacker, now=moment)
        assert wait is not None
        waits.append(wait)
        # Before the next allowed time even the right password is refused, calmly, with the wait in words.
        refused = fail(db, student, attacker, moment + wait - timedelta(seconds=1))
        assert str(refused) == accounts.throttled_message(refused.retry_after or timedelta(0))
        assert str(refused).startswith("Too many attempts. Wait ")
        with pytest.raises(accounts.LoginRefused, match="Too many attempts"):
            accounts.log_in(db, email=student, password=GOOD_PASSWORD, address=attacker, now=moment)
        moment += wait
        assert str(fail(db, student, attacker, moment)) == accounts.LOGIN_FAILED
    assert waits[0] == accounts.PAIR_FIRST_DELAY
    assert all(later > earlier for earlier, later in itertools.pairwise(waits[:5]))
    assert waits[-1] == accounts.PAIR_MAX_DELAY
    # At the time said, the right password works, and the pair's slate is clean again.
    wait = accounts.login_wait(db, email=student, address=attacker, now=moment)
    assert wait is not None
    assert accounts.log_in(db, email=student, password=GOOD_PASSWORD, address=attacker, now=moment + wait)
    db.commit()
    assert accounts.login_wait(db, email=student, address=attacker, now=moment + wait) is None


def test_refused_attempts_are_not_counted(db: Session, student: str) -> None:
    attacker = unique_address()
    for _ in range(accounts.FREE_FAILURES_PER_PAIR):
        fail(db, student, attacker, START)
    for second in range(1, 20):  # hammering inside the wait neither extends it nor counts
        assert str(fail(db, student, attacker, START + timedelta(seconds=second))).startswith("Too many")
    assert accounts.login_wait(db, email=student, address=attacker, now=START) == accounts.PAIR_FIRST_DELAY


def test_an_address_failing_for_many_accounts_is_locked(db: Session, student: str) -> None:
    sprayer = unique_address()
    for index in range(accounts.MAX_FAILURES_PER_ADDRESS):
        assert (
            str(fail(db, unique_email(), sprayer, START + timedelta(seconds=index))) == accounts.LOGIN_FAILED
        )
    refused = fail(db, student, sprayer, START + timedelta(seconds=40))
    assert str(refused).startswith("Too many attempts") and refused.retry_after is not None
    with pytest.raises(accounts.LoginRefused, match="Too many attempts"):
        accounts.log_in(db, email=student, password=GOOD_PASSWORD, address=sprayer, now=START)
    # Another address is untouched, and the lock lifts when the window has passed.
    assert accounts.log_in(db, email=student, password=GOOD_PASSWORD, address=unique_address(), now=START)
    later = START + accounts.THROTTLE_WINDOW + timedelta(minutes=1)
    assert accounts.log_in(db, email=student, password=GOOD_PASSWORD, address=sprayer, now=later)


def test_a_trusted_proxys_address_is_never_locked(db: Session, student: str) -> None:
    proxy = unique_address()
    for index in range(accounts.MAX_FAILURES_PER_ADDRESS + 5):
        at = START + timedelta(seconds=index)
        assert str(fail(db, unique_email(), proxy, at, address_is_proxy=True)) == accounts.LOGIN_FAILED
    token = accounts.log_in(
        db, email=student, password=GOOD_PASSWORD, address=proxy, address_is_proxy=True, now=START
    )
    assert token
    # The same failures from an address that is not a proxy lock it.
    with pytest.raises(accounts.LoginRefused, match="Too many attempts"):
        accounts.log_in(db, email=student, password=GOOD_PASSWORD, address=proxy, now=START)


def test_an_ipv6_client_is_one_slash_64(db: Session, student: str) -> None:
    for host in range(accounts.FREE_FAILURES_PER_PAIR):
        fail(db, student, f"2001:db8:1:2::{host + 1:x}", START)
    assert accounts.login_wait(db, email=student, address="2001:db8:1:2::ffff", now=START) is not None
    assert accounts.login_wait(db, email=student, address="2001:db8:1:3::1", now=START) is None
    assert address_bucket("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert address_bucket("::ffff:192.0.2.1") == "192.0.2.1"


# ---- trusted proxies --------------------------------------------------------------------------


def request_from(peer: str, forwarded: str | None) -> Request:
    """`forwarded` may hold several header lines, separated by `|`."""
    lines = forwarded.split("|") if forwarded is not None else []
    headers = [(b"x-forwarded-for", line.encode()) for line in lines]
    return Request({"type": "http", "headers": headers, "client": (peer, 5)})


@pytest.mark.parametrize(
    ("env", "peer", "forwarded", "expected"),
    [
        ({}, "10.0.0.1", "203.0.113.9", "10.0.0.1"),  # nobody trusted: the header is ignored
        ({"RAPPORT_TRUSTED_PROXIES": "10.0.0.1"}, "198.51.100.7", "203.0.113.9", "198.51.100.7"),  # forged
        ({"RAPPORT_TRUSTED_PROXIES": "10.0.0.1"}, "10.0.0.1", "203.0.113.9", "203.0.113.9"),
        # The client forged an entry before the proxy appended the real address: the right-most counts.
        ({"RAPPORT_TRUSTED_PROXIES": "10.0.0.1"}, "10.0.0.1", "1.2.3.4, 203.0.113.9", "203.0.113.9"),
        # Two proxies in a chain: skip every trusted hop from the right.
        (
            {"RAPPORT_TRUSTED_PROXIES": "10.0.0.0/8"},
            "10.0.0.1",
            "1.2.3.4, 203.0.113.9, 10.2.0.4",
            "203.0.113.9",
        ),
        ({"RAPPORT_TRUSTED_PROXIES": "10.0.0.1"}, "10.0.0.1", None, "10.0.0.1"),  # the proxy itself
        # A forged line of its own, then the proxy's: the proxy's line is the last word.
        ({"RAPPORT_TRUSTED_PROXIES": "10.0.0.1"}, "10.0.0.1", "1.2.3.4|203.0.113.9", "203.0.113.9"),
        ({"RAPPORT_TRUSTED_PROXIES": "::1"}, "::1", "2001:db8::5", "2001:db8::5"),
        ({"RAPPORT_TRUST_PROXY": "1"}, "127.0.0.1", "203.0.113.9", "203.0.113.9"),  # the old flag
        ({"RAPPORT_TRUST_PROXY": "1"}, "192.0.2.1", "203.0.113.9", "192.0.2.1"),
    ],
)
def test_x_forwarded_for_is_believed_only_from_a_trusted_peer(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], peer: str, forwarded: str | None, expected: str
) -> None:
    monkeypatch.setattr(web_auth, "get_settings", lambda: load_settings(env))
    assert web_auth.client_address(request_from(peer, forwarded)) == expected


def test_forged_forwarded_for_does_not_escape_the_address_lock(
    db: Session, student: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An untrusted peer writing a new X-Forwarded-For each time is still one address."""
    monkeypatch.setattr(
        web_auth, "get_settings", lambda: load_settings({"RAPPORT_TRUSTED_PROXIES": "10.0.0.1"})
    )
    attacker = unique_address()
    for index in range(accounts.MAX_FAILURES_PER_ADDRESS):
        address = web_auth.client_address(request_from(attacker, f"192.0.2.{index}"))
        assert address == attacker
        fail(db, unique_email(), address, START, address_is_proxy=web_auth._is_proxy(address))
    address = web_auth.client_address(request_from(attacker, "192.0.2.200"))
    assert str(fail(db, student, address, START)).startswith("Too many attempts")


def test_trusted_proxies_are_addresses_or_networks() -> None:
    assert [str(net) for net in parse_networks(" 10.0.0.5, 10.1.0.0/16,,::1 ")] == [
        "10.0.0.5/32",
        "10.1.0.0/16",
        "::1/128",
    ]
    assert client_address("10.1.2.3", "203.0.113.9", parse_networks("10.1.0.0/16")) == "203.0.113.9"


# ---- sign-up ----------------------------------------------------------------------------------


def test_sign_up_attempts_are_bounded_per_address(db: Session, cohort_code: str) -> None:
    address = unique_address()
    for index in range(accounts.MAX_SIGNUPS_PER_ADDRESS):
        at = START + timedelta(seconds=index)
        join(db, cohort_code, address, at)
        db.commit()
    with pytest.raises(ValidationFailed) as refused:
        join(db, cohort_code, address, START + timedelta(minutes=5))
    assert refused.value.errors["form"].startswith(accounts.SIGNUP_THROTTLED)
    assert "Wait 55 minutes, then try again." in refused.value.errors["form"]
    # Another address signs up; this one may again after the window.
    assert join(db, cohort_code, unique_address(), START)
    assert join(db, cohort_code, address, START + accounts.SIGNUP_WINDOW + timedelta(minutes=1))


def test_wrong_invite_codes_are_bounded_per_address(db: Session, cohort_code: str) -> None:
    address = unique_address()
    for index in range(accounts.MAX_WRONG_CODES_PER_ADDRESS):
        with pytest.raises(ValidationFailed) as wrong:
            join(db, f"NOPE-NOPE-{index:04d}", address, START)
        assert wrong.value.errors == {"form": accounts.SIGNUP_FAILED}
        db.commit()
    # Now even the right code waits: guessing codes from here has stopped.
    with pytest.raises(ValidationFailed, match="Too many sign-up attempts"):
        join(db, cohort_code, address, START + timedelta(minutes=1))
    assert join(db, cohort_code, unique_address(), START)


def test_a_trusted_proxys_address_is_not_limited_at_sign_up(db: Session) -> None:
    proxy = unique_address()
    for index in range(accounts.MAX_WRONG_CODES_PER_ADDRESS + 2):
        with pytest.raises(ValidationFailed) as wrong:
            join(db, f"NOPE-{index:04d}", proxy, START, address_is_proxy=True)
        assert wrong.value.errors == {"form": accounts.SIGNUP_FAILED}
        db.commit()


# ---- session lifetime -------------------------------------------------------------------------


def test_a_session_ends_ninety_days_after_login_however_active(db: Session, cohort_code: str) -> None:
    token = accounts.sign_up(
        db, email=unique_email(), password=GOOD_PASSWORD, invite_code=cohort_code, now=START
    )
    db.commit()
    # Used every twenty days, never idle for thirty.
    for day in (20, 40, 60, 80, 89):
        assert accounts.session_user(db, token=token, now=START + timedelta(days=day)) is not None
        db.commit()
    assert accounts.session_user(db, token=token, now=START + timedelta(days=91)) is None
    db.commit()
    assert accounts.session_user(db, token=token, now=START + timedelta(days=89)) is None  # ended for good


@pytest.mark.hosted
def test_parallel_attempts_for_one_pair_wait_for_each_other(pg_engine: Engine) -> None:
    """A burst of simultaneous guesses cannot all pass the check before the first failure is stored."""
    with Session(pg_engine, expire_on_commit=False) as setup:
        email = unique_email()
        accounts.create_user(setup, email=email, password=GOOD_PASSWORD, role=Role.STUDENT)
        setup.commit()
        attacker = unique_address()
        for _ in range(accounts.FREE_FAILURES_PER_PAIR - 1):
            fail(setup, email, attacker, START)
    outcome: list[str] = []

    def second_attempt() -> None:
        with Session(pg_engine) as other:
            try:
                accounts.log_in(other, email=email, password=WRONG, address=attacker, now=START)
            except accounts.LoginRefused as refused:
                outcome.append(str(refused))
            other.commit()

    with Session(pg_engine) as first:
        with pytest.raises(accounts.LoginRefused, match="don't match"):
            accounts.log_in(first, email=email, password=WRONG, address=attacker, now=START)
        worker = threading.Thread(target=second_attempt)
        worker.start()
        worker.join(timeout=1.0)
        assert worker.is_alive() and outcome == []  # waiting for the first attempt to be stored
        first.commit()
    worker.join(timeout=10)
    assert outcome == [accounts.throttled_message(accounts.PAIR_FIRST_DELAY)]


# ---- through the form posts -------------------------------------------------------------------


def test_the_sign_up_form_keeps_counting_wrong_codes_until_it_says_wait(
    db: Session, cohort_code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refused attempt is committed with the refusal, so the next post (any worker) sees it."""
    from app import db as app_db

    with warnings.catch_warnings():  # this Starlette prefers httpx2 to the httpx installed
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    monkeypatch.setattr(app_db, "get_engine", lambda: db.get_bind())
    address = unique_address()
    client = TestClient(web_auth.auth_routes(), client=(address, 5000))
    headers = {"Origin": web_auth.public_origin()}

    def post(code: str) -> str:
        form = {"email": unique_email(), "password": GOOD_PASSWORD, "invite_code": code}
        response = client.post("/auth/signup", data=form, headers=headers, follow_redirects=False)
        assert response.status_code == 303
        return response.headers["location"]

    for index in range(accounts.MAX_WRONG_CODES_PER_ADDRESS):
        assert "error=signup_failed&" in post(f"NOPE-NOPE-{index:04d}")
    assert "error=signup_throttled-" in post(cohort_code)
