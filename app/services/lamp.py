"""The LAMP list read and written for one owner: a page of organisations in the method's order (the
rules are app/domain/lamp.py), with Advocacy counted from the contacts in the same query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from app import routes
from app.domain.lamp import (
    TOP_COUNT,
    TOP_FIVE_REASON,
    Employer,
    advocacy_text,
    clean_name,
    name_problem,
    parse_motivation,
)
from app.domain.vocabulary import Source, Stage
from app.models import Contact, Organisation
from app.services.errors import NotFound, ValidationFailed
from app.services.ids import record_id
from app.services.organisations import organisation_key

__all__ = [
    "PER_PAGE",
    "LampPage",
    "LampRow",
    "NextContact",
    "add_organisation",
    "employers",
    "lamp_page",
    "next_to_write",
    "owned_organisation",
    "set_motivation",
    "set_postings",
    "top_five",
    "top_five_ids",
]

PER_PAGE = 50


@dataclass(frozen=True)
class LampRow:
    """One organisation as the list shows it: exactly what the browser may see."""

    id: int
    rank: int  # its place in the method's order, 1 first
    name: str
    motivation: str  # "0" to "3", the select's value
    has_postings: bool
    contacts: int
    alumni: int
    advocacy: str  # "2 contacts, 1 alum"
    top_five: bool
    find_url: str  # the tracker searching for it


@dataclass(frozen=True)
class LampPage:
    rows: list[LampRow]
    total: int
    page: int
    pages: int
    top_five: list[str]  # the top five's names, in order


@dataclass(frozen=True)
class NextContact:
    """Someone still to write to at one of the top five: Today's suggestion."""

    contact_id: int
    name: str
    organisation: str
    is_alum: bool
    reason: str
    write_url: str
    contact_url: str


def _advocacy(owner_id: int) -> Any:
    """Per organisation: the owner's live contacts there, and how many of them are alumni."""
    return (
        select(
            col(Contact.organisation_id).label("organisation_id"),
            func.count().label("contacts"),
            func.sum(case((col(Contact.source) == Source.ALUMNI.value, 1), else_=0)).label("alumni"),
        )
        .where(
            Contact.owner_id == owner_id,
            col(Contact.deleted_at).is_(None),
            col(Contact.organisation_id).is_not(None),
        )
        .group_by(col(Contact.organisation_id))
        .subquery()
    )


def _ordered(owner_id: int) -> Any:
    """The owner's organisations with their Advocacy, in the order of app/domain/lamp.py's sort_key."""
    advocacy = _advocacy(owner_id)
    contacts = func.coalesce(advocacy.c.contacts, 0)
    alumni = func.coalesce(advocacy.c.alumni, 0)
    return (
        core_select(
            col(Organisation.id),
            col(Organisation.name),
            col(Organisation.motivation),
            col(Organisation.has_postings),
            contacts,
            alumni,
        )
        .outerjoin(advocacy, advocacy.c.organisation_id == Organisation.id)
        .where(col(Organisation.owner_id) == owner_id)
        .order_by(
            col(Organisation.motivation).desc(),
            col(Organisation.has_postings).desc(),
            alumni.desc(),
            contacts.desc(),
            col(Organisation.name_key),
            col(Organisation.id),
        )
    )


def _employer(row: Any) -> Employer:
    org_id, name, motivation, postings, contacts, alumni = row
    return Employer(int(org_id), name, int(motivation), bool(postings), int(contacts), int(alumni))


def employers(session: Session, *, owner_id: int, offset: int = 0, limit: int = PER_PAGE) -> list[Employer]:
    """A slice of the list in the method's order (one query, however many organisations)."""
    rows = session.execute(_ordered(owner_id).offset(max(offset, 0)).limit(max(limit, 0))).all()
    return [_employer(row) for row in rows]


def top_five(session: Session, *, owner_id: int) -> list[Employer]:
    """The top five this week: the first five rated organisations (Motivation 1 or more), in order."""
    rows = session.execute(_ordered(owner_id).where(col(Organisation.motivation) > 0).limit(TOP_COUNT)).all()
    return [_employer(row) for row in rows]


def top_five_ids(session: Session, *, owner_id: int) -> list[int]:
    return [employer.id for employer in top_five(session, owner_id=owner_id)]


