"""The start screen loads only what it needs (issue 16): migrations (alembic with mako and
pygments), the passphrase checker (zxcvbn), the keyring, spreadsheets (openpyxl), PDF
(reportlab, pypdf) and the demo's fake data (Faker) load when they are used, not at start.

A fresh interpreter builds and shows the main window as `run_gui` does (offscreen, keyring's
fail backend, its own folders) and reports which of those modules it holds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

LOADED_WHEN_USED = (
    "alembic",
    "mako",
    "pygments",
    "zxcvbn",
    "keyring",
    "openpyxl",
    "reportlab",
    "pypdf",
    "faker",
)

CHILD = """
import json, sys
from PySide6.QtWidgets import QApplication
from bemoeizorg.ui import translations
from bemoeizorg.ui.app import build_main_window
app = QApplication(sys.argv)
translations.install_dutch(app)
window = build_main_window()
window.show()
app.processEvents()
assert window.isVisible()
names = json.loads(sys.argv[1])
print(json.dumps(sorted(n for n in names if n in sys.modules)))
"""


def test_the_start_screen_loads_no_heavy_module(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "BEMOEIZORG_CONFIG_DIR": str(tmp_path / "config"),
        "BEMOEIZORG_DATA_DIR": str(tmp_path / "data"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(LOADED_WHEN_USED)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_the_check_sees_a_loaded_module(tmp_path: Path) -> None:
    """The same child reports a module that is loaded (the check can fail)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BEMOEIZORG_CONFIG_DIR": str(tmp_path)}
    env["BEMOEIZORG_DATA_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", "import openpyxl\n" + CHILD, json.dumps(["openpyxl"])],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == ["openpyxl"]
