"""Encrypted back-ups: one file that opens with the same passphrase or the recovery code
and needs no other file, checked after it is made, kept to the last N, restored with the
replaced register kept aside.

A back-up (`.bzbackup`) is a zip, stored without compression, holding:
- `register`: a byte copy of the SQLCipher file, taken while the register's write lock is
  held, so it is consistent and encrypted with the same data key;
- `sleutels`: the key slots (each already encrypted with its own passphrase);
- `info.json`: what the back-up list shows without a passphrase: when, the register's
  random id, the schema revision, the access-log chain head and whether it was checked.
  No names, no case data.

The copy is checked before the back-up is written: opened with the data key, the page
HMACs and SQLite's integrity check pass and the access-log chain verifies up to the head
it reports. Then the written zip is read back (CRCs) before it counts as made.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from bemoeizorg.domain.formats import date_time_text
from bemoeizorg.store import access_log
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.engine import integrity_problems, open_engine
from bemoeizorg.store.errors import InvalidInput, RegisterCorrupt, from_os_error
from bemoeizorg.store.files import TEMP_PREFIX, atomic_writer, fsync_dir, sweep_temp_files
from bemoeizorg.store.keyslots import KeySlots, slots_path_for
from bemoeizorg.store.register import REGISTER_SUFFIX, Register
from bemoeizorg.store.schema import Case, Report

BACKUP_SUFFIX = ".bzbackup"
FORMAT = "bemoeizorg-backup-1"
DB_ENTRY = "register"
SLOTS_ENTRY = "sleutels"
INFO_ENTRY = "info.json"


class BackupUnusable(InvalidInput):
    pass


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    made_at: datetime
    register_id: str
    revision: str
    chain_head: str
    chain_entries: int
    checked: bool
    size: int

    @property
    def label(self) -> str:
        return date_time_text(self.made_at.astimezone())


@dataclass(frozen=True, slots=True)
class BackupContents:
    """What a back-up holds, read after opening it with a passphrase or recovery code."""

    info: BackupInfo
    cases: int
    open_cases: int
    reports: int
    users: list[str]


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%d-%H%M%S")


def backup_name(register_id: str, moment: datetime) -> str:
    """No register name, no user: a random id and the moment."""
    return f"bemoeizorg-{register_id[:8]}-{_stamp(moment)}{BACKUP_SUFFIX}"


@contextlib.contextmanager
def _private_dir() -> Iterator[Path]:
    """A 0700 folder for an encrypted copy while it is checked; removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="bemoeizorg-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _check_copy(register: Register, db: Path) -> access_log.ChainVerdict:
    """The copy reads whole and its log chain is sound, checked with the register's own key."""
    engine = register.open_copy(db)
    try:
        problems = integrity_problems(engine)
        if problems:
            raise RegisterCorrupt(db.name)
        with Session(engine) as session:
            verdict = register.access_log.verify(session)
        if not verdict.ok:
            raise BackupUnusable(f"Het logboek in de kopie klopt niet: {verdict.problem}")
        return verdict
    finally:
        engine.dispose()


