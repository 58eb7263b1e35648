"""Exporting contacts and touches as CSV: readable, safe to open in a spreadsheet, and re-importable."""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from app.domain.contact_rules import ContactInput, normalise_contact
from app.domain.csv_export import (
    CONTACT_EXPORT_HEADER,
    EXPORT_ENCODING,
    TOUCH_EXPORT_HEADER,
    ContactExportRow,
    TouchExportRow,
    escape_formula,
    export_contacts_csv,
    export_touches_csv,
    unescape_formula,
)
from app.domain.csv_import import detect_columns, parse_contacts
from app.domain.vocabulary import Source, Stage

CREATED = datetime(2024, 3, 12, 9, 30, tzinfo=UTC)


def export_row(contact: ContactInput, stage: str = "to_contact") -> ContactExportRow:
    return ContactExportRow(
        name=contact.name,
        email=contact.email,
        linkedin_url=contact.linkedin_url,
        organisation=contact.organisation,
        role=contact.role,
        source=contact.source,
        is_local=contact.is_local,
        notes=contact.notes,
        stage=stage,
        created_at=CREATED,
        phone=contact.phone,
    )


# Saved contacts, so already normalised: the awkward cases a spreadsheet or CSV parser trips on.
SAVED = [
    normalise_contact(contact)
    for contact in [
        ContactInput(
            name="Ada Lovelace",
            email="ada@example.org",
            linkedin_url="https://www.linkedin.com/in/ada-lovelace",
            organisation="Babbage, Lovelace & Co",
            role='Analyst, "Engines"',
            source="alumni",
            is_local=True,
            notes="Met at the reunion.\nAsk about the engine, and the notes.",
            phone="+44 20 7946 0000",
        ),
        ContactInput(name="Zoë Ångström 👩🏽‍🔬", organisation="Ångström Labs", source="event"),
        ContactInput(name="مريم ميرزاخاني", organisation="جامعة ستانفورد", role="أستاذة", source="referred"),
        ContactInput(
            name="<script>alert('x')</script>", notes="<b>bold</b> &amp; plain", source="linkedin_group"
        ),
        ContactInput(name='=HYPERLINK("http://evil.example","Click")', role="-2+3", source="local"),
        ContactInput(
            name="@mention Person", notes="'=already quoted", organisation="+Plus Ltd", source="other"
        ),
        ContactInput(name="'Quoted' Name", notes="''=two apostrophes", role="'", source="other"),
        ContactInput(name="Long Notes", notes="✍️ " + "n" * 9_997, source="other"),
    ]
]


def test_contacts_export_reads_in_the_words_the_app_shows() -> None:
    row = replace(
        export_row(SAVED[0], stage="reached_out"),
        connected_on=date(2023, 11, 5),
        last_touch_on=date(2024, 3, 10),
        next_due_on=date(2024, 3, 17),
    )
    text = export_contacts_csv([row])
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == [
        "Name", "Email", "LinkedIn URL", "Organisation", "Role", "Phone", "Source", "Local", "Notes",
        "Stage", "Connected on", "Last touch", "Next due", "Added on",
    ]  # fmt: skip
    assert rows[1] == [
        "Ada Lovelace",
        "ada@example.org",
        "https://www.linkedin.com/in/ada-lovelace",
        "Babbage, Lovelace & Co",
        'Analyst, "Engines"',
        "'+44 20 7946 0000",
        "Alumni",
        "Yes",
        "Met at the reunion.\nAsk about the engine, and the notes.",
        "Reached out",
        "2023-11-05",
        "2024-03-10",
        "2024-03-17",
        "2024-03-12",
    ]
    assert len(rows) == 2
    # No internal spelling of a word the app shows is left in the file.
    assert "alumni" not in text and "reached_out" not in text and ",yes," not in text


def test_every_source_and_stage_is_spelled_as_its_label_and_reads_back() -> None:
    rows = [
        replace(export_row(SAVED[1]), name=f"Person {n}", source=source.value, stage=stage.value)
        for n, (source, stage) in enumerate(zip(itertools.cycle(Source), Stage, strict=False))
    ]
    exported = list(csv.DictReader(io.StringIO(export_contacts_csv(rows), newline="")))
    assert [(r["Source"], r["Stage"]) for r in exported] == [
        (source.label, stage.label) for source, stage in zip(itertools.cycle(Source), Stage, strict=False)
    ]
    assert len(rows) == len(Stage)
    preview = parse_contacts(export_contacts_csv(rows).encode(EXPORT_ENCODING))
    assert [row.contact.source for row in preview.rows] == [row.source for row in rows]


