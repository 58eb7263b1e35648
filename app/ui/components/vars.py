"""State vars as the Vars they are on the page.

Read on the class, a state var is a Reflex Var; but a var declared `items: list[X] = ...` (not
`rx.Field[list[X]]`) is a plain list to a type checker. These helpers give the Var's type either way,
so the pages type-check whichever way the state declares its vars.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import reflex as rx
from reflex.vars import ArrayVar, NumberVar


def array_var(value: ArrayVar[Any] | Sequence[Any]) -> ArrayVar[Any]:
    """A list state var (or a literal list) as an ArrayVar, e.g. for `.length()`."""
    if isinstance(value, ArrayVar):
        return value
    return rx.Var.create(list(value))


def number_var(value: NumberVar[Any] | int) -> NumberVar[Any]:
    """A number state var (or a literal number) as a NumberVar, e.g. for `.to_string()`."""
    if isinstance(value, NumberVar):
        return value
    return rx.Var.create(value)
