"""The add/edit contact dialog and the delete confirmation."""

from __future__ import annotations

import reflex as rx

from app.domain.vocabulary import SOURCE_LABELS
from app.state.contacts import ContactsState, FieldErrors
from app.ui.components.form import control_props, field
from app.ui.components.vars import array_var
from app.ui.pages.contacts.common import AUTO_DIR

ORGANISATION_LIST_ID = "contact-organisation-options"


def _error(name: str) -> rx.Var[str] | None:
    """The message beside field `name`, or None while the state keeps no message for it."""
    return getattr(ContactsState.errors, name) if hasattr(FieldErrors, name) else None


def _tint(name: str) -> dict[str, object]:
    """A tinted field as well as the message, so the eye finds it without reading."""
    message = _error(name)
    if message is None:
        return {}
    return {
        "color_scheme": rx.cond(message != "", "red", "gray"),
        "variant": rx.cond(message != "", "soft", "surface"),
    }


def _text_input(field_name: str, label: str, *, input_type: str = "text", **props: object) -> rx.Component:
    control_id = f"contact-{field_name}"
    return field(
        label,
        control_id,
        rx.input(
            **control_props(control_id, _error(field_name)),
            name=field_name,
            type=input_type,
            default_value=getattr(ContactsState.form, field_name),
            width="100%",
            custom_attrs=dict(AUTO_DIR),  # a fresh dict: Reflex adds the aria props into it
            **_tint(field_name),
            **props,
        ),
        error=_error(field_name),
    )


def _source_select() -> rx.Component:
    return field(
        "How you know them",
        "contact-source",
        rx.select.root(
            rx.select.trigger(**control_props("contact-source", _error("source")), width="100%"),
            rx.select.content(
                *[rx.select.item(label, value=source.value) for source, label in SOURCE_LABELS.items()],
                position="popper",
            ),
            name="source",
            default_value=ContactsState.form.source,
        ),
        error=_error("source"),
    )


def _duplicate_warning() -> rx.Component:
    return rx.cond(
        array_var(ContactsState.duplicate_warnings).length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("users", aria_hidden="true")),
            rx.vstack(
                rx.foreach(ContactsState.duplicate_warnings, lambda warning: rx.callout.text(warning)),
                rx.callout.text("Save this one as well?", size="2"),
                rx.hstack(
                    rx.button(
                        "Save anyway", type="button", on_click=ContactsState.save_anyway, color_scheme="amber"
                    ),
                    rx.button(
                        "Keep editing",
                        type="button",
                        variant="soft",
                        color_scheme="gray",
                        on_click=ContactsState.keep_editing,
                    ),
                    spacing="2",
                    wrap="wrap",
                ),
                spacing="2",
            ),
            color_scheme="amber",
            role="alert",
            id="contact-duplicate-warning",
            width="100%",
        ),
    )


def contact_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(ContactsState.dialog_title),
            rx.dialog.description(
                "Only the name is needed; add the rest whenever you have it.",
                size="2",
                color_scheme="gray",
                margin_bottom="1rem",
            ),
            rx.form(
                rx.vstack(
                    _text_input("name", "Name", auto_complete="off", placeholder="e.g. Ada Lovelace"),
                    rx.grid(
                        _text_input(
                            "organisation",
                            "Organisation",
                            list=ORGANISATION_LIST_ID,
                            auto_complete="off",
                            on_change=ContactsState.suggest_organisations.debounce(250),  # type: ignore[attr-defined]  # mypy ignores rx.event's __new__ type
                        ),
                        _text_input("role", "Role", placeholder="e.g. Product designer"),
                        columns=rx.breakpoints(initial="1", sm="2"),
                        spacing="3",
                        width="100%",
                    ),
                    rx.el.datalist(
                        rx.foreach(ContactsState.organisation_options, lambda name: rx.el.option(value=name)),
                        id=ORGANISATION_LIST_ID,
                    ),
                    rx.grid(
                        _text_input("email", "Email", input_type="email", placeholder="name@example.org"),
                        _text_input(
                            "linkedin_url",
                            "LinkedIn URL",
                            input_type="url",
                            placeholder="https://www.linkedin.com/in/…",
                        ),
                        _text_input("phone", "Phone", input_type="tel", auto_complete="off"),
                        columns=rx.breakpoints(initial="1", sm="2"),
                        spacing="3",
                        width="100%",
                    ),
                    rx.grid(
                        _source_select(),
                        rx.box(
                            rx.checkbox(
                                "They live or work near me",
                                name="is_local",
                                default_checked=ContactsState.form.is_local,
                            ),
                            padding_top=rx.breakpoints(initial="0", sm="1.6rem"),
                        ),
                        columns=rx.breakpoints(initial="1", sm="2"),
                        spacing="3",
                        width="100%",
                    ),
                    field(
                        "Notes",
                        "contact-notes",
                        rx.text_area(
                            **control_props("contact-notes", _error("notes")),
                            name="notes",
                            default_value=ContactsState.form.notes,
                            custom_attrs=dict(AUTO_DIR),  # a fresh dict: Reflex adds the aria props into it
                            rows="4",
                            width="100%",
                            placeholder="How you found them, what you admire in their work…",
                            **_tint("notes"),
                        ),
                        error=_error("notes"),
                    ),
                    rx.cond(
                        ContactsState.form_message != "",
                        rx.text(ContactsState.form_message, size="2", color_scheme="red", role="alert"),
                    ),
                    _duplicate_warning(),
                    rx.hstack(
                        rx.dialog.close(
                            rx.button("Cancel", type="button", variant="soft", color_scheme="gray")
                        ),
                        rx.button("Save contact", type="submit", high_contrast=True),
                        justify="end",
                        spacing="3",
                        width="100%",
                    ),
                    spacing="4",
                    width="100%",
                ),
                on_submit=ContactsState.submit_form,
                id="contact-form",
                key=ContactsState.form_key,
                # The browser's own checks would pre-empt the calm messages beside each field.
                no_validate=True,
                width="100%",
            ),
            max_width="36rem",
        ),
        open=ContactsState.form_open,
        on_open_change=ContactsState.set_form_open,
    )


def delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete " + ContactsState.delete_name + "?"),
            rx.alert_dialog.description(
                "Their touches and meetings go with them. You can undo this straight afterwards.", size="2"
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Keep", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button("Delete", color_scheme="red", on_click=ContactsState.confirm_delete)
                ),
                justify="end",
                spacing="3",
                margin_top="1rem",
            ),
            max_width="28rem",
        ),
        open=ContactsState.confirm_open,
        on_open_change=ContactsState.set_confirm_open,
    )
