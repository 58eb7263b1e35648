"""Hosted mode's services on the real PostgreSQL: the advisor's view, export and deletion, the admin CLI."""

from __future__ import annotations

import io
import json
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from app.domain.contact_rules import ContactInput
from app.domain.day_words import short_date
from app.domain.vocabulary import Role
from app.models import Brief, BriefQuestion, Contact, Touch, User
from app.services import accounts, cohort, contacts, meetings, my_data, touches
from app.services.errors import NotFound

pytestmark = pytest.mark.hosted
PASSWORD = "a long enough pass phrase"
TODAY = date(2026, 3, 2)


def email(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}@example.org"


@pytest.fixture
def db(pg_engine: Engine):
    with Session(pg_engine, expire_on_commit=False) as session:
        yield session
        session.rollback()


@pytest.fixture
def cohort_setup(db: Session) -> dict[str, int]:
    advisor_email = email("advisor")
    advisor_id = accounts.create_user(db, email=advisor_email, password=PASSWORD, role=Role.ADVISOR)
    _, code = accounts.create_cohort(db, advisor_email=advisor_email, name="Cohort")
    ids = {"advisor": advisor_id}
    for name in ("active", "idle"):
        token = accounts.sign_up(
            db, email=email(name), password=PASSWORD, invite_code=code, display_name=name
        )
        signed = accounts.session_user(db, token=token)
        assert signed is not None
        ids[name] = signed.user_id
    contact_id = contacts.create_contact(
        db, owner_id=ids["active"], data=ContactInput(name="Secret Contact", notes="private notes")
    )
    touches.record_touch(
        db, owner_id=ids["active"], contact_id=contact_id, kind="outreach_sent", on=TODAY, today=TODAY
    )
    touches.record_touch(
        db, owner_id=ids["active"], contact_id=contact_id, kind="reply_received", on=TODAY, today=TODAY
    )
    meeting_id = meetings.schedule_meeting(
        db, owner_id=ids["active"], contact_id=contact_id,
        data=meetings.MeetingInput(on="2026-03-05", at="10:00", place="Café"), today=TODAY,
    )  # fmt: skip
    brief = Brief(owner_id=ids["active"], meeting_id=meeting_id, org_what="They build bridges.")
    db.add(brief)
    db.flush()
    db.add(
        BriefQuestion(owner_id=ids["active"], brief_id=brief.id, position=0, text="What changed in bridges?")
    )
    idle = db.get(User, ids["idle"])
    assert idle is not None
    idle.last_active_at = datetime.now(UTC) - timedelta(days=20)
    db.add(idle)
    db.commit()
    ids["brief"] = brief.id or 0
    return ids


def test_the_advisor_sees_counts_and_dates_but_no_names_of_contacts_or_notes(
    db: Session, cohort_setup: dict[str, int]
) -> None:
    summaries = cohort.cohort_overview(db, advisor_id=cohort_setup["advisor"])
    by_id = {s.student_id: s for s in summaries}
    active = by_id[cohort_setup["active"]]
    assert (active.contacts, active.outreach_sent, active.replies, active.meetings) == (1, 1, 1, 1)
    assert not active.inactive
    assert by_id[cohort_setup["idle"]].inactive
    idle = db.get(User, cohort_setup["idle"])
    assert idle is not None and idle.last_active_at is not None
    # Worded like every other date (27 Nov 2026), not the stored ISO form.
    assert by_id[cohort_setup["idle"]].last_activity == short_date(idle.last_active_at.date())
    everything_shown = repr(summaries)
    assert "Secret Contact" not in everything_shown and "private notes" not in everything_shown


def test_a_brief_is_visible_to_the_advisor_only_once_shared(
    db: Session, cohort_setup: dict[str, int]
) -> None:
    advisor, student = cohort_setup["advisor"], cohort_setup["active"]
    assert cohort.shared_briefs(db, advisor_id=advisor, student_id=student) == []
    brief = db.get(Brief, cohort_setup["brief"])
    assert brief is not None
    brief.shared_with_advisor = True
    db.add(brief)
    db.commit()
    [shared] = cohort.shared_briefs(db, advisor_id=advisor, student_id=student)
    assert shared.questions == ["What changed in bridges?"]
    assert shared.meeting_on == "Thursday 5 March 2026"
    assert "Secret Contact" not in repr(shared)


def test_an_advisor_cannot_read_students_outside_their_cohorts(
    db: Session, cohort_setup: dict[str, int]
) -> None:
    other_advisor = accounts.create_user(
        db, email=email("other-advisor"), password=PASSWORD, role=Role.ADVISOR
    )
    assert cohort.cohort_overview(db, advisor_id=other_advisor) == []
    with pytest.raises(NotFound):
        cohort.shared_briefs(db, advisor_id=other_advisor, student_id=cohort_setup["active"])
    assert not cohort.is_advisor(db, user_id=cohort_setup["active"])


def test_export_holds_every_owned_table_and_no_secrets(db: Session, cohort_setup: dict[str, int]) -> None:
    exported = json.loads(my_data.export_everything_json(db, owner_id=cohort_setup["active"]))
    assert [c["name"] for c in exported["contact"]] == ["Secret Contact"]
    assert {t["kind"] for t in exported["touch"]} >= {"outreach_sent", "reply_received"}
    assert exported["meeting"] and exported["brief"] and exported["briefquestion"]
    text = json.dumps(exported)
    assert "password_hash" not in text and "token_hash" not in text and "argon2" not in text


def test_deleting_an_account_removes_everything_in_it_and_nothing_else(
    db: Session, cohort_setup: dict[str, int]
) -> None:
    student, other = cohort_setup["active"], cohort_setup["idle"]
    other_contact = contacts.create_contact(db, owner_id=other, data=ContactInput(name="Stays"))
    db.commit()
    my_data.delete_everything(db, owner_id=student, keep_account=False)
    db.commit()
    assert db.get(User, student) is None
    for table in (Contact, Touch, Brief):
        assert db.exec(select(func.count()).where(table.owner_id == student)).one() == 0  # type: ignore[attr-defined]
    assert db.get(Contact, other_contact) is not None


def test_the_admin_command_creates_an_advisor_and_a_cohort_and_rotates_its_code(
    postgres_url: str, pg_engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from app import cli, migrate, settings
    from app import db as db_module

    monkeypatch.setenv("RAPPORT_MODE", "hosted")
    monkeypatch.setenv("RAPPORT_OUTREACH_SECRET", "s" * 32)
    monkeypatch.setenv("DATABASE_URL", postgres_url)
    settings.get_settings.cache_clear()
    monkeypatch.setattr(db_module, "get_engine", lambda: pg_engine)
    monkeypatch.setattr(migrate, "get_engine", lambda: pg_engine)
    try:
        advisor = email("cli-advisor")
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        assert cli.main(["create-advisor", advisor, "--password-stdin"]) == 0
        assert cli.main(["create-cohort", "--advisor", advisor, "Spring cohort"]) == 0
        created = capsys.readouterr().out
        code = created.rsplit("Invite code: ", 1)[1].strip()
        cohort_id = int(created.split("Cohort ", 1)[1].split(" ", 1)[0])
        assert cli.main(["rotate-code", str(cohort_id)]) == 0
        new_code = capsys.readouterr().out.split(": ", 1)[1].split(" ", 1)[0]
        assert new_code != code
        assert cli.main(["deactivate", advisor]) == 0
        assert cli.main(["create-cohort", "--advisor", "nobody@example.org", "X"]) == 1
        assert "No advisor has that email" in capsys.readouterr().err
    finally:
        settings.get_settings.cache_clear()
