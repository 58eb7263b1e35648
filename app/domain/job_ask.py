"""Whether a sentence asks the contact for a job for the student: one rule for questions and emails.

The rule is a small grammar, not a word list. A sentence asks for a job when three things meet:
who benefits (the student: "me", "my", "I", "someone like me"), what is asked for (a job, role,
offer, opening, internship, interview, referral, reference, a résumé handed on, being kept in
mind) and how (the contact is asked to act, to have something open, or the student to get it
"at your company"). Jobs, hiring and interviews as a *topic* ("How is hiring changing in your
industry?", "What do interviewers look for?") pass: nobody is asked to give the student anything.

Each frame below is one way of asking; the first that matches gives the verdict, the words that
ask (as the student typed them) and a rewrite that keeps what the student wanted to know.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from app.domain.required_text import Needs, admits, required_text

__all__ = ["AskKind", "Verdict", "asks_for_job", "clear_cache", "judge", "refusal", "sentences"]


class AskKind(StrEnum):
    """What a sentence asks for; the refusal explains each kind in its own words."""

    NONE = ""
    ACT_FOR_ME = "act_for_me"  # hire / refer / recommend / consider / keep me in mind
    HAND_ON = "hand_on"  # my CV, résumé, name or application passed on
    THEIR_OPENINGS = "their_openings"  # are you hiring, any openings, room on your team
    GET_A_JOB_THERE = "get_a_job_there"  # me getting a job, offer or place at their organisation
    GO_BETWEEN = "go_between"  # a recruiter, HR or hiring manager approached for the student
    REFERENCE = "reference"  # a reference or a letter of recommendation
    SHADOW_THEN_APPLY = "shadow_then_apply"  # a trial or a day's shadowing as a way in
    JOB_SEARCH = "job_search"  # "I'm looking for a job": told to a contact, it asks


# Why each kind is a step too far for a first conversation, said kindly.
WHY: dict[AskKind, str] = {
    AskKind.ACT_FOR_ME: "it asks them to vouch for you before they know you",
    AskKind.HAND_ON: "it asks them to pass your application on, which is a favour for later",
    AskKind.THEIR_OPENINGS: "it asks whether there's a job for you",
    AskKind.GET_A_JOB_THERE: "it asks about a job for you at their organisation",
    AskKind.GO_BETWEEN: "it asks them to approach the people who hire for you",
    AskKind.REFERENCE: "it asks them to vouch for you before they know you",
    AskKind.SHADOW_THEN_APPLY: "it turns a visit into a way in for a job",
    AskKind.JOB_SEARCH: "it tells them you're after a job, so it reads as asking for one",
}


@dataclass(frozen=True)
class Verdict:
    """The rule's answer for one sentence.

    `part` is the stretch of the sentence that asks, exactly as written; `rewrite` is a question
    that keeps what the student wanted to know and passes this rule.
    """

    asks: bool
    part: str = ""
    kind: AskKind = AskKind.NONE
    why: str = ""
    rewrite: str = ""


PASS = Verdict(False)

# --- Reading a sentence ----------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\uff07": "'", "`": "'"})
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")

# Texting shorthand and common slips, to the word the grammar knows.
_SHORTHAND: dict[str, str] = {
    "u": "you",
    "ur": "your",
    "r": "are",
    "rn": "right now",
    "pls": "please",
    "plz": "please",
    "im": "i'm",
    "id": "i'd",
    "ive": "i've",
    "cv's": "cv",
    "resumé": "resume",
    "kinda": "kind of",
    "wanna": "want to",
    "gonna": "going to",
    "organization": "organisation",
    "organizations": "organisations",
    "program": "programme",
    "programs": "programmes",
}

# The words the frames hinge on: a misspelling one or two letters away is read as the word.
_KEY_WORDS = [
    "opportunity",
    "opportunities",
    "referral",
    "referrals",
    "refer",
    "referring",
    "recommend",
    "recommending",
    "interview",
    "interviews",
    "internship",
    "internships",
    "forward",
    "position",
    "positions",
    "vacancy",
    "vacancies",
    "opening",
    "openings",
    "would",
    "could",
    "resume",
    "hiring",
    "recruiter",
    "recruiters",
    "consider",
    "considered",
    "application",
    "applications",
    "portfolio",
    "placement",
    "apprenticeship",
    "sponsor",
    "introduce",
]
_KEY_SET = frozenset(_KEY_WORDS)
# Each key word with its letters: a word sharing too few of them cannot be a slip of it, which
# spares the edit distance for nearly every word read.
# Indexed by first letter, since a slip of a key word is only read as it when it starts the same.
_KEY_LETTERS: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {
    first: tuple((key, frozenset(key)) for key in _KEY_WORDS if key[0] == first)
    for first in {key[0] for key in _KEY_WORDS}
}


def _distance_at_most(a: str, b: str, limit: int) -> bool:
    """Whether two words are within `limit` edits (insert, delete, substitute, swap)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous: list[int] = []
    row = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        before, previous, row = previous, row, [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                row[j] = min(row[j], before[j - 2] + 1)
        if min(row) > limit:
            return False
    return row[-1] <= limit


@lru_cache(maxsize=4096)
def _normal_word(word: str) -> str:
    folded = "".join(
        ch
        for ch in unicodedata.normalize("NFKD", word.translate(_APOSTROPHES))
        if not unicodedata.combining(ch)
    ).casefold()
    if folded in _SHORTHAND:
        return _SHORTHAND[folded]
    if len(folded) >= 5 and folded not in _KEY_SET:
        limit = 1 if len(folded) < 8 else 2
        letters = frozenset(folded)
        for key, key_letters in _KEY_LETTERS.get(folded[0], ()):
            if (
                abs(len(key) - len(folded)) <= limit
                and len(letters ^ key_letters) <= 2 * limit
                and _distance_at_most(folded, key, limit)
            ):
                return key
    return folded


@dataclass(frozen=True)
class _Reading:
    """A sentence as the grammar reads it, with where each word came from in the original."""

    text: str
    normal: str
    starts: tuple[int, ...]  # in `normal`, the offset of each word
    spans: tuple[tuple[int, int], ...]  # in `text`, the extent of each word

    def original(self, start: int, end: int) -> str:
        """The original words behind normal[start:end]."""
        first = next(i for i, s in enumerate(self.starts) if s + 1 > start) if self.starts else 0
        last = max((i for i, s in enumerate(self.starts) if s < end), default=first)
        return self.text[self.spans[first][0] : self.spans[last][1]]


def _read(text: str) -> _Reading:
    # Apostrophes are straightened one character for one, so offsets in the original stay true
    # and the words that ask are quoted back exactly as the student typed them.
    straight = text.translate(_APOSTROPHES)
    parts: list[str] = []
    starts: list[int] = []
    spans: list[tuple[int, int]] = []
    offset = 0
    for token in _TOKEN.finditer(straight):
        for word in _normal_word(token.group()).split():
            starts.append(offset)
            spans.append(token.span())
            parts.append(word)
            offset += len(word) + 1
    return _Reading(text, " ".join(parts), tuple(starts), tuple(spans))


# --- The grammar's words ---------------------------------------------------------------------

# Who benefits: the student.
_ME = r"(?:me|myself|(?:an? |the )?(?:[\w']+ ){0,2}?[\w']+ like me)\b"
_I = r"(?:i|i'd|i'm|i've|i'll)"
# The contact's organisation, as the student names it.
_ORG_NOUN = (
    r"(?:team|teams|company|company's|firm|firm's|organisation|organisation's|org|office|department"
    r"|group|lab|agency"
    r"|practice|studio|startup|employer|business|unit|division|branch|bank|hospital|newsroom|place"
    r"|chambers|school"
    r"|side|end|shop|workplace)"
)
_THEM = rf"(?:you\b|your (?:[\w']+ ){{0,2}}?{_ORG_NOUN}\b|here\b|there\b|[A-Z]\w+)"
# What a student might be given. A following word that makes it a topic ("job market",
# "interview tips", "role model") takes it off the list.
_JOB = (
    r"(?:jobs?|positions?|roles?|openings?|vacancy|vacancies|internships?|placements?|interviews?|offers?"
    r"|referrals?|spots?|gigs?|opportunities|opportunity|apprenticeships?|traineeships?|training contract"
    r"|pupillage|graduate (?:scheme|programme))\b"
    r"(?! (?:tips?|advice|questions?|skills?|prep\w*|process\w*|stor(?:y|ies)|experiences?|model"
    r"|descriptions?"
    r"|titles?|markets?|search\w*|hunt\w*|boards?|fairs?|trends?|outlook|security|life|culture)\b)"
)
# Words between a verb and the thing: "an unpaid summer internship", "the analyst role".
_MODS = r"(?:[\w']+ ){0,4}?"
# People who hire, approached on the student's behalf.
_HIRERS = (
    r"(?:recruiters?|recruitment(?: [\w']+)?|recruiting (?:team|manager|lead|partner)s?"
    r"|hr(?: [\w']+)?|human resources|hiring (?:manager|team|committee|lead|partner)s?"
    r"|talent(?: [\w']+)?|boss|manager|team lead|creative director|design lead"
    r"|whoever (?:is )?(?:hiring|handles \w+)"
    r"|anyone (?:who's|who is|that's) hiring|someone (?:who|that) could (?:hire|give))"
)
_CV = r"(?:cv|resume|application|portfolio|candidacy|details|name|profile|cover letter)"


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _with_me(pattern: str) -> re.Pattern[str]:
    """A frame that asks only when the student is in the sentence somewhere, before or after it."""
    core = f"(?:{pattern})" if "(?P<part>" in pattern else f"(?P<part>{pattern})"
    return re.compile(rf"^(?=.*\b(?:me|my|myself|i|i'm|i'd|i've)\b).*?\b{core}")


# (kind, pattern); a named group `part` picks the words shown to the student, else the whole match.
_FRAMES: tuple[tuple[AskKind, re.Pattern[str]], ...] = (
    # --- a reference or a letter
    (
        AskKind.REFERENCE,
        _c(r"\bletter of (?:recommendation|reference)|\b(?:recommendation|reference) letter"),
    ),
    (
        AskKind.REFERENCE,
        _c(rf"\b(?:be|as) (?:a |my |an )?(?:[\w']+ )?(?:reference|referee)s?\b(?: for {_ME})?"),
    ),
    (AskKind.REFERENCE, _c(r"\bwrite me an? (?:[\w']+ )?(?:recommendation|reference)")),
    # --- the contact acting for the student
    (
        AskKind.ACT_FOR_ME,
        _c(
            r"\b(?:hire|hiring|employ|employing|sponsor|sponsoring|nominate|endorse|shortlist"
            r"|interview|interviewing"
            r"|vouch for|vouching for|consider|considering|think of|back|take a chance on|give a chance to) "
            rf"(?:{_ME}|my (?:visa|application))\b"
        ),
    ),
    (AskKind.ACT_FOR_ME, _c(rf"\bhir(?:e|ing) (?:[\w']+ )?{_ME}")),
    (AskKind.ACT_FOR_ME, _c(r"\b(?:refer|recommend|consider) (?:an? |the )?(?:[\w']+ ){1,2}?like me\b")),
    (AskKind.ACT_FOR_ME, _c(r"\bkeep(?:ing)? me in mind\b|\bkept in mind\b|\bthink of me\b")),
    (AskKind.ACT_FOR_ME, _c(r"\b(?:bring|bringing|get|getting) me (?:in|into|on ?board|aboard|hired|on)\b")),
    (AskKind.ACT_FOR_ME, _c(r"\btake (?:me|a chance on me) on\b|\btaking me on\b|\btake me on\b")),
    (AskKind.ACT_FOR_ME, _c(r"\bput(?:ting)? me (?:forward|up for|in for|on (?:the|a|your) (?:short)?list)")),
    (AskKind.ACT_FOR_ME, _c(r"\bgive me a (?:chance|shot|try|go)\b")),
    (
        AskKind.ACT_FOR_ME,
        _c(
            r"\b(?:refer|recommend|referring|recommending) me\b"
            r"(?! (?:to$|to (?:read|learn|look|try|follow|listen|watch|check|explore|speak|talk"
            r"|contact|meet)\b"
            r"|to (?:(?!your (?:hr|recruit|hiring|talent|manager|boss))\w+ )*?(?:someone|anyone"
            r"|people|a |an |some"
            r"|books?|resources?|colleagues? who)|a |an |any |some |something|anything|books?"
            r"|resources?|reading))"
        ),
    ),
    (AskKind.ACT_FOR_ME, _c(r"\bput (?:in )?a (?:good )?word\b|\b(?:a |good )word (?:in )?for me\b")),
    (AskKind.ACT_FOR_ME, _c(rf"\b(?:(?:be|as) (?:an? |my )?(?:[\w']+ )?referral|referral (?:for|to) {_ME})")),
    (AskKind.ACT_FOR_ME, _c(r"\bgive me an? (?:[\w']+ )?referral\b")),
    # --- the student's application handed on
    (
        AskKind.HAND_ON,
        _c(
            r"\b(?:send|sending|pass|passing|forward|forwarding|share|sharing|give|giving|hand"
            r"|handing|submit|submitting"
            r"|email|emailing|attach|attached|attaching|circulate|drop|dropping|flag|flagging"
            r"|mention|support|review"
            r"|nudge|check on|enclosed|included) "
            rf"(?:(?:you|them|him|her|it|along|on|over|off|across|in|the status of) ){{0,2}}my {_CV}\b"
            r"(?! (?:stronger|better|more|stand out))"
        ),
    ),
    (
        AskKind.HAND_ON,
        _c(rf"\bmy {_CV} (?:is )?(?:attached|enclosed|along|on|forward|in front|gets? seen|through)\b"),
    ),
    (AskKind.HAND_ON, _c(rf"^(?:(?:[\w']+ ){{0,2}})?{_CV} (?:is )?(?:attached|enclosed)\b")),
    (AskKind.HAND_ON, _c(rf"\bsees? my {_CV}\b|\bmy {_CV} (?:[\w']+ ){{0,3}}?(?:to|with) {_HIRERS}")),
    (
        AskKind.HAND_ON,
        _c(
            r"\b(?:review|look at) my (?:cv|resume|application) (?:and"
            r"|then) (?:[\w']+ ){0,3}?(?:forward|on|pass|hired|put)\b"
        ),
    ),
    (AskKind.HAND_ON, _c(rf"\b(?:my {_CV}|it) forward\b")),
    # --- a job for the student at the contact's organisation
    (
        AskKind.GET_A_JOB_THERE,
        _c(
            rf"\b(?:{_I}|me|my|{_ME}) (?:[\w']+ ){{0,8}}?(?:get|getting|land|landing|secure"
            rf"|securing|obtain|receive"
            rf"|have|be offered|apply for"
            rf"|applying for) (?P<part>{_MODS}{_JOB}(?: [\w']+){{0,2}}? (?:at|with|from|on|in|into)"
            rf" {_THEM})"
        ),
    ),
    (
        AskKind.GET_A_JOB_THERE,
        _c(
            rf"\b(?:{_I}|me"
            rf"|for me) (?:[\w']+ ){{0,6}}?(?<!your )(?<!their )(?<!the )(?<!his )(?<!her )(?<!our )"
            r"(?P<part>(?:join|joining|work|working|intern|interning|come and work"
            rf"|do my placement|apply|applying|be hired|get hired|get in|start|volunteer)(?: [\w']+){{0,3}}? "
            rf"(?:at|for|to|with|in|on|into|through) {_THEM}(?: [\w']+)?)"
        ),
    ),
    (
        AskKind.GET_A_JOB_THERE,
        _c(rf"\b(?:{_I}|me) (?:[\w']+ ){{0,4}}?(?P<part>join (?:your|the) (?:[\w']+ )?{_ORG_NOUN})"),
    ),
    (
        AskKind.GET_A_JOB_THERE,
        _c(
            rf"\b(?:get|getting|give|giving|find|finding|offer|offering|land|landing|secure"
            rf"|securing|arrange|arranging"
            rf"|set up|setting up|get you to give) (?:me|for me) (?P<part>(?:up )?(?:with )?{_MODS}{_JOB})"
        ),
    ),
    (AskKind.GET_A_JOB_THERE, _c(rf"\b(?P<part>{_MODS}{_JOB}) for {_ME}")),
    (AskKind.GET_A_JOB_THERE, _c(rf"\b(?P<part>{_JOB}) (?:that )?i (?:could|can|might|should|may) apply\b")),
    (
        AskKind.GET_A_JOB_THERE,
        _c(
            rf"\bhelp(?:ing)? me (?:to )?(?P<part>(?:get|find|land|secure|obtain|into|in"
            rf"|with) (?:into |onto )?{_MODS}(?:{_JOB}|{_THEM}|in))"
        ),
    ),
    (
        AskKind.GET_A_JOB_THERE,
        _c(r"\b(?:my|me|i) (?:[\w']+ ){0,4}?(?P<part>foot in the door)|\b(?P<part2>any way in)\b"),
    ),
    (
        AskKind.GET_A_JOB_THERE,
        _c(
            rf"^(?:(?:please|just|so) )?(?:can|could|may|might) i (?:please )?(?:get|have|land"
            rf"|secure|schedule|book|arrange"
            rf"|ask for|request|apply for|do) (?P<part>{_MODS}{_JOB})"
            r"(?! (?:like|similar|such|without|with a|as a|after|before|if|once|when)\b)"
        ),
    ),
    (
        AskKind.GET_A_JOB_THERE,
        _c(rf"\b(?:can|could|may) i (?:get|have|schedule|book|arrange) (?P<part>{_MODS}interviews?)\b"),
    ),
    (
        AskKind.GET_A_JOB_THERE,
        _c(
            r"\b(?:my chances|a shot|any chance|the chance|what's the chance|how likely|possibility"
            r"|possible|the odds|odds)"
            rf"(?: [\w']+){{0,8}}? (?:{_JOB}|hired|an offer|take me|me on)"
        ),
    ),
    (
        AskKind.GET_A_JOB_THERE,
        _c(
            r"\b(?:i'm|i am|i'd be|i would be|i'll be|i will be|would i be|am i|i could be"
            r"|i might be|me being|i be"
            r"|i'd make|i would make|would i make) (?:[\w']+ ){0,2}?(?:a |an )?(?:[\w']+ )?(?:fit"
            r"|hire|candidate|addition)\b"
        ),
    ),
    (
        AskKind.GET_A_JOB_THERE,
        _c(rf"\b(?:{_I}|me) (?:[\w']+ ){{0,5}}?be (?:considered|hired|referred|shortlisted|interviewed)\b"),
    ),
    (AskKind.GET_A_JOB_THERE, _c(r"\bbe considered\b|\bconsider my application\b")),
    (AskKind.GET_A_JOB_THERE, _c(rf"\bbe hired (?:by|at|into|onto) {_THEM}")),
    (
        AskKind.THEIR_OPENINGS,
        _c(
            r"\b(?:take on|taking on|hire|hiring|need|needs|have|has|room for|place for|space for"
            r"|spot for|role for"
            rf"|position for|openings? for|interested in|looking for) (?:[\w']+ ){{0,3}}?{_ME}"
        ),
    ),
    (
        AskKind.THEIR_OPENINGS,
        _with_me(
            rf"(?:you|your (?:[\w']+ )?{_ORG_NOUN}|anyone|they) (?:ever |still |also )?(?:needs?"
            rf"|wants?|has room for) "
            r"(?:[\w']+ ){0,3}?(?:interns?|help|hands|someone|people|juniors?|graduates?|trainees?)\b"
        ),
    ),
    (
        AskKind.GET_A_JOB_THERE,
        _c(rf"\b(?:{_I}|me) (?:[\w']+ ){{0,3}}?(?:happy|glad|willing) to (?:work|start|intern|help out)\b"),
    ),
    (AskKind.GET_A_JOB_THERE, _c(r"\bwork for free\b|\bintern (?:for you )?unpaid\b")),
    (
        AskKind.GET_A_JOB_THERE,
        _with_me(rf"(?:applied|applying|apply) (?:for|to|at) (?:[\w']+ ){{0,3}}?(?:{_JOB}|{_THEM})"),
    ),
    (AskKind.GET_A_JOB_THERE, _c(r"^(?:so )?i (?:have |'ve )?applied\b|\bi've applied\b")),
    (
        AskKind.GET_A_JOB_THERE,
        _c(
            r"\b(?:i|i'd|me) (?:[\w']+ ){0,2}?(?:love|like|want|hope|hoping|wish) to apply\b"
            r"|\bhoping to apply\b"
        ),
    ),
    (
        AskKind.GET_A_JOB_THERE,
        _c(
            rf"\bi(?:'d| would) (?:love|like|want|welcome|appreciate) (?P<part>(?:an?|the"
            rf"|your) {_MODS}{_JOB})"
        ),
    ),
    (
        AskKind.GET_A_JOB_THERE,
        _c(
            rf"\b(?:possible|ok|okay|way|able|chance) (?:for me )?to (?P<part>(?:work|intern"
            rf"|join)(?: [\w']+)?? (?:with|for|at|on|in) {_THEM})"
        ),
    ),
    # --- openings at the contact's organisation
    (
        AskKind.THEIR_OPENINGS,
        _c(
            rf"(?<!\bhow )(?<!\bwhy )\b(?P<part>(?:are|is|would|will) (?:you"
            rf"|your (?:[\w']+ )?{_ORG_NOUN})(?: [\w']+)? (?:be )?"
            rf"(?:hiring|recruiting|(?:taking on|looking for|accepting) (?:[\w']+ ){{0,2}}?"
            r"(?:interns?|graduates?|grads?|people|staff|help|anyone|someone|students|trainees"
            r"|apprentices|applications|juniors?)))"
        ),
    ),
    (
        AskKind.THEIR_OPENINGS,
        _c(
            rf"\b(?:if|whether) (?P<part>(?:you|your (?:[\w']+ )?{_ORG_NOUN}|they"
            rf"|anyone)(?: (?:currently|still|now|also|ever))? "
            r"(?:is|are|'re|'s)? ?(?:hiring|recruiting|needs? (?:an? )?(?:intern|help)))"
        ),
    ),
    (
        AskKind.THEIR_OPENINGS,
        _c(
            rf"(?<!\bhow is )(?<!\bhow are )(?<!\bwhy is )(?<!\bwhy are )\b(?P<part>(?:you"
            rf"|your (?:[\w']+ )?{_ORG_NOUN}) (?:is |are |'re )?(?:hiring|recruiting))\b(?! for your)"
        ),
    ),
    (AskKind.THEIR_OPENINGS, _c(r"\b(?:who's|who is|who are) hiring\b")),
    (
        AskKind.THEIR_OPENINGS,
        _c(
            rf"\b(?:do|does|will|would|could|can) (?:you"
            rf"|your (?:[\w']+ )?{_ORG_NOUN}) (?:[\w']+ )?(?:be )?(?:open to )?"
            rf"(?P<part>(?:offers?|offering|have|has|having|runs?|running|takes?|taking|needs?"
            rf"|needing|wants?|accepts?"
            rf"|accepting|hires?|hiring) {_MODS}"
            r"(?:internships?|interns?|openings?|vacanc(?:y|ies)|trainees|apprentices|room|space"
            r"|spots?|positions?"
            r"|opportunities|placements?|help|research assistants?|juniors?|graduates|students?))\b"
        ),
    ),
    (
        AskKind.THEIR_OPENINGS,
        _c(
            r"\b(?P<part>any (?:[\w']+ ){0,2}?(?:openings?|vacancy|vacancies|jobs?|roles?"
            r"|positions?|internships?|opportunities"
            r"|placements?|spots?|apprenticeships?)(?: [\w']+){0,3}?)(?: (?:available|open|going"
            r"|for|on|at|in|with|that|i|you"
            r"|come|coming)\b|$)"
        ),
    ),
    (
        AskKind.THEIR_OPENINGS,
        _c(r"\bany (?:openings?|vacancy|vacancies|jobs?|roles?|opportunities|internships?)\b"),
    ),
    (
        AskKind.THEIR_OPENINGS,
        _c(
            r"\b(?:any|there (?:are|is)|are there|is there|have|has|got|open|new|available) (?:[\w']+ ){0,2}?"
            r"(?:openings?|vacanc(?:y|ies)|opportunities|positions?|roles?|internships?|spots?|room"
            r"|space|a place|places?)"
            rf" (?:[\w']+ )?(?:on|in|at|with) (?:you\b|your (?:[\w']+ )?{_ORG_NOUN})"
        ),
    ),
    (
        AskKind.THEIR_OPENINGS,
        _c(
            rf"\b(?:room|space|a spot|a place|a position|a role) (?:[\w']+ ){{0,3}}?for (?:{_ME}"
            rf"|an intern|a junior)"
        ),
    ),
    (
        AskKind.THEIR_OPENINGS,
        _c(
            r"\b(?:let me know (?:first )?(?:if|when|whether|about|of|as soon as)|(?:tell|inform"
            r"|notify) me (?:first )?"
            rf"(?:if|when|whether|as soon as))(?: [\w']+){{0,5}}? (?:{_JOB}|hiring"
            rf"|anything (?:comes|opens))|\btell me first\b"
        ),
    ),
    (
        AskKind.THEIR_OPENINGS,
        _with_me(
            r"(?:if|should|when|once|whenever) (?:a |an |any |something|anything|there's ever an?"
            r"|there is an?)"
            rf"(?:[\w']+ ){{0,3}}?(?:{_JOB}|something|anything) ?(?:[\w']+ )?(?:opens?|opened"
            rf"|comes?|came|arises?|becomes)"
            r"(?: up| available)?\b"
        ),
    ),
    (
        AskKind.THEIR_OPENINGS,
        _c(rf"\b(?:{_JOB}) (?:[\w']+ ){{0,2}}?(?:available|open|going) (?:at|on|in|with) {_THEM}"),
    ),
    (
        AskKind.THEIR_OPENINGS,
        _c(r"\bthe (?:role|position|job|opening) you(?:'re| are)? (?:mentioned|hiring for|advertised)\b"),
    ),
    (
        AskKind.THEIR_OPENINGS,
        _c(
            r"\b(?:are|is) (?:you|your \w+) (?:looking for|in need of) (?:anyone|someone"
            r"|people) (?:with|like) (?:my|me)\b"
        ),
    ),
    (
        AskKind.THEIR_OPENINGS,
        _c(
            r"\bneeds? (?:an? )?(?:intern|help|trainee|junior)s? like me\b|\b(?:intern|trainee"
            r"|assistant)s? like me\b"
        ),
    ),
    # --- a go-between: recruiters, HR, hiring managers
    (
        AskKind.GO_BETWEEN,
        _with_me(
            r"(?:you|please) (?:[\w']+ ){0,3}?"
            r"(?P<part>(?:introduce|introducing|connect|connecting|put|putting|set|setting|mention"
            r"|mentioning|tell|telling|speak"
            rf"|talk|reach out|ask|asking|nudge|arrange|pass|let) (?:[\w']+ ){{0,8}}?{_HIRERS})"
        ),
    ),
    (
        AskKind.GO_BETWEEN,
        _c(rf"\b{_HIRERS} (?:[\w']+ ){{0,3}}?(?:about me|on my behalf|for me|know about me)\b"),
    ),
    (AskKind.GO_BETWEEN, _c(r"\bon my behalf\b")),
    (
        AskKind.GO_BETWEEN,
        _c(rf"\b(?:introduction|intro|connection|referral) (?:to|with) (?:[\w']+ ){{0,3}}?{_HIRERS}"),
    ),
    (
        AskKind.GO_BETWEEN,
        _c(
            r"\b(?:refer|recommend)\w* me to (?:[\w']+ ){0,4}?(?:recruit\w*|hiring|hr|talent"
            r"|human resources)\b"
        ),
    ),
    (
        AskKind.GO_BETWEEN,
        _c(
            r"\b(?:introduce|connect) me (?:to|with) (?:[\w']+ ){0,2}?(?:who"
            r"|that) (?:[\w']+ ){0,2}?(?:hire|give me)\b"
        ),
    ),
    (
        AskKind.GO_BETWEEN,
        _c(
            r"\b(?:contacts|anyone|someone|people) (?:who|that) (?:could|would|might|can) (?:hire"
            r"|offer|give|take) me\b"
        ),
    ),
    # --- a visit as a way in
    (
        AskKind.SHADOW_THEN_APPLY,
        _c(
            r"\b(?:shadow|job shadow|spend a (?:day|week))(?: [\w']+){0,8}? (?:apply|applying"
            r"|considered|hire|hired)\b"
        ),
    ),
    (AskKind.SHADOW_THEN_APPLY, _c(r"\b(?:trial (?:day|period|shift|week)|work trial)\b")),
    # --- a meeting about "a job": the student's
    (
        AskKind.JOB_SEARCH,
        _c(
            r"\b(?:talk|chat|speak|discuss|call|meet|meeting|conversation)(?: (?:about|regarding|re|over))? "
            r"(?P<part>(?:an?|any) (?:[\w']+ )?(?:job|role|position|opening|vacancy|internship"
            r"|placement|opportunity)"
            r"|(?:job|career|employment) opportunities)\b"
        ),
    ),
    # --- a job search, told to the contact
    (
        AskKind.JOB_SEARCH,
        _c(
            r"\b(?:i|i'm|i am) (?:[\w']+ ){0,2}?(?:looking for|seeking|searching for|hunting for"
            r"|on the lookout for|in the market for|hoping to (?:get|land|find|secure)"
            rf"|exploring|after|trying to (?:get|land|find)) (?P<part>(?:an?|some|any) {_MODS}{_JOB})"
        ),
    ),
    (
        AskKind.JOB_SEARCH,
        _c(r"\b(?:i|i'm|i am) (?:[\w']+ )?(?:job hunting|job searching|on the job market)\b"),
    ),
    (
        AskKind.JOB_SEARCH,
        _c(
            r"^(?!(?:what|how|why|where|which|who|when|whose|should|do|does|did|is|are|can|could"
            r"|would|will)\b)"
            r"(?:[\w']+ ){0,3}?(?:looking for|seeking|searching for|in search of|hunting for) "
            rf"(?P<part>(?:an? |some |any )?{_MODS}{_JOB})"
        ),
    ),
)


# Each frame with the text it cannot match without (read from the frame itself), and whether it
# reads the cased text: a frame whose words are missing is skipped without searching, which keeps a
# long check fast and changes no verdict.
_CHECKS: tuple[tuple[AskKind, re.Pattern[str], Needs, bool], ...] = tuple(
    (kind, frame, required_text(frame), "A-Z" in frame.pattern) for kind, frame in _FRAMES
)

# --- Rewrites --------------------------------------------------------------------------------

_TITLE_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "any",
        "your",
        "this",
        "that",
        "open",
        "upcoming",
        "future",
        "new",
        "current",
        "summer",
        "winter",
        "spring",
        "autumn",
        "fall",
        "one",
        "some",
        "for",
        "paid",
        "unpaid",
        "full",
        "part",
        "time",
        "entry",
        "level",
        "junior's",
        "graduate's",
        "available",
        "advertised",
    ]
)
_TITLE = re.compile(
    r"\b(?:the|an?|your|for|any) ((?:[\w']+ )?[\w']+) (?:role|position|job|internship|post|opening"
    r"|scheme|programme)\b"
)


