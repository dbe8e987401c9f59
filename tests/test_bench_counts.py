"""The counts benchmark's smoke mode runs and reports its ratios. Speed is never judged
here: the budgets live in bench/ (see bench/README.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.test_bench_cases import BENCH_TIMEOUT_SECONDS, RATIO_LINE, ROOT


def test_counts_benchmark_smoke_mode_reports_ratios(tmp_path: Path) -> None:
    env = dict(os.environ)
    env["BEMOEIZORG_CONFIG_DIR"] = str(tmp_path / "config")
    env["BEMOEIZORG_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_counts", "--quick"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=BENCH_TIMEOUT_SECONDS,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = [line for line in done.stdout.splitlines() if RATIO_LINE.match(line)]
    for name in ("counting a year", "export a year (xlsx)"):
        assert any(line.startswith(name) and "baseline plain SQLite" in line for line in lines)
    assert "absolute budget 1000 ms" in done.stdout
