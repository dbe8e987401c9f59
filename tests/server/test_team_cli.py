"""`bemoeizorg team init / add-user / remove-user` on a real server (issue 17)."""

from __future__ import annotations

import pytest

from bemoeizorg.cli import run_command
from bemoeizorg.store.server import ServerUserDisabled, connect
from tests.server.conftest import with_user


def test_team_commands_set_up_the_register_and_manage_users(
    lead_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tag = lead_url.split("lead_")[1][:8]
    assert run_command(["team", "init", lead_url, "--register-name", "Team Oost"]) == 0
    out = capsys.readouterr().out
    assert "is ingericht" in out and lead_url.split(":")[2].split("@")[0] not in out

    monkeypatch.setenv("BEMOEIZORG_NEW_PASSWORD", "lang-genoeg-wachtwoord")
    assert (
        run_command(
            ["team", "add-user", lead_url, "--user", f"cor_{tag}", "--role", "bemoeizorger"]
        )
        == 0
    )
    cor = with_user(lead_url, f"cor_{tag}", "lang-genoeg-wachtwoord")
    with connect(cor) as conn:
        assert conn.execute('SELECT role FROM "user" WHERE name = session_user').fetchone() == (
            "bemoeizorger",
        )

    # A worker cannot add a user: a Dutch sentence, no traceback, a non-zero exit.
    assert (
        run_command(["team", "add-user", cor, "--user", f"dirk_{tag}", "--role", "teamleider"]) != 0
    )
    assert "Alleen een teamleider mag gebruikers toevoegen" in capsys.readouterr().err

    assert run_command(["team", "remove-user", lead_url, "--user", f"cor_{tag}"]) == 0
    with pytest.raises(ServerUserDisabled):
        connect(cor)
