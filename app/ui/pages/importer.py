"""Import contacts from LinkedIn's Connections.csv or any CSV, with a preview first; export them as CSV."""

from __future__ import annotations

from typing import Any, cast

import reflex as rx
from reflex.event import EventSpec
from reflex.vars import ArrayVar, ObjectVar

from app import routes
from app.domain.csv_import import MAPPABLE_FIELDS, MAX_FILE_BYTES
from app.state.importer import (
    FIELD_LABELS,
    NOT_IN_FILE,
    UPLOAD_ID,
    ChangeItem,
    ExportState,
    ImportState,
    PreviewRow,
)
from app.ui.components.form import control_props, field
from app.ui.layout import page


def _upload_rejected(rejections: ArrayVar) -> EventSpec:
    """Sends only why the browser refused a file, never the file itself (a 20 MB attachment
    would exceed the websocket's message limit and drop the connection)."""
    records = rejections.to(ArrayVar, list[dict[str, Any]])
    codes = records.map(
        lambda record: (
            record.to(ObjectVar, dict[str, Any])["errors"]
            .to(ArrayVar, list[dict[str, Any]])
            .map(lambda error: error.to(ObjectVar, dict[str, Any])["code"].to(str))
            .join(",")
        )
    ).join(",")
    size = records.map(
        lambda record: (
            record.to(ObjectVar, dict[str, Any])["file"].to(ObjectVar, dict[str, Any])["size"].to(int)
        )
    )
    return ImportState.upload_rejected(codes, size)  # type: ignore[operator]  # mypy ignores rx.event's __new__ type


_ACCEPT = {
    "text/csv": [".csv"],
    "text/plain": [".csv", ".txt", ".tsv"],
    "application/vnd.ms-excel": [".csv"],
    "text/vcard": [".vcf", ".vcard"],
    "text/x-vcard": [".vcf", ".vcard"],
}


def _section(heading: str, *children: rx.Component, heading_id: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(heading, as_="h2", size="4", id=heading_id),
            *children,
            spacing="4",
            width="100%",
        ),
        size=rx.breakpoints(initial="2", sm="3"),
        width="100%",
        aria_labelledby=heading_id,
        role="region",
    )


def _message() -> rx.Component:
    return rx.cond(
        ImportState.message != "",
        rx.callout(
            ImportState.message,
            icon="info",
            color_scheme="amber",
            role="alert",
            width="100%",
            id="import-message",
        ),
    )


# --- step 1: upload ------------------------------------------------------------------------------


def _upload_step() -> rx.Component:
    return _section(
        "Choose a file",
        rx.text(
            "Export your connections from LinkedIn (Settings, Data privacy, Get a copy of your data, "
            "Connections) and choose the Connections.csv file here. Google Contacts and Outlook CSV "
            "exports and vCard files (.vcf, from a phone or mail app) are read as they are; any other "
            "CSV works too: you'll match its columns next. Nothing is saved until you've seen a preview.",
            size="3",
        ),
        rx.text(
            f"CSV or vCard file, up to {MAX_FILE_BYTES // 1024 // 1024} MB",
            id="csv-file-label",
            size="2",
            weight="medium",
        ),
        _label_file_input(
            rx.upload.root(
                rx.vstack(
                    rx.icon("file-up", size=28, aria_hidden="true", color=rx.color("accent", 11)),
                    rx.button(
                        rx.icon("folder-open", size=16, aria_hidden="true"),
                        "Choose file",
                        id="choose-file",
                        type="button",
                        # Named by its text and the label above: "Choose file CSV or vCard file, up to 20 MB".
                        aria_labelledby="choose-file csv-file-label",
                        size="3",
                    ),
                    rx.text("or drop it here", size="2", color_scheme="gray"),
                    align="center",
                    spacing="2",
                ),
                id=UPLOAD_ID,
                accept=_ACCEPT,
                multiple=False,
                max_files=1,
                max_size=MAX_FILE_BYTES,
                # The button inside is the keyboard control; the drop zone itself is not a second tab stop.
                no_keyboard=True,
                on_drop=ImportState.handle_upload(rx.upload_files(upload_id=UPLOAD_ID)),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
                on_drop_rejected=_upload_rejected,
                border=f"2px dashed {rx.color('accent', 7)}",
                border_radius="var(--radius-3)",
                padding="2rem 1rem",
                width="100%",
                cursor="pointer",
                drag_active_style={"background_color": rx.color("accent", 3)},
            ),
            label_id="csv-file-label",
        ),
        _message(),
        heading_id="upload-heading",
    )


