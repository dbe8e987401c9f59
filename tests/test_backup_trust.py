"""Back-ups against someone who can write in the back-up folder, a clock that was wrong,
and a kill at any moment (issue 12, findings 2 and 7), on real encrypted registers.

- planted zips that claim this register and a date in 2099 do not make `--keep` remove
  real back-ups; a copy of a real back-up's description counts once; an odd or forged
  file is left alone and reported;
- back-ups made while the clock said 2030 push out no new back-up, and the daily
  back-up still runs (in the GUI's schedule too);
- temp files carry the register's id: register B never sweeps a back-up of A in flight,
  and a killed back-up's leftovers go at A's next back-up; the checked copy is 0600;
- a restore killed after each of its steps (a hook in a child process, and strace-injected
  kills at each rename and link of the real command) leaves the old or the new register.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bemoeizorg.store import backup, restore_swap
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.files import TEMP_PREFIX, atomic_writer, sweep_temp_files, temp_prefix
from bemoeizorg.store.keyslots import slots_path_for as real_slots_path
from bemoeizorg.store.register import Register
from bemoeizorg.ui.backup_schedule import daily_backup, made_today
from tests.builders import LEAD, STRONG, new_case
from tests.helpers.processes import ROOT, run

MakeRegister = Callable[..., Register]


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def temp_entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX))


def plant(folder: Path, real: backup.BackupInfo, name: str, **fields: object) -> Path:
    """A zip beside the real back-ups: the real register and key slots, with an info
    that says what the stranger wants (made_at, and anything else in `fields`)."""
    with zipfile.ZipFile(real.path) as source:
        info = json.loads(source.read(backup.INFO_ENTRY))
        db, slots = source.read(backup.DB_ENTRY), source.read(backup.SLOTS_ENTRY)
    info.update(fields)
    path = folder / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(backup.INFO_ENTRY, json.dumps(info))
        archive.writestr(backup.SLOTS_ENTRY, slots)
        archive.writestr(backup.DB_ENTRY, db)
    return path


def clock_at(monkeypatch: pytest.MonkeyPatch, start: datetime) -> None:
    """The back-ups' clock, wrong: each reading a second later than the one before."""
    ticks = iter(range(10_000))
    monkeypatch.setattr(backup, "_now", lambda: start + timedelta(seconds=next(ticks)))


# --- pruning trusts only what verifies ------------------------------------------------------


def test_planted_future_backups_do_not_make_keep_delete_real_ones(
    make_register: MakeRegister, usb: Path
) -> None:
    register = make_register()
    real = [backup.make_backup(register, usb) for _ in range(3)]
    # What the issue planted: made_at in 2099, the register's id, no MAC; and one with a
    # MAC and back-up id made up.
    planted = [
        plant(usb, real[0], "bemoeizorg-a.bzbackup", made_at="2099-01-01T00:00:00+00:00"),
        plant(usb, real[0], "bemoeizorg-b.bzbackup", made_at="2099-02-01T00:00:00+00:00"),
        plant(
            usb,
            real[0],
            "bemoeizorg-c.bzbackup",
            made_at="2099-03-01T00:00:00+00:00",
            backup_id="f" * 32,
            mac="0" * 64,
        ),
    ]
    path = register.path
    register.lock()

    done = run("backup", str(path), "--to", str(usb), "--keep", "3")

    assert done.returncode == 0, done.stderr
    just_made = usb / done.stdout.split("gecontroleerd: ")[1].split(" (")[0]
    assert just_made.exists() and just_made not in {r.path for r in real}
    # The newest three real ones: the one just made and the two before it.
    assert [p.exists() for p in (real[0].path, real[1].path, real[2].path)] == [
        False,
        True,
        True,
    ]
    assert all(p.exists() for p in planted)  # left alone ...
    assert "1 oudere verwijderd" in done.stdout
    assert "Let op: 3 bestanden in de back-upmap" in done.stderr  # ... and reported
    assert "niet als back-up van dit register te controleren" in done.stderr


