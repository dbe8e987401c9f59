"""Opening one SQLCipher file through SQLAlchemy with a raw 256-bit key.

SQLite-specific statements (PRAGMAs) live here behind small named functions, so the rest
of the store speaks plain SQLAlchemy.

The key reaches SQLCipher through sqlite3_key (`Connection.set_key`), as `x'<hex>'` built
in a bytearray that is zeroed at once: never as a `PRAGMA key` string, which Python cannot
overwrite and which stayed in memory (the statement cache, freed string memory) after lock.
SQLCipher keeps its own copy while the connection is open and wipes it when it closes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import (
    Connection,
    Date,
    Engine,
    Integer,
    Table,
    create_engine,
    event,
    insert,
    text,
)
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import StaticPool
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from bemoeizorg.store.errors import RegisterCorrupt, UnsafeRegister, from_database_error
from bemoeizorg.store.secret_memory import harden_process, raw_key_spec, zero

DatabaseError = sqlcipher.DatabaseError


def _set_key(conn: Any, key: bytearray) -> None:
    """Key the connection (before any other statement) without a str copy of the key."""
    spec = raw_key_spec(key)
    try:
        conn.set_key(spec)
    finally:
        zero(spec)


def _connect(path: Path, key: bytearray) -> Any:
    # check_same_thread is off because one worker thread (which Qt may recycle) does all
    # register access, one job at a time; Register serialises access with a lock too.
    conn = sqlcipher.connect(str(path), check_same_thread=False, isolation_level=None)
    try:
        # The key must come first on the connection.
        _set_key(conn, key)
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA busy_timeout = 2000")
    except BaseException:
        conn.close()
        raise
    return conn


def open_engine(path: Path, key: bytearray) -> Engine:
    """An engine on one connection; raises a RegisterError when the file is unusable.

    The engine holds `key` itself (the register's bytearray, zeroed when it locks), so a
    reconnect after lock fails instead of finding a copy."""
    harden_process()
    engine = create_engine(
        "sqlite://",
        module=sqlcipher,
        creator=lambda: _connect(path, key),
        poolclass=StaticPool,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # pysqlite's own BEGIN handling is off (isolation_level=None); emit our own so
        # every write is one short transaction that takes the write lock at once.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    try:
        _check_safe(engine)
    except BaseException as exc:
        engine.dispose()
        if isinstance(exc, UnsafeRegister):
            raise
        raise from_database_error(exc, path.name) from None
    return engine


def _check_safe(engine: Engine) -> None:
    with engine.connect() as conn:
        version = conn.exec_driver_sql("PRAGMA cipher_version").scalar()
        if not version:
            raise UnsafeRegister("de versleuteling (SQLCipher) ontbreekt")
        # Reading the schema proves the key and the first page are right.
        conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        if str(conn.exec_driver_sql("PRAGMA cipher_use_hmac").scalar()) != "1":
            raise UnsafeRegister("de controle op beschadiging (HMAC) staat uit")
        # 0 = compile-time default, which the bundled build sets to memory (TEMP_STORE=2).
        if conn.exec_driver_sql("PRAGMA temp_store").scalar() not in (0, 2):
            raise UnsafeRegister("tijdelijke bestanden zouden onversleuteld op schijf komen")
        conn.rollback()


def key_fits_no_page(path: Path, key: bytearray) -> bool:
    """True when the key fails the HMAC of every page of the file.

    Then the key (so the slot file) belongs to another register, or the salt at the start
    of the file is damaged; one damaged page elsewhere leaves the other pages readable.
    """
    harden_process()
    try:
        # Only the key: the other settings of _connect already read the first page.
        conn = sqlcipher.connect(str(path), isolation_level=None)
    except (sqlcipher.Error, OSError, MemoryError):
        return False
    try:
        _set_key(conn, key)
        conn.execute("PRAGMA cipher_log_level = NONE")
        page_size = int(conn.execute("PRAGMA cipher_page_size").fetchone()[0])
        pages = path.stat().st_size // page_size
        failed = sum(
            1 for row in conn.execute("PRAGMA cipher_integrity_check") if "HMAC" in str(row[0])
        )
        return pages > 0 and failed >= pages
    except (sqlcipher.Error, OSError, MemoryError, ValueError, TypeError):
        return False
    finally:
        conn.close()


def integrity_problems(engine: Engine) -> list[str]:
    """Problems found by SQLCipher's page HMACs and SQLite's own check; empty when sound."""
    problems: list[str] = []
    with engine.connect() as conn:
        for row in conn.exec_driver_sql("PRAGMA cipher_integrity_check"):
            problems.append(str(row[0]))
        for row in conn.exec_driver_sql("PRAGMA integrity_check"):
            if str(row[0]) != "ok":
                problems.append(str(row[0]))
        conn.rollback()
    return problems


def copy_problems(engine: Engine) -> list[str]:
    """Problems in a byte copy of the register (a back-up being made): every page's HMAC
    (`page_problems`), then the structure (`structure_problems`). The back-up runs the two
    on two connections at once (backup.py)."""
    return page_problems(engine) + structure_problems(engine)


def page_problems(engine: Engine) -> list[str]:
    """SQLCipher's HMAC of every page of the file, free pages included."""
    return _pragma_rows(engine, "PRAGMA cipher_integrity_check", ok=None)


# The most page cache a back-up's structure check may take (see `structure_problems`).
CHECK_CACHE_BYTES = 256 * 1024 * 1024


def structure_problems(engine: Engine, *, cache_bytes: int = 0) -> list[str]:
    """SQLite's quick_check: every b-tree page read and its structure checked, with the
    free list and the NOT NULL and CHECK constraints.

    quick_check leaves out what integrity_check adds: that every index entry matches its
    row and that UNIQUE holds, which cost three times the rest at 20,000 reports. Those
    can only break through a bug in SQLite or through writes by someone with the key: a
    page changed on the disk, by accident or by anyone else, fails its HMAC
    (`page_problems`). The register's own check (`Register.verify`) still runs the full
    integrity_check.

    quick_check reads the file twice over: every b-tree, then every table again for its
    NOT NULL and CHECK constraints. Each page read is a page decrypted and its HMAC
    checked, so a cache that holds the file (`cache_bytes`, at most CHECK_CACHE_BYTES)
    makes the second pass free: a third of the time at 20,000 reports. It is this
    connection's own and goes with it."""
    if cache_bytes > 0:
        kib = min(cache_bytes, CHECK_CACHE_BYTES) // 1024 + 1
        with engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            raw.execute(f"PRAGMA cache_size = -{kib}")  # an int of ours
    return _pragma_rows(engine, "PRAGMA quick_check", ok="ok")


def unread_pages(engine: Engine) -> bool:
    """Whether the file has pages that quick_check does not read, so whose HMAC only
    `page_problems` checks: free pages (quick_check reads their list, not them) and the
    pointer-map pages of auto_vacuum. Every other page is part of a b-tree that quick_check
    walks, and SQLCipher checks a page's HMAC whenever it is read; a page of none is
    reported ("never used"). Files of 1 GiB and more are checked page by page too (the
    page at 1 GiB is SQLite's lock byte, never read)."""
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        free = int(raw.execute("PRAGMA freelist_count").fetchone()[0])
        vacuum = int(raw.execute("PRAGMA auto_vacuum").fetchone()[0])
        pages = int(raw.execute("PRAGMA page_count").fetchone()[0])
        size = int(raw.execute("PRAGMA page_size").fetchone()[0])
    return free > 0 or vacuum != 0 or pages * size >= 1 << 30


def _pragma_rows(engine: Engine, pragma: str, ok: str | None) -> list[str]:
    """The rows a check PRAGMA reports, but its 'all is well' row. Straight on the DBAPI
    connection (autocommit): no BEGIN IMMEDIATE, so other connections can read the same
    file at the same time."""
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        rows = raw.execute(pragma).fetchall()
    return [str(row[0]) for row in rows if str(row[0]) != ok]


def insert_rows(
    connection: Connection, model: type[DeclarativeBase], rows: Sequence[Mapping[str, object]]
) -> None:
    """Insert many rows in one executemany straight on the DBAPI connection, inside the
    caller's transaction: SQLAlchemy's own executemany spends more on each row's
    parameters than SQLite spends on the insert (a bulk import writes 600,000 rows).

    Every column gets a value: the row's, else the column's own scalar default, else NULL;
    dates go in as SQLAlchemy stores them on SQLite (ISO text). A default that is not a
    plain value (a function) is refused: no column written this way has one."""
    if not rows:
        return
    table = model.__table__
    assert isinstance(table, Table)
    defaults: dict[str, object] = {}
    for column in table.columns:
        default = column.default
        if default is not None and not isinstance(default, ScalarElementColumnDefault):
            raise ValueError(f"{table.name}.{column.name}: a default that is not a value")
        defaults[column.key] = default.arg if default is not None else None
    if connection.dialect.name != "sqlite":
        _insert_rows_server(connection, table, defaults, rows)
        return
    statement = insert(table).compile(dialect=connection.dialect, column_keys=list(defaults))
    order = statement.positiontup
    assert order is not None and sorted(order) == sorted(defaults)
    dates = [i for i, key in enumerate(order) if isinstance(table.c[key].type, Date)]
    pick = itemgetter(*order)
    values: list[Sequence[object]] = []
    for row in rows:
        merged = defaults.copy()
        merged.update(row)
        picked = pick(merged)
        if dates:
            picked = list(picked)
            for i in dates:
                if (day := picked[i]) is not None:
                    assert isinstance(day, date) and not isinstance(day, datetime)
                    picked[i] = day.isoformat()  # as SQLAlchemy's Date stores it on SQLite
        values.append(picked)
    raw = connection.connection.dbapi_connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        cursor.executemany(str(statement), values)
    finally:
        cursor.close()


def _insert_rows_server(
    connection: Connection,
    table: Table,
    defaults: dict[str, object],
    rows: Sequence[Mapping[str, object]],
) -> None:
    """insert_rows on a team register (issue 17): psycopg's executemany as it is. A key the
    rows leave out comes from the table's sequence; keys they give move the sequence past
    them, so the next ORM insert does not take one of them."""
    given = set().union(*(row.keys() for row in rows))
    keys = [c for c in table.primary_key.columns if c.key in given]
    for column in table.primary_key.columns:
        if column.key not in given:
            defaults.pop(column.key, None)
    connection.execute(insert(table), [{**defaults, **row} for row in rows])
    for column in keys:
        if column.autoincrement is True or (
            column.autoincrement == "auto" and isinstance(column.type, Integer)
        ):
            connection.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence(:table, :column), "
                    f"(SELECT max({column.name}) FROM {table.name}))"
                ),
                {"table": table.name, "column": column.name},
            )


def rekey(engine: Engine, new_key: bytearray) -> None:
    """Re-encrypt the whole file with `new_key` (sqlite3_rekey, outside any transaction,
    like VACUUM). The engine's connection goes on with the new key; a new engine is needed
    to open the file again, as this one reconnects with the key it was made with."""
    spec = raw_key_spec(new_key)
    try:
        with engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            raw.reset_key(spec)
    finally:
        zero(spec)


def vacuum(engine: Engine) -> None:
    """Rebuild the file so freed pages go back to the disk. VACUUM cannot run inside a
    transaction, and every SQLAlchemy transaction here starts with BEGIN IMMEDIATE, so it
    goes straight to the DBAPI connection (in autocommit mode: isolation_level=None)."""
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute("VACUUM")


def probe_readable(path: Path, key: bytearray) -> None:
    """Raise RegisterCorrupt when the file cannot be read with this key."""
    engine = open_engine(path, key)
    try:
        if integrity_problems(engine):
            raise RegisterCorrupt(path.name)
    finally:
        engine.dispose()
