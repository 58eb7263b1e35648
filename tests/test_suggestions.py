"""Keep-in-touch reasons come from the student's notes, most actionable first."""

from __future__ import annotations

import pytest

from app.domain.suggestions import keep_in_touch_reason


@pytest.mark.parametrize(
    ("notes", "expected"),
    [
        (
            {"assignments": "- Read The Design of Everyday Things", "advice": "Talk to UX folks"},
            "Tell them how it went with “Read The Design of Everyday Things”.",
        ),
        (
            {"advice": "Join the local UX meetup\nand more"},
            "Tell them what came of their advice: “Join the local UX meetup”.",
        ),
        ({"resources": "1. IxDA newsletter"}, "Let them know you followed up on “IxDA newsletter”."),
        (
            {"insights": "ok", "trends": "AI tools in research"},
            "Ask how “AI tools in research” has played out since you spoke.",
        ),
        ({}, None),
        ({"advice": "   \n - \n"}, None),
    ],
)
def test_the_reason_quotes_the_most_actionable_note(notes: dict[str, str], expected: str | None) -> None:
    assert keep_in_touch_reason(notes) == expected


def test_a_long_note_is_shortened_at_a_word() -> None:
    reason = keep_in_touch_reason({"advice": "word " * 60})
    assert reason is not None and "…" in reason and len(reason) < 140
