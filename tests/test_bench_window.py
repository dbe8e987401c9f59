"""The window benchmark's smoke mode runs end to end on a tiny register and prints its
table. How fast the window is, is never judged here: see bench/README.md."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.processes import ratio_lines, run_quick

LINES = (
    "search 1 letter",
    "search 2 letters",
    "search keystroke",
    "sort by name",
    "open case",
    "save contact",
    "case list",
    "log tab",
)


def test_window_benchmark_smoke_mode_prints_its_table(tmp_path: Path) -> None:
    done = run_quick("bench.bench_window", tmp_path)
    lines = ratio_lines(done)
    for name in LINES:
        assert any(
            line.startswith(name) and "baseline plain + bare table" in line for line in lines
        ), (name, done.stdout)
    out = done.stdout.splitlines()
    assert any(line.startswith("longest gap after save") for line in out), done.stdout
    assert any(line.startswith("writes per save") for line in out), done.stdout
