"""A hostile websocket client, signed in as student B, replays handlers with student A's ids: it gets
nothing of A's back, and A's data is unchanged afterwards (hosted mode: PostgreSQL, Redis, workers)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import pytest
from reflex_base.utils.format import format_event_handler
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.db import make_engine
from app.domain.contact_rules import ContactInput
from app.models import Draft
from app.services import accounts, contacts, drafts, meetings, notes, touches
from app.services.meetings import MeetingInput
from app.state.compose import NOT_FOUND_MESSAGE, ComposeState
from app.state.contact import ContactState
from app.state.health import HealthState
from app.state.meeting_notes import MeetingNotesState
from bench.reflex_client import ReflexClient, state_of, value
from e2e.conftest import free_port, run_coroutine
from e2e.hosted_server import HostedApp, hosted_app

pytestmark = pytest.mark.hosted
PASSWORD = "a calm long pass phrase"


def name_of(handler: object) -> str:
    # The real names, from the app's classes: a renamed handler fails here, not silently.
    return format_event_handler(handler)  # type: ignore[arg-type]


CONTACT = state_of(name_of(ContactState.on_load))
NOTES = state_of(name_of(MeetingNotesState.load))
COMPOSE = state_of(name_of(ComposeState.load))
PING = name_of(HealthState.ping)


@dataclass(frozen=True)
class StudentA:
    token: str
    user_id: int
    contact_id: int
    meeting_id: int
    draft_id: int
    secrets: tuple[str, ...]


@dataclass(frozen=True)
class StudentB:
    token: str
    user_id: int
    contact_id: int
    contact_name: str


@pytest.fixture(scope="module")
def hosted() -> Iterator[HostedApp]:
    with hosted_app(free_port()) as app:
        yield app


@pytest.fixture(scope="module")
def engine(hosted: HostedApp) -> Iterator[Engine]:
    engine = make_engine(hosted.database_url)
    yield engine
    engine.dispose()


def make_student(session: Session, label: str) -> tuple[int, str]:
    user_id = accounts.create_user(
        session, email=f"{label}-{uuid.uuid4().hex[:6]}@example.org", password=PASSWORD, role="student"
    )
    return user_id, accounts.start_session(session, user_id=user_id)


@pytest.fixture(scope="module")
def students(engine: Engine) -> tuple[StudentA, StudentB]:
    mark = uuid.uuid4().hex[:8]
    name = f"Zelda Quartermaine {mark}"
    contact_notes = f"Private contact notes {mark}"
    touch = f"Private touch summary {mark}"
    trends = f"Private meeting notes {mark}"
    body = f"Private draft body {mark}"
    today = date.today()
    with Session(engine) as session:
        a_id, a_token = make_student(session, "amina")
        a_contact = contacts.create_contact(
            session,
            owner_id=a_id,
            data=ContactInput(name=name, email=f"zelda-{mark}@example.org", notes=contact_notes),
        )
        touches.record_touch(
            session, owner_id=a_id, contact_id=a_contact, kind="note", on=today, today=today, summary=touch
        )
        a_meeting = meetings.schedule_meeting(
            session,
            owner_id=a_id,
            contact_id=a_contact,
            today=today,
            data=MeetingInput(on=today.isoformat(), at="10:00", place="Library"),
        )
        notes.save_note(session, owner_id=a_id, meeting_id=a_meeting, field="trends", text=trends)
        a_draft = drafts.create_draft(session, owner_id=a_id, contact_id=a_contact, kind="outreach")
        drafts.save_draft(session, owner_id=a_id, draft_id=a_draft, subject=f"Hello {mark}", body=body)
        b_id, b_token = make_student(session, "bruno")
        b_name = f"Bruno's Own Contact {uuid.uuid4().hex[:8]}"
        b_contact = contacts.create_contact(session, owner_id=b_id, data=ContactInput(name=b_name))
        session.commit()
    a = StudentA(
        a_token, a_id, a_contact, a_meeting, a_draft, (name, mark, contact_notes, touch, trends, body)
    )
    return a, StudentB(b_token, b_id, b_contact, b_name)


def snapshot(engine: Engine, a: StudentA, b: StudentB) -> dict[str, Any]:
    """Everything of A's the handlers could reach, read as A; and how many contacts B has."""
    today = date.today()
    with Session(engine) as session:
        return {
            "contact": asdict(
                contacts.contact_detail(session, owner_id=a.user_id, contact_id=a.contact_id, today=today)
            ),
            "timeline": [
                asdict(t) for t in touches.timeline(session, owner_id=a.user_id, contact_id=a.contact_id)
            ],
            "meetings": [
                asdict(m)
                for m in meetings.meetings_for_contact(
                    session, owner_id=a.user_id, contact_id=a.contact_id, today=today
                )
            ],
            "notes": asdict(notes.meeting_notes(session, owner_id=a.user_id, meeting_id=a.meeting_id)),
            "suggested": [
                asdict(p)
                for p in notes.suggested_people(session, owner_id=a.user_id, meeting_id=a.meeting_id)
            ],
            "draft": asdict(drafts.get_draft(session, owner_id=a.user_id, draft_id=a.draft_id)),
            "a_contacts": contacts.list_contacts(session, owner_id=a.user_id, today=today).total,
            "b_contacts": contacts.list_contacts(session, owner_id=b.user_id, today=today).total,
        }


