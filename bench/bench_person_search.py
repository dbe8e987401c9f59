"""Typo-tolerant person search at 20,000 persons (issue 14, finding 3).

    python -m bench.bench_person_search [--reports N] [--keep PATH]

Set-up (untimed): a demo register (`bemoeizorg.demo.create_demo`) with enough reports for
about 20,000 persons (24,000 reports by default), in a scratch folder; `--keep PATH` builds
it there once and reuses it the next time. Measured, as medians over rounds:

- `alike_person_ids`: the in-memory pass over every person's name words (rapidfuzz and the
  Dutch sound key), with a typo in the first letter of a family name in the register;
- `find_matches` at intake with that typo (narrowed pass finds nothing, so both passes run);
- `find_matches` with the name as stored (the narrowed pass only);
- the Casussen search (`list_cases`) with the typo (exact search finds nothing, then the
  typo pass) and with the exact name.

Absolute times on this machine are quoted in the report of issue 14; there is no budget
line yet (bench/README.md keeps those).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bench.scratch import scratch_data_dir

DEFAULT_REPORTS = 24_000
ROUNDS = 15


def _median_ms(fn: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run(path: Path, reports: int, rounds: int) -> None:
    from sqlalchemy import func, select

    from bemoeizorg.casework.case_list import CaseFilter, CaseStatus, list_cases
    from bemoeizorg.casework.persons import alike_person_ids, find_matches
    from bemoeizorg.demo import DEMO_PASSPHRASE, create_demo
    from bemoeizorg.store.register import Register
    from bemoeizorg.store.schema import Person

    if path.exists():
        register = Register.unlock_any_user(path, DEMO_PASSPHRASE)
    else:
        print(f"building a demo register with {reports} reports…", flush=True)
        register = create_demo(path, reports=reports)
    try:
        with register.session() as s:
            count = s.scalar(select(func.count()).select_from(Person)) or 0
            family = s.scalars(select(Person.family_name).where(Person.prefix == "")).first()
        assert family, "the demo register has no family names"
        typo = ("q" if family[0].lower() != "q" else "k") + family[1:]
        print(f"{count} persons; typed '{typo}' for a stored family name", flush=True)

        def alike() -> object:
            with register.session() as s:
                return alike_person_ids(s, [typo])

        lines = [
            ("alike_person_ids (typo pass alone)", alike),
            ("find_matches with a first-letter typo", lambda: find_matches(register, typo)),
            ("find_matches with the stored name", lambda: find_matches(register, family)),
            (
                "Casussen search with a first-letter typo",
                lambda: list_cases(register, CaseFilter(text=typo, status=CaseStatus.ALL), 50),
            ),
            (
                "Casussen search with the stored name",
                lambda: list_cases(register, CaseFilter(text=family, status=CaseStatus.ALL), 50),
            ),
        ]
        found = find_matches(register, typo)
        print(f"find_matches found {len(found)} for the typo", flush=True)
        for name, fn in lines:
            print(f"{name:45s} {_median_ms(fn, rounds):8.1f} ms (median of {rounds})", flush=True)
    finally:
        register.lock()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=DEFAULT_REPORTS)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    if args.keep is not None:
        run(args.keep.expanduser(), args.reports, args.rounds)
        return
    with scratch_data_dir() as data:
        run(data / "bench.bemoeizorg", args.reports, args.rounds)


if __name__ == "__main__":
    main()
