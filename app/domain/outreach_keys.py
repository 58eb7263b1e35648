"""Keyed hashes of whom a student wrote to, so classmates can be warned without anyone learning who.

A person is known by up to three identifiers: their LinkedIn profile, their email, their folded name at
their organisation. Each is normalised as the duplicate check normalises it, then hashed with
HMAC-SHA256 under the server's secret (RAPPORT_OUTREACH_SECRET): without the secret the stored hashes
cannot be tested against a guessed name or address, and no identifier is ever stored in clear.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from app.domain.contact_rules import duplicate_key_name, duplicate_key_url, fold_for_comparison

__all__ = [
    "DEFAULT_LIMIT",
    "MIN_SECRET_LENGTH",
    "WINDOW",
    "PersonKey",
    "classmate_note",
    "keyed_hash",
    "person_keys",
]

MIN_SECRET_LENGTH = 32
# Outreach older than this no longer counts: a month is how long a busy alum remembers a wave of emails.
WINDOW = timedelta(days=30)
# How many classmates may have written to one person before "Mark as sent" asks the student to confirm.
DEFAULT_LIMIT = 3


@dataclass(frozen=True)
class PersonKey:
    kind: str  # "linkedin", "email" or "name_org"
    key_hash: str  # hex HMAC-SHA256


def keyed_hash(secret: str, kind: str, value: str) -> str:
    """The HMAC-SHA256 of `kind:value` under `secret`, in hex."""
    if len(secret) < MIN_SECRET_LENGTH:
        raise ValueError("the outreach secret is too short")
    message = f"{kind}:{value}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def person_keys(
    secret: str, *, linkedin_url: str, email: str, name: str, organisation: str
) -> list[PersonKey]:
    """The keyed hashes that identify one person; none for identifiers the contact lacks.

    A name counts only together with an organisation: two "Sam Lee"s anywhere are not one person.
    """
    values: list[tuple[str, str]] = []
    if url := duplicate_key_url(linkedin_url):
        values.append(("linkedin", url))
    if address := email.strip().lower():
        values.append(("email", address))
    if fold_for_comparison(organisation) and (name_org := duplicate_key_name(name, organisation)):
        values.append(("name_org", name_org))
    return [PersonKey(kind, keyed_hash(secret, kind, value)) for kind, value in values]


def classmate_note(classmates: int, organisation: str, alternatives: list[str]) -> str:
    """The gentle words a student reads when classmates wrote to this person this month; "" for none."""
    if classmates <= 0:
        return ""
    who = "1 classmate" if classmates == 1 else f"{classmates} classmates"
    note = f"{who} wrote to this person this month"
    if alternatives:
        place = f"at {organisation}" if organisation else "there"
        note += f"; someone else {place} might be a better first contact: {', '.join(alternatives)}."
    elif organisation:
        note += f"; someone else at {organisation} might be a better first contact."
    else:
        note += "; a little patience, or another person, may serve you better."
    return note
