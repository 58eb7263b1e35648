"""Meeting notes fitted to the middle of a sentence in a draft: case and trailing punctuation."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["fit_note"]

BULLETS = "-•*–— \t"
TRAILING = ".!?;:,… \t"
# A first word that keeps its capital mid-sentence: "I", "I'm", "I'll", ...
_I_WORD = re.compile(r"^I(?:'|’|$)")


def _keeps_capital(word: str, rest: str, proper_nouns: frozenset[str]) -> bool:
    """Acronyms (UX, NHS), "I"-words, known names, possessives (Priya's) and words capitalised again."""
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        return True
    if any(ch.isupper() for ch in word[1:]):  # iPhone, McKinsey
        return True
    if _I_WORD.match(word):
        return True
    bare = word.strip(".,;:!?\"'()")
    if bare.endswith(("'s", "’s")) or bare.casefold() in proper_nouns:
        return True
    return bool(bare) and re.search(rf"(?<!^)\b{re.escape(bare)}\b", rest) is not None


def fit_note(text: str | None, proper_nouns: Iterable[str] = ()) -> str | None:
    """The first non-empty line of a note, ready for "What you said about ___": None when blank.

    `proper_nouns` are words known to be names (the contact's, their organisation's) that keep a capital.
    """
    known = frozenset(word.casefold() for name in proper_nouns for word in name.split())
    if text is None:
        return None
    for raw in text.splitlines():
        line = raw.strip().lstrip(BULLETS).strip().rstrip(TRAILING).strip()
        if not line:
            continue
        word, _, rest = line.partition(" ")
        if word[:1].isupper() and not _keeps_capital(word, rest, known):
            line = word[:1].lower() + line[1:]
        return line
    return None
