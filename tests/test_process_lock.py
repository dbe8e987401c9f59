"""The process lock against someone who can write in the register's folder (issue 12,
finding 7): a planted link is refused without touching its target, and deleting the lock
file while a register is open does not let a second program open it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bemoeizorg.store.access_log import Action
from bemoeizorg.store.errors import RegisterInUse, UnsafeRegister
from bemoeizorg.store.process_lock import ProcessLock, lock_path_for
from bemoeizorg.store.register import Register
from tests.builders import LEAD, STRONG
from tests.helpers.processes import run

VICTIM = b"Een bestand van de gebruiker dat heel moet blijven.\n" * 20


@pytest.fixture
def locked_path(register: Register) -> Path:
    register.lock()
    return register.path


@pytest.fixture
def reopened(locked_path: Path) -> Iterator[Register]:
    """Register A, opened the usual way (unlocked again after it was made)."""
    register = Register.unlock(locked_path, LEAD, STRONG)
    yield register
    register.lock()


def test_a_symlinked_lock_file_is_refused_and_its_target_stays_intact(
    locked_path: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "elders" / "belangrijk.txt"
    victim.parent.mkdir()
    victim.write_bytes(VICTIM)
    lock_path_for(locked_path).unlink(missing_ok=True)
    lock_path_for(locked_path).symlink_to(victim)

    with pytest.raises(UnsafeRegister) as refused:
        Register.unlock(locked_path, LEAD, STRONG)
    assert "team.bzregister.lock" in refused.value.message
    assert "geen gewoon bestand" in refused.value.message
    assert victim.read_bytes() == VICTIM

    # The command line says the same in Dutch, and leaves the target alone too.
    done = run("verify", str(locked_path))
    assert done.returncode != 0
    assert "geen gewoon bestand" in done.stderr
    assert victim.read_bytes() == VICTIM

    lock_path_for(locked_path).unlink()  # the link removed: the register opens again
    Register.unlock(locked_path, LEAD, STRONG).lock()
    assert victim.read_bytes() == VICTIM


def test_a_dangling_link_creates_nothing(locked_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "nieuw-bestand"
    lock_path_for(locked_path).unlink(missing_ok=True)
    lock_path_for(locked_path).symlink_to(target)
    with pytest.raises(UnsafeRegister):
        ProcessLock(locked_path).acquire()
    assert not target.exists()


def test_a_hard_linked_lock_file_is_refused(locked_path: Path, tmp_path: Path) -> None:
    victim = tmp_path / "belangrijk.txt"
    victim.write_bytes(VICTIM)
    lock_path_for(locked_path).unlink(missing_ok=True)
    os.link(victim, lock_path_for(locked_path))
    with pytest.raises(UnsafeRegister):
        Register.unlock(locked_path, LEAD, STRONG)
    assert victim.read_bytes() == VICTIM


def test_deleting_the_lock_file_does_not_let_a_second_program_in(reopened: Register) -> None:
    register = reopened
    path = register.path
    # Control: while register A is open, a second program is refused.
    before = run("verify", str(path))
    assert before.returncode != 0 and "al geopend" in before.stderr

    lock_path_for(path).unlink()  # what a stranger with write access could do
    done = run("verify", str(path))
    assert done.returncode != 0
    assert "al geopend" in done.stderr, done.stderr
    assert not lock_path_for(path).exists() or lock_path_for(path).read_bytes() == b""

    # Register A works on meanwhile: SQLite's own locks are not disturbed by the flock.
    register.log_event(Action.SETTINGS)
    assert register.verify().ok
    register.lock()
    done = run("verify", str(path))
    assert done.returncode == 0, done.stderr


def test_the_same_lock_in_this_process_is_refused_after_the_lock_file_is_gone(
    reopened: Register,
) -> None:
    register = reopened
    lock_path_for(register.path).unlink()
    with pytest.raises(RegisterInUse):
        ProcessLock(register.path).acquire()
    assert not lock_path_for(register.path).exists() or (
        lock_path_for(register.path).read_bytes() == b""
    )


def test_a_register_just_created_holds_its_file_lock_too(register: Register) -> None:
    # Created, not unlocked again: the register file did not exist when the lock was
    # taken, so creating it must lock it as well.
    lock_path_for(register.path).unlink()
    with pytest.raises(RegisterInUse):
        ProcessLock(register.path).acquire()
