"""Google Contacts and Outlook CSV exports are recognised by their headers and read with no mapping step:
Outlook's "Title" (Ms., Mr.) is not the position, its Exchange addresses are passed over, "Referred By"
and web pages that are not LinkedIn profiles end up in the notes, and cp1252 is read."""

from __future__ import annotations

from pathlib import Path

from app.domain.csv_import import address_book_format, detect_columns, parse_contacts

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_an_outlook_export_in_cp1252_is_recognised_and_read_without_mapping() -> None:
    data = fixture("outlook_contacts_cp1252.csv")
    sniff = detect_columns(data)
    assert (sniff.address_book, sniff.encoding, len(sniff.headers)) == ("Outlook", "cp1252", 92)
    assert not sniff.needs_mapping
    preview = parse_contacts(data)
    assert preview.errors == []
    helene, tom = (row.contact for row in preview.rows)
    assert helene.name == "Hélène Dubois"
    assert helene.organisation == "Société Générale"
    assert helene.role == "Risk Analyst"  # "Job Title", not "Title" (Ms.)
    assert helene.email == "helene.dubois@example.fr"
    assert helene.phone == "+33 1 42 14 20 00"
    assert helene.linkedin_url == "https://www.linkedin.com/in/helene-dubois"
    assert helene.source == "referred"
    assert helene.notes == "Met at the Paris alumni evening\nReferred by Marc Lefèvre"
    # The mobile number first; an Exchange address is passed over for the next email.
    assert tom.phone == "+44 7700 900123"
    assert tom.email == "tom.baker@contoso.example"
    assert tom.role == "Engineer"
    assert tom.linkedin_url == "" and tom.notes == "Website: https://contoso.example/team"


def test_a_google_contacts_export_with_80_columns_is_recognised_and_read_without_mapping() -> None:
    data = fixture("google_contacts.csv")
    sniff = detect_columns(data)
    assert sniff.address_book == "Google Contacts" and len(sniff.headers) == 80
    assert not sniff.needs_mapping
    preview = parse_contacts(data)
    assert preview.errors == []
    priya, kofi = (row.contact for row in preview.rows)
    assert (priya.name, priya.organisation, priya.role) == ("Priya Raman", "Monzo", "Data Scientist")
    assert priya.email == "priya@monzo.example" and priya.phone == "+44 7700 900456"
    assert priya.linkedin_url == "https://www.linkedin.com/in/priya-raman"
    assert priya.notes == "Alumna, class of 2019"
    # The first email is empty: the second is taken. A personal site goes to the notes.
    assert kofi.email == "kofi@ecobank.example"
    assert kofi.notes == "Website: https://kofi.example"


def test_googles_export_from_before_2023_is_recognised_too() -> None:
    data = fixture("google_contacts_old.csv")
    assert detect_columns(data).address_book == "Google Contacts"
    [lena] = (row.contact for row in parse_contacts(data).rows)
    assert (lena.name, lena.email, lena.organisation, lena.role) == (
        "Lena Fischer",
        "lena@zalando.example",
        "Zalando",
        "UX Researcher",
    )


def test_a_plain_csv_and_linkedins_export_are_not_taken_for_an_address_book() -> None:
    assert address_book_format(["Name", "Email", "Company", "Title"]) is None
    assert detect_columns(fixture("linkedin_connections.csv")).address_book == ""
    assert detect_columns(fixture("generic_contacts.csv")).needs_mapping
