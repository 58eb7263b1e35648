"""Hosted mode in Chromium against the real PostgreSQL and Redis, several workers: accounts and privacy."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from app.db import make_engine
from app.domain.contact_rules import ContactInput
from app.models import User
from app.services import accounts, contacts, meetings
from e2e.conftest import free_port, wait_for_app
from e2e.hosted_server import HostedApp, hosted_app
from e2e.test_00_make_run import processes_started_for, workers_started_for
from e2e.test_accessibility import violations
from e2e.test_import_page import IMPORT, connections_csv
from e2e.waiting import wait_until

pytestmark = pytest.mark.hosted
PASSWORD = "a calm long pass phrase"


@pytest.fixture(scope="module")
def hosted() -> Iterator[HostedApp]:
    with hosted_app(free_port()) as app:
        yield app


@pytest.fixture(scope="module")
def cohort_code(hosted: HostedApp) -> tuple[str, str]:
    """An advisor (email) and their cohort's invite code, made the way an administrator would."""
    engine = make_engine(hosted.database_url)
    advisor = f"advisor-{uuid.uuid4().hex[:6]}@example.org"
    with Session(engine) as session:
        accounts.create_user(
            session, email=advisor, password=PASSWORD, role="advisor", display_name="Ms Advisor"
        )
        _, code = accounts.create_cohort(session, advisor_email=advisor, name="Spring")
        session.commit()
    engine.dispose()
    return advisor, code


def sign_up(page: Page, base: str, code: str, name: str) -> str:
    email = f"{name.lower()}-{uuid.uuid4().hex[:6]}@example.org"
    page.goto(base + "/signup")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Invite code").fill(code)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    return email


def log_in(page: Page, base: str, email: str, password: str = PASSWORD) -> None:
    page.goto(base + "/login")
    wait_for_app(page)  # a click while the page hydrates could be lost
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    # Wait for the server's answer to the post, then for the page it redirects to (Today, or the
    # login page with the error in its address), so an assertion never reads the blank form's page.
    blank_form = page.url
    with page.expect_response(lambda r: r.request.method == "POST" and "/auth/login" in r.url):
        page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: url != blank_form)
    wait_for_app(page)


def add_contact_for(hosted: HostedApp, email: str, name: str) -> int:
    engine = make_engine(hosted.database_url)
    with Session(engine) as session:
        user_id = session.exec(select(User.id).where(User.email == email)).one()
        contact_id = contacts.create_contact(
            session, owner_id=user_id, data=ContactInput(name=name, notes="secret")
        )
        session.commit()
    engine.dispose()
    return contact_id


