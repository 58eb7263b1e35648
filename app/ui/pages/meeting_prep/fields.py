"""Labelled wizard fields that save as the student types, with their kind note beside them."""

from __future__ import annotations

import reflex as rx

from app.state.prep import PrepState
from app.ui.components.autosave import autosave_status, autosaved
from app.ui.components.form import control_props, field, field_error
from app.ui.components.vars import item_of

AUTOSAVE_MS = 400
NOTE_TONE = "amber"  # a note while typing, not a refusal


def field_note(key: str, control_id: str) -> rx.Component:
    """The message about one field (too long, not a date...), read out politely when it changes."""
    return field_error(item_of(PrepState.errors, key), control_id, tone=NOTE_TONE, suffix="note")


def prep_field(
    name: str,
    label: str,
    hint: str = "",
    *,
    multiline: bool = True,
    rows: str = "3",
    input_type: str = "text",
    placeholder: str = "",
) -> rx.Component:
    control_id = f"prep-{name.replace('_', '-')}"
    error = item_of(PrepState.errors, name)
    common = {
        **control_props(control_id, error, hint=bool(hint), suffix="note"),
        "value": getattr(PrepState, name),
        "on_change": lambda value: PrepState.save_text(name, value),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
        "debounce_timeout": AUTOSAVE_MS,
        "force_notify_on_blur": True,
        "placeholder": placeholder,
        "width": "100%",
        # A number of minutes needs a short box; a full-width one looks like it wants a paragraph.
        "max_width": "14rem" if input_type == "number" else None,
        "custom_attrs": autosaved(
            f"brief:{PrepState.meeting_id}:{name}",
            item_of(PrepState.saved_digests, name),
            refused=error.bool(),
        ),
    }
    control = (
        rx.text_area(rows=rows, resize="vertical", **common)
        if multiline
        else rx.input(type=input_type, **common)
    )
    return field(
        label,
        control_id,
        rx.fragment(control, autosave_status(f"brief:{PrepState.meeting_id}:{name}", quiet_when_saved=True)),
        hint=hint,
        error=error,
        tone=NOTE_TONE,
        suffix="note",
        label_class="prep-label",
    )
