"""`make hosted` on a fresh machine prints an address that works in a browser (issue #11, point 3).

A module of its own: its app is built for another address, and a build replaces the shared frontend
files, so it must not run while another module's hosted app is serving them.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from e2e.conftest import free_port, wait_for_app
from e2e.hosted_server import hosted_app

pytestmark = pytest.mark.hosted


def test_the_printed_url_works_in_chromium_with_no_public_url_set(browser: Browser) -> None:
    """`make hosted` on a fresh machine: the address it prints (and its localhost twin) serve a live page."""
    with hosted_app(free_port(), workers=1, public_url=False) as fresh:
        port = fresh.url.rsplit(":", 1)[1]
        for address in (fresh.url, f"http://localhost:{port}"):
            context = browser.new_context()
            page = context.new_page()
            page.goto(address + "/login")
            # Hydrated means the websocket was accepted from this origin: a refused one never gets here.
            wait_for_app(page)
            expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
            context.close()
