"""The tracker's data: contacts for one owner, validated, searched, paged and kept in their derived stage."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any, TypedDict

from sqlalchemy import (
    Column,
    Date,
    Integer,
    MetaData,
    Select,
    Table,
    Text,
    bindparam,
    case,
    func,
    literal,
)
from sqlalchemy import select as core_select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement, SQLColumnExpression
from sqlmodel import Session, col, select

from app.db import fetch_rows
from app.domain.contact_rules import (
    ContactCreate,
    ContactUpdate,
    Shape,
    duplicate_key_name,
    duplicate_key_url,
    fold_for_comparison,
    normalise_contact,
    validate_contact,
)
from app.domain.contact_rules import ContactInput as ContactInput  # the former name, still imported from here
from app.domain.times import utc_now
from app.domain.updates import UNSET
from app.domain.vocabulary import CLOSED_STAGES, SOURCE_LABELS, STAGE_LABELS, Source, Stage
from app.models import Contact, Organisation
from app.services.errors import NotFound, ValidationFailed
from app.services.ids import record_id
from app.services.organisations import get_or_create_organisation

PAGE_SIZE = 50
SORTABLE = ("name", "organisation", "role", "source", "stage", "last_touch_on", "next_due_on")


def effective_stage(today: date | ColumnElement[date]) -> ColumnElement[str]:
    """The stage as of `today`: the stored one, moved on by the 3B7 dates that have since passed.

    The stored stage is derived from the touches when they change (app/services/touches.py);
    a follow-up falling due or a contact going quiet is a matter of dates alone, so SQL applies it.
    """
    return case(
        (col(Contact.quiet_on) <= today, literal(Stage.NO_REPLY.value)),
        (col(Contact.follow_up_due_on) <= today, literal(Stage.FOLLOW_UP_DUE.value)),
        else_=col(Contact.stage),
    )


def shown_next_due(stage: Stage, next_due_on: date | None) -> date | None:
    """The next due date the app shows: the one derived from the timeline (app/domain/pipeline.py's
    next_due_on, stored when a touch changes), and none once the contact is closed."""
    return None if stage in CLOSED_STAGES else next_due_on


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
    contact = session.get(Contact, record_id(contact_id, "contact"))
    if contact is None or contact.owner_id != owner_id or contact.deleted_at is not None:
        raise NotFound("contact")
    return contact


def owned_contact(session: Session, *, owner_id: int, contact_id: object) -> Contact:
    """The contact if it is this owner's and not deleted; NotFound otherwise."""
    return _owned(session, owner_id, contact_id)


def clean_input(data: Shape) -> Shape:
    """Normalised input (the fields it carries), or ValidationFailed with a message per field."""
    data = normalise_contact(data)
    errors = validate_contact(data)
    if errors:
        raise ValidationFailed(errors)
    return data


def find_duplicates(
    session: Session, *, owner_id: int, data: ContactCreate, exclude_id: int | None = None
) -> list[str]:
    """Warnings for contacts that look like this one: same LinkedIn URL, or same name at the same place."""
    data = normalise_contact(data)
    warnings: list[str] = []
    live = (Contact.owner_id == owner_id, col(Contact.deleted_at).is_(None))
    if data.linkedin_url:
        url_key = duplicate_key_url(data.linkedin_url)
        by_url = select(Contact.name).where(*live, Contact.linkedin_key == url_key)
        if exclude_id is not None:
            by_url = by_url.where(Contact.id != exclude_id)
        for name in session.exec(by_url.limit(3)):
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


class ContactColumns(TypedDict):
    """The columns a contact's fields set, typed as the Contact table has them."""

    name: str
    name_key: str
    email: str
    linkedin_url: str
    linkedin_key: str
    phone: str
    role: str
    source: str
    is_local: bool
    notes: str
    organisation_id: int | None
    search_text: str


def contact_columns(data: ContactCreate, *, organisation_id: int | None) -> ContactColumns:
    """Every column a contact's fields set: one place for create, edit and import."""
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


def create_contact(
    session: Session,
    *,
    owner_id: int,
    data: ContactCreate,
    referred_by_id: int | None = None,
    connected_on: date | None = None,
) -> int:
    data = clean_input(data)
    if referred_by_id is not None:
        _owned(session, owner_id, referred_by_id)
        data = replace(data, source=Source.REFERRED.value)
    organisation_id = get_or_create_organisation(session, owner_id=owner_id, name=data.organisation)
    contact = Contact(
        owner_id=owner_id,
        referred_by_id=referred_by_id,
        connected_on=connected_on,
        **contact_columns(data, organisation_id=organisation_id),
    )
    session.add(contact)
    session.flush()
    assert contact.id is not None
    return contact.id


