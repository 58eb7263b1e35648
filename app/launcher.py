"""Starts Rapport the one way it is started: migrate, build the production frontend, serve, print the URL.

`make run`, `make hosted` and the browser tests all come through here, so what the tests
exercise is what a student runs.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO

from app.settings import SettingsError, get_settings, load_settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT_S = 600


def reflex_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment Reflex needs here: Node 24 from the venv, npm, no telemetry, no probes."""
    env = dict(os.environ if base is None else base)
    venv_bin = str(Path(sys.executable).parent)
    env["PATH"] = venv_bin + os.pathsep + env.get("PATH", "")
    env["REFLEX_USE_NPM"] = "1"
    env["REFLEX_CHECK_LATEST_VERSION"] = "0"
    env["REFLEX_TELEMETRY_ENABLED"] = "false"
    if not env.get("NPM_CONFIG_REGISTRY"):
        npm = shutil.which("npm", path=env["PATH"])
        if npm:
            registry = subprocess.run(
                [npm, "config", "get", "registry"], env=env, capture_output=True, text=True, check=False
            ).stdout.strip()
            if registry:
                env["NPM_CONFIG_REGISTRY"] = registry
    return env


def wait_until_serving(url: str, process: subprocess.Popen[bytes], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    return False


def start(
    env: dict[str, str] | None = None,
    *,
    quiet: bool = False,
    root: Path = PROJECT_ROOT,
    log: IO[bytes] | None = None,
) -> tuple[subprocess.Popen[bytes], str]:
    """Migrates, then starts `reflex run --env prod` in its own process group. Returns it and its URL.

    `root` is the project folder to run from: a test running a second app needs its own copy,
    since the frontend build bakes in the port. `log`, when given, receives the server's output.
    """
    env = reflex_environment(env)
    settings = load_settings(env)
    # Each mode compiles different pages, and `reflex run` wipes its states folder at start: separate
    # folders let a local and a hosted instance (or two test servers) run side by side.
    env.setdefault("REFLEX_WEB_WORKDIR", ".web" if settings.is_local else ".web-hosted")
    env.setdefault("REFLEX_STATES_WORKDIR", str(settings.data_dir / "reflex-states"))
    if not settings.is_local:
        # Hosted logs are JSON lines: Reflex's own (this process) here, the workers' in app/logs.py.
        env.setdefault("REFLEX_LOG_JSON", "1")
    subprocess.run([sys.executable, "-m", "app.migrate"], env=env, cwd=root, check=True)
    port = str(settings.port)
    host = settings.host
    command = [
        sys.executable, "-m", "app.serve", "run", "--env", "prod",
        "--backend-host", host, "--frontend-port", port, "--backend-port", port,
    ]  # fmt: skip
    output: IO[bytes] | int | None = log if log is not None else subprocess.DEVNULL if quiet else None
    process = subprocess.Popen(
        command, env=env, cwd=root, start_new_session=True, stdout=output, stderr=output
    )
    # The printed address is one the websocket accepts (settings.allowed_origins), whatever the public URL.
    return process, settings.loopback_url + "/"


def stop(process: subprocess.Popen[bytes], *, drain_s: float | None = None) -> None:
    """Ends the server and every worker it started (they share its process group).

    With `drain_s`, SIGTERM first: each worker drains (app/drain.py) for up to that long before it
    stops; without, SIGINT (Ctrl-C) stops at once."""
    if process.poll() is not None:
        return
    steps = [(signal.SIGINT, 10.0), (signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)]
    if drain_s is not None:
        steps.insert(0, (signal.SIGTERM, drain_s + 15.0))
    for sig, wait_s in steps:
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait_s)
            return
        except subprocess.TimeoutExpired:
            continue


def main() -> int:
    try:
        settings = get_settings()
    except SettingsError as error:
        print(f"Rapport can't start: {error}", file=sys.stderr)
        return 2
    process, url = start()
    # Ctrl-C reaches the whole foreground group; let `stop` end the server's own group in order.
    signal.signal(signal.SIGINT, lambda *_: stop(process))
    # SIGTERM (systemd, a rolling restart) drains in hosted mode: no event in flight is lost.
    drain_s = None if settings.is_local else settings.drain_seconds
    signal.signal(signal.SIGTERM, lambda *_: stop(process, drain_s=drain_s))
    if not wait_until_serving(url, process, STARTUP_TIMEOUT_S):
        stop(process)
        print("Rapport did not start: see the messages above.", file=sys.stderr)
        return 1
    where = (
        f"data in {settings.data_dir}"
        if settings.is_local
        else f"hosted mode, public at {settings.public_url}"
    )
    print(f"\n  Rapport is running at {url}  ({where}; Ctrl-C to stop)\n", flush=True)
    process.wait()
    stop(process)
    return 0


if __name__ == "__main__":
    sys.exit(main())
