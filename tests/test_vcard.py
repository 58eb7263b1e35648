"""vCard files in and out: the RFCs' own examples (RFC 2426 for 3.0, RFC 6350 for 4.0), a phone's 2.1
export with quoted-printable text and a photo, cards with no name, and contacts written back."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.csv_import import MAX_FILE_BYTES, CsvImportError
from app.domain.vcard import VCardContact, fold, is_vcard, parse_vcards, read_cards, write_vcard

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_the_rfc_6350_example_reads_as_one_contact() -> None:
    preview = parse_vcards(fixture("rfc6350-example.vcf"))
    assert preview.errors == [] and preview.total_rows == 1
    contact = preview.rows[0].contact
    assert contact.name == "Simon Perreault"
    assert contact.organisation == "Viagenie"
    assert contact.email == "simon.perreault@viagenie.ca"
    # The preferred phone, from vCard 4.0's tel: URI with its extension.
    assert contact.phone == "+1-418-656-9254 ext. 102"
    # A home page that is not a LinkedIn profile is kept in the notes, not dropped.
    assert contact.linkedin_url == ""
    assert "Website: http://nomis80.org" in contact.notes
    assert preview.rows[0].line == 1


def test_the_rfc_2426_examples_read_as_two_contacts_with_the_preferred_email() -> None:
    preview = parse_vcards(fixture("rfc2426-examples.vcf"))
    assert [row.contact.name for row in preview.rows] == ["Frank Dawson", "Tim Howes"]
    frank, tim = (row.contact for row in preview.rows)
    assert frank.email == "frank_dawson@lotus.com"  # TYPE=INTERNET,PREF (emails are kept lower-case)
    assert frank.organisation == "Lotus Development Corporation"
    assert tim.email == "howes@netscape.com"
    assert tim.phone == "+1-415-937-3419"
    # Each card's line is its BEGIN:VCARD line (the folded address lines counted).
    assert [row.line for row in preview.rows] == [1, 14]


def test_a_phone_export_decodes_quoted_printable_leaves_the_photo_out_and_reports_a_nameless_card() -> None:
    preview = parse_vcards(fixture("phone-export-2.1.vcf"))
    assert preview.total_rows == 2
    [row] = preview.rows
    contact = row.contact
    assert contact.name == "Jürgen Müller"
    assert contact.phone == "+49 170 1234567"  # TEL;CELL;PREF, not the first (home) number
    assert contact.organisation == "Deutsche Bahn"
    assert contact.role == "Product Lead"
    # A soft line break joins the note; =0D=0A is a real line break; UTF-8 is decoded.
    assert "talked about rail logistics" in contact.notes
    assert "öffentlicher Verkehr" in contact.notes
    assert contact.linkedin_url == "https://www.linkedin.com/in/juergen-mueller"
    assert [error.message for error in preview.errors] == ["Line 17: no name."]
    assert preview.notices == ["1 card has a photo: Rapport keeps no pictures, so the photos are left out."]


def test_the_preferred_email_and_the_mobile_number_win_wherever_they_are_listed() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nEMAIL;TYPE=INTERNET:old@example.org\r\n"
        b"EMAIL;TYPE=INTERNET,PREF:ana@example.org\r\nTEL;TYPE=WORK:+1 555 0100\r\n"
        b"TEL;TYPE=CELL:+1 555 0199\r\nEND:VCARD\r\n"
    )
    contact = parse_vcards(data).rows[0].contact
    assert (contact.email, contact.phone) == ("ana@example.org", "+1 555 0199")


def test_n_gives_the_name_when_fn_is_missing() -> None:
    data = b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Chen;Maya;;Dr.;\r\nEND:VCARD\r\n"
    assert parse_vcards(data).rows[0].contact.name == "Dr. Maya Chen"


def test_escaped_commas_semicolons_and_newlines_are_read_back() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nORG:Smith\\, Jones & Co;Research\r\n"
        b"NOTE:first line\\nsecond\\; and\\, more\r\nEND:VCARD\r\n"
    )
    contact = parse_vcards(data).rows[0].contact
    assert contact.organisation == "Smith, Jones & Co"
    assert contact.notes == "first line\nsecond; and, more"


def test_a_card_cut_short_still_reads_and_lines_outside_cards_are_ignored() -> None:
    data = b"junk before\r\nBEGIN:VCARD\r\nFN:Ana Lima\r\nEMAIL:ana@example.org\r\n"
    preview = parse_vcards(data)
    assert [row.contact.email for row in preview.rows] == ["ana@example.org"]


def test_the_same_person_twice_in_one_file_is_imported_once() -> None:
    card = b"BEGIN:VCARD\r\nFN:Ana Lima\r\nORG:Acme\r\nEND:VCARD\r\n"
    preview = parse_vcards(card * 2)
    assert len(preview.rows) == 1 and preview.skipped_duplicates == 1


def test_a_file_larger_than_the_limit_is_refused_saying_the_limit() -> None:
    card = b"BEGIN:VCARD\r\nFN:Ana Lima\r\nEND:VCARD\r\n"
    huge = card + b"NOTE:" + b"x" * (50 * 1024 * 1024)
    with pytest.raises(CsvImportError, match=r"50\.0 MB; Rapport imports files up to 20 MB"):
        parse_vcards(huge)
    assert MAX_FILE_BYTES == 20 * 1024 * 1024


def test_a_file_with_no_card_is_refused() -> None:
    with pytest.raises(CsvImportError, match="holds no cards"):
        parse_vcards(b"VERSION:3.0\r\nFN:Nobody\r\n")


def test_vcard_files_are_told_apart_from_csv() -> None:
    assert is_vcard(fixture("rfc2426-examples.vcf"))
    assert is_vcard(b"\xef\xbb\xbf\r\n\r\nbegin:vcard\r\n")
    assert is_vcard("BEGIN:VCARD\r\nFN:Ana\r\nEND:VCARD\r\n".encode("utf-16"))
    assert not is_vcard(b"Name,Email\nBEGIN:VCARD,x\n")
    assert not is_vcard(fixture("linkedin_connections.csv"))


def test_long_lines_are_folded_at_75_octets_without_splitting_a_character() -> None:
    line = "NOTE:" + "Zoë says ünïcode " * 20
    folded = fold(line)
    physical = folded.removesuffix("\r\n").split("\r\n")
    assert len(physical) > 1
    assert all(len(part.encode("utf-8")) <= 75 for part in physical)
    assert all(part.startswith(" ") for part in physical[1:])
    assert "".join([physical[0], *(p[1:] for p in physical[1:])]) == line


def test_contacts_written_as_vcard_30_read_back_the_same() -> None:
    written = [
        VCardContact(
            name="Maya Chen",
            email="maya@acme.example",
            phone="+44 20 7946 0000",
            organisation="Acme, Inc; Research",
            role="Senior PM",
            linkedin_url="https://www.linkedin.com/in/maya-chen",
            notes="Met at the alumni dinner.\nAsk about her switch to product — and the team's roadmap. " * 3,
            uid="rapport-contact-7",
        ),
        VCardContact(name="Ana"),
    ]
    text = write_vcard(written)
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Maya Chen\r\nN:Chen;Maya;;;\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    cards = read_cards(text.encode())
    assert [card.first("UID").value for card in cards if card.first("UID")] == ["rapport-contact-7"]
    preview = parse_vcards(text.encode())
    maya, ana = (row.contact for row in preview.rows)
    assert (maya.name, maya.email, maya.phone, maya.organisation, maya.role, maya.linkedin_url) == (
        "Maya Chen",
        "maya@acme.example",
        "+44 20 7946 0000",
        "Acme, Inc; Research",
        "Senior PM",
        "https://www.linkedin.com/in/maya-chen",
    )
    assert maya.notes == written[0].notes.strip()
    assert ana.name == "Ana"
