"""How long unlocking a register takes, as ratios to opening a plain SQLite file.

    python -m bench.bench_unlock [--quick]

Works on a fresh demo register in a temporary folder (BEMOEIZORG_CONFIG_DIR and
BEMOEIZORG_DATA_DIR point there too), so nothing of the user's is read or written.

The baseline is a plain, unencrypted copy of the same register (made with
`sqlcipher_export`), opened with sqlcipher3 and no key: that is plain SQLite, from the same
library build, in this same process. The stdlib sqlite3 module opens nothing here: two
SQLite copies opening files in one process break each other's locks (see design.md).
"""

from __future__ import annotations

import argparse
import base64
import secrets
import sys
import time
from collections.abc import Callable
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher
from argon2.low_level import Type, hash_secret_raw

from bench.plain import PRAGMAS, export_plain
from bench.scratch import scratch_data_dir
from bench.timing import Result, elapsed_ms, in_rounds, report

ROUNDS = 25
QUICK_ROUNDS = 4

# Budgets, as ratios to plain_open (measured 2026-11-23: 0.97 and 35; see README.md).
# Encryption may not make opening noticeably dearer than plain SQLite:
OPEN_BUDGET = 3.0
# Everything an unlock does besides the deliberate Argon2id (SQLAlchemy, the alembic check,
# the fsynced log entry) stays a small fraction of the KDF:
UNLOCK_WITHOUT_KDF_BUDGET = 80.0


def _open_and_read(path: Path, key_hex: str | None) -> None:
    """Connect, set up, read the schema and one row, close: the least an open must do."""
    conn = sqlcipher.connect(str(path), isolation_level=None)
    try:
        if key_hex is not None:
            conn.execute(f"PRAGMA key = \"x'{key_hex}'\"")
        for pragma in PRAGMAS:
            conn.execute(pragma)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        row = conn.execute("SELECT value FROM meta WHERE key = 'register_id'").fetchone()
        assert row is not None
    finally:
        conn.close()


def run(rounds: int, workdir: Path) -> list[Result]:
    # Imported here, after the environment points at the temporary folders.
    from bemoeizorg.demo import DEMO_PASSPHRASE, DEMO_USER, create_demo
    from bemoeizorg.store.keyslots import KeySlots, slots_path_for
    from bemoeizorg.store.register import Register

    path = workdir / "demoregister.bzregister"
    plain = workdir / "demoregister-plain.sqlite"
    register = create_demo(path)
    device_secret = secrets.token_bytes(32)
    device_slot = register.add_device_slot(device_secret).id
    register.lock()

    slots = KeySlots.load(slots_path_for(path))
    slot, key = slots.unwrap_passphrase(DEMO_USER, DEMO_PASSPHRASE)
    key_hex = key.hex()
    export_plain(path, key_hex, plain)
    kdf = slot.kdf
    salt = base64.b64decode(kdf["salt"])
    secret = DEMO_PASSPHRASE.encode("utf-8")

    def plain_open() -> float:
        start = time.perf_counter()
        _open_and_read(plain, None)
        return elapsed_ms(start)

    def raw_key_open() -> float:
        start = time.perf_counter()
        _open_and_read(path, key_hex)
        return elapsed_ms(start)

    def argon2id() -> float:
        start = time.perf_counter()
        hash_secret_raw(
            secret,
            salt,
            time_cost=int(kdf["time_cost"]),
            memory_cost=int(kdf["memory_cost"]),
            parallelism=int(kdf["parallelism"]),
            hash_len=32,
            type=Type.ID,
        )
        return elapsed_ms(start)

    def opening(open_register: Callable[[], Register]) -> Callable[[], float]:
        """Times the opening only: the lock after it is not what the user waits for."""

        def timed() -> float:
            start = time.perf_counter()
            opened = open_register()
            ms = elapsed_ms(start)
            opened.lock()
            return ms

        return timed

    medians = in_rounds(
        {
            "plain_open": plain_open,
            "raw_key_open": raw_key_open,
            "argon2id": argon2id,
            "unlock": opening(lambda: Register.unlock(path, DEMO_USER, DEMO_PASSPHRASE)),
            "unlock_device": opening(
                lambda: Register.unlock_device(path, device_slot, device_secret)
            ),
        },
        rounds,
    )
    base = medians["plain_open"]
    return [
        # (a) the whole unlock a user waits for: slot file, Argon2id, SQLCipher open through
        # SQLAlchemy, register-id check, migration check, access-log entry.
        Result("unlock (passphrase)", medians["unlock"], "plain_open", base),
        # (b) the deliberate cost: the share of (a) that is Argon2id alone.
        Result("argon2id alone", medians["argon2id"], "unlock", medians["unlock"]),
        Result("argon2id alone", medians["argon2id"], "plain_open", base),
        # (c) SQLCipher's own price: the same open and reads with the raw data key.
        Result("open with raw key", medians["raw_key_open"], "plain_open", base, OPEN_BUDGET),
        # All of (a) but the Argon2id: a remembered device (HKDF, no KDF cost).
        Result(
            "unlock (device, no KDF)",
            medians["unlock_device"],
            "plain_open",
            base,
            UNLOCK_WITHOUT_KDF_BUDGET,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_unlock", description=__doc__)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_ROUNDS} rounds, not {ROUNDS}")
    args = parser.parse_args(argv)
    rounds = QUICK_ROUNDS if args.quick else ROUNDS
    with scratch_data_dir() as data:
        results = run(rounds, data)
    title = f"bench_unlock: median of {rounds} rounds, interleaved; baseline in the same run"
    return report(title, results, judge=not args.quick)


if __name__ == "__main__":
    sys.exit(main())
