"""Searching the tracker, on SQLite (local mode) and on the real PostgreSQL (hosted mode).

The two databases answer through different indexes (FTS5 trigrams and pg_trgm) and the page reads
through a plain connection, the rest of the app through a session: every path must give one answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from app.db import make_engine
from app.domain.contact_rules import ContactCreate, ContactUpdate
from app.domain.vocabulary import Stage, TouchKind
from app.migrate import upgrade
from app.models import User
from app.services import contacts, touches

TODAY = date(2026, 3, 2)


@pytest.fixture(params=["sqlite", "postgresql"])
def search_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'rapport.db'}")
        upgrade(engine)
    else:
        engine = make_engine(request.getfixturevalue("postgres_url"))
    yield engine
    engine.dispose()


@pytest.fixture
def student(search_engine: Engine) -> int:
    """A new student (the PostgreSQL database is shared by the test run: every test has its own owner)."""
    with Session(search_engine) as session:
        user = User(display_name="Searcher")
        session.add(user)
        session.commit()
        assert user.id is not None
        return user.id


def add(engine: Engine, owner_id: int, name: str, **fields: str) -> int:
    with Session(engine) as session:
        contact_id = contacts.create_contact(
            session, owner_id=owner_id, data=ContactCreate(name=name, **fields)
        )
        session.commit()
        return contact_id


def found(db: Engine | Connection | Session, owner_id: int, query: str) -> list[str]:
    """The names a search shows, read as the contacts page reads them: through a plain connection."""
    if isinstance(db, Engine):
        with db.connect() as connection:
            return found(connection, owner_id, query)
    page = contacts.list_contacts(db, owner_id=owner_id, today=TODAY, query=query)
    assert page.total == len(page.rows)  # every test here fits on one page
    return [row.name for row in page.rows]


def test_a_word_is_found_in_the_name_organisation_role_or_notes(search_engine: Engine, student: int) -> None:
    add(
        search_engine,
        student,
        "Zed Quarrie",
        organisation="Basalt Works",
        role="Geologist",
        notes="rock fair",
    )
    add(search_engine, student, "Other Person", organisation="Elsewhere")
    for query in ("quarrie", "basalt", "GEOLOG", "rock", "ock fai", "zed"):
        assert found(search_engine, student, query) == ["Zed Quarrie"], query


def test_accents_and_case_are_folded_on_both_sides(search_engine: Engine, student: int) -> None:
    add(search_engine, student, "Zoë Müller", organisation="Café Zürich")
    for query in ("zoe", "MÜLLER", "muller", "cafe zurich", "ZÜRICH"):
        assert found(search_engine, student, query) == ["Zoë Müller"], query


def test_every_word_must_match_in_any_field_and_any_order(search_engine: Engine, student: int) -> None:
    add(search_engine, student, "Ada Lovelace", organisation="Analytical Engines")
    add(search_engine, student, "Ada Byron", organisation="Poetry Press")
    assert found(search_engine, student, "ada") == ["Ada Byron", "Ada Lovelace"]
    assert found(search_engine, student, "engines ada") == ["Ada Lovelace"]
    assert found(search_engine, student, "ada press") == ["Ada Byron"]
    assert found(search_engine, student, "Ada Lo") == ["Ada Lovelace"]  # a short last word narrows too
    assert found(search_engine, student, "ada nowhere") == []


def test_one_or_two_letters_find_names_that_start_with_them(search_engine: Engine, student: int) -> None:
    add(search_engine, student, "Zora Quill")
    add(search_engine, student, "Mazo Zinn")
    assert found(search_engine, student, "Z") == ["Zora Quill"]  # "Mazo Zinn" starts with M
    assert found(search_engine, student, "zo") == ["Zora Quill"]
    assert found(search_engine, student, "ma") == ["Mazo Zinn"]
    assert found(search_engine, student, "zor") == ["Zora Quill"]  # three letters: anywhere
    assert found(search_engine, student, "azo") == ["Mazo Zinn"]


@pytest.mark.parametrize("query", ["100%", "a_b", 'say "hi"', "back\\slash", "it's", "%", "_", '"', "*"])
def test_wildcards_quotes_and_operators_are_characters_to_look_for(
    search_engine: Engine, student: int, query: str
) -> None:
    # What each query would match if it were read as a pattern: "1000", "axb", "backslash".
    add(search_engine, student, "Plain Person", role="1000 axb backslash")
    add(search_engine, student, "Literal Person", role=query)
    expected = [] if len(query) < 3 else ["Literal Person"]  # one or two characters look at names
    assert found(search_engine, student, query) == expected


def test_another_students_and_deleted_contacts_are_never_found(search_engine: Engine, student: int) -> None:
    with Session(search_engine) as session:
        other = User(display_name="Other")
        session.add(other)
        session.commit()
        assert other.id is not None
        other_id = other.id
    add(search_engine, other_id, "Zora Quill")
    gone = add(search_engine, student, "Zora Gone")
    with Session(search_engine) as session:
        contacts.delete_contact(session, owner_id=student, contact_id=gone)
        session.commit()
    assert found(search_engine, student, "zora") == []
    assert found(search_engine, student, "zo") == []
    assert found(search_engine, other_id, "quill") == ["Zora Quill"]


def test_a_session_sees_its_own_unsaved_edits_and_a_connection_the_saved_ones(
    search_engine: Engine, student: int
) -> None:
    contact_id = add(search_engine, student, "Zora Quill", role="Analyst")
    with Session(search_engine) as session:
        contacts.update_contact(
            session,
            owner_id=student,
            contact_id=contact_id,
            data=ContactUpdate(name="Zora Penn"),
        )
        assert found(session, student, "penn") == ["Zora Penn"]  # flushed before the query
        assert found(search_engine, student, "penn") == []  # not committed yet
        session.commit()
    assert found(search_engine, student, "penn") == ["Zora Penn"]
    assert found(search_engine, student, "quill") == []


def test_a_search_pages_with_its_total_and_rows_say_stage_and_dates(
    search_engine: Engine, student: int
) -> None:
    ids = [add(search_engine, student, f"Searchable {index}", organisation="Paging Co") for index in range(7)]
    with Session(search_engine) as session:
        touches.record_touch(
            session,
            owner_id=student,
            contact_id=ids[6],
            kind=TouchKind.OUTREACH_SENT.value,
            on=TODAY,
            today=TODAY,
        )
        session.commit()
    with search_engine.connect() as connection:
        page = contacts.list_contacts(
            connection, owner_id=student, today=TODAY, query="paging", per_page=3, page=3
        )
    assert (page.total, page.pages, page.page) == (7, 3, 3)
    assert [row.name for row in page.rows] == ["Searchable 6"]
    row = page.rows[0]
    assert (row.organisation, row.stage, row.stage_label) == ("Paging Co", Stage.REACHED_OUT, "Reached out")
    # Outreach on Monday 2 March: the next step (a second contact) is due 3 business days later.
    assert (row.last_touch_on, row.next_due_on) == ("2026-03-02", "2026-03-05")