# --- step 2: mapping -----------------------------------------------------------------------------


def _mapping_select(name: str) -> rx.Component:
    control_id = f"map-{name.replace('_', '-')}"
    return field(
        FIELD_LABELS[name],
        control_id,
        rx.select.root(
            rx.select.trigger(**control_props(control_id), width="100%"),
            rx.select.content(
                rx.select.item("Not in this file", value=NOT_IN_FILE),
                rx.foreach(ImportState.header_options, lambda header: rx.select.item(header, value=header)),
            ),
            # mypy reads an rx.Field of a dict as an ArrayVar (Reflex's overloads); it is an ObjectVar.
            value=cast(ObjectVar[dict[str, str]], ImportState.mapping)[name],
            on_change=lambda value: ImportState.set_mapping_field(name, value),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
        ),
    )


def _mapping_step() -> rx.Component:
    return _section(
        "Match the columns",
        rx.text(
            "Rapport doesn't recognise this file's layout, so tell it which column holds what. "
            "A name is needed: either a full name, or a first and last name.",
            size="3",
        ),
        rx.text(rx.text.strong("File: "), ImportState.file_name, size="2", color_scheme="gray"),
        rx.grid(
            *[_mapping_select(field) for field in MAPPABLE_FIELDS],
            columns=rx.breakpoints(initial="1", sm="2", md="3"),
            spacing="4",
            width="100%",
        ),
        rx.cond(
            ImportState.mapping_error != "",
            rx.callout(
                ImportState.mapping_error, icon="info", color_scheme="amber", role="alert", width="100%"
            ),
        ),
        rx.hstack(
            rx.button("Preview import", on_click=ImportState.confirm_mapping, size="3"),
            rx.button("Cancel", on_click=ImportState.cancel, variant="soft", color_scheme="gray", size="3"),
            spacing="3",
            wrap="wrap",
        ),
        heading_id="mapping-heading",
    )


# --- step 3: preview -----------------------------------------------------------------------------


def _stat(label: str, value: rx.Var, *, test_id: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(label, size="2", color_scheme="gray", weight="medium"),
            rx.text(value, size=rx.breakpoints(initial="6", sm="7"), weight="bold", data_testid=test_id),
            spacing="1",
        ),
        variant="surface",
        size=rx.breakpoints(initial="1", sm="2"),
        width="100%",
    )


def _preview_row(row: PreviewRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row.line),
        rx.table.row_header_cell(row.name),
        rx.table.cell(row.organisation),
        rx.table.cell(row.role),
        rx.table.cell(row.email),
        rx.table.cell(row.connected_on),
    )


def _preview_table() -> rx.Component:
    return rx.cond(
        ImportState.to_import > 0,
        rx.vstack(
            rx.heading(ImportState.preview_caption, as_="h3", size="3", id="preview-table-heading"),
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell("Line"),
                            rx.table.column_header_cell("Name"),
                            rx.table.column_header_cell("Organisation"),
                            rx.table.column_header_cell("Role"),
                            rx.table.column_header_cell("Email"),
                            rx.table.column_header_cell("Connected on"),
                        )
                    ),
                    rx.table.body(rx.foreach(ImportState.preview_rows, _preview_row)),
                    variant="surface",
                    size="1",
                    aria_labelledby="preview-table-heading",
                    width="100%",
                ),
                width="100%",
                overflow_x="auto",
                tab_index=0,
                role="region",
                aria_labelledby="preview-table-heading",
            ),
            spacing="2",
            width="100%",
        ),
        rx.text("There is nothing new to import in this file.", size="3"),
    )


