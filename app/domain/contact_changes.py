"""What a re-imported row says has changed about a contact already saved: a new employer, position,
email or profile URL, worded for the preview ("Maya Chen now Senior PM at Acme").

A change that would empty a field (the file has no company where Rapport has one) is offered but
never ticked by default: an export missing a value is more often a gap than news.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.contact_rules import ContactCreate, duplicate_key_url

# The fields a re-import may update, in the order the preview names them.
UPDATABLE_FIELDS: tuple[str, ...] = ("organisation", "role", "email", "linkedin_url")
_FIELD_WORDS = {
    "organisation": "company",
    "role": "position",
    "email": "email",
    "linkedin_url": "LinkedIn URL",
}


def _same(field_name: str, before: str, after: str) -> bool:
    if field_name == "linkedin_url":
        return (duplicate_key_url(before) or before.strip()) == (duplicate_key_url(after) or after.strip())
    # Spacing and letter case alone are not news ("ACME  Corp" is "Acme Corp").
    return " ".join(before.split()).casefold() == " ".join(after.split()).casefold()


@dataclass(frozen=True)
class FieldChange:
    """One field of one saved contact, as saved and as the file has it."""

    contact_id: int
    field: str
    before: str
    after: str

    @property
    def key(self) -> str:
        """Names this change in the preview's ticks: '<contact id>:<field>'."""
        return f"{self.contact_id}:{self.field}"

    @property
    def empties(self) -> bool:
        return not self.after.strip()

    @property
    def ticked_by_default(self) -> bool:
        return not self.empties

    def describe(self, name: str) -> str:
        word = _FIELD_WORDS[self.field]
        if self.empties:
            return f"{name}: the file has no {word} (Rapport has {self.before}); clear it?"
        if self.field == "organisation":
            was = f" (was {self.before})" if self.before.strip() else ""
            return f"{name} now at {self.after}{was}"
        if self.field == "role":
            was = f" (was {self.before})" if self.before.strip() else ""
            return f"{name} now {self.after}{was}"
        return f"{name}: {word} now {self.after}"


@dataclass(frozen=True)
class ContactChange:
    """Every changed field of one saved contact that a row of the file matches."""

    contact_id: int
    name: str
    line: int
    fields: tuple[FieldChange, ...]

    @property
    def summary(self) -> str:
        """'Maya Chen now Senior PM at Acme', or the first change's own words."""
        by_field = {change.field: change for change in self.fields if not change.empties}
        role, organisation = by_field.get("role"), by_field.get("organisation")
        if role and organisation:
            return f"{self.name} now {role.after} at {organisation.after}"
        first = role or organisation or next(iter(by_field.values()), None) or self.fields[0]
        return first.describe(self.name)


def fields_in_file(rows: Iterable[ContactCreate]) -> frozenset[str]:
    """The updatable fields some row of the file fills: a field no row has is not in the file (no
    column for it, or a phone that never stores it), so its emptiness says nothing."""
    found: set[str] = set()
    for row in rows:
        found.update(f for f in UPDATABLE_FIELDS if getattr(row, f).strip())
        if len(found) == len(UPDATABLE_FIELDS):
            break
    return frozenset(found)


def changes_between(
    contact_id: int,
    saved: ContactCreate,
    incoming: ContactCreate,
    in_file: frozenset[str] = frozenset(UPDATABLE_FIELDS),
) -> tuple[FieldChange, ...]:
    """The updatable fields where the file's row differs from what is saved (both already normalised);
    a field the file does not have (`in_file`) is never offered for clearing."""
    changes = []
    for field_name in UPDATABLE_FIELDS:
        if field_name not in in_file:
            continue
        before, after = getattr(saved, field_name), getattr(incoming, field_name)
        if not before.strip() and not after.strip():
            continue
        if not _same(field_name, before, after):
            changes.append(FieldChange(contact_id, field_name, before, after))
    return tuple(changes)


def employer_note(before_organisation: str, before_role: str, day_text: str) -> str:
    """The timeline's record of the employer a re-import replaced."""
    what = f"{before_role} at {before_organisation}" if before_role.strip() else f"at {before_organisation}"
    return f"Was {what} until the import of {day_text}"
