"""The daily interactions at 20,000 reports, as ratios to plain SQLite and to a spreadsheet.

    python -m bench.bench_cases [--quick] [--reports N]

Set-up (untimed): a new demo register (`bemoeizorg.demo.create_demo`) in a temporary folder
(BEMOEIZORG_CONFIG_DIR and BEMOEIZORG_DATA_DIR point there too) with N reports (default
20,000: about 14 years of Noord- and Midden-Limburg), written as the demo always is:
reports and cases through casework's `write_plan` (the intake's own `add_report` and
`open_new_case`), their contacts, ZRM scores and actions in bulk. Then a plain copy of it
(bench/plain.py) and a spreadsheet of the same reports (one row per report, as a team that
keeps its cases in Excel has them), written with openpyxl.

Measured through the store, as the screens call it, each a median over interleaved rounds:

- the case list (`casework/case_list.list_cases`): the first screen, 50 rows, of the open
  cases as the Casussen screen opens (newest case number first), with its log entry;
- a search (`list_cases` with a text) by four letters from inside a family name, over
  open and closed cases;
- opening one case (`read_case`: header, timeline, actions, ZRM, concerns, its log entry);
- saving a contact (`log_contact`: one fsynced transaction with its log entry).

The plain copy runs the very same code: it is opened as a `Register` on an engine without a
key (sqlcipher3, so the same SQLite build; never the stdlib sqlite3, see design.md), with
the same data key for the access-log MACs, so its reads and writes, log entries included,
are those of the encrypted register less the encryption. The spreadsheet baselines are
what someone with the workbook waits for: openpyxl loads it (read-only, the fastest way)
and the rows are filtered, sorted and the first 50 taken in Python.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from bench.plain import open_both
from bench.scratch import scratch_data_dir
from bench.timing import Result, elapsed_ms, in_rounds, report

DEFAULT_REPORTS = 20_000
QUICK_REPORTS = 2_000
ROUNDS = 25
QUICK_ROUNDS = 4
# The spreadsheet takes seconds per load at 20,000 rows: fewer rounds of that comparison.
SHEET_ROUNDS = 5
QUICK_SHEET_ROUNDS = 2
PAGE = 50  # rows on the first screen of the case list
SEED = 2026

# Budgets (full mode only; see README.md). Encryption may cost at most half again:
PLAIN_BUDGET = 1.5
# The case list at least ten times faster than opening the spreadsheet:
SHEET_BUDGET = 0.1
# And every interaction under 50 ms, absolute, at 20,000 reports:
ABSOLUTE_BUDGET_MS = 50.0

SHEET_HEADERS = (
    "Datum melding", "Gemeente", "Achternaam", "Tussenvoegsel", "Voornamen", "Alias",
    "Geboortedatum", "Geboortejaar (geschat)", "BSN", "Adres", "Postcode", "Woonplaats",
    "Soort melder", "Zorgen", "Urgentie", "Beschrijving", "Triage", "Casusnummer",
    "Dossierhouder", "Specialisme", "Fase", "Fase sinds", "Laatste contact", "Geopend",
    "Afgesloten", "Uitkomst",
)  # fmt: skip
_COL = {name: i for i, name in enumerate(SHEET_HEADERS)}


@dataclass(frozen=True, slots=True)
class Built:
    reports: int
    persons: int
    cases: int
    open_cases: int
    events: int
    log_entries: int
    case_ids: list[int]  # open cases with a long timeline (about the 90th percentile)
    timeline: int  # their median number of timeline lines
    fragment: str  # a piece of a family name to search for


@dataclass(frozen=True, slots=True)
class Speedup(Result):
    """A result far below its baseline: the ratio with more digits, and how many times faster."""

    ratio_digits: ClassVar[int] = 4

    def line(self) -> str:
        # Result.line by name: zero-argument super() fails in a slots dataclass.
        return Result.line(self) + f"   ({1 / self.ratio:.0f}x faster)"


# --- the data ----------------------------------------------------------------------------


def build(path: Path, n_reports: int, seed: int = SEED, years: int | None = None) -> Built:
    """The demo register at `path` with `n_reports` over the years they take (or over
    `years`: a larger team, more reports a year); left locked."""
    from sqlalchemy import func, select

    from bemoeizorg.demo import DEFAULT_REPORTS as A_YEAR  # about a year of the region
    from bemoeizorg.demo import create_demo
    from bemoeizorg.store.schema import AccessLogEntry, Case, CaseEvent, Person

    years = years or max(2, round(n_reports / A_YEAR))
    register = create_demo(path, seed, reports=n_reports, years=years)
    try:
        with register.session() as session:
            counts = {
                name: session.scalar(select(func.count()).select_from(model)) or 0
                for name, model in (
                    ("persons", Person),
                    ("cases", Case),
                    ("events", CaseEvent),
                    ("log", AccessLogEntry),
                )
            }
            # Each open case's timeline lines: one per event.
            timelines = session.execute(
                select(CaseEvent.case_id, func.count())
                .join(Case, Case.id == CaseEvent.case_id)
                .where(Case.closed_on.is_(None))
                .group_by(CaseEvent.case_id)
            ).all()
            # Someone with a case, so that the search finds at least one row.
            family = session.scalars(
                select(Person.family_name)
                .join(Case, Case.person_id == Person.id)
                .where(func.length(Person.family_name) >= 7)
                .order_by(Person.id)
            ).all()
    finally:
        register.lock()
    long_open = sorted((n, c) for c, n in timelines)
    if not long_open:
        raise RuntimeError("no open cases: use more reports")
    at = min(len(long_open) - 1, int(len(long_open) * 0.9))
    chosen = long_open[max(0, at - 4) : at + 4]
    name = random.Random(seed).choice(family).lower()
    return Built(
        reports=n_reports,
        persons=counts["persons"],
        cases=counts["cases"],
        open_cases=len(long_open),
        events=counts["events"],
        log_entries=counts["log"],
        case_ids=[c for _, c in chosen],
        timeline=round(statistics.median(n for n, _ in chosen)),
        fragment=name[2:6],
    )


# --- the spreadsheet ---------------------------------------------------------------------


def write_sheet(register: Any, path: Path) -> int:
    """One row per report, with its person and case, as a team's own workbook has them."""
    from openpyxl import Workbook
    from sqlalchemy import select

    from bemoeizorg.domain.municipalities import BY_CODE
    from bemoeizorg.store.schema import Case, Person, Report, ReportConcern, TeamMember

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Meldingen")
    ws.append(list(SHEET_HEADERS))
    rows = 0
    with register.session() as session:
        concerns: dict[int, list[str]] = {}
        for report_id, concern in session.execute(
            select(ReportConcern.report_id, ReportConcern.concern)
        ):
            concerns.setdefault(report_id, []).append(concern)
        stmt = (
            select(Report, Person, Case, TeamMember.name)
            .join(Person, Person.id == Report.person_id)
            .outerjoin(Case, Case.id == Report.case_id)
            .outerjoin(TeamMember, TeamMember.id == Case.owner_id)
            .order_by(Report.received_on, Report.id)
        )
        for r, p, c, owner in session.execute(stmt):
            ws.append(
                [
                    r.received_on,
                    BY_CODE[r.municipality_code].name,
                    p.family_name,
                    p.prefix,
                    p.given_names,
                    p.alias,
                    p.birth_date,
                    p.birth_year_estimate,
                    p.bsn,
                    p.address,
                    p.postcode,
                    p.city,
                    r.reporter_kind,
                    ", ".join(concerns.get(r.id, [])),
                    r.urgency,
                    r.description,
                    r.triage,
                    c.number if c else None,
                    owner,
                    c.specialism if c else None,
                    c.phase if c else None,
                    c.phase_since if c else None,
                    c.last_contact_on if c else None,
                    c.opened_on if c else None,
                    c.closed_on if c else None,
                    c.outcome if c else None,
                ]
            )
            rows += 1
    wb.save(path)
    return rows


