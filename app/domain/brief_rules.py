"""When a meeting brief is complete: what each prep step needs, length bounds, and the logistics times."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.domain.meeting_rules import meeting_ends_at
from app.domain.questions import check_questions

# The wizard's steps, in order; the review (5) is complete when the brief is marked ready.
STEP_TITLES: dict[int, str] = {
    1: "The person",
    2: "The organisation",
    3: "Three questions",
    4: "Logistics",
    5: "Review",
}
FIRST_STEP = 1
LAST_STEP = 5
WORK_STEPS = (1, 2, 3, 4)

EARLY_MINUTES = 10
MAX_TRAVEL_MINUTES = 600

# The brief is read on the way and printed on one sheet, so each note is kept short. The numbers
# leave room for every field at its limit on one A4 page (see e2e/test_prep_wizard.py).
FIELD_LIMITS: dict[str, int] = {
    "person_role": 200,
    "person_path": 500,
    "person_reading": 600,
    "org_what": 400,
    "org_news": 400,
    "org_trends": 400,
    "closing_plan": 300,
    "question": 300,
}
FIELD_NAMES: dict[str, str] = {
    "person_role": "Their role",
    "person_path": "Their career path",
    "person_reading": "What you read",
    "org_what": "What it does",
    "org_news": "Recent news",
    "org_trends": "Trends in the industry",
    "closing_plan": "How you'll close",
    "question": "A question",
}

# The seed article's three rules for the meeting itself, printed at the foot of every brief.
REMINDERS: tuple[str, ...] = (
    "Be on time, and prepared for a conversation.",
    "Respect their time: they are doing you a favour, so end when you said you would.",
    "You are not there to ask for a job: you are there to learn about them.",
)


@dataclass(frozen=True)
class BriefContent:
    """Everything the readiness rules look at, from the brief and its meeting."""

    person_role: str = ""
    person_path: str = ""
    person_reading: str = ""
    org_what: str = ""
    org_news: str = ""
    org_trends: str = ""
    questions: tuple[str, ...] = ("", "", "")
    travel_minutes: int | None = None
    closing_plan: str = ""
    starts_at: str = ""  # "HH:MM"
    place: str = ""
    video_link: str = ""


def _filled(text: str) -> bool:
    return bool(text.strip())


def too_long(field: str, text: str) -> str | None:
    """A kind note when a field is over its bound, naming the bound; None when it fits."""
    limit = FIELD_LIMITS[field]
    if len(text) <= limit:
        return None
    return (
        f"This is {len(text):,} characters; please keep it under {limit:,} so the brief stays "
        "one page you can read on the way. It is saved as it is until you shorten it."
    )


def step_gaps(content: BriefContent) -> dict[int, list[str]]:
    """What each work step (1 to 4) still needs, in the student's words; an empty list when done."""
    person: list[str] = []
    if not _filled(content.person_role):
        person.append("Add their role.")
    if not _filled(content.person_reading):
        person.append("Note something you read about them: a profile, an article, a post.")
    for field in ("person_role", "person_path", "person_reading"):
        if too_long(field, getattr(content, field)):
            person.append(f"Shorten “{FIELD_NAMES[field]}” to {FIELD_LIMITS[field]:,} characters.")

    organisation: list[str] = []
    if not _filled(content.org_what):
        organisation.append("Say in a line what the organisation does.")
    for field in ("org_what", "org_news", "org_trends"):
        if too_long(field, getattr(content, field)):
            organisation.append(f"Shorten “{FIELD_NAMES[field]}” to {FIELD_LIMITS[field]:,} characters.")

    questions = [problem.message for problem in check_questions(list(content.questions))]
    for index, question in enumerate(content.questions):
        if len(question) > FIELD_LIMITS["question"]:
            questions.append(f"Shorten question {index + 1} to {FIELD_LIMITS['question']} characters.")

    logistics: list[str] = []
    if not _filled(content.starts_at):
        logistics.append("Choose the meeting's time.")
    if not _filled(content.place) and not _filled(content.video_link):
        logistics.append("Add a place, or a video link.")
    if content.travel_minutes is None:
        logistics.append("Enter how many minutes it takes you to get there (0 for a video call).")
    if not _filled(content.closing_plan):
        logistics.append("Plan how you'll close on time, e.g. “Thank them at the 18th minute.”")
    elif too_long("closing_plan", content.closing_plan):
        logistics.append(f"Shorten your closing plan to {FIELD_LIMITS['closing_plan']} characters.")
    return {1: person, 2: organisation, 3: questions, 4: logistics}


def is_ready(content: BriefContent) -> bool:
    """Ready only when every work step is complete and the three-question rule passes."""
    return not any(step_gaps(content).values())


def first_incomplete_step(content: BriefContent) -> int | None:
    gaps = step_gaps(content)
    return next((step for step in WORK_STEPS if gaps[step]), None)


def _clock(at: str) -> datetime | None:
    try:
        return datetime.strptime(at.strip(), "%H:%M")
    except ValueError:
        return None


def _format(moment: datetime, start: datetime) -> str:
    text = moment.strftime("%H:%M")
    if moment.date() < start.date():
        return f"{text} the day before"
    if moment.date() > start.date():
        return f"{text} the next day"
    return text


def leave_by_text(at: str, travel_minutes: int | None) -> str:
    """E.g. "Leave by 13:35 to arrive at 13:50, ten minutes early"; "" without a time or travel."""
    start = _clock(at)
    if start is None or travel_minutes is None:
        return ""
    arrive = start - timedelta(minutes=EARLY_MINUTES)
    if travel_minutes == 0:
        return f"Be there (or online) by {_format(arrive, start)}, ten minutes early"
    leave = arrive - timedelta(minutes=travel_minutes)
    return f"Leave by {_format(leave, start)} to arrive at {_format(arrive, start)}, ten minutes early"


def end_by_text(at: str, duration_minutes: int) -> str:
    """E.g. "End by 14:20"; "" without a time."""
    start = _clock(at)
    if start is None:
        return ""
    return f"End by {_format(meeting_ends_at(start.date(), start.time(), duration_minutes), start)}"


def parse_travel_minutes(text: object) -> tuple[int | None, str | None]:
    """The minutes typed, or None for blank; with a kind message when it is not a sensible number."""
    raw = str(text).strip()
    if not raw:
        return None, None
    try:
        minutes = int(raw)
    except ValueError:
        return None, "Enter the travel time as a whole number of minutes, e.g. 25."
    if not 0 <= minutes <= MAX_TRAVEL_MINUTES:
        return None, f"Enter between 0 and {MAX_TRAVEL_MINUTES} minutes."
    return minutes, None


def padded_questions(questions: Sequence[str]) -> tuple[str, str, str]:
    """Exactly three slots, blank where a question is not written yet."""
    slots = [*list(questions)[:3], "", "", ""][:3]
    return slots[0], slots[1], slots[2]
