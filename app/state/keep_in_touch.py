"""Saving a contact's keep-in-touch reminder from any page that offers the picker."""

from __future__ import annotations

from app.services import touches
from app.services.errors import NotFound, ValidationFailed
from app.state.base import PageState, as_id


def save_keep_in_touch(state: PageState, contact_id: object, choice: object) -> str | None:
    """Saves the signed-in student's choice for their contact (the id as the client sent it).

    Returns the picker's new value, or None when it was refused (not their contact, not a choice):
    the caller says so in its own words.
    """
    try:
        with state._session() as session:
            months = touches.set_keep_in_touch(
                session, owner_id=state._owner_id(), contact_id=as_id(contact_id), months=choice
            )
    except (NotFound, ValidationFailed):
        return None
    return touches.keep_in_touch_choice(months)