def _sheet_rows(path: Path) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        return list(wb.active.iter_rows(min_row=2, max_col=len(SHEET_HEADERS), values_only=True))
    finally:
        wb.close()


def _sheet_sorted(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """As the case list sorts by default: case number, newest first; the first screen."""
    number = _COL["Casusnummer"]
    return sorted(rows, key=lambda r: r[number], reverse=True)[:PAGE]


def sheet_case_list(path: Path) -> list[tuple[Any, ...]]:
    """Load, keep the rows of open cases, sort, first screen."""
    rows = _sheet_rows(path)
    number, closed = _COL["Casusnummer"], _COL["Afgesloten"]
    return _sheet_sorted([r for r in rows if r[number] and r[closed] is None])


def sheet_search(path: Path, fragment: str) -> list[tuple[Any, ...]]:
    """Load, keep the case rows whose name, alias or case number holds the fragment."""
    from bemoeizorg.domain.intake import fold

    rows = _sheet_rows(path)
    needle = fold(fragment)
    name_cols = [_COL[c] for c in ("Voornamen", "Tussenvoegsel", "Achternaam", "Alias")]
    number = _COL["Casusnummer"]
    hits = [
        r
        for r in rows
        if r[number]
        and (needle in fold(" ".join(r[i] or "" for i in name_cols)) or needle in r[number])
    ]
    return _sheet_sorted(hits)


# --- measuring -----------------------------------------------------------------------------


def run(n_reports: int, rounds: int, sheet_rounds: int, workdir: Path) -> list[Result]:
    from bemoeizorg.casework.case_list import CaseFilter, CaseStatus, list_cases
    from bemoeizorg.casework.cases import log_contact, read_case
    from bemoeizorg.demo import DEMO_PASSPHRASE, DEMO_USER
    from bemoeizorg.domain.vocabulary import ContactKind

    path = workdir / "bench.bzregister"
    plain_path = workdir / "bench-plain.sqlite"
    sheet_path = workdir / "bench.xlsx"

    start = time.perf_counter()
    built = build(path, n_reports)
    build_s = elapsed_ms(start) / 1000
    # The Casussen screen as it opens (open cases, newest case number first), and a search
    # typed into it over all cases, open and closed.
    open_cases = CaseFilter()
    search = CaseFilter(status=CaseStatus.ALL, text=built.fragment)
    encrypted, plain = open_both(path, plain_path, DEMO_USER, DEMO_PASSPHRASE)
    try:
        start = time.perf_counter()
        sheet_rows = write_sheet(encrypted, sheet_path)
        sheet_s = elapsed_ms(start) / 1000
        print(
            f"built in {build_s:.0f} s: {built.reports} reports, {built.persons} persons, "
            f"{built.cases} cases ({built.open_cases} open), {built.events} timeline events, "
            f"{built.log_entries} log entries; register {path.stat().st_size / 1e6:.1f} MB, "
            f"plain copy {plain_path.stat().st_size / 1e6:.1f} MB; spreadsheet {sheet_rows} "
            f"rows, {sheet_path.stat().st_size / 1e6:.1f} MB, written in {sheet_s:.0f} s"
        )
        first_screen = list_cases(encrypted, open_cases, PAGE)
        found = list_cases(encrypted, search, PAGE)
        assert list_cases(plain, open_cases, PAGE) == first_screen
        assert len(first_screen.rows) == min(PAGE, first_screen.total)
        sheet_hits = len(sheet_search(sheet_path, built.fragment))
        print(
            f"case list: {len(first_screen.rows)} of {first_screen.total} open cases; search "
            f"'{built.fragment}': {len(found.rows)} shown of {found.total} cases "
            f"({sheet_hits} spreadsheet rows shown); opening cases of about "
            f"{built.timeline} timeline lines ({len(built.case_ids)} in turn)"
        )

        def timed(action: Callable[[], object], *, collect: bool = False) -> Callable[[], float]:
            def case() -> float:
                start = time.perf_counter()
                action()
                ms = elapsed_ms(start)
                if collect:  # the spreadsheet's garbage, collected untimed, not on our clock
                    gc.collect()
                return ms

            return case

        def rotating(register: Any, action: Callable[[Any, int], object]) -> Callable[[], float]:
            turn = itertools.count()

            def case() -> float:
                case_id = built.case_ids[next(turn) % len(built.case_ids)]
                start = time.perf_counter()
                action(register, case_id)
                return elapsed_ms(start)

            return case

        def contact(register: Any, case_id: int) -> int:
            return log_contact(
                register,
                case_id,
                date.today(),
                ContactKind.TELEFONISCH,
                "buurvrouw",
                True,
                "Gebeld; gaat goed, volgende week huisbezoek.",
            )

        cases: dict[str, Callable[[], float]] = {}
        for side, register in (("encrypted", encrypted), ("plain", plain)):
            cases[f"list_{side}"] = timed(partial(list_cases, register, open_cases, PAGE))
            cases[f"search_{side}"] = timed(partial(list_cases, register, search, PAGE))
            cases[f"open_{side}"] = rotating(register, read_case)
            cases[f"contact_{side}"] = rotating(register, contact)
        med = in_rounds(cases, rounds)
        sheet = in_rounds(
            {
                "list_encrypted": cases["list_encrypted"],
                "sheet_list": timed(lambda: sheet_case_list(sheet_path), collect=True),
                "search_encrypted": cases["search_encrypted"],
                "sheet_search": timed(
                    lambda: sheet_search(sheet_path, built.fragment), collect=True
                ),
            },
            sheet_rounds,
        )
    finally:
        encrypted.lock()
        plain.lock()
    return [
        Result("case list", med["list_encrypted"], "plain SQLite", med["list_plain"], PLAIN_BUDGET),
        Speedup(
            "case list", sheet["list_encrypted"], "spreadsheet", sheet["sheet_list"], SHEET_BUDGET
        ),
        Result(
            "search", med["search_encrypted"], "plain SQLite", med["search_plain"], PLAIN_BUDGET
        ),
        Speedup("search", sheet["search_encrypted"], "spreadsheet", sheet["sheet_search"]),
        Result("open case", med["open_encrypted"], "plain SQLite", med["open_plain"], PLAIN_BUDGET),
        Result(
            "save contact",
            med["contact_encrypted"],
            "plain SQLite",
            med["contact_plain"],
            PLAIN_BUDGET,
        ),
    ]


def absolute_lines(results: list[Result]) -> tuple[list[str], list[str]]:
    """Each interaction's own median against the 50 ms budget: the lines, and what is over."""
    lines: list[str] = []
    over: list[str] = []
    seen: set[str] = set()
    for result in results:
        if result.name in seen or result.baseline != "plain SQLite":
            continue
        seen.add(result.name)
        ok = result.median_ms <= ABSOLUTE_BUDGET_MS
        lines.append(
            f"{result.name:<24} {result.median_ms:9.2f} ms   "
            f"absolute budget {ABSOLUTE_BUDGET_MS:.0f} ms {'ok' if ok else 'OVER'}"
        )
        if not ok:
            over.append(result.name)
    return lines, over


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_cases", description=__doc__)
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK_REPORTS} reports and {QUICK_ROUNDS} rounds; budgets printed, not judged",
    )
    parser.add_argument("--reports", type=int, help=f"how many reports (default {DEFAULT_REPORTS})")
    args = parser.parse_args(argv)
    n_reports = args.reports or (QUICK_REPORTS if args.quick else DEFAULT_REPORTS)
    rounds = QUICK_ROUNDS if args.quick else ROUNDS
    sheet_rounds = QUICK_SHEET_ROUNDS if args.quick else SHEET_ROUNDS
    with scratch_data_dir() as data:
        results = run(n_reports, rounds, sheet_rounds, data)
    title = (
        f"bench_cases: {n_reports} reports; median of {rounds} rounds ({sheet_rounds} against "
        f"the spreadsheet), interleaved; baselines in the same run"
    )
    status = report(title, results, judge=not args.quick)
    lines, over = absolute_lines(results)
    for line in lines:
        print(line)
    if over and not args.quick:
        print(f"over {ABSOLUTE_BUDGET_MS:.0f} ms: {', '.join(over)}")
        return 1
    return status


if __name__ == "__main__":
    sys.exit(main())
