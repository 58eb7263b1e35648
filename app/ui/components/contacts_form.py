"""The add/edit contact dialog and the delete confirmation."""

from __future__ import annotations

import reflex as rx

from app.domain.vocabulary import SOURCE_LABELS
from app.state.contacts import ContactsState
from app.ui.components.contacts_common import LABEL_STYLE

ORGANISATION_LIST_ID = "contact-organisation-options"


def _error(field: str) -> rx.Component:
    message = getattr(ContactsState.errors, field)
    return rx.cond(
        message != "",
        rx.text(
            rx.icon(
                "circle-alert",
                size=14,
                aria_hidden="true",
                style={"display": "inline", "vertical_align": "-2px"},
            ),
            " ",
            message,
            id=f"contact-{field}-error",
            size="2",
            color_scheme="red",
        ),
    )


def _invalid(field: str) -> dict[str, object]:
    message = getattr(ContactsState.errors, field)
    return {
        "aria_invalid": rx.cond(message != "", "true", "false"),
        "aria_describedby": rx.cond(message != "", f"contact-{field}-error", ""),
        # A tinted field as well as the message, so the eye finds it without reading.
        "color_scheme": rx.cond(message != "", "red", "gray"),
        "variant": rx.cond(message != "", "soft", "surface"),
    }


def _field(field: str, label: str, control: rx.Component, hint: str = "") -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=f"contact-{field}", style=LABEL_STYLE),
        control,
        rx.text(hint, size="1", color_scheme="gray") if hint else rx.fragment(),
        _error(field),
        spacing="1",
        width="100%",
    )


def _text_input(
    field: str, label: str, *, input_type: str = "text", hint: str = "", **props: object
) -> rx.Component:
    return _field(
        field,
        label,
        rx.input(
            id=f"contact-{field}",
            name=field,
            type=input_type,
            default_value=getattr(ContactsState.form, field),
            width="100%",
            custom_attrs={"dir": "auto"},
            **_invalid(field),
            **props,
        ),
        hint,
    )


def _source_select() -> rx.Component:
    return _field(
        "source",
        "How you know them",
        rx.select.root(
            rx.select.trigger(id="contact-source", width="100%"),
            rx.select.content(
                *[rx.select.item(label, value=source.value) for source, label in SOURCE_LABELS.items()],
                position="popper",
            ),
            name="source",
            default_value=ContactsState.form.source,
        ),
    )


def _duplicate_warning() -> rx.Component:
    return rx.cond(
        ContactsState.duplicate_warnings.length() > 0,  # type: ignore[attr-defined]
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
                            on_change=ContactsState.suggest_organisations.debounce(250),
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
                    _field(
                        "notes",
                        "Notes",
                        rx.text_area(
                            id="contact-notes",
                            name="notes",
                            default_value=ContactsState.form.notes,
                            custom_attrs={"dir": "auto"},
                            rows="4",
                            width="100%",
                            placeholder="How you found them, what you admire in their work…",
                            **_invalid("notes"),
                        ),
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
