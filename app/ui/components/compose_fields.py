"""Form pieces the composer and the notes page share: a visible label tied to each control."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from app.services.touches import KEEP_IN_TOUCH_CHOICES, KEEP_IN_TOUCH_OFF


def field_label(text: str, control_id: str) -> rx.Component:
    return rx.el.label(
        rx.text(text, size="2", weight="medium"),
        html_for=control_id,
        id=f"{control_id}-label",
    )


def field_error(message: Var | str) -> rx.Component:
    """A calm note beside the field; rendered only when there is something to say."""
    return rx.cond(
        message,
        rx.text(message, size="2", color=rx.color("red", 11), role="alert"),
        rx.fragment(),
    )


def labelled_select(
    label: str,
    control_id: str,
    options: list[tuple[str, str]] | Var,
    *,
    value: Var | str,
    on_change: object,
    disabled: Var | bool = False,
) -> rx.Component:
    """A Radix select whose trigger is named by a visible label (and announces its value)."""
    if isinstance(options, Var):
        items = rx.foreach(options, lambda option: rx.select.item(option.label, value=option.value))
    else:
        items = rx.fragment(*[rx.select.item(text, value=key) for key, text in options])
    return rx.vstack(
        field_label(label, control_id),
        rx.select.root(
            rx.select.trigger(
                id=control_id,
                aria_labelledby=f"{control_id}-label {control_id}",
                width="100%",
            ),
            rx.select.content(rx.select.group(items)),
            value=value,
            on_change=on_change,
            disabled=disabled,
        ),
        spacing="1",
        width="100%",
    )


KEEP_IN_TOUCH_OPTIONS: list[tuple[str, str]] = [
    *(
        (str(months), "Every month" if months == 1 else f"Every {months} months")
        for months in KEEP_IN_TOUCH_CHOICES
    ),
    (KEEP_IN_TOUCH_OFF, "Off"),
]
