"""A "mixed" back-up: the newest back-up's signed info.json with an older back-up's
`register` and `sleutels` (issue 12, red team B). The info's MAC holds, so only the tie
between the info and the contents (the signed SHA-256 of each member, or for a back-up
made before the hashes its log head and entry count) stops it passing as the newest.

Real encrypted registers and back-ups in tmp_path; the CLI through a child process.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from bemoeizorg.store import backup
from bemoeizorg.store.register import Register
from tests.builders import LEAD, STRONG, new_case
from tests.helpers.processes import run

MIXED_WORDS = "past niet bij de beschrijving"


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def _mix(folder: Path, info_from: Path, contents_from: Path, name: str) -> Path:
    path = folder / name
    with (
        zipfile.ZipFile(info_from) as newer,
        zipfile.ZipFile(contents_from) as older,
        zipfile.ZipFile(path, "w") as archive,
    ):
        archive.writestr(backup.INFO_ENTRY, newer.read(backup.INFO_ENTRY))
        archive.writestr(backup.SLOTS_ENTRY, older.read(backup.SLOTS_ENTRY))
        archive.writestr(backup.DB_ENTRY, older.read(backup.DB_ENTRY))
    return path


def _without_hashes(register: Register, source: Path, target: Path, contents: Path) -> Path:
    """A back-up as made before the hashes: `source`'s info without them, signed again
    with the register's key, holding `contents`'s register and key slots."""
    with zipfile.ZipFile(source) as archive:
        info = json.loads(archive.read(backup.INFO_ENTRY))
    for name in (backup.DB_HASH_FIELD, backup.SLOTS_HASH_FIELD, backup.MAC_FIELD):
        del info[name]
    info[backup.MAC_FIELD] = register.backup_mac(backup._signed_bytes(info))
    with zipfile.ZipFile(contents) as older, zipfile.ZipFile(target, "w") as archive:
        archive.writestr(backup.INFO_ENTRY, json.dumps(info))
        archive.writestr(backup.SLOTS_ENTRY, older.read(backup.SLOTS_ENTRY))
        archive.writestr(backup.DB_ENTRY, older.read(backup.DB_ENTRY))
    return target


def _three(register: Register, usb: Path) -> list[backup.BackupInfo]:
    """Three back-ups holding 0, 1 and 2 cases (and ever longer logs)."""
    made = [backup.make_backup(register, usb)]
    for _ in range(2):
        new_case(register)
        made.append(backup.make_backup(register, usb))
    return made


def test_a_mixed_backup_is_not_counted_kept_or_offered(register: Register, usb: Path) -> None:
    oldest, middle, newest = _three(register, usb)
    mixed = _mix(usb, newest.path, oldest.path, "bemoeizorg-gemengd.bzbackup")
    info = backup.read_info(mixed)
    assert info.made_at == newest.made_at and info.chain_entries == newest.chain_entries
    assert not backup.verifies(info, register)

    made, pruned = backup.backup_and_prune(register, usb, 2)

    # Kept: the one just made and the real newest; the mixed one is no copy of it.
    assert made.path.exists() and newest.path.exists()
    assert not oldest.path.exists() and not middle.path.exists()
    assert mixed.exists() and pruned.survey.unverified == [mixed]
    assert any("bemoeizorg-gemengd.bzbackup" in note for note in pruned.notes())
    assert mixed not in [b.path for b in backup.survey(usb, register).verified]

    # With the real newest lost, the mixed one is not what a damaged register is offered.
    made.path.unlink()
    newest.path.unlink()
    assert backup.newest_good(usb, register.register_id) is None
    path = register.path
    register.lock()
    assert backup.newest_verified(usb, path, LEAD, STRONG) is None


def test_a_mixed_backup_is_refused_by_open_and_restore(register: Register, usb: Path) -> None:
    oldest, _middle, newest = _three(register, usb)
    mixed = _mix(usb, newest.path, oldest.path, "bemoeizorg-gemengd.bzbackup")

    with pytest.raises(backup.BackupMismatch, match=MIXED_WORDS):
        backup.contents_for_register(mixed, register)
    with pytest.raises(backup.BackupMismatch, match=MIXED_WORDS):
        backup.restore(mixed, register.path, register=register)
    # Refused before anything changed: the register is still open and reads its own.
    assert backup.contents_for_register(newest.path, register).cases == 2
    path = register.path
    register.lock()
    before = path.read_bytes()
    with pytest.raises(backup.BackupMismatch, match=MIXED_WORDS):
        backup.open_contents(mixed, passphrase=STRONG)
    with pytest.raises(backup.BackupMismatch, match=MIXED_WORDS):
        backup.restore(mixed, path, passphrase=STRONG)
    assert path.read_bytes() == before
    # Nothing kept aside: nothing was replaced.
    beside = {p.name for p in path.parent.iterdir() if p.name.startswith(path.stem)}
    assert beside <= {path.name, path.name + ".sleutels", path.name + ".lock"}, beside


def test_the_restore_command_refuses_a_mixed_backup_and_restores_a_real_one(
    register: Register, usb: Path
) -> None:
    oldest, _middle, newest = _three(register, usb)
    mixed = _mix(usb, newest.path, oldest.path, "bemoeizorg-gemengd.bzbackup")
    path = register.path
    register.lock()
    before = path.read_bytes()

    refused = run("restore", str(mixed), "--to", str(path))

    assert refused.returncode != 0
    assert MIXED_WORDS in refused.stderr and "Er is niets teruggezet" in refused.stderr
    assert "Back-up van" not in refused.stdout and "Teruggezet" not in refused.stdout
    assert path.read_bytes() == before

    done = run("restore", str(newest.path), "--to", str(path))

    assert done.returncode == 0, done.stderr
    assert "2 casussen" in done.stdout and "Teruggezet naar" in done.stdout
    restored = Register.unlock(path, LEAD, STRONG)
    try:
        assert restored.verify().ok
    finally:
        restored.lock()


def test_a_backup_from_before_the_hashes_is_checked_by_its_log(
    register: Register, usb: Path
) -> None:
    oldest, _middle, newest = _three(register, usb)
    real = _without_hashes(register, newest.path, usb / "oud-echt.bzbackup", newest.path)
    mixed = _without_hashes(register, newest.path, usb / "oud-gemengd.bzbackup", oldest.path)
    # Their MACs hold, but without hashes neither counts for pruning.
    assert not backup.verifies(backup.read_info(real), register)
    pruned = backup.prune(usb, register, 1)
    assert real.exists() and mixed.exists()
    assert sorted(pruned.survey.unverified) == sorted([mixed, real])

    assert backup.contents_for_register(real, register).cases == 2
    with pytest.raises(backup.BackupMismatch, match=MIXED_WORDS):
        backup.contents_for_register(mixed, register)
    path = register.path
    register.lock()
    with pytest.raises(backup.BackupMismatch, match=MIXED_WORDS):
        backup.restore(mixed, path, passphrase=STRONG)

    backup.restore(real, path, passphrase=STRONG)

    restored = Register.unlock(path, LEAD, STRONG)
    try:
        assert restored.verify().ok
    finally:
        restored.lock()
