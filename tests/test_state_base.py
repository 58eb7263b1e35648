"""The base every page state extends: ids from the client, the owner, and what a missing record shows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
import reflex as rx

from app.services.errors import NotFound
from app.services.ids import MAX_ID, as_id, record_id
from app.state.base import if_missing
from app.state.cohort import CohortState


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (7, 7),
        ("42", 42),
        (" 42 ", 42),
        (MAX_ID, MAX_ID),
        (MAX_ID + 1, None),
        (2**31, None),  # beyond an INTEGER column: PostgreSQL would raise, not find nothing
        (2**63, None),
        (0, None),
        (-3, None),
        (True, None),
        (3.0, None),
        ("1e400", None),
        ("4\x00", None),
        ("9" * 40, None),
        ([1], None),
        ({"id": 1}, None),
        (None, None),
    ],
)
def test_an_id_from_the_client_is_a_positive_whole_number_or_nothing(
    value: object, expected: int | None
) -> None:
    assert as_id(value) == expected


def test_an_id_that_cannot_be_one_is_simply_not_found() -> None:
    with pytest.raises(NotFound):
        record_id("<script>", "contact")
    assert record_id("12", "contact") == 12


class _Page:
    shown = True

    def _hide(self) -> None:
        self.shown = False


def test_if_missing_shows_the_fallback_for_plain_generator_and_async_handlers() -> None:
    def missing(_self: Any) -> None:
        raise NotFound("contact")

    def missing_later(_self: Any) -> Iterator[None]:
        yield None
        raise NotFound("contact")

    async def missing_async(_self: Any) -> None:
        raise NotFound("contact")

    hide: Callable[[Any], object] = lambda page: page._hide()  # noqa: E731
    page = _Page()
    assert if_missing(then=hide)(missing)(page) is None
    assert page.shown is False

    spec = if_missing(toast="That contact isn't here any more.")(missing)(_Page())
    assert isinstance(spec, rx.event.EventSpec)

    updates = list(if_missing(toast="Gone.")(missing_later)(_Page()))
    assert updates[0] is None and isinstance(updates[1], rx.event.EventSpec)

    import asyncio

    assert isinstance(asyncio.run(if_missing(toast="Gone.")(missing_async)(_Page())), rx.event.EventSpec)


def test_the_page_state_fixture_gives_a_state_on_the_test_database(page_state: Callable[..., Any]) -> None:
    state: CohortState = page_state(CohortState)
    state.load()
    assert state.loaded and not state.is_advisor and state.students == []


def test_the_factories_make_rows_another_owner_cannot_see(session: Any, owner_id: int) -> None:
    from app.services.contacts import contact_name
    from tests.factories import add_contact, add_meeting, log_touch, other_owner

    contact_id = add_contact(session, owner_id, organisation="Acme", phone="+44 20 7946 0000")
    log_touch(session, owner_id, contact_id, "outreach_sent", date(2026, 3, 2))
    assert add_meeting(session, owner_id, contact_id) > 0
    assert contact_name(session, owner_id=owner_id, contact_id=contact_id) == "Ada Lovelace"
    with pytest.raises(NotFound):
        contact_name(session, owner_id=other_owner(session), contact_id=contact_id)
