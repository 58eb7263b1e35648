"""Reading contacts from an uploaded CSV: LinkedIn's Connections.csv, Rapport's export, or any mapped file."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from app.domain.contact_rules import (
    FIELD_WORDS,
    MAX_LENGTHS,
    ContactCreate,
    Problem,
    duplicate_key_name,
    duplicate_key_url,
    find_problems,
    normalise_contact,
    normalise_linkedin_url,
    parse_source,
)
from app.domain.csv_export import CONTACT_EXPORT_HEADER, EARLIER_CONTACT_EXPORT_HEADERS, unescape_formula
from app.domain.vocabulary import Source

MAX_FILE_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_ROWS = 20_000

# The fields a column can be mapped to. Name comes either whole or as first and last name.
MAPPABLE_FIELDS: tuple[str, ...] = (
    "name",
    "first_name",
    "last_name",
    "email",
    "linkedin_url",
    "organisation",
    "role",
    "phone",
    "connected_on",
    "source",
    "is_local",
    "notes",
)
NAME_FIELDS = frozenset({"name", "first_name", "last_name"})

# Header spellings, compared after _header_key (casefolded, punctuation turned into single spaces).
_HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "contact name", "contact", "person"),
    "first_name": ("first name", "firstname", "first", "given name", "forename"),
    "last_name": ("last name", "lastname", "last", "surname", "family name"),
    "email": ("email", "email address", "e mail", "e mail address", "mail", "contact email"),
    "linkedin_url": (
        "linkedin url",
        "url",
        "linkedin",
        "linkedin profile",
        "linkedin profile url",
        "profile url",
    ),
    "organisation": ("organisation", "organization", "company", "company name", "employer", "org"),
    "role": ("role", "position", "title", "job title", "job"),
    "phone": ("phone", "phone number", "telephone", "mobile", "tel"),
    "connected_on": ("connected on", "date connected", "connection date", "connected"),
    "source": ("source", "how i know them", "how you know them"),
    "is_local": ("local", "is local"),
    "notes": ("notes", "note", "comments", "comment"),
}
_ALIAS_TO_FIELD: dict[str, str] = {alias: f for f, aliases in _HEADER_ALIASES.items() for alias in aliases}


# Address books' own exports, recognised by their header and read with no mapping step. Each field
# lists its columns in order of preference: the first non-empty cell of a row wins (a phone is the
# mobile number, else the work one...). `website` and `referred_by` are read into the notes (a web
# page that is a LinkedIn profile becomes the profile), since Rapport has no field for them.
@dataclass(frozen=True)
class AddressBookFormat:
    name: str
    signature: frozenset[str]  # header keys every such export has
    columns: dict[str, tuple[str, ...]]  # our field (or website / referred_by) -> header keys


ADDRESS_BOOK_FORMATS: tuple[AddressBookFormat, ...] = (
    AddressBookFormat(
        "Outlook",
        frozenset({"first name", "last name", "job title", "e mail address", "company"}),
        {
            "first_name": ("first name",),
            "last_name": ("last name",),
            "email": ("e mail address", "e mail 2 address", "e mail 3 address"),
            "organisation": ("company",),
            "role": ("job title",),
            "phone": ("mobile phone", "business phone", "primary phone", "home phone", "other phone"),
            "notes": ("notes",),
            "website": ("web page",),
            "referred_by": ("referred by",),
        },
    ),
    AddressBookFormat(
        "Google Contacts",
        frozenset({"first name", "last name", "organization name", "e mail 1 value"}),
        {
            "first_name": ("first name",),
            "last_name": ("last name",),
            "email": ("e mail 1 value", "e mail 2 value"),
            "organisation": ("organization name",),
            "role": ("organization title",),
            "phone": ("phone 1 value", "phone 2 value"),
            "notes": ("notes",),
            "website": ("website 1 value", "website 2 value"),
        },
    ),
    AddressBookFormat(
        "Google Contacts",  # the export Google wrote until 2023
        frozenset({"given name", "family name", "e mail 1 value", "organization 1 name"}),
        {
            "name": ("name",),
            "first_name": ("given name",),
            "last_name": ("family name",),
            "email": ("e mail 1 value", "e mail 2 value"),
            "organisation": ("organization 1 name",),
            "role": ("organization 1 title",),
            "phone": ("phone 1 value", "phone 2 value"),
            "notes": ("notes",),
            "website": ("website 1 value", "website 2 value"),
        },
    ),
)


def address_book_format(headers: Iterable[str]) -> AddressBookFormat | None:
    keys = {_header_key(header) for header in headers}
    return next((known for known in ADDRESS_BOOK_FORMATS if known.signature <= keys), None)


def _format_columns(known: AddressBookFormat, headers: list[str]) -> dict[str, tuple[int, ...]]:
    position: dict[str, int] = {}
    for index, header in enumerate(headers):
        position.setdefault(_header_key(header), index)
    columns = {
        field_name: tuple(position[key] for key in keys if key in position)
        for field_name, keys in known.columns.items()
    }
    return {field_name: found for field_name, found in columns.items() if found}


LINKEDIN_HEADER = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On")
_LINKEDIN_REQUIRED = frozenset({"first name", "last name", "company", "position", "connected on"})

# European Excel writes semicolons and "Unicode text" uses tabs; commas are tried first.
_DELIMITERS = (",", ";", "\t")
# How many records to look through for the header: LinkedIn's preamble is three lines.
_HEADER_SCAN_RECORDS = 50
_HEADER_SCAN_CHARS = 1_000_000

_TRUE_WORDS = frozenset({"yes", "y", "true", "t", "1", "local", "x", "✓", "✔"})
_FALSE_WORDS = frozenset({"no", "n", "false", "f", "0", "not local", ""})

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[ -]([A-Za-z]+)\.?[ -](\d{4})")


UNCLOSED_QUOTE_PROBLEM = (
    "a quoted value opens on this line and never closes, so this line and any after it were not "
    'read. Add the missing quote mark (") and import the file again: contacts already imported are '
    "skipped."
)


class CsvImportError(ValueError):
    """The whole file is refused; `message` says why and what to do, in words for the student."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CsvSniff:
    """What detect_columns found: the header, where it is, and a suggested mapping.

    `suggested_mapping` maps our field -> the header text of the column that holds it.
    `header_line` is the physical, 1-based line of the header in the file.
    """

    headers: list[str]
    header_line: int
    suggested_mapping: dict[str, str]
    has_name_column: bool
    is_linkedin: bool
    is_rapport_export: bool
    delimiter: str
    encoding: str
    address_book: str = ""  # "Outlook", "Google Contacts": read with no mapping step

    @property
    def needs_mapping(self) -> bool:
        return not (self.is_linkedin or self.is_rapport_export or self.address_book)


