"""No typing is lost without a word (issue #11, point 2): the composer in hosted mode, typed into in
Chromium while a worker is killed, Redis is flushed or restarted, or PostgreSQL refuses connections for
ten seconds. What the database holds afterwards is compared with every character typed.

Runs against its own Redis and database, so the faults touch no other test's services.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import create_engine, text
from sqlmodel import Session

from app.db import make_engine
from app.domain.contact_rules import ContactInput
from app.models import Draft
from app.services import accounts, contacts, drafts
from bench.hosted_load import private_redis
from e2e.conftest import free_port, wait_for_app
from e2e.hosted_server import POSTGRES_ADMIN_URL, HostedApp, hosted_app
from e2e.test_00_make_run import workers_started_for
from e2e.waiting import wait_until

pytestmark = pytest.mark.hosted
RECOVERY: dict[str, float] = {}


@pytest.fixture(scope="module")
def redis_pid() -> Iterator[tuple[str, int]]:
    with private_redis() as (url, pid):
        yield url, pid
        # A test may have restarted it as another process on the same port: stop whichever runs.
        port = url.rsplit(":", 1)[1].split("/")[0]
        subprocess.run(["redis-cli", "-p", port, "shutdown", "nosave"], capture_output=True)


@pytest.fixture(scope="module")
def hosted(redis_pid: tuple[str, int]) -> Iterator[HostedApp]:
    previous = os.environ.get("RAPPORT_TEST_REDIS")
    os.environ["RAPPORT_TEST_REDIS"] = redis_pid[0]
    import e2e.hosted_server as server

    server.REDIS_URL, saved = redis_pid[0], server.REDIS_URL
    try:
        with hosted_app(free_port(), workers=3) as app:
            yield app
    finally:
        server.REDIS_URL = saved
        if previous is None:
            os.environ.pop("RAPPORT_TEST_REDIS", None)
        else:
            os.environ["RAPPORT_TEST_REDIS"] = previous


def new_draft(hosted: HostedApp) -> tuple[str, int]:
    """A student with a contact and an empty outreach draft; their session token."""
    engine = make_engine(hosted.database_url)
    with Session(engine) as session:
        user_id = accounts.create_user(
            session, email=f"typist-{uuid.uuid4().hex[:6]}@example.org", password="a calm long pass phrase",
            role="student",
        )  # fmt: skip
        contact_id = contacts.create_contact(session, owner_id=user_id, data=ContactInput(name="Maya Chen"))
        draft_id = drafts.create_draft(session, owner_id=user_id, contact_id=contact_id, kind="outreach")
        drafts.save_draft(session, owner_id=user_id, draft_id=draft_id, subject="Hello", body="")
        token = accounts.start_session(session, user_id=user_id)
        session.commit()
    engine.dispose()
    return token, draft_id


def saved_body(hosted: HostedApp, draft_id: int) -> str:
    engine = make_engine(hosted.database_url)
    try:
        with Session(engine) as session:
            draft = session.get(Draft, draft_id)
            return draft.body if draft else ""
    finally:
        engine.dispose()


def open_composer(
    browser: Browser, hosted: HostedApp, token: str, draft_id: int
) -> tuple[BrowserContext, Page]:
    context = browser.new_context()
    host = hosted.url.split("://", 1)[1].split(":")[0]
    context.add_cookies([{"name": "rapport_session", "value": token, "domain": host, "path": "/"}])
    page = context.new_page()
    page.goto(f"{hosted.url}/compose?draft={draft_id}")
    wait_for_app(page)
    expect(page.get_by_label("Email", exact=True)).to_be_visible()
    return context, page


def type_in_body(page: Page, words: str) -> None:
    page.get_by_label("Email", exact=True).press_sequentially(words, delay=25)


def chars_lost(typed: str, saved: str) -> int:
    kept = 0
    for a, b in zip(typed, saved, strict=False):
        if a != b:
            break
        kept += 1
    return len(typed) - kept


def typed_through(
    browser: Browser,
    hosted: HostedApp,
    fault: Callable[[], None],
    name: str,
    *,
    after: Callable[[Page], None] | None = None,
) -> tuple[str, str]:
    token, draft_id = new_draft(hosted)
    context, page = open_composer(browser, hosted, token, draft_id)
    before = "Dear Maya, I'm a second-year student exploring product design. "
    during = "Would you have twenty minutes for a call about your path? "
    type_in_body(page, before)
    fault()
    type_in_body(page, during)
    if after is not None:
        after(page)
    typed = before + during
    started = time.monotonic()
    wait_until(lambda: saved_body(hosted, draft_id) == typed, timeout=60, message=f"typing lost after {name}")
    RECOVERY[name] = round(time.monotonic() - started, 1)
    expect(page.locator('[data-autosave-status$=":body"]')).to_have_text("Saved")
    saved = saved_body(hosted, draft_id)
    print(
        f"\n{name}: {chars_lost(typed, saved)} characters lost, saved {RECOVERY[name]} s after typing stopped"
    )
    context.close()
    return typed, saved


def workers_of(hosted: HostedApp) -> list[int]:
    return workers_started_for(hosted.data_dir)


def test_no_character_is_lost_when_every_worker_is_killed_mid_typing(
    hosted: HostedApp, browser: Browser
) -> None:
    def kill_workers() -> None:
        for pid in workers_of(hosted):
            os.kill(pid, signal.SIGKILL)

    typed, saved = typed_through(browser, hosted, kill_workers, "kill -9 of every worker")
    assert chars_lost(typed, saved) == 0


def test_no_character_is_lost_across_a_redis_flush(
    hosted: HostedApp, browser: Browser, redis_pid: tuple[str, int]
) -> None:
    port = redis_pid[0].rsplit(":", 1)[1].split("/")[0]

    def flush() -> None:
        subprocess.run(["redis-cli", "-p", port, "FLUSHALL"], check=True, capture_output=True)

    typed, saved = typed_through(browser, hosted, flush, "Redis flush")
    assert chars_lost(typed, saved) == 0


def _database_connections(hosted: HostedApp, allow: bool) -> None:
    name = hosted.database_url.rsplit("/", 1)[1]
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {"true" if allow else "false"}'))
        if not allow:
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
                {"name": name},
            )
    admin.dispose()


def test_no_character_is_lost_while_postgresql_refuses_connections_for_ten_seconds(
    hosted: HostedApp, browser: Browser
) -> None:
    down_since: list[float] = []

    def database_down() -> None:
        _database_connections(hosted, allow=False)
        down_since.append(time.monotonic())

    def honest_then_back(page: Page) -> None:
        # While the database is away, the page never claims the text is saved.
        status = page.locator('[data-autosave-status$=":body"]')
        expect(status).to_have_text("Not saved yet, retrying", timeout=10_000)
        page.wait_for_timeout(2000)
        expect(status).to_have_text("Not saved yet, retrying")
        time.sleep(max(0.0, 10 - (time.monotonic() - down_since[0])))
        _database_connections(hosted, allow=True)

    try:
        typed, saved = typed_through(
            browser, hosted, database_down, "PostgreSQL refusing connections for 10 s", after=honest_then_back
        )
    finally:
        _database_connections(hosted, allow=True)
    assert chars_lost(typed, saved) == 0


def test_two_tabs_on_one_draft_keep_each_others_fields(hosted: HostedApp, browser: Browser) -> None:
    token, draft_id = new_draft(hosted)
    first_context, first = open_composer(browser, hosted, token, draft_id)
    second_context, second = open_composer(browser, hosted, token, draft_id)
    first.get_by_label("Subject").fill("Twenty minutes about your path?")
    type_in_body(second, "Dear Maya, I loved your talk on design systems.")
    engine = make_engine(hosted.database_url)
    wait_until(
        lambda: (
            (lambda d: (d.subject, d.body))(Session(engine).get(Draft, draft_id))
            == ("Twenty minutes about your path?", "Dear Maya, I loved your talk on design systems.")
        ),
        timeout=30,
        message="one tab's save reverted the other's",
    )
    engine.dispose()
    second.reload()
    wait_for_app(second)
    expect(second.get_by_label("Subject")).to_have_value("Twenty minutes about your path?")
    first_context.close()
    second_context.close()


def test_no_character_is_lost_across_a_redis_restart(
    hosted: HostedApp, browser: Browser, redis_pid: tuple[str, int]
) -> None:
    port = redis_pid[0].rsplit(":", 1)[1].split("/")[0]

    def restart() -> None:
        subprocess.run(["redis-cli", "-p", port, "shutdown", "nosave"], capture_output=True)
        # Daemonised, so it outlives this test; the module's fixture stops it at the end.
        server = ["redis-server", "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        subprocess.run([*server, "--daemonize", "yes"], check=True, capture_output=True)

    typed, saved = typed_through(browser, hosted, restart, "Redis restart")
    assert chars_lost(typed, saved) == 0


def test_a_tab_that_typed_offline_is_told_when_another_tab_saved_the_same_field(
    hosted: HostedApp, browser: Browser
) -> None:
    token, draft_id = new_draft(hosted)
    first_context, first = open_composer(browser, hosted, token, draft_id)
    second_context, second = open_composer(browser, hosted, token, draft_id)
    first_context.set_offline(True)
    type_in_body(first, "Dear Maya, written on the train.")
    type_in_body(second, "Dear Maya, written at my desk.")
    wait_until(
        lambda: saved_body(hosted, draft_id) == "Dear Maya, written at my desk.",
        timeout=30,
        message="the second tab did not save",
    )
    first_context.set_offline(False)
    # The first tab comes back to a text it never sent: it says so instead of overwriting it silently.
    status = first.locator('[data-autosave-status$=":body"]')
    expect(status).to_contain_text("changed in another tab", timeout=30_000)
    assert saved_body(hosted, draft_id) == "Dear Maya, written at my desk."
    # The student chooses: their kept text goes back in and is saved.
    status.get_by_role("button", name="Use my text").click()
    wait_until(
        lambda: saved_body(hosted, draft_id) == "Dear Maya, written on the train.",
        timeout=30,
        message="the kept text was not put back",
    )
    expect(status).to_have_text("Saved")
    first_context.close()
    second_context.close()