def _change_tick(item: ChangeItem) -> rx.Component:
    # Reflex's checkbox with text is a label around the box and its words: the words name the box.
    return rx.el.li(
        rx.checkbox(
            item.text,
            checked=item.ticked,
            on_change=lambda ticked: ImportState.toggle_change(item.key, ticked),  # type: ignore[operator]  # mypy ignores rx.event's __new__ type
            size="2",
            spacing="2",
        ),
        style={"padding": "0.35rem 0"},
    )


def _listed_section(
    shown: rx.Var[bool] | bool,
    heading: str,
    heading_id: str,
    intro: rx.Component,
    items: rx.Component,
    list_id: str,
    after: rx.Component,
    *,
    max_height: str,
) -> rx.Component:
    """A heading, a line saying what to do, and a list that scrolls in a focusable region of its own."""
    return rx.cond(
        shown,
        rx.vstack(
            rx.heading(heading, as_="h3", size="3", id=heading_id),
            intro,
            rx.box(
                items,
                max_height=max_height,
                overflow_y="auto",
                width="100%",
                padding="0.25rem 0.75rem",
                border=f"1px solid {rx.color('gray', 6)}",
                border_radius="var(--radius-2)",
                tab_index=0,
                role="region",
                aria_labelledby=heading_id,
                id=list_id,
            ),
            after,
            spacing="2",
            width="100%",
        ),
    )


def _changes() -> rx.Component:
    return _listed_section(
        ImportState.changed_count > 0,
        "Changed since you saved them",
        "changes-heading",
        rx.text(
            ImportState.change_summary,
            ". Untick what you want to keep as it is; a change of employer keeps the old one on the "
            "contact's timeline.",
            size="2",
        ),
        rx.el.ul(
            rx.foreach(ImportState.change_items, _change_tick),
            style={"margin": "0", "padding": "0", "list_style_type": "none"},
        ),
        "change-list",
        rx.cond(
            ImportState.more_changes > 0,
            rx.text(
                "…and ",
                ImportState.more_changes,
                " more changes, applied unless they would empty a field.",
                size="2",
            ),
        ),
        max_height="20rem",
    )


def _problems() -> rx.Component:
    return _listed_section(
        ImportState.problem_count > 0,
        "Rows left out",
        "problems-heading",
        rx.text(
            "Fix these in the file and import it again if you want them; the rest import fine.", size="2"
        ),
        rx.el.ul(
            rx.foreach(ImportState.error_lines, lambda line: rx.el.li(rx.text(line, size="2"))),
            style={"margin": "0.25rem 0", "padding_left": "1.25rem", "list_style_type": "disc"},
        ),
        "problem-list",
        rx.cond(ImportState.more_errors_text != "", rx.text(ImportState.more_errors_text, size="2")),
        max_height="16rem",
    )


def _preview_step() -> rx.Component:
    return _section(
        "Check before importing",
        rx.text(
            rx.text.strong(ImportState.file_name),
            rx.cond(
                ImportState.recognised_as != "", " — recognised as " + ImportState.recognised_as + ".", ""
            ),
            " Nothing has been saved yet.",
            size="3",
        ),
        rx.vstack(
            rx.grid(
                _stat("To import", ImportState.to_import_text, test_id="count-to-import"),
                _stat("Duplicates skipped", ImportState.duplicates_text, test_id="count-duplicates"),
                _stat("Changed", ImportState.changed_text, test_id="count-changed"),
                _stat("Rows with problems", ImportState.problems_text, test_id="count-problems"),
                columns=rx.breakpoints(initial="2", sm="4"),
                spacing=rx.breakpoints(initial="2", sm="3"),
                width="100%",
            ),
            rx.text("Duplicates: ", ImportState.duplicates_detail, ".", size="2", color_scheme="gray"),
            spacing="2",
            width="100%",
        ),
        rx.foreach(
            ImportState.notices,
            lambda notice: rx.callout(notice, icon="info", color_scheme="gray", size="1", width="100%"),
        ),
        _preview_table(),
        _changes(),
        _problems(),
        rx.hstack(
            rx.cond(
                ImportState.can_import,
                rx.button(
                    rx.icon("import", size=16, aria_hidden="true"),
                    ImportState.import_button_text,
                    on_click=ImportState.start_import,
                    size="3",
                ),
            ),
            rx.button("Cancel", on_click=ImportState.cancel, variant="soft", color_scheme="gray", size="3"),
            spacing="3",
            wrap="wrap",
        ),
        heading_id="preview-heading",
    )


