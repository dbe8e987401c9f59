"""Encrypted back-ups: one file that opens with the same passphrase or the recovery code
and needs no other file, checked after it is made, kept to the last N, restored with the
replaced register kept aside.

A back-up (`.bzbackup`) is a zip, stored without compression, holding:
- `register`: a byte copy of the SQLCipher file, taken while the register's write lock is
  held, so it is consistent and encrypted with the same data key;
- `sleutels`: the key slots (each already encrypted with its own passphrase);
- `info.json`: what the back-up list shows without a passphrase: when, the register's
  random id, the schema revision, the access-log chain head and whether it was checked,
  and the SHA-256 of `register` and `sleutels`. No names, no case data.

The copy is checked before the back-up is written: opened with the data key, the page
HMACs and SQLite's integrity check pass and the access-log chain verifies up to the head
it reports. Then the written zip is read back (CRCs) before it counts as made.

A back-up folder is shared with whoever can write to it, so `info.json` carries a MAC
(`Register.backup_mac`, a key derived from the data key) and a random back-up id. Pruning
and the daily back-up trust only what verifies as this register's (`survey`): a file
that does not is left alone and reported, a date more than a day ahead is not believed
(kept, never counted as newest), a copy of a real back-up counts once, and the back-up
just made is never removed. Back-ups of older versions carry no MAC: they can still be
restored, but are never removed automatically.

The MAC binds the description to the contents: the signed info holds the SHA-256 of the
`register` and `sleutels` members, checked wherever a back-up is trusted (`survey` and so
pruning and the daily back-up, `newest_good`, `newest_verified`, opening, restoring), so
a zip with the newest back-up's signed info and an older back-up's contents is "not this
register's back-up", never counted, kept or restored. A back-up made before the hashes
(a MAC, no hashes) is not counted for pruning (its contents are unchecked: it is left
alone and reported); opened or restored, its log head and entry count must equal what its
info says (`_check_opened`), as for every back-up.

Temp files (the checked copy beside the register, the zip being written) carry the
register's id and are held while in use, so only this register's next back-up or
opening sweeps them (store/files.py). A restore is crash-safe (store/restore_swap.py).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import hmac
import json
import os
import re
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, BinaryIO

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bemoeizorg.domain.formats import date_time_text
from bemoeizorg.store import access_log, rekey
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.engine import (
    open_engine,
    page_problems,
    structure_problems,
    unread_pages,
)
from bemoeizorg.store.errors import (
    DiskFull,
    InvalidInput,
    RegisterCorrupt,
    RegisterError,
    from_database_error,
    from_os_error,
)
from bemoeizorg.store.failed_unlocks import RECOVERY_USER
from bemoeizorg.store.files import atomic_writer, create_private, private_dir, sweep_temp_files
from bemoeizorg.store.keyslots import KeySlots, slots_path_for
from bemoeizorg.store.process_lock import ProcessLock
from bemoeizorg.store.register import REGISTER_SUFFIX, Register
from bemoeizorg.store.restore_swap import swap_in
from bemoeizorg.store.schema import Case, Report
from bemoeizorg.store.secret_memory import scrub, zero

BACKUP_SUFFIX = ".bzbackup"
FORMAT = "bemoeizorg-backup-1"
DB_ENTRY = "register"
SLOTS_ENTRY = "sleutels"
INFO_ENTRY = "info.json"
MAC_FIELD = "mac"
DB_HASH_FIELD = "register_sha256"
SLOTS_HASH_FIELD = "sleutels_sha256"
MAX_INFO_BYTES = 64 * 1024  # ours is about 500 bytes
# A made_at later than this from now is a wrong clock or a forgery: the date is unknown.
FUTURE_SLACK = timedelta(days=1)


class BackupUnusable(InvalidInput):
    pass


class BackupMismatch(BackupUnusable):
    """The contents are not what the back-up's (signed) description says: another
    back-up's register put in, or damage. Never counted, kept for it or restored."""

    def __init__(self, name: str) -> None:
        RegisterError.__init__(
            self,
            f"{name}: de inhoud van deze back-up past niet bij de beschrijving ervan. Het is "
            "geen ongeschonden back-up van dit register (onderdelen van een andere back-up "
            "erin gezet, of beschadigd). Er is niets teruggezet; kies een andere back-up.",
        )