def update_contact(session: Session, *, owner_id: int, contact_id: object, data: ContactUpdate) -> None:
    """Changes exactly the fields `data` carries; every other field keeps what is stored."""
    contact = _owned(session, owner_id, contact_id)
    changes = clean_input(data)
    if not changes.sent():
        return
    organisation_id = before_organisation = contact.organisation_id
    if changes.organisation is not UNSET:
        organisation_id = get_or_create_organisation(session, owner_id=owner_id, name=changes.organisation)
    after = changes.applied_to(as_create(session, contact))
    # Only the columns whose value moves are written (the keys follow the fields they come from).
    for column, value in contact_columns(after, organisation_id=organisation_id).items():
        if getattr(contact, column) != value:
            setattr(contact, column, value)
    contact.updated_at = utc_now()
    session.add(contact)
    if organisation_id != before_organisation:
        # Outreach here retires a colleague's second-contact card, there no longer: both sides move.
        _project_organisations(session, owner_id, contact, [before_organisation, organisation_id])


def _project_organisations(
    session: Session, owner_id: int, contact: Contact, organisations: list[int | None]
) -> None:
    """Derives again the stored card of this contact and of everyone at these organisations."""
    from app.services.cards import project_contacts  # cards reads contacts through this module
    from app.services.clock import clock_for
    from app.services.touches import colleague_ids
    from app.settings import fixed_day

    session.flush()
    ids = [contact.id or 0]
    for organisation_id in organisations:
        ids += colleague_ids(session, owner_id=owner_id, organisation_id=organisation_id)
    clock = clock_for(session, owner_id=owner_id, fixed=fixed_day())
    project_contacts(session, owner_id=owner_id, contact_ids=ids, clock=clock)


def edit_duplicates(session: Session, *, owner_id: int, contact_id: object, data: ContactUpdate) -> list[str]:
    """Warnings for other contacts that this one would look like once `data` is saved."""
    contact = _owned(session, owner_id, contact_id)
    after = data.applied_to(as_create(session, contact))
    return find_duplicates(session, owner_id=owner_id, data=after, exclude_id=contact.id)


def delete_contact(session: Session, *, owner_id: int, contact_id: object) -> None:
    """Hides the contact and everything on it; `restore_contact` undoes it."""
    contact = _owned(session, owner_id, contact_id)
    contact.deleted_at = utc_now()
    session.add(contact)
    _project_organisations(session, owner_id, contact, [contact.organisation_id])


def restore_contact(session: Session, *, owner_id: int, contact_id: object) -> None:
    contact = session.get(Contact, record_id(contact_id, "contact"))
    if contact is None or contact.owner_id != owner_id:
        raise NotFound("contact")
    contact.deleted_at = None
    session.add(contact)
    _project_organisations(session, owner_id, contact, [contact.organisation_id])


def _text(value: date | str | None) -> str:
    """A day as "YYYY-MM-DD" ("" for none), from a date or from SQLite's text for one."""
    if isinstance(value, str):
        return value
    return value.isoformat() if value else ""


# A trigram index needs three characters to look anything up: one or two letters on their own match
# the start of names (from the name index); shorter words beside longer ones are checked on their rows.
TRIGRAM = 3
MAX_TERMS = 8
_SQLITE_SEARCH_INDEX = Table(
    "contact_search", MetaData(), Column("rowid", Integer), Column("search_text", Text)
)
ROW_COLUMNS = (
    col(Contact.id),
    col(Contact.name),
    col(Contact.role),
    col(Contact.source),
    col(Contact.last_touch_on),
    col(Contact.next_due_on),
)
_STAGE_VALUES = frozenset(s.value for s in Stage)
_SOURCE_VALUES = frozenset(s.value for s in Source)


def _contains(dialect: str, n: int, *, indexed: bool) -> ColumnElement[bool]:
    """Contacts whose name, organisation, role or notes (their folded `search_text`) hold the n-th word.

    SQLite: `indexed` asks the FTS5 trigram table (see the search-index migration) for the word as
    a phrase, which finds exactly the texts holding it; the other words are looked for with instr()
    in the rows it leaves, cheaper than a second index lookup or a LIKE. PostgreSQL: the pg_trgm
    index serves each word's LIKE.
    """
    if dialect != "sqlite":
        return col(Contact.search_text).like(bindparam(f"pattern_{n}"), escape="\\")
    if indexed:
        index = _SQLITE_SEARCH_INDEX
        phrase = index.c.search_text.match(bindparam(f"phrase_{n}"))
        return col(Contact.id).in_(select(index.c.rowid).where(phrase))
    return func.instr(col(Contact.search_text), bindparam(f"word_{n}")) > 0


