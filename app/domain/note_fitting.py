"""Meeting notes fitted to the middle of a sentence in a draft: case, titles and trailing punctuation.

A note is written to stand alone ("Read Inspired by Marty Cagan!"); a draft reads it after words of
its own ("I'm going to ___"). Fitting it means: the first line only, no bullet or closing
punctuation, an ordinary first word in lower case (a name keeps its capital), a word capitalised for
no reason after "to"/"will" lowered, a book or podcast title after "read"/"listen to" set in
*asterisks*, and for a plan or a piece of advice, the note's own lead-in ("I'll", "You should")
dropped so the draft does not say it twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum

from app.domain.sentence_words import NAME_LIKE_WORDS, ORDINARY_WORDS

__all__ = ["NoteSlot", "fit_note"]

BULLETS = "-•*–— \t"
TRAILING = ".!?;:,… \t"
# A first word that keeps its capital mid-sentence: "I", "I'm", "I'll", ...
_I_WORD = re.compile(r"^I(?:'|’|$)")
# Word forms that are ordinary words even when no list holds them: "Working at Acme", "Quickly".
_ORDINARY_ENDING = re.compile(r"^[A-Z][a-z]{1,}(?:ing|ed|ly)$")
# Words after which a capitalised ordinary word is a slip of the shift key: "going to Read".
_LOWER_AFTER = frozenset({"to", "will", "would", "should", "could", "can", "must", "might", "i'll", "i’ll"})
# What names a title: "read Inspired", "listen to Lenny's Podcast", "watch The Social Dilemma".
_TITLE_VERB = re.compile(
    r"\b(?:re-?read|read|reading|finish|finishing|watch|watching|listen to|listening to|subscribe to"
    r"|the book|the podcast|the article|the talk)\s+(?=[A-Z0-9\"'“‘*_])",
)
_TITLE_JOINERS = frozenset({"of", "the", "and", "a", "an", "to", "in", "for", "on", "at", "with", "&"})


class NoteSlot(Enum):
    """Where the note lands in the draft, which decides what lead-in it may drop."""

    ANY = "any"
    PLAN = "plan"  # after "I'm going to" / "I plan to"
    ADVICE = "advice"  # after "you suggested I"


_LEAD_INS: dict[NoteSlot, re.Pattern[str]] = {
    NoteSlot.ANY: re.compile(r"^$"),
    NoteSlot.PLAN: re.compile(
        r"^(?:(?:next(?: step)?|plan|to ?do|todo|action)\s*[:\-–]\s*)?"
        r"(?:(?:(?:i(?:'|’)m|i am) going to|i(?:'|’)ll|i will|i plan to|i should|i need to|i want to"
        r"|i must|going to|plan to|need to|to)\s+)?",
        re.IGNORECASE,
    ),
    NoteSlot.ADVICE: re.compile(
        r"^(?:advice\s*[:\-–]\s*)?(?:(?:(?:you|she|he|they) (?:suggested|said|told me|thinks?)"
        r"(?: that)?(?: i(?: should)?)?|suggested(?: that)?(?: i)?|i should|you should|should)\s+)?",
        re.IGNORECASE,
    ),
}


def _keeps_capital(word: str, rest: str, proper_nouns: frozenset[str]) -> bool:
    """Acronyms (UX, NHS), "I"-words, known names, possessives (Priya's), words capitalised again
    later, and any word that is not an ordinary English word (most likely a name: "Monzo")."""
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
    if bare and re.search(rf"(?<!^)\b{re.escape(bare)}\b", rest) is not None:
        return True
    return not _is_ordinary(bare)


def _is_ordinary(word: str) -> bool:
    return word.casefold() in ORDINARY_WORDS or _ORDINARY_ENDING.match(word) is not None


def _lower_first(word: str) -> str:
    return word[:1].lower() + word[1:]


def _mark_titles(line: str, proper_nouns: frozenset[str]) -> str:
    """`read Inspired by Marty Cagan` → `read *Inspired* by Marty Cagan`; a title already quoted,
    starred or underlined, or that is the contact's or organisation's name, is left alone."""
    out: list[str] = []
    position = 0
    for verb in _TITLE_VERB.finditer(line):
        start = verb.end()
        if start < position or line[start] in "\"'“‘*_":
            continue
        words = line[start:].split(" ")
        taken: list[str] = []
        for index, word in enumerate(words):
            bare = word.rstrip(".,;:!?")
            capitalised = bool(bare) and (bare[0].isupper() or bare[0].isdigit())
            joiner = bare.casefold() in _TITLE_JOINERS and index + 1 < len(words) and taken
            if capitalised or joiner:
                taken.append(word)
                if bare != word:  # punctuation ends the title
                    break
                continue
            break
        while taken and taken[-1].rstrip(".,;:!?").casefold() in _TITLE_JOINERS:
            taken.pop()
        if not taken or taken[-1].endswith(("'s", "’s")):  # "read Priya's notes": whose, not a title
            continue
        title = " ".join(taken)
        bare_title = title.rstrip(".,;:!?")
        if bare_title.casefold() in proper_nouns or all(
            w.casefold() in proper_nouns for w in bare_title.split()
        ):
            continue
        tail = title[len(bare_title) :]
        out.append(line[position:start] + f"*{bare_title}*" + tail)
        position = start + len(title)
    out.append(line[position:])
    return "".join(out)


def _lower_slips(line: str, *, after_to_only: bool = False) -> str:
    """`going to Read`, `the Importance of`, `she Moved`: an ordinary word capitalised after a
    lower-case word is lowered. Titles already set in *asterisks* and words that double as first
    names ("talk to Will") are left alone."""
    words = line.split(" ")
    in_title = False
    for index, word in enumerate(words):
        was_in_title = in_title
        if word.startswith("*"):
            in_title = True
        if in_title or was_in_title or index == 0:
            if word.rstrip(".,;:!?").endswith("*"):
                in_title = False
            continue
        before = words[index - 1]
        bare = word.rstrip(".,;:!?")
        lower_before = before.casefold() in _LOWER_AFTER or (
            not after_to_only and before.isalpha() and before.islower()
        )
        if (
            lower_before
            and bare[:1].isupper()
            and bare[1:].islower()
            and bare.casefold() not in NAME_LIKE_WORDS
            and _is_ordinary(bare)
        ):
            words[index] = _lower_first(word)
    return " ".join(words)


def fit_note(text: str | None, proper_nouns: Iterable[str] = (), slot: NoteSlot = NoteSlot.ANY) -> str | None:
    """The first non-empty line of a note, ready for "What you said about ___": None when blank.

    `proper_nouns` are words known to be names (the contact's, their organisation's) that keep a capital.
    `slot` says what the draft already wrote before the note, so a note's own "I'll" is not repeated.
    """
    known = frozenset(word.casefold() for name in proper_nouns for word in name.split())
    known |= frozenset(name.casefold() for name in proper_nouns if name)
    if text is None:
        return None
    for raw in text.splitlines():
        line = raw.strip().lstrip(BULLETS).strip().rstrip(TRAILING).strip()
        line = _LEAD_INS[slot].sub("", line, count=1).strip()
        if not line:
            continue
        word, _, rest = line.partition(" ")
        if word[:1].isupper() and not _keeps_capital(word, rest, known):
            line = _lower_first(line)
        # "to Read" is lowered before titles are looked for, so "read Inspired" is seen as one.
        return _lower_slips(_mark_titles(_lower_slips(line, after_to_only=True), known))
    return None
