"""About me in a real browser: filled in settings (each field saves on leaving it), it signs the drafts."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from app.db import make_engine, session_scope
from app.migrate import ensure_local_user
from app.services import about_me
from e2e.conftest import BrowserErrors, RunningApp, wait_for_app
from e2e.test_composer import _no_favicon, _seed_contact, _token


def _forget_about_me(app_server: RunningApp) -> None:
    # Other browser tests expect the student's gaps in a fresh draft: leave About me empty again.
    engine = make_engine(app_server.database_url)
    owner_id = ensure_local_user(engine)
    with session_scope(engine) as session:
        about_me.save_about_me(session, owner_id=owner_id, values={})
    engine.dispose()


def test_about_me_filled_in_settings_signs_an_outreach(
    page: Page, app_server: RunningApp, browser_errors: BrowserErrors
) -> None:
    surname = _token()
    contact_id = _seed_contact(app_server, surname)
    _no_favicon(page)
    try:
        # A fresh student is asked once, on Today; the card's link opens About me in settings.
        page.goto(app_server.url + "/")
        wait_for_app(page)
        card = page.get_by_role("region", name="About me")
        expect(card).to_contain_text("Tell Rapport about you")
        card.screenshot(path="/tmp/aboutme2_today_card.png")
        card.get_by_role("link", name="Fill in About me in settings").click()
        page.wait_for_url(re.compile(r"/settings#about$"))
        wait_for_app(page)
        for label, value in (
            ("Your name", f"Grace {surname}"),
            ("School", "Vassar College"),
            ("Programme and year", "BSc Mathematics, year 2"),
            ("What you're exploring", "computing"),
        ):
            field = page.get_by_label(label, exact=True)
            field.fill(value)
            field.blur()
        expect(page.get_by_role("status").filter(has_text=re.compile("Saved", re.I)).first).to_be_visible()
        page.reload()  # what a reload shows was saved: the fields save one by one, in order
        wait_for_app(page)
        expect(page.get_by_label("What you're exploring", exact=True)).to_have_value("computing")
        expect(page.get_by_label("Your name", exact=True)).to_have_value(f"Grace {surname}")

        page.goto(app_server.url + f"/compose?contact={contact_id}&kind=outreach")
        wait_for_app(page)
        page.get_by_role("button", name="Write the draft").click()
        body = page.get_by_label("Email", exact=True)
        expect(body).to_have_value(re.compile(rf"Grace {surname}\nBSc Mathematics, year 2, Vassar College$"))
        text = body.input_value()
        assert "I'm exploring computing" in text
        assert "[[" not in text, text
        assert browser_errors.messages == []
    finally:
        _forget_about_me(app_server)
