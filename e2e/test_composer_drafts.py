"""Drafts that keep their edits, in a real browser: one draft per contact and kind, reopened rather
than made again; "Start again" asks first and Undo brings each earlier text back; a signature with
HTML is shown as the text the student typed."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlmodel import col, select

from app.db import make_engine, session_scope
from app.migrate import ensure_local_user
from app.models import Draft
from app.services import about_me
from e2e.conftest import BrowserErrors, RunningApp, wait_for_app
from e2e.test_composer import _no_favicon, _seed_contact, _token


def _drafts_of(app_server: RunningApp, contact_id: int) -> list[Draft]:
    engine = make_engine(app_server.database_url)
    with session_scope(engine) as session:
        rows = list(session.exec(select(Draft).where(col(Draft.contact_id) == contact_id)).all())
        for row in rows:
            session.expunge(row)
    engine.dispose()
    return rows


def _open_outreach(page: Page, app_server: RunningApp, contact_id: int) -> None:
    page.goto(app_server.url + f"/compose?contact={contact_id}&kind=outreach")
    wait_for_app(page)
    page.get_by_role("button", name="Write the draft").click()
    expect(page.get_by_label("Email", exact=True)).not_to_have_value("")


def _type_and_wait_saved(page: Page, text: str) -> None:
    body = page.get_by_label("Email", exact=True)
    body.fill(text)
    expect(page.get_by_text("Saved", exact=True)).to_be_visible(timeout=10_000)
    expect(body).to_have_value(text)


def _start_again(page: Page) -> None:
    page.get_by_role("button", name="Start again from the template").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Start again from the template?")
    dialog.get_by_role("button", name="Start again").click()
    expect(dialog).to_be_hidden()


def test_an_edited_draft_started_again_twice_comes_back_with_two_undos(
    page: Page, app_server: RunningApp, browser_errors: BrowserErrors
) -> None:
    surname = _token()
    contact_id = _seed_contact(app_server, surname)
    _no_favicon(page)
    _open_outreach(page, app_server, contact_id)
    body = page.get_by_label("Email", exact=True)
    template_text = body.input_value()
    first_edit = f"Hi Ada,\n\nMy first edit for {surname}: how did you move into engines?\n\nThanks,\nGrace"
    _type_and_wait_saved(page, first_edit)

    # Asked first: "Keep my text" leaves the edit alone.
    page.get_by_role("button", name="Start again from the template").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Keep my text").click()
    expect(body).to_have_value(first_edit)

    _start_again(page)
    expect(body).to_have_value(template_text)
    second_edit = (
        f"Hi Ada,\n\nA second try for {surname}: what surprised you about engines?\n\nThanks,\nGrace"
    )
    _type_and_wait_saved(page, second_edit)
    _start_again(page)
    expect(body).to_have_value(template_text)

    page.get_by_role("button", name="Undo").click()
    expect(body).to_have_value(second_edit)
    page.get_by_role("button", name="Undo").click()
    expect(body).to_have_value(first_edit)
    expect(page.get_by_role("button", name="Undo")).to_have_count(0)

    # What the page shows is what a reload (and the database) holds: one draft, the first edit.
    expect(page.get_by_text("Saved", exact=True)).to_be_visible(timeout=10_000)
    page.reload()
    wait_for_app(page)
    page.get_by_role("button", name=re.compile(r"^Continue Outreach")).click()
    expect(page.get_by_label("Email", exact=True)).to_have_value(first_edit)
    drafts = _drafts_of(app_server, contact_id)
    assert [draft.body for draft in drafts] == [first_edit]
    assert browser_errors.messages == []


def test_the_composer_opened_twice_reopens_the_one_draft(
    page: Page, app_server: RunningApp, browser_errors: BrowserErrors
) -> None:
    surname = _token()
    contact_id = _seed_contact(app_server, surname)
    _no_favicon(page)
    _open_outreach(page, app_server, contact_id)
    edit = f"Hi Ada,\n\nI kept this text for {surname}.\n\nThanks,\nGrace"
    _type_and_wait_saved(page, edit)

    # Opened again from scratch, and "Write the draft" pressed again: the same draft, edit intact.
    _open_outreach(page, app_server, contact_id)
    expect(page.get_by_label("Email", exact=True)).to_have_value(edit)
    page.get_by_role("button", name="Write the draft").click()
    expect(page.get_by_label("Email", exact=True)).to_have_value(edit)
    listing = page.get_by_role("list", name="Drafts and sent emails")
    expect(listing.get_by_role("listitem")).to_have_count(1)
    assert len(_drafts_of(app_server, contact_id)) == 1
    assert browser_errors.messages == []


def test_a_signature_with_html_is_shown_as_the_text_typed(
    page: Page, app_server: RunningApp, browser_errors: BrowserErrors
) -> None:
    surname = _token()
    contact_id = _seed_contact(app_server, surname)
    signature = f'<b>Grace {surname}</b><img src=x onerror="alert(1)">'
    engine = make_engine(app_server.database_url)
    owner_id = ensure_local_user(engine)
    with session_scope(engine) as session:
        about_me.save_about_me(
            session, owner_id=owner_id, values={"name": f"Grace {surname}", "signature": signature}
        )
    engine.dispose()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _no_favicon(page)
    try:
        _open_outreach(page, app_server, contact_id)
        expect(page.get_by_label("Email", exact=True)).to_have_value(re.compile(re.escape(signature) + "$"))

        page.goto(app_server.url + "/settings#about")
        wait_for_app(page)
        expect(page.get_by_label("Email signature", exact=True)).to_have_value(signature)
        # Nowhere is the signature's markup turned into elements.
        expect(page.locator("main b", has_text=f"Grace {surname}")).to_have_count(0)
        assert page.locator("img[src='x']").count() == 0
        assert dialogs == []
        assert browser_errors.messages == []
    finally:
        engine = make_engine(app_server.database_url)
        with session_scope(engine) as session:
            about_me.save_about_me(session, owner_id=owner_id, values={})
        engine.dispose()
