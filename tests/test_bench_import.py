"""The import benchmark's smoke mode runs end to end and prints its table. How fast the
import is is never judged here: the budgets live in bench/ (see bench/README.md)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.processes import ratio_lines, run_quick


def test_import_benchmark_smoke_mode_reports_ratios(tmp_path: Path) -> None:
    done = run_quick("bench.bench_import", tmp_path)
    lines = ratio_lines(done)
    for name in ("import 300 rows", "read + check rows", "against register", "write (1 commit)"):
        assert any(
            line.strip().startswith(name) and "baseline openpyxl read" in line for line in lines
        ), (name, done.stdout)
    # The workbook was imported whole: every row a report, as the demo planned them.
    assert "imported 300 reports:" in done.stdout
