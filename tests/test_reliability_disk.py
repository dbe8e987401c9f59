"""Fault injection, part 2: a full disk (a real 1 MiB tmpfs), a file size limit
(RLIMIT_FSIZE) and write errors injected with strace at many write points.

What must hold: a clear Dutch message ("De schijf is vol" or "Schrijven naar de schijf is
mislukt"), nothing acknowledged lost, nothing unacknowledged half-saved, the register
sound afterwards, and saving works again once there is room.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
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
from bemoeizorg.store.errors import DiskFull, RegisterError
from bemoeizorg.store.keyslots import KeySlots, slots_path_for
from bemoeizorg.store.register import Register
from tests.helpers.reliability_common import (
    DISK_MESSAGES,
    PASSPHRASE,
    USER,
    Child,
    cheap_kdf,
    child_env,
    copy_register,
    create_register,
    helper_cmd,
    temp_files,
)

NEW_PASSPHRASE = "Negen nijlpaarden naast Nederweert"


def _names(register: Register) -> set[str]:
    return {m.name for m in team_members(register)}


def _free_bytes(folder: Path) -> int:
    st = os.statvfs(folder)
    return st.f_bavail * st.f_frsize


def _fill(folder: Path, name: str, leave: int = 0) -> Path:
    """A filler file that leaves about `leave` bytes free (0: until the disk says full)."""
    target = folder / name
    want = max(0, _free_bytes(folder) - leave)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    written = 0
    try:
        while leave == 0 or written < want:
            try:
                written += os.write(fd, bytes(4096))
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
                break
    finally:
        os.close(fd)
    return target


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 1 MiB tmpfs: writes meet ENOSPC exactly as on a full laptop disk."""
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root on Linux (this machine and CI run as root)")
    mount = tmp_path / "klein"
    mount.mkdir()
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mount)],
        check=True,
        capture_output=True,
    )
    try:
        yield mount
    finally:
        if subprocess.run(["umount", str(mount)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(mount)], capture_output=True)


# --- 3a. a full disk -------------------------------------------------------------------


def test_full_disk_loses_nothing_and_recovers(small_disk: Path) -> None:
    path = small_disk / "team.bzregister"
    register, _code = Register.create(path, "Team", USER, Role.TEAMLEIDER, PASSPHRASE)
    acked: list[str] = []
    acked_contacts: list[str] = []
    fillers: list[Path] = []
    try:
        for i in range(3):
            name = f"Aanspreekpunt {i}"
            save_contact_point(
                register,
                ContactPointData(
                    "GM0889", name, email=f"punt{i}@beesel.example", valid_from=date(2025, 1, 1)
                ),
            )
            acked_contacts.append(name)
        # Leave some room, then save until the disk is full.
        fillers.append(_fill(small_disk, "vulsel-1", leave=160 * 1024))
        full: DiskFull | None = None
        failed_name = ""
        for i in range(3000):
            name = f"Teamlid {i:05d} " + "z" * 170
            try:
                save_team_member(register, TeamMemberData(name, Specialism.JEUGD))
            except DiskFull as exc:
                full, failed_name = exc, name
                break
            acked.append(name)
        figures = f"acknowledged saves {len(acked)} before the disk was full"
        assert full is not None, figures
        assert str(full).startswith("De schijf is vol"), str(full)
        assert acked, figures

        # Nothing acknowledged is lost, nothing failed is half there, the register is sound.
        names = _names(register)
        assert set(acked) <= names, figures
        assert failed_name not in names, "a save that reported 'disk full' is in the register"
        assert {c.name for c in contact_points(register)} == set(acked_contacts)
        assert register.verify().ok, figures

        # A key-slot write on a disk with no byte left: DiskFull, slot file untouched.
        fillers.append(_fill(small_disk, "vulsel-2"))
        slots_before = slots_path_for(path).read_bytes()
        with pytest.raises(DiskFull):
            register.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
        assert slots_path_for(path).read_bytes() == slots_before
        assert temp_files(small_disk) == [], "a failed slot write left its temp file"
        KeySlots.load(slots_path_for(path)).unwrap_passphrase(USER, PASSPHRASE)  # still opens
    finally:
        register.lock()  # its log entry cannot be written now; locking must still work

    # Unlocking on a full disk: a Dutch message, no traceback, no handle leaked.
    fillers.append(_fill(small_disk, "vulsel-3"))
    with pytest.raises(DiskFull):
        Register.unlock(path, USER, PASSPHRASE)

    # Room again: the old passphrase opens, every acknowledged save is there, saving works.
    for filler in fillers:
        filler.unlink()
    register = Register.unlock(path, USER, PASSPHRASE)
    try:
        assert set(acked) <= _names(register), figures
        save_team_member(register, TeamMemberData("Na het opruimen", Specialism.VOLWASSENEN))
        assert "Na het opruimen" in _names(register)
        assert register.verify().ok
    finally:
        register.lock()


# --- 3b. a file size limit in a child ------------------------------------------------


