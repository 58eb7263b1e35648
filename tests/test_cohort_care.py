"""Stuck students noticed: who is on the list and why, the nudge drafted from the cohort's template, and
the aggregates with every figure about fewer than 5 students withheld. Against SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.db import make_engine
from app.domain.k_anonymity import WITHHELD, shown_count, shown_total
from app.domain.nudges import StuckReasons, render_nudge, template_problems
from app.domain.times import utc_now
from app.domain.vocabulary import Role, TouchKind
from app.migrate import upgrade
from app.models import Cohort, Membership, User
from app.services import cohort_care
from app.services.errors import NotFound, ValidationFailed
from tests.factories import add_contact, add_meeting, log_touch

PRIVATE_CONTACT = "Secret Alum Person"


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


def advisor_with_cohort(session: Session, name: str = "Spring") -> tuple[int, int]:
    advisor = User(
        display_name="Sam Advisor", role=Role.ADVISOR, email=f"sam-{name}-{uuid.uuid4().hex[:8]}@example.edu"
    )
    session.add(advisor)
    session.flush()
    assert advisor.id is not None
    cohort = Cohort(owner_id=advisor.id, name=name, invite_code=f"code-{advisor.id}")
    session.add(cohort)
    session.flush()
    assert advisor.id is not None and cohort.id is not None
    return advisor.id, cohort.id


def student(session: Session, cohort_id: int, name: str, *, active: bool = True) -> int:
    user = User(
        display_name=name,
        email=f"{name.split()[0].lower()}-{cohort_id}@example.org",
        last_active_at=utc_now() if active else None,
        # A quiet student joined weeks ago: a newcomer with nothing yet done is not stuck.
        created_at=utc_now() if active else utc_now() - timedelta(days=20),
    )
    session.add(user)
    session.flush()
    assert user.id is not None
    session.add(Membership(owner_id=user.id, cohort_id=cohort_id))
    return user.id


def with_overdue_follow_up(session: Session, owner: int) -> None:
    today = date.today()
    contact = add_contact(session, owner, PRIVATE_CONTACT, organisation="Acme")
    log_touch(session, owner, contact, TouchKind.OUTREACH_SENT, today - timedelta(days=15), today=today)


def with_meeting_unthanked(session: Session, owner: int) -> None:
    day = date.today() - timedelta(days=3)
    contact = add_contact(session, owner, PRIVATE_CONTACT + " Two")
    add_meeting(session, owner, contact, on=day.isoformat(), today=day)


def test_k_of_5_withholds_small_groups_and_their_complements() -> None:
    assert shown_count(0, 40) == 0 and shown_count(5, 40) == 5 and shown_count(35, 40) == 35
    for small in (1, 2, 3, 4):
        assert shown_count(small, 40) is None  # four students named by a number
        assert shown_count(40 - small, 40) is None  # …or the few left over
    assert shown_count(4, 4) is None and shown_count(0, 3) is None  # a cohort under 5 says nothing
    assert shown_total(120, 5) == 120 and shown_total(12, 4) is None and shown_total(0, 2) is None


def test_the_stuck_list_names_who_and_why_from_the_card_rules(db: Session) -> None:
    advisor, spring = advisor_with_cohort(db)
    quiet = student(db, spring, "Quinn Quiet", active=False)
    overdue = student(db, spring, "Olive Overdue")
    unthanked = student(db, spring, "Uma Unthanked")
    fine = student(db, spring, "Fay Fine")
    newcomer = User(display_name="Nell New", email=f"nell-{spring}@example.org")  # joined today, nothing yet
    db.add(newcomer)
    db.flush()
    assert newcomer.id is not None
    db.add(Membership(owner_id=newcomer.id, cohort_id=spring))
    with_overdue_follow_up(db, overdue)
    with_meeting_unthanked(db, unthanked)
    # Fine wrote yesterday: nothing is due yet.
    contact = add_contact(db, fine, "Recent Person")
    log_touch(
        db, fine, contact, TouchKind.OUTREACH_SENT, date.today() - timedelta(days=1), today=date.today()
    )
    other_advisor, _ = advisor_with_cohort(db, "Autumn")

    stuck = {s.student_id: s for s in cohort_care.stuck_students(db, advisor_id=advisor)}
    assert set(stuck) == {quiet, overdue, unthanked}
    assert stuck[quiet].reasons == ["No activity for 14 days"]
    assert stuck[overdue].reasons == ["1 follow-up overdue"]
    assert stuck[unthanked].reasons == ["1 meeting without a thank-you"]
    assert stuck[overdue].mailto.startswith("mailto:olive-")
    # The nudge speaks in counts: no contact's name reaches the advisor.
    for row in stuck.values():
        assert PRIVATE_CONTACT not in row.mailto and "Secret" not in " ".join(row.reasons)
    assert cohort_care.stuck_students(db, advisor_id=other_advisor) == []


def test_the_nudge_eml_is_drafted_from_the_cohorts_own_template(db: Session) -> None:
    advisor, spring = advisor_with_cohort(db)
    overdue = student(db, spring, "Olive Overdue")
    with_overdue_follow_up(db, overdue)
    data, filename = cohort_care.nudge_eml(db, advisor_id=advisor, student_id=overdue)
    message = message_from_bytes(data, policy=policy.default)
    assert filename == "nudge-olive.eml"
    assert message["To"].startswith("olive-") and message["Subject"] == "A quick hello from Sam Advisor"
    text = message.get_content()
    assert "Hi Olive," in text and "a follow-up is waiting" in text and PRIVATE_CONTACT not in text

    with pytest.raises(ValidationFailed) as refused:
        cohort_care.save_nudge_template(
            db, advisor_id=advisor, cohort_id=spring, subject="Hi", body="Hello {student_name}"
        )
    assert "{student_name}" in refused.value.errors["body"]
    cohort_care.save_nudge_template(
        db, advisor_id=advisor, cohort_id=spring, subject="Checking in, {first_name}", body="{reasons} - Sam"
    )
    message = message_from_bytes(
        cohort_care.nudge_eml(db, advisor_id=advisor, student_id=overdue)[0], policy=policy.default
    )
    assert message["Subject"] == "Checking in, Olive"
    assert message.get_content().strip().endswith("- Sam")

    # Another advisor's student, another advisor's cohort, a junk id: not there.
    other_advisor, autumn = advisor_with_cohort(db, "Autumn")
    for bad in (overdue, "abc", 10**30):
        with pytest.raises(NotFound):
            cohort_care.nudge_eml(db, advisor_id=other_advisor, student_id=bad)
    with pytest.raises(NotFound):
        cohort_care.save_nudge_template(db, advisor_id=other_advisor, cohort_id=spring, subject="x", body="y")
    with pytest.raises(NotFound):
        cohort_care.save_nudge_template(db, advisor_id=advisor, cohort_id=autumn, subject="x", body="y")


def test_placeholders_are_filled_as_plain_text() -> None:
    reasons = StuckReasons(inactive=True, overdue_follow_ups=0, meetings_without_thanks=0)
    subject, body = render_nudge(
        "Hi {first_name}", "{reasons}", first_name="{advisor_name}", advisor_name="Sam", reasons=reasons
    )
    assert subject == "Hi {advisor_name}"  # a name that looks like a placeholder stays a name
    assert body.startswith("It's been a couple of weeks")
    assert template_problems("", "")  # both fields are needed


def test_aggregates_withhold_every_figure_about_fewer_than_5_students(db: Session) -> None:
    advisor, spring = advisor_with_cohort(db, "Spring")
    small = db.get(Cohort, spring)
    assert small is not None
    for name in ("Ana A", "Ben B", "Cat C", "Dan D"):
        student(db, spring, name)
    big = Cohort(owner_id=advisor, name="Winter", invite_code=f"winter-{advisor}")
    db.add(big)
    db.flush()
    assert big.id is not None
    members = [student(db, big.id, f"W{i} Student") for i in range(6)]
    quiet = student(db, big.id, "Quiet Winter", active=False)
    for who in members[:5]:
        add_contact(db, who, "Someone")
    rows = cohort_care.cohort_aggregates(db, advisor_id=advisor)
    by = {(r.cohort, r.figure): r.value for r in rows}
    # Spring has 4 students: every figure is withheld.
    assert {v for (c, _), v in by.items() if c == "Spring" and not _.startswith("People")} == {WITHHELD}
    # Winter has 7: totals show; 1 inactive (and 6 active) would point at one student.
    assert by[("Winter", "Students")] == "7"
    assert by[("Winter", "Contacts")] == "5"
    assert by[("Winter", "Students with no activity for 14 days")] == WITHHELD
    assert by[("Winter", "Students with a follow-up overdue")] == "0"
    assert by[("Winter", "People more than 3 students wrote to in 30 days")] == "0"
    assert quiet in [s.student_id for s in cohort_care.stuck_students(db, advisor_id=advisor)]

    exported = list(csv.reader(io.StringIO(cohort_care.aggregates_csv(rows))))
    assert exported[0] == ["cohort", "figure", "value"]
    assert ["Winter", "Contacts", "5"] in exported and ["Spring", "Contacts", WITHHELD] in exported
