"""The annual export of counts at 20,000 reports, as a ratio to plain SQLite.

    python -m bench.bench_counts [--quick] [--reports N]

Set-up (untimed): the register of bench_cases (N reports over about 14 years of Noord- and
Midden-Limburg, default 20,000) and a plain copy of it (`sqlcipher_export`), opened as a
`Register` on an engine without a key, so both run the very same store code.

Measured, each a median over interleaved rounds, for the last full year of the data:
- counting: `store/counts.compute_counts` (every table, in the database);
- withholding: the analyst's check and secondary suppression of a year of both subregions
  (`counts_export.publish`), per subregion (the default) and per municipality, against
  counting as the baseline; with the share of cells withheld, and the primary (small)
  cells as the floor any pattern, the optimal one included, must withhold;
- the export: counting, withholding (with the earlier publications in the register's log:
  every round publishes the same year again) and writing the XLSX
  (`counts_export.export_counts`, with its access-log entry), the way the Jaarcijfers
  screen and `bemoeizorg counts` do it.

Budgets: the export under five seconds at 20,000 reports (absolute, issue 13's target for
check and suppression), and encrypted within 1.5x of plain SQLite.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from bench.bench_cases import build
from bench.plain import open_both
from bench.scratch import scratch_data_dir
from bench.timing import Result, elapsed_ms, in_rounds, report

DEFAULT_REPORTS = 20_000
QUICK_REPORTS = 2_000
ROUNDS = 15
QUICK_ROUNDS = 3
PLAIN_BUDGET = 1.5
ABSOLUTE_BUDGET_MS = 5000.0


def run(n_reports: int, rounds: int, workdir: Path) -> list[Result]:
    from bemoeizorg.demo import DEMO_PASSPHRASE, DEMO_USER
    from bemoeizorg.exports.counts import Period, compute_counts
    from bemoeizorg.exports.counts_export import export_counts, publish

    path = workdir / "bench.bzregister"
    plain_path = workdir / "bench-plain.sqlite"
    start = time.perf_counter()
    built = build(path, n_reports)
    print(
        f"built in {elapsed_ms(start) / 1000:.0f} s: {built.reports} reports, {built.cases} cases"
    )
    encrypted, plain = open_both(path, plain_path, DEMO_USER, DEMO_PASSPHRASE)
    year = Period.year(date.today().year - 1)
    try:
        counts = compute_counts(encrypted, year)
        assert counts == compute_counts(plain, year)  # the same numbers both ways
        received = sum(counts.table("meldingen").values.values())
        print(f"year {year.label}: {received} reports counted in {len(counts.tables)} tables")

        def timed(action: object) -> object:
            def case() -> float:
                start = time.perf_counter()
                action()  # type: ignore[operator]
                return elapsed_ms(start)

            return case

        for detail in (False, True):
            pub = publish(counts, 5, per_municipality=detail)
            primary = sum(t.hidden_primary for t in pub.tables)
            print(
                f"{'per gemeente' if detail else 'per subregio'}: withheld {pub.withheld} of "
                f"{pub.cell_count} cells ({100 * pub.withheld / pub.cell_count:.1f} %); "
                f"small (the floor for any pattern) {primary}; "
                f"withheld / floor {pub.withheld / max(1, primary):.2f}"
            )
        out = workdir / "cijfers.xlsx"
        cases = {
            "withhold": timed(lambda: publish(counts, 5)),
            "withhold_detail": timed(lambda: publish(counts, 5, per_municipality=True)),
            "count": timed(lambda: compute_counts(encrypted, year)),
            "count_plain": timed(lambda: compute_counts(plain, year)),
            "export": timed(lambda: export_counts(encrypted, year, out, 5)),
            "export_plain": timed(lambda: export_counts(plain, year, out, 5)),
        }
        med = in_rounds(cases, rounds)  # type: ignore[arg-type]
    finally:
        encrypted.lock()
        plain.lock(log=False)
    return [
        Result("counting a year", med["count"], "plain SQLite", med["count_plain"], PLAIN_BUDGET),
        Result("withhold (subregio)", med["withhold"], "counting", med["count"]),
        Result("withhold (gemeente)", med["withhold_detail"], "counting", med["count"]),
        Result(
            "export a year (xlsx)", med["export"], "plain SQLite", med["export_plain"], PLAIN_BUDGET
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_counts", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2,000 reports, 3 rounds, not judged")
    parser.add_argument("--reports", type=int, help=f"how many reports (default {DEFAULT_REPORTS})")
    args = parser.parse_args(argv)
    n_reports = args.reports or (QUICK_REPORTS if args.quick else DEFAULT_REPORTS)
    rounds = QUICK_ROUNDS if args.quick else ROUNDS
    with scratch_data_dir() as data:
        results = run(n_reports, rounds, data)
    status = report(
        f"bench_counts: {n_reports} reports; median of {rounds} rounds, interleaved; "
        "baseline in the same run",
        results,
        judge=not args.quick,
    )
    export = next(r for r in results if r.name.startswith("export"))
    ok = export.median_ms <= ABSOLUTE_BUDGET_MS
    print(
        f"{export.name:<24} {export.median_ms:9.2f} ms   absolute budget "
        f"{ABSOLUTE_BUDGET_MS:.0f} ms {'ok' if ok else 'OVER'}"
    )
    if not ok and not args.quick:
        return 1
    return status


if __name__ == "__main__":
    sys.exit(main())