def _word_params(dialect: str, words: list[str]) -> dict[str, str]:
    """The values `_contains` binds: each word as it is, as an FTS5 phrase, or as a LIKE pattern."""
    if dialect == "sqlite":
        params = {f"word_{n}": word for n, word in enumerate(words)}
        params["phrase_0"] = '"' + words[0].replace('"', '""') + '"'  # quotes doubled inside a phrase
        return params
    escaped = (word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for word in words)
    return {f"pattern_{n}": f"%{word}%" for n, word in enumerate(escaped)}


def _search_terms(query: str) -> list[str]:
    """The query's words, folded, longest first: the longest is the one the index is asked for."""
    terms = (fold_for_comparison(term) for term in query[:200].split()[:MAX_TERMS])
    return sorted((term for term in terms if term), key=len, reverse=True)


@dataclass(frozen=True)
class _ListShape:
    """What decides the SQL of a tracker page; the values (owner, words, date, page) are parameters."""

    dialect: str
    sort: str
    descending: bool
    by_stage: bool
    by_source: bool
    name_prefix: bool  # one or two letters: names that start with them
    words: int  # words matched anywhere in the contact, longest first
    first_word_indexed: bool  # the longest has the three letters a trigram index needs
    with_total: bool


@lru_cache(maxsize=512)
def _page_statement(shape: _ListShape) -> Select[*tuple[Any, ...]]:
    """One page of the tracker for this shape, built once: a search keystroke only binds new values.

    Only the columns a row shows are read (notes can be 10,000 characters). When searching, the total
    comes in the same query (one pass over the matches); unfiltered, a separate count lets the page
    stop after `limit` rows of the owner's name index.
    """
    stage_now = effective_stage(bindparam("today", type_=Date)).label("stage_now")
    sort_columns: dict[str, SQLColumnExpression[Any]] = {
        "name": col(Contact.name_key),
        "organisation": func.coalesce(col(Organisation.name_key), ""),
        "role": func.lower(col(Contact.role)),
        "source": col(Contact.source),
        "stage": stage_now,
        "last_touch_on": col(Contact.last_touch_on),
        "next_due_on": col(Contact.next_due_on),
    }
    order = sort_columns[shape.sort]
    ordering: list[ColumnElement[Any]] = [
        order.desc() if shape.descending else order.asc(),
        col(Contact.id).asc(),
    ]
    if shape.sort in ("last_touch_on", "next_due_on"):
        # Contacts with no date go last whichever way the column is sorted.
        ordering.insert(0, order.is_(None))
    total = func.count().over() if shape.with_total else literal(None)
    return (
        core_select(*ROW_COLUMNS, col(Organisation.name), stage_now, total.label("total"))
        .join(Organisation, col(Contact.organisation_id) == Organisation.id, isouter=True)
        .where(*_conditions(shape))
        .order_by(*ordering)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )


@lru_cache(maxsize=512)
def _count_statement(shape: _ListShape) -> Select[Any]:
    return (
        select(func.count())
        .select_from(Contact)
        .join(Organisation, col(Contact.organisation_id) == Organisation.id, isouter=True)
        .where(*_conditions(shape))
    )


def _conditions(shape: _ListShape) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        col(Contact.owner_id) == bindparam("owner_id", type_=Integer),
        col(Contact.deleted_at).is_(None),
    ]
    if shape.by_stage:
        conditions.append(effective_stage(bindparam("today", type_=Date)) == bindparam("stage"))
    if shape.by_source:
        conditions.append(col(Contact.source) == bindparam("source"))
    if shape.name_prefix:
        # Read from the owner's name index; "contains" would match nearly everything and read every row.
        conditions.append(col(Contact.name_key) >= bindparam("prefix_from"))
        conditions.append(col(Contact.name_key) < bindparam("prefix_to"))
    conditions.extend(
        _contains(shape.dialect, n, indexed=n == 0 and shape.first_word_indexed) for n in range(shape.words)
    )
    return conditions


