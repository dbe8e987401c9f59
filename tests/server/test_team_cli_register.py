"""The register commands take a team register's postgresql:// URL (issue 17): import,
counts, verify, log and users, the password by libpq's conventions (PGPASSWORD)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from bemoeizorg.casework import reference_data
from bemoeizorg.cli import run_command
from bemoeizorg.domain.municipalities import MUNICIPALITIES
from bemoeizorg.domain.people import Role, Specialism
from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.exports.counts import Period, compute_counts
from bemoeizorg.store import server_setup
from bemoeizorg.store.register import Register
from bemoeizorg.store.team_register import open_team_register
from tests.builders import STRONG
from tests.spreadsheet_helpers import GOOD_ROWS, TEAM_MEMBER, fill_template

ALL = [m.code for m in MUNICIPALITIES]


def _without_password(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    assert parts.password and parts.username
    netloc = f"{parts.username}@{parts.hostname}:{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc)), parts.password


def _team(register: Register) -> None:
    reference_data.save_team_member(register, TeamMemberData(TEAM_MEMBER, Specialism.VOLWASSENEN))
    reference_data.set_covered_municipalities(register, ALL)


def test_import_counts_verify_and_log_on_the_team_register_through_the_cli(
    lead_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server_setup.init_team_register(lead_url, "Team Midden")
    url, password = _without_password(lead_url)
    monkeypatch.setenv("PGPASSWORD", password)  # libpq's way; nothing on the command line
    team = open_team_register(url)
    try:
        _team(team)
    finally:
        team.lock()
    workbook = fill_template(tmp_path / "onze casussen.xlsx", GOOD_ROWS)

    assert run_command(["import", url, str(workbook)]) == 0
    out = capsys.readouterr().out
    assert "6 meldingen, 4 nieuwe personen en 3 nieuwe casussen" in out
    assert run_command(["import", url, str(workbook)]) == 0
    assert "Niets ingelezen" in capsys.readouterr().out

    team_file = tmp_path / "team.json"
    assert run_command(["counts", url, "--year", "2024", "--team-file", str(team_file)]) == 0
    assert team_file.exists()
    assert run_command(["verify", url]) == 0
    verified = capsys.readouterr().out
    assert "Het logboek is in orde" in verified
    code = verified.rsplit("Controlecode logboek: ", 1)[1].split(".")[0].strip()
    assert run_command(["verify", url, "--head", code]) == 0
    assert f"Controlecode {code} klopt" in capsys.readouterr().out
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    assert run_command(["verify", url, "--head", wrong]) != 0
    assert "klopt NIET" in capsys.readouterr().err
    csv = tmp_path / "logboek.csv"
    assert run_command(["log", url, "--out", str(csv)]) == 0
    log_text = csv.read_text(encoding="utf-8-sig")
    lead_login = urlsplit(url).username
    assert f"{lead_login};ontgrendelen;;teamregister" in log_text
    assert "Controlecode logboek" in log_text and len(log_text.splitlines()) > 20
    assert run_command(["users", url]) == 0
    assert "teamleider" in capsys.readouterr().out

    # The same workbook in a local register counts the same, table for table.
    local_path = tmp_path / "lokaal.bzregister"
    local, _code = Register.create(local_path, "Lokaal", "Anna", Role.TEAMLEIDER, STRONG)
    try:
        _team(local)
    finally:
        local.lock()
    monkeypatch.setenv("BEMOEIZORG_PASSPHRASE", STRONG)
    assert run_command(["import", str(local_path), str(workbook)]) == 0
    local = Register.unlock(local_path, "Anna", STRONG)
    team = open_team_register(url)
    try:
        for year in (2024, 2025):
            here = compute_counts(local, Period.year(year))
            there = compute_counts(team, Period.year(year))
            assert [t.values for t in there.tables] == [t.values for t in here.tables]
    finally:
        local.lock()
        team.lock()
