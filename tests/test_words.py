"""Words as Rapport counts them, and the first name a contact is greeted by: one rule each, shared."""

from __future__ import annotations

import pytest

from app.domain.words import first_name, word_count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", 0, id="empty"),
        pytest.param("Hi Priya,\n\nThanks!", 3, id="punctuation-stays-with-its-word"),
        pytest.param("It's a 20-minute chat — thanks", 5, id="dashes-alone-are-not-words"),
        pytest.param("Merci, Zoë 🎉", 2, id="emoji-alone-is-not-a-word"),
        pytest.param("What's your day-to-day like ?", 4, id="a-lone-question-mark-is-not-a-word"),
    ],
)
def test_word_count(text: str, expected: int) -> None:
    assert word_count(text) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("Priya Shah", "Priya", id="first-word"),
        pytest.param("Dr. Priya Shah", "Priya", id="title-with-stop-skipped"),
        pytest.param("prof Ada Lovelace", "Ada", id="title-in-any-case-skipped"),
        pytest.param("  Zoë   Martin ", "Zoë", id="extra-spaces"),
        pytest.param("Dr.", "", id="only-a-title"),
        pytest.param("", "", id="no-name"),
    ],
)
def test_first_name_skips_titles(name: str, expected: str) -> None:
    assert first_name(name) == expected