_NO_ROOM = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


class NoRoomForCopy(DiskFull):
    """The temporary copy a back-up is made or read through did not fit: a full disk,
    with a sentence of its own saying where."""

    def __init__(self, where: str) -> None:
        RegisterError.__init__(
            self,
            f"Er is te weinig ruimte voor de tijdelijke kopie van het register in {where}. "
            "Er is niets veranderd. Maak daar ruimte vrij (of kies een andere map) en "
            "probeer het opnieuw.",
        )


TEMP_FOLDER = "de map voor tijdelijke bestanden (TMPDIR)"
REGISTER_FOLDER = "de map van het register"


@contextlib.contextmanager
def _room_for_copy(where: str) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        if exc.errno in _NO_ROOM:
            raise NoRoomForCopy(where) from None
        raise


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
    backup_id: str = ""  # random, per back-up: a copy of one counts once
    mac: str = ""  # empty: made by an older version, cannot be verified
    signed: bytes = field(default=b"", repr=False)  # what the MAC covers
    control_code: str = ""  # empty: made by an older version, which kept only the MAC
    db_sha256: str = ""  # empty: made before the contents were bound to the info
    slots_sha256: str = ""

    @property
    def code(self) -> str:
        """The log's control code when the back-up was made, its own EXPORT entry included:
        `bemoeizorg verify --head CODE` checks it later. An older back-up has the raw head."""
        return self.control_code or self.chain_head

    @property
    def label(self) -> str:
        return date_time_text(self.made_at.astimezone())

    @property
    def identity(self) -> str:
        return self.backup_id or str(self.path)


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


def _now() -> datetime:
    """The clock of back-ups (a test sets it wrong)."""
    return datetime.now(UTC)


def _signed_bytes(fields: dict[str, object]) -> bytes:
    """The canonical text of an info's fields (all but the MAC), which the MAC covers."""
    rest = {k: v for k, v in fields.items() if k != MAC_FIELD}
    return json.dumps(rest, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _copy_private(source: IO[bytes], target: Path) -> None:
    with create_private(target) as out:
        shutil.copyfileobj(source, out, 1024 * 1024)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _member_sha256(archive: zipfile.ZipFile, name: str) -> str:
    """A member's SHA-256, streamed (zipfile checks its CRC on the way)."""
    digest = hashlib.sha256()
    with archive.open(name) as member:
        while chunk := member.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def contents_match(info: BackupInfo) -> bool | None:
    """Whether `register` and `sleutels` are the ones the info names (its hashes); None
    for a back-up made before the hashes, whose contents the info does not name.
    (Plain comparisons: hashes of public contents are no secret, and a stranger's text
    may be anything.)"""
    if not info.db_sha256 and not info.slots_sha256:
        return None
    try:
        with zipfile.ZipFile(info.path) as archive:
            return (
                _member_sha256(archive, DB_ENTRY) == info.db_sha256
                and _member_sha256(archive, SLOTS_ENTRY) == info.slots_sha256
            )
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, EOFError):
        return False


def _require_contents(info: BackupInfo) -> None:
    """Refuse a back-up whose contents are not the ones its info names."""
    if contents_match(info) is False:
        raise BackupMismatch(info.path.name)


def _check_opened(session: Session, info: BackupInfo) -> None:
    """The opened back-up's log ends where its info says, with as many entries: for a
    back-up made before the hashes the only tie between its info and its contents."""
    if not info.chain_head:
        return
    # Plain SQL: the columns every schema revision has (an older back-up is not migrated yet).
    last_mac = session.execute(text("SELECT last_mac FROM access_log_head WHERE id = 1")).scalar()
    entries = session.execute(text("SELECT count(*) FROM access_log")).scalar()
    if (
        not isinstance(last_mac, str)
        or last_mac != info.chain_head
        or entries != info.chain_entries
    ):
        raise BackupMismatch(info.path.name)


