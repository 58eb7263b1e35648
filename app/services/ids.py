"""Ids from the client, coerced once: any websocket client may send any JSON where an id is expected."""

from __future__ import annotations

from app.services.errors import NotFound

# The largest id a BIGINT column holds; larger numbers would make the driver raise, not "not found".
MAX_ID = 2**63 - 1


def as_id(value: object) -> int | None:
    """`value` as a positive record id, or None: whole numbers and digit strings only (no bool, float,
    list or dict, nothing beyond a 64-bit column)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 19:
        number = int(value.strip())
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


def record_id(value: object, kind: str = "record") -> int:
    """`value` as a record id; NotFound for anything that cannot be one, exactly as for a missing row."""
    number = as_id(value)
    if number is None:
        raise NotFound(kind)
    return number
