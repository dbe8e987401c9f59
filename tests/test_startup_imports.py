"""The start screen loads only what it needs (issue 16): migrations (alembic with mako and
pygments), the passphrase checker (zxcvbn), the keyring, spreadsheets (openpyxl), PDF
(reportlab, pypdf) and the demo's fake data (Faker) load when they are used, not at start;
so do the store's database side (SQLAlchemy, the schema, the register), casework, exports,
the solver behind withholding (HiGHS, numpy), name matching (rapidfuzz) and every workspace
view and dialog, which the main window makes when first shown or opened.

A fresh interpreter builds and shows the main window as `run_gui` does (offscreen, keyring's
fail backend, its own folders) and reports which of those modules it holds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bemoeizorg.store.register import Register

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
    # the store's database side and what builds on it
    "sqlalchemy",
    "bemoeizorg.store.schema",
    "bemoeizorg.store.register",
    "bemoeizorg.store.backup",
    "bemoeizorg.store.keyring_store",
    "bemoeizorg.casework",
    "bemoeizorg.exports",
    "bemoeizorg.sheets",
    # withholding's solver and name matching
    "bemoeizorg.domain.disclosure",
    "highspy",
    "numpy",
    "rapidfuzz",
    # the workspace: its views and dialogs
    "bemoeizorg.ui.views.my_work_view",
    "bemoeizorg.ui.views.case_list_view",
    "bemoeizorg.ui.views.case_view",
    "bemoeizorg.ui.views.meetings_view",
    "bemoeizorg.ui.views.counts_view",
    "bemoeizorg.ui.views.log_view",
    "bemoeizorg.ui.views.settings_view",
    "bemoeizorg.ui.dialogs",
    "bemoeizorg.ui.backup_schedule",
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


PEEK_CHILD = """
import json, sys
from pathlib import Path
from bemoeizorg.store.peek import peek
info = peek(Path(sys.argv[1]))
assert info.users, info
print(json.dumps(sorted(n for n in ("sqlalchemy", "bemoeizorg.store.schema") if n in sys.modules)))
"""


def test_the_unlock_screen_reads_a_register_without_the_database_side(
    register: Register, tmp_path: Path
) -> None:
    """The unlock screen lists a register's users (store/peek) from its key-slot file:
    SQLAlchemy and the schema load only when it is unlocked."""
    env = {**os.environ, "BEMOEIZORG_CONFIG_DIR": str(tmp_path / "config")}
    env["BEMOEIZORG_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run(
        [sys.executable, "-c", PEEK_CHILD, str(register.path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
