"""Fault injection, part 4: plaintext on disk.

Unusual canary strings go into the register (its name, team members, contact points).
None of them may appear in the register file, nor in any other file the program writes
(slot file, lock file, failed-unlock note, journal, settings), nor in any file the
process has open while the register is unlocked.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest

from bemoeizorg.casework.reference_data import (
    contact_points,
    save_contact_point,
    save_team_member,
    team_members,
)
from bemoeizorg.domain.people import Role, Specialism
from bemoeizorg.domain.team import ContactPointData, TeamMemberData
from bemoeizorg.settings import load_device_settings, save_device_settings, settings_path
from bemoeizorg.store.errors import WrongPassphrase
from bemoeizorg.store.failed_unlocks import pending_path_for
from bemoeizorg.store.keyslots import slots_path_for
from bemoeizorg.store.process_lock import lock_path_for
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import TeamMember
from tests.helpers.reliability_common import PASSPHRASE, USER, cheap_kdf

REGISTER_NAME = "Qwzx Canarisregister Ørnberg-Zuid"
MEMBER = "Xyloquartz Vandeputte-Ørnberg"
CONTACT = "Jozefientje Kwakkelstaart-Ümlaut"
BSN_LIKE = "999990019"
EMAIL = "xyloquartz.canary@ornberg-vandeputte.example"
CANARIES = [REGISTER_NAME, MEMBER, CONTACT, BSN_LIKE, EMAIL]
SQLITE_HEADER = b"SQLite format 3\x00"


def _patterns() -> list[tuple[str, bytes]]:
    found: list[tuple[str, bytes]] = []
    for canary in CANARIES:
        for variant in {canary, canary.casefold()}:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                found.append((f"{canary!r} ({encoding})", variant.encode(encoding)))
    return found


def _leaks(data: bytes) -> list[str]:
    return [label for label, pattern in _patterns() if pattern in data]


def _scan_tree(root: Path) -> dict[str, list[str]]:
    """Every regular file under root -> the canaries found in it."""
    hits: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            leaks = _leaks(path.read_bytes())
            if leaks:
                hits[str(path.relative_to(root))] = leaks
    return hits


def _scan_open_files(skip: Path) -> tuple[int, dict[str, list[str]]]:
    """The process's open regular files (from /proc/self/fd), but the register itself."""
    scanned = 0
    hits: dict[str, list[str]] = {}
    for entry in sorted(os.listdir("/proc/self/fd"), key=int):
        fd_path = f"/proc/self/fd/{entry}"
        try:
            target = os.readlink(fd_path)
            if not stat.S_ISREG(os.stat(fd_path).st_mode):
                continue
            if target == str(skip):
                continue
            with open(fd_path, "rb") as handle:
                data = handle.read(64 * 1024 * 1024)
        except OSError:  # closed meanwhile (the listing's own fd), or not readable
            continue
        scanned += 1
        leaks = _leaks(data)
        if leaks:
            hits[target] = leaks
    return scanned, hits


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/self/fd")
def test_canaries_appear_in_no_file_on_disk(tmp_path: Path, isolated_dirs: Path) -> None:
    folder = tmp_path / "registers"
    folder.mkdir()
    path = folder / "team.bzregister"
    with cheap_kdf():
        register, _code = Register.create(path, REGISTER_NAME, USER, Role.TEAMLEIDER, PASSPHRASE)
    try:
        save_team_member(register, TeamMemberData(MEMBER, Specialism.JEUGD))
        save_contact_point(
            register,
            ContactPointData(
                "GM0889",
                CONTACT,
                organisation=MEMBER,
                phone=BSN_LIKE,
                email=EMAIL,
                valid_from=date(2025, 1, 1),
            ),
        )
        settings = load_device_settings()
        settings.remember_register(path, USER)
        save_device_settings(settings)
        # A sort the database may do in a temp b-tree: it must stay in memory.
        assert MEMBER in {m.name for m in team_members(register)}

        # While unlocked, and in the middle of a write transaction (journal on disk).
        with register.session() as session:
            row = session.query(TeamMember).filter_by(name=MEMBER).one()
            row.active = False
            session.flush()
            journal_present = path.with_name(path.name + "-journal").exists()
            folder_hits = _scan_tree(folder)
            scanned, fd_hits = _scan_open_files(skip=path)
        assert journal_present, "the scan was meant to see the rollback journal"
        assert not folder_hits, f"plaintext in the register's folder while unlocked: {folder_hits}"
        assert not fd_hits, f"plaintext in an open file of this process: {fd_hits}"
        assert scanned >= 1
        # The scanner itself finds a canary in an open, already deleted file.
        with tempfile.TemporaryFile() as probe:
            probe.write(MEMBER.encode("utf-16-le"))
            probe.flush()
            _count, probe_hits = _scan_open_files(skip=path)
        assert any(MEMBER in " ".join(v) for v in probe_hits.values()), probe_hits
    finally:
        register.lock()

    with pytest.raises(WrongPassphrase):
        Register.unlock(path, USER, "Een verkeerde maar lange zin")
    for expected in (
        slots_path_for(path),
        lock_path_for(path),
        pending_path_for(path),
        settings_path(),
    ):
        assert expected.exists(), f"{expected} was meant to be scanned"

    data = path.read_bytes()
    assert not data.startswith(SQLITE_HEADER) and SQLITE_HEADER not in data
    assert not _leaks(data), "plaintext in the register file"
    hits = _scan_tree(tmp_path)
    assert not hits, f"canaries found on disk after locking: {hits}"
    assert isolated_dirs.is_relative_to(tmp_path)  # the settings folders were scanned too

    # Not vacuous: the canaries really are in the register.
    with cheap_kdf():
        register = Register.unlock(path, USER, PASSPHRASE)
    try:
        assert register.name() == REGISTER_NAME
        assert MEMBER in {m.name for m in team_members(register)}
        (cp,) = contact_points(register)
        assert (cp.name, cp.phone, cp.email) == (CONTACT, BSN_LIKE, EMAIL)
        assert register.verify().ok
    finally:
        register.lock()
