"""Sample data: loading it makes something due today; removing it takes exactly the sample away."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, func, select

from app.domain.contact_rules import ContactInput
from app.domain.local_time import LocalClock
from app.domain.vocabulary import TouchKind
from app.models import Contact, Meeting, Organisation, Touch, User
from app.services.contacts import create_contact
from app.services.sample_data import has_sample_data, load_sample_data, remove_sample_data
from app.services.today import due_today, meetings_ahead, week_counts
from app.services.touches import record_touch

TODAY = date(2026, 3, 11)


def _count(session: Session, model: type, owner_id: int) -> int:
    return session.exec(select(func.count()).select_from(model).where(model.owner_id == owner_id)).one()


def test_loading_sample_data_makes_every_kind_of_item_due(session: Session, owner_id: int) -> None:
    added = load_sample_data(session, owner_id=owner_id, today=TODAY)
    assert added == 7
    assert has_sample_data(session, owner_id=owner_id)
    kinds = {
        (row.contact_name, row.kind)
        for row in due_today(session, owner_id=owner_id, clock=LocalClock.on_day(TODAY)).rows
    }
    assert kinds == {
        ("Elena García", "thank_you"),
        ("Priya Shah", "follow_up"),
        ("Marcus Lee", "second_contact"),
        ("Grace Kim", "keep_in_touch"),
    }
    meetings = meetings_ahead(session, owner_id=owner_id, today=TODAY)
    assert [(m.contact_name, m.brief_ready) for m in meetings] == [("Tom Okafor", False)]
    assert week_counts(session, owner_id=owner_id, today=TODAY, goal=5).outreach >= 1


def test_loading_twice_adds_nothing(session: Session, owner_id: int) -> None:
    load_sample_data(session, owner_id=owner_id, today=TODAY)
    assert load_sample_data(session, owner_id=owner_id, today=TODAY) == 0
    assert _count(session, Contact, owner_id) == 7


def test_removing_sample_data_leaves_real_contacts_intact(session: Session, owner_id: int) -> None:
    # A real contact at one of the sample's organisations, with a touch of their own.
    real = create_contact(
        session, owner_id=owner_id, data=ContactInput(name="Real Person", organisation="Northwind Health")
    )
    record_touch(
        session, owner_id=owner_id, contact_id=real, kind=TouchKind.OUTREACH_SENT.value, on=TODAY, today=TODAY
    )
    load_sample_data(session, owner_id=owner_id, today=TODAY)
    assert _count(session, Meeting, owner_id) == 2

    removed = remove_sample_data(session, owner_id=owner_id)
    session.commit()

    assert removed == 7
    assert not has_sample_data(session, owner_id=owner_id)
    assert session.exec(select(Contact.name).where(Contact.owner_id == owner_id)).all() == ["Real Person"]
    assert session.exec(select(Touch.contact_id).where(Touch.owner_id == owner_id)).all() == [real]
    assert _count(session, Meeting, owner_id) == 0
    # The organisation the real contact works at stays; the ones only the sample used are gone.
    assert session.exec(select(Organisation.name).where(Organisation.owner_id == owner_id)).all() == [
        "Northwind Health"
    ]


def test_removing_sample_data_leaves_another_owners_sample_alone(session: Session, owner_id: int) -> None:
    other = User(display_name="Someone else")
    session.add(other)
    session.flush()
    assert other.id is not None
    load_sample_data(session, owner_id=other.id, today=TODAY)
    load_sample_data(session, owner_id=owner_id, today=TODAY)
    remove_sample_data(session, owner_id=owner_id)
    assert _count(session, Contact, owner_id) == 0
    assert _count(session, Contact, other.id) == 7
    assert session.exec(select(func.count()).where(col(Contact.is_sample).is_(True))).one() == 7


def test_sample_dates_follow_today(session: Session, owner_id: int) -> None:
    # On a Monday the seven business days reach back across a weekend; the follow-up is still due.
    monday = date(2026, 3, 16)
    load_sample_data(session, owner_id=owner_id, today=monday)
    kinds = {row.kind for row in due_today(session, owner_id=owner_id, clock=LocalClock.on_day(monday)).rows}
    assert {"follow_up", "thank_you", "second_contact", "keep_in_touch"} <= kinds
