"""Rapport on a phone (issue #18): laid out for a thumb at 390x844, fitted at 1280x800, installable.

Every main page at both sizes: no sideways scroll, its main action in view, the skip link focusing
`main`; the one-row header and its keyboard-operable menu; contacts as cards and the board one stage
at a time on a phone, every stage at once on a desktop; the manifest, icons and service worker; the
offline line when the websocket is lost. Screenshots of each page at both sizes go to e2e/artifacts.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, WebSocketRoute, expect
from sqlalchemy.engine import Engine

from app.db import make_engine, session_scope
from app.migrate import ensure_local_user
from app.services.meetings import owned_meeting
from app.services.sample_data import load_sample_data, remove_sample_data
from app.ui.components.offline import OFFLINE_TEXT
from e2e.conftest import ARTIFACTS, RunningApp, wait_for_app
from e2e.test_accessibility import violations
from e2e.test_prep_wizard import seed_meeting

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SIZES = {"phone": PHONE, "desktop": DESKTOP}
# What a thumb must be able to hit (Apple's and WCAG 2.5.5's 44 px); checkboxes and radios are
# reached through their labels, links inside sentences are exempt.
TARGETS = (
    "button, select, [role='tab'], [role='combobox'], .rt-Button, .nav-link, "
    "input:not([type='checkbox']):not([type='radio']):not([type='hidden']):not([type='file'])"
)

# Checkboxes, switches and radio buttons are hit through their labels.
TOGGLES = "[role=checkbox], [role=switch], [role=radio]:not(.rt-SegmentedControlItem)"


@pytest.fixture(scope="module")
def seeded(app_server: RunningApp) -> Iterator[dict[str, int]]:
    """The sample contacts (a full Today, a table and a board) and a meeting to prepare for."""
    engine: Engine = make_engine(app_server.database_url)
    owner_id = ensure_local_user(engine)
    with session_scope(engine) as session:
        load_sample_data(session, owner_id=owner_id, today=date.today())
    meeting_id = seed_meeting(engine)
    with session_scope(engine) as session:
        contact_id = owned_meeting(session, owner_id=owner_id, meeting_id=meeting_id).contact_id
    yield {"meeting": meeting_id, "contact": contact_id}
    with session_scope(engine) as session:
        remove_sample_data(session, owner_id=owner_id)
    engine.dispose()


# The sample contacts alone (their notes say so): other tests leave many more contacts in the shared
# database, and a column holding dozens of cards is taller than any screen.
SAMPLE_BOARD = "/contacts?q=" + quote("to show how Rapport works")


def _main_action(page: Page, name: str) -> Locator:
    return page.get_by_role("main").get_by_role("button", name=name).first


# Each page, and the action a student comes to it for.
PAGES: list[tuple[str, Callable[[dict[str, int]], str], Callable[[Page], Locator]]] = [
    ("today", lambda s: "/", lambda p: p.get_by_role("main").get_by_role("link", name="Prepare").first),
    ("contacts", lambda s: "/contacts", lambda p: _main_action(p, "Add contact")),
    ("compose", lambda s: "/compose", lambda p: p.get_by_role("textbox", name="Find a contact")),
    ("settings", lambda s: "/settings", lambda p: _main_action(p, "Download all my data")),
    ("contact", lambda s: f"/contacts/{s['contact']}", lambda p: _main_action(p, "Log it")),
    ("prep", lambda s: f"/meetings/{s['meeting']}/prep", lambda p: _main_action(p, "Next")),
]


def _phone_page(browser: Browser, size: dict[str, int], **options: Any) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport=size, **options)  # type: ignore[arg-type]
    return context, context.new_page()


def _no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths[0]} px wide in {widths[1]}"


def _within_width(page: Page, locator: Locator) -> None:
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None
    width = page.viewport_size["width"] if page.viewport_size else 0
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, f"{box} is outside 0..{width}"


def _small_targets(page: Page) -> list[str]:
    """Every visible control in the page smaller than 44 px either way, described for the message."""
    return page.evaluate(
        """([selector, toggles]) => {
            const seen = new Set();
            const small = [];
            for (const el of document.querySelectorAll(selector)) {
                if (el.closest('.skip-link, [aria-hidden="true"]')) continue;
                if (el.matches(toggles)) continue;
                const target = el.closest('.rt-TextFieldRoot') || el;
                if (seen.has(target) || target.getClientRects().length === 0) continue;
                seen.add(target);
                const r = target.getBoundingClientRect();
                if (r.height >= 43.5 && r.width >= 43.5) continue;
                const name = (el.getAttribute('aria-label') || el.textContent || el.id || '').trim();
                const size = `${Math.round(r.width)}x${Math.round(r.height)}`;
                small.push(`${el.tagName} "${name.slice(0, 40)}" ${size}`);
            }
            return small;
        }""",
        [TARGETS, TOGGLES],
    )


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize(("name", "path", "action"), PAGES, ids=[p[0] for p in PAGES])
def test_each_page_fits_the_screen_with_its_main_action_in_view(
    browser: Browser,
    base_url: str,
    seeded: dict[str, int],
    name: str,
    path: Callable[[dict[str, int]], str],
    action: Callable[[Page], Locator],
    size: str,
) -> None:
    context, page = _phone_page(browser, SIZES[size])
    page.goto(base_url + path(seeded))
    wait_for_app(page)
    _no_sideways_scroll(page)
    _within_width(page, action(page))
    header = page.locator("header.site-header").bounding_box()
    assert header is not None and header["height"] < 72, f"the header is {header} tall: more than one row"
    if size == "phone":
        assert _small_targets(page) == []
    page.screenshot(path=str(ARTIFACTS / f"phone-{name}-{size}.png"), full_page=True)
    # The skip link is the first stop and puts the keyboard in the page.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    context.close()


def test_the_phone_menu_opens_and_closes_from_the_keyboard(browser: Browser, base_url: str) -> None:
    context, page = _phone_page(browser, PHONE)
    page.goto(base_url + "/settings")
    wait_for_app(page)
    nav = page.get_by_role("navigation", name="Main")
    menu = page.get_by_role("button", name="Menu")
    expect(nav).to_be_hidden()
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    for link in ("Today", "Contacts", "Compose", "Settings"):
        box = nav.get_by_role("link", name=link).bounding_box()
        assert box is not None and box["height"] >= 44
    # The links follow the button; Escape folds them away and gives the keyboard back to the button.
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Today")).to_be_focused()
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(menu).to_be_focused()
    expect(menu).to_have_attribute("aria-expanded", "false")
    # Space opens it too, and a link followed from it lands on its page with the menu closed.
    page.keyboard.press("Space")
    expect(nav).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Contacts")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Contacts")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    assert violations(page) == []
    context.close()


def test_on_a_desktop_the_navigation_stays_in_the_header(browser: Browser, base_url: str) -> None:
    context, page = _phone_page(browser, DESKTOP)
    page.goto(base_url + "/")
    wait_for_app(page)
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    for link in ("Today", "Contacts", "Compose", "Settings"):
        expect(page.get_by_role("navigation", name="Main").get_by_role("link", name=link)).to_be_visible()
    context.close()


def test_contacts_are_cards_on_a_phone_with_stage_next_due_and_actions(
    browser: Browser, base_url: str, seeded: dict[str, int]
) -> None:
    context, page = _phone_page(browser, PHONE)
    # Found by search: other tests leave many contacts in the shared database, over several pages.
    page.goto(base_url + "/contacts?q=Priya%20Shah")
    wait_for_app(page)
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Priya Shah"))
    for part in (
        row.get_by_role("link", name="Priya Shah"),
        row.get_by_text("Northwind Health"),
        row.get_by_text("Follow-up due"),
        row.get_by_text("Next due"),
        row.get_by_role("button", name="Edit Priya Shah"),
        row.get_by_role("button", name="Delete Priya Shah"),
    ):
        _within_width(page, part)
    # One card, not a row to scroll: its name and its stage are on lines of their own.
    name_box = row.get_by_role("link", name="Priya Shah").bounding_box()
    stage_box = row.get_by_text("Follow-up due").bounding_box()
    assert name_box and stage_box and stage_box["y"] > name_box["y"] + name_box["height"] - 1
    # Sorting is still there, as buttons above the cards.
    _within_width(page, page.get_by_role("button", name="Next due"))
    assert violations(page) == []
    context.close()


def test_the_board_shows_every_stage_on_a_desktop_and_one_at_a_time_on_a_phone(
    browser: Browser, base_url: str, seeded: dict[str, int]
) -> None:
    context, page = _phone_page(browser, DESKTOP)
    page.goto(base_url + SAMPLE_BOARD)
    wait_for_app(page)
    page.get_by_role("radio", name="Board").click()
    columns = page.get_by_role("region", name="Board: contacts by stage").locator("section")
    expect(columns).to_have_count(10)
    for index in range(10):
        _within_width(page, columns.nth(index).get_by_role("heading"))
    _no_sideways_scroll(page)
    expect(page.get_by_label("Go to stage")).to_be_hidden()
    page.screenshot(path=str(ARTIFACTS / "phone-board-desktop.png"), full_page=True)
    context.close()

    context, page = _phone_page(browser, PHONE)
    page.goto(base_url + SAMPLE_BOARD)
    wait_for_app(page)
    page.get_by_role("radio", name="Board").click()
    board = page.get_by_role("region", name="Board: contacts by stage")
    met = board.get_by_role("region", name="Met")
    expect(met).not_to_be_in_viewport(ratio=0.9)
    _no_sideways_scroll(page)
    assert _small_targets(page) == []
    page.get_by_label("Go to stage").select_option(label="Met")
    expect(met).to_be_in_viewport(ratio=0.9)
    _within_width(page, met.get_by_role("heading", name="Met"))
    _within_width(page, met.get_by_role("button", name=re.compile("^Move to")).first)
    page.screenshot(path=str(ARTIFACTS / "phone-board-phone.png"), full_page=True)
    assert violations(page) == []
    context.close()


def _png_size(body: bytes) -> tuple[int, int]:
    assert body[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", body[16:24])
    return width, height


def test_the_manifest_and_its_icons_make_rapport_installable(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    wait_for_app(page)
    head = page.locator("head")
    expect(head.locator("link[rel='manifest']")).to_have_attribute("href", "/manifest.webmanifest")
    expect(head.locator("meta[name='theme-color']")).to_have_attribute("content", re.compile("^#"))
    expect(head.locator("meta[name='description']")).to_have_attribute("content", re.compile(r"\w+ \w+ \w+"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    touch_icon = head.locator("link[rel='apple-touch-icon']").get_attribute("href")
    assert touch_icon and _png_size(page.request.get(base_url + touch_icon).body()) == (180, 180)

    manifest = page.request.get(base_url + "/manifest.webmanifest").json()
    assert manifest["name"].startswith("Rapport") and manifest["short_name"] == "Rapport"
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    icons = {(icon["sizes"], icon["purpose"]): icon["src"] for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= set(icons)
    for (sizes, _), src in icons.items():
        response = page.request.get(base_url + src)
        assert response.ok and response.headers["content-type"] == "image/png"
        assert "x".join(map(str, _png_size(response.body()))) == sizes


def test_the_service_worker_keeps_the_shell_and_nothing_with_data(
    page: Page, base_url: str, seeded: dict[str, int]
) -> None:
    page.goto(base_url + "/contacts")
    wait_for_app(page)
    script = page.evaluate("navigator.serviceWorker.ready.then((r) => r.active.scriptURL)")
    assert script == base_url + "/sw.js"
    # A second visit is controlled by the worker: what it keeps is the shell, never a page or data.
    page.goto(base_url + f"/contacts/{seeded['contact']}")
    wait_for_app(page)
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    page.get_by_role("main").get_by_role("button", name="Log it").wait_for()
    kept: list[str] = page.evaluate(
        """async () => {
            const urls = [];
            for (const name of await caches.keys()) {
                for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
            }
            return urls;
        }"""
    )
    paths = [url.removeprefix(base_url) for url in kept]
    assert "/rapport.css" in paths and "/manifest.webmanifest" in paths
    assert any(p.startswith("/assets/") and p.endswith(".js") for p in paths)
    assert all(re.fullmatch(r"/[\w./-]+\.(js|css|png|webmanifest|woff2?)", p) for p in paths), paths
    assert not [p for p in paths if p.startswith(("/_event", "/_upload", "/calendar", "/auth", "/contacts"))]


def test_a_lost_connection_says_the_typing_is_kept(browser: Browser, base_url: str) -> None:
    context, page = _phone_page(browser, PHONE)
    sockets: list[WebSocketRoute] = []

    def through(socket: WebSocketRoute) -> None:
        # Each connection goes to the server, so offline a reconnect fails the way a phone's would.
        socket.connect_to_server()
        sockets.append(socket)

    page.route_web_socket(re.compile(r"/_event"), through)
    page.goto(base_url + "/compose")
    wait_for_app(page)
    status = page.get_by_role("status").filter(has_text=OFFLINE_TEXT)
    expect(status).to_have_count(0)
    # The phone loses its network, and with it the websocket it had.
    context.set_offline(True)
    for socket in sockets:
        socket.close()
    expect(page.get_by_text(OFFLINE_TEXT)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text=OFFLINE_TEXT)).to_be_visible()
    # Not Reflex's own toast or its pulsing icon: one honest line.
    expect(page.get_by_text("Cannot connect to server")).to_have_count(0)
    _within_width(page, page.get_by_text(OFFLINE_TEXT))
    assert violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "phone-offline.png"))
    context.set_offline(False)
    expect(page.get_by_text(OFFLINE_TEXT)).to_have_count(0, timeout=30_000)
    context.close()
