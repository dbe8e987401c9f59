"""A network meeting's pack made straight from the team register (issue 17): the cases of
every worker in the municipality, the PDF read back, the disclosures recorded in the team
register, and never who reported."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bemoeizorg.casework import reference_data
from bemoeizorg.cli import run_command
from bemoeizorg.domain.municipalities import MUNICIPALITIES
from bemoeizorg.domain.people import Role
from bemoeizorg.store import server_setup
from bemoeizorg.store.schema import Disclosure
from bemoeizorg.store.team_register import open_team_register
from tests.server.conftest import with_user
from tests.server.test_team_cli_register import _without_password
from tests.server.test_team_register import _worker
from tests.test_cli_meeting_pack import make_case, text_of


def test_the_pack_of_a_municipality_holds_every_workers_cases(
    lead_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    server_setup.init_team_register(lead_url, "Team Midden")
    login, password = _worker(lead_url, "mp", Role.BEMOEIZORGER)
    lead = open_team_register(lead_url)
    try:
        reference_data.set_covered_municipalities(lead, [m.code for m in MUNICIPALITIES])
        make_case(lead, "GM0957", "Quinten", "Zandbergen", date(1970, 3, 1))
    finally:
        lead.lock()
    worker = open_team_register(with_user(lead_url, login, password))
    try:  # a colleague's case in the same municipality, from their own laptop
        make_case(worker, "GM0957", "Ursula", "Yildiz", date(1988, 5, 2))
    finally:
        worker.lock()

    url, lead_password = _without_password(lead_url)
    monkeypatch.setenv("PGPASSWORD", lead_password)
    out = tmp_path / "eerste bespreking.pdf"
    code = run_command(
        ["meeting-pack", url, "--municipality", "Roermond", "--all-open", "--out", str(out)]
    )
    assert code == 0, capsys.readouterr().err
    assert capsys.readouterr().out.splitlines()[0] == f"Pakket gemaakt: {out} (2 casussen)"
    everything = " ".join(text_of(out))
    assert "Q.Z. (1970)" in everything and "U.Y. (1988)" in everything
    assert "Kanariepiet" not in everything and "Kanariestraat" not in everything
    team = open_team_register(url)
    try:
        with team.session() as session:
            assert session.scalar(select(func.count()).select_from(Disclosure)) == 2
    finally:
        team.lock()
