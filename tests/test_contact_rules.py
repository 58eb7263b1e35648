"""What a contact must be before it is saved, its canonical form, and how duplicates are spotted."""

from __future__ import annotations

import pytest

from app.domain.contact_rules import (
    EMAIL_MAX_LENGTH,
    LINKEDIN_URL_MAX_LENGTH,
    MAX_LENGTHS,
    NAME_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    ORGANISATION_MAX_LENGTH,
    ROLE_MAX_LENGTH,
    ContactCreate,
    ContactUpdate,
    duplicate_key_name,
    duplicate_key_url,
    normalise_contact,
    normalise_linkedin_url,
    validate_contact,
)
from app.domain.updates import UNSET
from app.domain.vocabulary import Source
from tests.factories import ADA


def with_(**changes: object) -> ContactCreate:
    return ContactCreate(**{**ADA.__dict__, **changes})


def test_a_complete_contact_has_no_problems() -> None:
    assert validate_contact(ADA) == {}


def test_a_name_alone_is_enough() -> None:
    assert validate_contact(ContactCreate(name="Grace Hopper")) == {}


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_name_is_required(name: str) -> None:
    assert validate_contact(with_(name=name)) == {"name": "Please add a name."}


@pytest.mark.parametrize(
    "email", ["ada", "ada@", "@example.org", "ada@example", "ada @example.org", "a@@b.org"]
)
def test_a_malformed_email_is_explained(email: str) -> None:
    assert validate_contact(with_(email=email)) == {
        "email": "That email doesn't look right: it should look like name@example.org."
    }


@pytest.mark.parametrize(
    "email",
    ["ada+rapport@example.org", "a.lovelace@mail.cs.example.ac.uk", "  ADA@Example.ORG ", "zoë@例え.jp"],
)
def test_well_formed_emails_are_accepted(email: str) -> None:
    assert validate_contact(with_(email=email)) == {}


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/in/ada-lovelace",
        "http://www.linkedin.com/in/ada-lovelace",
        "https://linkedin.com/in/ada-lovelace/",
        "www.linkedin.com/in/ada-lovelace",
        "linkedin.com/in/ada-lovelace",
        "https://uk.linkedin.com/in/ada-lovelace",
        "HTTPS://WWW.LINKEDIN.COM/in/ada-lovelace?trk=public_profile",
        "https://www.linkedin.com/in/ada-lovelace/details/experience/",
        "  https://www.linkedin.com/in/ada-lovelace  ",
    ],
)
def test_linkedin_urls_are_accepted_with_or_without_scheme_and_www_and_normalised(url: str) -> None:
    assert validate_contact(with_(linkedin_url=url)) == {}
    assert normalise_linkedin_url(url) == "https://www.linkedin.com/in/ada-lovelace"
    assert (
        normalise_contact(with_(linkedin_url=url)).linkedin_url == "https://www.linkedin.com/in/ada-lovelace"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/company/acme",
        "https://www.linkedin.com/in/",
        "https://notlinkedin.com/in/ada",
        "https://www.example.com/in/ada",
        "ada-lovelace",
        "javascript:alert(1)//linkedin.com/in/ada",
    ],
)
def test_urls_that_are_not_linkedin_profiles_are_refused(url: str) -> None:
    assert validate_contact(with_(linkedin_url=url)) == {
        "linkedin_url": "A LinkedIn URL looks like https://www.linkedin.com/in/your-name."
    }


def test_unicode_linkedin_slug_is_kept_as_written() -> None:
    assert normalise_linkedin_url("linkedin.com/in/josé-garcía") == "https://www.linkedin.com/in/josé-garcía"


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("name", NAME_MAX_LENGTH),
        ("organisation", ORGANISATION_MAX_LENGTH),
        ("role", ROLE_MAX_LENGTH),
        ("notes", NOTES_MAX_LENGTH),
        ("phone", MAX_LENGTHS["phone"]),
    ],
)
def test_text_fields_are_bounded_at_their_limit(field: str, limit: int) -> None:
    assert validate_contact(with_(**{field: "x" * limit})) == {}
    problems = validate_contact(with_(**{field: "x" * (limit + 1)}))
    assert list(problems) == [field]
    assert f"under {limit:,} characters" in problems[field]


