"""`make run`'s contract: prints the URL once serving, listens on 127.0.0.1 only, Ctrl-C ends everything.

Named to run first: it builds and serves on its own before the shared test server starts.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from app.launcher import PROJECT_ROOT
from e2e.conftest import free_port
from e2e.waiting import wait_until


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a LISTEN socket on `port`, read from the kernel's tables."""
    found: set[str] = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if int(hex_port, 16) == port and fields[3] == "0A" and len(address) == width:
                found.add(address)
    return found


def processes_started_for(data_dir: Path) -> list[int]:
    """Every live process whose environment names this run's data folder: all that the launcher started."""
    marker = f"RAPPORT_DATA_DIR={data_dir}".encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker in environ.split(b"\0") and state != "Z":
            pids.append(int(entry.name))
    return pids


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def workers_started_for(data_dir: Path) -> list[int]:
    """The server's workers: the processes it started that started none (above them are Granian's
    supervisor and, in hosted mode, the process turning their output into JSON lines)."""
    started = processes_started_for(data_dir)
    parents = {}
    for pid in started:
        try:
            parents[pid] = parent_of(pid)
        except OSError:
            continue
    has_child = set(parents.values())
    return [pid for pid, parent in parents.items() if parent in parents and pid not in has_child]


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's socket tables")
def test_make_run_serves_local_mode_on_loopback_and_ctrl_c_stops_every_process() -> None:
    port = free_port()
    data_dir = Path(tempfile.mkdtemp(prefix="rapport-run-"))
    env = {
        **os.environ,
        "RAPPORT_DATA_DIR": str(data_dir),
        "RAPPORT_PORT": str(port),
        "RAPPORT_MODE": "local",
    }
    env.pop("DATABASE_URL", None)
    launcher = subprocess.Popen(
        [sys.executable, "-m", "app.launcher"],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    assert launcher.stdout is not None
    url_line = ""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        line = launcher.stdout.readline()
        if not line:
            break
        if "Rapport is running at" in line:
            url_line = line
            break
    try:
        assert f"http://127.0.0.1:{port}/" in url_line
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert response.status == 200
        assert (data_dir / "rapport.db").exists()
        assert listening_addresses(port) == {"0100007F"}, "local mode must listen on 127.0.0.1 only"
        assert len(processes_started_for(data_dir)) >= 2
    finally:
        # What Ctrl-C in a terminal does: SIGINT to the whole foreground process group.
        os.killpg(launcher.pid, signal.SIGINT)
        launcher.wait(timeout=30)
    wait_until(
        lambda: listening_addresses(port) == set(),
        timeout=20,
        message="the server still listens after Ctrl-C",
    )
    wait_until(
        lambda: processes_started_for(data_dir) == [],
        timeout=20,
        message="processes the launcher started outlived Ctrl-C",
    )
