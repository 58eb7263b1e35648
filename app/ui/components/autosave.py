"""Fields whose typing the browser keeps until the database has it (assets/autosave.js does the work)."""

from __future__ import annotations

from typing import Any

import reflex as rx

SCRIPT = "/autosave.js"


def autosaved(
    key: str | rx.Var[str], saved_digest: str | rx.Var[str], *, refused: rx.Var[bool] | bool = False
) -> dict[str, Any]:
    """The attributes that opt a field in: its key (record and field) and the digest of what is saved.

    `refused` says the server turned the last text down with a message beside the field: the browser
    keeps the text but stops resending it.
    """
    return {"data-autosave": key, "data-saved-digest": saved_digest, "data-save-refused": refused}


def autosave_status(key: str | rx.Var[str], *, quiet_when_saved: bool = False) -> rx.Component:
    """Where the browser says, in words, whether that field is saved, saving or being retried.

    `quiet_when_saved` for a second field sharing the line: it speaks only when something is wrong.
    """
    attrs: dict[str, Any] = {"data-autosave-status": key}
    if quiet_when_saved:
        attrs["data-quiet-when-saved"] = "true"
    return rx.el.span(custom_attrs=attrs, aria_live="polite", class_name="autosave-status")
