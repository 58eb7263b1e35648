"""The tracker's data: contacts for one owner, validated, searched, paged and kept in their derived stage."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Column, Integer, MetaData, Row, Table, Text, and_, case, func, literal
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from app.domain.contact_rules import (
    ContactInput,
    duplicate_key_name,
    duplicate_key_url,
    fold_for_comparison,
    normalise_contact,
    validate_contact,
)
from app.domain.vocabulary import SOURCE_LABELS, STAGE_LABELS, Source, Stage
from app.models import Contact, Organisation
from app.services.errors import NotFound, ValidationFailed
from app.services.organisations import get_or_create_organisation

PAGE_SIZE = 50
SORTABLE = ("name", "organisation", "role", "source", "stage", "last_touch_on", "next_due_on")


def _now() -> datetime:
    return datetime.now(UTC)


def effective_stage(today: date) -> ColumnElement[str]:
    """The stage as of `today`: the stored one, moved on by the 3B7 dates that have since passed.

    The stored stage is derived from the touches when they change (app/services/touches.py);
    a follow-up falling due or a contact going quiet is a matter of dates alone, so SQL applies it.
    """
    return case(
        (col(Contact.quiet_on) <= today, literal(Stage.NO_REPLY.value)),
        (col(Contact.follow_up_due_on) <= today, literal(Stage.FOLLOW_UP_DUE.value)),
        else_=col(Contact.stage),
    )


@dataclass(frozen=True)
class ContactRow:
    """One line of the tracker, exactly what the browser may see."""

    id: int
    name: str
    organisation: str
    role: str
    source: str
    source_label: str
    stage: str
    stage_label: str
    last_touch_on: str
    next_due_on: str


@dataclass(frozen=True)
class ContactPage:
    rows: list[ContactRow]
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class ContactDetail:
    id: int
    name: str
    email: str
    linkedin_url: str
    phone: str
    organisation: str
    role: str
    source: str
    source_label: str
    is_local: bool
    notes: str
    stage: str
    stage_label: str
    referred_by_id: int | None
    referred_by_name: str
    keep_in_touch_months: int | None
    next_due_on: str


def _owned(session: Session, owner_id: int, contact_id: object) -> Contact:
    try:
        contact_id = int(contact_id)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise NotFound("contact") from None
    contact = session.get(Contact, contact_id)
    if contact is None or contact.owner_id != owner_id or contact.deleted_at is not None:
        raise NotFound("contact")
    return contact


def owned_contact(session: Session, *, owner_id: int, contact_id: object) -> Contact:
    """The contact if it is this owner's and not deleted; NotFound otherwise."""
    return _owned(session, owner_id, contact_id)


def clean_input(data: ContactInput) -> ContactInput:
    """Normalised input, or ValidationFailed with a message per field."""
    data = normalise_contact(data)
    errors = validate_contact(data)
    if errors:
        raise ValidationFailed(errors)
    return data


def find_duplicates(
    session: Session, *, owner_id: int, data: ContactInput, exclude_id: int | None = None
) -> list[str]:
    """Warnings for contacts that look like this one: same LinkedIn URL, or same name at the same place."""
    data = normalise_contact(data)
    warnings: list[str] = []
    live = (Contact.owner_id == owner_id, col(Contact.deleted_at).is_(None))
    if data.linkedin_url:
        url_key = duplicate_key_url(data.linkedin_url)
        query = select(Contact.name).where(*live, Contact.linkedin_key == url_key)
        if exclude_id is not None:
            query = query.where(Contact.id != exclude_id)
        for name in session.exec(query.limit(3)):
            warnings.append(f"{name} already has this LinkedIn URL.")
    query = (
        select(Contact.name, Organisation.name)
        .join(Organisation, col(Contact.organisation_id) == Organisation.id, isouter=True)
        .where(*live, Contact.name_key == fold_for_comparison(data.name)[:200])
    )
    if exclude_id is not None:
        query = query.where(Contact.id != exclude_id)
    wanted = duplicate_key_name(data.name, data.organisation)
    for name, organisation in session.exec(query.limit(20)):
        if duplicate_key_name(name, organisation or "") == wanted:
            where = f" at {organisation}" if organisation else ""
            warnings.append(f"You already have {name}{where}.")
            break
    return warnings