def make_backup(register: Register, folder: Path, *, keep: int | None = None) -> BackupInfo:
    """Write a checked back-up of the open register into `folder`; keep the newest `keep`.

    Logged as an export (no case id): a back-up is a copy of every case.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InvalidInput("De map voor back-ups bestaat niet (is de USB-stick aangesloten?).")
    moment = datetime.now(UTC)
    try:
        with _private_dir() as work:
            copy = work / "kopie"
            # Logged first, in its own transaction, so the copy holds its own log entry.
            register.log_event(Action.EXPORT)
            with register.session() as session:
                # BEGIN IMMEDIATE holds the write lock: no save lands while the bytes are
                # copied (journal_mode DELETE: the main file holds every committed page).
                shutil.copyfile(register.path, copy)
                revision = str(
                    session.execute(text("SELECT version_num FROM alembic_version")).scalar() or ""
                )
            verdict = _check_copy(register, copy)
            info = {
                "format": FORMAT,
                "made_at": moment.isoformat(timespec="microseconds"),
                "register_id": register.register_id,
                "revision": revision,
                "chain_head": verdict.head,
                "chain_entries": verdict.entries,
                "checked": True,
            }
            target = folder / backup_name(register.register_id, moment)
            n = 1
            while target.exists():  # two back-ups in one second: never overwrite one
                n += 1
                target = target.with_name(f"{target.stem.split('_')[0]}_{n}{BACKUP_SUFFIX}")
            with atomic_writer(target) as handle:
                with zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED) as archive:
                    archive.writestr(INFO_ENTRY, json.dumps(info))
                    archive.write(slots_path_for(register.path), SLOTS_ENTRY)
                    archive.write(copy, DB_ENTRY)
        made = read_info(target)
        with zipfile.ZipFile(target) as archive:
            if archive.testzip() is not None:
                target.unlink(missing_ok=True)
                raise BackupUnusable("De back-up is na het schrijven niet goed terug te lezen.")
    except OSError as exc:
        raise from_os_error(exc) from None
    if keep is not None:
        prune(folder, register.register_id, keep)
    return made


def read_info(path: Path) -> BackupInfo:
    try:
        with zipfile.ZipFile(path) as archive:
            info = json.loads(archive.read(INFO_ENTRY))
            names = set(archive.namelist())
    except FileNotFoundError:
        raise BackupUnusable(f"{path.name}: dit bestand bestaat niet.") from None
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        raise BackupUnusable(f"{path.name}: dit is geen leesbare back-up.") from None
    try:
        if info.get("format") != FORMAT or not {DB_ENTRY, SLOTS_ENTRY} <= names:
            raise BackupUnusable(f"{path.name}: dit is geen back-up van Bemoeizorg Register.")
        made_at = datetime.fromisoformat(info["made_at"])
        if made_at.tzinfo is None:
            raise ValueError("no time zone")
        return BackupInfo(
            path=path,
            made_at=made_at,
            register_id=str(info["register_id"]),
            revision=str(info.get("revision", "")),
            chain_head=str(info.get("chain_head", "")),
            chain_entries=int(info.get("chain_entries", 0)),
            checked=info.get("checked") is True,
            size=path.stat().st_size,
        )
    except (AttributeError, KeyError, TypeError, ValueError, OSError):
        # An odd file in the folder must not stop the back-ups of the others.
        raise BackupUnusable(f"{path.name}: dit is geen leesbare back-up.") from None


def list_backups(folder: Path, register_id: str | None = None) -> list[BackupInfo]:
    """Back-ups in the folder (of one register, if given), newest first; unreadable skipped."""
    found: list[BackupInfo] = []
    with contextlib.suppress(OSError):
        for path in Path(folder).glob(f"*{BACKUP_SUFFIX}"):
            with contextlib.suppress(BackupUnusable):
                info = read_info(path)
                if register_id is None or info.register_id == register_id:
                    found.append(info)
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def prune(folder: Path, register_id: str, keep: int) -> list[Path]:
    """Remove all but the newest `keep` checked back-ups of this register."""
    removed = []
    for old in list_backups(folder, register_id)[max(keep, 1) :]:
        with contextlib.suppress(OSError):
            old.path.unlink()
            removed.append(old.path)
    return removed


@contextlib.contextmanager
def _extracted(backup: Path) -> Iterator[Path]:
    """The back-up's register and key slots in a private folder, as `<dir>/r.bzregister`."""
    with _private_dir() as work, zipfile.ZipFile(backup) as archive:
        db = work / f"r{REGISTER_SUFFIX}"
        with archive.open(DB_ENTRY) as src, open(db, "wb") as out:
            shutil.copyfileobj(src, out, 1024 * 1024)
        slots_path_for(db).write_bytes(archive.read(SLOTS_ENTRY))
        yield db


def open_contents(backup: Path, passphrase: str = "", recovery_code: str = "") -> BackupContents:
    """Open a back-up with a passphrase (any user's) or the recovery code; count what is in."""
    return _contents(backup, passphrase, recovery_code, None)


