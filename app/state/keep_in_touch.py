"""Saving a contact's keep-in-touch reminder from any page that offers the picker."""

from __future__ import annotations

import reflex as rx

from app.db import session_scope
from app.services import touches
from app.services.errors import NotFound, ValidationFailed
from app.state.base import PageState, as_id
from app.state.owner import current_owner_id


def save_keep_in_touch(state: rx.State, contact_id: object, choice: object) -> str | None:
    """Saves the signed-in student's choice for their contact (the id as the client sent it).

    Returns the picker's new value, or None when it was refused (not their contact, not a choice):
    the caller says so in its own words.
    """
    if isinstance(state, PageState):
        owner_id, opened = state._owner_id(), state._session()
    else:  # a page state not yet on PageState
        owner_id, opened = current_owner_id(state), session_scope()
    try:
        with opened as session:
            months = touches.set_keep_in_touch(
                session, owner_id=owner_id, contact_id=as_id(contact_id), months=choice
            )
    except (NotFound, ValidationFailed):
        return None
    return touches.keep_in_touch_choice(months)
