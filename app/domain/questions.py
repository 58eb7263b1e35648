"""The three-question rule for meeting prep: the one check the wizard, the tests and any tool share."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

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

# Curly and modifier apostrophes all mean "'"; folding them lets "I’d" match the patterns for "i'd".
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\uff07": "'", "`": "'"})

# The kind explanation shown whenever a question asks for something for the student; the example
# question keeps the student moving instead of only stopping them.
BETTER_DIRECTION = "try asking how they got where they are, e.g. “How did you find your way into this field?”"


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
    """One problem: which question (0-based; None for the set as a whole), what, and a kind why."""

    index: int | None
    code: str
    message: str


# --- Asking for a job ------------------------------------------------------------------------
# The patterns below look for the student asking FOR THEMSELVES: for a job, an opening, an
# internship, an interview, a referral or a recommendation. Questions about the contact's own
# work, their hiring, or how people get into the field are learning, and pass. They run on
# folded text (see _clauses): lower case, no accents, one space between words, one clause a line.

# Where a contact works: "is your team hiring" asks for an opening there.
_ORG = (
    r"(?:team|company|firm|organisation|organization|org|office|department|group|lab|agency"
    r"|practice|studio|startup|employer|business|unit|division|branch|bank|hospital|newsroom)"
)
# What a student might ask to be given. A following word that makes it a topic rather than a
# thing to hand over ("job market", "interview tips", "role model") takes it off the list.
_JOB = (
    r"(?:jobs?|positions?|roles?|openings?|vacanc(?:y|ies)|internships?|placements?|interviews?"
    r"|offers?|referrals?|spots?|gigs?)\b"
    r"(?! (?:tips?|advice|questions?|skills?|prep\w*|process\w*|stor(?:y|ies)|experiences?|model"
    r"|descriptions?|titles?|markets?|search\w*|hunt\w*|boards?|fairs?|trends?)\b)"
)
# People an organisation takes on.
_RECRUITS = (
    r"(?:interns?|graduates|grads|new grads?|new hires?|candidates|juniors?|people|staff|help"
    r"|anyone|someone|students|trainees|apprentices)\b"
)
# Words that may stand between a verb and the thing asked for: "get me an unpaid summer internship".
_MODIFIERS = (
    r"(?:(?:any|some|an?|the|your|one|paid|unpaid|summer|winter|spring|autumn|fall|student"
    r"|graduate|grad|entry level|junior|open|current|new|future|full time|part time) ){0,3}"
)
# The student as the beneficiary: "for me", "for someone like me".
_FOR_ME = r"for (?:me|myself|(?:someone|somebody|anyone|people) like me)\b"
# Who a referral would go to when it is a referral for a job, not an introduction to learn from.
_HIRING_CONTACTS = (
    rf"(?:hr|human resources|hiring|recruit\w*|talent|managers?|boss|employer|your (?:\w+ )?{_ORG})\b"
)
# Words after "refer me" / "recommend me" that make it about something to read or someone to
# learn from ("recommend me a book", "refer me to someone who…"), not about the student.
_LEARNING_AFTER_ME = (
    r"(?:to|a|an|any|some|something|anything|anyone|someone|somebody|people|books?|resources?"
    r"|podcasts?|websites?|articles?|courses?|reading|one|good|great|useful)\b"
)

JOB_REQUEST_PATTERNS: tuple[str, ...] = (
    # "Are you hiring?", "Is your team hiring any interns?". After "how" or "why" it is a
    # question about how they hire ("How is your team hiring differently?"), which is learning.
    rf"(?<!\bhow )(?<!\bwhy )\b(?:are|is) (?:you|y'all|your (?:\w+ )?{_ORG})(?: \w+)? "
    rf"(?:hiring|recruiting|(?:taking on|looking for|accepting) {_MODIFIERS}"
    rf"(?:{_RECRUITS}|applications|resumes|cvs))",
    # "Do you have any openings?", "Are there openings on your team?"
    r"\bany (?:\w+ ){0,2}?(?:openings?|vacanc(?:y|ies))\b",
    rf"\b(?:openings?|vacanc(?:y|ies)) (?:\w+ )?(?:on|in|at|with) (?:you\b|your (?:\w+ )?{_ORG})",
    rf"\b(?:any|an?) {_MODIFIERS}(?:jobs?|positions?|roles?|internships?|spots?|places?) "
    r"(?:available|open|going)\b",
    # "Do you offer internships?", "Does your firm take interns?"
    rf"\b(?:do|does|will|would|could|can) (?:you|your (?:\w+ )?{_ORG}) (?:\w+ )?"
    rf"(?:offer|have|run|take|need|want|accept|hire)s? {_MODIFIERS}"
    r"(?:internships?|interns?|openings?|vacanc(?:y|ies)|trainees|apprentices)\b",
    # "Would you hire someone like me?", "Would your team ever hire a new grad?"
    rf"\b(?:would|will|could|might|do|does) (?:you|your (?:\w+ )?{_ORG}) (?:\w+ )?hir(?:e|ing)\b",
    # "Is there a position for me?", "Any internships for someone like me?"
    rf"\b{_JOB} (?:\w+ ){{0,2}}?{_FOR_ME}",
    # The contact acting for the student: "hire me", "interview me", "keep me in mind".
    r"\b(?:hire|hiring|employ|employing|sponsor|sponsoring|nominate|endorse|shortlist|interview"
    r"|interviewing|vouch for|vouching for) me\b",
    r"\bconsider(?:ing)? me (?:for|as)\b",
    r"\bkeep(?:ing)? me in mind\b",
    r"\b(?:bring|bringing|get|getting) me (?:in|into|on ?board|aboard|hired)\b",
    r"\b(?:take|taking) me on\b(?! an? )",
    r"\bput(?:ting)? me (?:forward|up for|in for|on (?:the|a|your) (?:short)?list)\b",
    # "Could you refer me?", "recommend me for a position", "refer me to your hiring manager".
    rf"\b(?:refer|recommend)(?:ring|ing)? me\b(?! {_LEARNING_AFTER_ME})",
    rf"\b(?:refer|recommend)(?:ring|ing)? me to (?:\w+ ){{0,2}}?{_HIRING_CONTACTS}",
    r"\bput (?:in )?a (?:good )?word\b",
    r"\b(?:a |good )word (?:in )?for me\b",
    r"\bletter of (?:recommendation|reference)\b|\b(?:recommendation|reference) letter\b",
    r"\bwrite me an? (?:recommendation|reference)\b",
    r"\bbe (?:a|my) reference\b",
    r"\b(?:use|list|name|put) you (?:down )?as (?:a |my )?(?:reference|referee)\b",
    # Handing over an application: "send you my resume", "pass my CV to HR", "pass along my name".
    r"\b(?:send|sending|pass|passing|forward|forwarding|share|sharing|give|giving|hand|handing"
    r"|submit|submitting|email|emailing|e mail|attach|attaching|circulate|drop|dropping) "
    r"(?:(?:you|them|him|her|it|along|on|over|off|across) ){0,2}"
    r"my (?:cv|resume|application|portfolio|candidacy|details|name|profile)\b",
    r"\bput(?:ting)? (?:forward )?my (?:name|cv|resume|application) (?:forward|in|up|through)\b",
    # "Can you get me an interview?", "help me land an internship", "I'd love an internship".
    rf"\b(?:get|getting|give|giving|find|finding|offer|offering|land|landing|secure|securing"
    rf"|arrange|arranging) me (?:up )?(?:with )?{_MODIFIERS}{_JOB}",
    rf"\bhelp(?:ing)? me (?:to )?(?:get|find|land|secure|obtain) {_MODIFIERS}{_JOB}",
    rf"\bi(?:'d| would) (?:love|like|want|appreciate|welcome) "
    rf"(?:to (?:get|have|land|apply for|be considered for) )?{_MODIFIERS}{_JOB}",
    # Permission, not possibility: "Can I get an interview?" asks for one; "Can I get a job like
    # yours without a degree?" asks how the field works, so a following qualifier lets it pass.
    rf"\b(?:can|could|may|might) i (?:please )?(?:get|have|land|secure|schedule|book|arrange|ask for"
    rf"|request|apply for) {_MODIFIERS}{_JOB}"
    r"(?! (?:like|similar|such|in|without|with|as|after|before|if|once|when)\b)",
    # The student applying to, joining or working at the contact's organisation.
    rf"\bi (?:\w+ ){{0,3}}?(?:apply|applying|intern|interning|interview|interviewing|work|working"
    rf"|get hired|be hired|get {_MODIFIERS}{_JOB})(?: \w+){{0,3}}? (?:at|for|to|with|in|on|into) "
    rf"your (?:\w+ )?{_ORG}",
    r"\bi (?:\w+ ){0,3}?(?:apply|applying|intern|interning|interview|interviewing) "
    r"(?:\w+ ){0,3}?(?:with|at|for) you\b",
    r"\bi (?:\w+ ){0,3}?work(?:ing)? for you\b",
    rf"\bi (?:\w+ ){{0,3}}?join(?:ing)? your (?:\w+ )?{_ORG}",
    r"\bi (?:\w+ ){0,3}?be (?:considered for|hired|referred|recommended for|interviewed|shortlisted)\b",
)

_JOB_REQUEST = re.compile("|".join(f"(?:{pattern})" for pattern in JOB_REQUEST_PATTERNS), re.MULTILINE)


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
    ProblemCode.ASKS_FOR_JOB: (
        "Question {number} asks for a job, an opening or a referral. You're there to learn, "
        f"not to ask for a job: {BETTER_DIRECTION}"
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


def _clauses(text: str) -> str:
    """Folded text with one clause a line, so no pattern reaches across a sentence's end."""
    lines = re.sub(r"[.?!;:\u00bf\u00a1\uff1f\u061f\u2026]+", "\n", _fold(text))
    lines = re.sub(r"[^\w'\n]+|_", " ", lines)
    return "\n".join(" ".join(line.split()) for line in lines.split("\n"))


def asks_for_job(question: str) -> bool:
    """Whether the question asks the contact for a job, opening, interview or referral for the student."""
    return _JOB_REQUEST.search(_clauses(question)) is not None


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
        if asks_for_job(question):
            problems.append(_problem(index, ProblemCode.ASKS_FOR_JOB))

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
