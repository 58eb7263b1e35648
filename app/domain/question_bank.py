"""Starting points for the three questions, grouped by TIARA letter, and a nudge to mix the letters."""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.vocabulary import Tiara

# Each starter is an open question about the contact's work or field, and each passes
# check_questions on its own (the tests hold them to it), so a student can use one as it stands.
QUESTION_BANK: dict[Tiara, tuple[str, ...]] = {
    Tiara.TRENDS: (
        "What trends are shaping your industry right now?",
        "How has your field changed since you started?",
        "Which new tools or technologies are changing the way your team works?",
        "What do you see as the biggest challenge facing your industry in the next few years?",
        "Where do you think your field is heading over the next five years?",
        "How is hiring changing in your industry?",
        "Which parts of your work do you expect to grow in importance?",
    ),
    Tiara.INSIGHTS: (
        "What surprised you most when you started in this role?",
        "What does a typical week look like for you?",
        "What do you enjoy most about your work?",
        "What is the hardest part of your job?",
        "What do you wish you had known before entering this field?",
        "How would you describe the culture where you work?",
        "What kinds of people tend to do well in your role?",
    ),
    Tiara.ADVICE: (
        "If you were in my position, what would you do next?",
        "What skills should I start building now to prepare for this field?",
        "What can I do to become a strong candidate for a role like yours?",
        "What advice would you give someone starting out in this field?",
        "What mistakes do newcomers to this career often make?",
        "What would you do differently if you were starting your career today?",
        "How did you find your way into this field?",
    ),
    Tiara.RESOURCES: (
        "Which books, podcasts or newsletters do you find most useful?",
        "Who else would you suggest I learn from about this field?",
        "Which professional associations or events are worth joining?",
        "What websites or publications do you read to stay current?",
        "Which courses or certifications have helped you the most?",
        "Where do people in your field share ideas online?",
    ),
    Tiara.ASSIGNMENTS: (
        "What small project could I try to get a feel for this work?",
        "Is there an article or case study you would suggest I read first?",
        "What skill could I practise this month to understand your work better?",
        "Which tool should I learn first to get a taste of your daily work?",
        "What problem would you give a newcomer to test their interest in this field?",
        "What could I read or try this week to understand your industry better?",
    ),
}

# The letter to suggest next when only one is in use, in the order TIARA walks a conversation.
_TIARA_ORDER: tuple[Tiara, ...] = tuple(Tiara)


def tiara_nudge(letters: Sequence[Tiara | None]) -> str | None:
    """A gentle hint when the questions draw on fewer than two TIARA letters; None when they mix.

    One entry per question, None for a question with no letter. The hint never blocks the prep step.
    """
    used = {letter for letter in letters if letter is not None}
    if len(used) >= 2:
        return None
    if not used:
        return (
            "A mix of TIARA letters (Trends, Insights, Advice, Resources, Assignments) tends to make "
            "a richer conversation: try drawing on at least two."
        )
    (only,) = used
    suggestion = next(letter for letter in _TIARA_ORDER if letter != only)
    article = "an" if suggestion.label[0] in "AEIOU" else "a"
    return (
        f"Your questions only draw on {Tiara(only).label}. A mix tends to make a richer "
        f"conversation: you could swap one for {article} {suggestion.label} question, "
        f"such as “{QUESTION_BANK[suggestion][0]}”"
    )