def test_the_role_limit_message_reads_plainly() -> None:
    assert validate_contact(with_(role="r" * 201)) == {"role": "Keep the role under 200 characters."}


def test_email_and_url_lengths_are_bounded() -> None:
    long_email = "a" * (EMAIL_MAX_LENGTH - len("@example.org") + 1) + "@example.org"
    assert validate_contact(with_(email=long_email)) == {"email": "Keep the email under 254 characters."}
    long_slug = "a" * (LINKEDIN_URL_MAX_LENGTH - len("linkedin.com/in/"))
    # Valid as typed (500 characters) but 512 once the scheme and www are added.
    assert validate_contact(with_(linkedin_url=f"linkedin.com/in/{long_slug}")) == {
        "linkedin_url": "Keep the LinkedIn URL under 500 characters."
    }


def test_ten_thousand_characters_of_notes_are_allowed() -> None:
    notes = "Ada said: " + "a" * (NOTES_MAX_LENGTH - 10)
    assert len(notes) == 10_000
    assert validate_contact(with_(notes=notes)) == {}
    assert normalise_contact(with_(notes=notes)).notes == notes


def test_length_is_measured_after_trimming() -> None:
    assert validate_contact(with_(name="  " + "n" * NAME_MAX_LENGTH + "  ")) == {}


@pytest.mark.parametrize("source", ["", "friend", "alumnis"])
def test_an_unknown_source_is_refused(source: str) -> None:
    assert validate_contact(with_(source=source)) == {
        "source": "Choose how you know them: alumni, LinkedIn group, local, event, "
        "referred by a contact or other."
    }


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("alumni", "alumni"),
        ("Alumni", "alumni"),
        ("LinkedIn group", "linkedin_group"),
        ("linkedin_group", "linkedin_group"),
        ("Referred by a contact", "referred"),
        (" EVENT ", "event"),
    ],
)
def test_sources_are_accepted_as_values_or_labels_and_stored_as_values(typed: str, stored: str) -> None:
    assert validate_contact(with_(source=typed)) == {}
    assert normalise_contact(with_(source=typed)).source == stored


def test_normalising_trims_lowercases_the_email_and_canonicalises_the_url() -> None:
    typed = ContactCreate(
        name="  Ada Lovelace \n",
        email=" Ada.Lovelace@Example.ORG ",
        linkedin_url=" linkedin.com/in/ada-lovelace/ ",
        organisation=" Analytical Engines ",
        role=" Analyst ",
        source="Alumni",
        is_local=True,
        notes="\n  Met at the reunion.\r\nAsk about engines.  \n",
        phone=" +44 20 7946 0000 ",
    )
    assert normalise_contact(typed) == ContactCreate(
        name="Ada Lovelace",
        email="ada.lovelace@example.org",
        linkedin_url="https://www.linkedin.com/in/ada-lovelace",
        organisation="Analytical Engines",
        role="Analyst",
        source=Source.ALUMNI,
        is_local=True,
        notes="Met at the reunion.\nAsk about engines.",
        phone="+44 20 7946 0000",
    )


def test_normalising_is_idempotent() -> None:
    once = normalise_contact(with_(name=" Ada ", linkedin_url="linkedin.com/in/ada", source="Alumni"))
    assert normalise_contact(once) == once


@pytest.mark.parametrize(
    "text",
    [
        "Zoë 🎉 Ångström 👩🏽‍🔬",
        "مريم ميرزاخاني",
        "שלום עליכם",
        "<script>alert('hi')</script>",
        "Tom &amp; Jerry <b>bold</b>",
        '=HYPERLINK("http://evil.example")',
        "\u202eevil\u202c",
    ],
)
def test_emoji_rtl_and_html_are_plain_text_and_never_altered(text: str) -> None:
    for field in ("name", "organisation", "role", "notes"):
        contact = with_(**{field: f"  {text}  "})
        assert validate_contact(contact) == {}
        assert getattr(normalise_contact(contact), field) == text


