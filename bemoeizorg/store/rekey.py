"""A new data key for an open register (a user removed, a computer forgotten, a
passphrase changed with the old key replaced too): so that an old copy of the key-slot
file no longer opens today's register.

The steps (`Register._rekey` drives them, under the register's process lock and mutex):

1. `prepare`: a copy of the database in a private temp folder beside the register,
   re-encrypted with sqlite3_rekey (`engine.rekey`, the new key handed over as a zeroed
   bytearray). Not `sqlcipher_export`: that needs the new key inside an ATTACH statement,
   a Python `str` nobody can overwrite (the very copy issue 12 removed from unlocking).
   The copy is then opened anew with the new key and checked: SQLCipher's page HMACs and
   SQLite's integrity check, the register id, and that the old key fits no page any more.
   The change that goes with the new key (a user row removed, its log entries) is written
   into that copy, so change and new key are committed together or not at all.
2. `commit`: the copy and the rewrapped key slots staged whole and fsynced, one rename
   commits, and the next opener finishes a kill after it (`restore_swap.swap_in`).
3. The replaced pair: `swap_in` keeps it aside, as a restore does; here it is deleted at
   once, since an old slot file beside its database is what a new key must lock out. A
   kill between the commit and that deletion leaves it aside: the new database records
   the SHA-256 of the slot file it replaced (`REPLACED_META`), and the next unlock with the
   new key (`sweep_replaced`) deletes only the aside pair whose slot file has exactly that
   hash. The opening before any key (`finish_interrupted`) cannot tell a genuine rekey
   from a folder a stranger planted, so it only keeps aside, never deletes.

Stable keys: the access log's chain key and the back-up description key were derived from
the data key. A new data key must not change them (the chain, the control codes printed
earlier and the back-ups made earlier must still verify), so the first rekey stores both in
the database (`Meta`, each wrapped under a key derived from the current data key, rewrapped
at every rekey) and an unlocked register uses them from then on (`read_stable_keys`).
They are read with `decrypt_into` into bytearrays the register zeroes when it locks.

What a rekey does not reach: back-ups made before it (each holds the database and slot
file of its moment; say so and make a fresh one), and the old file's blocks on the disk
until the file system reuses them (encrypted with the old key).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import re
import secrets
import shutil
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bemoeizorg.store import access_log
from bemoeizorg.store.engine import integrity_problems, key_fits_no_page, open_engine
from bemoeizorg.store.engine import rekey as rekey_engine
from bemoeizorg.store.errors import RegisterCorrupt, RegisterError, RegisterMismatch
from bemoeizorg.store.files import create_private, fsync_dir
from bemoeizorg.store.keyslots import MAX_FILE_BYTES, slots_path_for
from bemoeizorg.store.restore_swap import ASIDE_INFIX, pending_path, swap_in
from bemoeizorg.store.schema import Meta
from bemoeizorg.store.secret_memory import zero

LOG_KEY_META = "sleutel.logboek"
BACKUP_KEY_META = "sleutel.back-up"
REPLACED_META = "sleutel.vervangen-sleutelbestand"
COPY_FILE = "register"
_STAMPED = re.compile(r"\d{8}-\d{6}(_\d{1,4})?")


class StableKeysUnreadable(RegisterError):
    def __init__(self) -> None:
        super().__init__(
            "De sleutels van het logboek in dit register zijn onleesbaar. Zet de nieuwste "
            "goede back-up terug."
        )


def _reached(step: str) -> None:
    """Called after 'prepared' (the re-encrypted copy ready, before the swap), 'swapped'
    (the new pair in place, the old one still aside) and 'cleaned' (the old pair deleted);
    a test replaces it to stop a child process right there. The swap's own steps are
    restore_swap._reached."""


# --- the stable keys ------------------------------------------------------------------------


def _wrap_key(data_key: bytearray) -> bytearray:
    key = bytearray(32)
    HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"bemoeizorg-vaste-sleutels"
    ).derive_into(data_key, key)
    return key


def _unwrap_into(row: Meta, wrap: bytearray) -> bytearray:
    key = bytearray(32)
    try:
        doc = json.loads(row.value)
        AESGCM(wrap).decrypt_into(
            base64.b64decode(doc["nonce"], validate=True),
            base64.b64decode(doc["wrapped"], validate=True),
            row.key.encode("ascii"),
            key,
        )
    except (InvalidTag, ValueError, KeyError, TypeError):
        zero(key)
        raise StableKeysUnreadable() from None
    return key


def read_stable_keys(
    session: Session, data_key: bytearray
) -> tuple[bytearray | None, bytearray | None]:
    """The log key and the back-up description key a rekey stored, or (None, None) for a
    register that never had a new key (then both derive from the data key, as always)."""
    log_row, backup_row = session.get(Meta, LOG_KEY_META), session.get(Meta, BACKUP_KEY_META)
    if log_row is None or backup_row is None:
        return None, None
    wrap = _wrap_key(data_key)
    try:
        log_key = _unwrap_into(log_row, wrap)
        try:
            return log_key, _unwrap_into(backup_row, wrap)
        except BaseException:
            zero(log_key)
            raise
    finally:
        zero(wrap)


def write_stable_keys(
    session: Session, data_key: bytearray, log_key: bytearray, backup_key: bytearray
) -> None:
    """Store both keys wrapped under `data_key` (the new one, in the new database)."""
    wrap = _wrap_key(data_key)
    try:
        for name, key in ((LOG_KEY_META, log_key), (BACKUP_KEY_META, backup_key)):
            nonce = secrets.token_bytes(12)
            wrapped = AESGCM(wrap).encrypt(nonce, key, name.encode("ascii"))
            value = json.dumps(
                {
                    "nonce": base64.b64encode(nonce).decode("ascii"),
                    "wrapped": base64.b64encode(wrapped).decode("ascii"),
                }
            )
            session.merge(Meta(key=name, value=value))
    finally:
        zero(wrap)


def log_key_for(engine: Engine, data_key: bytearray) -> bytearray:
    """The access log's key of a register (or a back-up's copy) that `engine` opened with
    `data_key`: the stored one after a rekey, else the one derived from the data key. For
    code that writes a log entry without a Register (a restore from a passphrase); the
    caller zeroes it."""
    with Session(engine) as session:
        log_key, backup_key = read_stable_keys(session, data_key)
    zero(backup_key)
    return log_key if log_key is not None else access_log.log_key(data_key)


# --- the new database -----------------------------------------------------------------------


def prepare(
    path: Path, work: Path, old_key: bytearray, new_key: bytearray, register_id: str
) -> Engine:
    """A copy of the database at `path` in the private folder `work`, re-encrypted with
    `new_key`, opened with it and checked; the caller writes the change in it and disposes
    of the engine. The caller holds the register's lock and no transaction is open, so the
    file is complete as it is (journal mode DELETE)."""
    copy = work / COPY_FILE
    with open(path, "rb") as src, create_private(copy) as out:
        shutil.copyfileobj(src, out, 1 << 20)
    engine = open_engine(copy, old_key)
    try:
        rekey_engine(engine, new_key)
    finally:
        engine.dispose()
    # The confirmation: what the new key opens is sound and is this register, and the old
    # key opens no page of it.
    engine = open_engine(copy, new_key)
    try:
        if integrity_problems(engine):
            raise RegisterCorrupt(path.name)
        with Session(engine) as session:
            stored = session.get(Meta, "register_id")
            if stored is None or stored.value != register_id:
                raise RegisterMismatch()
        if not key_fits_no_page(copy, old_key):
            raise RegisterCorrupt(path.name)
    except BaseException:
        engine.dispose()
        raise
    return engine


def slot_file_hash(path: Path) -> str:
    """SHA-256 of the register's slot file as it is on disk now (bounded read)."""
    with open(slots_path_for(path), "rb") as file:
        return hashlib.sha256(file.read(MAX_FILE_BYTES + 1)).hexdigest()


