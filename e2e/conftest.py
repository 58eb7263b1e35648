"""Browser-test fixtures: the real app, built and started once per session the way `make run` starts it."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import tempfile
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from app.launcher import PROJECT_ROOT, start, stop, wait_until_serving

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
T = TypeVar("T")
ARTIFACTS = PROJECT_ROOT / "e2e" / "artifacts"
# Two cores shared by a server with several workers and a browser: give assertions some slack.
expect.set_options(timeout=15_000)


def chromium_executable() -> str:
    path = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.exit(
            f"No Chromium at {path}. Run the browser tests through `make test`, which finds or installs one, "
            "or set PLAYWRIGHT_CHROMIUM_EXECUTABLE.",
            returncode=1,
        )
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RunningApp:
    """A started Rapport: its URL and its data folder, for tests that seed data in-process."""

    def __init__(self, url: str, data_dir: Path) -> None:
        self.url = url.rstrip("/")
        self.data_dir = data_dir
        self.database_url = f"sqlite:///{data_dir / 'rapport.db'}"


@pytest.fixture(scope="session")
def app_server() -> Iterator[RunningApp]:
    data_dir = Path(tempfile.mkdtemp(prefix="rapport-e2e-"))
    env = dict(os.environ)
    env.update(
        RAPPORT_MODE="local",
        RAPPORT_DATA_DIR=str(data_dir),
        RAPPORT_PORT=str(free_port()),
    )
    env.pop("DATABASE_URL", None)
    env.pop("RAPPORT_TODAY", None)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    process, url = start(env, quiet=True)
    try:
        if not wait_until_serving(url, process, timeout_s=600):
            pytest.exit(
                "The app did not start for the browser tests: run `make run` to see why.", returncode=1
            )
        yield RunningApp(url, data_dir)
    finally:
        stop(process)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, object]) -> dict[str, object]:
    return {**browser_type_launch_args, "executable_path": chromium_executable(), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(app_server: RunningApp) -> str:
    return app_server.url


class BrowserErrors:
    """Collects console errors and page errors so a test can fail on any of them."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.messages.append(f"console: {message.text}")

    def on_page_error(self, error: Exception) -> None:
        self.messages.append(f"page error: {error}")


@pytest.fixture
def browser_errors(page: Page) -> Iterator[BrowserErrors]:
    errors = BrowserErrors()
    page.on("console", errors.on_console)
    page.on("pageerror", errors.on_page_error)
    yield errors


def wait_for_app(page: Page) -> None:
    """Waits until the page has hydrated and its state (with its on_load results) has arrived.

    `main` carries `data-hydrated="true"` from Reflex's own hydrated flag (app/ui/layout.py).
    """
    expect(page.locator("main#main h1")).to_be_visible()
    expect(page.locator("main#main")).to_have_attribute("data-hydrated", "true")


def run_coroutine(coroutine: Coroutine[Any, Any, T]) -> T:
    """Runs a websocket client's coroutine on a thread of its own: Playwright's sync API keeps an
    event loop running in the test thread for the whole session, where asyncio.run() refuses."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def project_copy() -> Path:
    """A copy of the project to run a second app from: the frontend build bakes in its port,
    so building in the shared folder would point the shared app's pages at this one."""
    copy = Path(tempfile.mkdtemp(prefix="rapport-today-app-"))
    skip = shutil.ignore_patterns("__pycache__", "node_modules", "build", "*.db", "*.db-*")
    for name in ("app", "assets", "rxconfig.py", "pyproject.toml", "reflex.lock", ".web"):
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=skip, symlinks=True)
        elif source.exists():
            shutil.copy2(source, copy / name)
    if (PROJECT_ROOT / ".web" / "node_modules").exists():
        (copy / ".web" / "node_modules").symlink_to(PROJECT_ROOT / ".web" / "node_modules")
    return copy