def _title(normal: str) -> str:
    """The job title the student named ("the analyst role" → "analyst"), or ""."""
    for found in _TITLE.finditer(normal):
        words = [w for w in found.group(1).split() if w not in _TITLE_STOP]
        if words:
            return " ".join(words)
    return ""


def _plural(title: str) -> str:
    return title if title.endswith("s") else title + "s"


_ORG_IN_TEXT = re.compile(rf"\byour ((?:\w+ )?{_ORG_NOUN})\b")
_FIELD_IN_TEXT = re.compile(r"\b(?:in|into) ((?!your|the|a|an)[a-z]+(?: [a-z]+)?)\b")


def _where(normal: str) -> str:
    """Where the student wants to work, as a phrase: "on your team", "at your firm", "in your field"."""
    found = _ORG_IN_TEXT.search(normal)
    if not found:
        return "in your field"
    organisation = found.group(1).removesuffix("'s")
    last = organisation.split()[-1]
    if last in {"team", "teams", "side", "end"}:
        return "on your team"
    if last in {"department", "lab", "office", "group", "unit", "division", "newsroom", "practice", "studio"}:
        return f"in your {organisation}"
    return f"at your {organisation}"


def _rewrite(kind: AskKind, normal: str) -> str:
    """A question to learn that keeps what the student was after: who got in, and how."""
    title = _title(normal)
    where = _where(normal)
    if title and kind in {
        AskKind.ACT_FOR_ME,
        AskKind.GET_A_JOB_THERE,
        AskKind.THEIR_OPENINGS,
        AskKind.HAND_ON,
    }:
        return f"What helped the {_plural(title)} you've worked with get their first role?"
    if kind == AskKind.REFERENCE:
        return "What do you think makes a recommendation really useful to someone hiring?"
    if "intern" in normal or "placement" in normal:
        return f"What do interns {where} learn most from in their first weeks?"
    if "interview" in normal:
        return f"What do interviewers {where} look for?"
    if kind == AskKind.HAND_ON:
        return f"What makes an application stand out to the people who hire {where}?"
    if kind == AskKind.GO_BETWEEN:
        return f"What do the people who hire {where} look for in a first conversation?"
    if kind == AskKind.SHADOW_THEN_APPLY:
        return f"What does a typical day look like for someone new {where}?"
    if kind == AskKind.JOB_SEARCH:
        field = _FIELD_IN_TEXT.search(normal)
        subject = f"in {field.group(1)}" if field else "in your field"
        return f"If you were starting out {subject} today, what would you focus on first?"
    if kind == AskKind.THEIR_OPENINGS:
        return f"How did the people who joined {where} recently find their way in?"
    if kind == AskKind.ACT_FOR_ME:
        return f"What do you think helps someone new stand out {where}?"
    return f"What helped the people you've worked with {where} get their first role?"


