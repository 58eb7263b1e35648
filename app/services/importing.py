"""Importing a CSV or vCard file into an owner's contacts: a preview checked against saved contacts,
then batched writes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_
from sqlmodel import Session, col, select

from app.domain.contact_changes import ContactChange
from app.domain.contact_rules import duplicate_key_name, duplicate_key_url, fold_for_comparison
from app.domain.csv_import import (
    DEFAULT_MAX_ROWS,
    CsvSniff,
    ImportPreview,
    ImportRow,
    RowError,
    detect_columns,
    parse_contacts,
    split_new_and_duplicates,
)
from app.domain.vcard import is_vcard, parse_vcards
from app.models import Contact, Organisation
from app.services import reimport
from app.services.contacts import clean_input, contact_columns
from app.services.errors import ValidationFailed
from app.services.organisations import organisation_key

BATCH_SIZE = 250
# SQL "IN (...)" lists are kept well under SQLite's and PostgreSQL's limits on bound parameters.
_KEYS_PER_QUERY = 400


@dataclass(frozen=True)
class ImportPlan:
    """What importing a file would do, before anything is written.

    total_rows == len(rows) + len(errors) + duplicates_in_file + duplicates_saved + len(changes):
    a row that is a saved contact is either a duplicate (nothing new) or a change.
    """

    rows: list[ImportRow]
    errors: list[RowError]
    total_rows: int
    duplicates_in_file: int
    duplicates_saved: int
    sniff: CsvSniff | None
    file_kind: str = "CSV"  # "CSV" or "vCard"
    changes: tuple[ContactChange, ...] = ()  # saved contacts whose company, position, email or URL moved
    notices: tuple[str, ...] = ()  # what the file held that is left out, in words

    @property
    def duplicates(self) -> int:
        return self.duplicates_in_file + self.duplicates_saved


@dataclass(frozen=True)
class ImportResult:
    """What a write did: contacts created, rows skipped as already saved, rows that failed a check."""

    created: int = 0
    duplicates: int = 0
    invalid: int = 0

    def __add__(self, other: ImportResult) -> ImportResult:
        return ImportResult(
            self.created + other.created, self.duplicates + other.duplicates, self.invalid + other.invalid
        )


@dataclass(frozen=True)
class _SavedKeys:
    urls: set[str]
    names: set[str]
    names_without_url: set[str]


def _chunks(values: Sequence[str], size: int = _KEYS_PER_QUERY) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _saved_keys(session: Session, owner_id: int, rows: Sequence[ImportRow] | None = None) -> _SavedKeys:
    """Duplicate keys of the owner's live contacts: all of them, or only those that could match `rows`."""
    query = (
        select(Contact.name, Contact.linkedin_key, Organisation.name)
        .join(Organisation, col(Contact.organisation_id) == Organisation.id, isouter=True)
        .where(Contact.owner_id == owner_id, col(Contact.deleted_at).is_(None))
    )
    results: list[tuple[str, str, str | None]]  # no organisation: None (the outer join)
    if rows is None:
        results = list(session.exec(query))
    else:
        found: set[tuple[str, str, str | None]] = set()
        for start in range(0, len(rows), _KEYS_PER_QUERY):
            chunk = rows[start : start + _KEYS_PER_QUERY]
            names = {fold_for_comparison(row.contact.name)[:200] for row in chunk}
            urls = {key for row in chunk if (key := duplicate_key_url(row.contact.linkedin_url))}
            condition: ColumnElement[bool] = col(Contact.name_key).in_(names)
            if urls:
                condition = or_(condition, col(Contact.linkedin_key).in_(urls))
            found.update(session.exec(query.where(condition)))
        results = list(found)
    keys = _SavedKeys(set(), set(), set())
    for name, url_key, organisation in results:
        name_key = duplicate_key_name(name, organisation or "")
        keys.names.add(name_key)
        if url_key:
            keys.urls.add(url_key)
        else:
            keys.names_without_url.add(name_key)
    return keys


def _split(
    session: Session, owner_id: int, rows: Sequence[ImportRow], *, all_keys: bool
) -> tuple[list[ImportRow], int]:
    keys = _saved_keys(session, owner_id, None if all_keys else rows)
    return split_new_and_duplicates(
        rows, keys.urls, keys.names, existing_name_keys_without_url=keys.names_without_url
    )


