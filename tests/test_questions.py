"""The three-question rule and the TIARA question bank, as the prep wizard relies on them."""

from __future__ import annotations

import dataclasses
from difflib import SequenceMatcher
from itertools import combinations

import pytest

from app.domain.question_bank import QUESTION_BANK, tiara_nudge
from app.domain.questions import (
    NEAR_COPY_RATIO,
    QuestionProblem,
    check_questions,
)
from app.domain.vocabulary import Tiara

# Two good questions to stand either side of the one under test, so a table row sees a full set
# and any problem it reports belongs to the question under test (index 1).
FIRST = "What first drew you to this line of work?"
LAST = "Which professional groups helped you most early on?"
GOOD_SET = [FIRST, "What do you enjoy most about your work?", LAST]


def found(problems: list[QuestionProblem]) -> list[tuple[int | None, str]]:
    return [(problem.index, problem.code) for problem in problems]


QUESTION_TABLE = [
    # Questions about the contact's own work, field and hiring: all learning, all pass.
    ("What does a typical day in your job look like?", ()),
    ("How did you land your first role in consulting?", ()),
    ("How is hiring changing in your industry?", ()),
    ("What skills matter most in your role today?", ()),
    ("Who else would you suggest I learn from about this field?", ()),
    ("What do you look for when you interview candidates?", ()),
    ("What can I do to become a strong candidate for a role like yours?", ()),
    ("Could you recommend a good book about the industry?", ()),
    ("Which newsletters would you recommend me to read?", ()),
    ("Is there anyone else you could refer me to?", ()),
    ("How do referrals usually work in your industry?", ()),
    ("Are companies in your field hiring more data scientists than before?", ()),
    ("How is your team hiring differently since remote work took off?", ()),
    ("Could you give me some interview tips for this field?", ()),
    ("Can I get a job like yours without a degree?", ()),
    ("What should I put on my resume to stand out in this field?", ()),
    ("Which role models shaped your career?", ()),
    ("Do you think internships matter much in your field?", ()),
    # A sentence's end is a boundary: "…first job? For me, …" is not "a job for me".
    ("What did you study before your first job? For me, is economics a good start?", ()),
    # Four words is enough; other scripts' question marks and a trailing emoji or quote are fine.
    ("What do you do?", ()),
    ("ما هو أهم شيء تعلمته في عملك؟", ()),
    ("仕事 で 一番 大切 な こと は？", ()),
    ("What do you love about your work? 🙂", ()),
    ("“What keeps you in this field?”", ()),
    # Not a question, or too short to be one.
    ("Tell me about your job.", ("not_a_question",)),
    ("What do you enjoy most about your work", ("not_a_question",)),
    ("What's your role?", ("too_short",)),
    ("Why?", ("too_short",)),
    ("🙂🙂🙂🙂?", ("too_short",)),
    ("Career path", ("not_a_question", "too_short")),
    # Asking for a job, an opening, an interview, a referral or a recommendation: refused.
    ("Are you hiring?", ("too_short", "asks_for_job")),
    ("Could you refer me?", ("asks_for_job",)),
    ("Can I send you my resume?", ("asks_for_job",)),
    ("Would you put in a word for me?", ("asks_for_job",)),
    ("Is your team hiring any interns this summer?", ("asks_for_job",)),
    ("Do you have any openings for someone like me?", ("asks_for_job",)),
    ("Could you pass my CV to HR?", ("asks_for_job",)),
    ("Would you be willing to recommend me for a position?", ("asks_for_job",)),
    ("Can you get me an interview at your company?", ("asks_for_job",)),
    ("ARE YOU CURRENTLY HIRING NEW GRADUATES?", ("asks_for_job",)),
    ("Would you consider hiring someone like me?", ("asks_for_job",)),
    ("How can I get a job at your company?", ("asks_for_job",)),
    ("Could I intern with your team this summer?", ("asks_for_job",)),
    ("Is there a position for me on your team?", ("asks_for_job",)),
    ("Could you forward my résumé to the hiring manager?", ("asks_for_job",)),
    ("Would you keep me in mind for future openings?", ("asks_for_job",)),
    ("Could you refer me, if possible?", ("asks_for_job",)),
    ("Could you, if it’s not too much trouble, refer me?", ("asks_for_job",)),
    ("Could you recommend me to your hiring manager?", ("asks_for_job",)),
    ("Could you write me a letter of recommendation?", ("asks_for_job",)),
    ("Does your company offer internships for students?", ("asks_for_job",)),
    ("Is there any chance I could join your team?", ("asks_for_job",)),
    ("I’d love an internship with your team, would that be possible?", ("asks_for_job",)),
    ("Could I use you as a reference?", ("asks_for_job",)),
    ("Could you help me get a job in your department?", ("asks_for_job",)),
    ("Can I get an interview?", ("asks_for_job",)),
    # Every problem at once for one question.
    ("Hire me", ("not_a_question", "too_short", "asks_for_job")),
]