class _CopyCheck:
    """The checks of the copy, started at once and read when the back-up needs them, so
    that they run while the zip is written: SQLite, hashlib and zlib let go of Python's
    lock while they work, and the checks share the cores with the writing instead of
    taking turns.

    - SQLite's quick_check (`structure_problems`) on a connection of its own: every b-tree
      page read, so its HMAC checked, and the pages accounted for; when the file has pages
      quick_check does not read (free pages, pointer maps) also SQLCipher's HMAC of every
      page (`page_problems`) on another;
    - the access-log chain, with the register's own key, on a third: since the state the
      last checked back-up found sound (its control code, kept under the log key in the
      register), or whole when there is none or it no longer holds.
    A damaged copy is reported as such whichever check meets the damage first."""

    def __init__(self, register: Register, db: Path) -> None:
        self._name = db.name
        self._engines: list[Engine] = []
        self._pool = ThreadPoolExecutor(3, thread_name_prefix="back-up-controle")
        try:
            structure = self._open(register, db)
            # Asked first: the engine has one connection, which the check then holds.
            every_page = unread_pages(structure)
            size = db.stat().st_size
            checks = [self._pool.submit(structure_problems, structure, cache_bytes=size)]
            if every_page:
                checks.append(self._pool.submit(page_problems, self._open(register, db)))
            self._pages = checks
            chain = self._open(register, db)
            self._chain = self._pool.submit(self._verify, register, chain)
        except BaseException:
            self.close()
            raise

    def _open(self, register: Register, db: Path) -> Engine:
        engine = register.open_copy(db)
        self._engines.append(engine)
        return engine

    @staticmethod
    def _verify(register: Register, engine: Engine) -> access_log.ChainVerdict:
        with Session(engine) as session:
            return register.access_log.verify_since(session)

    def verdict(self) -> access_log.ChainVerdict:
        """Wait for the checks: the chain's verdict, or RegisterCorrupt / BackupUnusable."""
        problems: list[str] = []
        for check in self._pages:
            try:
                problems += check.result()
            except (sqlcipher.Error, SQLAlchemyError, MemoryError):
                problems.append("onleesbaar")  # SQLite stopped at a page it cannot read
        try:
            verdict: access_log.ChainVerdict | None = self._chain.result()
        except (sqlcipher.Error, SQLAlchemyError, MemoryError):
            verdict = None  # a damaged copy: the page checks say what is wrong
        if problems or verdict is None:
            raise RegisterCorrupt(self._name)
        if not verdict.ok:
            raise BackupUnusable(f"Het logboek in de kopie klopt niet: {verdict.problem}")
        return verdict

    def close(self) -> None:
        self._pool.shutdown(wait=True)  # a check under way finishes before its engine goes
        for engine in self._engines:
            engine.dispose()

    def __enter__(self) -> _CopyCheck:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _write_member(archive: zipfile.ZipFile, source: Path, name: str) -> str:
    """Zip `source` (stored) as `name`, as ZipFile.write does; its SHA-256 on the way."""
    digest = hashlib.sha256()
    member = zipfile.ZipInfo.from_file(source, name)
    member.compress_type = zipfile.ZIP_STORED
    with open(source, "rb") as src, archive.open(member, "w") as out:
        while chunk := src.read(1 << 20):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def _reads_back(path: Path) -> bool:
    """The written zip read back whole, every member's CRC checked. The CRCs were computed
    from the very chunks the SHA-256s in the info were (`_write_member`), so equal CRCs say
    the bytes on the disk are the ones hashed, at a fraction of hashing them again."""
    try:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                with archive.open(name) as member:
                    while member.read(1 << 20):
                        pass
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, EOFError):
        return False
    return True


def make_backup(register: Register, folder: Path, *, keep: int | None = None) -> BackupInfo:
    """Write a checked back-up of the open register into `folder`; keep the newest `keep`
    (see `prune`; `backup_and_prune` also says what pruning left alone).

    Logged as an export (no case id): a back-up is a copy of every case.
    """
    made = _make(register, Path(folder))
    if keep is not None:
        prune(folder, register, keep, spare=made.path)
    return made


def backup_and_prune(register: Register, folder: Path, keep: int) -> tuple[BackupInfo, Pruned]:
    """A back-up, then the older ones pruned: what was made and what pruning did."""
    made = _make(register, Path(folder))
    return made, prune(folder, register, keep, spare=made.path)


