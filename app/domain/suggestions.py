"""What to write about when keeping in touch: drawn from the student's own meeting notes (TIARA)."""

from __future__ import annotations

import re

QUOTE_LIMIT = 90

# Most useful first: what the student said they would do, then the advice they were given.
_NOTE_ORDER = (
    ("assignments", "Tell them how it went with “{}”."),
    ("advice", "Tell them what came of their advice: “{}”."),
    ("resources", "Let them know you followed up on “{}”."),
    ("insights", "Share what you've learned since they told you “{}”."),
    ("trends", "Ask how “{}” has played out since you spoke."),
)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        cleaned = re.sub(r"^[\s\-*•\d.)]+", "", line).strip()
        if len(cleaned.split()) >= 2:
            if len(cleaned) > QUOTE_LIMIT:
                cleaned = cleaned[: QUOTE_LIMIT - 1].rsplit(" ", 1)[0] + "…"
            return cleaned
    return ""


def keep_in_touch_reason(notes: dict[str, str]) -> str | None:
    """A concrete reason to get back in touch, or None when the notes give nothing to go on."""
    for key, template in _NOTE_ORDER:
        line = _first_line(notes.get(key, "") or "")
        if line:
            return template.format(line)
    return None
