"""bench/bench_team.py end to end in its smoke mode on the real server: it builds, brings
the register in, times both registers and the concurrent writers, and prints every line.
The figures are never judged here (a benchmark, not a timed test)."""

from __future__ import annotations

import pytest

from bench import bench_team


def test_the_team_benchmark_runs_and_prints_its_lines(
    pg_admin_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bench_team.main(["--quick", "--reports", "300", "--seconds", "1"]) == 0
    out = capsys.readouterr().out
    for line in ("case list", "search", "open case", "save contact"):
        assert f"{line}" in out and "baseline local register" in out
    assert "concurrent saves, 2 writers:" in out and "concurrent saves, 8 writers:" in out
    assert "log verified, every save there" in out
