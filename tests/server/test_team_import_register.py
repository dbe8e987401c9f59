"""`bemoeizorg team import-register`: a laptop's register into the team register, all of it
or nothing, twice imports nothing the second time (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from bemoeizorg.cli import run_command
from bemoeizorg.demo import DEMO_PASSPHRASE, create_demo
from bemoeizorg.exports.counts import Period, compute_counts
from bemoeizorg.store import server_setup
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Case, CaseEvent, Person, Report, Reporter
from bemoeizorg.store.team_register import open_team_register

TABLES = (Person, Report, Reporter, Case, CaseEvent)


def _sizes(register: Register) -> list[int]:
    with register.session() as session:
        return [int(session.scalar(select(func.count()).select_from(t)) or 0) for t in TABLES]


def test_the_demo_register_is_imported_once_and_counts_the_same(
    lead_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server_setup.init_team_register(lead_url, "Team Noord")
    demo_path = tmp_path / "demo.bzregister"
    demo = create_demo(demo_path, reports=60)
    try:
        local_sizes = _sizes(demo)
        with demo.session() as session:
            years = sorted({d.year for d in session.scalars(select(Report.received_on))})
    finally:
        demo.lock()
    monkeypatch.setenv("BEMOEIZORG_PASSPHRASE", DEMO_PASSPHRASE)

    assert run_command(["team", "import-register", str(demo_path), lead_url]) == 0
    out = capsys.readouterr().out
    assert "Ingelezen in het teamregister: 60 meldingen" in out
    assert run_command(["team", "import-register", str(demo_path), lead_url]) == 0
    assert "Niets ingelezen" in capsys.readouterr().out

    team = open_team_register(lead_url)
    demo = Register.unlock_any_user(demo_path, DEMO_PASSPHRASE)
    try:
        assert _sizes(team) == local_sizes  # the second import added nothing
        for year in years:
            here = compute_counts(demo, Period.year(year))
            there = compute_counts(team, Period.year(year))
            assert [t.values for t in there.tables] == [t.values for t in here.tables]
        assert team.verify().ok
    finally:
        demo.lock()
        team.lock()
