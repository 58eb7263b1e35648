"""The benchmark's websocket client speaks Reflex's protocol: hydrate, no-op and real events, on_load."""

from __future__ import annotations

import uuid

import pytest
from reflex_base.utils.format import format_event_handler
from sqlmodel import Session
from websockets.exceptions import InvalidStatus

from app.db import make_engine
from app.domain.contact_rules import ContactInput
from app.migrate import ensure_local_user
from app.services.contacts import create_contact
from app.state.contact import ContactState
from app.state.health import HealthState
from bench.reflex_client import ROOT_STATE, ReflexClient, state_of, value
from e2e.conftest import RunningApp, run_coroutine

PING = format_event_handler(HealthState.ping)  # type: ignore[arg-type]
OPEN = format_event_handler(ContactState.on_load)  # type: ignore[arg-type]
CONTACT = state_of(OPEN)


def seed_contact(app_server: RunningApp, name: str) -> int:
    engine = make_engine(app_server.database_url)
    with Session(engine) as session:
        contact_id = create_contact(session, owner_id=ensure_local_user(engine), data=ContactInput(name=name))
        session.commit()
    engine.dispose()
    return contact_id


def test_the_client_hydrates_then_gets_deltas_for_a_no_op_and_a_real_event(app_server: RunningApp) -> None:
    name = f"Client Check {uuid.uuid4().hex[:6]}"
    contact_id = seed_contact(app_server, name)

    async def run() -> None:
        async with ReflexClient(app_server.url, keep_updates=True) as client:
            await client.connect("/", timeout=30)
            assert ROOT_STATE in client.updates[0].delta
            first, update = await client.call(PING, timeout=15)
            _, again = await client.call(PING, timeout=15)
            assert (
                value(again.delta[state_of(PING)], "pongs")
                == value(update.delta[state_of(PING)], "pongs") + 1
            )
            assert 0 < first < 15
            path, query = f"/contacts/{contact_id}", {"contact_id": str(contact_id)}
            _, update = await client.call(
                OPEN, pathname=path, query=query, until=lambda d: value(d, "loaded") is True, timeout=15
            )
            assert value(update.delta[CONTACT], "heading") == name
            assert value(update.delta[CONTACT], "shown_id") == contact_id

    run_coroutine(run())


def test_the_client_runs_a_page_on_load_chain_as_the_browser_does(app_server: RunningApp) -> None:
    name = f"Chain Check {uuid.uuid4().hex[:6]}"
    contact_id = seed_contact(app_server, name)

    async def run() -> None:
        async with ReflexClient(app_server.url, keep_updates=True) as client:
            # hydrate_and_load answers with on_load_internal, which answers with the page's on_load:
            # only sending those back (as queueEvents does) gets the contact on screen.
            await client.connect(
                f"/contacts/{contact_id}",
                {"contact_id": str(contact_id)},
                until=(CONTACT, lambda d: value(d, "loaded") is True),
                timeout=30,
            )
            shown = [u.delta[CONTACT] for u in client.updates if CONTACT in u.delta]
            assert any(value(delta, "heading") == name for delta in shown)

    run_coroutine(run())


def test_a_socket_from_another_origin_is_refused(app_server: RunningApp) -> None:
    async def run() -> None:
        client = ReflexClient(app_server.url, origin="https://evil.example")
        try:
            with pytest.raises(InvalidStatus) as refused:
                await client.connect("/", timeout=10)
            assert refused.value.response.status_code == 403
        finally:
            await client.close()

    run_coroutine(run())
