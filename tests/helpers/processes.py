"""The program and its benchmarks in child processes, as a user runs them: `run` for
`python -m bemoeizorg ...`, `run_quick` for a benchmark's smoke mode."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.builders import STRONG

ROOT = Path(__file__).resolve().parent.parent.parent
# A benchmark's result line: "<name> ... 12.34 ms ... ratio 1.23".
RATIO_LINE = re.compile(r"\s*\S.*\d+\.\d+ ms .*ratio\s+\d+\.\d+\b")
# A guard against a hung child only (a quick run takes 10-40 s); speed is not judged here.
BENCH_TIMEOUT_SECONDS = 300


def run(
    *args: str, passphrase: str | None = STRONG, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m bemoeizorg ARGS`, not on a terminal; it must never print a traceback."""
    env = {k: v for k, v in os.environ.items() if k != "BEMOEIZORG_PASSPHRASE"}
    if passphrase is not None:
        env["BEMOEIZORG_PASSPHRASE"] = passphrase
    result = subprocess.run(
        [sys.executable, "-m", "bemoeizorg", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,  # not a terminal
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout
    return result


def run_quick(module: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A benchmark's --quick mode (plus args) in a child process with its own folders; it
    must succeed."""
    env = dict(os.environ)
    env["BEMOEIZORG_CONFIG_DIR"] = str(tmp_path / "config")
    env["BEMOEIZORG_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run(
        [sys.executable, "-m", module, "--quick", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=BENCH_TIMEOUT_SECONDS,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def ratio_lines(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in done.stdout.splitlines() if RATIO_LINE.match(line)]