# --- The rule --------------------------------------------------------------------------------


_TAIL = re.compile(
    r" (?:for|as|to|at|on|in|with|from|into) (?:[\w']+ ){0,4}?"
    rf"(?:jobs?|roles?|positions?|openings?|internships?|placements?|interviews?|offers?"
    rf"|{_ORG_NOUN}|{_HIRERS})\b"
)
# A frame spans a dozen words at most, so a long text is read in overlapping windows of words:
# that keeps one check fast whatever is pasted in, and nothing that asks falls between two windows.
_WINDOW = 40
_STEP = 20


def judge(sentence: str) -> Verdict:
    """The verdict on one sentence: does it ask for a job for the student, where, why, and what instead."""
    for part in sentences(sentence):
        words = list(_TOKEN.finditer(part))
        if len(words) <= _WINDOW:
            verdict = _judge_window(part)
            if verdict.asks:
                return verdict
            continue
        for first in range(0, len(words) - _STEP, _STEP):
            last = words[min(first + _WINDOW, len(words)) - 1]
            verdict = _judge_window(part[words[first].start() : last.end()])
            if verdict.asks:
                return verdict
    return PASS


def _judge_window(sentence: str) -> Verdict:
    reading = _read(sentence)
    normal = reading.normal
    if not normal:
        return PASS
    # Capitalised names ("at Acme") count as the contact's organisation; the rest is lower case.
    cased = _cased(reading)
    for kind, frame, needs, reads_cased in _CHECKS:
        text = cased if reads_cased else normal
        if not admits(needs, text):
            continue
        found = frame.search(text)
        if found is None:
            continue
        group = next((g for g in ("part", "part2") if g in frame.groupindex and found.group(g)), None)
        start, end = found.span(group) if group else found.span()
        # "refer me" reads better as "refer me for the analyst role": take in what is asked for.
        tail = _TAIL.match(normal, end)
        if tail:
            end = tail.end()
        return Verdict(
            asks=True,
            part=reading.original(start, end).strip(),
            kind=kind,
            why=WHY[kind],
            rewrite=_rewrite(kind, normal),
        )
    return PASS


