"""Merge two contacts who are one person: the possible duplicates Rapport found, finding the second
contact, and the two side by side with a choice for each field that differs."""

from __future__ import annotations

import reflex as rx

from app import routes
from app.services.merging import BOTH, KEPT, OTHER, UNDO_DAYS
from app.state.merge import FieldRow, MergeState, PairRow, PickRow
from app.ui.components.form import field_label
from app.ui.layout import page


def _message() -> rx.Component:
    return rx.cond(
        MergeState.message != "",
        rx.callout(MergeState.message, icon="info", color_scheme="amber", role="alert", width="100%"),
    )


# --- possible duplicates ----------------------------------------------------------------------------


def _pair(pair: PairRow) -> rx.Component:
    return rx.el.li(
        rx.flex(
            rx.vstack(
                rx.text(pair.first_name, " and ", pair.second_name, weight="medium", size="3"),
                rx.text(pair.reason, size="2", color_scheme="gray"),
                spacing="0",
            ),
            rx.link(
                rx.button("Compare", variant="soft", size="2", high_contrast=True),
                href=pair.compare_href,
                aria_label="Compare " + pair.first_name + " and " + pair.second_name,
            ),
            justify="between",
            align="center",
            gap="3",
            wrap="wrap",
        ),
        style={"padding": "0.75rem 0", "border_bottom": f"1px solid {rx.color('gray', 5)}"},
    )


def _pairs() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Possible duplicates", as_="h2", size="4"),
            rx.text(
                "Contacts with the same LinkedIn profile, the same email, or the same name at the same "
                "organisation. Compare two to merge them into one; to merge any other two, open a "
                "contact and choose “Merge”.",
                size="2",
            ),
            rx.cond(
                MergeState.pairs.length() > 0,
                rx.el.ul(
                    rx.foreach(MergeState.pairs, _pair),
                    style={"margin": "0", "padding": "0", "list_style_type": "none", "width": "100%"},
                ),
                rx.text("No possible duplicates: every contact looks like a different person.", size="3"),
            ),
            rx.hstack(
                rx.cond(
                    MergeState.pair_page > 1,
                    rx.button("Previous", on_click=MergeState.previous_pairs, variant="soft", size="2"),
                ),
                rx.cond(
                    MergeState.has_more_pairs,
                    rx.button("More", on_click=MergeState.next_pairs, variant="soft", size="2"),
                ),
                spacing="2",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


# --- finding the second contact -----------------------------------------------------------------


def _pick_result(row: PickRow) -> rx.Component:
    return rx.el.li(
        rx.link(
            rx.text(row.name, weight="medium"),
            rx.cond(row.detail != "", rx.text(row.detail, size="2", color_scheme="gray")),
            href=row.href,
            aria_label="Compare with " + row.name,
        ),
        style={"padding": "0.5rem 0"},
    )


def _pick() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Merge ", MergeState.kept_name, " with…", as_="h2", size="4"),
            rx.text("Find the other contact who is the same person.", size="2"),
            field_label("Search your contacts", "merge-search"),
            rx.input(
                id="merge-search",
                type="search",
                placeholder="Name, organisation, role or notes",
                on_change=MergeState.search_other.debounce(300),  # type: ignore[attr-defined]  # mypy ignores rx.event's __new__ type
                auto_complete="off",
                width="100%",
            ),
            rx.cond(
                MergeState.pick_results.length() > 0,
                rx.el.ul(
                    rx.foreach(MergeState.pick_results, _pick_result),
                    style={"margin": "0", "padding": "0", "list_style_type": "none"},
                    aria_label="Contacts found",
                ),
                rx.cond(
                    MergeState.pick_query != "",
                    rx.text("No other contact matches that.", size="2", role="status"),
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


# --- the two side by side --------------------------------------------------------------------------


def _option(value: str, text: rx.Var[str] | str, row: FieldRow) -> rx.Component:
    return rx.el.label(
        rx.flex(
            rx.radio_group.item(value=value, margin_top="0.15rem"),
            rx.text(rx.cond(text != "", text, "(empty)"), size="2", style={"white_space": "pre-wrap"}),
            spacing="2",
            align="start",
        ),
        style={"display": "block", "cursor": "pointer", "overflow_wrap": "anywhere"},
    )


def _field(row: FieldRow) -> rx.Component:
    return rx.box(
        rx.text(row.label, weight="medium", size="2", id="merge-field-" + row.field),
        rx.cond(
            row.differs,
            rx.radio_group.root(
                rx.flex(
                    _option(KEPT, row.kept, row),
                    _option(OTHER, row.other, row),
                    rx.cond(row.can_join, _option(BOTH, "Keep both notes, one after the other", row)),
                    direction="column",
                    spacing="2",
                    margin_top="0.35rem",
                ),
                value=row.choice,
                on_change=lambda choice: MergeState.choose(row.field, choice),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
                aria_labelledby="merge-field-" + row.field,
            ),
            rx.text(rx.cond(row.kept != "", row.kept, "(empty on both)"), size="2", color_scheme="gray"),
        ),
        padding="0.75rem 0",
        border_bottom=f"1px solid {rx.color('gray', 5)}",
        width="100%",
    )


def _side(heading: str, name: rx.Var[str] | str, counts: rx.Var[str] | str) -> rx.Component:
    return rx.card(
        rx.text(heading, size="1", color_scheme="gray", weight="medium"),
        rx.text(name, size="3", weight="bold"),
        rx.text(counts, size="2"),
        flex="1 1 14rem",
    )


def _compare() -> rx.Component:
    return rx.vstack(
        rx.flex(
            _side("Keep", MergeState.kept_name, MergeState.kept_counts),
            _side("Merge in and hide", MergeState.other_name, MergeState.other_counts),
            gap="3",
            wrap="wrap",
            width="100%",
        ),
        rx.button(
            rx.icon("arrow-left-right", size=14, aria_hidden="true"),
            "Keep the other one instead",
            on_click=MergeState.swap,
            variant="ghost",
            size="2",
        ),
        rx.card(
            rx.vstack(
                rx.heading("Choose what the merged contact keeps", as_="h2", size="4"),
                rx.text(
                    "Every timeline entry, meeting, brief and draft of both stays, on the kept contact. "
                    f"You can undo the merge from the contact's page for {UNDO_DAYS} days.",
                    size="2",
                ),
                rx.foreach(MergeState.rows, _field),
                spacing="1",
                width="100%",
            ),
            width="100%",
        ),
        rx.hstack(
            rx.button(
                rx.icon("merge", size=16, aria_hidden="true"),
                MergeState.merge_button_text,
                on_click=MergeState.merge,
                size="3",
                high_contrast=True,
            ),
            rx.link(
                rx.button("Cancel", variant="soft", color_scheme="gray", size="3", high_contrast=True),
                href=MergeState.kept_href,
            ),
            spacing="3",
            wrap="wrap",
        ),
        spacing="3",
        width="100%",
    )  # fmt: skip


@page(route=routes.MERGE, title="Merge contacts", nav=routes.CONTACTS, on_load=MergeState.on_load)
def merge_page() -> rx.Component:
    return rx.vstack(
        rx.link(
            rx.hstack(rx.icon("arrow-left", size=16, aria_hidden="true"), rx.text("Contacts"), spacing="1"),
            href=routes.CONTACTS,
            size="2",
        ),
        _message(),
        rx.match(
            MergeState.mode,
            ("compare", _compare()),
            ("pick", _pick()),
            _pairs(),
        ),
        spacing="4",
        width="100%",
    )
