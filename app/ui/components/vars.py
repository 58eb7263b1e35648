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


def item_of(value: object, key: int | str) -> Any:
    """One item of a list or dict state var, as a Var: `item_of(PrepState.errors, "person_role")`.

    mypy types the index of an `rx.Field[dict[...]]` or `rx.Field[list[list[...]]]` read on the class
    as a tuple's (ArrayVar[Never], BooleanVar), so the item is typed Any rather than wrongly.
    """
    var: Any = value if isinstance(value, rx.Var) else rx.Var.create(value)
    return var[key]


def item_list(value: object) -> Any:
    """A list-of-dataclasses state var for a component typed by its rows (mypy reads such an
    `rx.Field[list[Row]]` on the class as `ArrayVar[Sequence[Never]]`)."""
    return value if isinstance(value, rx.Var) else rx.Var.create(value)