def _make(register: Register, folder: Path) -> BackupInfo:
    if not folder.is_dir():
        raise InvalidInput("De map voor back-ups bestaat niet (is de USB-stick aangesloten?).")
    moment = _now()
    owner = register.register_id
    try:
        # What a back-up of this register killed half-way left (never another's).
        sweep_temp_files(folder, owner)
        # The copy is checked beside the register (0600, in a 0700 folder named for it,
        # swept by the next back-up or opening after a kill), not in a shared TMPDIR.
        with private_dir(register.path.parent, owner) as work:
            copy = work / "kopie"
            # Logged first, in its own transaction, so the copy holds its own log entry.
            register.log_event(Action.EXPORT)
            with register.session() as session:
                # BEGIN IMMEDIATE holds the write lock: no save lands while the bytes are
                # copied (journal_mode DELETE: the main file holds every committed page).
                with open(register.path, "rb") as source, _room_for_copy(REGISTER_FOLDER):
                    _copy_private(source, copy)
                revision = str(
                    session.execute(text("SELECT version_num FROM alembic_version")).scalar() or ""
                )
                code = register.access_log.control_code(session)
            target = folder / backup_name(register.register_id, moment)
            n = 1
            while target.exists():  # two back-ups in one second: never overwrite one
                n += 1
                target = target.with_name(f"{target.stem.split('_')[0]}_{n}{BACKUP_SUFFIX}")
            # The copy is checked while it is zipped; the zip is finished (its info written)
            # only once the checks pass, and removed when they do not.
            with (
                _CopyCheck(register, copy) as check,
                atomic_writer(target, owner) as handle,
                zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED) as archive,
            ):
                # The signed info names the very bytes zipped (the slots read once);
                # it goes last, once they are known and checked.
                slots_bytes = slots_path_for(register.path).read_bytes()
                archive.writestr(SLOTS_ENTRY, slots_bytes)
                copy_sha256 = _write_member(archive, copy, DB_ENTRY)
                # To the disk now, while the checks run: the fsync that finishes the zip
                # then has only its last few bytes to write.
                handle.flush()
                os.fsync(handle.fileno())
                verdict = check.verdict()
                info: dict[str, object] = {
                    "format": FORMAT,
                    "made_at": moment.isoformat(timespec="microseconds"),
                    "register_id": register.register_id,
                    "revision": revision,
                    "chain_head": verdict.head,
                    "chain_entries": verdict.entries,
                    "checked": True,
                    "backup_id": uuid.uuid4().hex,
                    "control_code": code,
                }
                info[DB_HASH_FIELD] = copy_sha256
                info[SLOTS_HASH_FIELD] = hashlib.sha256(slots_bytes).hexdigest()
                info[MAC_FIELD] = register.backup_mac(_signed_bytes(info))
                archive.writestr(INFO_ENTRY, json.dumps(info))
        made = read_info(target)
        if not _reads_back(target):
            target.unlink(missing_ok=True)
            raise BackupUnusable("De back-up is na het schrijven niet goed terug te lezen.")
        # The next back-up checks the chain from here on (the copy holds this state).
        with register.session() as session:
            register.access_log.mark_checked(session, verdict)
    except OSError as exc:
        raise from_os_error(exc) from None
    return made


def read_info(path: Path) -> BackupInfo:
    """What a back-up says of itself; not yet whether to believe it (`verifies`)."""
    try:
        with zipfile.ZipFile(path) as archive:
            if archive.getinfo(INFO_ENTRY).file_size > MAX_INFO_BYTES:
                raise ValueError("info too large")  # a stranger's file: bounded
            info = json.loads(archive.read(INFO_ENTRY))
            names = set(archive.namelist())
    except FileNotFoundError:
        raise BackupUnusable(f"{path.name}: dit bestand bestaat niet.") from None
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, RecursionError):
        raise BackupUnusable(f"{path.name}: dit is geen leesbare back-up.") from None
    try:
        if info.get("format") != FORMAT or not {DB_ENTRY, SLOTS_ENTRY} <= names:
            raise BackupUnusable(f"{path.name}: dit is geen back-up van Bemoeizorg Register.")
        made_at = datetime.fromisoformat(info["made_at"])
        if made_at.tzinfo is None:
            raise ValueError("no time zone")
        mac = info.get(MAC_FIELD, "")
        return BackupInfo(
            path=path,
            made_at=made_at,
            register_id=str(info["register_id"]),
            revision=str(info.get("revision", "")),
            chain_head=str(info.get("chain_head", "")),
            chain_entries=int(info.get("chain_entries", 0)),
            checked=info.get("checked") is True,
            size=path.stat().st_size,
            backup_id=str(info.get("backup_id", "")),
            mac=mac if isinstance(mac, str) else "",
            control_code=str(info.get("control_code", "")),
            db_sha256=str(info.get(DB_HASH_FIELD, "")),
            slots_sha256=str(info.get(SLOTS_HASH_FIELD, "")),
            signed=_signed_bytes(info),
        )
    except (AttributeError, KeyError, TypeError, ValueError, OSError, OverflowError):
        # An odd file in the folder must not stop the back-ups of the others.
        raise BackupUnusable(f"{path.name}: dit is geen leesbare back-up.") from None