def commit(path: Path, register_id: str, copy: Path, slots: bytes) -> None:
    """Put the prepared copy and the new slot file at `path` (a kill at any moment leaves
    the old pair or the new one there) and delete the old pair."""

    def write_db(out: BinaryIO) -> None:
        with open(copy, "rb") as src:
            shutil.copyfileobj(src, out, 1 << 20)

    aside = swap_in(path, register_id, write_db, lambda out: out.write(slots))
    _reached("swapped")
    if aside is not None:
        _delete_pair(aside)
    _reached("cleaned")


def _delete_pair(aside: Path) -> None:
    for leftover in (aside, slots_path_for(aside)):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    fsync_dir(aside.parent)


def sweep_replaced(path: Path, session: Session) -> int:
    """After a kill between a rekey's commit and its deletion of the old pair: delete the
    aside pair whose slot file is the one the rekey replaced (by hash, recorded in the new
    database, so nothing else is ever taken), and forget the record. How many pairs."""
    row = session.get(Meta, REPLACED_META)
    if row is None:
        return 0
    wanted = row.value
    prefix = path.name + ASIDE_INFIX
    removed = 0
    with contextlib.suppress(OSError):
        for entry in path.parent.iterdir():
            name = entry.name
            if not (name.startswith(prefix) and name.endswith(".sleutels")):
                continue
            db = entry.with_name(name[: -len(".sleutels")])
            if not _STAMPED.fullmatch(db.name[len(prefix) :]) or entry.is_symlink():
                continue
            with contextlib.suppress(OSError):
                with open(entry, "rb") as file:
                    found = hashlib.sha256(file.read(MAX_FILE_BYTES + 1)).hexdigest()
                if found == wanted:
                    _delete_pair(db)
                    removed += 1
    session.delete(row)
    return removed


def record_replaced(session: Session, slot_hash: str) -> None:
    session.merge(Meta(key=REPLACED_META, value=slot_hash))


def committed(path: Path, slots: bytes) -> bool:
    """Whether a rekey that raised got past its commit: the new slot file is in place, or
    a committed swap waits for the next opener to finish it."""
    if pending_path(path).is_dir():
        return True
    with contextlib.suppress(OSError):
        with open(slots_path_for(path), "rb") as file:
            return file.read(len(slots) + 1) == slots
    return False