@pytest.mark.parametrize(("question", "expected"), QUESTION_TABLE)
def test_each_question_is_judged_on_its_own_merits(question: str, expected: tuple[str, ...]) -> None:
    problems = check_questions([FIRST, question, LAST])
    assert found(problems) == [(1, code) for code in expected]


def test_three_good_questions_pass() -> None:
    assert check_questions(GOOD_SET) == []
    # Any sequence will do, not only a list: the page may hold a tuple.
    assert check_questions(tuple(GOOD_SET)) == []


@pytest.mark.parametrize(
    ("questions", "hint"),
    [
        ([], "No questions yet"),
        (GOOD_SET[:1], "Write two more"),
        (GOOD_SET[:2], "Write one more"),
        ([*GOOD_SET, "What would you do differently if you started again?"], "keep your best three"),
    ],
)
def test_anything_but_three_questions_is_a_count_problem(questions: list[str], hint: str) -> None:
    problems = check_questions(questions)
    assert found(problems) == [(None, "count")]
    assert hint in problems[0].message


@pytest.mark.parametrize("blank", ["", "   ", "\t\n", "\u200b", "\u00a0\u200d"])
def test_blank_entries_count_as_missing_and_point_at_the_empty_slot(blank: str) -> None:
    problems = check_questions([FIRST, blank, LAST])
    assert found(problems) == [(None, "count"), (1, "empty")]
    assert "Write one more" in problems[0].message
    assert problems[1].message.startswith("Question 2 is still empty")


def test_a_spare_blank_slot_after_three_questions_is_harmless() -> None:
    assert check_questions([*GOOD_SET, "  "]) == []


@pytest.mark.parametrize(
    "copy",
    [
        "What first drew you to this line of work?",
        "what first drew you to this line of work?",
        "WHAT FIRST DREW YOU TO THIS LINE OF WORK ?",
        "  What   first drew you, to this line-of-work?!?",
        "What first drew you to this line of work??",
    ],
)
def test_copies_differing_only_in_case_punctuation_or_spacing_are_duplicates(copy: str) -> None:
    problems = check_questions([FIRST, LAST, copy])
    assert found(problems) == [(2, "duplicate")]
    assert problems[0].message.startswith("Question 3 is the same as question 1.")


def test_accents_and_curly_apostrophes_do_not_hide_a_duplicate() -> None:
    original = "What’s the best way to present a résumé in your field?"
    copy = "What's the best way to present a resume in your field?"
    assert found(check_questions([original, FIRST, copy])) == [(2, "duplicate")]


def test_a_small_rewording_is_a_near_copy() -> None:
    problems = check_questions([GOOD_SET[1], FIRST, "What do you enjoy the most about your work?"])
    assert found(problems) == [(2, "near_duplicate")]
    assert problems[0].message.startswith("Question 3 is very close to question 1.")


def test_a_one_word_swap_in_a_long_question_is_a_near_copy_even_when_the_letters_differ() -> None:
    original = "What is the one skill that matters most for a new analyst on your team?"
    swapped = "What is the one qualification that matters most for a new analyst on your team?"
    # The letters alone fall short of the threshold: it is the word comparison that catches it.
    assert SequenceMatcher(None, original.lower(), swapped.lower()).ratio() < NEAR_COPY_RATIO
    assert found(check_questions([original, FIRST, swapped])) == [(2, "near_duplicate")]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("How did you get started in consulting?", "How did you get started in marketing?"),
        ("What do you enjoy most about your job?", "What do you dislike most about your job?"),
        (
            "What trends are shaping your industry right now?",
            "What challenges are shaping your industry right now?",
        ),
    ],
)
def test_questions_sharing_a_frame_but_asking_different_things_are_not_copies(
    first: str, second: str
) -> None:
    assert check_questions([first, second, LAST]) == []


def test_a_job_question_and_a_duplicate_are_both_reported_with_their_indexes() -> None:
    problems = check_questions(["Could you refer me?", FIRST, FIRST.upper()])
    assert found(problems) == [(0, "asks_for_job"), (2, "duplicate")]


def test_every_problem_in_the_set_is_returned_at_once_set_level_first() -> None:
    problems = check_questions(
        [
            "Are you hiring?",
            "Tell me about your work.",
            FIRST,
            "what first drew you to this line of work",
        ]
    )
    assert found(problems) == [
        (None, "count"),
        (0, "too_short"),
        (0, "asks_for_job"),
        (1, "not_a_question"),
        (3, "not_a_question"),
        (3, "duplicate"),
    ]


