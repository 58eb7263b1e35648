"""The composer's email checks: the 5-Point Email for outreach, the 24-hour thank-you, and basics."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from app.domain.email_checks import (
    ABOUT_THEM,
    ASKS_QUESTION,
    CONNECTION_FIRST,
    HAS_SUBJECT,
    NAME_SPELLED,
    NO_GAPS,
    NO_JOB_ASK,
    SPECIFIC_DETAIL,
    THANK_YOU_DEADLINE,
    WORD_COUNT,
    Check,
    can_mark_sent,
    check_email,
    countdown,
)
from app.domain.vocabulary import DraftKind
from app.domain.words import word_count

OUTREACH = DraftKind.OUTREACH
FOLLOW_UP = DraftKind.FOLLOW_UP
THANK_YOU = DraftKind.THANK_YOU
KEEP_IN_TOUCH = DraftKind.KEEP_IN_TOUCH

CONTACT = "Priya Shah"
SUBJECT = "A question from a fellow Western alum"
NOW = datetime(2025, 3, 4, 12, 0, tzinfo=UTC)

GOOD_OUTREACH = (
    "Hi Priya,\n\n"
    "As a fellow Western alum, I hope you don't mind a short note. I'm exploring product design, "
    "and I'd love to hear how you came to be a designer at Shopify.\n\n"
    "Would you have 20 minutes in the coming weeks to share your experience?\n\n"
    "Thank you,\nAna"
)
GOOD_THANK_YOU = (
    "Hi Priya,\n\n"
    "Thank you for your time on Tuesday. What you said about research shaping the roadmap stayed "
    "with me.\n\nWith thanks,\nAna"
)
NOTES = ("roadmap", "research")


def _filler(words: int) -> str:
    """An outreach body of exactly `words` words, otherwise sound, for the length rule."""
    padding = " ".join(["really"] * (words - word_count(GOOD_OUTREACH)))
    return GOOD_OUTREACH.replace("a short note.", f"a short note. {padding}".rstrip() + ".", 1)


def _status(checks: list[Check], code: str) -> str:
    matching = [check.status for check in checks if check.code == code]
    assert len(matching) == 1, f"expected exactly one {code!r} check, got {matching}"
    return matching[0]


CASES = [
    # Length: pass up to 75, warn to 100, refuse past 100.
    pytest.param(OUTREACH, SUBJECT, GOOD_OUTREACH, WORD_COUNT, "pass", id="short-outreach-passes-length"),
    pytest.param(OUTREACH, SUBJECT, _filler(75), WORD_COUNT, "pass", id="exactly-75-words-passes"),
    pytest.param(OUTREACH, SUBJECT, _filler(76), WORD_COUNT, "warn", id="76-words-warns"),
    pytest.param(OUTREACH, SUBJECT, _filler(100), WORD_COUNT, "warn", id="100-words-still-only-warns"),
    pytest.param(OUTREACH, SUBJECT, _filler(101), WORD_COUNT, "fail", id="101-words-is-refused"),
    pytest.param(FOLLOW_UP, SUBJECT, _filler(101), WORD_COUNT, "fail", id="long-follow-up-is-refused"),
    # Connection first.
    pytest.param(OUTREACH, SUBJECT, GOOD_OUTREACH, CONNECTION_FIRST, "pass", id="alum-opening-passes"),
    pytest.param(
        OUTREACH,
        SUBJECT,
        "Hi Priya,\n\nMy name is Ana and I study media at Western. As a fellow alum... Would you chat?",
        CONNECTION_FIRST,
        "fail",
        id="connection-in-second-sentence-fails",
    ),
    pytest.param(
        OUTREACH,
        SUBJECT,
        "Hi Priya, I'm a fellow member of the UX Toronto group. Would you chat?",
        CONNECTION_FIRST,
        "pass",
        id="greeting-on-same-line-as-connection-passes",
    ),
    pytest.param(
        OUTREACH,
        SUBJECT,
        "Dear Dr. Shah,\n\nMaria Lopez suggested I write to you. Would you chat?",
        CONNECTION_FIRST,
        "pass",
        id="title-in-greeting-does-not-end-it-early",
    ),
    pytest.param(
        OUTREACH,
        SUBJECT,
        "Priya,\n\nWe both studied at Western. Would you chat?",
        CONNECTION_FIRST,
        "pass",
        id="bare-name-greeting-then-connection-passes",
    ),
    pytest.param(
        OUTREACH,
        SUBJECT,
        "Hi Priya,\n\nI hope you are well. Would you chat?",
        CONNECTION_FIRST,
        "fail",
        id="no-connection-fails",
    ),
    # No job ask.
    pytest.param(OUTREACH, SUBJECT, GOOD_OUTREACH, NO_JOB_ASK, "pass", id="request-to-learn-passes"),
    pytest.param(
        OUTREACH,
        SUBJECT,
        GOOD_OUTREACH.replace("experience?", "experience? Is your team hiring?"),
        NO_JOB_ASK,
        "fail",
        id="asking-about-hiring-fails",
    ),
    pytest.param(
        OUTREACH,
        SUBJECT,
        GOOD_OUTREACH + "\n\nI've attached my résumé.",
        NO_JOB_ASK,
        "fail",
        id="attaching-a-resume-fails",
    ),
    pytest.param(
        OUTREACH,
        SUBJECT,
        GOOD_OUTREACH.replace("product design", "a summer internship"),
        NO_JOB_ASK,
        "fail",
        id="internship-fails",
    ),
    pytest.param(
        OUTREACH,
        "Fellow alum looking for a job",
        GOOD_OUTREACH,
        NO_JOB_ASK,
        "fail",
        id="job-in-subject-fails",
    ),
    pytest.param(
        OUTREACH, SUBJECT, GOOD_OUTREACH + " CV attached.", NO_JOB_ASK, "fail", id="cv-in-any-case-fails"
    ),
    pytest.param(
        OUTREACH,
        SUBJECT,
        GOOD_OUTREACH.replace("a short note.", "a note about your eye-opening talk."),
        NO_JOB_ASK,
        "pass",
        id="eye-opening-is-not-a-job-opening",
    ),
    pytest.param(
        OUTREACH,
        SUBJECT,
        GOOD_OUTREACH + "\n\nP.S. I'm job-hunting.",
        NO_JOB_ASK,
        "fail",
        id="job-hunting-fails",
    ),
    pytest.param(
        OUTREACH,
        SUBJECT,
        GOOD_OUTREACH.replace("experience?", "experience? How is hiring changing in your industry?"),
        NO_JOB_ASK,
        "pass",
        id="hiring-as-a-topic-passes",
    ),
    pytest.param(
        OUTREACH,
        SUBJECT,
        GOOD_OUTREACH + "\n\nWhat would it take for someone like me to get an offer at your company?",
        NO_JOB_ASK,
        "fail",
        id="an-offer-for-someone-like-me-fails",
    ),
    # Request phrased as a question.
    pytest.param(OUTREACH, SUBJECT, GOOD_OUTREACH, ASKS_QUESTION, "pass", id="question-request-passes"),
    pytest.param(
        OUTREACH,
        SUBJECT,
        GOOD_OUTREACH.replace("experience?", "experience."),
        ASKS_QUESTION,
        "fail",
        id="request-without-question-mark-fails",
    ),
    pytest.param(
        OUTREACH,
        SUBJECT,
        GOOD_OUTREACH.replace("experience?", "experience, see example.com/?id=3 for times."),
        ASKS_QUESTION,
        "fail",
        id="question-mark-inside-a-link-is-not-a-question",
    ),
    # More about them than about the student.
    pytest.param(OUTREACH, SUBJECT, GOOD_OUTREACH, ABOUT_THEM, "pass", id="more-you-than-i-passes"),
    pytest.param(
        OUTREACH,
        SUBJECT,
        "Hi Priya,\n\nAs a fellow alum, I am writing because I want my career to grow and I think "
        "you could help me. Would you chat?",
        ABOUT_THEM,
        "warn",
        id="more-i-than-you-warns",
    ),
    pytest.param(
        OUTREACH,
        SUBJECT,
        "Hi Priya,\n\nAs a fellow alum, I admire your work. Would you chat with me?",
        ABOUT_THEM,
        "warn",
        id="as-much-i-as-you-warns",
    ),
    # Every kind: subject, gaps, name.
    pytest.param(OUTREACH, "", GOOD_OUTREACH, HAS_SUBJECT, "fail", id="blank-subject-fails"),
    pytest.param(KEEP_IN_TOUCH, "   ", GOOD_OUTREACH, HAS_SUBJECT, "fail", id="whitespace-subject-fails"),
    pytest.param(THANK_YOU, "Thank you", GOOD_THANK_YOU, HAS_SUBJECT, "pass", id="any-subject-passes"),
    pytest.param(OUTREACH, SUBJECT, GOOD_OUTREACH, NO_GAPS, "pass", id="filled-draft-has-no-gaps"),
    pytest.param(
        OUTREACH,
        SUBJECT,
        GOOD_OUTREACH.replace("Shopify", "[[their organisation]]"),
        NO_GAPS,
        "fail",
        id="gap-marker-left-fails",
    ),
    pytest.param(
        KEEP_IN_TOUCH, "Hello from {student_name}", GOOD_OUTREACH, NO_GAPS, "fail", id="raw-placeholder-fails"
    ),
    pytest.param(OUTREACH, SUBJECT, GOOD_OUTREACH, NAME_SPELLED, "pass", id="name-as-recorded-passes"),
    pytest.param(
        OUTREACH,
        SUBJECT,
        GOOD_OUTREACH.replace("Priya", "Pria"),
        NAME_SPELLED,
        "warn",
        id="misspelt-name-warns",
    ),
    pytest.param(
        OUTREACH,
        SUBJECT,
        GOOD_OUTREACH.replace("Priya", "priya"),
        NAME_SPELLED,
        "warn",
        id="lowercased-name-warns",
    ),
    pytest.param(
        OUTREACH,
        SUBJECT,
        GOOD_OUTREACH.replace("Hi Priya", "Hi there"),
        NAME_SPELLED,
        "warn",
        id="no-name-at-all-warns",
    ),
    # Thank-you: something specific from the notes.
    pytest.param(THANK_YOU, "Thank you", GOOD_THANK_YOU, SPECIFIC_DETAIL, "pass", id="note-keyword-recalled"),
    pytest.param(
        THANK_YOU,
        "Thank you",
        "Hi Priya,\n\nThank you for a lovely chat. It was so helpful.\n\nAna",
        SPECIFIC_DETAIL,
        "warn",
        id="generic-thank-you-warns",
    ),
]


@pytest.mark.parametrize(("kind", "subject", "body", "code", "expected"), CASES)
def test_each_email_gets_the_expected_verdict(
    kind: DraftKind, subject: str, body: str, code: str, expected: str
) -> None:
    checks = check_email(
        kind, subject, body, contact_name=CONTACT, meeting_ended_at=NOW, now=NOW, notes_keywords=NOTES
    )
    assert _status(checks, code) == expected


def test_well_written_outreach_passes_every_check() -> None:
    checks = check_email(OUTREACH, SUBJECT, GOOD_OUTREACH, contact_name=CONTACT)
    assert {check.code for check in checks} == {
        NO_GAPS,
        HAS_SUBJECT,
        NAME_SPELLED,
        WORD_COUNT,
        NO_JOB_ASK,
        ASKS_QUESTION,
        CONNECTION_FIRST,
        ABOUT_THEM,
    }
    assert [check for check in checks if check.status != "pass"] == []


def test_thank_you_is_not_held_to_outreach_rules() -> None:
    codes = {
        check.code
        for check in check_email(
            THANK_YOU, "Thank you", GOOD_THANK_YOU, contact_name=CONTACT, meeting_ended_at=NOW, now=NOW
        )
    }
    assert codes == {NO_GAPS, HAS_SUBJECT, NAME_SPELLED, THANK_YOU_DEADLINE, SPECIFIC_DETAIL}


def test_keep_in_touch_gets_only_the_basic_checks() -> None:
    codes = {
        check.code
        for check in check_email(KEEP_IN_TOUCH, "Hello", "Hi Priya, how are you?", contact_name=CONTACT)
    }
    assert codes == {NO_GAPS, HAS_SUBJECT, NAME_SPELLED}


def test_follow_up_repeats_the_request_rules_but_not_the_opening_rules() -> None:
    codes = {check.code for check in check_email(FOLLOW_UP, SUBJECT, GOOD_OUTREACH, contact_name=CONTACT)}
    assert {WORD_COUNT, NO_JOB_ASK, ASKS_QUESTION} <= codes
    assert CONNECTION_FIRST not in codes


def test_a_draft_over_100_words_cannot_be_marked_sent() -> None:
    assert not can_mark_sent(check_email(OUTREACH, SUBJECT, _filler(101), contact_name=CONTACT))


def test_warnings_alone_do_not_block_marking_sent() -> None:
    checks = check_email(OUTREACH, SUBJECT, _filler(90), contact_name="John Smith")
    assert {check.status for check in checks} == {"pass", "warn"}
    assert can_mark_sent(checks)


def test_no_checks_means_nothing_blocks_sending() -> None:
    assert can_mark_sent([])


def test_length_reason_gives_the_count_and_how_much_to_trim() -> None:
    (check,) = [
        c for c in check_email(OUTREACH, SUBJECT, _filler(80), contact_name=CONTACT) if c.code == WORD_COUNT
    ]
    assert check.label == "Under 75 words"
    assert "80 words" in check.reason
    assert "5 more" in check.reason


def test_job_reason_names_the_word_found_and_stays_kind() -> None:
    body = GOOD_OUTREACH.replace("product design", "a summer internship")
    (check,) = [c for c in check_email(OUTREACH, SUBJECT, body, contact_name=CONTACT) if c.code == NO_JOB_ASK]
    assert "“a summer internship”" in check.reason
    assert "learn" in check.reason
    assert check.sentence.startswith("I'm exploring a summer internship")
    assert f"You could ask: “{check.suggestion}”" in check.reason


def test_connection_reason_suggests_an_opening() -> None:
    body = "Hi Priya,\n\nI hope you are well. Would you chat?"
    (check,) = [
        c for c in check_email(OUTREACH, SUBJECT, body, contact_name=CONTACT) if c.code == CONNECTION_FIRST
    ]
    assert "As a fellow Western alum" in check.reason


def test_near_miss_name_reason_shows_both_spellings() -> None:
    body = GOOD_OUTREACH.replace("Hi Priya", "Dear Jon")
    (check,) = [
        c for c in check_email(OUTREACH, SUBJECT, body, contact_name="John Smith") if c.code == NAME_SPELLED
    ]
    assert check.status == "warn"
    assert "“John”" in check.reason
    assert "“Jon”" in check.reason


def test_title_in_recorded_name_is_not_taken_for_the_first_name() -> None:
    checks = check_email(OUTREACH, SUBJECT, GOOD_OUTREACH, contact_name="Dr. Priya Shah")
    assert _status(checks, NAME_SPELLED) == "pass"


def test_name_check_is_skipped_when_no_name_is_recorded() -> None:
    codes = {check.code for check in check_email(OUTREACH, SUBJECT, GOOD_OUTREACH, contact_name="  ")}
    assert NAME_SPELLED not in codes


def test_gap_reason_names_what_to_fill_in() -> None:
    body = GOOD_OUTREACH.replace("Shopify", "[[their organisation]]")
    (check,) = [c for c in check_email(OUTREACH, SUBJECT, body, contact_name=CONTACT) if c.code == NO_GAPS]
    assert "their organisation" in check.reason


def test_thank_you_reason_points_to_a_detail_from_the_notes() -> None:
    body = "Hi Priya,\n\nThank you for a lovely chat.\n\nAna"
    checks = check_email(THANK_YOU, "Thank you", body, contact_name=CONTACT, notes_keywords=["Onboarding"])
    (check,) = [c for c in checks if c.code == SPECIFIC_DETAIL]
    assert check.status == "warn"
    assert "onboarding" in check.reason


@pytest.mark.parametrize(
    ("notes_keywords", "expected"),
    [
        pytest.param(["ROADMAP"], "pass", id="matches-whatever-the-case"),
        pytest.param(["the product roadmap"], "pass", id="phrases-are-split-into-words"),
        pytest.param(["UX"], "warn", id="words-under-four-letters-do-not-count"),
        pytest.param(["that", "with"], "warn", id="common-words-do-not-count"),
        pytest.param(["road"], "warn", id="part-of-a-word-does-not-count"),
        pytest.param([], "warn", id="no-notes-means-nothing-recalled"),
    ],
)
def test_specific_detail_matches_note_words(notes_keywords: list[str], expected: str) -> None:
    body = "Hi Priya,\n\nThat roadmap with UX in mind was eye-opening.\n\nAna"
    checks = check_email(THANK_YOU, "Thank you", body, contact_name=CONTACT, notes_keywords=notes_keywords)
    assert _status(checks, SPECIFIC_DETAIL) == expected


@pytest.mark.parametrize(
    ("remaining", "expected"),
    [
        pytest.param(timedelta(hours=5), "Due in 5 hours", id="hours-left"),
        pytest.param(timedelta(hours=5, minutes=40), "Due in 5 hours", id="part-hours-round-down"),
        pytest.param(timedelta(hours=1), "Due in 1 hour", id="one-hour-is-singular"),
        pytest.param(timedelta(minutes=59), "Due in 59 minutes", id="under-an-hour-counts-minutes"),
        pytest.param(timedelta(seconds=20), "Due in 1 minute", id="seconds-left-still-show-a-minute"),
        pytest.param(timedelta(0), "Due now", id="at-the-deadline"),
        pytest.param(timedelta(hours=-2), "Overdue by 2 hours", id="hours-late"),
        pytest.param(timedelta(minutes=-1), "Overdue by 1 minute", id="one-minute-late"),
        pytest.param(timedelta(hours=-47), "Overdue by 47 hours", id="under-two-days-counts-hours"),
        pytest.param(timedelta(days=-3, hours=-5), "Overdue by 3 days", id="days-late"),
    ],
)
def test_countdown_wording(remaining: timedelta, expected: str) -> None:
    assert countdown(NOW + remaining, NOW) == expected


def _deadline_check(meeting_ended_at: datetime, now: datetime) -> Check:
    checks = check_email(
        THANK_YOU,
        "Thank you",
        GOOD_THANK_YOU,
        contact_name=CONTACT,
        meeting_ended_at=meeting_ended_at,
        now=now,
    )
    (check,) = [c for c in checks if c.code == THANK_YOU_DEADLINE]
    return check


def test_thank_you_is_due_24_hours_after_the_meeting_ended() -> None:
    check = _deadline_check(NOW - timedelta(hours=19), NOW)
    assert (check.label, check.status) == ("Due in 5 hours", "pass")


def test_late_thank_you_warns_kindly_but_can_still_be_sent() -> None:
    check = _deadline_check(NOW - timedelta(hours=26), NOW)
    assert (check.label, check.status) == ("Overdue by 2 hours", "warn")
    assert "still" in check.reason
    assert can_mark_sent([check])


def test_naive_meeting_times_are_read_as_utc() -> None:
    # SQLite returns stored UTC times without their zone.
    check = _deadline_check(datetime(2025, 3, 3, 17, 0), NOW)
    assert check.label == "Due in 5 hours"


def test_deadline_is_left_out_when_the_meeting_end_is_unknown() -> None:
    checks = check_email(THANK_YOU, "Thank you", GOOD_THANK_YOU, contact_name=CONTACT)
    assert THANK_YOU_DEADLINE not in {check.code for check in checks}


def test_checks_cannot_be_changed_after_the_fact() -> None:
    check = Check(code=WORD_COUNT, label="Under 75 words", status="pass", reason="Short.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        check.status = "fail"  # type: ignore[misc]