def contents_for_register(backup: Path, register: Register) -> BackupContents:
    """What a back-up of the open register holds, opened with the register's own key."""
    info = read_info(backup)
    if info.register_id != register.register_id:
        raise BackupUnusable(f"{backup.name}: dit is een back-up van een ander register.")
    return _contents(backup, "", "", register)


def _contents(
    backup: Path, passphrase: str, recovery_code: str, register: Register | None
) -> BackupContents:
    info = read_info(backup)
    try:
        with _extracted(backup) as db:
            slots = KeySlots.load(slots_path_for(db))
            key = bytearray()  # a key unwrapped here, wiped after use; the register keeps its own
            if register is not None:
                engine = register.open_copy(db)
            elif recovery_code:
                key = slots.unwrap_recovery(recovery_code)
                engine = open_engine(db, key)
            else:
                _slot, key = slots.unwrap_any_passphrase(passphrase)
                engine = open_engine(db, key)
            try:
                with Session(engine) as session:
                    cases = session.scalar(select(func.count()).select_from(Case)) or 0
                    open_cases = (
                        session.scalar(select(func.count()).where(Case.closed_on.is_(None))) or 0
                    )
                    reports = session.scalar(select(func.count()).select_from(Report)) or 0
            finally:
                engine.dispose()
                for i in range(len(key)):
                    key[i] = 0
            return BackupContents(info, int(cases), int(open_cases), int(reports), slots.users())
    except (zipfile.BadZipFile, KeyError):
        raise BackupUnusable(f"{backup.name}: de back-up is beschadigd.") from None


def restore(backup: Path, target: Path) -> Path | None:
    """Put the back-up's register at `target`. An existing register there (and its key
    file) is moved aside first, not deleted; returns where it went, or None.

    The register must not be open (the caller locks it first); the restored files are
    written atomically, key slots first, so a crash leaves a whole register or the old one.
    """
    info = read_info(backup)
    target = Path(target)
    if not target.parent.is_dir():
        raise InvalidInput("De map om terug te zetten bestaat niet.")
    folder = target.parent
    new_db = new_slots = None
    moved: list[tuple[Path, Path]] = []  # (original, where it was put aside)
    try:
        # First both new files, whole and fsynced, beside the target: a full disk or a bad
        # back-up fails here, while the old register is still in place, untouched.
        with zipfile.ZipFile(backup) as archive:
            new_slots = _temp_copy(folder, lambda out: out.write(archive.read(SLOTS_ENTRY)))
            with archive.open(DB_ENTRY) as src:
                new_db = _temp_copy(folder, lambda out: shutil.copyfileobj(src, out, 1 << 20))
        # Then renames only (no new space needed): the old pair aside, the new pair in.
        aside = target.with_name(f"{target.name}.vervangen-{_stamp(datetime.now(UTC))}")
        for original, put in ((target, aside), (slots_path_for(target), slots_path_for(aside))):
            if original.exists():
                original.replace(put)
                moved.append((original, put))
        new_slots.replace(slots_path_for(target))
        new_db.replace(target)
        fsync_dir(folder)
    except BaseException as exc:
        for original, put in reversed(moved):  # the old register back where it was
            with contextlib.suppress(OSError):
                put.replace(original)
        for temp in (new_db, new_slots):
            if temp is not None:
                temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise from_os_error(exc) from None
        if isinstance(exc, zipfile.BadZipFile | KeyError):
            raise BackupUnusable(f"{info.path.name}: de back-up is beschadigd.") from None
        raise
    sweep_temp_files(folder)
    return aside if moved else None


def _temp_copy(folder: Path, write: Callable[[BinaryIO], object]) -> Path:
    """A 0600 temp file in `folder`, written by `write` and fsynced; the caller renames it."""
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=folder)
    path = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def newest_good(folder: Path, register_id: str) -> BackupInfo | None:
    """The newest back-up of this register that was checked and still reads whole."""
    for info in list_backups(folder, register_id):
        if not info.checked:
            continue
        with contextlib.suppress(OSError, zipfile.BadZipFile):
            with zipfile.ZipFile(info.path) as archive:
                if archive.testzip() is None:
                    return info
    return None