def test_a_copy_of_a_real_backup_counts_once(register: Register, usb: Path) -> None:
    a, b, c = (backup.make_backup(register, usb) for _ in range(3))
    # The newest one, verbatim, in three more files; and its signed info with made-up
    # contents, which does not verify (the info names its contents: test_backup_mixed.py).
    copies = []
    for n in range(3):
        path = usb / f"kopie-{n}.bzbackup"
        shutil.copyfile(c.path, path)
        copies.append(path)
    made_up = usb / "verzonnen.bzbackup"
    with zipfile.ZipFile(c.path) as source, zipfile.ZipFile(made_up, "w") as archive:
        archive.writestr(backup.INFO_ENTRY, source.read(backup.INFO_ENTRY))
        archive.writestr(backup.SLOTS_ENTRY, b"{}")
        archive.writestr(backup.DB_ENTRY, b"rommel")
    assert all(backup.verifies(backup.read_info(p), register) for p in copies)
    assert not backup.verifies(backup.read_info(made_up), register)

    new, pruned = backup.backup_and_prune(register, usb, 2)

    assert new.path.exists() and c.path.exists()  # the newest two real ones
    assert not a.path.exists() and not b.path.exists()
    assert sorted(pruned.removed) == sorted([a.path, b.path])
    assert all(p.exists() for p in copies)  # the kept back-up's copies stay with it
    assert made_up.exists() and pruned.survey.unverified == [made_up]


def test_an_odd_or_forged_file_is_left_alone_and_reported(register: Register, usb: Path) -> None:
    older = backup.make_backup(register, usb)
    rommel = usb / "rommel.bzbackup"
    rommel.write_bytes(b"geen zip")
    # A real back-up's signed info with an older date put in: the MAC no longer holds.
    with zipfile.ZipFile(older.path) as source:
        info = json.loads(source.read(backup.INFO_ENTRY))
    forged = plant(usb, older, "bemoeizorg-oud.bzbackup", made_at="2001-01-01T00:00:00+00:00")
    assert info["mac"] and json.loads(zipfile.ZipFile(forged).read("info.json"))["mac"]
    other = usb / "ander-register.bzbackup"
    plant(usb, older, other.name, register_id="0" * 32)

    new, pruned = backup.backup_and_prune(register, usb, 1)

    assert not older.path.exists() and new.path.exists()
    assert rommel.exists() and forged.exists() and other.exists()
    assert sorted(pruned.survey.unverified) == sorted([forged, rommel])
    [note] = pruned.notes()
    assert note.startswith("2 bestanden in de back-upmap (")
    assert "bemoeizorg-oud.bzbackup" in note and "rommel.bzbackup" in note
    assert "Ze zijn niet verwijderd" in note
    # The list of the Back-ups page offers only what verifies.
    assert [b.path for b in backup.survey(usb, register).verified] == [new.path]


# --- a clock that was wrong -----------------------------------------------------------------


