"""Form fields with a visible label tied to the control, and room for a message beside it."""

from __future__ import annotations

import reflex as rx


def labelled(label: str, control_id: str, control: rx.Component, hint: str = "") -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=control_id, style={"font_weight": "500"}),
        control,
        rx.text(hint, size="1", color=rx.color("gray", 11)) if hint else rx.fragment(),
        spacing="1",
        width="100%",
    )


def message_box(text: rx.Var[str] | str, *, tone: str = "red", icon: str = "info") -> rx.Component:
    return rx.cond(
        text != "",
        rx.callout(
            text, icon=icon, color_scheme=tone, role="alert" if tone == "red" else "status", width="100%"
        ),
    )
