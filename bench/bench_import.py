"""Importing a filled workbook (`bemoeizorg import`), as a ratio to reading it with openpyxl.

    python -m bench.bench_import [--quick] [--rows N ...] [--rounds R]

Set-up (untimed), in a temporary folder (BEMOEIZORG_CONFIG_DIR and BEMOEIZORG_DATA_DIR point
there too): a register with the demo's team and region but no reports, and a copy of its
files to start every round from; then a workbook of N rows in the import template
(`sheets.template`), one row per report of the demo's own history of N reports (the same
persons, some reported again, cases with owners, phases and closings, reports answered
with advice or a referral): what a team that kept its cases in Excel brings in.

Timed, per round, interleaved:
- `import N rows`: what `bemoeizorg import` does after the passphrase: `read_workbook`
  (limits, openpyxl read-only, every row checked, the plan), `check_against_register`,
  `import_preview` (checked again in its transaction, then written: one transaction, one
  access-log entry per report and per case, one fsynced commit); the register unlocked
  beforehand (Argon2id is the unlock's, not the import's) and restored between rounds;
- baseline `openpyxl read`: `load_workbook(read_only=True)` and every row's values, the
  least any import of this workbook has to do.
The lines after it split the import: reading and checking the workbook, the comparison with
the register, and the write.

Budgets (issue 16): 100,000 rows under 60 s and 10,000 under 10 s, absolute; the ratio is
the figure that says how much the program adds to reading the file.
"""

from __future__ import annotations

import argparse
import gc
import random
import shutil
import statistics
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from bench.scratch import scratch_data_dir
from bench.timing import Result, elapsed_ms, report

DEFAULT_ROWS = (10_000, 100_000)
QUICK_ROWS = (300,)
ROUNDS = 3
QUICK_ROUNDS = 1
SEED = 2026
TODAY = date(2026, 12, 1)
A_YEAR = 7_000  # reports a year of a large team: 100,000 in about 14 years
# Absolute budgets in milliseconds (issue 16), by workbook size.
BUDGET_MS = {10_000: 10_000.0, 100_000: 60_000.0}


def _absolute(name: str, ms: float, budget_ms: float) -> str:
    verdict = "ok" if ms <= budget_ms else "OVER"
    return f"{name:<24} {ms:9.2f} ms   absolute budget {budget_ms / 1000:.0f} s {verdict}"


def make_register(path: Path) -> None:
    """A register with the demo's region and team and no reports, left locked."""
    from faker import Faker

    from bemoeizorg.demo import DEMO_NAME, DEMO_PASSPHRASE, DEMO_USER
    from bemoeizorg.demo.team import add_team, cover_region
    from bemoeizorg.domain.people import Role
    from bemoeizorg.store.register import Register

    fake = Faker("nl_NL")
    fake.seed_instance(SEED)
    register, _code = Register.create(path, DEMO_NAME, DEMO_USER, Role.TEAMLEIDER, DEMO_PASSPHRASE)
    try:
        cover_region(register, random.Random(SEED), fake)
        add_team(register, fake, DEMO_USER)
    finally:
        register.lock()


def workbook_rows(n_rows: int, team_path: Path) -> list[dict[str, object]]:
    """The demo's history of `n_rows` reports as template rows (column key -> value)."""
    from faker import Faker

    from bemoeizorg.casework.reference_data import covered_municipalities, team_members
    from bemoeizorg.demo import DEMO_PASSPHRASE, DEMO_USER
    from bemoeizorg.demo.history import History
    from bemoeizorg.domain.municipalities import BY_CODE
    from bemoeizorg.domain.vocabulary import TriageDecision
    from bemoeizorg.store.register import Register

    register = Register.unlock(team_path, DEMO_USER, DEMO_PASSPHRASE)
    try:
        team = team_members(register)
        covered = covered_municipalities(register)
    finally:
        register.lock()
    fake = Faker("nl_NL")
    fake.seed_instance(SEED + 1)
    history = History(random.Random(SEED + 1), fake, TODAY, team, covered)
    history.build(n_rows, max(2, min(14, round(n_rows / A_YEAR))))
    case_of: dict[int, int] = {r: c for c, case in enumerate(history.cases) for r in case.reports}
    rows: list[dict[str, object]] = []
    for index, planned in enumerate(history.reports):
        person = history.persons[planned.person].input
        report = planned.report
        row: dict[str, object] = {
            "received_on": report.received_on,
            "municipality": BY_CODE[report.municipality_code].name,
            "family_name": person.family_name,
            "prefix": person.prefix,
            "given_names": person.given_names,
            "alias": person.alias,
            "birth_date": person.birth_date,
            "age": (
                report.received_on.year - person.birth_year_estimate
                if person.birth_year_estimate and not person.birth_date
                else None
            ),
            "address": person.address,
            "postcode": person.postcode,
            "city": person.city,
            "bsn": person.bsn,
            "reporter_kind": report.reporter.kind.label,
            "reporter_organisation": report.reporter.organisation,
            "reporter_name": report.reporter.name,
            "reporter_contact": report.reporter.contact,
            "concerns": "; ".join(c.label for c in report.concerns),
            "description": report.description,
            "urgency": report.urgency.label,
        }
        if index in case_of:
            case = history.cases[case_of[index]]
            last = index == max(case.reports)
            row.update(
                taken_on="ja",
                owner=case.owner.name if case.owner else "",
                specialism=case.specialism.label,
                phase=case.phase.label,
                closed_on=case.closed_on if last else None,
                outcome=case.outcome.label if last and case.outcome else "",
            )
        elif planned.decision is not TriageDecision.OPEN:
            row.update(taken_on="nee", decision=planned.decision.value, referred_to=planned.note)
        rows.append(row)
    return rows