def search_text_for(*, name: str, organisation: str, role: str, notes: str) -> str:
    """What search looks in, folded once on write so that a search never folds 10,000 rows."""
    return fold_for_comparison(" ".join((name, organisation, role, notes)))


def contact_columns(data: ContactInput, *, organisation_id: int | None) -> dict[str, object]:
    """Every column a contact's input sets: one place for create, edit and import."""
    return {
        "name": data.name,
        "name_key": fold_for_comparison(data.name)[:200],
        "email": data.email,
        "linkedin_url": data.linkedin_url,
        "linkedin_key": duplicate_key_url(data.linkedin_url) if data.linkedin_url else "",
        "phone": data.phone,
        "role": data.role,
        "source": data.source,
        "is_local": data.is_local,
        "notes": data.notes,
        "organisation_id": organisation_id,
        "search_text": search_text_for(
            name=data.name, organisation=data.organisation, role=data.role, notes=data.notes
        ),
    }


def _apply(session: Session, contact: Contact, owner_id: int, data: ContactInput) -> None:
    organisation_id = get_or_create_organisation(session, owner_id=owner_id, name=data.organisation)
    for column, value in contact_columns(data, organisation_id=organisation_id).items():
        setattr(contact, column, value)
    contact.updated_at = _now()


def create_contact(
    session: Session,
    *,
    owner_id: int,
    data: ContactInput,
    referred_by_id: int | None = None,
    connected_on: date | None = None,
) -> int:
    data = clean_input(data)
    if referred_by_id is not None:
        _owned(session, owner_id, referred_by_id)
        data = replace(data, source=Source.REFERRED.value)
    contact = Contact(owner_id=owner_id, name="", name_key="", referred_by_id=referred_by_id)
    contact.connected_on = connected_on
    _apply(session, contact, owner_id, data)
    session.add(contact)
    session.flush()
    assert contact.id is not None
    return contact.id


def update_contact(session: Session, *, owner_id: int, contact_id: object, data: ContactInput) -> None:
    contact = _owned(session, owner_id, contact_id)
    _apply(session, contact, owner_id, clean_input(data))
    session.add(contact)


def delete_contact(session: Session, *, owner_id: int, contact_id: object) -> None:
    """Hides the contact and everything on it; `restore_contact` undoes it."""
    contact = _owned(session, owner_id, contact_id)
    contact.deleted_at = _now()
    session.add(contact)


def restore_contact(session: Session, *, owner_id: int, contact_id: object) -> None:
    try:
        contact = session.get(Contact, int(contact_id))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise NotFound("contact") from None
    if contact is None or contact.owner_id != owner_id:
        raise NotFound("contact")
    contact.deleted_at = None
    session.add(contact)


def _text(value: date | None) -> str:
    return value.isoformat() if value else ""


# A trigram index needs three characters to look anything up; shorter terms scan the folded column.
TRIGRAM = 3
_SQLITE_SEARCH_INDEX = Table(
    "contact_search", MetaData(), Column("rowid", Integer), Column("search_text", Text)
)


def _contains(session: Session, term: str) -> ColumnElement[bool]:
    """Contacts whose name, organisation, role or notes contain `term` (already folded)."""
    pattern = f"%{term.replace('%', '').replace('_', '')}%"
    if session.get_bind().dialect.name == "sqlite" and len(term) >= TRIGRAM:
        # The FTS5 trigram table answers LIKE from its index (see the search-index migration).
        index = _SQLITE_SEARCH_INDEX
        return col(Contact.id).in_(select(index.c.rowid).where(index.c.search_text.like(pattern)))
    # PostgreSQL's pg_trgm index serves this LIKE directly.
    return col(Contact.search_text).like(pattern)


def _name_starts_with(prefix: str) -> ColumnElement[bool]:
    after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(col(Contact.name_key) >= prefix, col(Contact.name_key) < after)


def _search_terms(query: str) -> list[str]:
    return [fold_for_comparison(term) for term in query.split()[:8] if term.strip()]


