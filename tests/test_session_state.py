"""Login and sign-up messages come from codes in the address; the session guard in local mode."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import reflex as rx
from reflex.istate.data import ReflexURL

from app.domain.vocabulary import Role
from app.services.accounts import LOGIN_FAILED
from app.state.auth_pages import AuthPageState
from app.state.session import SessionState


def at(state: rx.State, address: str) -> None:
    """Puts the browser at `address`, as Reflex's router data says where the page is."""
    state.router = dataclasses.replace(state.router, url=ReflexURL(address))


def test_the_login_page_shows_what_the_form_post_redirected_with(page_state: Callable[..., Any]) -> None:
    state: AuthPageState = page_state(AuthPageState)
    at(state, "http://localhost:3000/login?error=login_failed&email=ada%40example.org&code=SPRING")
    state.load()
    assert (state.error, state.notice, state.email, state.invite_code) == (
        LOGIN_FAILED,
        "",
        "ada@example.org",
        "SPRING",
    )

    # Text that is not a known code is never shown: only the fixed messages are.
    at(state, "http://localhost:3000/signup?notice=" + "n" * 500 + "&invite_code=" + "c" * 100 + "&code=X")
    state.load()
    assert (state.error, state.notice, state.invite_code) == ("", "", "c" * 40)


def test_in_local_mode_the_one_student_is_always_signed_in(page_state: Callable[..., Any]) -> None:
    state: SessionState = page_state(SessionState)
    assert state.require_session() is None
    assert (state.display_name, state.role) == ("You", Role.STUDENT)
    # The login page sends them on to Today.
    answer = state.skip_if_signed_in()
    assert isinstance(answer, rx.event.EventSpec) and '"/"' in str(answer.args)
