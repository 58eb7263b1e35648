"""How Rapport reads what people write: how many words a text holds, and what a person's first name is."""

from __future__ import annotations

__all__ = ["TITLES", "counted", "first_name", "word_count"]

# Titles skipped when finding a contact's first name in "Dr. Priya Shah".
TITLES: frozenset[str] = frozenset({"dr", "mr", "mrs", "ms", "mx", "prof"})


def word_count(text: str) -> int:
    """Words as a word processor counts them: runs between spaces that hold a letter or digit.

    "What's" and "day-to-day" are one word each; a lone "?", dash or emoji is none.
    """
    return sum(1 for token in text.split() if any(char.isalnum() for char in token))


def first_name(full_name: str) -> str:
    """The name to greet someone by: the first word of their name that is not a title; "" if none."""
    return next((word for word in full_name.split() if word.rstrip(".").lower() not in TITLES), "")


def counted(count: int, one: str, many: str) -> str:
    """'1 contact', '1,204 contacts': the count with the word that agrees with it."""
    return f"{count:,} {one if count == 1 else many}"
