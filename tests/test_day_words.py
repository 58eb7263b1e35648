"""How dates read: the full weekday wording (Today, the brief, the composer, the drafts), the short day
labels (the contact page, Today's due items, the thank-you reason) and the list dates (the cohort page)."""

from __future__ import annotations

from datetime import date, datetime

from app.domain.day_words import (
    day_label,
    day_time_label,
    friendly_date,
    short_date,
    weekday_date,
    weekday_date_from_iso,
)

WEDNESDAY = date(2026, 3, 11)


def test_the_day_in_full_with_and_without_comma_and_year() -> None:
    assert weekday_date(WEDNESDAY) == "Wednesday 11 March 2026"
    assert weekday_date(WEDNESDAY, comma=True) == "Wednesday, 11 March 2026"
    assert weekday_date(WEDNESDAY, comma=True, year=False) == "Wednesday, 11 March"


def test_a_stored_day_reads_in_full_and_anything_else_is_shown_as_it_is() -> None:
    assert weekday_date_from_iso("2026-03-11") == "Wednesday, 11 March 2026"
    assert weekday_date_from_iso("soon") == "soon"


def test_a_short_day_label_names_the_year_only_when_it_is_not_this_one_or_when_asked() -> None:
    assert day_label(WEDNESDAY, date(2026, 1, 1)) == "Wed 11 Mar"
    assert day_label(date(2025, 12, 29), date(2026, 1, 2)) == "Mon 29 Dec 2025"
    assert day_label(WEDNESDAY, WEDNESDAY, always_year=True) == "Wed 11 Mar 2026"


def test_a_day_and_time_reads_like_the_day_label_with_the_clock_after_it() -> None:
    assert day_time_label(datetime(2026, 3, 11, 14, 30), WEDNESDAY) == "Wed 11 Mar, 14:30"
    # A deadline in the new year says which year, so "Fri 1 Jan" on 31 December is not ambiguous.
    assert day_time_label(datetime(2027, 1, 1, 9, 5), date(2026, 12, 31)) == "Fri 1 Jan 2027, 09:05"


def test_a_list_date_has_day_month_and_year_and_no_leading_zero() -> None:
    assert short_date(date(2026, 11, 27)) == "27 Nov 2026"
    assert short_date(date(2026, 3, 4)) == "4 Mar 2026"
    # The friendly wording far from today is the same words.
    assert friendly_date("2025-03-04", WEDNESDAY) == short_date(date(2025, 3, 4))
    assert friendly_date("2026-12-02", WEDNESDAY) == "2 Dec"
