"""Fault injection, part 3: kill -9 in the middle of saving and of changing a
passphrase, and a second process on a register that is already open.

Children are real processes (tests/helpers/*.py) that print what they acknowledged; the
parent kills them with SIGKILL at random moments (fixed seed, bounded rounds and time).
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from bemoeizorg.casework.reference_data import team_members
from bemoeizorg.domain.people import Role
from bemoeizorg.store.errors import RegisterInUse, WrongPassphrase
from bemoeizorg.store.keyslots import slots_path_for
from bemoeizorg.store.register import Register
from tests.helpers.reliability_common import (
    PASSPHRASE,
    USER,
    Child,
    cheap_kdf,
    child_env,
    create_register,
    helper_cmd,
    run_cli,
    sha256,
    temp_files,
)

READY_TIMEOUT = 30.0


def _journal(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


# --- 4. kill -9 while saving ---------------------------------------------------------


def test_kill9_while_saving_loses_no_acknowledged_save(tmp_path: Path) -> None:
    rng = random.Random(4242)
    with cheap_kdf():
        path = create_register(tmp_path)
    rounds = 7
    acked: list[str] = []
    hot_journals = 0
    killed_before_ready = 0
    started = time.monotonic()
    for r in range(rounds):
        child = Child(
            helper_cmd("save_loop.py", str(path), USER, f"Ronde {r}", "--pad", "60"),
            child_env(),
        )
        if r == 0:
            # Once: kill it somewhere in start-up or unlock (which writes the log too).
            time.sleep(rng.uniform(0.1, 0.6))
            killed_before_ready += "ready" not in child.lines
        else:
            assert child.wait_for_line("ready", READY_TIMEOUT), (r, child.lines, child.stderr)
            time.sleep(rng.uniform(0.02, 0.5))
        child.kill()
        assert "Traceback" not in child.stderr, child.stderr
        acked += child.acknowledged()
        hot_journals += _journal(path).exists()
    elapsed = time.monotonic() - started

    register = Register.unlock(path, USER, PASSPHRASE)
    try:
        names = {m.name for m in team_members(register)}
        lost = sorted(set(acked) - names)
        report = register.verify()
        stray = temp_files(path.parent)
    finally:
        register.lock()
    figures = (
        f"{rounds} rounds in {elapsed:.1f} s, acknowledged saves {len(acked)}, lost "
        f"{len(lost)} {lost[:3]}, hot journals left by a kill {hot_journals}, killed before "
        f"ready {killed_before_ready}, integrity {report.integrity_problems}, "
        f"log {report.chain.summary}"
    )
    assert not lost, figures
    assert report.ok, figures
    assert len(acked) >= 20, figures
    assert stray == [], figures
    assert not _journal(path).exists(), figures

    cli = run_cli("verify", str(path))
    assert cli.returncode == 0, (cli.returncode, cli.stdout, cli.stderr, figures)
    assert "De database is in orde." in cli.stdout
    assert "Traceback" not in cli.stderr


def test_kill9_while_changing_the_passphrase_leaves_old_or_new(tmp_path: Path) -> None:
    """The slot file is replaced atomically: after a kill the register opens with the
    last acknowledged passphrase or the one being written, and stray temp files go."""
    rng = random.Random(777)
    base = "Zeven zwanen zwemmen in de Maas"
    current = 0
    path = tmp_path / "team.bzregister"
    with cheap_kdf():
        register, _code = Register.create(path, "Team", USER, Role.TEAMLEIDER, f"{base} 0")
    register.lock()
    rounds = 6
    changes = opened_with_new = stray_seen = 0
    started = time.monotonic()
    for r in range(rounds):
        child = Child(
            helper_cmd("passphrase_loop.py", str(path), USER, base, "--cheap-kdf"),
            child_env(f"{base} {current}"),
        )
        assert child.wait_for_line("ready", READY_TIMEOUT), (r, child.lines, child.stderr)
        time.sleep(rng.uniform(0.05, 0.9))
        child.kill()
        assert "Traceback" not in child.stderr, child.stderr
        done = [int(k) for k in child.acknowledged()]
        changes += len(done)
        last = max(done, default=current)
        stray_seen += len(temp_files(path.parent))
        try:
            register = Register.unlock(path, USER, f"{base} {last}")
            current = last
        except WrongPassphrase:
            # Killed after the new slot was on disk but before it was acknowledged.
            register = Register.unlock(path, USER, f"{base} {last + 1}")
            current = last + 1
            opened_with_new += 1
        try:
            assert temp_files(path.parent) == [], "the open did not sweep stray temp files"
            assert register.verify().ok
        finally:
            register.lock()
    figures = (
        f"{rounds} rounds in {time.monotonic() - started:.1f} s, acknowledged passphrase "
        f"changes {changes}, opened with the unacknowledged new one {opened_with_new}, "
        f"stray temp files seen before the next open {stray_seen}"
    )
    assert changes >= 10, figures
    assert slots_path_for(path).exists(), figures


# --- 5. a second process -----------------------------------------------------------


def test_second_process_is_refused_and_a_stale_lock_recovered(tmp_path: Path) -> None:
    with cheap_kdf():
        path = create_register(tmp_path)
    holder = Child(helper_cmd("hold_register.py", str(path), USER), child_env())
    try:
        assert holder.wait_for_line("ready", READY_TIMEOUT), (holder.lines, holder.stderr)
        before = sha256(path)
        slots_before = sha256(slots_path_for(path))
        with pytest.raises(RegisterInUse) as caught:
            Register.unlock(path, USER, PASSPHRASE)
        message = str(caught.value)
        assert "al geopend" in message, message
        assert f"proces {holder.pid}" in message, message
        cli = run_cli("verify", str(path))
        assert cli.returncode == 1 and "al geopend" in cli.stderr, (cli.returncode, cli.stderr)
        assert "Traceback" not in cli.stderr
        assert sha256(path) == before, "the refused open changed the register"
        assert sha256(slots_path_for(path)) == slots_before
    finally:
        holder.kill()

    # The holder died without unlocking: its lock file is stale, and is recovered.
    register = Register.unlock(path, USER, PASSPHRASE)
    try:
        assert register._process_lock.recovered_stale, "a stale lock should be reported"
        assert register.verify().ok
    finally:
        register.lock()
    register = Register.unlock(path, USER, PASSPHRASE)
    try:
        assert not register._process_lock.recovered_stale, "a clean release is not stale"
    finally:
        register.lock()