def contact_route(contact_id: int) -> tuple[str, dict[str, str]]:
    return f"/contacts/{contact_id}", {"contact_id": str(contact_id)}


async def barrier(client: ReflexClient) -> None:
    """Events of one tab run in order: once a ping is answered, everything sent before it has run."""
    await client.call(PING, timeout=20)


async def replay_as_b(url: str, a: StudentA, b: StudentB) -> tuple[ReflexClient, dict[str, Any]]:
    client = ReflexClient(url, cookies={"rapport_session": b.token}, keep_updates=True)
    seen: dict[str, Any] = {}
    own_path, own_query = contact_route(b.contact_id)
    await client.connect(
        own_path, own_query, until=(CONTACT, lambda d: value(d, "loaded") is True), timeout=30
    )
    # Control: the channel works and shows B's own contact, so "nothing of A's" below means something.
    seen["own"] = [u.delta.get(CONTACT, {}) for u in client.updates]
    a_path, a_query = contact_route(a.contact_id)

    # The contact page with A's contact in the address, then logging a touch and scheduling on it.
    _, update = await client.call(
        name_of(ContactState.on_load),
        pathname=a_path,
        query=a_query,
        until=lambda d: value(d, "loaded") is True,
        timeout=20,
    )
    seen["open_a"] = update.delta[CONTACT]
    for handler, payload in (
        (ContactState.set_log_kind, {"value": "note"}),
        (ContactState.set_log_summary, {"value": "hostile note"}),
        (ContactState.log_touch, {}),
        (ContactState.set_meeting_on, {"value": date.today().isoformat()}),
        (ContactState.set_meeting_at, {"value": "09:00"}),
        (ContactState.schedule_meeting, {}),
        (ContactState.mark_held, {"meeting_id": a.meeting_id}),
        (ContactState.download_calendar_file, {"meeting_id": a.meeting_id}),
    ):
        await client.send(name_of(handler), payload)
    # Reflex's own var-setting handler only takes client-storage vars; try to point the page at A's
    # contact through it anyway, then log a touch (the service's owner check is the last line).
    await client.send(
        "reflex___state____state.reflex___state____update_vars_internal_state.update_vars_internal",
        {"vars": {f"{CONTACT}.shown_id": a.contact_id, f"{CONTACT}.found": True}},
    )
    await client.send(name_of(ContactState.log_touch), {})
    await barrier(client)

    # The meeting-notes page for A's meeting, then autosaving over its notes and adding a person.
    notes_path = f"/meetings/{a.meeting_id}/notes"
    _, update = await client.call(
        name_of(MeetingNotesState.load),
        pathname=notes_path,
        query={"meeting_id": str(a.meeting_id)},
        until=lambda d: value(d, "loaded") is True,
        timeout=20,
    )
    seen["notes_a"] = update.delta[NOTES]
    for handler, payload in (
        (MeetingNotesState.edit_trends, {"value": "hostile overwrite"}),
        (MeetingNotesState.add_person, {"form_data": {"name": "Hostile Person", "organisation": "X"}}),
        (MeetingNotesState.mark_held, {}),
        (MeetingNotesState.set_keep_months, {"value": "12"}),
    ):
        await client.send(name_of(handler), payload)
    await barrier(client)

    # The composer with A's draft in the address, then opening it by id, editing and marking it sent.
    search = {"contact": str(a.contact_id), "draft": str(a.draft_id)}
    _, update = await client.call(name_of(ComposeState.load), pathname="/compose", search=search, timeout=20)
    seen["compose_a"] = update.delta[COMPOSE]
    _, update = await client.call(name_of(ComposeState.open_draft), {"draft_id": str(a.draft_id)}, timeout=20)
    seen["open_draft_a"] = update.delta[COMPOSE]
    search_name = name_of(ComposeState.search_contacts)
    _, update = await client.call(search_name, {"value": "Quartermaine"}, timeout=20)
    seen["search_a"] = update.delta[COMPOSE]
    for handler, payload in (
        (ComposeState.choose_contact, {"contact_id": str(a.contact_id)}),
        (ComposeState.edit_body, {"value": "hostile body"}),
        (ComposeState.mark_sent, {}),
        (ComposeState.download_eml, {}),
        (ComposeState.set_keep_months, {"value": "12"}),
    ):
        await client.send(name_of(handler), payload)
    await barrier(client)
    await client.close()
    return client, seen


