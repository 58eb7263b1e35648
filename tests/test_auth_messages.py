"""Login, sign-up and settings messages travel as codes; the pages show words from one fixed table."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from reflex.istate.data import ReflexURL
from sqlmodel import Session

from app.services import accounts
from app.services.auth_messages import MESSAGES, codes_for, messages_for
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
    return [*texts, accounts.LOGIN_FAILED, accounts.THROTTLED]


def test_every_refusal_the_service_makes_has_its_own_code(session: Session) -> None:
    texts = refusals(session)
    assert len(texts) >= 10
    for text in texts:
        code = codes_for([text])
        assert code != "failed", f"no code for {text!r}: add it to app/services/auth_messages.py"
        assert messages_for(code) == text


def test_several_codes_show_several_messages_and_unknown_ones_nothing() -> None:
    codes = codes_for([accounts.THROTTLED, "Something new the table doesn't know"])
    assert codes == "throttled,failed"
    assert messages_for(codes) == f"{MESSAGES['throttled']} {MESSAGES['failed']}"
    for raw in ("<script>alert(1)</script>", "Your account is suspended: call 555-0100", "", "__class__", 3):
        assert messages_for(raw) == ""
    assert messages_for("throttled,<b>x</b>,throttled") == MESSAGES["throttled"]


def at(state: Any, query: str) -> None:
    state.router = dataclasses.replace(state.router, url=ReflexURL(f"http://localhost:3000/login?{query}"))


def test_the_login_page_shows_no_text_from_its_address(page_state) -> None:
    state = page_state(AuthPageState)
    at(state, "error=%3Cscript%3Ealert(1)%3C/script%3E&notice=Call+us+at+555")
    state.load()
    assert (state.error, state.notice) == ("", "")
    at(state, "error=throttled&notice=logged_out")
    state.load()
    assert state.error == accounts.THROTTLED
    assert state.notice == "You're logged out. See you soon."
