"""An owner's contacts and timeline as CSV files, and the contacts as vCard: each a format the
importer reads back."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from app.domain.csv_export import (
    EXPORT_ENCODING,
    ContactExportRow,
    TouchExportRow,
    export_contacts_csv,
    export_touches_csv,
)
from app.domain.vcard import VCardContact, write_vcard
from app.domain.vocabulary import Stage
from app.models import Contact, Organisation, Touch
from app.services.contacts import effective_stage, shown_next_due
from app.services.errors import NotFound


def contacts_csv(session: Session, *, owner_id: int, today: date) -> str:
    """The owner's contacts (not deleted), by name, with the stage and next due date as of `today`,
    exactly as the tracker shows them."""
    rows = session.exec(
        select(Contact, Organisation.name, effective_stage(today))
        .join(Organisation, col(Contact.organisation_id) == Organisation.id, isouter=True)
        .where(Contact.owner_id == owner_id, col(Contact.deleted_at).is_(None))
        .order_by(col(Contact.name_key), col(Contact.id))
    )
    return export_contacts_csv(
        ContactExportRow(
            name=contact.name,
            email=contact.email,
            linkedin_url=contact.linkedin_url,
            organisation=organisation or "",
            role=contact.role,
            source=contact.source,
            is_local=contact.is_local,
            notes=contact.notes,
            stage=stage,
            created_at=contact.created_at,
            phone=contact.phone,
            connected_on=contact.connected_on,
            last_touch_on=contact.last_touch_on,
            next_due_on=shown_next_due(Stage(stage), contact.next_due_on),
        )
        for contact, organisation, stage in rows
    )


def touches_csv(session: Session, *, owner_id: int) -> str:
    """Every touch on the owner's contacts (not deleted), contact by contact, oldest first."""
    # Five columns: sqlmodel's `select` is typed for at most four, so the statement is built and typed here.
    columns: Select[str, date, str, str, str] = Select(
        col(Touch.kind),
        col(Touch.happened_on),
        col(Touch.summary),
        col(Contact.name),
        col(Contact.email),
    )
    rows = session.exec(
        columns.join(Contact, col(Touch.contact_id) == Contact.id)
        .where(
            Touch.owner_id == owner_id,
            Contact.owner_id == owner_id,
            col(Contact.deleted_at).is_(None),
        )
        .order_by(col(Contact.name_key), col(Contact.id), col(Touch.happened_on), col(Touch.id))
    )
    return export_touches_csv(
        TouchExportRow(contact_name=name, contact_email=email, kind=kind, on=on, summary=summary)
        for kind, on, summary, name, email in rows
    )


def contacts_vcard(session: Session, *, owner_id: int, contact_id: int | None = None) -> str:
    """The owner's contacts (not deleted), by name, as vCard 3.0; with `contact_id`, that one contact
    alone (NotFound unless it is the owner's and not deleted)."""
    query = (
        select(Contact, Organisation.name)
        .join(Organisation, col(Contact.organisation_id) == Organisation.id, isouter=True)
        .where(Contact.owner_id == owner_id, col(Contact.deleted_at).is_(None))
        .order_by(col(Contact.name_key), col(Contact.id))
    )
    if contact_id is not None:
        query = query.where(Contact.id == contact_id)
    rows = list(session.exec(query))
    if contact_id is not None and not rows:
        raise NotFound("contact", contact_id)
    return write_vcard(
        VCardContact(
            name=contact.name,
            email=contact.email,
            phone=contact.phone,
            organisation=organisation or "",
            role=contact.role,
            linkedin_url=contact.linkedin_url,
            notes=contact.notes,
            uid=f"rapport-contact-{contact.id}",
        )
        for contact, organisation in rows
    )


def vcard_filename(what: str, today: date) -> str:
    return f"rapport-{what}-{today.isoformat()}.vcf"


def as_download(text: str) -> bytes:
    """The bytes to hand the browser: with the byte-order mark that makes Excel read UTF-8."""
    return text.encode(EXPORT_ENCODING)


def export_filename(what: str, today: date) -> str:
    return f"rapport-{what}-{today.isoformat()}.csv"
