"""Shared fixtures: every test gets its own config and data folders in tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

STRONG = "Zeven zwanen zwemmen in de Maas"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "thuis"
    (home / "config").mkdir(parents=True)
    (home / "data").mkdir(parents=True)
    monkeypatch.setenv("BEMOEIZORG_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("BEMOEIZORG_DATA_DIR", str(home / "data"))
    return home
