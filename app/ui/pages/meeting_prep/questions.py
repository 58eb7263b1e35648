"""Step 3: three labelled questions with their TIARA letters and the rule's notes, and the question bank."""

from __future__ import annotations

import reflex as rx

from app.domain.question_bank import QUESTION_BANK
from app.domain.questions import REQUIRED_QUESTIONS
from app.domain.vocabulary import TIARA_LABELS, Tiara
from app.state.prep import PrepState
from app.ui.components.autosave import autosave_status, autosaved
from app.ui.components.form import error_id, field_label
from app.ui.components.vars import array_var, item_of
from app.ui.pages.meeting_prep.fields import AUTOSAVE_MS, field_note

NO_LETTER = "none"


def _problem_list(slot: int, list_id: str) -> rx.Component:
    return rx.box(
        rx.cond(
            PrepState.show_question_problems
            & (array_var(item_of(PrepState.question_problems, slot)).length() > 0),
            rx.el.ul(
                rx.foreach(
                    item_of(PrepState.question_problems, slot),
                    lambda message: rx.el.li(
                        rx.hstack(
                            rx.icon("info", size=16, aria_hidden="true", flex_shrink="0", margin_top="2px"),
                            rx.text(message, size="2"),
                            spacing="2",
                            align="start",
                        )
                    ),
                ),
                class_name="prep-problems",
            ),
        ),
        id=list_id,
        aria_live="polite",
        color=rx.color("amber", 11),
    )


def _suggestion(slot: int, problems_id: str) -> rx.Component:
    """One click puts the rule's rewrite of a refused question in its place (the message quotes it)."""
    return rx.cond(
        PrepState.show_question_problems & (item_of(PrepState.question_suggestions, slot) != ""),
        rx.button(
            rx.icon("wand-sparkles", size=14, aria_hidden="true"),
            "Use this question",
            rx.el.span(f" in place of question {slot + 1}", class_name="sr-only"),
            id=f"question-{slot + 1}-use-suggestion",
            size="1",
            variant="soft",
            on_click=PrepState.use_suggestion(slot),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
            aria_describedby=problems_id,
            align_self="start",
        ),
    )


def _question_slot(slot: int) -> rx.Component:
    number = slot + 1
    text_id = f"question-{number}"
    letter_id = f"question-{number}-letter"
    problems_id = f"question-{number}-problems"
    note_id = error_id(text_id, "note")
    return rx.box(
        rx.vstack(
            field_label(f"Question {number}", text_id, extra_class="prep-label"),
            rx.text_area(
                id=text_id,
                value=PrepState.questions[slot],
                on_change=lambda value: PrepState.save_question(slot, value),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
                debounce_timeout=AUTOSAVE_MS,
                force_notify_on_blur=True,
                rows="2",
                resize="vertical",
                width="100%",
                placeholder="An open question about their work, ending with ?",
                aria_describedby=f"{problems_id} {note_id}",
                custom_attrs=autosaved(
                    f"brief:{PrepState.meeting_id}:question_{number}",
                    item_of(PrepState.saved_digests, f"question_{number}"),
                    refused=item_of(PrepState.errors, f"question_{number}").bool(),
                ),
            ),
            autosave_status(f"brief:{PrepState.meeting_id}:question_{number}", quiet_when_saved=True),
            rx.hstack(
                rx.el.label(
                    "TIARA letter",
                    rx.el.span(f" for question {number}", class_name="sr-only"),
                    html_for=letter_id,
                    class_name="prep-label-small",
                ),
                rx.select.root(
                    rx.select.trigger(id=letter_id, placeholder="Choose a letter"),
                    rx.select.content(
                        rx.select.item("No letter", value=NO_LETTER),
                        *[rx.select.item(TIARA_LABELS[letter], value=letter.value) for letter in Tiara],
                    ),
                    value=rx.cond(PrepState.letters[slot] == "", NO_LETTER, PrepState.letters[slot]),
                    on_change=lambda value: PrepState.set_letter(slot, value),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
                    size="2",
                ),
                spacing="2",
                align="center",
            ),
            field_note(f"question_{number}", text_id),
            _problem_list(slot, problems_id),
            _suggestion(slot, problems_id),
            spacing="2",
            width="100%",
        ),
        class_name="prep-question",
    )


def _starter(letter: Tiara, index: int, text: str) -> rx.Component:
    text_id = f"starter-{letter.value}-{index}"
    return rx.el.li(
        rx.hstack(
            rx.text(text, id=text_id, size="2", flex="1", min_width="12rem"),
            rx.button(
                rx.icon("plus", size=14, aria_hidden="true"),
                "Use this question",
                size="1",
                variant="soft",
                on_click=PrepState.use_starter(letter.value, index),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
                aria_describedby=text_id,
            ),
            justify="between",
            align="center",
            wrap="wrap",
            spacing="2",
            width="100%",
        ),
        class_name="prep-starter",
    )


def question_bank() -> rx.Component:
    return rx.box(
        rx.heading("Question bank", as_="h3", size="3"),
        rx.text(
            "Starting points by TIARA: Trends, Insights, Advice, Resources, Assignments. "
            "“Use this question” puts one in your first empty slot; then make it your own.",
            size="2",
            color_scheme="gray",
        ),
        rx.cond(
            PrepState.bank_note != "",
            rx.text(PrepState.bank_note, size="2", weight="medium", role="status"),
            rx.box(role="status"),
        ),
        rx.tabs.root(
            rx.tabs.list(
                *[rx.tabs.trigger(TIARA_LABELS[letter], value=letter.value) for letter in Tiara],
                class_name="prep-bank-tabs",
            ),
            *[
                rx.tabs.content(
                    rx.el.ul(
                        *[_starter(letter, index, text) for index, text in enumerate(QUESTION_BANK[letter])],
                        class_name="prep-starters",
                    ),
                    value=letter.value,
                )
                for letter in Tiara
            ],
            default_value=Tiara.TRENDS.value,
        ),
        class_name="prep-bank no-print",
    )


def questions_step() -> rx.Component:
    return rx.vstack(
        rx.text(
            f"Write exactly {REQUIRED_QUESTIONS} open questions about their work, so you can steer the "
            "conversation. You are there to learn, not to ask for a job.",
            size="3",
        ),
        rx.cond(
            PrepState.show_question_problems & (array_var(PrepState.set_problems).length() > 0),
            rx.callout.root(
                rx.callout.icon(rx.icon("info", aria_hidden="true")),
                rx.box(rx.foreach(PrepState.set_problems, lambda message: rx.text(message))),
                color_scheme="amber",
                high_contrast=True,
                width="100%",
            ),
        ),
        *[_question_slot(slot) for slot in range(REQUIRED_QUESTIONS)],
        rx.hstack(
            rx.button(
                "Check my questions",
                variant="outline",
                on_click=PrepState.check_questions,
            ),
            rx.cond(
                PrepState.show_question_problems & PrepState.steps_complete[2],
                rx.text("These three pass the rule. Well done.", size="2", color=rx.color("teal", 11)),
            ),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        question_bank(),
        spacing="4",
        width="100%",
    )
