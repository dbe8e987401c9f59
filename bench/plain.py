"""The benchmarks' baseline: a plain, unencrypted copy of a register.

The copy is made with SQLCipher's `sqlcipher_export` and opened with sqlcipher3 and no
key: plain SQLite from the same library build, never the stdlib sqlite3 (two SQLite copies
in one process break each other's locks, see design.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

# The same connection set-up as bemoeizorg/store/engine.py, less the key.
PRAGMAS = (
    "PRAGMA temp_store = MEMORY",
    "PRAGMA foreign_keys = ON",
    "PRAGMA journal_mode = DELETE",
    "PRAGMA synchronous = FULL",
    "PRAGMA busy_timeout = 2000",
)


def export_plain(encrypted: Path, key_hex: str, plain: Path) -> None:
    conn = sqlcipher.connect(str(encrypted), isolation_level=None)
    try:
        conn.execute(f"PRAGMA key = \"x'{key_hex}'\"")
        conn.execute("ATTACH DATABASE ? AS plaintext KEY ''", (str(plain),))
        conn.execute("SELECT sqlcipher_export('plaintext')")
        conn.execute("DETACH DATABASE plaintext")
    finally:
        conn.close()


def _plain_connect(path: Path) -> Any:
    conn = sqlcipher.connect(str(path), check_same_thread=False, isolation_level=None)
    for pragma in PRAGMAS:
        conn.execute(pragma)
    return conn


def open_both(encrypted: Path, plain: Path, user: str, passphrase: str) -> tuple[Any, Any]:
    """The register at `encrypted` unlocked, and a plain copy of it made at `plain` and
    opened as a `Register` too, so both run the very same store code."""
    from bemoeizorg.store.keyslots import KeySlots, slots_path_for
    from bemoeizorg.store.register import Register

    _slot, key = KeySlots.load(slots_path_for(encrypted)).unwrap_passphrase(user, passphrase)
    export_plain(encrypted, key.hex(), plain)
    return Register.unlock(encrypted, user, passphrase), _open_plain(plain, encrypted, key, user)


def _open_plain(path: Path, encrypted: Path, data_key: bytearray, user: str) -> Any:
    """A `Register` on the plain copy: the store's own code, on an engine with no key, with
    the encrypted register's data key for the access-log MACs."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import StaticPool

    from bemoeizorg.store.keyslots import KeySlots, slots_path_for
    from bemoeizorg.store.process_lock import ProcessLock
    from bemoeizorg.store.register import Register

    engine = create_engine(
        "sqlite://", module=sqlcipher, creator=lambda: _plain_connect(path), poolclass=StaticPool
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:  # as store/engine.py: every transaction BEGIN IMMEDIATE
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    lock = ProcessLock(path)
    lock.acquire()
    slots = KeySlots.load(slots_path_for(encrypted))
    return Register(path, slots, bytearray(data_key), user, engine, lock)