async def replay_signed_out(url: str, a: StudentA) -> ReflexClient:
    """No session cookie at all: the page's handler sends the visitor to log in, with nothing else."""
    client = ReflexClient(url, keep_updates=True)
    path, query = contact_route(a.contact_id)
    await client.connect(path, query, timeout=30)
    await client.send(name_of(ContactState.on_load), pathname=path, query=query)
    await barrier(client)
    await client.close()
    return client


def everything_received(client: ReflexClient) -> str:
    return json.dumps([[u.delta, u.events] for u in client.updates] + client.frontend_events)


def test_student_b_replaying_handlers_with_a_ids_gets_nothing_and_changes_nothing(
    hosted: HostedApp, engine: Engine, students: tuple[StudentA, StudentB]
) -> None:
    a, b = students
    before = snapshot(engine, a, b)
    client, seen = run_coroutine(replay_as_b(hosted.url, a, b))

    # The control: B's own contact came through this same socket.
    assert any(value(delta, "heading") == b.contact_name for delta in seen["own"])
    # Each replay ran and was refused (not silently dropped).
    assert value(seen["open_a"], "found") is False and value(seen["open_a"], "shown_id") == 0
    assert value(seen["notes_a"], "missing") is True and value(seen["notes_a"], "notes_meeting") == 0
    assert value(seen["compose_a"], "notice") == NOT_FOUND_MESSAGE
    assert value(seen["compose_a"], "draft_id") == 0
    assert value(seen["open_draft_a"], "notice") == NOT_FOUND_MESSAGE
    assert value(seen["search_a"], "matches") == []

    received = everything_received(client)
    assert len(client.updates) > 10
    for secret in a.secrets:
        assert secret not in received, f"A's data reached B: {secret!r}"
    assert snapshot(engine, a, b) == before


def test_a_signed_out_client_is_sent_to_log_in_and_sees_nothing(
    hosted: HostedApp, students: tuple[StudentA, StudentB]
) -> None:
    a, _ = students
    client = run_coroutine(replay_signed_out(hosted.url, a))
    received = everything_received(client)
    assert "/login" in received
    for secret in a.secrets:
        assert secret not in received


