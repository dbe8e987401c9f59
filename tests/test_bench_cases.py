"""The case benchmark's smoke mode runs and reports its ratios. How fast the register is
is never judged here: the budgets live in bench/ (see bench/README.md)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RATIO_LINE = re.compile(r"\s*\S.*\d+\.\d+ ms .*ratio\s+\d+\.\d+\b")
# A guard against a hung child only (the quick run takes 15-40 s).
BENCH_TIMEOUT_SECONDS = 300


def run_quick(module: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """A benchmark's --quick mode in a child process with its own folders; it must succeed."""
    env = dict(os.environ)
    env["BEMOEIZORG_CONFIG_DIR"] = str(tmp_path / "config")
    env["BEMOEIZORG_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run(
        [sys.executable, "-m", module, "--quick"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=BENCH_TIMEOUT_SECONDS,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_case_benchmark_smoke_mode_reports_ratios(tmp_path: Path) -> None:
    done = run_quick("bench.bench_cases", tmp_path)
    lines = [line for line in done.stdout.splitlines() if RATIO_LINE.match(line)]
    for name, baseline in [
        ("case list", "plain SQLite"),
        ("case list", "spreadsheet"),
        ("search", "plain SQLite"),
        ("search", "spreadsheet"),
        ("open case", "plain SQLite"),
        ("save contact", "plain SQLite"),
    ]:
        assert any(line.startswith(name) and f"baseline {baseline}" in line for line in lines), (
            name,
            baseline,
            done.stdout,
        )
    # The absolute budget is printed for every interaction (and judged only in full runs).
    assert sum("absolute budget 50 ms" in line for line in done.stdout.splitlines()) == 4