def lamp_page(session: Session, *, owner_id: int, page: object = 1, per_page: int = PER_PAGE) -> LampPage:
    """One page of the list (`per_page` rows at most reach the browser), with the top five named."""
    total = session.execute(
        select(func.count()).select_from(Organisation).where(Organisation.owner_id == owner_id)
    ).scalar_one()
    pages = max(1, -(-total // per_page))
    number = page if isinstance(page, int) and not isinstance(page, bool) else 1
    number = min(max(number, 1), pages)
    offset = (number - 1) * per_page
    top = top_five(session, owner_id=owner_id)
    top_ids = {employer.id for employer in top}
    rows = [
        LampRow(
            id=e.id,
            rank=offset + index + 1,
            name=e.name,
            motivation=str(e.motivation),
            has_postings=e.has_postings,
            contacts=e.contacts,
            alumni=e.alumni,
            advocacy=advocacy_text(e.contacts, e.alumni),
            top_five=e.id in top_ids,
            find_url=routes.contacts_search_url(e.name),
        )
        for index, e in enumerate(employers(session, owner_id=owner_id, offset=offset, limit=per_page))
    ]
    return LampPage(rows=rows, total=total, page=number, pages=pages, top_five=[e.name for e in top])


def owned_organisation(session: Session, *, owner_id: int, organisation_id: object) -> Organisation:
    """The organisation if it is this owner's; NotFound for missing, not theirs, or not an id at all."""
    number = record_id(organisation_id, "organisation")
    organisation = session.get(Organisation, number)
    if organisation is None or organisation.owner_id != owner_id:
        raise NotFound("organisation")
    return organisation


def add_organisation(session: Session, *, owner_id: int, name: object) -> Organisation:
    """A new organisation on the list, with no contact yet; ValidationFailed({"name": ...}) when the name
    is empty, too long, or one the list already has (compared as the contacts' organisations are)."""
    cleaned = clean_name(name if isinstance(name, str) else "")
    problem = name_problem(cleaned)
    if problem:
        raise ValidationFailed({"name": problem})
    key = organisation_key(cleaned)
    existing = session.exec(
        select(Organisation.name).where(Organisation.owner_id == owner_id, Organisation.name_key == key)
    ).first()
    if existing is not None:
        raise ValidationFailed({"name": f"{existing} is already on your list."})
    organisation = Organisation(owner_id=owner_id, name=cleaned, name_key=key)
    session.add(organisation)
    session.flush()
    return organisation


def set_motivation(
    session: Session, *, owner_id: int, organisation_id: object, value: object
) -> Organisation:
    organisation = owned_organisation(session, owner_id=owner_id, organisation_id=organisation_id)
    motivation = parse_motivation(value)
    if motivation is None:
        raise ValidationFailed({"motivation": "Motivation is a number from 0 to 3."})
    organisation.motivation = motivation
    session.add(organisation)
    session.flush()
    return organisation


def set_postings(session: Session, *, owner_id: int, organisation_id: object, value: object) -> Organisation:
    organisation = owned_organisation(session, owner_id=owner_id, organisation_id=organisation_id)
    if not isinstance(value, bool):
        raise ValidationFailed({"has_postings": "Postings is yes or no."})
    organisation.has_postings = value
    session.add(organisation)
    session.flush()
    return organisation


def next_to_write(session: Session, *, owner_id: int, limit: int = 3) -> list[NextContact]:
    """Contacts not yet written to at the top five, the best-placed organisation first, alumni first
    within it (the method's advice: an alum is the likeliest to answer)."""
    top = top_five_ids(session, owner_id=owner_id)
    if not top:
        return []
    place = {org_id: index for index, org_id in enumerate(top)}
    # Five columns: sqlmodel's `select` is typed for at most four.
    rows = session.execute(
        core_select(
            col(Contact.id),
            col(Contact.name),
            col(Contact.source),
            col(Organisation.id),
            col(Organisation.name),
        )
        .join(Organisation, col(Organisation.id) == Contact.organisation_id)
        .where(
            col(Contact.owner_id) == owner_id,
            col(Contact.deleted_at).is_(None),
            col(Contact.organisation_id).in_(top),
            col(Contact.stage) == Stage.TO_CONTACT.value,
        )
        .order_by(col(Contact.name_key), col(Contact.id))
        .limit(TOP_COUNT * 20)
    ).all()
    ordered = sorted(rows, key=lambda r: (place.get(r[3] or 0, TOP_COUNT), r[2] != Source.ALUMNI.value))
    suggestions = []
    for contact_id, name, source, _org_id, organisation in ordered[:limit]:
        alum = source == Source.ALUMNI.value
        who = "An alum you haven't written to yet" if alum else "Someone you haven't written to yet"
        suggestions.append(
            NextContact(
                contact_id=int(contact_id or 0),
                name=name,
                organisation=organisation,
                is_alum=alum,
                reason=f"{who}, {TOP_FIVE_REASON} ({organisation}).",
                write_url=routes.compose_url(contact_id, "outreach"),
                contact_url=routes.contact_url(contact_id or 0),
            )
        )
    return suggestions