def verifies(info: BackupInfo, register: Register) -> bool:
    """Whether the back-up was written by this register: its description's MAC holds and
    its contents are the ones that description names. A back-up made before the hashes
    (MAC, no hashes) does not verify: its contents are not checked without opening it."""
    if info.register_id != register.register_id or not info.mac or not info.backup_id:
        return False
    if not hmac.compare_digest(register.backup_mac(info.signed), info.mac):
        return False
    return contents_match(info) is True


def list_backups(folder: Path, register_id: str | None = None) -> list[BackupInfo]:
    """Back-ups in the folder (claiming one register, if given), newest first, as they
    describe themselves: unverified, for showing and choosing. Unreadable ones skipped.
    What may be removed or counted is decided by `survey` alone."""
    found: list[BackupInfo] = []
    with contextlib.suppress(OSError):
        for path in Path(folder).glob(f"*{BACKUP_SUFFIX}"):
            with contextlib.suppress(BackupUnusable):
                info = read_info(path)
                if register_id is None or info.register_id == register_id:
                    found.append(info)
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def _names(paths: list[Path]) -> str:
    shown = [p.name for p in paths[:3]]
    more = len(paths) - len(shown)
    return ", ".join(shown) + (f" en nog {more}" if more else "")


@dataclass(frozen=True, slots=True)
class FolderSurvey:
    """A back-up folder as this register sees it: only what verifies counts."""

    dated: list[BackupInfo]  # verified, with a believable date; newest first
    undated: list[BackupInfo]  # verified, but made_at more than a day ahead: date unknown
    unverified: list[Path]  # unreadable, or claiming this register without its MAC

    @property
    def verified(self) -> list[BackupInfo]:
        return [*self.dated, *self.undated]

    def made_on(self, day: date) -> bool:
        """Whether a verified back-up with a believable date was made on `day` (local)."""
        return any(b.made_at.astimezone().date() == day for b in self.dated)

    def notes(self) -> list[str]:
        """What the user should know (Dutch): files left alone, dates not believed."""
        notes = []
        if self.undated:
            n = len(self.undated)
            which = _names([b.path for b in self.undated])
            notes.append(
                (
                    f"1 back-up van dit register heeft een datum in de toekomst ({which})"
                    if n == 1
                    else f"{n} back-ups van dit register hebben een datum in de toekomst ({which})"
                )
                + "; de klok van de computer stond toen waarschijnlijk verkeerd. Die datum "
                "wordt niet vertrouwd: zo'n back-up telt niet als nieuwste en wordt niet "
                "automatisch verwijderd."
            )
        if self.unverified:
            n = len(self.unverified)
            which = _names(self.unverified)
            notes.append(
                (
                    f"1 bestand in de back-upmap ({which}) is"
                    if n == 1
                    else f"{n} bestanden in de back-upmap ({which}) zijn"
                )
                + " niet als back-up van dit register te controleren (beschadigd, gemaakt "
                "met een oudere versie of niet door dit register gemaakt). Ze zijn niet "
                "verwijderd; kijk zelf of ze weg mogen."
            )
        return notes


def survey(folder: Path, register: Register, now: datetime | None = None) -> FolderSurvey:
    """The folder's back-ups of this register, verified with its key."""
    limit = (now or _now()) + FUTURE_SLACK
    dated: list[BackupInfo] = []
    undated: list[BackupInfo] = []
    unverified: list[Path] = []
    with contextlib.suppress(OSError):
        for path in sorted(Path(folder).glob(f"*{BACKUP_SUFFIX}")):
            try:
                info = read_info(path)
            except BackupUnusable:
                unverified.append(path)
                continue
            if info.register_id != register.register_id:
                continue  # another register's: not this register's to judge
            if not verifies(info, register):
                unverified.append(path)
            elif info.made_at > limit:
                undated.append(info)
            else:
                dated.append(info)
    dated.sort(key=lambda b: b.made_at, reverse=True)
    return FolderSurvey(dated, undated, unverified)


