"""Notes pasted into a draft read as part of its sentence."""

import pytest

from app.domain.note_fitting import NoteSlot, fit_note


@pytest.mark.parametrize(
    ("note", "fitted"),
    [
        ("Her switch to product.", "her switch to product"),
        ("Read Inspired!", "read *Inspired*"),
        ("I'm going to Read Inspired by Marty Cagan", "I'm going to read *Inspired* by Marty Cagan"),
        ("Will read The Lean Startup", "will read *The Lean Startup*"),
        ("listen to Lenny's Podcast.", "listen to *Lenny's Podcast*"),
        ('read "Inspired"', 'read "Inspired"'),
        ("Read Priya's notes on Figma", "read Priya's notes on Figma"),
        ("Reading list: Inspired, Shape Up", "reading list: Inspired, Shape Up"),
        ("How she Moved to Berlin", "how she moved to Berlin"),
        ("Maybe I should Learn SQL first", "maybe I should learn SQL first"),
        ("Working at a startup first", "working at a startup first"),
        ("Ask Mark about the Design team", "ask Mark about the design team"),
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
    # A first word that is no ordinary English word is most likely a name, known or not.
    assert fit_note("Monzo is hiring") == "Monzo is hiring"
    assert fit_note("Inspired by Maya Chen's path", ["Maya Chen"]) == "inspired by Maya Chen's path"


@pytest.mark.parametrize(
    ("note", "slot", "fitted"),
    [
        ("I'll read Inspired", NoteSlot.PLAN, "read *Inspired*"),
        ("Next step: I'm going to email Sam.", NoteSlot.PLAN, "email Sam"),
        ("To sit in on a design critique", NoteSlot.PLAN, "sit in on a design critique"),
        ("Plan to shadow a PM", NoteSlot.PLAN, "shadow a PM"),
        ("You should Learn SQL", NoteSlot.ADVICE, "learn SQL"),
        ("She suggested I apply to the APM programme", NoteSlot.ADVICE, "apply to the APM programme"),
        ("Advice: talk to recruiters early", NoteSlot.ADVICE, "talk to recruiters early"),
        ("I'll read Inspired", NoteSlot.ANY, "I'll read *Inspired*"),
    ],
)
def test_a_plan_or_advice_drops_the_lead_in_the_draft_already_wrote(
    note: str, slot: NoteSlot, fitted: str
) -> None:
    assert fit_note(note, slot=slot) == fitted


@pytest.mark.parametrize("note", ["", "   ", "\n\t\n", "- ", None, "..."])
def test_blank_notes_add_nothing(note: str | None) -> None:
    assert fit_note(note) is None
