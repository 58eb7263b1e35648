"""Notes pasted into a draft read as part of its sentence."""

import pytest

from app.domain.note_fitting import fit_note


@pytest.mark.parametrize(
    ("note", "fitted"),
    [
        ("Her switch to product.", "her switch to product"),
        ("Read Inspired!", "read Inspired"),
        ("I'm going to read Inspired", "I'm going to read Inspired"),
        ("I'll ask about roles", "I'll ask about roles"),
        ("UX research matters.", "UX research matters"),
        ("- Talk to Priya;", "talk to Priya"),
        ("\n\n  • Shadow a designer...  \nsecond line", "shadow a designer"),
        ("Priya's move to Canva", "Priya's move to Canva"),
    ],
)
def test_a_note_is_fitted_to_the_sentence(note: str, fitted: str) -> None:
    assert fit_note(note) == fitted


def test_known_names_keep_their_capital() -> None:
    assert fit_note("Acme's hiring freeze", ["Acme Ltd"]) == "Acme's hiring freeze"
    assert fit_note("Monzo is hiring", ["Monzo"]) == "Monzo is hiring"
    assert fit_note("Monzo is hiring") == "monzo is hiring"


@pytest.mark.parametrize("note", ["", "   ", "\n\t\n", "- ", None, "..."])
def test_blank_notes_add_nothing(note: str | None) -> None:
    assert fit_note(note) is None
