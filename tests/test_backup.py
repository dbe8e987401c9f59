"""Back-ups with real encrypted registers: made and checked, one file that opens with the
passphrase or the recovery code alone, the last N kept, damage noticed, restore with the
replaced register kept aside, and nothing readable inside without a key."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bemoeizorg.domain.people import Role
from bemoeizorg.store import backup
from bemoeizorg.store.backup import BackupUnusable
from bemoeizorg.store.engine import page_problems, structure_problems, unread_pages
from bemoeizorg.store.errors import InvalidInput, RegisterCorrupt, WrongPassphrase
from bemoeizorg.store.keyslots import slots_path_for
from bemoeizorg.store.register import Register
from tests.builders import STRONG, log_entries, new_case

CANARY = "Wielewaalhorst"


@pytest.fixture
def made(tmp_path: Path) -> Iterator[tuple[Register, str, Path]]:
    register, code = Register.create(
        tmp_path / "team.bzregister", "Team", "Anna de Vries", Role.TEAMLEIDER, STRONG
    )
    new_case(register, family_name=CANARY)
    folder = tmp_path / "usb"
    folder.mkdir()
    yield register, code, folder
    register.lock()


def test_a_backup_is_checked_logged_and_holds_nothing_readable(made) -> None:
    register, _code, folder = made
    before = len(log_entries(register))
    info = backup.make_backup(register, folder)
    assert log_entries(register)[before:] == [("exporteren", None)]
    assert info.checked and info.size > 0 and info.revision
    assert info.path.parent == folder and info.path.suffix == ".bzbackup"
    assert register.register_id[:8] in info.path.name and "Team" not in info.path.name
    assert info.path.stat().st_mode & 0o077 == 0
    assert info.chain_head == register.verify().chain.head or info.chain_entries > 0
    data = info.path.read_bytes()
    for needle in (CANARY, CANARY.lower()):
        assert needle.encode() not in data and needle.encode("utf-16-le") not in data
    # The one name outside encryption is the worker's, in the key slots (as beside the
    # register itself): it labels whose passphrase opens which slot.
    with zipfile.ZipFile(info.path) as archive:
        assert sorted(archive.namelist()) == ["info.json", "register", "sleutels"]


def test_the_open_register_reads_its_own_backup_and_keeps_its_key(made, tmp_path: Path) -> None:
    register, _code, folder = made
    info = backup.make_backup(register, folder)
    contents = backup.contents_for_register(info.path, register)
    assert (contents.cases, contents.open_cases, contents.reports) == (1, 1, 1)
    # Reading the back-up wiped no key of the register: it still works, and again.
    assert register.verify().ok
    assert backup.contents_for_register(info.path, register).cases == 1
    other, _other_code = Register.create(
        tmp_path / "ander.bzregister", "Ander", "Bram Peeters", Role.TEAMLEIDER, STRONG
    )
    try:
        with pytest.raises(BackupUnusable, match="ander register"):
            backup.contents_for_register(info.path, other)
    finally:
        other.lock()


def test_the_backup_alone_opens_with_passphrase_or_recovery_code(made, tmp_path: Path) -> None:
    register, code, folder = made
    info = backup.make_backup(register, folder)
    register.lock()
    # Another machine: only the back-up file.
    elsewhere = tmp_path / "andere-laptop"
    elsewhere.mkdir()
    moved = Path(shutil.copy(info.path, elsewhere / info.path.name))
    contents = backup.open_contents(moved, passphrase=STRONG)
    assert (contents.cases, contents.open_cases, contents.reports) == (1, 1, 1)
    assert contents.users == ["Anna de Vries"]
    assert backup.open_contents(moved, recovery_code=code).cases == 1
    with pytest.raises(WrongPassphrase):
        backup.open_contents(moved, passphrase="Verkeerde zin van genoeg woorden")
    target = elsewhere / "hersteld.bzregister"
    assert (
        backup.restore(moved, target, passphrase=STRONG) is None
    )  # nothing was there to keep aside
    again = Register.unlock(target, "Anna de Vries", STRONG)
    try:
        assert again.verify().ok
    finally:
        again.lock()


def test_restore_keeps_the_replaced_register_aside(made, tmp_path: Path) -> None:
    register, _code, folder = made
    info = backup.make_backup(register, folder)
    new_case(register, family_name="NaDeBackup")  # only in the current register
    register.lock()
    path = register.path
    before = path.read_bytes()
    aside = backup.restore(info.path, path, passphrase=STRONG)
    assert aside is not None and aside.read_bytes() == before
    assert slots_path_for(aside).exists()
    restored = Register.unlock(path, "Anna de Vries", STRONG)
    try:
        from bemoeizorg.store.schema import Person

        with restored.session() as s:
            assert [p.family_name for p in s.query(Person).all()] == [CANARY]
    finally:
        restored.lock()
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".bz-tmp-")]


def test_only_the_last_n_are_kept(made) -> None:
    register, _code, folder = made
    made_at = []
    for _ in range(4):
        info = backup.make_backup(register, folder, keep=2)
        made_at.append(info.made_at)
        # Several in one second: none overwrites another before pruning.
        assert len(backup.list_backups(folder, register.register_id)) == min(len(made_at), 2)
    kept = backup.list_backups(folder, register.register_id)
    assert [b.made_at for b in kept] == made_at[:1:-1]  # the newest two, newest first
    other = folder / "bemoeizorg-anders.bzbackup"
    shutil.copy(kept[0].path, other)
    assert len(backup.list_backups(folder)) == 3


def test_a_damaged_backup_is_noticed(made) -> None:
    register, _code, folder = made
    info = backup.make_backup(register, folder)
    data = bytearray(info.path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    info.path.write_bytes(bytes(data))
    assert backup.newest_good(folder, register.register_id) is None
    (folder / "rommel.bzbackup").write_bytes(b"geen zip")
    assert backup.list_backups(folder) == [backup.read_info(info.path)]
    with pytest.raises(BackupUnusable, match="geen leesbare back-up"):
        backup.read_info(folder / "rommel.bzbackup")


def test_a_missing_folder_gets_a_dutch_message(made, tmp_path: Path) -> None:
    register, _code, _folder = made
    with pytest.raises(InvalidInput, match="USB-stick"):
        backup.make_backup(register, tmp_path / "weg")


def test_a_restore_that_fails_halfway_leaves_the_register_as_it_was(
    made, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from bemoeizorg.store.errors import DiskFull

    register, _code, folder = made
    info = backup.make_backup(register, folder)
    register.lock()
    path = register.path
    before = {p.name: p.read_bytes() for p in path.parent.iterdir() if p.is_file()}

    def full_disk(src, dst, length=0):  # the register's copy hits a full disk
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup.shutil, "copyfileobj", full_disk)
    with pytest.raises(DiskFull):
        backup.restore(info.path, path, passphrase=STRONG)
    monkeypatch.undo()
    after = {p.name: p.read_bytes() for p in path.parent.iterdir() if p.is_file()}
    assert after == before  # same files, same bytes: nothing moved aside, no temp left
    Register.unlock(path, "Anna de Vries", STRONG).lock()


def test_an_odd_file_in_the_folder_does_not_stop_the_others(made) -> None:
    register, _code, folder = made
    good = backup.make_backup(register, folder)
    odd = folder / "bemoeizorg-vreemd.bzbackup"
    with zipfile.ZipFile(odd, "w") as archive:
        archive.writestr("info.json", '{"format": "bemoeizorg-backup-1", "made_at": "gisteren"}')
        archive.writestr("register", b"x")
        archive.writestr("sleutels", b"{}")
    assert [b.path for b in backup.list_backups(folder)] == [good.path]
    again = backup.make_backup(register, folder, keep=1)  # pruning reads the folder too
    assert [b.path for b in backup.list_backups(folder)] == [again.path]
    assert odd.exists()


# --- every page of the copy is checked (issue 16: quick_check, and page HMACs where it
# does not read every page) ----------------------------------------------------------------

PAGE = 4096


def _flip(path: Path, page: int, at: int = 1000) -> None:
    with open(path, "r+b") as handle:
        handle.seek(page * PAGE + at)
        byte = handle.read(1)
        handle.seek(page * PAGE + at)
        handle.write(bytes([byte[0] ^ 0x20]))


def _no_backups(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.suffix == ".bzbackup"]


def test_a_damaged_page_is_found_and_no_backup_made(made) -> None:
    register, _code, folder = made
    pages = register.path.stat().st_size // PAGE
    _flip(register.path, pages // 2)  # on the disk, under the open register
    with pytest.raises(RegisterCorrupt):
        backup.make_backup(register, folder)
    assert _no_backups(folder)


def test_a_damaged_free_page_is_found_though_no_table_holds_it(made, tmp_path: Path) -> None:
    """A page on the free list is not read by SQLite's quick_check: the copy's pages are
    then checked one by one (SQLCipher's HMACs) as well."""
    register, _code, folder = made
    with register.session() as session:  # pages that are freed again: a free list
        session.execute(text("CREATE TABLE kladblok (tekst TEXT)"))
        session.execute(
            text("INSERT INTO kladblok VALUES (:t)"), [{"t": "x" * 3000} for _ in range(40)]
        )
    with register.session() as session:
        session.execute(text("DROP TABLE kladblok"))
    engine = register.open_copy(register.path)
    try:
        assert unread_pages(engine)
    finally:
        engine.dispose()
    pages = register.path.stat().st_size // PAGE
    # A free page whose damage quick_check alone does not see.
    for page in range(pages - 1, pages - 40, -1):
        trial = tmp_path / f"proef-{page}"
        shutil.copyfile(register.path, trial)
        _flip(trial, page)
        engine = register.open_copy(trial)
        try:
            if not structure_problems(engine):
                assert page_problems(engine)  # the HMAC check sees it
                break
        finally:
            engine.dispose()
    else:
        pytest.fail("no free page found")
    _flip(register.path, page)
    with pytest.raises(RegisterCorrupt):
        backup.make_backup(register, folder)
    assert _no_backups(folder)


# --- the chain since the last checked back-up -------------------------------------------

_SET_DETAIL = text("UPDATE access_log SET detail = 'veranderd' WHERE id = :id")


def _last_entry(register: Register) -> int:
    with register.session() as session:
        return int(session.execute(text("SELECT max(id) FROM access_log")).scalar_one())


def test_a_changed_entry_after_the_last_backup_stops_the_next_one(made) -> None:
    register, _code, folder = made
    backup.make_backup(register, folder)
    new_case(register, family_name="Later")
    with register.session() as session:
        session.execute(_SET_DETAIL, {"id": _last_entry(register)})
    with pytest.raises(BackupUnusable, match="logboek in de kopie klopt niet"):
        backup.make_backup(register, folder)
    assert len(backup.list_backups(folder)) == 1


def test_the_anchor_entry_itself_changed_means_the_whole_chain_is_checked(made) -> None:
    register, _code, folder = made
    first = backup.make_backup(register, folder)
    # The entry the first back-up's check ended on: it no longer carries the MAC its
    # control code names, so the anchor does not hold and the whole chain is walked.
    anchor = int(first.code.split("-")[0])
    with register.session() as session:
        session.execute(_SET_DETAIL, {"id": anchor})
    with pytest.raises(BackupUnusable, match=f"Regel {anchor} is gewijzigd"):
        backup.make_backup(register, folder)


def test_a_forged_anchor_does_not_skip_a_changed_early_entry(made) -> None:
    register, _code, folder = made
    backup.make_backup(register, folder)
    with register.session() as session:
        session.execute(_SET_DETAIL, {"id": 2})
        # Someone without the log key moves the anchor to today's end of the chain.
        head = session.execute(text("SELECT last_id, last_mac FROM access_log_head")).one()
        session.execute(
            text("UPDATE meta SET value = :v WHERE key = 'log_checked_to'"),
            {"v": f"{head.last_id}-{head.last_mac[:20]} {'0' * 64}"},
        )
    with pytest.raises(BackupUnusable, match="Regel 2 is gewijzigd"):
        backup.make_backup(register, folder)


def test_backups_in_a_row_report_the_whole_log(made) -> None:
    register, _code, folder = made
    first = backup.make_backup(register, folder)
    new_case(register, family_name="Later")
    second = backup.make_backup(register, folder)
    # Each back-up's info names the whole log of its copy, not only the part it checked.
    assert first.chain_entries < second.chain_entries == len(log_entries(register))
    assert second.code == register.verify().chain.code
    contents = backup.contents_for_register(second.path, register)
    assert contents.cases == 2
