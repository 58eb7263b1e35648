"""The three-question rule for meeting prep: the one check the wizard, the tests and any tool share."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

from app.domain.job_ask import judge, refusal
from app.domain.words import word_count

REQUIRED_QUESTIONS = 3
MIN_WORDS = 4

# Two questions this alike (0 to 1, difflib's ratio) read as the same question. It is applied
# twice: to the letters, which catches typos and small rewordings, and to the words, which
# catches a one-word swap in a question of ten or more words (9 shared of 10 is 0.9).
NEAR_COPY_RATIO = 0.9
# Near copies are judged on the opening only: a real question is far shorter, and difflib's
# matching is quadratic, so a pasted essay must not stall the page. Exact copies use all the text.
NEAR_COPY_SPAN = 600

# "?" and the marks other scripts use for it: full-width (Chinese, Japanese) and Arabic/Persian.
QUESTION_MARKS = frozenset("?\uff1f\u061f")

# Unicode categories that may follow the question mark without making it less of a question:
# closing brackets and quotes, emoji and their modifiers, joiners and variation selectors.
_TRAILING_CATEGORIES = frozenset({"Pe", "Pf", "So", "Sk", "Mn", "Me", "Cf", "Zs"})
_TRAILING_QUOTES = frozenset("\"'")

# Curly and modifier apostrophes all mean "'"; folding them lets "I’d" and "I'd" compare equal.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\uff07": "'", "`": "'"})


class ProblemCode(StrEnum):
    """What is wrong with a question set; a str, so the page and the tests can compare plainly."""

    COUNT = "count"
    EMPTY = "empty"
    NOT_A_QUESTION = "not_a_question"
    TOO_SHORT = "too_short"
    DUPLICATE = "duplicate"
    NEAR_DUPLICATE = "near_duplicate"
    ASKS_FOR_JOB = "asks_for_job"


@dataclass(frozen=True)
class QuestionProblem:
    """One problem: which question (0-based; None for the set as a whole), what, and a kind why.

    `suggestion` is a question that could replace this one as it stands (for a job ask, the
    rewrite that keeps what the student wanted to know); empty when there is none.
    """

    index: int | None
    code: str
    message: str
    suggestion: str = ""


# --- Messages --------------------------------------------------------------------------------
# Calm, brief, never scolding: each says which question, why, and what to try instead.

_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _number(n: int) -> str:
    return _NUMBER_WORDS[n] if n < len(_NUMBER_WORDS) else str(n)


def _count_message(filled: int) -> str:
    if filled == 0:
        return (
            "No questions yet. Write three, so you can steer the conversation: "
            "the TIARA bank has starting points."
        )
    if filled < REQUIRED_QUESTIONS:
        missing = REQUIRED_QUESTIONS - filled
        more = "one more" if missing == 1 else f"{_number(missing)} more"
        return (
            f"You have {_number(filled)} of your three questions. Write {more}, so you can steer "
            "the conversation; the TIARA bank has starting points."
        )
    return (
        f"You have {_number(filled)} questions: keep your best three. Three are enough to steer a "
        "short meeting and leave room for their answers."
    )


_QUESTION_MESSAGES: dict[ProblemCode, str] = {
    ProblemCode.EMPTY: (
        "Question {number} is still empty. Write an open question about their work, "
        "e.g. “What do you enjoy most about your work?”"
    ),
    ProblemCode.NOT_A_QUESTION: (
        "Question {number} doesn't end with a question mark, so it may read as a statement. "
        "Phrase it as an open question, e.g. start with “What” or “How” and end with “?”."
    ),
    ProblemCode.TOO_SHORT: (
        f"Question {{number}} is a little short to start a conversation (it needs at least "
        f"{_number(MIN_WORDS)} words). Add what you're curious about, "
        "e.g. “What surprised you most in your first year?”"
    ),
}


def _problem(index: int, code: ProblemCode) -> QuestionProblem:
    return QuestionProblem(index, code, _QUESTION_MESSAGES[code].format(number=index + 1))


def _duplicate_message(index: int, original: int, *, exact: bool) -> str:
    sameness = "is the same as" if exact else "is very close to"
    return (
        f"Question {index + 1} {sameness} question {original + 1}. Three different questions "
        "teach you more in the time you have: try another angle, such as a trend in their field "
        "or advice they would give."
    )


# --- Reading a question ----------------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case without accents or curly apostrophes, so "Résumé" and "resume" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _is_blank(text: str) -> bool:
    # Zero-width spaces and joiners (category Cf) are invisible, so a field holding only them is empty.
    return all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text)


def _ends_with_question_mark(text: str) -> bool:
    end = len(text)
    while end > 0 and (
        text[end - 1].isspace()
        or text[end - 1] in _TRAILING_QUOTES
        or unicodedata.category(text[end - 1]) in _TRAILING_CATEGORIES
    ):
        end -= 1
    return end > 0 and text[end - 1] in QUESTION_MARKS


def _comparable(text: str) -> str:
    """The question as compared for copies: no case, accents, punctuation or extra spaces."""
    folded = _fold(text).replace("'", "")
    return " ".join(re.sub(r"[\W_]+", " ", folded).split())


def _near_copy(a: str, b: str) -> bool:
    a, b = a[:NEAR_COPY_SPAN], b[:NEAR_COPY_SPAN]
    letters = SequenceMatcher(None, a, b, autojunk=False)
    if letters.real_quick_ratio() >= NEAR_COPY_RATIO and letters.ratio() >= NEAR_COPY_RATIO:
        return True
    words = SequenceMatcher(None, a.split(), b.split(), autojunk=False)
    return words.real_quick_ratio() >= NEAR_COPY_RATIO and words.ratio() >= NEAR_COPY_RATIO


# --- The rule --------------------------------------------------------------------------------


def check_questions(questions: Sequence[str]) -> list[QuestionProblem]:
    """Every problem with a meeting's questions at once, in order: the set first, then each question.

    Blank entries count as missing. Each blank slot is pointed out only while questions are
    missing, since that is where one should go; with three written, a spare blank slot is harmless.
    """
    if isinstance(questions, str):
        # A lone string is a Sequence[str] of characters: almost certainly a caller's mistake.
        raise TypeError("check_questions expects a sequence of questions, not one string")

    blank = [_is_blank(question) for question in questions]
    filled = blank.count(False)
    problems: list[QuestionProblem] = []
    if filled != REQUIRED_QUESTIONS:
        problems.append(QuestionProblem(None, ProblemCode.COUNT, _count_message(filled)))

    seen: list[tuple[int, str]] = []
    for index, question in enumerate(questions):
        if blank[index]:
            if filled < REQUIRED_QUESTIONS:
                problems.append(_problem(index, ProblemCode.EMPTY))
            continue
        if not _ends_with_question_mark(question):
            problems.append(_problem(index, ProblemCode.NOT_A_QUESTION))
        if word_count(question) < MIN_WORDS:
            problems.append(_problem(index, ProblemCode.TOO_SHORT))
        verdict = judge(question)
        if verdict.asks:
            message = refusal(verdict, subject=f"Question {index + 1}")
            problems.append(QuestionProblem(index, ProblemCode.ASKS_FOR_JOB, message, verdict.rewrite))

        comparable = _comparable(question)
        # Against the earliest earlier match only: the later question is the one to change.
        for original, earlier in seen:
            if comparable == earlier:
                message = _duplicate_message(index, original, exact=True)
                problems.append(QuestionProblem(index, ProblemCode.DUPLICATE, message))
                break
            if _near_copy(comparable, earlier):
                message = _duplicate_message(index, original, exact=False)
                problems.append(QuestionProblem(index, ProblemCode.NEAR_DUPLICATE, message))
                break
        seen.append((index, comparable))
    return problems
