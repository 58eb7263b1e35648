"""The LAMP list (/employers): target organisations in the method's order, the top five marked, and a form
that adds one with no contact yet."""

from __future__ import annotations

import reflex as rx

from app import routes
from app.domain.lamp import MOTIVATION_CHOICES
from app.services.lamp import LampRow
from app.state.employers import EmployersState
from app.ui.components.form import control_props, field, field_error
from app.ui.components.vars import number_var
from app.ui.layout import page

INTRO = (
    "Your target employers, ranked the way The 2-Hour Job Search teaches: by Motivation (how much you want "
    "to work there, 0 to 3), then Postings (do they advertise jobs in your field), then Advocacy (who you "
    "know there, alumni first, counted from your contacts). Start with the top five this week."
)


def _top_badge() -> rx.Component:
    return rx.badge(
        rx.icon("star", size=12, aria_hidden="true"),
        "Top 5 this week",
        color_scheme="amber",
        variant="soft",
        high_contrast=True,
        class_name="nowrap",
    )


def _motivation(row: LampRow) -> rx.Component:
    control_id = "motivation-" + number_var(row.id).to_string()
    return rx.el.select(
        *[rx.el.option(label, value=value) for value, label in MOTIVATION_CHOICES],
        id=control_id,
        value=row.motivation,
        aria_label="Motivation for " + row.name,
        on_change=lambda value: EmployersState.set_motivation(row.id, value),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
        class_name="lamp-select",
    )


def _postings(row: LampRow) -> rx.Component:
    return rx.el.label(
        rx.checkbox(
            checked=row.has_postings,
            on_change=lambda checked: EmployersState.set_postings(row.id, checked),  # type: ignore[operator]
            aria_label="Postings at " + row.name,
        ),
        rx.text(rx.cond(row.has_postings, "Yes", "No"), size="2", aria_hidden="true"),
        class_name="lamp-postings",
    )


def _advocacy(row: LampRow) -> rx.Component:
    return rx.cond(
        row.contacts > 0,
        rx.link(
            row.advocacy,
            href=row.find_url,
            size="2",
            high_contrast=True,
            aria_label=row.advocacy + " at " + row.name + ": show them in your contacts",
        ),
        rx.text(row.advocacy, size="2", color_scheme="gray"),
    )


def _row(row: LampRow) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.text(row.rank, size="2", color_scheme="gray"), class_name="lamp-rank"),
        rx.el.th(
            rx.vstack(
                rx.text(row.name, weight="medium", size="2"),
                rx.cond(row.top_five, _top_badge()),
                spacing="1",
                align="start",
            ),
            scope="row",
            class_name="lamp-name",
        ),
        rx.el.td(_motivation(row)),
        rx.el.td(_postings(row)),
        rx.el.td(_advocacy(row)),
        class_name=rx.cond(row.top_five, "lamp-row lamp-top", "lamp-row"),
        data_organisation=row.name,
    )


def _table() -> rx.Component:
    return rx.el.div(
        rx.el.table(
            rx.el.caption("Your target employers, in the method's order", class_name="lamp-visually-hidden"),
            rx.el.thead(
                rx.el.tr(
                    rx.el.th("#", scope="col"),
                    rx.el.th("Organisation", scope="col"),
                    rx.el.th("Motivation", scope="col"),
                    rx.el.th("Postings", scope="col"),
                    rx.el.th("Advocacy", scope="col"),
                )
            ),
            rx.el.tbody(rx.foreach(EmployersState.rows, _row)),
            class_name="lamp-table",
        ),
        # A phone scrolls the table sideways: the keyboard can too, once the region has focus.
        tab_index=0,
        role="region",
        aria_label="Target employers",
        class_name="lamp-scroll",
    )


def _pager() -> rx.Component:
    return rx.hstack(
        rx.text(EmployersState.range_label, size="2", color_scheme="gray", role="status", aria_live="polite"),
        rx.cond(
            EmployersState.pages > 1,
            rx.hstack(
                rx.button(
                    rx.icon("chevron-left", size=16, aria_hidden="true"),
                    "Previous",
                    variant="soft",
                    color_scheme="gray",
                    disabled=EmployersState.page <= 1,
                    on_click=EmployersState.previous_page,
                ),
                rx.button(
                    "Next",
                    rx.icon("chevron-right", size=16, aria_hidden="true"),
                    variant="soft",
                    color_scheme="gray",
                    disabled=EmployersState.page >= EmployersState.pages,
                    on_click=EmployersState.next_page,
                ),
                spacing="2",
            ),
        ),
        justify="between",
        align="center",
        width="100%",
        wrap="wrap",
        spacing="3",
    )


def _add_form() -> rx.Component:
    control_id = "new-organisation"
    return rx.form(
        rx.hstack(
            rx.box(
                field(
                    "Organisation name",
                    control_id,
                    rx.input(
                        **control_props(control_id, EmployersState.name_error, hint=True),
                        name="name",
                        value=EmployersState.new_name,
                        on_change=EmployersState.set_new_name,
                        auto_complete="organization",
                        max_length=400,
                        width="100%",
                    ),
                    hint="An employer you'd like to work for, even if you know no one there yet.",
                ),
                flex="1 1 16rem",
            ),
            rx.button(
                rx.icon("plus", size=16, aria_hidden="true"),
                "Add organisation",
                type="submit",
                high_contrast=True,
            ),
            align="end",
            wrap="wrap",
            spacing="3",
            width="100%",
        ),
        field_error(EmployersState.name_error, control_id),
        on_submit=EmployersState.add_organisation,
        width="100%",
        aria_label="Add an organisation",
    )


def _empty() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Start your list", as_="h2", size="4"),
            rx.text(
                "Add the organisations you'd love to work for, about forty if you can: the ones your "
                "contacts work at appear here by themselves.",
                size="3",
            ),
            rx.link("Go to your contacts", href=routes.CONTACTS),
            spacing="3",
            align="start",
        ),
        size="3",
        width="100%",
    )


def _content() -> rx.Component:
    return rx.vstack(
        rx.text(INTRO, size="3", color_scheme="gray", max_width="44rem"),
        rx.callout(
            EmployersState.top_five_text,
            icon="star",
            color_scheme="amber",
            high_contrast=True,
            width="100%",
            role="status",
        ),
        _add_form(),
        rx.cond(
            EmployersState.total > 0,
            rx.vstack(_table(), _pager(), spacing="3", width="100%"),
            _empty(),
        ),
        spacing="5",
        width="100%",
    )


@page(route=routes.EMPLOYERS, title="Target employers", nav=routes.EMPLOYERS, on_load=EmployersState.load)
def employers() -> rx.Component:
    return rx.cond(EmployersState.loaded, _content(), rx.spinner(size="2"))
