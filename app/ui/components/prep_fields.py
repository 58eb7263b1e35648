"""Labelled wizard fields that save as the student types, with their kind note beside them."""

from __future__ import annotations

import reflex as rx

from app.state.prep import PrepState

AUTOSAVE_MS = 400


def field_note(key: str, note_id: str) -> rx.Component:
    """The message about one field (too long, not a date...), read out politely when it changes."""
    return rx.text(
        PrepState.errors[key],
        id=note_id,
        size="2",
        color=rx.color("amber", 11),
        aria_live="polite",
        class_name="prep-note",
    )


def prep_field(
    field: str,
    label: str,
    hint: str = "",
    *,
    multiline: bool = True,
    rows: str = "3",
    input_type: str = "text",
    placeholder: str = "",
) -> rx.Component:
    control_id = f"prep-{field.replace('_', '-')}"
    hint_id = f"{control_id}-hint"
    note_id = f"{control_id}-note"
    common = {
        "id": control_id,
        "value": getattr(PrepState, field),
        "on_change": lambda value: PrepState.save_text(field, value),
        "debounce_timeout": AUTOSAVE_MS,
        "force_notify_on_blur": True,
        "aria_describedby": f"{hint_id} {note_id}" if hint else note_id,
        "placeholder": placeholder,
        "width": "100%",
        # A number of minutes needs a short box; a full-width one looks like it wants a paragraph.
        "max_width": "14rem" if input_type == "number" else None,
    }
    control = (
        rx.text_area(rows=rows, resize="vertical", **common)
        if multiline
        else rx.input(type=input_type, **common)
    )
    return rx.vstack(
        rx.el.label(label, html_for=control_id, class_name="prep-label"),
        rx.text(hint, id=hint_id, size="2", color_scheme="gray") if hint else rx.fragment(),
        control,
        field_note(field, note_id),
        spacing="1",
        width="100%",
    )