def test_pages_need_a_session_and_send_visitors_to_log_in(hosted: HostedApp, page: Page) -> None:
    for path in ("/", "/contacts", "/settings", "/cohort"):
        page.goto(hosted.url + path)
        expect(page).to_have_url(re.compile(r"/login/?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    assert violations(page) == []


def test_two_students_never_see_each_others_data(
    hosted: HostedApp, cohort_code: tuple[str, str], browser: Browser
) -> None:
    _, code = cohort_code
    context_a, context_b = browser.new_context(), browser.new_context()
    page_a, page_b = context_a.new_page(), context_b.new_page()
    email_a = sign_up(page_a, hosted.url, code, "Amina")
    email_b = sign_up(page_b, hosted.url, code, "Bruno")
    add_contact_for(hosted, email_a, "Contact Of Amina")
    add_contact_for(hosted, email_b, "Contact Of Bruno")
    for page, mine, theirs in (
        (page_a, "Contact Of Amina", "Contact Of Bruno"),
        (page_b, "Contact Of Bruno", "Contact Of Amina"),
    ):
        page.goto(hosted.url + "/settings")
        with page.expect_download() as download:
            page.get_by_role("button", name="Download all my data (JSON)").click()
        exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        names = [c["name"] for c in exported["contact"]]
        assert names == [mine] and theirs not in json.dumps(exported)
        assert "password_hash" not in json.dumps(exported)
    context_a.close()
    context_b.close()


def test_the_advisor_sees_counts_but_no_contact_names_or_notes(
    hosted: HostedApp, cohort_code: tuple[str, str], browser: Browser
) -> None:
    advisor, code = cohort_code
    student_context, advisor_context = browser.new_context(), browser.new_context()
    student = student_context.new_page()
    email = sign_up(student, hosted.url, code, "Chloe")
    add_contact_for(hosted, email, "Private Person Of Chloe")
    page = advisor_context.new_page()
    log_in(page, hosted.url, advisor)
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cohort").click()
    row = page.get_by_role("region", name="Students", exact=True).get_by_role("row").filter(has_text=email)
    expect(row).to_be_visible()
    expect(row.get_by_role("cell").nth(0)).to_have_text("1")  # one contact, counted
    content = page.content()
    assert "Private Person Of Chloe" not in content and "secret" not in content
    assert violations(page) == []
    student_context.close()
    advisor_context.close()


def test_repeated_failed_logins_are_throttled_with_the_same_calm_message(
    hosted: HostedApp, cohort_code: tuple[str, str], page: Page
) -> None:
    _, code = cohort_code
    email = sign_up(page, hosted.url, code, "Dana")
    page.context.clear_cookies()
    for _ in range(accounts.FREE_FAILURES_PER_PAIR):
        log_in(page, hosted.url, email, "not my password at all")
        expect(page.get_by_role("alert")).to_contain_text("don't match an account")
    log_in(page, hosted.url, email, PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("Too many attempts")
    expect(page).to_have_url(re.compile(r"/login"))


def test_logging_out_ends_the_session_in_every_tab(
    hosted: HostedApp, cohort_code: tuple[str, str], browser: Browser
) -> None:
    _, code = cohort_code
    context = browser.new_context()
    first, second = context.new_page(), context.new_page()
    sign_up(first, hosted.url, code, "Eli")
    second.goto(hosted.url + "/settings")
    expect(second.get_by_role("heading", level=1)).to_have_text("Settings")
    first.get_by_role("button", name="Log out").click()
    expect(first).to_have_url(re.compile(r"/login"))
    expect(first.get_by_role("status")).to_contain_text("logged out")
    # The other tab's next action (here, opening another page) finds no session: off to log in.
    second.get_by_role("navigation", name="Main").get_by_role("link", name="Contacts").click()
    expect(second).to_have_url(re.compile(r"/login"))
    second.goto(hosted.url + "/settings")
    expect(second).to_have_url(re.compile(r"/login"))
    context.close()


def test_the_next_student_in_the_same_tab_sees_nothing_of_the_last_one(
    hosted: HostedApp, cohort_code: tuple[str, str], page: Page
) -> None:
    _, code = cohort_code
    t = uuid.uuid4().hex[:8]
    secret = f"Lovelace {t}"
    sign_up(page, hosted.url, code, "Amina")
    wait_for_app(page)
    first_token = page.evaluate("() => window.sessionStorage.getItem('token')")
    page.goto(hosted.url + IMPORT)
    wait_for_app(page)
    page.locator("input[type=file]").set_input_files(connections_csv(t))
    expect(page.get_by_role("heading", name="Check before importing")).to_be_visible()
    expect(page.get_by_text(secret).first).to_be_visible()  # the control: A's preview is on screen

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login"))
    sign_up(page, hosted.url, code, "Bruno")
    wait_for_app(page)
    # The tab took a new client token at logout, and the state under the old one was emptied.
    assert page.evaluate("() => window.sessionStorage.getItem('token')") not in (None, first_token)
    page.goto(hosted.url + IMPORT)
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Import contacts")
    assert secret not in page.content()
    expect(page.get_by_role("heading", name="Check before importing")).to_have_count(0)


def test_a_cross_site_form_post_is_refused(hosted: HostedApp, page: Page) -> None:
    response = page.request.post(
        hosted.url + "/auth/login",
        form={"email": "x@example.org", "password": "whatever"},
        headers={"Origin": "https://evil.example"},
        max_redirects=0,
    )
    assert response.status == 403


def test_the_session_cookie_is_httponly_and_samesite(
    hosted: HostedApp, cohort_code: tuple[str, str], page: Page
) -> None:
    _, code = cohort_code
    sign_up(page, hosted.url, code, "Farah")
    [cookie] = [c for c in page.context.cookies() if c["name"] == "rapport_session"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert page.evaluate("document.cookie").find("rapport_session") == -1


def test_a_brief_the_student_shares_is_what_the_advisor_can_read(
    hosted: HostedApp, cohort_code: tuple[str, str], browser: Browser
) -> None:
    advisor, code = cohort_code
    student_context, advisor_context = browser.new_context(), browser.new_context()
    student = student_context.new_page()
    email = sign_up(student, hosted.url, code, "Gabi")
    contact_id = add_contact_for(hosted, email, "Hidden Name Of Gabi")
    engine = make_engine(hosted.database_url)
    with Session(engine) as session:
        user_id = session.exec(select(User.id).where(User.email == email)).one()
        meeting_id = meetings.schedule_meeting(
            session, owner_id=user_id, contact_id=contact_id,
            data=meetings.MeetingInput(on="2030-01-15", at="10:00", place="Library"), today=date(2029, 12, 1),
        )  # fmt: skip
        session.commit()
    engine.dispose()
    student.goto(f"{hosted.url}/meetings/{meeting_id}/prep")
    student.get_by_role("button", name=re.compile("Review")).first.click()
    share = student.get_by_role("checkbox", name="Share this brief with my advisor")
    share.click()
    expect(share).to_be_checked()
    assert violations(student) == []

    page = advisor_context.new_page()
    log_in(page, hosted.url, advisor)
    page.goto(hosted.url + "/cohort")
    row = page.get_by_role("row").filter(has_text=email)
    row.get_by_role("button", name=re.compile("Shared briefs")).click()
    expect(page.get_by_role("heading", name=re.compile("Briefs shared by Gabi"))).to_be_visible()
    assert "Hidden Name Of Gabi" not in page.content()
    student_context.close()
    advisor_context.close()


# ---- the HTTP layer: headers, body caps, guarded page variants, login messages ----------------


def _security_headers_of(headers: dict[str, str]) -> None:
    csp = headers.get("content-security-policy", "")
    assert (
        "frame-ancestors 'none'" in csp
        and "object-src 'none'" in csp
        and "'unsafe-inline'"
        not in (next((part for part in csp.split("; ") if part.startswith("script-src")), ""))
    )
    assert headers.get("x-content-type-options") == "nosniff"
    assert headers.get("referrer-policy") == "strict-origin-when-cross-origin"
    assert "strict-transport-security" not in headers  # the public URL here is plain http


def test_security_headers_are_on_pages_files_and_form_posts_and_the_policy_breaks_no_page(
    hosted: HostedApp, cohort_code: tuple[str, str], page: Page
) -> None:
    for response in (
        page.request.get(hosted.url + "/login"),
        page.request.get(hosted.url + "/rapport.css"),
        page.request.post(
            hosted.url + "/auth/login", form={"email": "x@example.org", "password": "whatever"},
            headers={"Origin": hosted.url}, max_redirects=0,
        ),
    ):  # fmt: skip
        _security_headers_of(response.headers)
    refused: list[str] = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    sign_up(page, hosted.url, cohort_code[1], "Policy")
    for path in ("/contacts", "/compose", "/settings", "/contacts/import"):
        page.goto(hosted.url + path)
        wait_for_app(page)
    assert refused == []


def _post_upload(hosted: HostedApp, cookie: str) -> int:
    """Declares a 300 MB upload, sends its first 64 KB, and reads the answer: the rest is never built."""
    host, port = hosted.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=20) as connection:
        head = (
            f"POST /_upload HTTP/1.1\r\nHost: {host}:{port}\r\n"
            "Content-Type: multipart/form-data; boundary=x\r\n"
            f"Content-Length: {300 * 1024 * 1024}\r\nCookie: {cookie}\r\n"
            "Reflex-Client-Token: t\r\nReflex-Event-Handler: h\r\n\r\n"
        )
        connection.sendall(head.encode())
        with contextlib.suppress(OSError):  # the server may close before it takes all of this
            connection.sendall(b"x" * 65536)
        answer = connection.recv(200).decode("latin-1")
    return int(answer.split()[1])


def test_a_300_mb_upload_is_refused_with_or_without_a_session(
    hosted: HostedApp, cohort_code: tuple[str, str], page: Page
) -> None:
    assert _post_upload(hosted, "") in (401, 413)
    assert page.request.post(hosted.url + "/_upload", multipart={"files": "a,b"}).status == 401
    sign_up(page, hosted.url, cohort_code[1], "Uploader")
    [session] = [c for c in page.context.cookies() if c["name"] == "rapport_session"]
    assert _post_upload(hosted, f"rapport_session={session['value']}") == 413


def test_every_variant_of_a_page_needs_a_session_whatever_it_accepts(hosted: HostedApp, page: Page) -> None:
    for path in ("/settings", "/settings/", "/settings.html", "/settings/index.html", "/index.html"):
        for accept in ("text/html", "*/*", "application/json"):
            response = page.request.get(hosted.url + path, headers={"Accept": accept}, max_redirects=0)
            assert response.status == 303 and response.headers["location"] == "/login", (path, accept)
    assert page.request.get(hosted.url + "/login.html", max_redirects=0).status == 200


def test_the_login_page_shows_no_text_from_its_address(hosted: HostedApp, page: Page) -> None:
    attack = "<script>alert(1)</script>Your account is locked, call 555-0100"
    page.goto(f"{hosted.url}/login?error={quote(attack)}&notice={quote(attack)}")
    wait_for_app(page)
    assert "555-0100" not in page.locator("main").inner_text()
    expect(page.get_by_role("alert")).to_have_count(0)
    page.goto(f"{hosted.url}/login?error=throttled-3")
    expect(page.get_by_role("alert")).to_contain_text("Too many attempts. Wait 3 minutes")


# ---- resilience: these restart services, so they come last in this module --------------------


def _saved_goal(hosted: HostedApp, email: str) -> int:
    engine = make_engine(hosted.database_url)
    with Session(engine) as session:
        goal = session.exec(select(User.weekly_goal).where(User.email == email)).one()
    engine.dispose()
    return goal


def _set_goal_and_wait(page: Page, hosted: HostedApp, email: str, value: int) -> None:
    field = page.get_by_label("Weekly goal: outreach emails")
    field.fill(str(value))
    wait_until(
        lambda: _saved_goal(hosted, email) == value,
        timeout=20,
        message="the open page did not save after the restart",
    )


def _run(command: str) -> None:
    subprocess.run(command, shell=True, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.fixture
def signed_in_today(hosted: HostedApp, cohort_code: tuple[str, str], page: Page) -> tuple[Page, str]:
    email = sign_up(page, hosted.url, cohort_code[1], "Resilient")
    _set_goal_and_wait(page, hosted, email, 7)
    return page, email


def test_an_open_page_keeps_saving_across_a_redis_restart(hosted: HostedApp, signed_in_today) -> None:
    page, email = signed_in_today
    _run("redis-cli -h 127.0.0.1 -p 6379 shutdown nosave || true")
    _run('redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no')
    _set_goal_and_wait(page, hosted, email, 8)
    page.reload()
    expect(page.get_by_label("Weekly goal: outreach emails")).to_have_value("8")


def test_an_open_page_keeps_saving_across_a_postgresql_restart(hosted: HostedApp, signed_in_today) -> None:
    page, email = signed_in_today
    _run("pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main restart")
    _set_goal_and_wait(page, hosted, email, 9)
    page.reload()
    expect(page.get_by_label("Weekly goal: outreach emails")).to_have_value("9")


def test_a_killed_worker_is_replaced_and_nothing_saved_is_lost(hosted: HostedApp, signed_in_today) -> None:
    page, email = signed_in_today
    server = processes_started_for(hosted.data_dir)
    workers = workers_started_for(hosted.data_dir)
    assert len(workers) >= 2, "hosted mode should run several workers"
    os.kill(workers[0], signal.SIGKILL)
    _set_goal_and_wait(page, hosted, email, 10)
    page.reload()
    expect(page.get_by_label("Weekly goal: outreach emails")).to_have_value("10")
    wait_until(
        lambda: [p for p in processes_started_for(hosted.data_dir) if p not in server],
        timeout=20,
        message="no worker was respawned",
    )


def test_a_phone_can_install_rapport_before_logging_in_and_log_out_from_the_menu(
    hosted: HostedApp, cohort_code: tuple[str, str], browser: Browser
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    # What "Add to home screen" fetches comes before any login: the manifest, icons, the worker.
    for path in (
        "/manifest.webmanifest",
        "/sw.js",
        "/shell.js",
        "/icons/icon-512.png",
        "/icons/apple-touch-icon.png",
    ):
        assert page.request.get(hosted.url + path, max_redirects=0).status == 200, path
    page.goto(hosted.url + "/login")
    wait_for_app(page)
    assert (
        page.evaluate("navigator.serviceWorker.ready.then((r) => r.active.scriptURL)")
        == hosted.url + "/sw.js"
    )
    sign_up(page, hosted.url, cohort_code[1], "Phoebe")
    wait_for_app(page)
    header = page.locator("header").bounding_box()
    assert header is not None and header["height"] < 72
    page.get_by_role("button", name="Menu").click()
    log_out = page.get_by_role("navigation", name="Main").get_by_role("button", name="Log out")
    box = log_out.bounding_box()
    assert box is not None and box["height"] >= 44
    log_out.click()
    expect(page).to_have_url(re.compile(r"/login/?(\?.*)?$"))
    context.close()
