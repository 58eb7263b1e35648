"""The app compiles in both modes without Reflex's deprecation warnings (explicit plugins, no rx.Model)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.launcher import reflex_environment

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("mode", ["local", "hosted"])
def test_the_app_compiles_without_deprecation_warnings(mode: str, tmp_path: Path) -> None:
    env = reflex_environment()  # Node 24 from the venv, as the launcher runs Reflex
    env.update(
        {
            "RAPPORT_MODE": mode,
            "RAPPORT_DATA_DIR": str(tmp_path),
            "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/test" if mode == "hosted" else "",
            "RAPPORT_OUTREACH_SECRET": "c" * 32,
            "REFLEX_TELEMETRY_ENABLED": "false",
            "REFLEX_CHECK_LATEST_VERSION": "0",
            "PYTHONWARNINGS": "default",
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "reflex", "compile", "--dry", "--no-rich"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "App compiled successfully" in output
    assert "deprecat" not in output.lower(), output
