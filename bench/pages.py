"""First load on a phone (issue 18): Lighthouse on Rapport's pages beside a blank Reflex app.

    python -m bench.pages                    # mobile preset, 3 runs a page, median
    python -m bench.pages --runs 5 --desktop --json /tmp/pages.json

The blank app is the template Reflex 0.10.1 itself ships (`reflex init --template blank`), copied
from the installed package into `bench/.blank-app/` and built there, so both apps are built by the
same Reflex, Node and npm, served the same way (`reflex run --env prod`, frontend and backend on
one loopback port) and measured in the same run by the same Lighthouse (13.5.0, pinned in
`bench/lighthouse/package-lock.json`, mobile preset: simulated slow 4G and a 4x slower CPU) in
Debian's Chromium. Rapport runs in local mode on a throwaway data folder holding the sample
contacts a new student can load, so the pages have something to draw.

Printed per page: the median performance score, largest contentful paint (LCP), first contentful
paint, total blocking time and the SEO and accessibility scores, and the blank app's figures beside
them. Lighthouse's figures move with the machine's load (its CPU throttling is a multiplier on what
it observes), so the load average is printed too; compare figures of one run, not across runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import reflex_base

from app import launcher

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE_DIR = ROOT / "bench" / "lighthouse"
BLANK_DIR = ROOT / "bench" / ".blank-app"
PAGES = ("/", "/contacts", "/compose", "/settings")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run --disable-dev-shm-usage"
)


@dataclass(frozen=True)
class PageFigures:
    app: str
    path: str
    performance: int
    lcp_ms: int
    fcp_ms: int
    tbt_ms: int
    seo: int
    accessibility: int


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def chromium() -> str:
    found = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE") or shutil.which("chromium") or ""
    if not found:
        raise SystemExit("No Chromium: run `scripts/find-chromium.sh` (make bench-pages does).")
    return found


def install_lighthouse(env: dict[str, str]) -> Path:
    cli = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        npm = shutil.which("npm", path=env["PATH"]) or "npm"
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=LIGHTHOUSE_DIR, env=env, check=True)
    return cli


def write_blank_app(port: int) -> None:
    """The installed Reflex's own blank template, with the one config a loopback run needs."""
    template = Path(reflex_base.__file__).parent / ".templates" / "apps" / "blank"
    code = BLANK_DIR / "blank"
    code.mkdir(parents=True, exist_ok=True)
    shutil.copy(template / "code" / "blank.py", code / "blank.py")
    (code / "__init__.py").write_text("")
    (BLANK_DIR / "assets").mkdir(exist_ok=True)
    shutil.copy(template / "assets" / "favicon.ico", BLANK_DIR / "assets" / "favicon.ico")
    (BLANK_DIR / "rxconfig.py").write_text(
        "import reflex as rx\n\n"
        "config = rx.Config(\n"
        '    app_name="blank",\n'
        f"    frontend_port={port},\n    backend_port={port},\n"
        f'    api_url="http://127.0.0.1:{port}",\n'
        "    telemetry_enabled=False,\n"
        "    plugins=[rx.plugins.RadixThemesPlugin()],\n"
        "    disable_plugins=[rx.plugins.SitemapPlugin],\n"
        ")\n"
    )