def sniff_file(data: bytes) -> CsvSniff | None:
    """What a CSV's columns are (for the mapping step), or None for a vCard file, which needs no
    mapping. Raises CsvImportError for a file that cannot be read."""
    return None if is_vcard(data) else detect_columns(data)


def read_contact_file(
    data: bytes, mapping: dict[str, str] | None = None, *, max_rows: int = DEFAULT_MAX_ROWS
) -> ImportPreview:
    """The contacts a CSV or vCard file holds, checked, before anything is compared or saved."""
    if is_vcard(data):
        return parse_vcards(data, max_rows=max_rows)
    return parse_contacts(data, mapping, max_rows=max_rows)


def preview_import(
    session: Session,
    *,
    owner_id: int,
    data: bytes,
    mapping: dict[str, str] | None = None,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> ImportPlan:
    """Reads the file and says what importing it would do. Raises CsvImportError for a refused file."""
    parsed = read_contact_file(data, mapping, max_rows=max_rows)
    changes, saved_lines = reimport.find_changes(session, owner_id=owner_id, rows=parsed.rows)
    unmatched = [row for row in parsed.rows if row.line not in saved_lines]
    new_rows, saved = _split(session, owner_id, unmatched, all_keys=True)
    return ImportPlan(
        rows=new_rows,
        errors=parsed.errors,
        total_rows=parsed.total_rows,
        duplicates_in_file=parsed.skipped_duplicates,
        duplicates_saved=saved + len(saved_lines) - len(changes),
        sniff=parsed.sniff,
        file_kind="CSV" if parsed.sniff is not None else "vCard",
        notices=tuple(parsed.notices),
        changes=tuple(changes),
    )


def _organisation_ids(session: Session, owner_id: int, names: Iterable[str]) -> dict[str, int]:
    """Organisation key -> id for these names, creating the missing ones in one flush."""
    wanted: dict[str, str] = {}
    for raw in names:
        name = " ".join(raw.split())
        if name:
            wanted.setdefault(organisation_key(name), name)
    ids: dict[str, int] = {}
    for keys in _chunks(sorted(wanted)):
        for org_id, key in session.exec(
            select(Organisation.id, Organisation.name_key).where(
                Organisation.owner_id == owner_id, col(Organisation.name_key).in_(keys)
            )
        ):
            assert org_id is not None  # a stored row
            ids[key] = org_id
    missing = [
        Organisation(owner_id=owner_id, name=name[:200], name_key=key)
        for key, name in wanted.items()
        if key not in ids
    ]
    if missing:
        session.add_all(missing)
        session.flush()
        ids.update({org.name_key: org.id for org in missing if org.id is not None})
    return ids


def import_batch(session: Session, *, owner_id: int, rows: Sequence[ImportRow]) -> ImportResult:
    """Writes one batch of rows for the owner, skipping any that are saved already (checked again here,
    so an import started twice, or a contact added meanwhile, never makes a duplicate)."""
    new_rows, duplicates = _split(session, owner_id, rows, all_keys=False)
    cleaned: list[ImportRow] = []
    invalid = 0
    for row in new_rows:
        try:
            cleaned.append(ImportRow(row.line, clean_input(row.contact), row.connected_on))
        except ValidationFailed:
            invalid += 1
    organisation_ids = _organisation_ids(session, owner_id, (row.contact.organisation for row in cleaned))
    contacts = []
    for row in cleaned:
        data = row.contact
        organisation = " ".join(data.organisation.split())
        organisation_id = organisation_ids.get(organisation_key(organisation)) if organisation else None
        contacts.append(
            Contact(
                owner_id=owner_id,
                connected_on=row.connected_on,
                **contact_columns(data, organisation_id=organisation_id),
            )
        )
    session.add_all(contacts)
    session.flush()
    return ImportResult(created=len(contacts), duplicates=duplicates, invalid=invalid)


def batches(rows: Sequence[ImportRow], size: int = BATCH_SIZE) -> list[Sequence[ImportRow]]:
    return [rows[start : start + size] for start in range(0, len(rows), size)]
