"""One contact: details, where things stand (3B7), timeline of touches, meetings, logging what happened."""

import reflex as rx

from app import routes
from app.state.contact import ContactState
from app.ui.layout import page
from app.ui.pages.contact.details import details_card, status_card
from app.ui.pages.contact.meetings import meetings_card
from app.ui.pages.contact.timeline import log_form, timeline_card
from app.ui.pages.contacts.form import contact_dialog, delete_dialog
from app.ui.pages.not_found import not_found_card

S = ContactState


def _merge_notice() -> rx.Component:
    return rx.cond(
        S.merge_text != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("merge", aria_hidden="true")),
            rx.flex(
                rx.callout.text(S.merge_text),
                rx.button("Undo merge", on_click=S.undo_merge, variant="soft", size="1"),
                gap="3",
                align="center",
                wrap="wrap",
            ),
            color_scheme="gray",
            width="100%",
        ),
    )


def _contact() -> rx.Component:
    return rx.vstack(
        rx.cond(
            S.subtitle,
            # Pulled up under the h1, which the shared frame spaces like a section.
            rx.text(S.subtitle, size="4", color_scheme="gray", margin_top="-0.75rem"),
            rx.fragment(),
        ),
        _merge_notice(),
        status_card(),
        rx.grid(
            rx.vstack(log_form(), timeline_card(), spacing="4", width="100%", min_width="0"),
            rx.vstack(details_card(), meetings_card(), spacing="4", width="100%", min_width="0"),
            grid_template_columns=rx.breakpoints(
                initial="minmax(0, 1fr)", md="minmax(0, 3fr) minmax(0, 2fr)"
            ),
            spacing="4",
            width="100%",
            align_items="start",
        ),
        # The contacts table's own dialogs, so editing and deleting work the same from here.
        contact_dialog(),
        delete_dialog(),
        spacing="4",
        width="100%",
        id="contact-page",
    )


def _loading() -> rx.Component:
    return rx.hstack(
        rx.spinner(size="3"),
        rx.text("Opening this contact…", size="3", color_scheme="gray"),
        spacing="3",
        align="center",
        role="status",
    )


# The h1 is the contact's name once loaded ("Contact" until then, and when there is none to show).
@page(route=routes.CONTACT, title=S.heading, nav=routes.CONTACTS, on_load=S.on_load)
def contact() -> rx.Component:
    return rx.cond(
        S.found,
        _contact(),
        rx.cond(S.loaded, not_found_card("contact"), _loading()),
    )