def list_contacts(
    db: Session | Connection,
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
    """One page of the tracker: searched, filtered and sorted in SQL, never loading every row.

    `db` is a session, or (for a page that only reads, as search does on every keystroke) a plain
    connection, which skips the ORM's per-query work.
    """
    if isinstance(db, Session):
        db.flush()  # what this session changed is part of the answer
        connection = db.connection()
    else:
        connection = db
    terms = _search_terms(query)
    name_prefix = len(terms) == 1 and len(terms[0]) < TRIGRAM
    params: dict[str, Any] = {"owner_id": owner_id, "today": today, "limit": per_page}
    by_stage = isinstance(stage, str) and stage in _STAGE_VALUES
    by_source = isinstance(source, str) and source in _SOURCE_VALUES
    if by_stage:
        params["stage"] = stage
    if by_source:
        params["source"] = source
    if name_prefix:
        prefix = terms[0]
        params["prefix_from"] = prefix
        params["prefix_to"] = prefix[:-1] + chr(min(ord(prefix[-1]) + 1, 0x10FFFF))
    elif terms:
        params.update(_word_params(connection.dialect.name, terms))
    shape = _ListShape(
        dialect=connection.dialect.name,
        sort=sort if sort in SORTABLE else "name",
        descending=bool(descending),
        by_stage=by_stage,
        by_source=by_source,
        name_prefix=name_prefix,
        words=0 if name_prefix else len(terms),
        first_word_indexed=bool(terms) and len(terms[0]) >= TRIGRAM,
        with_total=bool(terms),
    )

    def rows_of(number: int, statement: Select[Any]) -> list[Sequence[Any]]:
        offset = (max(1, number) - 1) * per_page
        return fetch_rows(connection, statement, {**params, "offset": offset})

    try:
        page = max(1, int(page))
    except (TypeError, ValueError):
        page = 1
    rows = rows_of(page, _page_statement(shape))
    if rows and shape.with_total:
        total = rows[0][-1]
    else:
        total = connection.execute(_count_statement(replace(shape, with_total=False)), params).scalar_one()
    if not rows and total and page > 1:
        # Past the last page: show the last page there is.
        page = max(1, -(-total // per_page))
        rows = rows_of(page, _page_statement(replace(shape, with_total=False)))
    pages = max(1, -(-total // per_page))
    page = min(page, pages)
    return ContactPage(rows=[_row(row) for row in rows], total=total, page=page, pages=pages)


def _row(row: Sequence[Any]) -> ContactRow:
    """A ContactRow from a page query's row (ROW_COLUMNS, the organisation, the stage, the total)."""
    contact_id, name, role, source_value, last_touch_on, next_due_on, organisation, stage_now, _ = row
    stage = Stage(stage_now)
    source = Source(source_value) if source_value in _SOURCE_VALUES else Source.OTHER
    return ContactRow(
        id=contact_id or 0,
        name=name,
        organisation=organisation or "",
        role=role,
        source=source.value,
        source_label=SOURCE_LABELS[source],
        stage=stage.value,
        stage_label=STAGE_LABELS[stage],
        last_touch_on=_text(last_touch_on),
        next_due_on="" if stage in CLOSED_STAGES else _text(next_due_on),
    )


def contact_detail(session: Session, *, owner_id: int, contact_id: object, today: date) -> ContactDetail:
    contact = _owned(session, owner_id, contact_id)
    organisation = session.get(Organisation, contact.organisation_id) if contact.organisation_id else None
    referrer = session.get(Contact, contact.referred_by_id) if contact.referred_by_id else None
    stage = Stage(session.exec(select(effective_stage(today)).where(Contact.id == contact.id)).one())
    source = Source(contact.source) if contact.source in _SOURCE_VALUES else Source.OTHER
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
        next_due_on=_text(shown_next_due(stage, contact.next_due_on)),
    )


def contact_input(session: Session, *, owner_id: int, contact_id: object) -> ContactCreate:
    """The contact as the edit form shows it: every field it has."""
    return as_create(session, _owned(session, owner_id, contact_id))


def as_create(session: Session, contact: Contact) -> ContactCreate:
    """The contact's fields as a student edits them (the organisation by name)."""
    organisation = session.get(Organisation, contact.organisation_id) if contact.organisation_id else None
    return ContactCreate(
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


def stage_counts(db: Session | Connection, *, owner_id: int, today: date) -> dict[str, int]:
    stage_now = effective_stage(today)
    rows = db.execute(
        select(stage_now, func.count())
        .where(Contact.owner_id == owner_id, col(Contact.deleted_at).is_(None))
        .group_by(stage_now)
    ).all()
    return {stage: count for stage, count in rows}


def has_contacts(db: Session | Connection, *, owner_id: int) -> bool:
    """Whether the owner has any contact at all: one index probe, where a count reads every row."""
    live = select(Contact.id).where(Contact.owner_id == owner_id, col(Contact.deleted_at).is_(None))
    return bool(db.execute(select(live.exists())).scalar_one())


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
    db: Session | Connection,
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
    counts = {} if filtered else stage_counts(db, owner_id=owner_id, today=today)
    columns: list[BoardColumn] = []
    for stage in Stage:
        if not filtered and not counts.get(stage.value):
            columns.append(BoardColumn(stage.value, STAGE_LABELS[stage], 0, [], 0))
            continue
        found = list_contacts(
            db,
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
