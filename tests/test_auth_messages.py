"""Login, sign-up and settings messages travel as codes; the pages show words from one fixed table."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest
from reflex.istate.data import ReflexURL
from sqlmodel import Session

from app.services import accounts
from app.services.auth_messages import MESSAGES, codes_for, messages_for, wait_code
from app.services.errors import ValidationFailed
from app.state.auth_pages import AuthPageState


def refusals(session: Session) -> list[str]:
    """Every text the account service refuses a form with, reached the way a visitor would."""
    texts: list[str] = []
    for email, password, name, code in (
        ("not-an-email", "short", "x" * 201, "nope"),
        ("a@example.org", "x" * 300, "", "nope"),
        ("a@example.org", "password1234", "", "nope"),
        ("abcdef@example.org", "my abcdef phrase", "", "nope"),
        ("a@example.org", "abababababababab", "", "nope"),
        ("a@example.org", "a calm long pass phrase", "", "no such code"),
    ):
        with pytest.raises(ValidationFailed) as failed:
            accounts.sign_up(session, email=email, password=password, invite_code=code, display_name=name)
        texts.extend(failed.value.errors.values())
    user_id = accounts.create_user(
        session, email="b@example.org", password="a calm long pass phrase", role="student"
    )
    with pytest.raises(ValidationFailed) as failed:
        accounts.change_password(session, user_id=user_id, current="wrong", new="another calm phrase")
    texts.extend(failed.value.errors.values())
    return [*texts, accounts.LOGIN_FAILED]


def test_every_refusal_the_service_makes_has_its_own_code(session: Session) -> None:
    texts = refusals(session)
    assert len(texts) >= 10
    for text in texts:
        code = codes_for([text])
        assert code != "failed", f"no code for {text!r}: add it to app/services/auth_messages.py"
        assert messages_for(code) == text


def test_several_codes_show_several_messages_and_unknown_ones_nothing() -> None:
    codes = codes_for([accounts.LOGIN_FAILED, "Something new the table doesn't know"])
    assert codes == "login_failed,failed"
    assert messages_for(codes) == f"{MESSAGES['login_failed']} {MESSAGES['failed']}"
    for raw in ("<script>alert(1)</script>", "Your account is suspended: call 555-0100", "", "__class__", 3):
        assert messages_for(raw) == ""
    assert messages_for("login_failed,<b>x</b>,login_failed") == MESSAGES["login_failed"]


def test_a_wait_travels_as_a_bounded_number_of_minutes_and_reads_as_the_service_words_it() -> None:
    wait = timedelta(seconds=90)
    assert wait_code("throttled", wait) == "throttled-2"
    assert messages_for("throttled-2") == accounts.throttled_message(wait)
    assert messages_for("signup_throttled-1") == accounts.signup_throttled_message(timedelta(minutes=1))
    assert wait_code("throttled", timedelta(days=30)) == f"throttled-{24 * 60}"
    for raw in ("throttled-0", "throttled-99999", "throttled-1e9", "throttled--5", "throttled-", "nope-3"):
        assert messages_for(raw) == ""


def at(state: Any, query: str) -> None:
    state.router = dataclasses.replace(state.router, url=ReflexURL(f"http://localhost:3000/login?{query}"))


def test_the_login_page_shows_no_text_from_its_address(page_state) -> None:
    state = page_state(AuthPageState)
    at(state, "error=%3Cscript%3Ealert(1)%3C/script%3E&notice=Call+us+at+555")
    state.load()
    assert (state.error, state.notice) == ("", "")
    at(state, "error=throttled-4&notice=logged_out")
    state.load()
    assert state.error == "Too many attempts. Wait 4 minutes, then try again."
    assert state.notice == "You're logged out. See you soon."
