"""Importing contacts from LinkedIn's Connections.csv and other CSV files: what comes in, what is refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.domain.contact_rules import ContactInput, duplicate_key_name, duplicate_key_url
from app.domain.csv_import import (
    LINKEDIN_HEADER,
    MAX_FILE_BYTES,
    UNCLOSED_QUOTE_PROBLEM,
    CsvImportError,
    ImportPreview,
    ImportRow,
    detect_columns,
    parse_contacts,
    split_new_and_duplicates,
)

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def lines_of(preview: ImportPreview) -> list[int]:
    return [row.line for row in preview.rows]


def error_messages(preview: ImportPreview) -> list[str]:
    return [error.message for error in preview.errors]


def make_csv(header: str, rows: list[str]) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def generated_rows(count: int) -> bytes:
    return make_csv(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
        [
            f"Person,Number {i},https://www.linkedin.com/in/person-{i},p{i}@example.org,"
            f'"Company {i % 97}, Inc",Engineer,12 Mar 2024'
            for i in range(count)
        ],
    )


# --- LinkedIn's export ---------------------------------------------------------------------------


def test_linkedin_header_is_found_after_the_notes_preamble() -> None:
    sniff = detect_columns(fixture("linkedin_connections.csv"))
    assert sniff.header_line == 4
    assert sniff.is_linkedin
    assert sniff.has_name_column
    assert sniff.headers == [
        "First Name",
        "Last Name",
        "URL",
        "Email Address",
        "Company",
        "Position",
        "Connected On",
    ]
    assert sniff.suggested_mapping == {
        "first_name": "First Name",
        "last_name": "Last Name",
        "linkedin_url": "URL",
        "email": "Email Address",
        "organisation": "Company",
        "role": "Position",
        "connected_on": "Connected On",
    }


def test_linkedin_export_with_bom_imports_its_good_rows() -> None:
    preview = parse_contacts(fixture("linkedin_connections.csv"))
    assert lines_of(preview) == [5, 6, 9, 10, 13, 14]
    ada = preview.rows[0]
    assert ada.contact == ContactInput(
        name="Ada Lovelace",
        email="ada@analytical.example",
        linkedin_url="https://www.linkedin.com/in/ada-lovelace-1815",
        organisation="Babbage, Lovelace & Co",
        role="Analyst, Engines",
        source="other",
    )


def test_linkedin_dates_are_parsed() -> None:
    preview = parse_contacts(fixture("linkedin_connections.csv"))
    assert [row.connected_on for row in preview.rows] == [
        date(2024, 3, 12),
        date(2023, 1, 1),
        date(2024, 7, 14),
        date(2023, 11, 5),
        date(2021, 9, 9),
        date(2020, 8, 6),
    ]


def test_linkedin_bad_lines_are_reported_by_their_physical_line() -> None:
    preview = parse_contacts(fixture("linkedin_connections.csv"))
    assert error_messages(preview) == [
        "Line 7: no name.",
        "Line 11: the email “not-an-email” doesn't look like name@example.org.",
        "Line 12: “31 Feb 2024” isn't a date like 12 Mar 2024.",
        "Line 17: the LinkedIn URL “https://www.example.com/linus” doesn't look like "
        "https://www.linkedin.com/in/their-name.",
    ]


def test_a_quoted_cell_spanning_two_lines_keeps_later_line_numbers_physical() -> None:
    preview = parse_contacts(fixture("linkedin_connections.csv"))
    dijkstra = preview.rows[-1]
    assert dijkstra.line == 14
    assert dijkstra.contact.role == "Professor of\nComputing Science"
    assert preview.errors[-1].line == 17


def test_repeated_connections_in_the_file_are_skipped_and_counted() -> None:
    preview = parse_contacts(fixture("linkedin_connections.csv"))
    assert preview.skipped_duplicates == 2
    assert preview.duplicate_lines == [8, 18]
    # Blank rows are not rows; every other row is imported, refused or skipped.
    assert preview.total_rows == 12
    assert preview.total_rows == len(preview.rows) + len(preview.errors) + preview.skipped_duplicates


def test_emoji_rtl_and_html_from_linkedin_are_kept_as_text() -> None:
    contacts = [row.contact for row in parse_contacts(fixture("linkedin_connections.csv")).rows]
    maryam, bobby, zoe = contacts[2], contacts[3], contacts[4]
    assert maryam.name == "مريم ميرزاخاني"
    assert maryam.organisation == "جامعة ستانفورد"
    assert maryam.role == "Professor 🧮✨"
    assert bobby.name == "Bobby <script>alert(1)</script>"
    assert bobby.role == 'Head of "Testing"'
    assert zoe.name == "Zoë Ångström"
    assert zoe.email == "zoe@example.org"


def test_older_linkedin_export_without_url_column_imports() -> None:
    data = fixture("linkedin_connections_old.csv")
    assert detect_columns(data).is_linkedin
    preview = parse_contacts(data)
    assert preview.errors == []
    assert [(row.line, row.contact.name, row.contact.organisation) for row in preview.rows] == [
        (5, "Ada Lovelace", "Babbage, Lovelace & Co"),
        (6, "Grace Hopper", "US Navy"),
        (7, "Tim Berners-Lee", "W3C, MIT"),
    ]
    assert all(row.contact.linkedin_url == "" for row in preview.rows)
    assert preview.rows[2].connected_on == date(2019, 11, 30)


def test_linkedin_rows_can_be_given_a_source() -> None:
    preview = parse_contacts(fixture("linkedin_connections_old.csv"), default_source="alumni")
    assert {row.contact.source for row in preview.rows} == {"alumni"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 Mar 2024", date(2024, 3, 12)),
        ("1 March 2024", date(2024, 3, 1)),
        ("2024-03-12", date(2024, 3, 12)),
    ],
)
def test_connected_on_accepts_linkedin_and_iso_dates(text: str, expected: date) -> None:
    data = make_csv("Name,Connected On", [f"Ada Lovelace,{text}"])
    assert parse_contacts(data).rows[0].connected_on == expected


# --- other files and the mapping ---------------------------------------------------------------------


def test_a_file_with_unfamiliar_headers_is_offered_for_mapping() -> None:
    sniff = detect_columns(fixture("generic_contacts.csv"))
    assert not sniff.has_name_column
    assert sniff.header_line == 1
    assert sniff.headers == ["Who", "Where they work", "What they do", "Mail", "Profile link", "Met"]
    assert sniff.suggested_mapping == {"email": "Mail"}


def test_a_generic_csv_imports_through_a_column_mapping() -> None:
    mapping = {
        "name": "Who",
        "organisation": "Where they work",
        "role": "What they do",
        "email": "Mail",
        "linkedin_url": "Profile link",
        "connected_on": "Met",
    }
    preview = parse_contacts(fixture("generic_contacts.csv"), mapping)
    assert preview.errors == []
    assert preview.rows == [
        ImportRow(
            2,
            ContactInput(
                name="Lovelace, Ada",
                email="ada@example.org",
                linkedin_url="https://www.linkedin.com/in/ada",
                organisation="Analytical Engines",
                role="Analyst",
            ),
            date(2024, 3, 12),
        ),
        ImportRow(3, ContactInput(name="Grace Hopper", organisation="US Navy", role="Admiral"), None),
    ]


def test_an_unmapped_file_without_a_name_column_is_refused() -> None:
    with pytest.raises(CsvImportError, match="couldn't find a header row with a name column"):
        parse_contacts(fixture("generic_contacts.csv"))


def test_a_mapping_must_say_where_the_name_is() -> None:
    with pytest.raises(CsvImportError, match="Choose which column holds the name"):
        parse_contacts(fixture("generic_contacts.csv"), {"email": "Mail"})


def test_a_mapping_naming_a_column_the_file_lacks_is_refused() -> None:
    with pytest.raises(CsvImportError, match="“Full name”"):
        parse_contacts(fixture("generic_contacts.csv"), {"name": "Full name"})


def test_a_mapping_to_an_unknown_field_is_refused() -> None:
    with pytest.raises(CsvImportError, match="no field called salary"):
        parse_contacts(fixture("generic_contacts.csv"), {"name": "Who", "salary": "Met"})


def test_a_mapping_can_build_the_name_from_first_and_last() -> None:
    data = make_csv("Given,Family,Work", ["Ada,Lovelace,Acme", "Grace,,Navy", ",Turing,"])
    preview = parse_contacts(data, {"first_name": "Given", "last_name": "Family", "organisation": "Work"})
    assert [row.contact.name for row in preview.rows] == ["Ada Lovelace", "Grace", "Turing"]


def test_bad_rows_are_reported_while_good_rows_import() -> None:
    preview = parse_contacts(fixture("malformed_contacts.csv"))
    assert lines_of(preview) == [2, 9, 11, 13, 15]
    assert error_messages(preview) == [
        "Line 3: no name.",
        "Line 4: the email “bob@@example” doesn't look like name@example.org.",
        "Line 5: the LinkedIn URL “https://www.linkedin.com/company/acme” doesn't look like "
        "https://www.linkedin.com/in/their-name.",
        "Line 6: “maybe” isn't yes or no for local.",
        "Line 7: “friend of a friend” isn't a source Rapport knows "
        "(alumni, LinkedIn group, local, event, referred or other).",
        "Line 8: a quote mark is out of place, so Rapport couldn't read this line.",
    ]
    assert preview.total_rows == 11


def test_sources_and_local_flags_are_read_from_their_columns() -> None:
    rows = parse_contacts(fixture("malformed_contacts.csv")).rows
    assert [(row.contact.source, row.contact.is_local) for row in rows] == [
        ("alumni", True),
        ("referred", False),
        ("other", False),
        ("local", True),
        ("other", False),
    ]
    assert rows[2].contact.notes == "Notes over\ntwo lines"


def test_several_problems_on_one_line_are_reported_together() -> None:
    preview = parse_contacts(make_csv("Name,Email,Local", [",nope,perhaps"]))
    assert error_messages(preview) == [
        "Line 2: no name; the email “nope” doesn't look like name@example.org; "
        "“perhaps” isn't yes or no for local."
    ]


def test_semicolon_separated_windows_excel_file_is_read() -> None:
    data = fixture("excel_semicolon_cp1252.csv")
    sniff = detect_columns(data)
    assert (sniff.delimiter, sniff.encoding) == (";", "cp1252")
    preview = parse_contacts(data)
    assert [(row.contact.name, row.contact.organisation) for row in preview.rows] == [
        ("Zoë Müller", "Bäckerei Müller"),
        ("François Noël", "Crédit Agricole"),
    ]


def test_utf16_unicode_text_from_excel_is_read() -> None:
    data = "Name\tCompany\nZoë Ångström\tÅngström Labs 🧪\n".encode("utf-16")
    preview = parse_contacts(data)
    assert preview.rows[0].contact == ContactInput(name="Zoë Ångström", organisation="Ångström Labs 🧪")


def test_very_long_fields_emoji_rtl_and_html_come_through_untouched() -> None:
    notes = "📝 " + "n" * 9_998
    assert len(notes) == 10_000
    data = make_csv(
        "Name,Organisation,Notes",
        [
            f'"<script>alert(""x"")</script>",שלום 🙂,"{notes}"',
            f'Too Long,Acme,"{notes}x"',
        ],
    )
    preview = parse_contacts(data)
    contact = preview.rows[0].contact
    assert contact.name == '<script>alert("x")</script>'
    assert contact.organisation == "שלום 🙂"
    assert contact.notes == notes
    assert error_messages(preview) == ["Line 3: the notes is longer than 10,000 characters."]


def test_spreadsheet_formulas_in_someone_elses_file_stay_as_text() -> None:
    preview = parse_contacts(make_csv("Name,Notes", ['=HYPERLINK("http://x"),\'=1+1']))
    assert preview.rows[0].contact.name == '=HYPERLINK("http://x")'
    # The apostrophe is only taken off in Rapport's own export, where Rapport put it.
    assert preview.rows[0].contact.notes == "'=1+1"


# --- duplicates ------------------------------------------------------------------------------------


def test_same_person_by_name_and_organisation_is_skipped_however_written() -> None:
    preview = parse_contacts(
        make_csv("Name,Company", ["Zoë Ångström,Acme", "  zoe   ANGSTROM ,acme", "Zoë Ångström,Globex"])
    )
    assert lines_of(preview) == [2, 4]
    assert preview.skipped_duplicates == 1


def test_namesakes_with_different_linkedin_profiles_both_import() -> None:
    preview = parse_contacts(
        make_csv(
            "Name,Company,URL",
            [
                "Priya Sharma,Accenture,linkedin.com/in/priya-1",
                "Priya Sharma,Accenture,linkedin.com/in/priya-2",
            ],
        )
    )
    assert lines_of(preview) == [2, 3]
    assert preview.skipped_duplicates == 0


def test_a_profile_matches_the_same_name_typed_without_a_url() -> None:
    preview = parse_contacts(
        make_csv("Name,Company,URL", ["Ada Lovelace,Acme,", "ada lovelace,ACME,linkedin.com/in/ada"])
    )
    assert lines_of(preview) == [2]
    assert preview.duplicate_lines == [3]


def test_rows_already_saved_are_split_from_new_ones() -> None:
    rows = parse_contacts(
        make_csv(
            "Name,Company,URL",
            [
                "Ada Lovelace,Acme,linkedin.com/in/ada",  # saved under her URL
                "Grace Hopper,Navy,",  # saved under her name
                "Alan Turing,Bletchley,",  # new
                "Priya Sharma,Accenture,linkedin.com/in/priya-2",  # a namesake of a saved Priya
            ],
        )
    ).rows
    saved_urls = {
        duplicate_key_url("https://www.linkedin.com/in/ADA"),
        duplicate_key_url("linkedin.com/in/priya-1"),
    }
    saved_names = {
        duplicate_key_name("Grace Hopper", "Navy"),
        duplicate_key_name("Priya Sharma", "Accenture"),
    }

    new, duplicates = split_new_and_duplicates(rows, saved_urls, saved_names)
    assert ([row.contact.name for row in new], duplicates) == (["Alan Turing"], 3)

    # Told which saved names have no URL, the namesake with a different profile comes through.
    new, duplicates = split_new_and_duplicates(
        rows,
        saved_urls,
        saved_names,
        existing_name_keys_without_url={duplicate_key_name("Grace Hopper", "Navy")},
    )
    assert ([row.contact.name for row in new], duplicates) == (["Alan Turing", "Priya Sharma"], 2)


# --- refusals --------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \r\n\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n"])
def test_an_empty_file_is_refused(data: bytes) -> None:
    with pytest.raises(CsvImportError, match="This file is empty"):
        detect_columns(data)
    with pytest.raises(CsvImportError, match="This file is empty"):
        parse_contacts(data)


def test_the_empty_fixture_is_refused() -> None:
    with pytest.raises(CsvImportError, match="This file is empty"):
        parse_contacts(fixture("empty.csv"))


def test_a_binary_file_is_refused() -> None:
    with pytest.raises(CsvImportError, match="doesn't look like a CSV file"):
        parse_contacts(fixture("not_a_csv.png"))
    with pytest.raises(CsvImportError, match="doesn't look like a CSV file"):
        detect_columns(fixture("not_a_csv.png"))


def test_binary_bytes_without_nul_are_not_mistaken_for_windows_text() -> None:
    noise = bytes(range(1, 256)) * 40
    with pytest.raises(CsvImportError, match="doesn't look like a CSV file"):
        parse_contacts(noise)


def test_an_excel_workbook_is_refused_with_how_to_save_as_csv() -> None:
    with pytest.raises(CsvImportError, match=r"Excel workbook.*CSV UTF-8"):
        parse_contacts(b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 100)


def test_a_file_over_the_size_limit_is_refused() -> None:
    data = b"Name\n" + b"x" * MAX_FILE_BYTES
    with pytest.raises(CsvImportError, match=r"This file is 20\.0 MB; Rapport imports files up to 20 MB"):
        parse_contacts(data)


def test_a_file_with_no_header_is_refused() -> None:
    with pytest.raises(CsvImportError, match="couldn't find a header row with a name column"):
        parse_contacts(b"Ada Lovelace,ada@example.org\nGrace Hopper,grace@example.org\n")


def test_a_header_with_no_rows_is_refused() -> None:
    with pytest.raises(CsvImportError, match="no contacts under them"):
        parse_contacts(b"Name,Email\n\n")


def test_a_quote_that_never_closes_keeps_the_rows_before_it_and_reports_its_line() -> None:
    preview = parse_contacts(fixture("unterminated_quote.csv"))
    assert [row.contact.name for row in preview.rows] == ["Ada Lovelace"]
    assert error_messages(preview) == [f"Line 3: {UNCLOSED_QUOTE_PROBLEM}"]
    assert "never closes" in UNCLOSED_QUOTE_PROBLEM and "were not read" in UNCLOSED_QUOTE_PROBLEM


def test_a_connections_csv_whose_last_line_opens_a_quote_imports_every_row_before_it() -> None:
    rows = [f"Ada{i},Lovelace,,,Acme,Analyst,12 Mar 2024" for i in range(5)]
    data = make_csv(",".join(LINKEDIN_HEADER), [*rows, 'Grace,Hopper,,,"Navy,Admiral,1 Jan 2020'])
    preview = parse_contacts(data)
    assert len(preview.rows) == 5
    assert [error.line for error in preview.errors] == [7]
    assert preview.total_rows == 6


def test_one_hundred_thousand_rows_are_refused_with_a_message() -> None:
    # How fast is measured in bench/, not asserted here.
    with pytest.raises(CsvImportError) as refused:
        parse_contacts(generated_rows(100_000))
    assert refused.value.message == (
        "This file has 100,000 rows; Rapport imports up to 20,000 at a time. Split it and import each part."
    )


def test_the_row_limit_can_be_lowered() -> None:
    with pytest.raises(CsvImportError, match="This file has 3 rows; Rapport imports up to 2 at a time"):
        parse_contacts(generated_rows(3), max_rows=2)


def test_five_thousand_rows_parse() -> None:
    preview = parse_contacts(generated_rows(5_000))
    assert len(preview.rows) == 5_000
    assert preview.errors == []
    assert preview.rows[-1].line == 5_001


def test_text_instead_of_bytes_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        parse_contacts("Name\nAda\n")  # type: ignore[arg-type]
