"""Errors services raise, each carrying a message a student can read."""

from __future__ import annotations


class NotFound(LookupError):
    """The record does not exist, or is not the signed-in user's: the two look the same on purpose."""


class ValidationFailed(ValueError):
    """Input broke a rule; `errors` maps each field to a message shown beside it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors
