"""`bemoeizorg backup` and `restore` as a user runs them: a checked back-up with the chain
head printed, a restore on "another machine" with only the back-up and the passphrase (or
the recovery code), the replaced register kept, and clear refusals."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bemoeizorg.domain.people import Role
from bemoeizorg.store import backup
from bemoeizorg.store.process_lock import ProcessLock
from bemoeizorg.store.register import Register
from tests.builders import STRONG, new_case
from tests.helpers.processes import run


@pytest.fixture
def register_path(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "team.bzregister"
    register, code = Register.create(path, "Team", "Anna de Vries", Role.TEAMLEIDER, STRONG)
    new_case(register, family_name="Eerste")
    new_case(register, family_name="Tweede")
    register.lock()
    return path, code


def test_backup_then_restore_elsewhere(register_path, tmp_path: Path) -> None:
    path, code = register_path
    usb = tmp_path / "usb"
    usb.mkdir()
    done = run("backup", str(path), "--to", str(usb), "--keep", "1")
    assert done.returncode == 0, done.stderr
    assert "Back-up gemaakt en gecontroleerd" in done.stdout
    # Dutch sizes and counted nouns: "(5,2 MB)" or "(48 kB)", never "(5.2 MB)" nor
    # "De nieuwste 1 back-ups".
    assert re.search(r"\.bzbackup \((\d+ kB|\d+,\d MB)\)\.", done.stdout), done.stdout
    assert "Bewaard: de nieuwste gecontroleerde back-up van dit register" in done.stdout
    head = re.search(r"Controlecode logboek: ([0-9a-f-]+) \(\d+ regels\)", done.stdout)
    assert head is not None
    (made,) = backup.list_backups(usb)
    assert made.code == head.group(1)
    # The printed code is an outside anchor: the register still holds that state.
    checked = run("verify", str(path), "--head", head.group(1))
    assert checked.returncode == 0, checked.stdout + checked.stderr

    laptop = tmp_path / "nieuwe-laptop"
    laptop.mkdir()
    only_file = Path(shutil.copy(made.path, laptop))
    target = laptop / "team.bzregister"
    done = run("restore", str(only_file), "--to", str(target))
    assert done.returncode == 0, done.stderr
    assert "2 casussen (2 open), 2 meldingen; gebruikers: Anna de Vries" in done.stdout
    restored = Register.unlock(target, "Anna de Vries", STRONG)
    restored.lock()

    # Over an existing register, with the recovery code: the old one is kept aside.
    env_done = subprocess.run(
        [sys.executable, "-m", "bemoeizorg", "restore", str(only_file), "--to", str(target)],
        capture_output=True,
        text=True,
        env={**os.environ, "BEMOEIZORG_RECOVERY_CODE": code, "BEMOEIZORG_PASSPHRASE": ""},
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert env_done.returncode == 0, env_done.stderr
    assert "Het vervangen register is bewaard als team.bzregister.vervangen-" in env_done.stdout


def test_restore_refuses_a_register_in_use_and_a_broken_file(register_path, tmp_path) -> None:
    path, _code = register_path
    usb = tmp_path / "usb"
    usb.mkdir()
    assert run("backup", str(path), "--to", str(usb)).returncode == 0
    (made,) = backup.list_backups(usb)
    holder = ProcessLock(path)
    holder.acquire()
    try:
        before = path.read_bytes()
        done = run("restore", str(made.path), "--to", str(path))
        assert done.returncode == 1 and done.stderr.strip()
        assert path.read_bytes() == before
    finally:
        holder.release()
    broken = usb / "kapot.bzbackup"
    broken.write_bytes(b"PK niet echt")
    done = run("restore", str(broken), "--to", str(tmp_path / "x.bzregister"))
    assert done.returncode == 1 and "geen leesbare back-up" in done.stderr
    done = run("backup", str(path), "--to", str(tmp_path / "geen-map"))
    assert done.returncode == 1 and "USB-stick" in done.stderr
    # A folder that is not there is said as such, as the other commands do.
    done = run("restore", str(made.path), "--to", str(tmp_path / "geen-map" / "r.bzregister"))
    assert done.returncode == 1 and "geen-map' bestaat niet" in done.stderr, done.stderr
    done = run(
        "restore",
        str(made.path),
        "--to",
        str(tmp_path / "y.bzregister"),
        passphrase="Fout fout fout fout fout",
    )
    assert done.returncode == 1 and not (tmp_path / "y.bzregister").exists()
