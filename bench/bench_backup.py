"""A checked back-up, as a ratio to a plain copy of the same file with fsync.

    python -m bench.bench_backup [--quick] [--reports N] [--rounds R]

Set-up (untimed): a demo register (`bemoeizorg.demo.create_demo`) of N reports (default
20,000 over 14 years, as bench_cases; `--quick` 300) in a temporary folder
(BEMOEIZORG_CONFIG_DIR and BEMOEIZORG_DATA_DIR point there too).

Timed, per round, interleaved:
- `checked back-up`: `store.backup.make_backup`, all of it: the EXPORT log entry, the byte
  copy under the write lock, every page's HMAC and SQLite's quick_check on the copy, the
  access-log chain since the last checked back-up (its control code as the anchor; the
  set-up makes one first, as a team that backs up daily has), the zip with its signed
  info, fsynced, and read back (CRCs) before it counts;
- baseline `plain copy+fsync`: the register file copied to the same folder in 1 MiB
  blocks, fsynced: the least a back-up is.
Then the parts, each once per round on a copy: SQLite's quick_check (with the default
cache, as `bemoeizorg verify` runs it: the back-up gives its check a cache that holds the
file), SQLCipher's HMAC of every page (run in a back-up only when the file has pages
quick_check does not read), the whole chain check, the SHA-256, against the same baseline.
The back-up runs all but the page HMACs at the same time, while it writes the zip.

Budget (issue 16): the checked back-up within 8 times the plain copy.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bench.scratch import scratch_data_dir
from bench.timing import Result, elapsed_ms, in_rounds, report, timed

if TYPE_CHECKING:
    from sqlalchemy import Engine

DEFAULT_REPORTS = 20_000
QUICK_REPORTS = 300
ROUNDS = 7
QUICK_ROUNDS = 2
SEED = 2026
A_YEAR = 1_400  # reports a year of the demo's region
BACKUP_BUDGET = 8.0  # checked back-up / plain copy with fsync


def plain_copy(source: Path, target: Path) -> None:
    with open(source, "rb") as src, open(target, "wb") as out:
        shutil.copyfileobj(src, out, 1024 * 1024)
        out.flush()
        os.fsync(out.fileno())


def run(workdir: Path, n_reports: int, rounds: int) -> tuple[list[Result], str]:
    from sqlalchemy.orm import Session

    from bemoeizorg.demo import create_demo
    from bemoeizorg.store import backup
    from bemoeizorg.store.engine import page_problems, structure_problems

    started = time.perf_counter()
    years = max(2, min(14, round(n_reports / A_YEAR)))
    register = create_demo(workdir / "demo.bzregister", SEED, reports=n_reports, years=years)
    folder = workdir / "back-ups"
    folder.mkdir()
    size_mb = register.path.stat().st_size / 1e6
    built = f"built in {elapsed_ms(started) / 1000:.0f} s: {n_reports} reports, {size_mb:.1f} MB"
    spare = workdir / "spare"
    spare.mkdir()
    checked_copy = spare / "kopie"
    plain_copy(register.path, checked_copy)
    backup.make_backup(register, folder).path.unlink()  # the last checked back-up

    def copying() -> float:
        target = spare / "plain"
        start = time.perf_counter()
        plain_copy(register.path, target)
        ms = elapsed_ms(start)
        target.unlink()
        return ms

    def backing_up() -> float:
        start = time.perf_counter()
        made = backup.make_backup(register, folder)
        ms = elapsed_ms(start)
        made.path.unlink()
        return ms

    def check(problems: Callable[[Engine], list[str]]) -> Callable[[], None]:
        def checking() -> None:
            engine = register.open_copy(checked_copy)
            try:
                assert not problems(engine)
            finally:
                engine.dispose()

        return checking

    def chain() -> None:
        engine = register.open_copy(checked_copy)
        try:
            with Session(engine) as session:
                assert register.access_log.verify(session).ok
        finally:
            engine.dispose()

    try:
        medians = in_rounds(
            {
                "copy": copying,
                "backup": backing_up,
                "quick_check": timed(check(structure_problems)),
                "pages": timed(check(page_problems)),
                "chain": timed(chain),
                "sha256": timed(lambda: backup._sha256_file(checked_copy)),
            },
            rounds,
        )
    finally:
        register.lock()
    base = medians["copy"]
    return [
        Result("checked back-up", medians["backup"], "plain copy+fsync", base, BACKUP_BUDGET),
        Result("  quick_check", medians["quick_check"], "plain copy+fsync", base),
        Result("  page HMACs", medians["pages"], "plain copy+fsync", base),
        Result("  chain", medians["chain"], "plain copy+fsync", base),
        Result("  sha256", medians["sha256"], "plain copy+fsync", base),
    ], built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_backup", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="300 reports, 2 rounds, not judged")
    parser.add_argument("--reports", type=int, help=f"reports (default {DEFAULT_REPORTS})")
    parser.add_argument("--rounds", type=int, help=f"rounds (default {ROUNDS})")
    args = parser.parse_args(argv)
    n_reports = args.reports or (QUICK_REPORTS if args.quick else DEFAULT_REPORTS)
    rounds = args.rounds or (QUICK_ROUNDS if args.quick else ROUNDS)
    with scratch_data_dir() as data:
        results, built = run(data, n_reports, rounds)
    print(built)
    title = f"bench_backup: median of {rounds} rounds, interleaved; baseline in the same run"
    return report(title, results, judge=not args.quick)


if __name__ == "__main__":
    sys.exit(main())
