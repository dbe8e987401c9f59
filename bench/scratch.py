"""The folder a benchmark works in: temporary, with the program's config and data folders
inside it, so nothing of the user's is read or written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def scratch_data_dir() -> Iterator[Path]:
    """A fresh data folder; BEMOEIZORG_CONFIG_DIR and BEMOEIZORG_DATA_DIR point into it."""
    with tempfile.TemporaryDirectory(prefix="bemoeizorg-bench-") as tmp:
        workdir = Path(tmp)
        for name in ("config", "data"):
            (workdir / name).mkdir()
        os.environ["BEMOEIZORG_CONFIG_DIR"] = str(workdir / "config")
        os.environ["BEMOEIZORG_DATA_DIR"] = str(workdir / "data")
        yield workdir / "data"
