"""What makes a contact valid, its canonical form, and the keys that spot a likely duplicate.

Two shapes carry a contact's fields: `ContactCreate` (everything a new contact takes) and
`ContactUpdate` (only the fields an edit sent; the rest are UNSET and left as they are). Every rule
below applies to the fields a shape carries.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from enum import StrEnum
from typing import Any, TypeVar
from urllib.parse import unquote

from app.domain.updates import UNSET, Unset, sent_fields
from app.domain.vocabulary import SOURCE_LABELS, Source

NAME_MAX_LENGTH = 200
ORGANISATION_MAX_LENGTH = 200
ROLE_MAX_LENGTH = 200
EMAIL_MAX_LENGTH = 254  # RFC 5321's limit on a forward path
LINKEDIN_URL_MAX_LENGTH = 500
NOTES_MAX_LENGTH = 10_000
PHONE_MAX_LENGTH = 50

MAX_LENGTHS: dict[str, int] = {
    "name": NAME_MAX_LENGTH,
    "email": EMAIL_MAX_LENGTH,
    "linkedin_url": LINKEDIN_URL_MAX_LENGTH,
    "organisation": ORGANISATION_MAX_LENGTH,
    "role": ROLE_MAX_LENGTH,
    "notes": NOTES_MAX_LENGTH,
    "phone": PHONE_MAX_LENGTH,
}

# How each text field is named inside a sentence ("Keep the role under 200 characters.").
FIELD_WORDS: dict[str, str] = {
    "name": "name",
    "email": "email",
    "linkedin_url": "LinkedIn URL",
    "organisation": "organisation",
    "role": "role",
    "notes": "notes",
    "phone": "phone number",
}

TEXT_FIELDS: tuple[str, ...] = tuple(MAX_LENGTHS)


@dataclass(frozen=True)
class ContactCreate:
    """A new contact as typed in a form or read from a file, before it is saved.

    Optional text is "" rather than None so forms and CSV cells map onto it directly.
    `source` is a Source value ("alumni"); normalise_contact also accepts its label.
    """

    name: str
    email: str = ""
    linkedin_url: str = ""
    organisation: str = ""
    role: str = ""
    source: str = Source.OTHER.value
    is_local: bool = False
    notes: str = ""
    phone: str = ""

    def sent(self) -> dict[str, Any]:
        """Every field: a new contact takes them all."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


# The former name of ContactCreate, still used by tests and browser tests that seed contacts.
ContactInput = ContactCreate


@dataclass(frozen=True)
class ContactUpdate:
    """An edit: only the fields it was given change; every other field is UNSET and kept as stored.

    So a form that does not show a field (the phone, once) can never erase it.
    """

    name: str | Unset = UNSET
    email: str | Unset = UNSET
    linkedin_url: str | Unset = UNSET
    organisation: str | Unset = UNSET
    role: str | Unset = UNSET
    source: str | Unset = UNSET
    is_local: bool | Unset = UNSET
    notes: str | Unset = UNSET
    phone: str | Unset = UNSET

    def sent(self) -> dict[str, Any]:
        """The fields this update carries, by name."""
        return sent_fields(self)

    def applied_to(self, contact: ContactCreate) -> ContactCreate:
        """The contact as it will read once this update is saved."""
        return replace(contact, **self.sent())


CONTACT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ContactCreate))
Shape = TypeVar("Shape", ContactCreate, ContactUpdate)


class Problem(StrEnum):
    """What is wrong with one field; the form and the importer each phrase it in their own voice."""

    MISSING = "missing"
    MALFORMED = "malformed"
    TOO_LONG = "too_long"
    UNKNOWN = "unknown"
    CONTROL_CHARACTERS = "control_characters"


# ASCII punctuation allowed by RFC 5322 in the local part; \w admits accented and non-Latin letters
# so that internationalised addresses are not refused.
_EMAIL_RE = re.compile(
    r"[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*"
    r"@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}"
)

# Profile URLs only (/in/), with or without scheme and www, country subdomains (uk.linkedin.com),
# a trailing slash, a sub-page (/details/...) or a tracking query, all of which point at one person.
_LINKEDIN_RE = re.compile(
    r"(?:https?://)?(?:(?:www|[a-z]{2,3})\.)?linkedin\.com/in/([^/?#\s<>\"]+)/?(?:/[^?#\s]*)?(?:[?#]\S*)?",
    re.IGNORECASE,
)

# C0 and C1 control characters other than tab, line feed and carriage return: invisible in the UI,
# they make two names look identical when they are not, and PostgreSQL refuses NUL outright.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_SOURCE_LOOKUP: dict[str, Source] = {
    **{source.value: source for source in Source},
    **{label.casefold(): source for source, label in SOURCE_LABELS.items()},
    # Spellings people type in spreadsheets.
    "referred": Source.REFERRED,
    "referral": Source.REFERRED,
    "linkedin group": Source.LINKEDIN_GROUP,
    "linkedin": Source.LINKEDIN_GROUP,
    "alumnus": Source.ALUMNI,
    "alumna": Source.ALUMNI,
}

# Typographic variants that people and autocorrect swap freely; folded only inside duplicate keys.
_TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
    }
)


def parse_source(text: str) -> Source | None:
    """The Source named by a value or label ("alumni", "Alumni", "LinkedIn group"), else None."""
    return _SOURCE_LOOKUP.get(" ".join(text.split()).casefold().replace("-", " ").replace("_", " "))


def normalise_linkedin_url(url: str) -> str | None:
    """`https://www.linkedin.com/in/<slug>` for any spelling of a profile URL, else None."""
    match = _LINKEDIN_RE.fullmatch(url.strip())
    if match is None:
        return None
    return f"https://www.linkedin.com/in/{match.group(1)}"


