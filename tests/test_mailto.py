"""Every `mailto:` link the app builds is encoded: an email field cannot add recipients or fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from sqlalchemy.engine import Engine

from app.db import session_scope
from app.domain.eml import mailto_address, mailto_url
from app.models import Contact
from app.state.base import PageState
from app.state.contact import ContactState
from tests.factories import add_contact

HOSTILE = "a@b.c?bcc=x@y.z"


def test_an_address_with_a_query_stays_one_address() -> None:
    link = urlsplit(mailto_address(HOSTILE))
    assert link.scheme == "mailto" and link.query == ""
    assert "?" not in link.path and "&" not in link.path and "," not in link.path
    assert unquote(link.path) == HOSTILE
    full = urlsplit(mailto_url(HOSTILE, "Hi", "Body"))
    assert unquote(full.path) == HOSTILE and full.query == "subject=Hi&body=Body"


def test_the_contact_pages_email_link_is_encoded(
    page_state: Callable[..., Any], engine: Engine, owner_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The form refuses such an address today; one stored before that rule (or by hand) is still linked safely.
    with session_scope(engine) as session:
        contact_id = add_contact(session, owner_id, email="ada@example.org")
        stored = session.get(Contact, contact_id)
        assert stored is not None
        stored.email = HOSTILE
        session.add(stored)
    state = page_state(ContactState)
    monkeypatch.setattr(PageState, "_route_param", lambda _self, name: str(contact_id))
    for _update in state.on_load():
        pass
    href = state.email_href
    assert href.startswith("mailto:a@b.c%3Fbcc") and "?" not in href and "&" not in href