async def open_contact_in_tab(url: str, token: str, cookie: str | None, contact_id: int) -> ReflexClient:
    """One tab (one client token) opening a contact page, with the session cookie it has (or none)."""
    cookies = {"rapport_session": cookie} if cookie else {}
    client = ReflexClient(url, cookies=cookies, token=token, keep_updates=True)
    path, query = contact_route(contact_id)
    if cookie:
        # Signed in: wait for the page's own on_load to have shown the contact.
        await client.connect(path, query, until=(CONTACT, lambda d: value(d, "loaded") is True), timeout=30)
    else:
        await client.connect(path, query, timeout=30)
    # Twice: the on_load the hydrate asked for is sent back after the first ping may have gone.
    await barrier(client)
    await barrier(client)
    await client.close()
    return client


def test_a_tab_token_replayed_after_logout_or_by_the_next_student_gets_nothing_of_the_last_one(
    hosted: HostedApp, engine: Engine, students: tuple[StudentA, StudentB]
) -> None:
    a, b = students
    with Session(engine) as session:
        a_session = accounts.start_session(session, user_id=a.user_id)
        session.commit()
    tab = str(uuid.uuid4())
    # A fills the tab's state with her contact (the control: the secrets do travel to her).
    seen_by_a = run_coroutine(open_contact_in_tab(hosted.url, tab, a_session, a.contact_id))
    assert a.secrets[0] in everything_received(seen_by_a)

    with Session(engine) as session:
        accounts.end_session(session, token=a_session)
        session.commit()
    # The same tab token, replayed with no cookie, then by B signed in in that tab.
    anonymous = run_coroutine(open_contact_in_tab(hosted.url, tab, None, a.contact_id))
    next_student = run_coroutine(open_contact_in_tab(hosted.url, tab, b.token, b.contact_id))
    assert len(anonymous.updates) >= 1 and len(next_student.updates) >= 1
    for client in (anonymous, next_student):
        received = everything_received(client)
        for secret in a.secrets:
            assert secret not in received, f"A's data outlived her session: {secret!r}"
    assert b.contact_name in everything_received(next_student)


HOSTILE_PAYLOADS = {
    "an id of 2**31": '{"draft_id": 2147483648}',
    "an id of 2**63": '{"draft_id": 9223372036854775808}',
    "1e400": '{"draft_id": 1e400}',
    "a NUL byte": '{"value": "Hello\\u0000 there"}',
    "3,000 levels deep": '{"value": ' + "[" * 3000 + "1" + "]" * 3000 + "}",
    "a 900 KB body": '{"value": "' + "x" * 900_000 + '"}',
}


async def send_hostile_payloads(url: str, b: StudentB) -> tuple[ReflexClient, list[bool]]:
    client = ReflexClient(url, cookies={"rapport_session": b.token}, keep_updates=True)
    await client.connect("/compose", timeout=30)
    await barrier(client)  # the page's own on_load has run before the address below is opened
    # The control: B's own draft is open, so the edits below had somewhere to land.
    search = {"contact": str(b.contact_id), "kind": "outreach"}
    await client.call(
        name_of(ComposeState.load), pathname="/compose", search=search,
        until=lambda d: bool(value(d, "draft_id")), timeout=20,
    )  # fmt: skip
    alive = []
    for payload in HOSTILE_PAYLOADS.values():
        for handler in (ComposeState.open_draft, ComposeState.edit_body):
            await client.send_raw_payload(name_of(handler), payload)
        # The socket stays up and the tab's events go on being answered.
        await barrier(client)
        alive.append(True)
    await client.close()
    return client, alive


def test_hostile_payloads_are_calm_no_ops_and_nothing_large_is_kept_or_echoed(
    hosted: HostedApp, engine: Engine, students: tuple[StudentA, StudentB]
) -> None:
    _, b = students
    client, alive = run_coroutine(send_hostile_payloads(hosted.url, b))
    assert alive == [True] * len(HOSTILE_PAYLOADS)
    received = everything_received(client)
    # No error toast (a traceback's only trace in the browser) and no frame anywhere near the 900 KB sent.
    assert "An error occurred" not in received and "error" not in json.dumps(client.frontend_events).lower()
    assert max(update.size for update in client.updates) < 100_000
    with Session(engine) as session:
        bodies = session.exec(select(Draft.body).where(Draft.owner_id == b.user_id)).all()
    # The one payload a page could have sent was saved, without its NUL; none of the others was.
    assert list(bodies) == ["Hello there"]