@dataclass(frozen=True)
class ImportRow:
    """One contact ready to save, with the physical line it started on."""

    line: int
    contact: ContactCreate
    connected_on: date | None = None


@dataclass(frozen=True)
class RowError:
    """One line that was not imported, and why."""

    line: int
    reason: str

    @property
    def message(self) -> str:
        return f"Line {self.line}: {self.reason}"

    def __str__(self) -> str:
        return self.message


@dataclass
class ImportPreview:
    """The outcome of reading a file, shown to the student before anything is saved.

    total_rows == len(rows) + len(errors) + skipped_duplicates; blank lines are not rows.
    """

    rows: list[ImportRow]
    errors: list[RowError]
    total_rows: int
    skipped_duplicates: int = 0
    duplicate_lines: list[int] = field(default_factory=list)
    sniff: CsvSniff | None = None
    # What the file held that Rapport leaves out, in words ("2 cards have photos: ...").
    notices: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Record:
    line: int
    cells: list[str] | None  # None when the line could not be parsed
    problem: str = ""


@dataclass(frozen=True)
class _Header:
    delimiter: str
    line: int
    cells: list[str]
    index: int  # position among records, so parsing can skip straight past it


# --- decoding ---------------------------------------------------------------------------------


def refuse_if_too_big(data: bytes, advice: str) -> None:
    """CsvImportError naming the file's size and the limit, with `advice` on what to do instead."""
    if len(data) > MAX_FILE_BYTES:
        raise CsvImportError(
            f"This file is {len(data) / 1024 / 1024:.1f} MB; Rapport imports files up to "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB. {advice}"
        )


