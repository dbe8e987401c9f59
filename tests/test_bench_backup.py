"""The back-up benchmark's smoke mode runs end to end and prints its table. How fast a
back-up is is never judged here: the budget lives in bench/ (see bench/README.md)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.processes import ratio_lines, run_quick


def test_backup_benchmark_smoke_mode_reports_ratios(tmp_path: Path) -> None:
    done = run_quick("bench.bench_backup", tmp_path)
    lines = ratio_lines(done)
    for name in ("checked back-up", "quick_check", "page HMACs", "chain", "sha256"):
        assert any(
            line.strip().startswith(name) and "baseline plain copy+fsync" in line for line in lines
        ), (name, done.stdout)
    assert any("budget 8.0" in line for line in lines)  # printed, judged only in full runs
