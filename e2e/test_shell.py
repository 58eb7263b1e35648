"""The app shell in a real browser: every page reachable by navigation, no errors, dark mode, not found."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from e2e.conftest import BrowserErrors, wait_for_app

NAV_PAGES = [("Contacts", "/contacts"), ("Compose", "/compose"), ("Settings", "/settings"), ("Today", "/")]


def test_navigation_reaches_every_page_without_browser_errors(
    page: Page, base_url: str, browser_errors: BrowserErrors
) -> None:
    page.goto(base_url + "/")
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    for label, path in NAV_PAGES:
        page.get_by_role("navigation", name="Main").get_by_role("link", name=label).click()
        expect(page).to_have_url(re.compile(re.escape(base_url + path) + r"/?$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(label)
        link = page.get_by_role("navigation", name="Main").get_by_role("link", name=label)
        expect(link).to_have_attribute("aria-current", "page")
    expect(page.locator("main#main")).to_have_attribute("data-hydrated", "true")
    assert browser_errors.messages == []


def test_an_unknown_path_shows_the_not_found_page(
    page: Page, base_url: str, browser_errors: BrowserErrors
) -> None:
    page.goto(base_url + "/no-such-page")
    expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
    expect(page.get_by_text("This page isn't here")).to_be_visible()
    page.get_by_role("link", name="Back to Today").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    assert [m for m in browser_errors.messages if "404" not in m] == []


def test_dark_mode_toggles_from_the_header(page: Page, base_url: str) -> None:
    page.emulate_media(color_scheme="light")
    page.goto(base_url + "/")
    wait_for_app(page)
    html = page.locator("html")
    expect(html).not_to_have_class(re.compile(r"\bdark\b"))
    page.get_by_role("button", name="Switch between light and dark mode").click()
    expect(html).to_have_class(re.compile(r"\bdark\b"))


def test_the_skip_link_is_the_first_stop_and_jumps_to_the_content(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    wait_for_app(page)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_local_pages_carry_the_security_headers_and_the_policy_raises_no_error(
    page: Page, base_url: str, browser_errors: BrowserErrors
) -> None:
    headers = page.request.get(base_url + "/contacts").headers
    script_src = next(p for p in headers["content-security-policy"].split("; ") if p.startswith("script-src"))
    assert "'sha256-" in script_src and "'unsafe-inline'" not in script_src
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    for path in ("/contacts/import", "/compose", "/settings"):
        page.goto(base_url + path)
        wait_for_app(page)
    assert [m for m in browser_errors.messages if "Content Security Policy" in m] == []
