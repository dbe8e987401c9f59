"""How long the program takes to show its start screen, as a ratio to an empty Qt window.

    python -m bench.bench_startup [--quick]

Each run is a fresh Python process (QT_QPA_PLATFORM=offscreen), timed from launch to exit,
so interpreter start and every import count, as they do for a user. The app run builds the
main window the way run_gui does (Qt's Dutch translations, build_main_window), shows it (the
start screen, from which a register is chosen and unlocked), processes events once and
exits. The baseline run creates a QApplication and shows an empty QMainWindow: the part of
start-up that any PySide6 program pays. Each child also reports its peak memory (RSS).

The children get temporary BEMOEIZORG_CONFIG_DIR and BEMOEIZORG_DATA_DIR and keyring's fail
backend, so nothing of the user's (settings, window geometry, keyring) is read or written.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.timing import Result, elapsed_ms, in_rounds, report

ROUNDS = 10
QUICK_ROUNDS = 3
# Budget: launch to main window shown, as a ratio to an empty PySide6 window
# (measured 2026-11-23: 8.4; see README.md).
STARTUP_BUDGET = 15.0
# Issue 16's targets: within 3x an empty window, and the start screen under 100 MiB.
TARGET_RATIO = 3.0
MEMORY_BUDGET_MIB = 100.0
CHILD_TIMEOUT_SECONDS = 60

# Each child reports its own split on stdout: imports, then building and showing the window
# (QApplication included), both from the first line of the script.
APP_CHILD = """
import time
start = time.perf_counter()
import resource
import sys
from PySide6.QtWidgets import QApplication
from bemoeizorg.ui import translations
from bemoeizorg.ui.app import build_main_window
imported = time.perf_counter()
app = QApplication(sys.argv)
translations.install_dutch(app)
window = build_main_window()
window.show()
app.processEvents()
shown = time.perf_counter()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"split {(imported - start) * 1000:.3f} {(shown - imported) * 1000:.3f} {rss:.1f}")
"""

BASELINE_CHILD = """
import time
start = time.perf_counter()
import resource
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
imported = time.perf_counter()
app = QApplication(sys.argv)
window = QMainWindow()
window.show()
app.processEvents()
shown = time.perf_counter()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"split {(imported - start) * 1000:.3f} {(shown - imported) * 1000:.3f} {rss:.1f}")
"""


def _child_env(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("config", "data"):
        (workdir / name).mkdir(exist_ok=True)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        BEMOEIZORG_CONFIG_DIR=str(workdir / "config"),
        BEMOEIZORG_DATA_DIR=str(workdir / "data"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    return env


def _runner(
    code: str, env: dict[str, str], splits: list[tuple[float, float, float]]
) -> Callable[[], float]:
    def run_once() -> float:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT_SECONDS,
            check=False,
        )
        ms = elapsed_ms(start)
        if done.returncode != 0:
            raise RuntimeError(f"child exited {done.returncode}:\n{done.stderr}")
        line = next(x for x in done.stdout.splitlines() if x.startswith("split "))
        imports_ms, window_ms, rss_mib = (float(x) for x in line.split()[1:])
        splits.append((imports_ms, window_ms, rss_mib))
        return ms

    return run_once


def run(rounds: int, workdir: Path) -> tuple[list[Result], str]:
    env = _child_env(workdir)
    app_splits: list[tuple[float, float, float]] = []
    empty_splits: list[tuple[float, float, float]] = []
    medians = in_rounds(
        {
            "empty_window": _runner(BASELINE_CHILD, env, empty_splits),
            "app_window": _runner(APP_CHILD, env, app_splits),
        },
        rounds,
    )
    app, empty = medians["app_window"], medians["empty_window"]

    def median_of(splits: list[tuple[float, float, float]], part: int) -> float:
        return statistics.median(s[part] for s in splits[-rounds:])  # warm-up left out

    memory = median_of(app_splits, 2)
    verdict = "ok" if memory <= MEMORY_BUDGET_MIB else "OVER"
    memory_line = (
        f"{'start screen memory':<24} {memory:9.1f} MiB  baseline empty_qt_window "
        f"{median_of(empty_splits, 2):9.1f} MiB   target {MEMORY_BUDGET_MIB:.0f} MiB {verdict}"
    )
    target = "ok" if app / empty <= TARGET_RATIO else "OVER"
    target_line = (
        f"{'start screen':<24} ratio {app / empty:.2f}   target {TARGET_RATIO:.1f} {target}"
    )
    return [
        # The figure to quote: process launch to window shown and exited.
        Result("start main window", app, "empty_qt_window", empty, STARTUP_BUDGET),
        # Where it goes, measured inside the children.
        Result("  imports", median_of(app_splits, 0), "pyside6_import", median_of(empty_splits, 0)),
        Result(
            "  build+show window",
            median_of(app_splits, 1),
            "empty_window",
            median_of(empty_splits, 1),
        ),
    ], f"{target_line}\n{memory_line}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_startup", description=__doc__)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_ROUNDS} rounds, not {ROUNDS}")
    args = parser.parse_args(argv)
    rounds = QUICK_ROUNDS if args.quick else ROUNDS
    with tempfile.TemporaryDirectory(prefix="bemoeizorg-bench-") as tmp:
        results, targets = run(rounds, Path(tmp))
    title = f"bench_startup: median of {rounds} rounds, interleaved; baseline in the same run"
    status = report(title, results, judge=not args.quick)
    print(targets)  # issue 16's targets, not yet judged: start-up is still being cut down
    return status


if __name__ == "__main__":
    sys.exit(main())
