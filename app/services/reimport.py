"""A newer export of contacts already saved: which saved contact each row is, what changed, and
applying the changes the student kept ticked (a replaced employer stays on the timeline)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, or_
from sqlmodel import Session, col, select

from app.domain.contact_changes import (
    ContactChange,
    FieldChange,
    changes_between,
    employer_note,
    fields_in_file,
)
from app.domain.contact_rules import (
    ContactCreate,
    ContactUpdate,
    duplicate_key_name,
    duplicate_key_url,
    fold_for_comparison,
)
from app.domain.csv_import import ImportRow
from app.domain.day_words import day_label
from app.domain.updates import UNSET
from app.domain.vocabulary import TouchKind
from app.models import Contact, Organisation
from app.services import contacts as contact_service
from app.services import touches as touch_service
from app.services.errors import NotFound, ValidationFailed

_KEYS_PER_QUERY = 300


@dataclass(frozen=True)
class _Saved:
    contact_id: int
    url_key: str
    name_key: str
    data: ContactCreate


def _candidates(session: Session, owner_id: int, rows: Sequence[ImportRow]) -> list[_Saved]:
    """The owner's live contacts that share a profile URL, an email or a name with some row."""
    found: dict[int, _Saved] = {}
    for start in range(0, len(rows), _KEYS_PER_QUERY):
        chunk = rows[start : start + _KEYS_PER_QUERY]
        urls = {key for row in chunk if (key := duplicate_key_url(row.contact.linkedin_url))}
        emails = {row.contact.email for row in chunk if row.contact.email}
        names = {fold_for_comparison(row.contact.name)[:200] for row in chunk}
        conditions: list[ColumnElement[bool]] = [col(Contact.name_key).in_(names)]
        if urls:
            conditions.append(col(Contact.linkedin_key).in_(urls))
        if emails:
            conditions.append(col(Contact.email).in_(emails))
        query = (
            select(Contact, Organisation.name)
            .join(Organisation, col(Contact.organisation_id) == Organisation.id, isouter=True)
            .where(Contact.owner_id == owner_id, col(Contact.deleted_at).is_(None), or_(*conditions))
        )
        for contact, organisation in session.exec(query):
            assert contact.id is not None  # a stored row
            data = ContactCreate(
                name=contact.name,
                email=contact.email,
                linkedin_url=contact.linkedin_url,
                organisation=organisation or "",
                role=contact.role,
            )
            found[contact.id] = _Saved(
                contact.id,
                duplicate_key_url(contact.linkedin_url),
                duplicate_key_name(contact.name, organisation or ""),
                data,
            )
    return sorted(found.values(), key=lambda saved: saved.contact_id)


def match_saved(session: Session, *, owner_id: int, rows: Sequence[ImportRow]) -> dict[int, _Saved]:
    """Row line -> the saved contact that row is: the same LinkedIn profile, else the same email, else
    the same name at the same organisation (unless both have profile URLs and they differ). Each saved
    contact matches one row at most."""
    saved = _candidates(session, owner_id, rows)
    by_url = {s.url_key: s for s in saved if s.url_key}
    by_email = {s.data.email: s for s in saved if s.data.email}
    by_name: dict[str, list[_Saved]] = {}
    for s in saved:
        by_name.setdefault(s.name_key, []).append(s)
    taken: set[int] = set()
    matches: dict[int, _Saved] = {}
    for row in rows:
        url_key = duplicate_key_url(row.contact.linkedin_url)
        name_key = duplicate_key_name(row.contact.name, row.contact.organisation)
        options: list[_Saved] = []
        if url_key and url_key in by_url:
            options.append(by_url[url_key])
        if row.contact.email and row.contact.email in by_email:
            options.append(by_email[row.contact.email])
        # Two different profile URLs are two people, however alike their names (big firms have namesakes).
        options += [
            s for s in by_name.get(name_key, []) if not (url_key and s.url_key and s.url_key != url_key)
        ]
        match = next((s for s in options if s.contact_id not in taken), None)
        if match is not None:
            taken.add(match.contact_id)
            matches[row.line] = match
    return matches


def find_changes(
    session: Session, *, owner_id: int, rows: Sequence[ImportRow]
) -> tuple[list[ContactChange], set[int]]:
    """The saved contacts the file changes, and the lines of every row that is a saved contact."""
    matches = match_saved(session, owner_id=owner_id, rows=rows)
    in_file = fields_in_file(row.contact for row in rows)
    changes = []
    for row in rows:
        saved = matches.get(row.line)
        if saved is None:
            continue
        fields = changes_between(saved.contact_id, saved.data, row.contact, in_file)
        if fields:
            changes.append(ContactChange(saved.contact_id, saved.data.name, row.line, fields))
    return changes, set(matches)


def _update(values: dict[str, str]) -> ContactUpdate:
    return ContactUpdate(
        organisation=values.get("organisation", UNSET),
        role=values.get("role", UNSET),
        email=values.get("email", UNSET),
        linkedin_url=values.get("linkedin_url", UNSET),
    )


def apply_changes(session: Session, *, owner_id: int, accepted: Iterable[FieldChange], today: date) -> int:
    """Writes the accepted field changes; returns how many contacts changed. A contact deleted (or
    not the owner's) since the preview is passed over; a replaced employer is noted on its timeline."""
    by_contact: dict[int, list[FieldChange]] = {}
    for change in accepted:
        by_contact.setdefault(change.contact_id, []).append(change)
    updated = 0
    for contact_id, fields in by_contact.items():
        values: dict[str, str] = {change.field: change.after for change in fields}
        try:
            contact = contact_service.owned_contact(session, owner_id=owner_id, contact_id=contact_id)
            employer = session.get(Organisation, contact.organisation_id) if contact.organisation_id else None
            before_organisation = employer.name if employer else ""
            before_role = contact.role
            contact_service.update_contact(
                session, owner_id=owner_id, contact_id=contact_id, data=_update(values)
            )
            if "organisation" in values and before_organisation.strip():
                touch_service.record_touch(
                    session,
                    owner_id=owner_id,
                    contact_id=contact_id,
                    kind=TouchKind.NOTE.value,
                    on=today,
                    today=today,
                    summary=employer_note(
                        before_organisation, before_role, day_label(today, today, always_year=True)
                    ),
                )
        except (NotFound, ValidationFailed):
            continue
        updated += 1
    return updated
