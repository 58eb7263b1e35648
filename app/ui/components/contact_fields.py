"""Labelled fields for the contact page: a visible label tied to its control, a calm message beside it."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var


def field_label(text: str, control_id: str, hint: str = "") -> rx.Component:
    return rx.el.label(
        rx.text(text, size="2", weight="medium"),
        rx.text(f" {hint}", size="1", color_scheme="gray") if hint else rx.fragment(),
        html_for=control_id,
    )


def field_error(errors: Var[dict[str, str]], key: str, control_id: str) -> rx.Component:
    # Always in the DOM (empty when fine) so aria-describedby points at something that exists.
    return rx.text(
        rx.cond(errors.contains(key), errors[key], ""),
        id=f"{control_id}-error",
        size="2",
        color_scheme="red",
        aria_live="polite",
    )


def field(
    label: str,
    control_id: str,
    control: rx.Component,
    errors: Var[dict[str, str]] | None = None,
    key: str = "",
    hint: str = "",
) -> rx.Component:
    return rx.vstack(
        field_label(label, control_id, hint),
        control,
        field_error(errors, key, control_id) if errors is not None else rx.fragment(),
        spacing="1",
        width="100%",
    )


def text_input(
    control_id: str,
    value: Var[str],
    on_change: object,
    errors: Var[dict[str, str]] | None = None,
    key: str = "",
    **props: object,
) -> rx.Component:
    extra: dict[str, object] = {}
    if errors is not None:
        extra = {
            "aria_invalid": rx.cond(errors.contains(key), "true", "false"),
            "aria_describedby": f"{control_id}-error",
        }
    return rx.input(id=control_id, value=value, on_change=on_change, width="100%", **extra, **props)