def list_contacts(
    session: Session,
    *,
    owner_id: int,
    today: date,
    query: str = "",
    stage: str = "",
    source: str = "",
    sort: str = "name",
    descending: bool = False,
    page: int = 1,
    per_page: int = PAGE_SIZE,
) -> ContactPage:
    """One page of the tracker: searched, filtered and sorted in SQL, never loading every row."""
    stage_now = effective_stage(today).label("stage_now")
    conditions: list[ColumnElement[bool]] = [
        Contact.owner_id == owner_id,  # type: ignore[list-item]
        col(Contact.deleted_at).is_(None),
    ]
    if stage in Stage.__members__.values() or stage in {s.value for s in Stage}:
        conditions.append(effective_stage(today) == stage)
    if source in {s.value for s in Source}:
        conditions.append(col(Contact.source) == source)

    sort_columns = {
        "name": col(Contact.name_key),
        "organisation": func.coalesce(Organisation.name_key, ""),
        "role": func.lower(Contact.role),
        "source": col(Contact.source),
        "stage": stage_now,
        "last_touch_on": col(Contact.last_touch_on),
        "next_due_on": col(Contact.next_due_on),
    }
    order = sort_columns.get(sort, sort_columns["name"])
    ordering = [order.desc() if descending else order.asc(), col(Contact.id).asc()]
    if sort in ("last_touch_on", "next_due_on"):
        # Contacts with no date go last whichever way the column is sorted.
        ordering.insert(0, order.is_(None))

    terms = _search_terms(query[:200])
    if len(terms) == 1 and len(terms[0]) < TRIGRAM:
        # One or two letters: names that start with them (the start of typing a name), read from
        # the owner's name index; "contains" would match nearly everything and read every row.
        conditions.append(_name_starts_with(terms[0]))
    else:
        conditions.extend(_contains(session, term) for term in terms)

    def page_query(number: int, *, with_total: bool):  # type: ignore[no-untyped-def]
        # Only the columns a row shows (notes can be 10,000 characters). When searching, the total
        # comes in the same query (one pass over the matches); unfiltered, a separate count lets the
        # page stop after 50 rows of the owner's name index.
        total_column = func.count().over() if with_total else literal(None)
        return (
            select(*ROW_COLUMNS, Organisation.name, stage_now, total_column.label("total"))
            .join(Organisation, col(Contact.organisation_id) == Organisation.id, isouter=True)
            .where(*conditions)
            .order_by(*ordering)
            .offset((max(1, number) - 1) * per_page)
            .limit(per_page)
        )

    def count() -> int:
        return session.exec(
            select(func.count())
            .select_from(Contact)
            .join(Organisation, col(Contact.organisation_id) == Organisation.id, isouter=True)
            .where(*conditions)
        ).one()

    try:
        page = max(1, int(page))
    except (TypeError, ValueError):
        page = 1
    rows = session.exec(page_query(page, with_total=bool(terms))).all()
    total = rows[0].total if rows and terms else count()
    if not rows and total and page > 1:
        # Past the last page: show the last page there is.
        page = max(1, -(-total // per_page))
        rows = session.exec(page_query(page, with_total=False)).all()
    pages = max(1, -(-total // per_page))
    page = min(page, pages)
    return ContactPage(
        rows=[_row(row) for row in rows],
        total=total,
        page=page,
        pages=pages,
    )


ROW_COLUMNS = (
    Contact.id,
    Contact.name,
    Contact.role,
    Contact.source,
    Contact.last_touch_on,
    Contact.next_due_on,
)


def _row(row: Row[Any]) -> ContactRow:
    stage = Stage(row.stage_now)
    source = Source(row.source) if row.source in {s.value for s in Source} else Source.OTHER
    closed = stage in (Stage.NO_REPLY, Stage.DECLINED)
    return ContactRow(
        id=row.id or 0,
        name=row.name,
        organisation=row[6] or "",
        role=row.role,
        source=source.value,
        source_label=SOURCE_LABELS[source],
        stage=stage.value,
        stage_label=STAGE_LABELS[stage],
        last_touch_on=_text(row.last_touch_on),
        next_due_on="" if closed else _text(row.next_due_on),
    )


def contact_detail(session: Session, *, owner_id: int, contact_id: object, today: date) -> ContactDetail:
    contact = _owned(session, owner_id, contact_id)
    organisation = session.get(Organisation, contact.organisation_id) if contact.organisation_id else None
    referrer = session.get(Contact, contact.referred_by_id) if contact.referred_by_id else None
    stage = Stage(session.exec(select(effective_stage(today)).where(Contact.id == contact.id)).one())
    source = Source(contact.source) if contact.source in {s.value for s in Source} else Source.OTHER
    return ContactDetail(
        id=contact.id or 0,
        name=contact.name,
        email=contact.email,
        linkedin_url=contact.linkedin_url,
        phone=contact.phone,
        organisation=organisation.name if organisation else "",
        role=contact.role,
        source=source.value,
        source_label=SOURCE_LABELS[source],
        is_local=contact.is_local,
        notes=contact.notes,
        stage=stage.value,
        stage_label=STAGE_LABELS[stage],
        referred_by_id=referrer.id if referrer and referrer.owner_id == owner_id else None,
        referred_by_name=referrer.name if referrer and referrer.owner_id == owner_id else "",
        keep_in_touch_months=contact.keep_in_touch_months,
        next_due_on="" if stage in (Stage.NO_REPLY, Stage.DECLINED) else _text(contact.next_due_on),
    )


def contact_input(session: Session, *, owner_id: int, contact_id: object) -> ContactInput:
    """The contact as the edit form shows it."""
    contact = _owned(session, owner_id, contact_id)
    organisation = session.get(Organisation, contact.organisation_id) if contact.organisation_id else None
    return ContactInput(
        name=contact.name,
        email=contact.email,
        linkedin_url=contact.linkedin_url,
        organisation=organisation.name if organisation else "",
        role=contact.role,
        source=contact.source,
        is_local=contact.is_local,
        notes=contact.notes,
        phone=contact.phone,
    )


def stage_counts(session: Session, *, owner_id: int, today: date) -> dict[str, int]:
    stage_now = effective_stage(today)
    rows = session.exec(
        select(stage_now, func.count())
        .where(Contact.owner_id == owner_id, col(Contact.deleted_at).is_(None))
        .group_by(stage_now)
    ).all()
    return {stage: count for stage, count in rows}


def count_contacts(session: Session, *, owner_id: int) -> int:
    return session.exec(
        select(func.count()).where(Contact.owner_id == owner_id, col(Contact.deleted_at).is_(None))
    ).one()


@dataclass(frozen=True)
class BoardColumn:
    """One stage of the board: how many contacts stand there, and the first few of them."""

    stage: str
    label: str
    count: int
    cards: list[ContactRow]
    more: int


BOARD_CARDS_PER_STAGE = 20


def board_columns(
    session: Session,
    *,
    owner_id: int,
    today: date,
    query: str = "",
    source: str = "",
    per_stage: int = BOARD_CARDS_PER_STAGE,
) -> list[BoardColumn]:
    """The board: every pipeline stage in order, each with its count and its first `per_stage` cards.

    Unfiltered counts come from `stage_counts` in one query; a search or source filter counts
    what matches, so a column never claims more cards than the filter lets through.
    """
    filtered = bool(query.strip()) or source in {s.value for s in Source}
    counts = {} if filtered else stage_counts(session, owner_id=owner_id, today=today)
    columns: list[BoardColumn] = []
    for stage in Stage:
        if not filtered and not counts.get(stage.value):
            columns.append(BoardColumn(stage.value, STAGE_LABELS[stage], 0, [], 0))
            continue
        found = list_contacts(
            session,
            owner_id=owner_id,
            today=today,
            query=query,
            stage=stage.value,
            source=source,
            sort="name",
            per_page=per_stage,
        )
        count = found.total if filtered else counts.get(stage.value, 0)
        columns.append(
            BoardColumn(stage.value, STAGE_LABELS[stage], count, found.rows, max(0, count - len(found.rows)))
        )
    return columns


def contact_name(session: Session, *, owner_id: int, contact_id: object) -> str:
    """The contact's name, for confirmations and notices; NotFound if it is not the owner's."""
    return _owned(session, owner_id, contact_id).name
