"""The case benchmark's smoke mode runs and reports its ratios. How fast the register is
is never judged here: the budgets live in bench/ (see bench/README.md)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.processes import RATIO_LINE, run_quick


def test_case_benchmark_smoke_mode_reports_ratios(tmp_path: Path) -> None:
    # 300 reports instead of the quick mode's 2,000: the build dominated the run, and the
    # smoke test checks that every ratio is reported, not what it is.
    done = run_quick("bench.bench_cases", tmp_path, "--reports", "300")
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
