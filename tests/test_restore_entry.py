"""A restore leaves its trace (issue 12, "The log anchored outside the laptop"): the
restored register's log names the back-up and the replaced register's last control code
and entry count, its chain is sound, and `verify --head` with the replaced register's code
says plainly that the restored log does not hold that state."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from bemoeizorg.store import access_log, backup
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import AccessLogEntry
from tests.builders import LEAD, STRONG, new_case
from tests.helpers.processes import run


def restore_entries(register: Register) -> list[AccessLogEntry]:
    with register.session() as session:
        return list(
            session.scalars(
                select(AccessLogEntry).where(AccessLogEntry.action == Action.RESTORED.value)
            )
        )


@pytest.fixture
def after_work(register: Register, tmp_path: Path) -> tuple[Path, Path, str, int]:
    """A back-up, then more work; returns (register, back-up, the register's code and
    entry count just before the restore)."""
    folder = tmp_path / "usb"
    folder.mkdir()
    made = backup.make_backup(register, folder)
    new_case(register, family_name="NaDeBackup")  # entries the restore will not bring back
    with register.session() as session:
        code = register.access_log.control_code(session)
        count = access_log.count(session)
    return register.path, made.path, code, count


def recorded_code(entry: AccessLogEntry) -> str:
    match = re.search(r"controlecode (\S+), (\d+) regels", entry.detail)
    assert match is not None, entry.detail
    return match[1]


def check_restored(path: Path, made: Path, code: str, count: int, by: str) -> str:
    """The restored register's entry names the back-up and the replaced state (`code`,
    `count`); returns the code it names."""
    restored = Register.unlock(path, LEAD, STRONG)
    try:
        assert restored.verify().ok  # the chain is sound, the entry in it
        [entry] = restore_entries(restored)
        assert entry.user_name == by
        assert made.name in entry.detail
        assert f"controlecode {code}, {count} regels" in entry.detail
        with restored.session() as session:
            verdict = restored.access_log.check_code(session, code)
        assert not verdict.ok
        assert "klopt NIET" in verdict.message
        assert "Het logboek bevat die stand niet" in verdict.message
        assert f"volgens regel {entry.id}" in verdict.message
        return recorded_code(entry)
    finally:
        restored.lock()


def locked_state(code: str, count: int) -> tuple[str, int]:
    """The state after the register was locked: one entry more (its LOCK), whose code the
    test cannot know without the key; the number it must have."""
    return f"{int(code.split('-')[0]) + 1}-", count + 1


def code_holds_in(aside: Path, code: str) -> bool:
    kept = Register.unlock(aside, LEAD, STRONG)
    try:
        with kept.session() as session:
            return kept.access_log.check_code(session, code).ok
    finally:
        kept.lock()


def restored_entry(path: Path) -> AccessLogEntry:
    restored = Register.unlock(path, LEAD, STRONG)
    try:
        [entry] = restore_entries(restored)
        return entry
    finally:
        restored.lock()


def test_a_restore_with_the_passphrase_writes_its_entry(register: Register, after_work) -> None:
    path, made, code, count = after_work
    register.lock()
    aside = backup.restore(made, path, passphrase=STRONG)
    assert aside is not None
    prefix, locked_count = locked_state(code, count)
    named = recorded_code(restored_entry(path))
    assert named.startswith(prefix)
    check_restored(path, made, named, locked_count, LEAD)
    assert code_holds_in(aside, named)  # the replaced register, kept aside, has that state


def test_a_restore_from_the_open_register_writes_its_entry_and_locks_it(
    register: Register, after_work
) -> None:
    path, made, code, count = after_work
    aside = backup.restore(made, path, register=register)
    assert not register.is_unlocked  # locked before its files were replaced
    assert aside is not None
    assert check_restored(path, made, code, count, LEAD) == code
    assert code_holds_in(aside, code)


def test_verify_head_with_the_old_code_says_the_state_is_not_there(
    register: Register, after_work
) -> None:
    path, made, code, count = after_work
    register.lock()
    done = run("restore", str(made), "--to", str(path))
    assert done.returncode == 0, done.stderr
    assert "controlecode van het vervangen register" in done.stdout
    named = recorded_code(restored_entry(path))
    assert named.startswith(locked_state(code, count)[0])
    check = run("verify", str(path), "--head", named)
    assert check.returncode != 0
    assert "Het logboek is in orde" in check.stdout  # the chain itself is sound
    assert f"Controlecode {named} klopt NIET" in check.stderr
    assert "Het logboek bevat die stand niet" in check.stderr
    assert "back-up teruggezet in de plaats van het register met deze stand" in check.stderr


def test_a_restore_over_a_damaged_register_says_it_could_not_be_read(
    register: Register, after_work
) -> None:
    path, made, _code, _count = after_work
    register.lock()
    data = bytearray(path.read_bytes())
    data[:4096] = bytes(4096)  # its first page gone
    path.write_bytes(bytes(data))
    backup.restore(made, path, passphrase=STRONG)
    restored = Register.unlock(path, LEAD, STRONG)
    try:
        [entry] = restore_entries(restored)
        assert "vervangen register niet te lezen" in entry.detail
        assert restored.verify().ok
    finally:
        restored.lock()


def test_a_back_up_made_after_a_rekey_restores_with_a_sound_log(
    register: Register, tmp_path: Path
) -> None:
    # After a rekey the log key is the stored one, not the one derived from the new data
    # key: the restore's entry must be sealed with it, or verify calls the entry altered.
    register.rekey()
    folder = tmp_path / "usb"
    folder.mkdir()
    made = backup.make_backup(register, folder)
    new_case(register, family_name="NaDeBackup")
    path = register.path
    register.lock()
    backup.restore(made.path, path, passphrase=STRONG)
    restored = Register.unlock(path, LEAD, STRONG)
    try:
        report = restored.verify()
        assert report.ok, report.chain.summary
        [entry] = restore_entries(restored)
        assert made.path.name in entry.detail
    finally:
        restored.lock()


def test_a_code_printed_between_the_backup_and_the_restore_is_explained(
    register: Register, tmp_path: Path
) -> None:
    """The usual case: a code printed after the back-up, some entries before the replaced
    register's last one. The restored log cannot confirm it, and says why."""
    folder = tmp_path / "usb"
    folder.mkdir()
    with register.session() as session:
        before_backup = register.access_log.control_code(session)
    made = backup.make_backup(register, folder)
    new_case(register, family_name="NaDeBackup")
    with register.session() as session:
        printed = register.access_log.control_code(session)  # e.g. on a meeting pack
    new_case(register, family_name="NogLater")
    with register.session() as session:
        last = register.access_log.control_code(session)
    path = register.path

    backup.restore(made.path, path, register=register)

    restored = Register.unlock(path, LEAD, STRONG)
    try:
        [entry] = restore_entries(restored)
        with restored.session() as session:
            verdict = restored.access_log.check_code(session, printed)
            earlier = restored.access_log.check_code(session, before_backup)
    finally:
        restored.lock()
    assert not verdict.ok
    replaced_last = last.split("-")[0]
    assert f"volgens regel {entry.id}" in verdict.message
    assert "de back-up teruggezet" in verdict.message
    assert f"het vervangen register stond op regel {replaced_last}" in verdict.message
    assert int(printed.split("-")[0]) < int(replaced_last)
    # A code from before the back-up is in the restored log: it still holds.
    assert earlier.ok, earlier.message
