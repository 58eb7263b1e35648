"""The one form kit: a labelled field, its hint, its control and its error, the same on every page.

A field is its visible label (tied to the control by `for`), an optional hint, the control, and the
error beside it. The error lives in an element that is always in the page, empty while the field is
fine, with `aria-live="polite"`: a screen reader reads a new message out once, without stealing focus.
The control points at the hint and the error with `aria-describedby` and says `aria-invalid` while
there is an error. Ids follow the control's: `<id>-label`, `<id>-hint`, `<id>-error`.

(The meeting-prep wizard names its errors `<id>-note`: `suffix="note"`.)

Form-wide messages (a refused log-in, a failed save) use `message_box`; they are the only alerts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import reflex as rx
from reflex.vars import ObjectVar, Var

Message = Var[str] | Var | str  # "" when the field is fine


def label_id(control_id: str) -> str:
    return f"{control_id}-label"


def hint_id(control_id: str) -> str:
    return f"{control_id}-hint"


def error_id(control_id: str, suffix: str = "error") -> str:
    return f"{control_id}-{suffix}"


def error_of(errors: Var | Mapping[str, str], key: str) -> Var:
    """One field's message out of a state's `{field: message}` dict ("" when the field has none).

    On the class a state's dict is an ObjectVar, whether mypy sees it as declared (`dict[str, str]`)
    or as the Var an `rx.Field[dict[str, str]]` gives (which mypy misreads as an ArrayVar).
    """
    if isinstance(errors, ObjectVar):
        return errors.get(key, "")
    if isinstance(errors, Var):
        msg = f"error_of needs a dict state var, not {type(errors).__name__}"
        raise TypeError(msg)
    return rx.Var.create(errors.get(key, ""))


def control_props(
    control_id: str, error: Message | None = None, *, hint: bool = False, suffix: str = "error"
) -> dict[str, object]:
    """The id and ARIA wiring every control of a field carries: spread into the control (`**`)."""
    described = [hint_id(control_id)] if hint else []
    props: dict[str, object] = {"id": control_id}
    if error is not None:
        described.append(error_id(control_id, suffix))
        props["aria_invalid"] = rx.cond(error != "", "true", "false")
    if described:
        props["aria_describedby"] = " ".join(described)
    return props


def field_label(text: str | Var, control_id: str, *, extra_class: str = "") -> rx.Component:
    return rx.el.label(
        text, html_for=control_id, id=label_id(control_id), class_name=f"field-label {extra_class}".strip()
    )


def field_hint(text: str | Var, control_id: str) -> rx.Component:
    return rx.text(text, id=hint_id(control_id), size="2", color_scheme="gray", class_name="field-hint")


def field_error(error: Message, control_id: str, *, tone: str = "red", suffix: str = "error") -> rx.Component:
    """The live region for one field's message: always present, so `aria-describedby` finds it."""
    return rx.text(
        rx.cond(
            error != "",
            rx.icon(
                "circle-alert",
                size=14,
                aria_hidden="true",
                style={"display": "inline", "vertical_align": "-2px", "margin_right": "0.3em"},
            ),
        ),
        error,
        id=error_id(control_id, suffix),
        size="2",
        color=rx.color(tone, 11),
        aria_live="polite",
        class_name="field-error",
    )


def field(
    label: str | Var,
    control_id: str,
    control: rx.Component,
    *,
    hint: str | Var = "",
    error: Message | None = None,
    tone: str = "red",
    suffix: str = "error",
    label_class: str = "",
) -> rx.Component:
    """Label, hint, control, error. Build the control with `control_props(control_id, error, hint=...)`."""
    return rx.vstack(
        field_label(label, control_id, extra_class=label_class),
        field_hint(hint, control_id) if hint else rx.fragment(),
        control,
        field_error(error, control_id, tone=tone, suffix=suffix) if error is not None else rx.fragment(),
        spacing="1",
        width="100%",
    )


def text_field(
    label: str | Var,
    control_id: str,
    *,
    hint: str = "",
    error: Message | None = None,
    multiline: bool = False,
    **props: object,
) -> rx.Component:
    """A labelled input (or text area): `props` go to the control (value, on_change, type, name...)."""
    make = rx.text_area if multiline else rx.input
    control = make(**control_props(control_id, error, hint=bool(hint)), width="100%", **props)
    return field(label, control_id, control, hint=hint, error=error)


def email_field(control_id: str, *, default_value: Var | str = "") -> rx.Component:
    """The account email of the log-in and sign-up forms (a plain form post sends it as `email`)."""
    return field(
        "Email",
        control_id,
        rx.input(
            **control_props(control_id),
            name="email",
            type="email",
            auto_complete="username",
            required=True,
            default_value=default_value,
            width="100%",
        ),
    )


def password_field(
    label: str,
    control_id: str,
    *,
    name: str,
    new: bool = False,
    hint: str = "",
    min_length: int | None = None,
) -> rx.Component:
    """A password box; `new` tells password managers to suggest one rather than fill the saved one."""
    return field(
        label,
        control_id,
        rx.input(
            **control_props(control_id, hint=bool(hint)),
            name=name,
            type="password",
            auto_complete="new-password" if new else "current-password",
            required=True,
            width="100%",
            **({"min_length": min_length} if min_length else {}),
        ),
        hint=hint,
    )


def select_field(
    label: str,
    control_id: str,
    options: list[tuple[str, str]] | Var,
    *,
    value: Var | str,
    on_change: object,
    disabled: Var | bool = False,
    error: Message | None = None,
) -> rx.Component:
    """A Radix select whose trigger is named by its visible label (and announces its value)."""
    if isinstance(options, Var):
        items = rx.foreach(options, lambda option: rx.select.item(option.label, value=option.value))
    else:
        items = rx.fragment(*[rx.select.item(text, value=key) for key, text in options])
    trigger_props = control_props(control_id, error)
    return field(
        label,
        control_id,
        rx.select.root(
            rx.select.trigger(
                aria_labelledby=f"{label_id(control_id)} {control_id}", width="100%", **trigger_props
            ),
            rx.select.content(rx.select.group(items)),
            value=value,
            on_change=on_change,
            disabled=disabled,
        ),
        error=error,
    )


def message_box(text: Var[str] | str, *, tone: str = "red", icon: str = "info") -> rx.Component:
    """A message about the whole form: an alert when something went wrong, a status otherwise."""
    return rx.cond(
        text != "",
        rx.callout(
            text,
            icon=icon,
            color_scheme=tone,
            role="alert" if tone == "red" else "status",
            width="100%",
        ),
    )


class NativeForm(rx.Component):
    """A plain HTML form that really posts to the server (Reflex's own form always stops that).

    Used for log-in, sign-up, log-out and password change, whose responses must set or clear an
    HttpOnly cookie, which a websocket event cannot do.
    """

    tag = "form"
    # Render as the HTML element itself, as Reflex's own raw elements do.
    _is_tag_in_global_scope: ClassVar[bool] = True

    action: rx.Var[str]
    method: rx.Var[str]


# Every native form changes who is signed in, so the tab leaves its Reflex client token behind: the page
# the post lands on makes a new one, and no state filled under the old session is ever asked for again.
FORGET_TAB_TOKEN: rx.Var[Any] = rx.Var('(() => window.sessionStorage.removeItem("token"))')


def native_form(*children: rx.Component, **props: Any) -> rx.Component:
    custom_attrs = {"onSubmit": FORGET_TAB_TOKEN, **props.pop("custom_attrs", {})}
    return NativeForm.create(*children, custom_attrs=custom_attrs, **props)