def test_validation_agrees_before_and_after_normalising() -> None:
    samples = [
        with_(name=" Ada ", email=" ADA@EXAMPLE.ORG ", linkedin_url="linkedin.com/in/ada", source="Alumni"),
        with_(name=" ", email="nope", linkedin_url="example.com", source="friend", role="r" * 300),
    ]
    for sample in samples:
        assert validate_contact(sample) == validate_contact(normalise_contact(sample))


def test_hidden_control_characters_are_refused() -> None:
    assert validate_contact(with_(name="Ada\x00Lovelace")) == {
        "name": "The name contains hidden control characters; please retype it."
    }
    # Tabs and line breaks are ordinary text in notes.
    assert validate_contact(with_(notes="line one\n\tline two\r\n")) == {}


def test_several_problems_are_all_reported() -> None:
    problems = validate_contact(ContactCreate(name="", email="x", linkedin_url="y", source="z"))
    assert set(problems) == {"name", "email", "linkedin_url", "source"}


def test_name_key_ignores_case_spacing_accents_and_curly_apostrophes() -> None:
    key = duplicate_key_name("Zoë  O'Brien", "Ångström Labs")
    assert key == duplicate_key_name("  ZOE o’brien ", "angstrom   labs")
    assert key == duplicate_key_name("Zoe\tO'Brien", "ÅNGSTRÖM LABS")


def test_name_key_tells_apart_the_same_name_at_different_organisations() -> None:
    assert duplicate_key_name("Ada Lovelace", "Acme") != duplicate_key_name("Ada Lovelace", "Globex")
    assert duplicate_key_name("Ada Lovelace", "") != duplicate_key_name("Ada Lovelace", "Acme")


def test_name_key_cannot_be_fooled_by_where_the_words_split() -> None:
    assert duplicate_key_name("Ada Lovelace", "Acme") != duplicate_key_name("Ada", "Lovelace Acme")


def test_a_contact_without_a_name_has_no_name_key() -> None:
    assert duplicate_key_name("  ", "Acme") == ""


def test_url_key_matches_every_spelling_of_one_profile() -> None:
    key = duplicate_key_url("https://www.linkedin.com/in/jos%C3%A9-garcia")
    assert key == duplicate_key_url("linkedin.com/in/José-Garcia/")
    assert key == duplicate_key_url("http://es.linkedin.com/in/jose-garcia?trk=x".replace("jose", "josé"))
    assert key != duplicate_key_url("https://www.linkedin.com/in/jose-garcia-2")


def test_a_contact_without_a_url_has_no_url_key() -> None:
    assert duplicate_key_url("") == ""
    assert duplicate_key_url("   ") == ""


def test_an_update_carries_only_the_fields_it_was_given() -> None:
    update = ContactUpdate(phone="+44 20 7946 0001", is_local=False)
    assert update.sent() == {"phone": "+44 20 7946 0001", "is_local": False}
    assert update.name is UNSET
    assert update.applied_to(ADA) == with_(phone="+44 20 7946 0001", is_local=False)
    assert ContactUpdate().sent() == {} and ContactUpdate().applied_to(ADA) == ADA


def test_an_update_is_checked_on_the_fields_it_carries_only() -> None:
    assert validate_contact(ContactUpdate(role="Engineer")) == {}  # no name sent: none is missing
    assert set(validate_contact(ContactUpdate(name=" ", email="nope", source="x"))) == {
        "name", "email", "source",
    }  # fmt: skip
    assert set(validate_contact(ContactUpdate(phone="1" * 51))) == {"phone"}


def test_an_update_is_normalised_on_the_fields_it_carries_only() -> None:
    cleaned = normalise_contact(ContactUpdate(email=" ADA@Example.org ", linkedin_url="linkedin.com/in/ada/"))
    assert cleaned == ContactUpdate(email="ada@example.org", linkedin_url="https://www.linkedin.com/in/ada")
    assert normalise_contact(ContactUpdate(source="Alumni")) == ContactUpdate(source=Source.ALUMNI.value)
    assert normalise_contact(ContactUpdate()) == ContactUpdate()
