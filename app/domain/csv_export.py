"""Writing a student's contacts and touches as CSV that spreadsheets open safely and Rapport re-imports."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from app.domain.vocabulary import SOURCE_LABELS, STAGE_LABELS, TOUCH_LABELS, Source, Stage, TouchKind

# Encode the exported text with this: the byte-order mark is what makes Excel read UTF-8 (accents,
# emoji, Arabic) correctly instead of guessing the legacy code page. The importer accepts it.
EXPORT_ENCODING = "utf-8-sig"

# Rapport's own contacts format, in the words the app shows ("Alumni", "Yes", "Reached out").
# The importer recognises exactly this header (or an earlier one) to undo the formula escaping
# below, so the two cannot drift apart: both use these constants. Stage, last touch, next due and
# added on are worked out by Rapport, so the importer reads past them.
CONTACT_EXPORT_HEADER: tuple[str, ...] = (
    "Name",
    "Email",
    "LinkedIn URL",
    "Organisation",
    "Role",
    "Phone",
    "Source",
    "Local",
    "Notes",
    "Stage",
    "Connected on",
    "Last touch",
    "Next due",
    "Added on",
)
# Headers of exports made by earlier versions, still read back as Rapport's own.
EARLIER_CONTACT_EXPORT_HEADERS: tuple[tuple[str, ...], ...] = (
    ("Name", "Email", "LinkedIn URL", "Organisation", "Role", "Phone", "Source", "Local", "Notes",
     "Stage", "Created at"),
)  # fmt: skip
TOUCH_EXPORT_HEADER: tuple[str, ...] = ("Contact name", "Contact email", "Kind", "Date", "Summary")

# CSV formula injection: a cell starting with = + - @ (or a tab or carriage return, which some
# spreadsheets skip before looking) is run as a formula when the file is opened, so a contact named
# =HYPERLINK("http://evil", "Click") becomes a live link in the student's spreadsheet. OWASP's
# remedy, used here, is a leading apostrophe: spreadsheets show the value as text. The cost is a
# visible apostrophe before such values (a phone number like +44...), which we accept for safety.
# Values already made of apostrophes before a trigger get one more, so the escape is reversible.
_NEEDS_ESCAPE = re.compile(r"'*[=+\-@\t\r]")
_SOURCES = frozenset(source.value for source in Source)
_STAGES = frozenset(stage.value for stage in Stage)
_KINDS = frozenset(kind.value for kind in TouchKind)


@dataclass(frozen=True)
class ContactExportRow:
    """One contact as exported; values are the stored ones (source and stage as enum values, which
    the file spells as the app's labels). `next_due_on` is the date the app shows (none once closed)."""

    name: str
    email: str
    linkedin_url: str
    organisation: str
    role: str
    source: str
    is_local: bool
    notes: str
    stage: str
    created_at: datetime | None
    phone: str = ""
    connected_on: date | None = None
    last_touch_on: date | None = None
    next_due_on: date | None = None


@dataclass(frozen=True)
class TouchExportRow:
    """One touch as exported, named by its contact so the file reads on its own."""

    contact_name: str
    contact_email: str
    kind: str
    on: date
    summary: str


def escape_formula(value: str) -> str:
    """`value` with a leading apostrophe if a spreadsheet would otherwise run it as a formula."""
    return "'" + value if _NEEDS_ESCAPE.match(value) else value


def unescape_formula(value: str) -> str:
    """Exactly undo escape_formula; the importer applies it only to Rapport's own export."""
    if value.startswith("'") and _NEEDS_ESCAPE.match(value, 1):
        return value[1:]
    return value


def _source_words(value: str) -> str:
    return SOURCE_LABELS[Source(value)] if value in _SOURCES else value


def _stage_words(value: str) -> str:
    return STAGE_LABELS[Stage(value)] if value in _STAGES else value


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _write(header: Iterable[str], rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    # QUOTE_MINIMAL with the default "\r\n" line ending is RFC 4180, which every spreadsheet reads.
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def export_contacts_csv(contacts: Iterable[ContactExportRow]) -> str:
    """The contacts as CSV text, header first; parse_contacts reads it back to the same contacts."""
    return _write(
        CONTACT_EXPORT_HEADER,
        (
            [
                escape_formula(contact.name),
                escape_formula(contact.email),
                escape_formula(contact.linkedin_url),
                escape_formula(contact.organisation),
                escape_formula(contact.role),
                escape_formula(contact.phone),
                escape_formula(_source_words(contact.source)),
                "Yes" if contact.is_local else "No",
                escape_formula(contact.notes),
                escape_formula(_stage_words(contact.stage)),
                _day(contact.connected_on),
                _day(contact.last_touch_on),
                _day(contact.next_due_on),
                _day(contact.created_at.date()) if contact.created_at else "",
            ]
            for contact in contacts
        ),
    )


def export_touches_csv(touches: Iterable[TouchExportRow]) -> str:
    """Every touch as CSV text, header first, dates as YYYY-MM-DD."""
    return _write(
        TOUCH_EXPORT_HEADER,
        (
            [
                escape_formula(touch.contact_name),
                escape_formula(touch.contact_email),
                escape_formula(TOUCH_LABELS[TouchKind(touch.kind)] if touch.kind in _KINDS else touch.kind),
                touch.on.isoformat(),
                escape_formula(touch.summary),
            ]
            for touch in touches
        ),
    )
