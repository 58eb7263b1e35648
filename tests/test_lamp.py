"""The LAMP list: the method's order, the top five, Advocacy counted from contacts, and only one's own."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from app.domain.lamp import Employer, advocacy_text, lamp_order, parse_motivation, top_five
from app.domain.vocabulary import Source
from app.models import Contact, Organisation
from app.services import lamp
from app.services.errors import NotFound, ValidationFailed
from tests.factories import add_contact, other_owner


def employer(
    name: str, motivation: int = 0, postings: bool = False, contacts: int = 0, alumni: int = 0
) -> Employer:
    return Employer(hash(name) % 1000, name, motivation, postings, contacts, alumni)


def names(employers: list[Employer]) -> list[str]:
    return [e.name for e in employers]


def test_the_list_sorts_by_motivation_then_postings_then_advocacy_then_name() -> None:
    listed = [
        employer("Zeta", motivation=2),
        employer("Alpha", motivation=2),
        employer("Posts", motivation=2, postings=True),
        employer("Known", motivation=2, contacts=3),
        employer("Alum", motivation=2, contacts=1, alumni=1),
        employer("Dream", motivation=3),
        employer("Meh", motivation=1, postings=True, contacts=9, alumni=9),
    ]
    # Postings outrank Advocacy; among equals an alum outranks any number of other contacts.
    assert names(lamp_order(listed)) == ["Dream", "Posts", "Alum", "Known", "Alpha", "Zeta", "Meh"]


def test_the_top_five_are_the_first_five_rated_and_an_unrated_list_has_none() -> None:
    rated = [employer(f"Org {n}", motivation=1 + n % 3) for n in range(8)]
    top = top_five([*rated, employer("Unrated", contacts=5, alumni=5)])
    assert len(top) == 5 and all(e.motivation > 0 for e in top)
    assert names(top) == names(lamp_order(rated))[:5]
    assert top_five([employer("A", contacts=2), employer("B")]) == []
    assert names(top_five([employer("A", motivation=1), employer("B")])) == ["A"]


@pytest.mark.parametrize(("value", "expected"), [(0, 0), (3, 3), ("2", 2), (" 1 ", 1)])
def test_motivation_is_a_whole_number_from_zero_to_three(value: object, expected: int) -> None:
    assert parse_motivation(value) == expected


@pytest.mark.parametrize("value", [4, -1, "4", "", "abc", True, 2.0, None, {"v": 1}, ["1"], "12"])
def test_anything_else_is_not_a_motivation(value: object) -> None:
    assert parse_motivation(value) is None


def test_advocacy_reads_as_people_known_and_alumni_among_them() -> None:
    assert advocacy_text(0, 0) == "No one yet"
    assert advocacy_text(1, 0) == "1 contact"
    assert advocacy_text(2, 1) == "2 contacts, 1 alum"
    assert advocacy_text(3, 3) == "3 contacts, 3 alumni"


def org_id(session: Session, owner_id: int, name: str) -> int:
    found = session.exec(
        select(Organisation.id).where(Organisation.owner_id == owner_id, Organisation.name == name)
    ).one()
    assert found is not None
    return found


def test_advocacy_counts_live_contacts_and_alumni_per_organisation(session: Session, owner_id: int) -> None:
    add_contact(session, owner_id, "Ann Alum", organisation="Acme", source=Source.ALUMNI.value)
    add_contact(session, owner_id, "Ben Other", organisation="Acme", source=Source.EVENT.value)
    gone = add_contact(session, owner_id, "Gone Alum", organisation="Acme", source=Source.ALUMNI.value)
    session.get_one(Contact, gone).deleted_at = session.get_one(Contact, gone).created_at
    add_contact(session, owner_id, "Cy", organisation="Globex")
    # Another student's alum at their own Acme changes nothing of mine.
    stranger = other_owner(session)
    add_contact(session, stranger, "Their Alum", organisation="Acme", source=Source.ALUMNI.value)
    lamp.add_organisation(session, owner_id=owner_id, name="Initech")
    session.flush()

    counts = {e.name: (e.contacts, e.alumni) for e in lamp.employers(session, owner_id=owner_id)}
    assert counts == {"Acme": (2, 1), "Globex": (1, 0), "Initech": (0, 0)}
    page = lamp.lamp_page(session, owner_id=owner_id)
    assert [row.advocacy for row in page.rows] == ["2 contacts, 1 alum", "1 contact", "No one yet"]


def test_the_database_orders_the_list_exactly_as_the_rule_does(session: Session, owner_id: int) -> None:
    for index, name in enumerate(["Émile & Co", "beta", "Alpha", "Gamma", "delta", "Zed", "Acme"]):
        organisation = lamp.add_organisation(session, owner_id=owner_id, name=name)
        lamp.set_motivation(session, owner_id=owner_id, organisation_id=organisation.id, value=index % 3)
        lamp.set_postings(session, owner_id=owner_id, organisation_id=organisation.id, value=index % 2 == 0)
    add_contact(session, owner_id, "An Alum", organisation="Zed", source=Source.ALUMNI.value)
    add_contact(session, owner_id, "Someone", organisation="beta")
    session.flush()
    listed = lamp.employers(session, owner_id=owner_id)
    assert names(listed) == names(lamp_order(listed))
    assert lamp.top_five_ids(session, owner_id=owner_id) == [e.id for e in top_five(listed)]


def test_the_list_pages_fifty_at_a_time_and_marks_only_the_top_five(session: Session, owner_id: int) -> None:
    for n in range(120):
        lamp.add_organisation(session, owner_id=owner_id, name=f"Org {n:03}")
    for n in (7, 70, 117):
        lamp.set_motivation(
            session, owner_id=owner_id, organisation_id=org_id(session, owner_id, f"Org {n:03}"), value=3
        )
    first = lamp.lamp_page(session, owner_id=owner_id)
    assert (len(first.rows), first.total, first.pages) == (50, 120, 3)
    assert [row.name for row in first.rows[:4]] == ["Org 007", "Org 070", "Org 117", "Org 000"]
    assert [row.name for row in first.rows if row.top_five] == ["Org 007", "Org 070", "Org 117"]
    assert first.top_five == ["Org 007", "Org 070", "Org 117"]
    last = lamp.lamp_page(session, owner_id=owner_id, page=99)
    assert (last.page, len(last.rows), last.rows[0].rank) == (3, 20, 101)
    assert lamp.lamp_page(session, owner_id=owner_id, page="2; drop").page == 1


def test_an_organisation_is_added_without_a_contact_trimmed(session: Session, owner_id: int) -> None:
    added = lamp.add_organisation(session, owner_id=owner_id, name="   Northwind   Health  ")
    assert (added.name, added.motivation, added.has_postings) == ("Northwind Health", 0, False)
    assert session.exec(select(Contact)).all() == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("   ", "Give the organisation a name."),
        (None, "Give the organisation a name."),
        ("x" * 201, "Keep the name to 200 characters (this one has 201)."),
        ("  NORTHWIND health ", "Northwind Health is already on your list."),
        ("Northwínd Health", "Northwind Health is already on your list."),
    ],
)
def test_a_bad_or_duplicate_name_is_refused_with_a_clear_message(
    session: Session, owner_id: int, name: object, message: str
) -> None:
    lamp.add_organisation(session, owner_id=owner_id, name="Northwind Health")
    with pytest.raises(ValidationFailed) as refused:
        lamp.add_organisation(session, owner_id=owner_id, name=name)
    assert refused.value.errors == {"name": message}
    assert len(session.exec(select(Organisation)).all()) == 1


def test_the_same_name_is_fine_for_another_student(session: Session, owner_id: int) -> None:
    lamp.add_organisation(session, owner_id=owner_id, name="Acme")
    assert lamp.add_organisation(session, owner_id=other_owner(session), name="Acme").name == "Acme"


def test_motivation_and_postings_refuse_bad_values_and_keep_what_was_saved(
    session: Session, owner_id: int
) -> None:
    organisation = lamp.add_organisation(session, owner_id=owner_id, name="Acme")
    lamp.set_motivation(session, owner_id=owner_id, organisation_id=organisation.id, value="2")
    lamp.set_postings(session, owner_id=owner_id, organisation_id=str(organisation.id), value=True)
    with pytest.raises(ValidationFailed):
        lamp.set_motivation(session, owner_id=owner_id, organisation_id=organisation.id, value=7)
    with pytest.raises(ValidationFailed):
        lamp.set_postings(session, owner_id=owner_id, organisation_id=organisation.id, value="yes")
    session.refresh(organisation)
    assert (organisation.motivation, organisation.has_postings) == (2, True)


@pytest.mark.parametrize("bad_id", ["abc", None, {"id": 1}, -1, 10**12])
def test_another_students_organisation_or_no_id_at_all_is_not_found(
    session: Session, owner_id: int, bad_id: object
) -> None:
    stranger = other_owner(session)
    theirs = lamp.add_organisation(session, owner_id=stranger, name="Their Acme")
    for organisation_id in (theirs.id, bad_id):
        with pytest.raises(NotFound):
            lamp.set_motivation(session, owner_id=owner_id, organisation_id=organisation_id, value=3)
        with pytest.raises(NotFound):
            lamp.set_postings(session, owner_id=owner_id, organisation_id=organisation_id, value=True)
    session.refresh(theirs)
    assert (theirs.motivation, theirs.has_postings) == (0, False)
    assert lamp.lamp_page(session, owner_id=owner_id).rows == []


def test_next_to_write_suggests_contacts_not_yet_written_to_at_the_top_five_alumni_first(
    session: Session, owner_id: int
) -> None:
    add_contact(session, owner_id, "Zoe Other", organisation="Dream Co", source=Source.EVENT.value)
    add_contact(session, owner_id, "Yan Alum", organisation="Dream Co", source=Source.ALUMNI.value)
    add_contact(session, owner_id, "Abe Unrated", organisation="Unrated Inc", source=Source.ALUMNI.value)
    add_contact(session, owner_id, "Kim Keen", organisation="Keen Ltd")
    lamp.set_motivation(
        session, owner_id=owner_id, organisation_id=org_id(session, owner_id, "Dream Co"), value=3
    )
    lamp.set_motivation(
        session, owner_id=owner_id, organisation_id=org_id(session, owner_id, "Keen Ltd"), value=1
    )
    suggested = lamp.next_to_write(session, owner_id=owner_id)
    assert [s.name for s in suggested] == ["Yan Alum", "Zoe Other", "Kim Keen"]
    assert (
        suggested[0].reason
        == "An alum you haven't written to yet, at one of your top 5 employers (Dream Co)."
    )
    assert lamp.next_to_write(session, owner_id=other_owner(session)) == []


def test_my_data_export_carries_motivation_and_postings(session: Session, owner_id: int) -> None:
    from app.services.my_data import export_everything

    organisation = lamp.add_organisation(session, owner_id=owner_id, name="Acme")
    lamp.set_motivation(session, owner_id=owner_id, organisation_id=organisation.id, value=3)
    lamp.set_postings(session, owner_id=owner_id, organisation_id=organisation.id, value=True)
    exported = export_everything(session, owner_id=owner_id)["organisation"]
    assert [(o["name"], o["motivation"], o["has_postings"]) for o in exported] == [("Acme", 3, True)]


def test_today_lists_due_people_at_the_top_five_first_among_their_kind_and_says_why(
    session: Session, owner_id: int
) -> None:
    from datetime import date

    from app.domain.local_time import LocalClock
    from app.domain.vocabulary import DueKind, TouchKind
    from app.services.today import due_today
    from tests.factories import log_touch

    monday, wednesday_after = date(2026, 3, 2), date(2026, 3, 11)
    for name, organisation in (("Abe Early", "Plain Co"), ("Zed Late", "Dream Co")):
        contact = add_contact(session, owner_id, name, organisation=organisation)
        log_touch(session, owner_id, contact, TouchKind.OUTREACH_SENT.value, monday, today=monday)
    clock = LocalClock.on_day(wednesday_after)
    before = due_today(session, owner_id=owner_id, clock=clock).rows
    assert [(r.contact_name, r.kind) for r in before] == [
        ("Abe Early", DueKind.FOLLOW_UP),
        ("Zed Late", DueKind.FOLLOW_UP),
    ]
    assert not any(r.top_five for r in before)

    lamp.set_motivation(
        session, owner_id=owner_id, organisation_id=org_id(session, owner_id, "Dream Co"), value=2
    )
    after = due_today(session, owner_id=owner_id, clock=clock).rows
    assert [r.contact_name for r in after] == ["Zed Late", "Abe Early"]
    assert after[0].top_five and after[0].reason.endswith(
        "They're at one of your top 5 employers (Dream Co)."
    )
    assert "top 5" not in after[1].reason