def test_backups_from_a_clock_in_2030_push_out_no_new_ones(
    register: Register, usb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock_at(monkeypatch, datetime(2030, 5, 1, 12, tzinfo=UTC))
    wrong = [backup.make_backup(register, usb, keep=2) for _ in range(2)]
    monkeypatch.undo()

    first, pruned = backup.backup_and_prune(register, usb, 2)
    assert first.path.exists()  # not removed at once
    assert [b.path for b in pruned.survey.undated] == sorted(b.path for b in wrong)
    assert pruned.removed == []
    [note] = pruned.notes()
    assert note.startswith("2 back-ups van dit register hebben een datum in de toekomst")
    assert "niet automatisch verwijderd" in note

    second = backup.make_backup(register, usb, keep=2)
    third = backup.make_backup(register, usb, keep=2)
    assert not first.path.exists() and second.path.exists() and third.path.exists()
    assert all(b.path.exists() for b in wrong)  # kept: the date is unknown, not the newest


def test_the_daily_backup_still_runs_after_backups_from_a_wrong_clock(
    register: Register, usb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock_at(monkeypatch, datetime(2030, 5, 1, 12, tzinfo=UTC))
    backup.make_backup(register, usb)
    monkeypatch.undo()
    assert not made_today(usb, register)

    made = daily_backup(register, usb, keep=3)

    assert made is not None and made.info.path.exists()
    assert made.notes and "datum in de toekomst" in made.notes[0]
    assert made_today(usb, register)
    assert daily_backup(register, usb, keep=3) is None  # once a day
    # A planted file with today's date does not count as today's back-up.
    fresh = usb / "fresh"
    fresh.mkdir()
    plant(fresh, made.info, "vandaag.bzbackup", made_at=datetime.now(UTC).isoformat())
    assert not made_today(fresh, register)


def test_the_guis_daily_backup_runs_and_says_what_it_left(
    qtbot: object, register: Register, usb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QStatusBar

    from bemoeizorg.settings import DeviceSettings
    from bemoeizorg.ui.backup_schedule import BackupSchedule
    from bemoeizorg.ui.jobs import JobRunner
    from bemoeizorg.ui.register_session import RegisterSession

    clock_at(monkeypatch, datetime(2030, 5, 1, 12, tzinfo=UTC))
    wrong = backup.make_backup(register, usb)
    monkeypatch.undo()
    settings = DeviceSettings(backup_folder=str(usb), backup_daily=True, backup_keep=1)
    session = RegisterSession(JobRunner(inline=True), settings)
    bar = QStatusBar()
    BackupSchedule(session, bar, session)

    session.adopt(register, "Team")  # unlocked: the day's back-up runs on the worker

    message = bar.currentMessage()
    assert message.startswith("Back-up gemaakt (") and "datum in de toekomst" in message
    assert len(backup.survey(usb, register).dated) == 1 and wrong.path.exists()
    session.register = None  # the fixture locks it


# --- temp files: each register its own ------------------------------------------------------


def test_register_b_does_not_sweep_a_backup_of_a_in_flight(
    make_register: MakeRegister, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "map"  # both registers and their back-ups in one folder
    folder.mkdir()
    a = make_register(folder / "a.bzregister")
    b = make_register(folder / "b.bzregister")
    b_path = b.path
    b.lock()
    inside, go_on = threading.Event(), threading.Event()

    def slow(path: Path) -> Path:  # A's zip is being written: hold it there
        inside.set()
        assert go_on.wait(20)
        return real_slots_path(path)

    monkeypatch.setattr(backup, "slots_path_for", slow)
    outcome: list[object] = []
    worker = threading.Thread(
        target=lambda: outcome.append(_capture(lambda: backup.make_backup(a, folder)))
    )
    worker.start()
    try:
        assert inside.wait(20)
        in_flight = temp_entries(folder)
        assert in_flight and all(n.startswith(temp_prefix(a.register_id)) for n in in_flight)
        # Register B opens in the same folder, and makes and prunes its own back-up there.
        opened = Register.unlock(b_path, LEAD, STRONG)
        try:
            monkeypatch.setattr(backup, "slots_path_for", real_slots_path)
            backup.make_backup(opened, folder, keep=1)
        finally:
            opened.lock()
        assert set(in_flight) <= set(temp_entries(folder))
    finally:
        go_on.set()
        worker.join(30)
    [made] = outcome
    assert isinstance(made, backup.BackupInfo), made
    assert backup.verifies(backup.read_info(made.path), a)
    assert temp_entries(folder) == []


def test_a_write_in_flight_is_never_swept_not_even_by_a_sweep_of_everything(
    tmp_path: Path,
) -> None:
    target = tmp_path / "export.csv"
    with atomic_writer(target) as handle:  # a temp file of no register
        handle.write(b"a;b\n")
        [temp] = temp_entries(tmp_path)
        assert sweep_temp_files(tmp_path) == 0 and temp_entries(tmp_path) == [temp]
    assert target.read_bytes() == b"a;b\n" and temp_entries(tmp_path) == []
    (tmp_path / f"{TEMP_PREFIX}abcd1234").write_bytes(b"a crashed write")  # nobody holds it
    assert sweep_temp_files(tmp_path) == 1 and temp_entries(tmp_path) == []


def _capture(fn: Callable[[], object]) -> object:
    try:
        return fn()
    except BaseException as exc:  # handed to the test thread
        return exc


KILLED_BACKUP = """
import os, sys
from pathlib import Path
from bemoeizorg.store import backup
from bemoeizorg.store.register import Register
real = backup.slots_path_for
def killed(path):  # the zip is half written: stop as a kill would
    os._exit(9)
backup.slots_path_for = killed
register = Register.unlock(Path(sys.argv[1]), sys.argv[2], os.environ["BZ_TEST_PASSPHRASE"])
backup.make_backup(register, Path(sys.argv[3]))
"""


def child(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BZ_TEST_PASSPHRASE": STRONG, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_killed_backups_leftovers_go_at_its_next_backup_only(
    make_register: MakeRegister, tmp_path: Path, usb: Path
) -> None:
    folder = tmp_path / "map"
    folder.mkdir()
    a = make_register(folder / "a.bzregister")
    b = make_register(folder / "b.bzregister")
    a_path = a.path
    a.lock()
    done = child(KILLED_BACKUP, str(a_path), LEAD, str(usb))
    assert done.returncode == 9, done.stderr
    # A whole-size zip in the back-up folder, the checked copy beside the register.
    [zip_left] = temp_entries(usb)
    [work_left] = temp_entries(folder)
    assert zip_left.startswith(temp_prefix(a.register_id))
    assert work_left.startswith(temp_prefix(a.register_id))
    assert stat.S_IMODE((folder / work_left).stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / work_left / "kopie").stat().st_mode) == 0o600

    backup.make_backup(b, usb)  # another register's back-up leaves them
    assert temp_entries(usb) == [zip_left] and temp_entries(folder) == [work_left]

    again = Register.unlock(a_path, LEAD, STRONG)  # the opening sweeps its folder
    try:
        assert temp_entries(folder) == []
        backup.make_backup(again, usb)  # the next back-up sweeps the back-up folder
        assert temp_entries(usb) == []
    finally:
        again.lock()


def test_the_checked_copy_is_private_and_beside_the_register(
    register: Register, usb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[Path, int, int]] = []
    real_check = backup._CopyCheck

    def look(reg: Register, db: Path) -> object:
        seen.append(
            (
                db.parent.parent,
                stat.S_IMODE(db.stat().st_mode),
                stat.S_IMODE(db.parent.stat().st_mode),
            )
        )
        return real_check(reg, db)

    monkeypatch.setattr(backup, "_CopyCheck", look)
    info = backup.make_backup(register, usb)
    assert seen == [(register.path.parent, 0o600, 0o700)]
    assert temp_entries(register.path.parent) == []
    assert backup.contents_for_register(info.path, register).cases == 0
    assert temp_entries(register.path.parent) == []


# --- restore: the old register or the new one, at every moment ------------------------------

STEPS = ("staged", "committed", "slots", "register", "kept", "done")
# Before the commit the old register is in place; from the commit on, the new one.
NEW_FROM = STEPS.index("committed")

KILLED_RESTORE = """
import os, sys
from pathlib import Path
from bemoeizorg.store import backup, register, restore_swap
stop = sys.argv[3]
def reached(step):
    if step == stop:
        os._exit(9)
restore_swap._reached = reached
if sys.argv[4] == "restore":
    passphrase = os.environ["BZ_TEST_PASSPHRASE"]
    backup.restore(Path(sys.argv[1]), Path(sys.argv[2]), passphrase=passphrase)
else:  # the next opening finishes a restore the kill interrupted
    register.peek(Path(sys.argv[2]))
"""


@pytest.fixture
def old_and_backup(make_register: MakeRegister, tmp_path: Path, usb: Path) -> tuple[Path, Path]:
    """An old register in a folder of its own ('Oud', two cases) and a back-up of another
    register ('Nieuw', one case, its own key) to put in its place."""
    for name in ("reg", "elders"):
        (tmp_path / name).mkdir()
    old = make_register(tmp_path / "reg" / "team.bzregister", team="Oud")
    new_case(old, family_name="Eerste")
    new_case(old, family_name="Tweede")
    other = make_register(tmp_path / "elders" / "nieuw.bzregister", team="Nieuw")
    new_case(other, family_name="Enige")
    made = backup.make_backup(other, usb)
    path = old.path
    old.lock()
    other.lock()
    return path, made.path


def opened_name(path: Path) -> str:
    register = Register.unlock(path, LEAD, STRONG)
    try:
        assert register.verify().ok
        return register.name()
    finally:
        register.lock()


@pytest.mark.parametrize("step", STEPS)
def test_a_restore_killed_after_each_step_leaves_old_or_new(
    old_and_backup: tuple[Path, Path], step: str
) -> None:
    path, made = old_and_backup
    folder = path.parent
    before = names(folder)

    done = child(KILLED_RESTORE, str(made), str(path), step, "restore")
    assert done.returncode == 9, done.stderr

    expected = "Nieuw" if STEPS.index(step) >= NEW_FROM else "Oud"
    assert opened_name(path) == expected
    left = names(folder) - before - {path.name + ".lock"}
    if expected == "Oud":
        assert left == set()  # the staged copy swept at the opening, nothing kept aside
    else:
        asides = {n for n in left if ".vervangen-" in n}
        assert left == asides and len(asides) == 2  # the old register and its key slots
        aside = folder / min(asides, key=len)
        assert opened_name(aside) == "Oud"
    assert not restore_swap.pending_path(path).exists()


def test_a_kill_while_finishing_an_interrupted_restore(
    old_and_backup: tuple[Path, Path],
) -> None:
    path, made = old_and_backup
    done = child(KILLED_RESTORE, str(made), str(path), "slots", "restore")
    assert done.returncode == 9, done.stderr
    # New key slots beside the old database: the next opening finishes, and is killed
    # too, with the new pair in place and the old one not yet renamed aside.
    done = child(KILLED_RESTORE, str(made), str(path), "register", "finish")
    assert done.returncode == 9, done.stderr
    assert opened_name(path) == "Nieuw"
    asides = sorted(p for p in path.parent.iterdir() if ".vervangen-" in p.name)
    assert len(asides) == 2  # kept aside once: the resumed finish knew it was kept


def test_a_planted_pending_restore_cannot_drop_the_register(
    old_and_backup: tuple[Path, Path],
) -> None:
    path, made = old_and_backup
    pending = restore_swap.pending_path(path)
    pending.mkdir()
    with zipfile.ZipFile(made) as archive:
        (pending / restore_swap.DB_FILE).write_bytes(archive.read(backup.DB_ENTRY))
        (pending / restore_swap.SLOTS_FILE).write_bytes(archive.read(backup.SLOTS_ENTRY))
    (pending / restore_swap.ASIDE_FILE).write_text("team.bzregister")  # "already aside"

    assert opened_name(path) == "Nieuw"  # the planted files were put in, but ...
    [aside] = [
        p
        for p in path.parent.iterdir()
        if ".vervangen-" in p.name and not p.name.endswith(".sleutels")
    ]
    assert opened_name(aside) == "Oud"  # ... the register that was there is kept aside


def test_a_file_in_the_way_of_a_restore_is_refused_and_nothing_changes(
    old_and_backup: tuple[Path, Path],
) -> None:
    path, made = old_and_backup
    restore_swap.pending_path(path).write_text("vreemd")
    before = {p.name: p.read_bytes() for p in path.parent.iterdir()}
    with pytest.raises(InvalidInput, match="onbekend bestand 'team.bzregister.terugzetten'"):
        backup.restore(made, path, passphrase=STRONG)
    after = {p.name: p.read_bytes() for p in path.parent.iterdir()}
    assert after == before | {path.name + ".lock": after[path.name + ".lock"]}
    assert opened_name(path) == "Oud"


def _strace_works() -> bool:
    if shutil.which("strace") is None:
        return False
    probe = subprocess.run(
        ["strace", "-f", "-qq", "-o", os.devnull, "-e", "trace=none", "true"],
        capture_output=True,
        timeout=30,
    )
    return probe.returncode == 0


@pytest.mark.skipif(not _strace_works(), reason="strace is not available or not permitted")
def test_the_restore_command_killed_at_each_rename(
    old_and_backup: tuple[Path, Path], tmp_path: Path
) -> None:
    """As the issue checks it: `bemoeizorg restore` under strace, SIGKILL injected at the
    Nth rename (before it happens), for every N until the command gets through. (A kill
    at the links that keep the old pair, before the commit, is the hook test's 'staged'.)"""
    path, made = old_and_backup
    folder = path.parent
    pristine = tmp_path / "pristine"
    shutil.copytree(folder, pristine)
    env = {**os.environ, "BEMOEIZORG_PASSPHRASE": STRONG, "PYTHONDONTWRITEBYTECODE": "1"}
    renames = "rename,renameat,renameat2"
    seen: list[tuple[int, str]] = []
    for n in range(1, 8):
        shutil.rmtree(folder)
        shutil.copytree(pristine, folder)
        done = subprocess.run(
            ["strace", "-f", "-qq", "-o", os.devnull, "-e", f"trace={renames}"]
            + ["-e", f"inject={renames}:signal=KILL:when={n}"]
            + [sys.executable, "-m", "bemoeizorg", "restore", str(made), "--to", str(path)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert "Traceback" not in done.stderr
        name = opened_name(path)  # opens, with the old or the new register
        asides = [p for p in folder.iterdir() if ".vervangen-" in p.name]
        assert len(asides) == (2 if name == "Nieuw" else 0), asides
        if done.returncode == 0:
            assert name == "Nieuw"
            break
        seen.append((n, name))
    else:
        pytest.fail(f"the restore never got through: {seen}")
    # Killed before the commit: the old register. Killed before the key slots, the
    # database or the old pair's renames: the new one (the opening finishes the restore).
    assert seen == [(1, "Oud"), (2, "Nieuw"), (3, "Nieuw"), (4, "Nieuw"), (5, "Nieuw")], seen