def test_the_later_copy_is_the_one_flagged_and_it_names_the_first_original() -> None:
    problems = check_questions([FIRST, FIRST, FIRST])
    assert found(problems) == [(1, "duplicate"), (2, "duplicate")]
    assert [problem.message.split(".")[0] for problem in problems] == [
        "Question 2 is the same as question 1",
        "Question 3 is the same as question 1",
    ]


def test_every_question_message_names_its_question_and_the_count_message_names_none() -> None:
    problems = check_questions(
        ["Hire me", "", "Are you hiring?", "What first drew you to this line of work?", FIRST.lower()]
    )
    codes = {problem.code for problem in problems}
    assert codes == {"count", "not_a_question", "too_short", "asks_for_job", "duplicate"}
    for problem in problems:
        if problem.index is None:
            assert "Question" not in problem.message
        else:
            assert problem.message.startswith(f"Question {problem.index + 1} ")


def test_a_job_question_is_refused_kindly_with_a_better_direction() -> None:
    (problem,) = check_questions([FIRST, "Could you pass my CV to HR?", LAST])
    assert problem.message.startswith("Question 2 asks for a job in “pass my CV to HR”")
    assert "You're there to learn, not to ask for a job" in problem.message
    assert f"You could ask: “{problem.suggestion}”" in problem.message
    assert check_questions([FIRST, problem.suggestion, LAST]) == []


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('hi')</script> " * 400 + "?",
        "🙂👩🏽‍💻 " * 2500,
        "ما هو أهم شيء تعلمته في عملك " * 350 + "؟",
        "a" * 10_000,
        "\u202e" + "What do you enjoy most about your work? " * 250,
    ],
)
def test_very_long_or_unusual_text_is_judged_without_crashing_or_being_quoted(text: str) -> None:
    problems = check_questions([text, text[::-1], FIRST])
    assert all(isinstance(problem, QuestionProblem) for problem in problems)
    for problem in problems:
        # Messages are fixed sentences: nothing the student typed is echoed back.
        assert "<" not in problem.message and "script" not in problem.message
        assert problem.message.isprintable()


def test_a_single_string_is_refused_rather_than_read_as_letters() -> None:
    with pytest.raises(TypeError):
        check_questions("What do you enjoy most about your work?")


def test_a_problem_cannot_be_changed_after_the_check() -> None:
    (problem,) = check_questions(GOOD_SET[:2])
    with pytest.raises(dataclasses.FrozenInstanceError):
        problem.code = "other"  # type: ignore[misc]


# --- The TIARA bank ----------------------------------------------------------------------------


def test_the_bank_offers_at_least_six_starters_for_every_tiara_letter() -> None:
    assert set(QUESTION_BANK) == set(Tiara)
    for letter, starters in QUESTION_BANK.items():
        assert len(starters) >= 6, letter


@pytest.mark.parametrize(
    "starter",
    [starter for starters in QUESTION_BANK.values() for starter in starters],
)
def test_every_starter_passes_the_rule_as_it_stands(starter: str) -> None:
    assert check_questions([FIRST, starter, LAST]) == []


def test_any_two_starters_can_be_asked_together() -> None:
    starters = [starter for group in QUESTION_BANK.values() for starter in group]
    clashes = [
        (a, b)
        for a, b in combinations(starters, 2)
        if check_questions([a, b, "Which podcasts shape how you think?"])
    ]
    assert clashes == []


@pytest.mark.parametrize(
    "letters",
    [
        [Tiara.TRENDS, Tiara.TRENDS, Tiara.TRENDS],
        [Tiara.ADVICE, None, None],
        [Tiara.RESOURCES, Tiara.RESOURCES, None],
    ],
)
def test_nudge_suggests_another_letter_when_only_one_is_used(letters: list[Tiara | None]) -> None:
    used = next(letter for letter in letters if letter is not None)
    nudge = tiara_nudge(letters)
    assert nudge is not None
    assert f"only draw on {used.label}" in nudge
    others = [letter for letter in Tiara if letter != used]
    assert any(f"{other.label} question" in nudge for other in others)


def test_nudge_asks_for_a_mix_when_no_letter_is_chosen() -> None:
    nudge = tiara_nudge([None, None, None])
    assert nudge is not None
    assert "at least two" in nudge


@pytest.mark.parametrize(
    "letters",
    [
        [Tiara.TRENDS, Tiara.INSIGHTS, Tiara.INSIGHTS],
        [Tiara.ADVICE, None, Tiara.ASSIGNMENTS],
        [Tiara.TRENDS, Tiara.ADVICE, Tiara.RESOURCES],
    ],
)
def test_no_nudge_once_two_letters_are_mixed(letters: list[Tiara | None]) -> None:
    assert tiara_nudge(letters) is None