@dataclass(frozen=True, slots=True)
class Pruned:
    survey: FolderSurvey
    removed: list[Path]
    not_removed: list[Path]  # removal failed (read-only stick, a file in use)

    def notes(self) -> list[str]:
        notes = self.survey.notes()
        if self.not_removed:
            notes.append(
                f"Oude back-ups die niet konden worden verwijderd: {_names(self.not_removed)}."
            )
        return notes


def prune(folder: Path, register: Register, keep: int, *, spare: Path | None = None) -> Pruned:
    """Remove all but the newest `keep` back-ups of this register, counting only those
    that verify as its own and have a believable date; copies of one back-up count once.
    Never removed: `spare` (the one just made), back-ups with a date in the future, and
    files that do not verify."""
    found = survey(folder, register)
    kept: set[str] = set()
    for info in found.verified:
        if info.path == spare:
            kept.add(info.identity)  # the one just made is kept and counts
    for info in found.dated:  # newest first
        if len(kept) >= max(keep, 1):
            break
        kept.add(info.identity)
    removed: list[Path] = []
    failed: list[Path] = []
    for old in found.dated:
        if old.identity in kept or old.path == spare:
            continue
        try:
            old.path.unlink()
            removed.append(old.path)
        except FileNotFoundError:
            pass
        except OSError:
            failed.append(old.path)
    return Pruned(found, removed, failed)


@contextlib.contextmanager
def _extracted(backup: Path, register: Register | None) -> Iterator[Path]:
    """The back-up's register and key slots as `<dir>/r.bzregister`, in a private folder
    (0700, files 0600) named for the register: beside the open register, or in the temp
    folder when none is open; removed afterwards, swept by the next one after a kill."""
    if register is not None:
        base, owner, where = register.path.parent, register.register_id, REGISTER_FOLDER
    else:
        base, owner = Path(tempfile.gettempdir()), read_info(backup).register_id
        where = TEMP_FOLDER
    with private_dir(base, owner) as work:
        with _room_for_copy(where):
            db = _extract(backup, work)
        yield db


def _extract(backup: Path, work: Path) -> Path:
    """The back-up's register and key slots as `work/r.bzregister` (files 0600)."""
    db = work / f"r{REGISTER_SUFFIX}"
    with zipfile.ZipFile(backup) as archive:
        with archive.open(DB_ENTRY) as src:
            _copy_private(src, db)
        with create_private(slots_path_for(db)) as out:
            out.write(archive.read(SLOTS_ENTRY))
    return db


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
    _require_contents(info)
    try:
        with _extracted(backup, register) as db:
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
                    _check_opened(session, info)
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
    except OSError as exc:  # the temp folder unwritable, the back-up gone meanwhile, ...
        raise from_os_error(exc) from None


@dataclass(frozen=True, slots=True)
class Replaced:
    """The log of the register a restore replaces, as it was just before: its control
    code and number of entries, or why that is not known."""

    code: str = ""
    entries: int = 0
    missing: bool = False  # no register at the path at all

    def text(self) -> str:
        if self.missing:
            return "er stond geen register"
        if not self.code:
            return "vervangen register niet te lezen (beschadigd of een andere sleutel)"
        return f"vervangen register: controlecode {self.code}, {self.entries} regels"


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._+-]")


def restore_detail(backup: Path, replaced: Replaced) -> str:
    """The restore's log entry: which back-up (its file name, as the program makes them),
    and what the replaced register's log said, so the gap is visible and checkable with
    `verify --head`. The name comes from a folder others can write: bounded, plain."""
    name = _SAFE_NAME.sub("_", backup.name)[:80]
    return f"back-up {name} teruggezet; {replaced.text()}"


def _state(session: Session) -> Replaced:
    """The control code and size of a log, read without its key (neither needs it)."""
    try:
        code = access_log.AccessLog(b"", "").control_code(session)
    except access_log.LogDamaged:
        return Replaced()  # no head: the restore is all the more needed
    return Replaced(code, access_log.count(session))


