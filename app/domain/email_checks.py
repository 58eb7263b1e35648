"""The checks the composer shows beside a draft, after Steve Dalton's 5-Point Email."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from app.domain import job_ask
from app.domain.pipeline import thank_you_deadline
from app.domain.templates import GAP_PATTERN
from app.domain.times import as_utc, utc_now
from app.domain.vocabulary import DraftKind
from app.domain.words import first_name, word_count

__all__ = [
    "ABOUT_THEM",
    "ASKS_QUESTION",
    "CONNECTION_FIRST",
    "CONNECTION_MARKERS",
    "HAS_SUBJECT",
    "NAME_SPELLED",
    "NO_GAPS",
    "NO_JOB_ASK",
    "SPECIFIC_DETAIL",
    "THANK_YOU_DEADLINE",
    "WORD_COUNT",
    "WORD_HARD_LIMIT",
    "WORD_LIMIT",
    "Check",
    "CheckStatus",
    "apply_suggestion",
    "can_mark_sent",
    "check_email",
    "countdown",
]

CheckStatus = Literal["pass", "warn", "fail"]

# Check codes: stable names the UI and tests can key on, whatever the label says.
NO_GAPS = "no_gaps"
HAS_SUBJECT = "has_subject"
NAME_SPELLED = "name_spelled"
WORD_COUNT = "word_count"
CONNECTION_FIRST = "connection_first"
NO_JOB_ASK = "no_job_ask"
ASKS_QUESTION = "asks_question"
ABOUT_THEM = "about_them"
THANK_YOU_DEADLINE = "thank_you_deadline"
SPECIFIC_DETAIL = "specific_detail"

WORD_LIMIT = 75
# Past this a draft may not be marked sent: a long first email to a stranger mostly goes unread.
WORD_HARD_LIMIT = 100

# Kinds that ask a near-stranger for their time, so the 5-Point rules on length and asking apply.
# A 3B7 follow-up repeats the outreach request, so it is held to the same length and no-job rules.
REQUEST_KINDS: frozenset[DraftKind] = frozenset({DraftKind.OUTREACH, DraftKind.FOLLOW_UP})

# Words and phrases that say how the student and the contact are connected. School and group
# names cannot be known here, so the words around them ("fellow", "alum", "member") stand in.
CONNECTION_MARKERS: tuple[str, ...] = (
    "fellow",
    "alum",
    "alums",
    "alumni",
    "alumna",
    "alumnae",
    "alumnus",
    "graduate",
    "graduated",
    "grad",
    "classmate",
    "group",
    "member",
    "members",
    "met",
    "we both",
    "both studied",
    "referred",
    "recommended",
    "suggested i",
    "suggested that i",
    "suggested we",
    "introduced",
    "mutual",
    "event",
    "conference",
    "panel",
    "webinar",
    "meetup",
)

FIRST_PERSON: frozenset[str] = frozenset({"i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself"})
SECOND_PERSON: frozenset[str] = frozenset(
    {"you", "your", "yours", "yourself", "you're", "you've", "you'd", "you'll"}
)

GREETING_WORDS: tuple[str, ...] = (
    "hi",
    "hello",
    "hey",
    "dear",
    "greetings",
    "good morning",
    "good afternoon",
    "good evening",
)
# Titles whose full stop does not end a sentence ("Dear Dr. Smith", "St. Mary's").
ABBREVIATIONS: tuple[str, ...] = (
    "Dr.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Mx.",
    "Prof.",
    "St.",
    "e.g.",
    "i.e.",
)

# Words too common to show that a thank-you recalls the conversation.
# fmt: off
NOTE_STOPWORDS: frozenset[str] = frozenset({
    "about", "after", "again", "also", "been", "being", "could", "does", "from", "have", "into",
    "just", "like", "made", "make", "meeting", "more", "most", "much", "only", "over", "really",
    "said", "some", "than", "thank", "thanks", "that", "their", "them", "then", "there", "these",
    "they", "this", "time", "very", "want", "were", "what", "when", "which", "will", "with",
    "would", "your",
})
# fmt: on
NOTE_WORD_MIN_LETTERS = 4


@dataclass(frozen=True)
class Check:
    """One rule applied to a draft: what it is, how the draft fares, and why.

    A check that can be fixed by swapping one sentence names it (`sentence`, as written) and
    offers the replacement (`suggestion`), so the composer can make the swap in one click.
    """

    code: str
    label: str
    status: CheckStatus
    reason: str
    sentence: str = ""
    suggestion: str = ""


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """Whole-word, case-insensitive match of any phrase, allowing any spacing inside a phrase."""
    alternatives = sorted((r"\s+".join(map(re.escape, p.split())) for p in phrases), key=len, reverse=True)
    # Not after a hyphen, so "eye-opening" is no job opening; a hyphen after ("job-hunting") still counts.
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)


_CONNECTION_RE = _phrase_pattern(CONNECTION_MARKERS)
_GREETING_WORDS_RE = "|".join(r"\s+".join(words.split()) for words in GREETING_WORDS)
_GREETING_RE = re.compile(
    # The greeting ends at the first comma, "!", ":", line break or a full stop that is not a title's.
    rf"^\s*(?:{_GREETING_WORDS_RE})\b"
    r"(?:[^\n,!:.]|(?<=\bDr|\bMr|\bMs|\bMx|\bSt)\.|(?<=\bMrs)\.|(?<=\bProf)\.)*[,!:.]?",
    re.IGNORECASE,
)
_SENTENCE_END_RE = re.compile(
    "".join(rf"(?<!{re.escape(a)})" for a in ABBREVIATIONS) + r"(?<=[.!?])[\"'”’)]*\s+|\n\s*\n"
)
# A "?" that ends a sentence, not one inside a link such as "example.com/?id=3".
_QUESTION_RE = re.compile(r"\?[\"'”’)]*(?:\s|$)")
_PRONOUN_RE = re.compile(r"[a-z]+(?:'[a-z]+)?")
_TEMPLATE_FIELD_RE = re.compile(r"\{[^{}\n]*\}")
_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)


def apply_suggestion(subject: str, body: str, check: Check) -> tuple[str, str]:
    """The subject and body with the check's sentence swapped for its suggestion (the body first).

    Unchanged when the check offers nothing or its sentence is no longer in the draft.
    """
    if not check.suggestion or not check.sentence:
        return subject, body
    if check.sentence in body:
        return subject, body.replace(check.sentence, check.suggestion, 1)
    if check.sentence in subject:
        return subject.replace(check.sentence, check.suggestion, 1), body
    return subject, body


def can_mark_sent(checks: Iterable[Check]) -> bool:
    """A draft may be marked sent when no check fails; warnings are advice, not a block."""
    return all(check.status != "fail" for check in checks)


def countdown(deadline: datetime, now: datetime) -> str:
    """'Due in 5 hours', 'Due now' or 'Overdue by 2 hours'; days once two or more have passed."""
    remaining = as_utc(deadline) - as_utc(now)
    if remaining == timedelta(0):
        return "Due now"
    span = _span(abs(remaining))
    return f"Due in {span}" if remaining > timedelta(0) else f"Overdue by {span}"


def check_email(
    kind: DraftKind,
    subject: str,
    body: str,
    *,
    contact_name: str,
    meeting_ended_at: datetime | None = None,
    now: datetime | None = None,
    notes_keywords: Sequence[str] = (),
) -> list[Check]:
    """Every check for a draft of `kind`, most pressing first; see `can_mark_sent`.

    The thank-you deadline is checked only when `meeting_ended_at` is known; naive datetimes are
    read as UTC, since SQLite hands back stored UTC times without their zone.
    """
    kind = DraftKind(kind)
    checks = [_check_gaps(subject, body), _check_subject(subject)]
    name_check = _check_name(subject, body, contact_name)
    if name_check is not None:
        checks.append(name_check)
    if kind in REQUEST_KINDS:
        checks += [_check_length(body), _check_no_job_ask(subject, body), _check_question(body)]
    if kind == DraftKind.OUTREACH:
        checks += [_check_connection_first(body), _check_about_them(body)]
    if kind == DraftKind.THANK_YOU:
        if meeting_ended_at is not None:
            checks.append(_check_deadline(meeting_ended_at, now or utc_now()))
        checks.append(_check_specific_detail(body, notes_keywords))
    return checks


def _check_gaps(subject: str, body: str) -> Check:
    label = "Every blank filled in"
    text = f"{subject}\n{body}"
    gaps = [f"“{g}”" for g in GAP_PATTERN.findall(text)] + [
        f"“{f}”" for f in _TEMPLATE_FIELD_RE.findall(text)
    ]
    if gaps:
        listed = ", ".join(dict.fromkeys(gaps))
        return Check(NO_GAPS, label, "fail", f"Fill in {listed} so it reads as written by you.")
    return Check(NO_GAPS, label, "pass", "Nothing left to fill in.")


def _check_subject(subject: str) -> Check:
    label = "Has a subject"
    if not subject.strip():
        return Check(
            HAS_SUBJECT,
            label,
            "fail",
            "Add a short subject so they know what it's about before opening it.",
        )
    return Check(HAS_SUBJECT, label, "pass", "A subject tells them what it's about before they open it.")


def _check_name(subject: str, body: str, contact_name: str) -> Check | None:
    name = first_name(contact_name)
    if not name:
        return None  # nothing recorded to compare against
    label = "Name spelled as recorded"
    text = f"{subject}\n{body}"
    if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
        return Check(NAME_SPELLED, label, "pass", f"“{name}” is spelled as recorded.")
    near_miss = _near_miss(name, text)
    if near_miss is not None:
        return Check(
            NAME_SPELLED,
            label,
            "warn",
            f"Their name is recorded as “{name}”, not “{near_miss}”: worth a second look.",
        )
    return Check(NAME_SPELLED, label, "warn", f"Greet them by name, e.g. “Hi {name},”.")


def _near_miss(name: str, text: str) -> str | None:
    """A word in `text` that is probably `name` misspelt or miscapitalised, e.g. "Jon" for "John"."""
    wanted = name.casefold()
    # Longer names tolerate two slips ("Steven" for "Stephen"); short ones only one ("Jon" for "John").
    tolerance = 1 if len(name) <= 5 else 2
    for word in _WORD_RE.findall(text):
        folded = word.casefold()
        if folded == wanted:
            return word
        # Only capitalised words, so everyday words a letter away ("can" for "Dan") are ignored.
        if len(word) > 1 and word[0].isupper() and _edit_distance(folded, wanted) <= tolerance:
            return word
    return None


def _edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and swaps cost one."""
    previous_row: list[int] = []
    row = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        before, previous_row, row = previous_row, row, [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            row[j] = min(previous_row[j] + 1, row[j - 1] + 1, previous_row[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                row[j] = min(row[j], before[j - 2] + 1)
    return row[-1]


def _check_length(body: str) -> Check:
    label = f"Under {WORD_LIMIT} words"
    count = word_count(body)
    if count > WORD_HARD_LIMIT:
        return Check(
            WORD_COUNT,
            label,
            "fail",
            f"{count} words is too long to send: trim it to {WORD_LIMIT} or fewer so it reads at a glance.",
        )
    if count > WORD_LIMIT:
        return Check(
            WORD_COUNT,
            label,
            "warn",
            f"{count} words: trimming {count - WORD_LIMIT} more makes it easy to read on a phone.",
        )
    return Check(WORD_COUNT, label, "pass", f"{count} words: short enough to read at a glance.")


def _check_connection_first(body: str) -> Check:
    label = "Connection first"
    if _CONNECTION_RE.search(_opening_sentence(body)):
        return Check(CONNECTION_FIRST, label, "pass", "You open with what connects you.")
    return Check(
        CONNECTION_FIRST,
        label,
        "fail",
        "Start with what connects you, e.g. “As a fellow Western alum…”: it's why a stranger says yes.",
    )


def _opening_sentence(body: str) -> str:
    """The first sentence after the greeting line, which is where the connection belongs."""
    text = body.strip()
    greeting = _GREETING_RE.match(text)
    if greeting:
        text = text[greeting.end() :]
    else:
        # A bare "Priya," line greets too.
        first_line, _, rest = text.partition("\n")
        if first_line.rstrip().endswith(",") and word_count(first_line) <= 4:
            text = rest
    sentences = [s for s in _SENTENCE_END_RE.split(text.strip()) if s.strip()]
    return sentences[0] if sentences else ""


def _check_no_job_ask(subject: str, body: str) -> Check:
    """The wizard's rule, sentence by sentence: a sentence refused there is refused here, in its words."""
    label = "No job ask"
    for sentence in [*job_ask.sentences(subject), *job_ask.sentences(body)]:
        verdict = job_ask.judge(sentence)
        if verdict.asks:
            reason = job_ask.refusal(verdict, subject="This sentence")
            return Check(NO_JOB_ASK, label, "fail", reason, sentence=sentence, suggestion=verdict.rewrite)
    return Check(NO_JOB_ASK, label, "pass", "Nothing asks them for a job: it's a request to learn.")


def _check_question(body: str) -> Check:
    label = "Asks a question"
    if _QUESTION_RE.search(body):
        return Check(ASKS_QUESTION, label, "pass", "Your request is a question, easy to answer with a yes.")
    return Check(
        ASKS_QUESTION,
        label,
        "fail",
        "Phrase your request as a question, e.g. “Would you have 20 minutes to chat in the coming weeks?”",
    )


def _check_about_them(body: str) -> Check:
    label = "More about them"
    words = _PRONOUN_RE.findall(body.lower().replace("’", "'"))
    mine = sum(word in FIRST_PERSON for word in words)
    yours = sum(word in SECOND_PERSON for word in words)
    if yours > mine:
        return Check(ABOUT_THEM, label, "pass", "It's more about them than about you.")
    return Check(
        ABOUT_THEM,
        label,
        "warn",
        f"“I/me/my” {mine} times, “you/your” {yours}: turn a sentence toward them, e.g. “your work on…”.",
    )


def _check_deadline(meeting_ended_at: datetime, now: datetime) -> Check:
    deadline = thank_you_deadline(meeting_ended_at)
    label = countdown(deadline, now)
    if as_utc(now) <= as_utc(deadline):
        return Check(
            THANK_YOU_DEADLINE,
            label,
            "pass",
            "A thank-you within a day of meeting shows you valued their time.",
        )
    return Check(
        THANK_YOU_DEADLINE,
        label,
        "warn",
        "It's a little late, but a warm thank-you is still welcome: send it today.",
    )


def _check_specific_detail(body: str, notes_keywords: Sequence[str]) -> Check:
    label = "Mentions something specific"
    keywords = [
        word
        for phrase in notes_keywords
        for word in _WORD_RE.findall(phrase.casefold())
        if len(word) >= NOTE_WORD_MIN_LETTERS and word not in NOTE_STOPWORDS
    ]
    body_words = {word.casefold() for word in _WORD_RE.findall(body)}
    recalled = next((word for word in keywords if word in body_words), None)
    if recalled is not None:
        return Check(
            SPECIFIC_DETAIL,
            label,
            "pass",
            f"You recall “{recalled}” from your notes: they'll know it stayed with you.",
        )
    hint = f" (your notes mention “{keywords[0]}”)" if keywords else ""
    return Check(
        SPECIFIC_DETAIL,
        label,
        "warn",
        f"Name one thing you learned from them{hint}, so they know their time helped.",
    )


def _span(duration: timedelta) -> str:
    """A duration in whole units, rounded down, singular or plural: "5 hours", "1 minute"."""
    whole_minutes = int(duration.total_seconds() // 60)
    if whole_minutes < 60:
        # Never "0 minutes": a few seconds either side of the deadline still reads as one minute.
        count, unit = max(whole_minutes, 1), "minute"
    elif whole_minutes < 48 * 60:
        count, unit = whole_minutes // 60, "hour"
    else:
        count, unit = whole_minutes // (24 * 60), "day"
    return f"{count} {unit}{'' if count == 1 else 's'}"