def test_file_size_limit_in_a_child_gives_a_dutch_disk_error(tmp_path: Path) -> None:
    with cheap_kdf():
        path = create_register(tmp_path)
    limit = path.stat().st_size + 48 * 1024

    child = Child(
        helper_cmd(
            "with_file_limit.py",
            str(limit),
            *helper_cmd(
                "save_loop.py", str(path), USER, "Grens", "--count", "3000", "--pad", "150"
            ),
        ),
        child_env(),
    )
    code = child.finish(timeout=120)
    acked = child.acknowledged()
    failures = [line for line in child.lines if line.startswith("fout ")]
    figures = (
        f"exit {code}, acknowledged {len(acked)}, failures {failures}, stderr {child.stderr!r}"
    )
    assert code == 3, figures
    assert "Traceback" not in child.stderr, figures
    assert len(failures) == 1 and acked, figures
    failed_name, message = failures[0][len("fout ") :].split("\t")
    assert message in DISK_MESSAGES, figures

    register = Register.unlock(path, USER, PASSPHRASE)
    try:
        names = _names(register)
        assert set(acked) <= names, figures
        assert failed_name not in names, figures
        assert register.verify().ok, figures
        save_team_member(register, TeamMemberData("Zonder grens", Specialism.JEUGD))
    finally:
        register.lock()


# --- strace: ENOSPC / EIO at many write points ---------------------------------------

SINGLE_POINTS = (1, 2, 3, 5, 8, 13, 21, 34, 55, 89)
# (first pwrite64 hit + every n-th after it, first fsync hit + every m-th): the unlock
# needs about 30 pwrite64 and 4 fsync, each save about 38 and 4.
STEPPED = (("31+97", "5+11"), ("40+89", "7+13"), ("33+101", "6+17"), ("45+83", "9+10"))


def test_strace_injected_write_errors_never_corrupt(tmp_path: Path) -> None:
    strace = shutil.which("strace")
    if strace is None:
        pytest.fail("strace is missing: install it (apt-get install -y strace); CI does")
    with cheap_kdf():
        template = create_register(tmp_path / "sjabloon")
    runs: list[tuple[str, list[str], int]] = []
    for n in SINGLE_POINTS:
        spec = f"inject=pwrite64,fsync,fdatasync:error=ENOSPC:when={n}"
        runs.append((f"when={n}", ["-e", spec], 3))
    for pwrites, fsyncs in STEPPED:
        runs.append(
            (
                f"pwrite {pwrites} fsync {fsyncs}",
                [
                    "-e",
                    f"inject=pwrite64:error=ENOSPC:when={pwrites}",
                    "-e",
                    f"inject=fsync,fdatasync:error=EIO:when={fsyncs}",
                ],
                30,
            )
        )

    results = []
    for batch_start in range(0, len(runs), 2):  # two at a time: two cores
        batch = []
        for index in range(batch_start, min(batch_start + 2, len(runs))):
            label, inject, count = runs[index]
            path = copy_register(template, tmp_path / f"run{index}")
            cmd = [
                strace,
                "-f",
                "-qq",
                "-o",
                os.devnull,
                *inject,
                *helper_cmd(
                    "save_loop.py",
                    str(path),
                    USER,
                    f"r{index}",
                    "--count",
                    str(count),
                    "--keep-going",
                ),
            ]
            batch.append((label, path, Child(cmd, child_env())))
        for label, path, child in batch:
            results.append((label, path, child, child.finish(timeout=120)))

    acked_total = failed_total = unlock_failures = corrupt = 0
    problems: list[str] = []
    for label, path, child, code in results:
        acked = child.acknowledged()
        fouts = [line[len("fout ") :] for line in child.lines if line.startswith("fout ")]
        acked_total += len(acked)
        if code not in (0, 3) or "Traceback" in child.stderr:
            problems.append(f"{label}: exit {code}, stderr {child.stderr[-300:]!r}")
        failed_names = []
        for fout in fouts:
            if "\t" in fout:
                name, message = fout.split("\t")
                failed_names.append(name)
                failed_total += 1
            else:
                message = fout
                unlock_failures += 1
            if message not in DISK_MESSAGES:
                problems.append(f"{label}: not a Dutch disk message: {message!r}")
        try:
            register = Register.unlock(path, USER, PASSPHRASE)
        except RegisterError as exc:
            corrupt += 1
            problems.append(f"{label}: does not open afterwards: {exc}")
            continue
        try:
            if not register.verify().ok:
                corrupt += 1
                problems.append(f"{label}: verify fails")
            names = _names(register)
            if not set(acked) <= names:
                problems.append(f"{label}: lost {sorted(set(acked) - names)}")
            present = sorted(names & set(failed_names))
            if present:
                problems.append(f"{label}: failed saves present {present}")
        finally:
            register.lock()
    figures = (
        f"{len(results)} runs under strace: acknowledged saves {acked_total}, saves failed "
        f"with a Dutch message {failed_total}, unlocks refused {unlock_failures}, "
        f"corrupt {corrupt}, problems {problems}"
    )
    assert not problems, figures
    assert corrupt == 0, figures
    assert failed_total >= 20 and acked_total >= 40 and unlock_failures >= 1, figures
