"""axe-core on every page, in light and dark mode: no violation is acceptable."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from e2e.conftest import wait_for_app

PAGES = [
    "/",
    "/contacts",
    "/contacts/import",
    "/employers",
    "/contacts/999999",
    "/meetings/999999/prep",
    "/meetings/999999/notes",
    "/compose",
    "/settings",
    "/cohort",
    "/login",
    "/signup",
    "/no-such-page",
]
AXE = Axe()


def violations(page: Page) -> list[str]:
    # A toast or dialog mid-fade has a lowered opacity that axe would read as low contrast.
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running'"
        " || a.effect?.getTiming().iterations === Infinity)",
        timeout=10_000,
    )
    results = AXE.run(page)
    return [
        f"{v['id']}: {v['help']} -> {[node['target'] for node in v['nodes']][:5]}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_accessibility_violations(page: Page, base_url: str, path: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(base_url + path)
    wait_for_app(page)
    assert violations(page) == []


def test_the_checker_itself_reports_a_known_violation(page: Page) -> None:
    # Guards the guard: an unlabeled button must be caught, or every test above proves nothing.
    page.set_content("<html lang='en'><body><main><button></button></main></body></html>")
    assert any(v.startswith("button-name") for v in violations(page))
