"""Organisations are picked or created inline, by name, one per name per owner."""

from __future__ import annotations

from sqlmodel import Session, col, select

from app.domain.contact_rules import fold_for_comparison
from app.models import Organisation


def organisation_key(name: str) -> str:
    return fold_for_comparison(name)[:200]


def get_or_create_organisation(session: Session, *, owner_id: int, name: str) -> int | None:
    name = " ".join(name.split())
    if not name:
        return None
    key = organisation_key(name)
    found = session.exec(
        select(Organisation.id).where(Organisation.owner_id == owner_id, Organisation.name_key == key)
    ).first()
    if found is not None:
        return found
    organisation = Organisation(owner_id=owner_id, name=name[:200], name_key=key)
    session.add(organisation)
    session.flush()
    assert organisation.id is not None
    return organisation.id


def organisation_names(session: Session, *, owner_id: int, prefix: str = "", limit: int = 20) -> list[str]:
    """Names to suggest while typing; bounded so a long list never reaches the browser."""
    query = select(Organisation.name).where(Organisation.owner_id == owner_id)
    if prefix.strip():
        query = query.where(col(Organisation.name_key).startswith(organisation_key(prefix)))
    return list(session.exec(query.order_by(Organisation.name_key).limit(limit)))