def start_blank(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    write_blank_app(port)
    command = [
        sys.executable, "-m", "reflex", "run", "--env", "prod", "--backend-host", "127.0.0.1",
        "--frontend-port", str(port), "--backend-port", str(port),
    ]  # fmt: skip
    return subprocess.Popen(
        command,
        cwd=BLANK_DIR,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def start_rapport(port: int, data_dir: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, RAPPORT_MODE="local", RAPPORT_DATA_DIR=str(data_dir), RAPPORT_PORT=str(port))
    env.pop("RAPPORT_PUBLIC_URL", None)
    subprocess.run([sys.executable, "-m", "app.migrate"], env=env, cwd=ROOT, check=True, capture_output=True)
    seed_sample_contacts(data_dir)
    process, _ = launcher.start(env, quiet=True)
    return process


def seed_sample_contacts(data_dir: Path) -> None:
    from app.db import make_engine, session_scope
    from app.migrate import ensure_local_user
    from app.services import about_me, sample_data

    engine = make_engine(f"sqlite:///{data_dir / 'rapport.db'}")
    owner_id = ensure_local_user(engine)
    with session_scope(engine) as session:
        sample_data.load_sample_data(session, owner_id=owner_id, today=date.today())
        about_me.skip_about_me(session, owner_id=owner_id)
    engine.dispose()


def wait_serving(url: str, process: subprocess.Popen[bytes], timeout_s: float = 900) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{url} did not start (exit {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit(f"{url} did not answer within {timeout_s:.0f} s")


def lighthouse(cli: Path, url: str, env: dict[str, str], *, desktop: bool) -> dict[str, float]:
    command = [
        shutil.which("node", path=env["PATH"]) or "node", str(cli), url,
        "--output=json", "--output-path=stdout", "--quiet",
        "--only-categories=performance,seo,accessibility",
        f"--chrome-flags={CHROME_FLAGS}",
    ]  # fmt: skip
    if desktop:
        command.append("--preset=desktop")
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=True)
    report = json.loads(done.stdout)
    audits, categories = report["audits"], report["categories"]
    return {
        "performance": round(100 * (categories["performance"]["score"] or 0)),
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "fcp_ms": audits["first-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "seo": round(100 * (categories["seo"]["score"] or 0)),
        "accessibility": round(100 * (categories["accessibility"]["score"] or 0)),
    }


def median_figures(
    cli: Path, app: str, base: str, path: str, env: dict[str, str], runs: int, desktop: bool
) -> PageFigures:
    results = [lighthouse(cli, base + path, env, desktop=desktop) for _ in range(runs)]

    def median(key: str) -> int:
        return round(statistics.median(r[key] for r in results))

    return PageFigures(
        app, path, median("performance"), median("lcp_ms"), median("fcp_ms"), median("tbt_ms"),
        median("seo"), median("accessibility"),
    )  # fmt: skip


def table(figures: list[PageFigures], blank: PageFigures) -> str:
    lines = [
        f"{'page':<12} {'perf':>5} {'LCP ms':>7} {'FCP ms':>7} {'TBT ms':>7} {'SEO':>4} {'a11y':>5}"
        f"   vs blank: perf {blank.performance}, LCP {blank.lcp_ms} ms",
    ]
    for f in [blank, *figures]:
        name = "blank app" if f.app == "blank" else f.path
        gap = ""
        if f.app != "blank":
            gap = f"   LCP {f.lcp_ms - blank.lcp_ms:+d} ms, perf {f.performance - blank.performance:+d}"
        scores = f"{f.performance:>5} {f.lcp_ms:>7} {f.fcp_ms:>7} {f.tbt_ms:>7}"
        scores += f" {f.seo:>4} {f.accessibility:>5}"
        lines.append(f"{name:<12} {scores}{gap}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--desktop", action="store_true", help="also the desktop preset")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args(argv)

    env = launcher.reflex_environment()
    env["CHROME_PATH"] = chromium()
    cli = install_lighthouse(env)
    blank_port, rapport_port = free_port(), free_port()
    data_dir = Path(tempfile.mkdtemp(prefix="rapport-bench-pages-"))
    processes: list[subprocess.Popen[bytes]] = []
    try:
        processes.append(start_blank(blank_port, env))
        processes.append(start_rapport(rapport_port, data_dir))
        blank_url, rapport_url = f"http://127.0.0.1:{blank_port}", f"http://127.0.0.1:{rapport_port}"
        wait_serving(blank_url + "/", processes[0])
        wait_serving(rapport_url + "/", processes[1])
        presets = [False, True] if args.desktop else [False]
        everything: dict[str, list[dict[str, object]]] = {}
        for desktop in presets:
            label = "desktop" if desktop else "mobile (simulated slow 4G, 4x CPU)"
            blank = median_figures(cli, "blank", blank_url, "/", env, args.runs, desktop)
            figures = [median_figures(cli, "rapport", rapport_url, p, env, args.runs, desktop) for p in PAGES]
            load = " ".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"\nLighthouse 13.5.0, {label}, median of {args.runs}; load average {load}")
            print(table(figures, blank))
            everything["desktop" if desktop else "mobile"] = [asdict(f) for f in [blank, *figures]]
        if args.json:
            args.json.write_text(json.dumps(everything, indent=2))
    finally:
        for process in processes:
            launcher.stop(process)
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