def _state_at(target: Path, key: bytearray) -> Replaced:
    """What the register at `target` (the caller holds its lock) says of its log, opened
    with the back-up's key; a damaged register, or one with another key, is not read."""
    if not target.exists():
        return Replaced(missing=True)
    try:
        engine = open_engine(target, key)
    except (RegisterError, OSError, SQLAlchemyError, MemoryError):
        return Replaced()
    try:
        with Session(engine) as session:
            return _state(session)
    except (RegisterError, OSError, SQLAlchemyError, MemoryError):
        return Replaced()
    finally:
        engine.dispose()


def _record_restore(engine: Engine, log: access_log.AccessLog, user: str, detail: str) -> None:
    """Bring the copy to this program's schema (an older back-up) and append the entry."""
    from bemoeizorg.store import migrate  # alembic: only when a restore migrates

    before = migrate.current_revision(engine)
    migrate.upgrade(engine)
    migrated = before != migrate.current_revision(engine)
    with Session(engine) as session, session.begin():
        if not log.ready(session):
            raise access_log.LogDamaged()
        if migrated:
            log.record(session, user, Action.MIGRATED)
        log.record(session, user, Action.RESTORED, detail=detail)


def restore(
    backup: Path,
    target: Path,
    *,
    passphrase: str = "",
    recovery_code: str = "",
    register: Register | None = None,
) -> Path | None:
    """Put the back-up's register at `target`, with an entry in its log that names the
    back-up and the replaced register's last control code and entry count (the entries
    in between are not in the restored log: this makes the gap visible). An existing
    register there (and its key file) is kept aside, not deleted; returns where it went.

    The back-up is opened with `passphrase` (any user's) or `recovery_code`, or, when the
    register at `target` is open, with its key: pass it as `register`; it is locked here
    once the entry is written. Holds the register's process lock meanwhile; "al geopend"
    if another program has it open. A kill at any moment leaves the old register or the
    restored one at `target` (store/restore_swap.py).
    """
    info = read_info(backup)
    _require_contents(info)
    target = Path(target)
    if not target.parent.is_dir():
        raise InvalidInput("De map om terug te zetten bestaat niet.")
    owner = _register_id_at(target) or info.register_id
    key = bytearray()
    log_key = bytearray()
    guard = ProcessLock(target)
    try:
        with private_dir(target.parent, owner) as work:
            with _room_for_copy(REGISTER_FOLDER):
                db = _extract(backup, work)
            if register is not None:
                if info.register_id != register.register_id:
                    raise BackupUnusable(
                        f"{backup.name}: dit is een back-up van een ander register."
                    )
                with register.session() as session:
                    replaced = _state(session)
                engine = register.open_copy(db)
                try:
                    with Session(engine) as session:
                        _check_opened(session, info)
                    detail = restore_detail(backup, replaced)
                    _record_restore(engine, register.access_log, register.user, detail)
                finally:
                    engine.dispose()
                register.lock()  # before the files change under it
                guard.acquire()
            else:
                slots = KeySlots.load(slots_path_for(db))
                if recovery_code:
                    key, user = slots.unwrap_recovery(recovery_code), RECOVERY_USER
                else:
                    slot, key = slots.unwrap_any_passphrase(passphrase)
                    user = slot.user
                guard.acquire()
                replaced = _state_at(target, key)
                engine = open_engine(db, key)
                try:
                    with Session(engine) as session:
                        _check_opened(session, info)
                    log_key = rekey.log_key_for(engine, key)  # the stored one after a rekey
                    log = access_log.AccessLog(log_key, slots.register_id)
                    _record_restore(engine, log, user, restore_detail(backup, replaced))
                finally:
                    engine.dispose()

            slots_bytes = slots_path_for(db).read_bytes()

            def write_db(out: BinaryIO) -> None:
                with open(db, "rb") as src:
                    shutil.copyfileobj(src, out, 1 << 20)
                # Staged whole: the working copy goes now, before the commit, so a kill
                # after it leaves nothing that the restored register would not sweep.
                shutil.rmtree(work, ignore_errors=True)

            aside = swap_in(target, owner, write_db, lambda out: out.write(slots_bytes))
    except OSError as exc:
        raise from_os_error(exc) from None
    except SQLAlchemyError as exc:
        raise from_database_error(exc, info.path.name) from None
    except (zipfile.BadZipFile, KeyError):
        raise BackupUnusable(f"{info.path.name}: de back-up is beschadigd.") from None
    finally:
        zero(key)
        zero(log_key)
        guard.release()
    sweep_temp_files(target.parent, info.register_id)
    return aside