def test_an_export_from_an_earlier_version_still_reads_as_rapports_own() -> None:
    older = (
        b"Name,Email,LinkedIn URL,Organisation,Role,Phone,Source,Local,Notes,Stage,Created at\r\n"
        b"'=Sum,,,,,'+44 1,alumni,yes,,met,2024-03-12T09:30:00+00:00\r\n"
    )
    assert detect_columns(older).is_rapport_export
    [row] = parse_contacts(older).rows
    assert (row.contact.name, row.contact.phone, row.contact.source, row.contact.is_local) == (
        "=Sum", "+44 1", "alumni", True,
    )  # fmt: skip


def test_an_empty_export_is_just_the_header() -> None:
    assert export_contacts_csv([]) == ",".join(CONTACT_EXPORT_HEADER) + "\r\n"


def test_exported_contacts_import_back_as_the_same_contacts() -> None:
    data = export_contacts_csv(export_row(contact) for contact in SAVED).encode(EXPORT_ENCODING)
    sniff = detect_columns(data)
    assert sniff.is_rapport_export
    assert sniff.has_name_column

    preview = parse_contacts(data)
    assert preview.errors == []
    assert preview.skipped_duplicates == 0
    assert [row.contact for row in preview.rows] == SAVED


def test_round_trip_line_numbers_count_the_lines_inside_notes() -> None:
    data = export_contacts_csv(export_row(contact) for contact in SAVED[:3]).encode(EXPORT_ENCODING)
    # Ada's notes take two physical lines, so Zoë starts on line 4.
    assert [row.line for row in parse_contacts(data).rows] == [2, 4, 5]


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        "+44 20 7946 0000",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=cmd",
        "\r=cmd",
        '=HYPERLINK("http://evil.example","Click")',
        "'=already quoted",
        "''=two apostrophes",
    ],
)
def test_cells_a_spreadsheet_would_run_get_a_leading_apostrophe(value: str) -> None:
    assert escape_formula(value) == "'" + value
    assert unescape_formula(escape_formula(value)) == value


@pytest.mark.parametrize("value", ["Ada", "", "'", "'Quoted' Name", "a=b", "100", "x-ray", "Tom & Jerry"])
def test_ordinary_cells_are_exported_as_they_are(value: str) -> None:
    assert escape_formula(value) == value
    assert unescape_formula(value) == value


def test_formula_injection_is_defused_in_every_text_column() -> None:
    evil = '=HYPERLINK("http://evil.example","Click")'
    row = ContactExportRow(
        name=evil,
        email=evil,
        linkedin_url=evil,
        organisation=evil,
        role=evil,
        source=evil,
        is_local=False,
        notes=evil,
        stage=evil,
        created_at=None,
        phone=evil,
    )
    cells = list(csv.reader(io.StringIO(export_contacts_csv([row]), newline="")))[1]
    assert cells == ["'" + evil] * 6 + ["'" + evil, "No", "'" + evil, "'" + evil, "", "", "", ""]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_touches_export_names_the_contact_and_dates_each_touch() -> None:
    text = export_touches_csv(
        [
            TouchExportRow(
                "Ada Lovelace",
                "ada@example.org",
                "outreach_sent",
                date(2024, 3, 12),
                "Sent the 5-Point Email",
            ),
            TouchExportRow("=cmd|' /C calc'!A0", "", "note", date(2024, 3, 15), "-Called, left a message"),
        ]
    )
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [
        list(TOUCH_EXPORT_HEADER),
        ["Ada Lovelace", "ada@example.org", "Outreach sent", "2024-03-12", "Sent the 5-Point Email"],
        ["'=cmd|' /C calc'!A0", "", "Note", "2024-03-15", "'-Called, left a message"],
    ]


def test_export_encoding_carries_a_byte_order_mark_for_excel() -> None:
    data = export_contacts_csv([export_row(SAVED[1])]).encode(EXPORT_ENCODING)
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Zoë Ångström 👩🏽‍🔬".encode() in data