def is_valid_email(email: str) -> bool:
    """Whether an address looks like name@example.org (a syntax check, not a deliverability one)."""
    return _EMAIL_RE.fullmatch(email.strip()) is not None


def find_problems(data: ContactCreate | ContactUpdate) -> dict[str, Problem]:
    """Field -> what is wrong with it, for the fields `data` carries; empty when they can be saved.

    Checks the trimmed values, so validating before or after normalise_contact agrees.
    """
    return field_problems(data.sent())


def field_problems(sent: Mapping[str, Any]) -> dict[str, Problem]:
    """The problems of the fields present in `sent` (a field absent is not checked, nor missing)."""
    problems: dict[str, Problem] = {}
    values = {field: sent[field].strip() for field in TEXT_FIELDS if isinstance(sent.get(field), str)}

    if "name" in values and not values["name"]:
        problems["name"] = Problem.MISSING

    for field, value in values.items():
        if len(value) > MAX_LENGTHS[field]:
            problems[field] = Problem.TOO_LONG
        elif _CONTROL_RE.search(value):
            problems[field] = Problem.CONTROL_CHARACTERS

    if "email" not in problems and values.get("email") and not is_valid_email(values["email"]):
        problems["email"] = Problem.MALFORMED

    if "linkedin_url" not in problems and values.get("linkedin_url"):
        canonical = normalise_linkedin_url(values["linkedin_url"])
        if canonical is None:
            problems["linkedin_url"] = Problem.MALFORMED
        elif len(canonical) > LINKEDIN_URL_MAX_LENGTH:
            # "linkedin.com/in/x" grows by the scheme and www once normalised.
            problems["linkedin_url"] = Problem.TOO_LONG

    if "source" in sent and parse_source(str(sent["source"])) is None:
        problems["source"] = Problem.UNKNOWN

    return problems


def _choices_text() -> str:
    """ "alumni, LinkedIn group, ... or other": labels as they read mid-sentence."""
    words = [label if label.startswith("LinkedIn") else label.lower() for label in SOURCE_LABELS.values()]
    return ", ".join(words[:-1]) + " or " + words[-1]


SOURCE_CHOICES_TEXT = _choices_text()


def problem_message(field: str, problem: Problem) -> str:
    """The form's sentence for one problem: calm, and saying what good looks like."""
    word = FIELD_WORDS.get(field, field)
    if problem is Problem.TOO_LONG:
        return f"Keep the {word} under {MAX_LENGTHS[field]:,} characters."
    if problem is Problem.CONTROL_CHARACTERS:
        return f"The {word} contains hidden control characters; please retype it."
    if field == "name":
        return "Please add a name."
    if field == "email":
        return "That email doesn't look right: it should look like name@example.org."
    if field == "linkedin_url":
        return "A LinkedIn URL looks like https://www.linkedin.com/in/your-name."
    if field == "source":
        return f"Choose how you know them: {SOURCE_CHOICES_TEXT}."
    return f"Please check the {word}."


def validate_contact(data: ContactCreate | ContactUpdate) -> dict[str, str]:
    """Field -> a clear message for each problem of the fields `data` carries; empty when it can be saved."""
    return {field: problem_message(field, problem) for field, problem in find_problems(data).items()}


def _unify_line_breaks(text: str) -> str:
    # Windows files and pasted text bring \r\n; one kind of line break keeps lengths and diffs honest.
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def normalise_contact(data: Shape) -> Shape:
    """The canonical form to store: trimmed text, Unix line breaks, canonical LinkedIn URL, lower-case email.

    Only the fields `data` carries are touched. Safe on invalid input (a malformed URL is only
    trimmed). Text is otherwise left exactly as given: emoji, right-to-left scripts and HTML are
    plain text here, escaped by the UI.
    """
    sent = data.sent()
    canonical: dict[str, Any] = {
        field: _unify_line_breaks(sent[field]).strip() for field in TEXT_FIELDS if field in sent
    }
    if "email" in canonical:
        canonical["email"] = canonical["email"].lower()
    if url := canonical.get("linkedin_url"):
        canonical["linkedin_url"] = normalise_linkedin_url(url) or url
    if "source" in sent:
        source = parse_source(sent["source"])
        canonical["source"] = source.value if source is not None else sent["source"].strip()
    return replace(data, **canonical)


def fold_for_comparison(text: str) -> str:
    """Casefolded, accent-free, typographically plain, single-spaced text, for comparing only."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TYPOGRAPHIC))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def duplicate_key_url(url: str) -> str:
    """A key equal for two spellings of one LinkedIn profile; "" when there is no URL.

    Slugs are compared case-insensitively and percent-decoded, as LinkedIn resolves them that way.
    A URL that is not a LinkedIn profile is keyed on its trimmed, casefolded text.
    """
    url = url.strip()
    if not url:
        return ""
    match = _LINKEDIN_RE.fullmatch(url)
    if match is None:
        return url.casefold()
    return "linkedin.com/in/" + unquote(match.group(1)).casefold()


def duplicate_key_name(name: str, organisation: str) -> str:
    """A key equal for one person at one organisation however their name is cased or accented.

    "" when there is no name, so nameless rows never count as duplicates of each other.
    """
    folded_name = fold_for_comparison(name)
    if not folded_name:
        return ""
    # A tab cannot survive fold_for_comparison's whitespace collapse, so it separates the parts unambiguously.
    return f"{folded_name}\t{fold_for_comparison(organisation)}"