def _register_id_at(target: Path) -> str | None:
    """The id of the register now at `target` (its key slots), if one is there."""
    with contextlib.suppress(RegisterError, OSError):
        if target.exists():
            return KeySlots.load(slots_path_for(target)).register_id
    return None


def newest_good(folder: Path, register_id: str) -> BackupInfo | None:
    """The newest back-up of this register that was checked and still reads whole, for a
    register that cannot be opened (so without its key: what the back-ups say of
    themselves). A date more than a day ahead is not believed: such a back-up comes last."""
    limit = _now() + FUTURE_SLACK
    found = list_backups(folder, register_id)
    for info in [b for b in found if b.made_at <= limit] + [b for b in found if b.made_at > limit]:
        if not info.checked:
            continue
        if _reads_whole(info):
            return info
    return None


# Back-ups of the register at a path are tried with their own slots at most this often
# (one Argon2id each) when the register's key does not verify them (made before a rekey).
OWN_SLOT_TRIES = 3


def info_mac(key: bytearray, data: bytes) -> str:
    """`Register.backup_mac` for a key that is not an open register's (a back-up offered
    for a damaged register): the same derivation, the derived key scrubbed after use.
    tests/ui/test_backup_restore.py checks that the two agree."""
    derived = hmac.digest(key, b"bemoeizorg-backup-info", "sha256")
    try:
        return hmac.new(derived, data, "sha256").hexdigest()
    finally:
        scrub(derived)


def _verified_with(info: BackupInfo, key: bytearray) -> bool:
    return bool(info.mac) and hmac.compare_digest(info_mac(key, info.signed), info.mac)


def _reads_whole(info: BackupInfo) -> bool:
    """Reads whole, and holds the contents its info names (when it names them)."""
    match = contents_match(info)
    if match is not None:
        return match
    with contextlib.suppress(OSError, zipfile.BadZipFile):
        with zipfile.ZipFile(info.path) as archive:
            return archive.testzip() is None
    return False


def newest_verified(
    folder: Path, register_path: Path, user: str, passphrase: str
) -> BackupInfo | None:
    """The newest back-up to offer for the (damaged) register at `register_path`: one
    whose signed info verifies with the key `passphrase` unwraps for `user`, from the
    register's own key slots, or, for a back-up made before a new key, from the back-up's
    own. A back-up of another register, one without a MAC (an older version) or with a
    MAC that does not hold is never offered. A date more than a day ahead comes last."""
    register_id = KeySlots.load(slots_path_for(register_path)).register_id
    limit = _now() + FUTURE_SLACK
    found = [b for b in list_backups(folder, register_id) if b.checked and b.mac and b.backup_id]
    found = [b for b in found if b.made_at <= limit] + [b for b in found if b.made_at > limit]
    key = bytearray()
    try:
        with contextlib.suppress(RegisterError):
            _slot, key = KeySlots.load(slots_path_for(register_path)).unwrap_passphrase(
                user, passphrase
            )
        for info in found:
            if key and _verified_with(info, key) and _reads_whole(info):
                return info
        for info in found[:OWN_SLOT_TRIES]:
            zero(key)
            key = bytearray()
            with contextlib.suppress(RegisterError, OSError, zipfile.BadZipFile, KeyError):
                with private_dir(register_path.parent, register_id) as work:
                    with (
                        zipfile.ZipFile(info.path) as archive,
                        create_private(work / SLOTS_ENTRY) as out,
                    ):
                        out.write(archive.read(SLOTS_ENTRY))
                    slots = KeySlots.load(work / SLOTS_ENTRY)  # bounded and checked
                if slots.register_id == register_id:
                    _slot, key = slots.unwrap_passphrase(user, passphrase)
                    if _verified_with(info, key) and _reads_whole(info):
                        return info
        return None
    finally:
        zero(key)