def _decode(data: bytes) -> tuple[str, str]:
    """The file's text and encoding, or CsvImportError if it is empty, too big or not text."""
    if isinstance(data, str):
        raise TypeError("Pass the uploaded bytes, not decoded text: the importer detects the encoding.")
    data = bytes(data)
    refuse_if_too_big(data, "Split it and import each part.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" is UTF-16 with a byte-order mark: text, despite its NUL bytes.
        try:
            return _check_text(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError:
            raise _not_text() from None
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise CsvImportError(
            "This looks like an Excel workbook, not a CSV file. In Excel, choose File > Save As > "
            "CSV UTF-8, then import that file."
        )
    if b"\x00" in data:
        raise _not_text()
    try:
        return _check_text(data.decode("utf-8-sig")), "utf-8"
    except UnicodeDecodeError:
        pass
    # Older Excel on Windows saves CSV as cp1252. Only trust that guess when the bytes read as
    # ordinary text: cp1252 maps almost any byte to some character, so a mistaken guess is silent.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise _not_text() from None
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    if high > len(data) * 0.3:
        raise _not_text()
    return _check_text(text), "cp1252"


_HIGH_BYTES = bytes(range(0x80, 0x100))
_STRAY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _check_text(text: str) -> str:
    if not text.strip().strip("\ufeff"):
        raise CsvImportError(
            "This file is empty. Choose the Connections.csv you exported from LinkedIn, or another "
            "CSV file whose first line names its columns."
        )
    # A few stray control characters happen in real exports; many mean it is not text at all.
    sample = text[:65_536]
    if len(_STRAY_CONTROL.findall(sample)) > max(5, len(sample) // 100):
        raise _not_text()
    return text


def _not_text() -> CsvImportError:
    return CsvImportError(
        "This doesn't look like a CSV file: Rapport couldn't read it as text. Export or save it as "
        "CSV (UTF-8) and try again."
    )


def _no_header() -> CsvImportError:
    return CsvImportError(
        "Rapport couldn't find a header row with a name column. The first line should name the "
        "columns, for example: Name,Email,Organisation. (LinkedIn's Connections.csv has one already.)"
    )


# --- records and header -------------------------------------------------------------------------


def _records(text: str, delimiter: str) -> Iterator[_Record]:
    """Each record with the physical line it starts on; blank lines come through as [].

    Strict parsing, so a stray quote spoils only its own line instead of swallowing the rest.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    previous_end = 0
    while True:
        start = previous_end + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            reason = str(error)
            if "unexpected end of data" in reason:
                # The rows before it are fine; everything from here on is one unclosed value.
                yield _Record(start, None, UNCLOSED_QUOTE_PROBLEM)
                return
            if "field larger than field limit" in reason:
                raise CsvImportError(
                    f"Line {start}: one value is far too long to be part of a contact. Check that "
                    "line, then try again."
                ) from None
            previous_end = reader.line_num
            yield _Record(start, None, "a quote mark is out of place, so Rapport couldn't read this line.")
            continue
        previous_end = reader.line_num
        yield _Record(start, cells)


def _is_blank(cells: list[str]) -> bool:
    return all(not cell.strip() for cell in cells)


def _header_key(text: str) -> str:
    """'E-mail Address' -> 'e mail address', so header spellings compare loosely."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def _clean_header(cells: list[str]) -> list[str]:
    return [cell.strip().strip("\ufeff").strip() for cell in cells]


def _auto_mapping(headers: list[str]) -> dict[str, str]:
    """Our field -> header, for the headers we recognise; the first column wins a tie."""
    mapping: dict[str, str] = {}
    for header in headers:
        field_name = _ALIAS_TO_FIELD.get(_header_key(header))
        if field_name and field_name not in mapping:
            mapping[field_name] = header
    return mapping


def _find_header(text: str, wanted: Iterable[str] | None) -> _Header | None:
    """The header row: the one naming every `wanted` column, or else the best with a name column."""
    wanted_set = {cell.strip() for cell in wanted} if wanted is not None else None
    best: tuple[int, _Header] | None = None
    for delimiter in _DELIMITERS:
        for index, record in _scan(text, delimiter):
            if record.cells is None or _is_blank(record.cells):
                continue
            cells = _clean_header(record.cells)
            header = _Header(delimiter, record.line, cells, index)
            if wanted_set is not None:
                if wanted_set <= set(cells):
                    return header
                continue
            mapping = _auto_mapping(cells)
            if NAME_FIELDS & mapping.keys():
                score = len(mapping)
                if best is None or score > best[0]:
                    best = (score, header)
                break
    return best[1] if best else None


def _scan(text: str, delimiter: str) -> Iterator[tuple[int, _Record]]:
    """The first records as read with one candidate delimiter, for finding the header.

    A broken quote ends the scan quietly: under the wrong delimiter quotes can pair up wrongly,
    and under the right one the full parse reports it with its line.
    """
    records = _records(text[:_HEADER_SCAN_CHARS], delimiter)
    try:
        for index, record in enumerate(records):
            if index >= _HEADER_SCAN_RECORDS:
                return
            yield index, record
    except CsvImportError:
        return


def _first_row_as_header(text: str) -> _Header:
    """With no recognisable header, offer the first non-blank row so the student can map it."""
    candidates: list[_Header] = []
    for delimiter in _DELIMITERS:
        for index, record in _scan(text, delimiter):
            if record.cells is not None and not _is_blank(record.cells):
                candidates.append(_Header(delimiter, record.line, _clean_header(record.cells), index))
                break
    if not candidates:
        raise _no_header()
    # The delimiter that splits the row into the most columns is the likeliest; commas win ties.
    return max(candidates, key=lambda header: len(header.cells))


_RAPPORT_HEADER_KEYS = [
    [_header_key(name) for name in known]
    for known in (CONTACT_EXPORT_HEADER, *EARLIER_CONTACT_EXPORT_HEADERS)
]


def _sniff(encoding: str, header: _Header, has_name_column: bool) -> CsvSniff:
    keys = {_header_key(cell) for cell in header.cells}
    return CsvSniff(
        headers=header.cells,
        header_line=header.line,
        suggested_mapping=_auto_mapping(header.cells),
        has_name_column=has_name_column,
        is_linkedin=_LINKEDIN_REQUIRED.issubset(keys),
        is_rapport_export=[_header_key(cell) for cell in header.cells] in _RAPPORT_HEADER_KEYS,
        delimiter=header.delimiter,
        encoding=encoding,
        address_book=known.name if (known := address_book_format(header.cells)) else "",
    )


def detect_columns(data: bytes) -> CsvSniff:
    """Find the header row and suggest which column holds which field.

    Refuses (CsvImportError) only files that cannot be read at all. A file without a recognisable
    name column still gets a sniff (`has_name_column` False) so the student can map it by hand.
    """
    text, encoding = _decode(data)
    header = _find_header(text, None)
    if header is not None:
        return _sniff(encoding, header, has_name_column=True)
    return _sniff(encoding, _first_row_as_header(text), has_name_column=False)


# --- cell parsing ---------------------------------------------------------------------------------


def parse_date(text: str) -> date | None:
    """'12 Mar 2024' (LinkedIn), '12 March 2024' or '2024-03-12'; None when blank.

    Raises ValueError for anything else. Month names are matched by hand, not strptime, because
    strptime's %b follows the process locale.
    """
    text = text.strip()
    if not text:
        return None
    match = _DAY_MONTH_YEAR.fullmatch(text)
    if match:
        month = _MONTHS.get(match.group(2).casefold())
        if month is None:
            raise ValueError(text)
        return date(int(match.group(3)), month, int(match.group(1)))
    return date.fromisoformat(text)


def parse_yes_no(text: str) -> bool:
    """'yes', 'no', 'true', '1', 'x', blank (no) ...; ValueError for anything else."""
    word = " ".join(text.split()).casefold()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise ValueError(text)


def _quote(value: str, limit: int = 40) -> str:
    shown = " ".join(value.split())
    return f"“{shown[:limit]}…”" if len(shown) > limit else f"“{shown}”"


def row_reason(field_name: str, problem: Problem, raw: str) -> str:
    """The importer's phrasing of a contact problem: short, naming the value, without a full stop."""
    word = FIELD_WORDS.get(field_name, field_name)
    if problem is Problem.TOO_LONG:
        return f"the {word} is longer than {MAX_LENGTHS[field_name]:,} characters"
    if problem is Problem.CONTROL_CHARACTERS:
        return f"the {word} contains hidden control characters"
    if field_name == "name":
        return "no name"
    if field_name == "email":
        return f"the email {_quote(raw)} doesn't look like name@example.org"
    if field_name == "linkedin_url":
        return f"the LinkedIn URL {_quote(raw)} doesn't look like https://www.linkedin.com/in/their-name"
    if field_name == "source":
        return (
            f"{_quote(raw)} isn't a source Rapport knows "
            "(alumni, LinkedIn group, local, event, referred or other)"
        )
    return f"the {word} needs checking"


# --- parsing ---------------------------------------------------------------------------------------


def _resolve_mapping(mapping: dict[str, str], headers: list[str]) -> dict[str, tuple[int, ...]]:
    """Our field -> column index; the first column wins when a header text repeats."""
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        positions.setdefault(header, index)
    return {
        field_name: (positions[header.strip()],) for field_name, header in mapping.items() if header.strip()
    }


def _check_mapping(mapping: dict[str, str]) -> None:
    unknown = sorted(set(mapping) - set(MAPPABLE_FIELDS))
    if unknown:
        raise CsvImportError(f"Rapport has no field called {', '.join(unknown)} to put a column into.")
    if not any(mapping.get(name_field, "").strip() for name_field in NAME_FIELDS):
        raise CsvImportError("Choose which column holds the name (or the first and last names).")


class _DuplicateIndex:
    """Remembers contacts already seen and says whether a new one is probably one of them.

    Two rows with different LinkedIn URLs are different people even with the same name at the same
    organisation (big firms have namesakes); a row with a URL matches a name-only contact, though,
    because that is usually the same person first typed in by hand.
    """

    def __init__(
        self,
        url_keys: Iterable[str] = (),
        name_keys: Iterable[str] = (),
        name_keys_without_url: Iterable[str] | None = None,
    ) -> None:
        self.url_keys = set(url_keys)
        self.name_keys = set(name_keys)
        self.name_keys_without_url = (
            set(self.name_keys) if name_keys_without_url is None else set(name_keys_without_url)
        )

    def is_duplicate(self, url_key: str, name_key: str) -> bool:
        if url_key:
            return url_key in self.url_keys or name_key in self.name_keys_without_url
        return bool(name_key) and name_key in self.name_keys

    def add(self, url_key: str, name_key: str) -> None:
        if url_key:
            self.url_keys.add(url_key)
        if name_key:
            self.name_keys.add(name_key)
            if not url_key:
                self.name_keys_without_url.add(name_key)


def row_keys(row: ImportRow) -> tuple[str, str]:
    """The (URL key, name key) pair used to spot a duplicate of this row."""
    contact = row.contact
    return duplicate_key_url(contact.linkedin_url), duplicate_key_name(contact.name, contact.organisation)


class PreviewBuilder:
    """Collects a file's rows into a preview: each checked, repeats of an earlier row skipped."""

    def __init__(self, *, total_rows: int, sniff: CsvSniff | None = None) -> None:
        self.preview = ImportPreview(rows=[], errors=[], total_rows=total_rows, sniff=sniff)
        self._seen = _DuplicateIndex()

    def refuse(self, line: int, reason: str) -> None:
        self.preview.errors.append(RowError(line, reason))

    def add(
        self, line: int, raw: ContactCreate, *, reasons: Iterable[str] = (), connected_on: date | None = None
    ) -> None:
        """One row as read: refused with its reasons and the contact's problems, or kept, or skipped
        as a repeat of a row kept earlier."""
        problems = find_problems(raw)
        all_reasons = [row_reason(f, p, getattr(raw, f)) for f, p in problems.items()] + list(reasons)
        if all_reasons:
            self.refuse(line, "; ".join(all_reasons) + ".")
            return
        row = ImportRow(line, normalise_contact(raw), connected_on)
        keys = row_keys(row)
        if self._seen.is_duplicate(*keys):
            self.preview.skipped_duplicates += 1
            self.preview.duplicate_lines.append(line)
            return
        self._seen.add(*keys)
        self.preview.rows.append(row)


def parse_contacts(
    data: bytes,
    mapping: dict[str, str] | None = None,
    *,
    max_rows: int = DEFAULT_MAX_ROWS,
    default_source: str = Source.OTHER.value,
) -> ImportPreview:
    """Read every row of an uploaded CSV into contacts ready to save, and say what was left out.

    `mapping` is our field -> header text (as in CsvSniff.suggested_mapping); None detects it.
    Good rows come through even when others are bad. Rows that repeat an earlier row of the file
    are skipped and counted; checking against saved contacts is split_new_and_duplicates' job.
    """
    if parse_source(default_source) is None:
        raise ValueError(f"default_source must be a Source, not {default_source!r}")
    text, encoding = _decode(data)
    if mapping is None:
        header = _find_header(text, None)
        if header is None:
            raise _no_header()
        known = address_book_format(header.cells)
        column_of = (
            _format_columns(known, header.cells)
            if known
            else _resolve_mapping(_auto_mapping(header.cells), header.cells)
        )
    else:
        mapping = {key: value for key, value in mapping.items() if value and value.strip()}
        _check_mapping(mapping)
        header = _find_header(text, mapping.values())
        if header is None:
            missing = ", ".join(sorted({_quote(value, 60) for value in mapping.values()}))
            raise CsvImportError(
                f"Rapport couldn't find a header row with the columns {missing}. Check the column "
                "names and try again."
            )
        column_of = _resolve_mapping(mapping, header.cells)
    sniff = _sniff(encoding, header, has_name_column=True)

    records = [
        record
        for index, record in enumerate(_records(text, header.delimiter))
        if index > header.index and (record.cells is None or not _is_blank(record.cells))
    ]
    # Counted before any row is checked, so a huge file is refused quickly.
    if len(records) > max_rows:
        raise CsvImportError(
            f"This file has {len(records):,} rows; Rapport imports up to {max_rows:,} at a time. "
            "Split it and import each part."
        )
    if not records:
        raise CsvImportError("This file names its columns but has no contacts under them.")

    unescape = sniff.is_rapport_export
    builder = PreviewBuilder(total_rows=len(records), sniff=sniff)
    for record in records:
        if record.cells is None:
            builder.refuse(record.line, record.problem)
            continue
        raw, reasons, connected_on = _read_row(record, column_of, default_source, unescape)
        builder.add(record.line, raw, reasons=reasons, connected_on=connected_on)
    return builder.preview


def _read_row(
    record: _Record, column_of: dict[str, tuple[int, ...]], default_source: str, unescape: bool
) -> tuple[ContactCreate, list[str], date | None]:
    """A record's contact as read, not yet checked, with what was wrong with its other cells."""
    cells = record.cells or []

    def cell(field_name: str, holding: str = "") -> str:
        for index in column_of.get(field_name, ()):
            if index < len(cells) and cells[index].strip() and holding in cells[index]:
                value = cells[index]
                return unescape_formula(value) if unescape else value
        return ""

    name = cell("name").strip() or " ".join(
        part for part in (cell("first_name").strip(), cell("last_name").strip()) if part
    )
    reasons: list[str] = []
    is_local = False
    try:
        is_local = parse_yes_no(cell("is_local"))
    except ValueError:
        reasons.append(f"{_quote(cell('is_local'))} isn't yes or no for local")
    connected_on = None
    try:
        connected_on = parse_date(cell("connected_on"))
    except ValueError:
        reasons.append(f"{_quote(cell('connected_on'))} isn't a date like 12 Mar 2024")

    linkedin_url, notes, source = cell("linkedin_url"), cell("notes"), cell("source").strip()
    website = cell("website").strip()
    if website and not linkedin_url and normalise_linkedin_url(website) is not None:
        linkedin_url = website
    elif website:
        notes = _add_line(notes, f"Website: {website}")
    referred_by = " ".join(cell("referred_by").split())
    if referred_by:
        notes = _add_line(notes, f"Referred by {referred_by}")
        source = source or Source.REFERRED.value
    # Outlook lists an Exchange colleague's address as "/o=ExchangeLabs/...": the next one with an @ is
    # the email (a mapped column is taken as it is, so a mistake there is reported, not skipped).
    email = cell("email", "@") if len(column_of.get("email", ())) > 1 else cell("email")
    raw = ContactCreate(
        name=name,
        email=email,
        linkedin_url=linkedin_url,
        organisation=cell("organisation"),
        role=cell("role"),
        source=source or default_source,
        is_local=is_local,
        notes=notes,
        phone=cell("phone"),
    )
    return raw, reasons, connected_on


def _add_line(text: str, line: str) -> str:
    return f"{text.rstrip()}\n{line}" if text.strip() else line


def split_new_and_duplicates(
    rows: Iterable[ImportRow],
    existing_url_keys: set[str],
    existing_name_keys: set[str],
    *,
    existing_name_keys_without_url: set[str] | None = None,
) -> tuple[list[ImportRow], int]:
    """The rows that are not already saved, and how many were.

    Keys come from duplicate_key_url / duplicate_key_name of the saved contacts. Pass
    `existing_name_keys_without_url` (name keys of saved contacts that have no LinkedIn URL) to
    let a namesake with a different URL through; without it every name match counts.
    """
    index = _DuplicateIndex(existing_url_keys, existing_name_keys, existing_name_keys_without_url)
    new_rows: list[ImportRow] = []
    duplicates = 0
    for row in rows:
        keys = row_keys(row)
        if index.is_duplicate(*keys):
            duplicates += 1
        else:
            new_rows.append(row)
    return new_rows, duplicates