# --- steps 4 and 5: importing, done ----------------------------------------------------------------


def _importing_step() -> rx.Component:
    return _section(
        "Importing…",
        rx.progress(
            value=ImportState.progress_percent,
            max=100,
            size="3",
            width="100%",
            aria_label="Import progress",
        ),
        rx.text(
            ImportState.progress_text,
            " contacts",
            size="3",
            aria_live="polite",
            data_testid="import-progress",
        ),
        rx.text("You can keep this page open; it takes a few seconds for large files.", size="2"),
        heading_id="importing-heading",
    )


def _done_step() -> rx.Component:
    return _section(
        "Import finished",
        rx.callout(
            ImportState.summary_text,
            icon="circle-check",
            color_scheme="green",
            role="status",
            width="100%",
            data_testid="import-summary",
        ),
        rx.cond(ImportState.summary_detail != "", rx.text(ImportState.summary_detail, size="3")),
        rx.hstack(
            rx.button(rx.link("Go to your contacts", href=routes.CONTACTS), as_child=True, size="3"),
            rx.button("Import another file", on_click=ImportState.start_over, variant="soft", size="3"),
            spacing="3",
            wrap="wrap",
        ),
        heading_id="done-heading",
    )


# --- export ----------------------------------------------------------------------------------------


def _export_section() -> rx.Component:
    return _section(
        "Export",
        rx.text(
            "Download everything as CSV files that open in any spreadsheet, or your contacts as a "
            "vCard file for a phone or mail app. Both contacts files can be imported here again.",
            size="3",
        ),
        rx.hstack(
            rx.button(
                rx.icon("file-down", size=16, aria_hidden="true"),
                "Download contacts (CSV)",
                on_click=ExportState.download_contacts,
                variant="soft",
                size="3",
            ),
            rx.button(
                rx.icon("contact", size=16, aria_hidden="true"),
                "Download contacts (vCard)",
                on_click=ExportState.download_vcard,
                variant="soft",
                size="3",
            ),
            rx.button(
                rx.icon("file-down", size=16, aria_hidden="true"),
                "Download timeline (CSV)",
                on_click=ExportState.download_timeline,
                variant="soft",
                size="3",
            ),
            spacing="3",
            wrap="wrap",
        ),
        heading_id="export-heading",
    )


DESC_IMPORT = "Import your LinkedIn connections or any CSV into Rapport, or export your contacts as CSV."


@page(
    route=routes.IMPORT,
    title="Import contacts",
    nav=routes.CONTACTS,
    on_load=ImportState.on_load,
    description=DESC_IMPORT,
)
def importer() -> rx.Component:
    return rx.vstack(
        rx.link(
            rx.hstack(rx.icon("arrow-left", size=16, aria_hidden="true"), rx.text("Contacts"), spacing="1"),
            href=routes.CONTACTS,
            size="2",
        ),
        rx.match(
            ImportState.step,
            ("mapping", _mapping_step()),
            ("preview", _preview_step()),
            ("importing", _importing_step()),
            ("done", _done_step()),
            _upload_step(),
        ),
        _export_section(),
        spacing="5",
        width="100%",
    )


def _label_file_input(upload: rx.Component, *, label_id: str) -> rx.Component:
    """rx.upload makes its hidden file input itself, with no way to pass props: name it afterwards."""
    pending = [upload]
    while pending:
        component = pending.pop()
        if getattr(component, "tag", None) == "input":
            component.custom_attrs["aria-labelledby"] = label_id
        pending.extend(
            child for child in getattr(component, "children", []) if isinstance(child, rx.Component)
        )
    return upload
