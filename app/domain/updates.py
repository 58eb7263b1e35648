"""Update shapes carry only what an edit sent: a field left at UNSET keeps its saved value.

One input shape for create and update is how an edit erases a field it never showed (the contact
dialog once erased phone numbers); every `…Update` dataclass defaults each field to UNSET instead.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any, Final


class Unset(Enum):
    """The value of a field the client did not send."""

    UNSET = "unset"


UNSET: Final = Unset.UNSET


def sent_fields(update: Any) -> dict[str, Any]:
    """The fields of an update dataclass that were sent, by name, in declaration order."""
    return {
        field.name: value
        for field in dataclasses.fields(update)
        if (value := getattr(update, field.name)) is not UNSET
    }
