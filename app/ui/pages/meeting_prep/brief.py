"""The brief itself: one page to read on a phone on the way, or to print on one sheet."""

from __future__ import annotations

from typing import Literal

import reflex as rx

from app.domain.brief_rules import LAST_STEP, REMINDERS
from app.settings import get_settings
from app.state.prep import PrepState
from app.ui.components.vars import item_of

NOT_WRITTEN = "Not written yet"


def _value(value: rx.Var[str] | str) -> rx.Component:
    # User text is shown as text, line breaks kept; an empty note says so instead of vanishing.
    return rx.cond(
        rx.Var.create(value).to(str).strip() != "",
        rx.text(value, class_name="brief-text"),
        rx.text(NOT_WRITTEN, class_name="brief-text brief-missing"),
    )


def _row(label: str, value: rx.Var[str] | str) -> rx.Component:
    return rx.box(rx.el.dt(label), rx.el.dd(_value(value)), class_name="brief-row")


def _section(title: str, *children: rx.Component) -> rx.Component:
    return rx.el.section(
        rx.heading(title, as_="h3", size="3", class_name="brief-heading"),
        *children,
        class_name="brief-section",
    )


def _question(slot: int) -> rx.Component:
    return rx.el.li(
        rx.cond(
            PrepState.letter_labels[slot] != "",
            rx.badge(
                PrepState.letter_labels[slot],
                variant="soft",
                high_contrast=True,
                size="1",
                class_name="brief-letter",
            ),
        ),
        " ",
        _value(item_of(PrepState.questions, slot)),
        class_name="brief-question",
    )


def readiness_badge(size: Literal["1", "2", "3"]) -> rx.Component:
    """ "Ready" once every step is complete, the three questions included (brief_rules.is_ready)."""
    return rx.cond(
        PrepState.is_ready,
        rx.badge(
            rx.icon("circle-check", size=14, aria_hidden="true"),
            "Ready",
            color_scheme="teal",
            high_contrast=True,
            size=size,
        ),
        rx.badge("Not ready yet", color_scheme="gray", high_contrast=True, size=size),
    )


def brief_sheet() -> rx.Component:
    return rx.el.article(
        rx.box(
            rx.heading(
                "Brief: meeting with ",
                rx.el.span(PrepState.contact_name),
                as_="h2",
                size="5",
                class_name="brief-title",
            ),
            rx.cond(
                PrepState.organisation != "", rx.text(PrepState.organisation, size="2", color_scheme="gray")
            ),
            readiness_badge("2"),
            class_name="brief-header",
        ),
        _section(
            "Logistics",
            rx.el.dl(
                _row("When", PrepState.when_text),
                _row("Length", PrepState.duration_minutes + " minutes"),
                _row("Where", PrepState.where),
                _row("Getting there", PrepState.leave_by),
                _row("Ending on time", PrepState.end_by),
                _row("How you'll close", PrepState.closing_plan),
            ),
            rx.cond(PrepState.in_past, rx.text("This date has passed.", size="1", class_name="brief-text")),
        ),
        rx.box(
            _section(
                "The person",
                rx.el.dl(
                    _row("Role", PrepState.person_role),
                    _row("Career path", PrepState.person_path),
                    _row("What you read", PrepState.person_reading),
                ),
            ),
            _section(
                "The organisation",
                rx.el.dl(
                    _row("What it does", PrepState.org_what),
                    _row("Recent news", PrepState.org_news),
                    _row("Trends", PrepState.org_trends),
                ),
            ),
            class_name="brief-columns",
        ),
        _section(
            "Your three questions",
            rx.el.ol(*[_question(slot) for slot in range(3)], class_name="brief-questions"),
        ),
        _section(
            "Remember",
            rx.el.ul(*[rx.el.li(reminder) for reminder in REMINDERS], class_name="brief-reminders"),
        ),
        aria_label="Your brief",
        class_name=rx.cond(PrepState.step == LAST_STEP, "brief-sheet", "brief-sheet print-only"),
    )


def review_step() -> rx.Component:
    """The review: where things stand, the TIARA nudge (never blocking), and the Print button."""
    return rx.vstack(
        rx.cond(
            PrepState.is_ready,
            rx.text(
                "Every step is done and your three questions pass the rule. Read your brief on the way.",
                size="3",
            ),
            rx.cond(
                PrepState.all_gaps.length() > 0,
                rx.box(
                    rx.text("A few things are left before this brief is ready:", size="3"),
                    rx.el.ul(
                        rx.foreach(PrepState.all_gaps, lambda gap: rx.el.li(rx.text(gap, size="2"))),
                        class_name="prep-list",
                    ),
                ),
                rx.text("Everything is in place. Press “Mark ready” when you're happy with it.", size="3"),
            ),
        ),
        rx.cond(
            PrepState.nudge != "",
            rx.callout.root(
                rx.callout.icon(rx.icon("lightbulb", aria_hidden="true")),
                rx.callout.text(PrepState.nudge),
                color_scheme="blue",
                variant="surface",
                width="100%",
            ),
        ),
        rx.button(
            rx.icon("printer", size=16, aria_hidden="true"),
            "Print",
            variant="outline",
            on_click=rx.call_script("window.print()"),
        ),
        share_choice(),
        spacing="3",
        width="100%",
        class_name="no-print",
    )


def share_choice() -> rx.Component:
    """Hosted mode: the student may show this brief to their advisor; nothing is shared otherwise."""
    if get_settings().is_local:
        return rx.fragment()
    return rx.vstack(
        rx.el.label(
            rx.hstack(
                rx.checkbox(
                    id="share-brief",
                    checked=PrepState.shared_with_advisor,
                    on_change=PrepState.set_shared,
                ),
                rx.text("Share this brief with my advisor", size="2"),
                spacing="2",
                align="center",
            ),
            html_for="share-brief",
        ),
        rx.text(
            "They would see the meeting's date, what you wrote about the organisation and your three "
            "questions, never your contacts' names or details. You can stop sharing at any time.",
            size="1",
            color=rx.color("gray", 11),
        ),
        spacing="1",
    )