def _cased(reading: _Reading) -> str:
    """The normal text with a capital kept where the student wrote a name mid-sentence."""
    words = reading.normal.split(" ")
    for index, (start, _end) in enumerate(reading.spans):
        original = reading.text[start]
        if index > 0 and original.isupper() and words[index] not in {"i", "i'd", "i'm", "i've", "i'll"}:
            words[index] = words[index][:1].upper() + words[index][1:]
    return " ".join(words)


def clear_cache() -> None:
    """Forgets the words already read, so a benchmark can time a cold check."""
    _normal_word.cache_clear()


def asks_for_job(sentence: str) -> bool:
    """Whether the sentence asks the contact for a job, opening, interview or referral for the student."""
    return judge(sentence).asks


_ABBREVIATIONS = ("Dr.", "Mr.", "Mrs.", "Ms.", "Mx.", "Prof.", "St.", "e.g.", "i.e.", "P.S.", "p.s.")
_SENTENCE_END = re.compile(
    "".join(rf"(?<!{re.escape(a)})" for a in _ABBREVIATIONS) + r"(?<=[.!?;])[\"'”’)]*\s+|\n+"
)


def sentences(text: str) -> list[str]:
    """The sentences of an email, in order, each as written (a line break ends one too)."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part and part.strip()]


def refusal(verdict: Verdict, *, subject: str) -> str:
    """The kind refusal for a sentence that asks: the words that ask, why, and a question to use instead.

    The wizard and the composer both show it, so a sentence refused in one reads the same in the other.
    """
    return (
        f"{subject} asks for a job in “{verdict.part}”: {verdict.why}. "
        "You're there to learn, not to ask for a job, and people say yes to that far more easily. "
        f"You could ask: “{verdict.rewrite}”"
    )
