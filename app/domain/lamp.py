"""The LAMP list of *The 2-Hour Job Search*: target employers, ranked, and the five to work on this week.

L is the list itself; A is Advocacy (does the student know someone there: counted from the contacts,
alumni first); M is Motivation (0 to 3, the student's own say); P is Postings (does it advertise jobs
in the student's field, yes or no). The method sorts by Motivation, then Postings, then Advocacy, and
the student starts with the top five. Ties go by name, so the order never shuffles between visits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.contact_rules import fold_for_comparison

__all__ = [
    "MOTIVATION_CHOICES",
    "NAME_LIMIT",
    "TOP_COUNT",
    "TOP_FIVE_REASON",
    "Employer",
    "advocacy_text",
    "clean_name",
    "lamp_order",
    "name_problem",
    "parse_motivation",
    "sort_key",
    "top_five",
]

TOP_COUNT = 5
NAME_LIMIT = 200
MOTIVATION_MAX = 3
# What a Today suggestion says of a contact at one of them.
TOP_FIVE_REASON = "at one of your top 5 employers"

# The select's options: (value, label). 0 is where every new organisation starts.
MOTIVATION_CHOICES: tuple[tuple[str, str], ...] = (
    ("0", "0: not rated"),
    ("1", "1: some interest"),
    ("2", "2: keen"),
    ("3", "3: dream employer"),
)


@dataclass(frozen=True)
class Employer:
    """One organisation as the method sees it."""

    id: int
    name: str
    motivation: int
    has_postings: bool
    contacts: int  # the student's contacts there (Advocacy)
    alumni: int  # of whom alumni of the student's school


def sort_key(employer: Employer) -> tuple[int, int, int, int, str, int]:
    """Motivation, then Postings, then Advocacy (alumni, then anyone known), highest first; then by name
    (folded as the organisation's stored key is, so the database sorts the same way)."""
    return (
        -employer.motivation,
        0 if employer.has_postings else 1,
        -employer.alumni,
        -employer.contacts,
        fold_for_comparison(employer.name)[:NAME_LIMIT],
        employer.id,
    )


def lamp_order(employers: Iterable[Employer]) -> list[Employer]:
    return sorted(employers, key=sort_key)


def top_five(employers: Iterable[Employer]) -> list[Employer]:
    """The first five in the method's order among those the student rated: an organisation left at
    Motivation 0 is on the list but not yet a target, so a new list marks none."""
    return [e for e in lamp_order(employers) if e.motivation > 0][:TOP_COUNT]


def parse_motivation(value: object) -> int | None:
    """A Motivation from the page (0 to 3, as a number or its digit), or None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) == 1:
        value = int(value.strip())
    if isinstance(value, int) and 0 <= value <= MOTIVATION_MAX:
        return value
    return None


def clean_name(name: str) -> str:
    """The name as it is kept: trimmed, inner runs of spaces made one."""
    return " ".join(name.split())


def name_problem(name: str) -> str | None:
    """What is wrong with a new organisation's name (after `clean_name`), or None."""
    if not name:
        return "Give the organisation a name."
    if len(name) > NAME_LIMIT:
        return f"Keep the name to {NAME_LIMIT} characters (this one has {len(name)})."
    return None


def advocacy_text(contacts: int, alumni: int) -> str:
    """ "2 contacts, 1 alum", or "No one yet" (the list then suggests finding someone)."""
    if contacts == 0:
        return "No one yet"
    people = "1 contact" if contacts == 1 else f"{contacts} contacts"
    if alumni == 0:
        return people
    return f"{people}, {'1 alum' if alumni == 1 else f'{alumni} alumni'}"