def write_workbook(path: Path, rows: Sequence[dict[str, object]]) -> None:
    """The template's header, then the rows (openpyxl's write-only mode: fast for 100,000)."""
    from openpyxl import Workbook

    from bemoeizorg.sheets.template import COLUMNS, SHEET_ROWS

    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_ROWS)
    sheet.append([c.header for c in COLUMNS])
    for row in rows:
        sheet.append([row.get(c.key) or None for c in COLUMNS])
    book.save(path)


def openpyxl_read(path: Path) -> int:
    """Every row's values, read-only, as wide as the template: the baseline."""
    from openpyxl import load_workbook

    from bemoeizorg.sheets.template import COLUMNS

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(max_col=len(COLUMNS), values_only=True)
        return sum(1 for _ in rows)
    finally:
        book.close()


def run_size(workdir: Path, n_rows: int, rounds: int) -> tuple[list[Result], list[str], str]:
    from bemoeizorg.demo import DEMO_PASSPHRASE, DEMO_USER
    from bemoeizorg.sheets.reading import check_against_register, import_preview, read_workbook
    from bemoeizorg.store.keyslots import slots_path_for
    from bemoeizorg.store.register import Register

    folder = workdir / f"rows{n_rows}"
    folder.mkdir()
    path = folder / "import.bzregister"
    make_register(path)
    clean = folder / "clean"
    clean.mkdir()
    for file in (path, slots_path_for(path)):
        shutil.copy2(file, clean / file.name)
    started = time.perf_counter()
    rows = workbook_rows(n_rows, path)
    workbook = folder / "meldingen.xlsx"
    write_workbook(workbook, rows)
    size_mb = workbook.stat().st_size / 1e6
    seconds = elapsed_ms(started) / 1000
    made = f"workbook: {len(rows)} rows, {size_mb:.1f} MB, made in {seconds:.0f} s"

    splits: list[tuple[float, float, float]] = []
    imports: list[float] = []
    reads: list[float] = []
    outcome = ""
    for round_ in range(rounds + 1):  # the first is a warm-up
        for file in (path, slots_path_for(path)):
            shutil.copy2(clean / file.name, file)
        register = Register.unlock(path, DEMO_USER, DEMO_PASSPHRASE)
        try:
            gc.collect()
            start = time.perf_counter()
            preview = read_workbook(workbook, today=TODAY)
            read_ms = elapsed_ms(start)
            checked = check_against_register(register, preview)
            check_ms = elapsed_ms(start) - read_ms
            if checked.errors:
                raise RuntimeError(f"the workbook is refused: {checked.errors[:3]}")
            result = import_preview(register, checked)
            total = elapsed_ms(start)
        finally:
            register.lock()
        outcome = (
            f"imported {result.reports} reports: {result.persons} new persons, "
            f"{result.cases} new cases"
        )
        del preview, checked
        gc.collect()
        start = time.perf_counter()
        count = openpyxl_read(workbook)
        baseline = elapsed_ms(start)
        assert count == len(rows) + 1
        if round_ > 0:
            imports.append(total)
            reads.append(baseline)
            splits.append((read_ms, check_ms, total - read_ms - check_ms))
    median = statistics.median
    imported, read = median(imports), median(reads)

    def part(i: int) -> float:
        return median(s[i] for s in splits)

    results = [
        Result(f"import {n_rows} rows", imported, "openpyxl read", read),
        Result("  read + check rows", part(0), "openpyxl read", read),
        Result("  against register", part(1), "openpyxl read", read),
        Result("  write (1 commit)", part(2), "openpyxl read", read),
    ]
    lines = [made, outcome]
    budget = BUDGET_MS.get(n_rows)
    absolute = _absolute(f"import {n_rows} rows", imported, budget) if budget else ""
    return results, lines, absolute


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_import", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="300 rows, one round, not judged")
    parser.add_argument(
        "--rows", type=int, nargs="+", help="workbook sizes (default 10,000 and 100,000)"
    )
    parser.add_argument("--rounds", type=int, help=f"rounds per size (default {ROUNDS})")
    args = parser.parse_args(argv)
    sizes: Sequence[int] = args.rows or (QUICK_ROWS if args.quick else DEFAULT_ROWS)
    rounds = args.rounds or (QUICK_ROUNDS if args.quick else ROUNDS)
    results: list[Result] = []
    absolutes: list[str] = []
    with scratch_data_dir() as data:
        for n_rows in sizes:
            found, lines, absolute = run_size(data, n_rows, rounds)
            for line in lines:
                print(line, flush=True)
            results += found
            if absolute:
                absolutes.append(absolute)
    title = f"bench_import: median of {rounds} rounds, interleaved; baseline in the same run"
    status = report(title, results, judge=False)
    for line in absolutes:
        print(line)
    over = any(line.endswith("OVER") for line in absolutes)
    return 1 if over and not args.quick else status


if __name__ == "__main__":
    sys.exit(main())
