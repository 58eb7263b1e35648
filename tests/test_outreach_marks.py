"""Classmates writing to the same person: keyed hashes only, a 30-day window, the cohort's N, the
advisor's one figure. Against SQLite and the real PostgreSQL."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.db import make_engine
from app.domain.contact_rules import ContactCreate
from app.domain.outreach_keys import classmate_note, keyed_hash, person_keys
from app.domain.vocabulary import Role, TouchKind
from app.migrate import upgrade
from app.models import Cohort, Contact, Membership, OutreachMark, User
from app.services import drafts, outreach_marks
from app.services.errors import NotFound, ValidationFailed
from tests.factories import add_contact, log_touch

SECRET = "test-outreach-secret-0123456789abcdef"
NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)
ADA = {
    "email": "Ada.Lovelace@Example.org",
    "linkedin_url": "https://www.linkedin.com/in/Ada-Lovelace/",
    "organisation": "Acme Engines",
}
IN_CLEAR = (
    "ada.lovelace@example.org",
    "ada-lovelace",
    "ada lovelace",
    "acme engines",
    "Ada Lovelace",
    "Acme",
)
GOOD_OUTREACH = (
    "Hi Ada,\n\nAs a fellow alum, I hope you don't mind a short note. I'm curious how you came to "
    "lead engines at Acme Engines.\n\nWould you have 20 minutes in the coming weeks to share your "
    "experience?\n\nThank you,\nGrace"
)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Session]:
    if request.param == "sqlite":
        engine: Engine = make_engine(f"sqlite:///{tmp_path / 'rapport.db'}")
        upgrade(engine)
    else:
        engine = make_engine(request.getfixturevalue("postgres_url"))
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


def student(session: Session, name: str, cohort_id: int | None) -> int:
    user = User(display_name=name)
    session.add(user)
    session.flush()
    assert user.id is not None
    if cohort_id is not None:
        session.add(Membership(owner_id=user.id, cohort_id=cohort_id))
    return user.id


def cohort(session: Session, name: str = "Spring") -> tuple[int, int]:
    advisor = User(display_name="Advisor", role=Role.ADVISOR)
    session.add(advisor)
    session.flush()
    assert advisor.id is not None
    row = Cohort(owner_id=advisor.id, name=name, invite_code=f"code-{advisor.id}")
    session.add(row)
    session.flush()
    assert row.id is not None
    return advisor.id, row.id


def wrote_to(
    session: Session, owner: int, *, at: datetime = NOW, name: str = "Ada Lovelace", **fields: str
) -> int:
    """The student adds the person and writes to them (the mark is recorded as outreach is logged)."""
    contact_id = add_contact(session, owner, name, **(fields or ADA))
    contact = session.get(Contact, contact_id)
    assert contact is not None
    outreach_marks.record_outreach(session, owner_id=owner, contact=contact, secret=SECRET, now=at)
    return contact_id


def classmates_seen(session: Session, owner: int, name: str = "Ada Lovelace", **fields: str) -> int:
    data = ContactCreate(name=name, **fields)
    return outreach_marks.overlap_for_input(
        session, owner_id=owner, data=data, now=NOW, secret=SECRET
    ).classmates


def test_a_classmate_is_matched_by_linkedin_email_or_name_at_the_organisation(db: Session) -> None:
    _, spring = cohort(db)
    amina, bruno = student(db, "Amina", spring), student(db, "Bruno", spring)
    wrote_to(db, amina)
    # Each identifier alone, spelt differently, finds the same person.
    assert classmates_seen(db, bruno, "Someone", linkedin_url="linkedin.com/in/ada-lovelace") == 1
    assert classmates_seen(db, bruno, "Someone", email="ADA.LOVELACE@example.org ") == 1
    assert classmates_seen(db, bruno, "ADA  LOVELACE", organisation="acme engines") == 1
    # Not the same person: another name there, or the same name elsewhere or nowhere.
    assert classmates_seen(db, bruno, "Charles Babbage", organisation="Acme Engines") == 0
    assert classmates_seen(db, bruno, "Ada Lovelace", organisation="Other Ltd") == 0
    assert classmates_seen(db, bruno, "Ada Lovelace") == 0
    # Amina is not her own classmate.
    assert classmates_seen(db, amina, "Ada Lovelace", **ADA) == 0


def test_no_identifier_is_stored_in_clear_only_keyed_hashes(db: Session) -> None:
    _, spring = cohort(db)
    amina = student(db, "Amina", spring)
    wrote_to(db, amina)
    db.flush()
    rows = db.exec(select(OutreachMark).where(OutreachMark.student_id == amina)).all()
    assert sorted(r.kind for r in rows) == ["email", "linkedin", "name_org"]
    stored = json.dumps([r.model_dump(mode="json") for r in rows]).casefold()
    for identifier in IN_CLEAR:
        assert identifier.casefold() not in stored
    by_kind = {r.kind: r.key_hash for r in rows}
    # Keyed: an HMAC under the secret, not a plain hash anyone could recompute from a guessed address.
    assert by_kind["email"] == keyed_hash(SECRET, "email", "ada.lovelace@example.org")
    assert by_kind["email"] != hashlib.sha256(b"email:ada.lovelace@example.org").hexdigest()
    other_secret = person_keys("x" * 40, linkedin_url="", email=ADA["email"], name="", organisation="")
    assert other_secret[0].key_hash != by_kind["email"]
    # The mark table has no column that points at the contact.
    columns = {row[0] for row in db.execute(text("SELECT * FROM outreach_mark LIMIT 0")).cursor.description}  # type: ignore[attr-defined]
    assert columns == {"id", "cohort_id", "student_id", "key_hash", "kind", "created_at"}


def test_only_classmates_of_the_same_cohort_in_the_last_30_days_count(db: Session) -> None:
    _, spring = cohort(db, "Spring")
    _, autumn = cohort(db, "Autumn")
    bruno = student(db, "Bruno", spring)
    recent = student(db, "Recent", spring)
    old = student(db, "Old", spring)
    elsewhere = student(db, "Elsewhere", autumn)
    wrote_to(db, recent, at=NOW - timedelta(days=29))
    wrote_to(db, old, at=NOW - timedelta(days=31))
    wrote_to(db, elsewhere, at=NOW)
    assert classmates_seen(db, bruno, "Ada Lovelace", **ADA) == 1
    # Writing again moves the mark to the new day: Old counts once more, once.
    wrote_to(db, old, at=NOW - timedelta(days=1))
    assert classmates_seen(db, bruno, "Ada Lovelace", **ADA) == 2


def test_the_note_is_gentle_names_no_classmate_and_suggests_others_at_the_organisation(db: Session) -> None:
    _, spring = cohort(db)
    amina, bruno = student(db, "Amina Secretname", spring), student(db, "Bruno", spring)
    wrote_to(db, amina)
    mine = add_contact(db, bruno, "Ada Lovelace", **ADA)
    add_contact(db, bruno, "Grace Hopper", organisation="Acme Engines")
    add_contact(db, bruno, "Elsewhere Person", organisation="Other Ltd")
    overlap = outreach_marks.overlap_for_contact(db, owner_id=bruno, contact_id=mine, now=NOW, secret=SECRET)
    assert overlap.classmates == 1 and overlap.suggestions == ["Grace Hopper"]
    assert overlap.message == (
        "1 classmate wrote to this person this month; someone else at Acme Engines might be a better "
        "first contact: Grace Hopper."
    )
    assert "Amina" not in overlap.message
    assert classmate_note(2, "Acme", []) == (
        "2 classmates wrote to this person this month; someone else at Acme might be a better first contact."
    )
    # Another student's contact id is not Bruno's to ask about.
    with pytest.raises(NotFound):
        outreach_marks.overlap_for_contact(db, owner_id=amina, contact_id=mine, secret=SECRET)


def test_at_the_cohorts_n_mark_as_sent_waits_for_the_student_to_confirm(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outreach_marks, "_secret", lambda: SECRET)
    advisor, spring = cohort(db)
    classmates = [student(db, f"Classmate {i}", spring) for i in range(3)]
    grace = student(db, "Grace", spring)
    for who in classmates[:2]:
        wrote_to(db, who)
    contact_id = add_contact(db, grace, "Ada Lovelace", **ADA)
    draft_id = drafts.create_draft(db, owner_id=grace, contact_id=contact_id, kind="outreach")
    drafts.save_draft(db, owner_id=grace, draft_id=draft_id, subject="A question", body=GOOD_OUTREACH)

    # Two classmates, N = 3: warned, not blocked.
    overlap = outreach_marks.overlap_for_contact(db, owner_id=grace, contact_id=contact_id, now=NOW)
    assert (overlap.classmates, overlap.needs_confirm) == (2, False)
    # The advisor lowers N to 2: now it waits for a confirmation.
    assert outreach_marks.set_outreach_limit(db, advisor_id=advisor, cohort_id=spring, limit="2") == 2
    with pytest.raises(NotFound):
        outreach_marks.set_outreach_limit(db, advisor_id=grace, cohort_id=spring, limit="5")
    with pytest.raises(ValidationFailed):
        outreach_marks.set_outreach_limit(db, advisor_id=advisor, cohort_id=spring, limit="0")
    assert outreach_marks.overlap_for_contact(
        db, owner_id=grace, contact_id=contact_id, now=NOW
    ).needs_confirm
    with pytest.raises(ValidationFailed) as refused:
        drafts.mark_sent(db, owner_id=grace, draft_id=draft_id, today=TODAY, now=NOW)
    assert "classmates" in refused.value.errors
    assert drafts.get_draft(db, owner_id=grace, draft_id=draft_id).status == "draft"
    # Confirmed: sent, and Grace's own outreach is marked for whoever comes next.
    drafts.mark_sent(db, owner_id=grace, draft_id=draft_id, today=TODAY, now=NOW, confirmed_classmates=True)
    assert drafts.get_draft(db, owner_id=grace, draft_id=draft_id).status == "sent"
    assert classmates_seen(db, classmates[2], "Ada Lovelace", **ADA) == 3


def test_logging_outreach_records_a_mark_and_old_history_does_not(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outreach_marks, "_secret", lambda: SECRET)
    _, spring = cohort(db)
    amina, bruno = student(db, "Amina", spring), student(db, "Bruno", spring)
    today = date.today()
    contact_id = add_contact(db, amina, "Ada Lovelace", **ADA)
    log_touch(db, amina, contact_id, TouchKind.OUTREACH_SENT, today - timedelta(days=60), today=today)
    assert db.exec(select(OutreachMark).where(OutreachMark.student_id == amina)).all() == []
    log_touch(db, amina, contact_id, TouchKind.OUTREACH_SENT, today, today=today)
    data = ContactCreate(name="Ada Lovelace", **ADA)
    assert outreach_marks.overlap_for_input(db, owner_id=bruno, data=data).classmates == 1


def test_local_mode_without_a_secret_records_and_warns_nothing(db: Session) -> None:
    _, spring = cohort(db)
    amina, bruno = student(db, "Amina", spring), student(db, "Bruno", spring)
    contact_id = add_contact(db, amina, "Ada Lovelace", **ADA)
    log_touch(db, amina, contact_id, TouchKind.OUTREACH_SENT, TODAY)
    assert db.exec(select(OutreachMark).where(OutreachMark.student_id == amina)).all() == []
    assert outreach_marks.overlap_for_input(
        db, owner_id=bruno, data=ContactCreate(name="Ada Lovelace", **ADA)
    ) == (outreach_marks.NONE)


def test_the_advisor_counts_people_written_to_by_more_than_n_students_each_person_once(db: Session) -> None:
    _, spring = cohort(db)
    writers = [student(db, f"Writer {i}", spring) for i in range(5)]
    for who in writers[:4]:
        wrote_to(db, who)  # one person, three identifiers each time: one person, not three
    for who in writers[:3]:
        # Another send (another moment): another person, even from the same student.
        wrote_to(
            db,
            who,
            at=NOW - timedelta(minutes=1),
            name="Grace Hopper",
            email="grace@example.org",
            linkedin_url="",
            organisation="",
        )
    wrote_to(db, writers[4], at=NOW - timedelta(days=40), name="Old Alum", email="old@example.org")
    assert outreach_marks.flooded_people(db, cohort_id=spring, limit=3, now=NOW) == (1, 4)
    assert outreach_marks.flooded_people(db, cohort_id=spring, limit=2, now=NOW) == (2, 4)
    assert outreach_marks.flooded_people(db, cohort_id=spring, limit=4, now=NOW) == (0, 0)
