"""`bemoeizorg users`, `user-add`, `user-role` and `user-remove` as a user runs them (issue
12): the list of users and roles, adding with the new passphrase from the environment,
removing with a new key and the warning about older back-ups, and the store's rules with a
Dutch refusal and a non-zero exit for a bemoeizorger."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bemoeizorg.domain.people import Role
from bemoeizorg.store.errors import RegisterMismatch
from bemoeizorg.store.keyslots import slots_path_for
from bemoeizorg.store.register import Register
from tests.builders import LEAD, STRONG, new_case
from tests.helpers.processes import run

BRAM = "Bram Peeters"
BRAM_PHRASE = "Bram fietst elke dag naar Venlo"
CHRIS = "Chris Janssen"
CHRIS_PHRASE = "Chris zwemt graag in de Roer"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """Anna (teamleider) and Bram (bemoeizorger), one case."""
    path = tmp_path / "team.bzregister"
    register, _code = Register.create(path, "Team", LEAD, Role.TEAMLEIDER, STRONG)
    register.add_user(BRAM, Role.BEMOEIZORGER, BRAM_PHRASE)
    new_case(register)
    register.lock()
    return path


def run_with_new(*args: str, passphrase: str, new: str | None) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("BEMOEIZORG_PASSPHRASE", "BEMOEIZORG_NEW_PASSPHRASE")
    }
    env["BEMOEIZORG_PASSPHRASE"] = passphrase
    if new is not None:
        env["BEMOEIZORG_NEW_PASSPHRASE"] = new
    done = subprocess.run(
        [sys.executable, "-m", "bemoeizorg", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done


def test_users_lists_names_and_roles(path: Path) -> None:
    done = run("users", str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Anna de Vries  teamleider",
        "Bram Peeters   bemoeizorger",
    ]
    # Any user may look, with their own passphrase.
    assert run("users", str(path), passphrase=BRAM_PHRASE).returncode == 0
    wrong = run("users", str(path), passphrase="Niet de goede wachtwoordzin")
    assert wrong.returncode != 0
    assert "De wachtwoordzin klopt niet" in wrong.stderr


def test_a_teamleider_adds_a_user_who_can_then_open_the_register(path: Path) -> None:
    done = run_with_new(
        "user-add", str(path), "--user", CHRIS, "--role", "teamleider",
        passphrase=STRONG, new=CHRIS_PHRASE,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{CHRIS} is toegevoegd als teamleider."
    chris = Register.unlock(path, CHRIS, CHRIS_PHRASE)
    try:
        assert chris.role() is Role.TEAMLEIDER
    finally:
        chris.lock()


def test_without_a_new_passphrase_and_no_terminal_nothing_is_added(path: Path) -> None:
    done = run_with_new(
        "user-add", str(path), "--user", CHRIS, "--role", "bemoeizorger",
        passphrase=STRONG, new=None,
    )  # fmt: skip
    assert done.returncode != 0
    assert "BEMOEIZORG_NEW_PASSPHRASE" in done.stderr
    assert CHRIS not in run("users", str(path)).stdout


def test_a_weak_new_passphrase_is_refused_in_dutch(path: Path) -> None:
    done = run_with_new(
        "user-add", str(path), "--user", CHRIS, "--role", "bemoeizorger",
        passphrase=STRONG, new="kort",
    )  # fmt: skip
    assert done.returncode != 0
    assert done.stderr.strip()
    assert CHRIS not in run("users", str(path)).stdout


def test_a_bemoeizorger_is_refused_every_change_with_a_dutch_message(path: Path) -> None:
    adding = run_with_new(
        "user-add", str(path), "--user", CHRIS, "--role", "teamleider",
        passphrase=BRAM_PHRASE, new=CHRIS_PHRASE,
    )  # fmt: skip
    assert adding.returncode != 0
    assert "Alleen een teamleider mag gebruikers toevoegen" in adding.stderr
    role = run(
        "user-role", str(path), "--user", BRAM, "--role", "teamleider", passphrase=BRAM_PHRASE
    )
    assert role.returncode != 0
    assert "Alleen een teamleider mag rollen wijzigen" in role.stderr
    removing = run("user-remove", str(path), "--user", LEAD, passphrase=BRAM_PHRASE)
    assert removing.returncode != 0
    assert "Alleen een teamleider mag gebruikers verwijderen" in removing.stderr
    assert run("users", str(path)).stdout.splitlines() == [
        "Anna de Vries  teamleider",
        "Bram Peeters   bemoeizorger",
    ]


def test_user_remove_gives_a_new_key_and_says_what_older_backups_still_open(
    path: Path, tmp_path: Path
) -> None:
    kept = tmp_path / "oud.sleutels"
    shutil.copyfile(slots_path_for(path), kept)

    done = run("user-remove", str(path), "--user", BRAM)

    assert done.returncode == 0, done.stderr
    assert f"{BRAM} is verwijderd en kan het register niet meer openen" in done.stdout
    assert "back-ups die eerder zijn gemaakt" in done.stdout
    assert "Maak nu een nieuwe back-up" in done.stdout
    assert "verwijder daarna de oudere" in done.stdout
    assert run("users", str(path)).stdout.splitlines() == ["Anna de Vries  teamleider"]
    gone = run("users", str(path), passphrase=BRAM_PHRASE)
    assert gone.returncode != 0
    assert "De wachtwoordzin klopt niet" in gone.stderr
    # An old copy of the slot file with Bram's passphrase: a Dutch refusal, no data.
    shutil.copyfile(kept, slots_path_for(path))
    old = run("users", str(path), passphrase=BRAM_PHRASE)
    assert old.returncode != 0
    assert "Het sleutelbestand hoort niet bij dit register" in old.stderr
    with pytest.raises(RegisterMismatch):
        Register.unlock(path, LEAD, STRONG)


def test_oneself_and_the_last_teamleider_stay(path: Path) -> None:
    yourself = run("user-remove", str(path), "--user", LEAD)
    assert yourself.returncode != 0
    assert "U kunt uzelf niet verwijderen" in yourself.stderr
    last = run("user-role", str(path), "--user", LEAD, "--role", "bemoeizorger")
    assert last.returncode != 0
    assert "enige teamleider" in last.stderr
    promoted = run("user-role", str(path), "--user", BRAM, "--role", "teamleider")
    assert promoted.returncode == 0, promoted.stderr
    assert promoted.stdout.strip() == f"{BRAM} is nu teamleider."
    unknown = run("user-remove", str(path), "--user", "Iemand Anders")
    assert unknown.returncode != 0
    assert "hoort niet bij dit register" in unknown.stderr
