"""Small pieces the contacts table and board share: the stage badge and the date cell."""

from __future__ import annotations

import reflex as rx

from app.domain.vocabulary import Stage

# One colour per stage, so a glance down the table or across the board reads the pipeline.
STAGE_COLOURS: dict[str, str] = {
    Stage.TO_CONTACT.value: "gray",
    Stage.REACHED_OUT.value: "blue",
    Stage.FOLLOW_UP_DUE.value: "amber",
    Stage.REPLIED.value: "teal",
    Stage.MEETING_SCHEDULED.value: "violet",
    Stage.MET.value: "green",
    Stage.THANKED.value: "grass",
    Stage.KEEPING_IN_TOUCH.value: "cyan",
    Stage.NO_REPLY.value: "bronze",
    Stage.DECLINED.value: "tomato",
}


def stage_colour(stage: rx.Var[str] | str) -> rx.Var[str]:
    return rx.match(stage, *[(value, colour) for value, colour in STAGE_COLOURS.items()], "gray")


def stage_badge(stage: rx.Var[str] | str, label: rx.Var[str] | str) -> rx.Component:
    return rx.badge(
        label,
        color_scheme=stage_colour(stage),
        variant="soft",
        radius="full",
        high_contrast=True,
        class_name="nowrap",
    )


# Names and organisations in Arabic or Hebrew read right to left inside the left-to-right page.
AUTO_DIR = {"dir": "auto"}


def date_text(text: rx.Var[str] | str, iso: rx.Var[str] | str) -> rx.Component:
    return rx.cond(
        iso != "",
        rx.text(text, size="2", title=iso, class_name="nowrap"),
        rx.text("—", color_scheme="gray", size="2"),
    )


def due_text(text: rx.Var[str] | str, iso: rx.Var[str] | str, due_now: rx.Var[bool] | bool) -> rx.Component:
    """The next due date, marked when it is today or past, so what needs doing stands out."""
    return rx.cond(
        iso == "",
        rx.text("—", color_scheme="gray", size="2"),
        rx.cond(
            due_now,
            rx.badge(
                rx.icon("clock", size=12, aria_hidden="true"),
                text,
                visually_hidden(", due now"),
                color_scheme="amber",
                variant="soft",
                high_contrast=True,
                title=iso,
                class_name="nowrap",
            ),
            rx.text(text, size="2", title=iso, class_name="nowrap"),
        ),
    )


def visually_hidden(text: rx.Var[str] | str) -> rx.Component:
    """Text for screen readers only, e.g. which contact a repeated "Move to…" button belongs to."""
    return rx.el.span(
        text,
        style={
            "position": "absolute",
            "width": "1px",
            "height": "1px",
            "overflow": "hidden",
            "clip": "rect(0 0 0 0)",
            "white_space": "nowrap",
        },
    )
