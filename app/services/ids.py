"""Values from the client, coerced once: any websocket client may send any JSON where an id, a number
or a text is expected."""

from __future__ import annotations

from app.services.errors import NotFound

# The largest id an INTEGER column holds (PostgreSQL's ids are 32-bit); a larger number would make the
# driver raise ("integer out of range"), not find nothing.
MAX_ID = 2**31 - 1


def whole_number(value: object, *, max_digits: int = 19) -> int | None:
    """`value` as a whole number, or None: an int or a string of at most `max_digits` digits (no bool,
    float, list or dict; the digit limit keeps int() from parsing a pasted essay)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= max_digits:
        return int(value.strip())
    return None


def as_id(value: object) -> int | None:
    """`value` as a positive record id, or None (nothing beyond a 32-bit column)."""
    number = whole_number(value)
    return number if number is not None and 1 <= number <= MAX_ID else None


def as_text(value: object, limit: int) -> str:
    """`value` if it is text, cut to `limit`; "" for anything else (lists, dicts, numbers, None)."""
    return value[:limit] if isinstance(value, str) else ""


def record_id(value: object, kind: str = "record") -> int:
    """`value` as a record id; NotFound for anything that cannot be one, exactly as for a missing row."""
    number = as_id(value)
    if number is None:
        raise NotFound(kind)
    return number
