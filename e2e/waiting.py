"""The one way a browser test waits for something outside the page (the database, processes, ports).

For what the page shows, use Playwright's web-first assertions (`expect(locator).to_be_visible()`),
which retry by themselves; never wait on `networkidle`, which the open websocket makes meaningless.
"""

from __future__ import annotations

import time
from collections.abc import Callable

POLL_INTERVAL_S = 0.1


def wait_until(predicate: Callable[[], object], timeout: float, message: str) -> None:
    """Calls `predicate` until it returns something true; fails with `message` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() >= deadline:
            raise AssertionError(f"{message} (waited {timeout:g} s)")
        time.sleep(POLL_INTERVAL_S)
