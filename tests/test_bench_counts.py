"""The counts benchmark's smoke mode runs and reports its ratios. Speed is never judged
here: the budgets live in bench/ (see bench/README.md)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.processes import RATIO_LINE, run_quick


def test_counts_benchmark_smoke_mode_reports_ratios(tmp_path: Path) -> None:
    # 300 reports instead of the quick mode's 2,000, one round (the smoke test checks the
    # report, never the figures).
    done = run_quick(
        "bench.bench_counts",
        tmp_path,
        "--reports",
        "300",
        "--rounds",
        "1",
        "--optimum-seconds",
        "2",
    )
    lines = [line for line in done.stdout.splitlines() if RATIO_LINE.match(line)]
    for name in ("counting a year", "export a year (xlsx)"):
        assert any(line.startswith(name) and "baseline plain SQLite" in line for line in lines)
    assert "absolute budget 5000 ms" in done.stdout
    # The cells withheld against the fewest any safe pattern needs (or a lower bound).
    baselines = [line for line in done.stdout.splitlines() if "baseline (" in line]
    assert len(baselines) == 2 and all("program / " in line for line in baselines)
