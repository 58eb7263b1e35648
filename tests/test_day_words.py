"""The full weekday wording the Today page, the brief, the composer and the drafts use."""

from __future__ import annotations

from datetime import date

from app.domain.day_words import weekday_date, weekday_date_from_iso

WEDNESDAY = date(2026, 3, 11)


def test_the_day_in_full_with_and_without_comma_and_year() -> None:
    assert weekday_date(WEDNESDAY) == "Wednesday 11 March 2026"
    assert weekday_date(WEDNESDAY, comma=True) == "Wednesday, 11 March 2026"
    assert weekday_date(WEDNESDAY, comma=True, year=False) == "Wednesday, 11 March"


def test_a_stored_day_reads_in_full_and_anything_else_is_shown_as_it_is() -> None:
    assert weekday_date_from_iso("2026-03-11") == "Wednesday, 11 March 2026"
    assert weekday_date_from_iso("soon") == "soon"
