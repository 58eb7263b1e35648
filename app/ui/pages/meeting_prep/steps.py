"""The wizard's chrome: the step list with each step's state, and the Back / Next / Mark ready bar."""

from __future__ import annotations

import reflex as rx

from app.domain.brief_rules import LAST_STEP, STEP_TITLES
from app.state.prep import PrepState
from app.ui.components.vars import array_var


def _step_item(number: int, title: str) -> rx.Component:
    complete = PrepState.steps_complete[number - 1]
    current = PrepState.step == number
    return rx.el.li(
        rx.el.button(
            rx.box(
                rx.cond(complete, rx.icon("check", size=14), rx.text(str(number))),
                class_name="prep-step-dot",
                aria_hidden="true",
            ),
            rx.box(
                rx.el.span(f"Step {number}: ", class_name="sr-only"),
                rx.el.span(title, class_name="prep-step-title"),
                rx.el.span(", ", class_name="sr-only"),
                rx.el.span(rx.cond(complete, "complete", "not complete"), class_name="prep-step-state"),
                class_name="prep-step-text",
            ),
            type="button",
            on_click=PrepState.go_to_step(number),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
            aria_current=rx.cond(current, "step", "false"),
            class_name=rx.cond(complete, "prep-step is-complete", "prep-step"),
        ),
        class_name="prep-step-item",
    )


def step_list() -> rx.Component:
    return rx.el.nav(
        rx.el.ol(
            *[_step_item(number, title) for number, title in STEP_TITLES.items()], class_name="prep-steps"
        ),
        aria_label="Prep steps",
        class_name="no-print",
    )


def step_bar() -> rx.Component:
    """Back and Next move freely; Mark ready asks the rules, from any step."""
    return rx.hstack(
        rx.hstack(
            rx.button(
                rx.icon("arrow-left", size=16, aria_hidden="true"),
                "Back",
                variant="soft",
                color_scheme="gray",
                on_click=PrepState.previous_step,
                disabled=PrepState.step == 1,
            ),
            rx.cond(
                PrepState.step < LAST_STEP,
                rx.button(
                    "Next",
                    rx.icon("arrow-right", size=16, aria_hidden="true"),
                    variant="soft",
                    on_click=PrepState.next_step,
                ),
            ),
            spacing="2",
        ),
        rx.button(
            rx.icon("circle-check", size=16, aria_hidden="true"),
            "Mark ready",
            on_click=PrepState.finish,
        ),
        justify="between",
        wrap="wrap",
        spacing="3",
        width="100%",
        class_name="no-print",
    )


def finish_feedback() -> rx.Component:
    """Why Mark ready was refused, every reason at once; or the calm confirmation."""
    return rx.fragment(
        rx.cond(
            array_var(PrepState.finish_reasons).length() > 0,
            rx.callout.root(
                rx.callout.icon(rx.icon("info", aria_hidden="true")),
                rx.box(
                    rx.text("Not ready yet. Here is what's left:", weight="bold"),
                    rx.el.ul(
                        rx.foreach(PrepState.finish_reasons, lambda reason: rx.el.li(reason)),
                        class_name="prep-list",
                    ),
                ),
                color_scheme="amber",
                high_contrast=True,
                role="alert",
                width="100%",
                class_name="no-print",
            ),
        ),
        rx.cond(
            PrepState.finish_message != "",
            rx.callout.root(
                rx.callout.icon(rx.icon("party-popper", aria_hidden="true")),
                rx.callout.text(PrepState.finish_message),
                color_scheme="teal",
                high_contrast=True,
                role="status",
                width="100%",
                class_name="no-print",
            ),
        ),
    )


def step_gaps() -> rx.Component:
    """What this step still needs: a quiet list, not a scolding."""
    return rx.cond(
        (PrepState.current_gaps.length() > 0) & (PrepState.step != 3),
        rx.box(
            rx.text("To finish this step:", size="2", weight="medium"),
            rx.el.ul(
                rx.foreach(PrepState.current_gaps, lambda gap: rx.el.li(rx.text(gap, size="2"))),
                class_name="prep-list",
            ),
            class_name="prep-gaps no-print",
        ),
    )
