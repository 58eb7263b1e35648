"""The job-ask rule: the words that ask, the rewrite, and one verdict for the wizard and the composer."""

from __future__ import annotations

import pytest

from app.domain.email_checks import NO_JOB_ASK, apply_suggestion, check_email
from app.domain.job_ask import AskKind, judge, refusal, sentences
from app.domain.questions import ProblemCode, check_questions
from app.domain.vocabulary import DraftKind

FIRST = "What do you enjoy most about your work?"
LAST = "What advice would you give someone starting out?"
SUBJECT = "A question from a fellow Western alum"
OUTREACH = (
    "Hi Priya,\n\nAs a fellow Western alum, I hope you don't mind a short note. I'm exploring product "
    "design, and I'd love to hear how you came to be a designer at Shopify.\n\n{ask}\n\n"
    "Would you have 20 minutes in the coming weeks to share your experience?\n\nThank you,\nAna"
)


@pytest.mark.parametrize(
    ("sentence", "part"),
    [
        (
            "What would it take for someone like me to get an offer at your company?",
            "an offer at your company",
        ),
        ("Could you refer me for the analyst role?", "refer me for the analyst role"),
        ("Could you introduce me to your recruiter?", "introduce me to your recruiter"),
        ("Could you pass my CV to HR?", "pass my CV to HR"),
        ("Do you think I could get a job at Acme?", "a job at Acme"),
        ("Would you keep me in mind if anything comes up?", "keep me in mind"),
        ("I’d love an internship with your team, would that be possible?", "an internship with your team"),
    ],
)
def test_the_verdict_names_the_words_that_ask_as_written(sentence: str, part: str) -> None:
    verdict = judge(sentence)
    assert verdict.asks
    assert verdict.part == part


def test_the_issue_example_is_rewritten_to_keep_what_the_student_wanted_to_know() -> None:
    verdict = judge("Could you refer me for the analyst role?")
    assert verdict.rewrite == "What helped the analysts you've worked with get their first role?"
    assert verdict.kind == AskKind.ACT_FOR_ME


@pytest.mark.parametrize(
    ("sentence", "rewrite_mentions"),
    [
        ("Is there room on your team for an intern this summer?", "interns on your team"),
        ("Could you forward my résumé to the hiring manager?", "application stand out"),
        ("Can I get an interview with your firm?", "interviewers at your firm"),
        ("I'm looking for a job in marketing, can you help?", "starting out in marketing"),
        ("Could I shadow you for a day and then apply?", "typical day"),
    ],
)
def test_the_rewrite_keeps_the_subject_and_passes_the_rule(sentence: str, rewrite_mentions: str) -> None:
    verdict = judge(sentence)
    assert verdict.asks
    assert rewrite_mentions in verdict.rewrite
    assert verdict.rewrite.endswith("?")
    assert not judge(verdict.rewrite).asks
    assert check_questions([FIRST, verdict.rewrite, LAST]) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Could you reffer me for the position?",  # typo
        "Do you have any oppurtunities for graduates on your team?",  # typo
        "is ur company hiring rn",  # texting, no question mark
        "I’d love to work for you, is that possible?",  # curly apostrophe
        "Would you keep me in mind for “any openings” that come up?",  # curly quotes
        "Would your organisation be interested in taking me on as a trainee?",  # British
        "Would your organization be interested in hiring me?",  # American
    ],
)
def test_spelling_slips_quotes_and_missing_question_marks_are_read_through(sentence: str) -> None:
    assert judge(sentence).asks


@pytest.mark.parametrize(
    "sentence",
    [
        "How is hiring changing in your industry?",
        "What do interviewers in your field look for?",
        "Can you suggest other people I might talk to?",
        "How did you get your first job after graduating?",
        "What makes a résumé stand out to recruiters in your field?",
        "How do referrals usually work in your industry?",
        "",
        "   ",
    ],
)
def test_jobs_as_a_topic_pass(sentence: str) -> None:
    assert judge(sentence).asks is False


def test_the_wizard_and_the_composer_refuse_the_same_sentence_in_the_same_words() -> None:
    ask = "Are there any opportunities for students on your team?"
    (problem,) = check_questions([FIRST, ask, LAST])
    (check,) = [
        c
        for c in check_email(DraftKind.OUTREACH, SUBJECT, OUTREACH.format(ask=ask), contact_name="Priya Shah")
        if c.code == NO_JOB_ASK
    ]
    verdict = judge(ask)
    assert problem.code == ProblemCode.ASKS_FOR_JOB and check.status == "fail"
    assert problem.message == refusal(verdict, subject="Question 2")
    assert check.reason == refusal(verdict, subject="This sentence")
    assert problem.message.removeprefix("Question 2") == check.reason.removeprefix("This sentence")
    assert problem.suggestion == check.suggestion == verdict.rewrite
    assert check.sentence == ask


def test_the_refusal_is_kind_and_names_part_reason_and_rewrite() -> None:
    verdict = judge("What would it take for someone like me to get an offer at your company?")
    message = refusal(verdict, subject="Question 1")
    assert "“an offer at your company”" in message
    assert "You're there to learn" in message
    assert f"You could ask: “{verdict.rewrite}”" in message


def test_a_learning_email_with_a_hiring_question_passes_but_the_same_email_with_an_ask_does_not() -> None:
    def status(ask: str) -> str:
        body = OUTREACH.format(ask=ask)
        checks = check_email(DraftKind.OUTREACH, SUBJECT, body, contact_name="Priya Shah")
        return next(c.status for c in checks if c.code == NO_JOB_ASK)

    assert status("How is hiring changing in your industry?") == "pass"
    assert status("Could you introduce me to your recruiter?") == "fail"


def test_using_the_suggestion_swaps_only_the_flagged_sentence_and_then_passes() -> None:
    body = OUTREACH.format(ask="Could you refer me for the analyst role?")
    (check,) = [
        c
        for c in check_email(DraftKind.OUTREACH, SUBJECT, body, contact_name="Priya Shah")
        if c.code == NO_JOB_ASK
    ]
    subject, fixed = apply_suggestion(SUBJECT, body, check)
    assert subject == SUBJECT
    assert fixed == OUTREACH.format(ask="What helped the analysts you've worked with get their first role?")
    after = check_email(DraftKind.OUTREACH, subject, fixed, contact_name="Priya Shah")
    assert next(c.status for c in after if c.code == NO_JOB_ASK) == "pass"


def test_a_subject_that_asks_is_swapped_in_the_subject() -> None:
    checks = check_email(DraftKind.OUTREACH, "Fellow alum looking for a job", "Hi", contact_name="Priya Shah")
    (check,) = [c for c in checks if c.code == NO_JOB_ASK]
    subject, body = apply_suggestion("Fellow alum looking for a job", "Hi", check)
    assert subject == check.suggestion and body == "Hi"


def test_an_email_is_read_sentence_by_sentence() -> None:
    assert sentences("Hi Priya,\nI'm Ana. Dr. Lee suggested I write! Would you chat? Thanks") == [
        "Hi Priya,",
        "I'm Ana.",
        "Dr. Lee suggested I write!",
        "Would you chat?",
        "Thanks",
    ]


def test_an_ask_at_the_end_of_a_long_pasted_text_is_still_found() -> None:
    padding = "I have been reading about how teams like yours plan their year and what they learn " * 30
    assert judge(padding + "and could you refer me for the analyst role?").asks
    assert not judge(padding + "and what surprised you most?").asks
