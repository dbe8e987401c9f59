"""The team register on PostgreSQL against the local encrypted register, in the same run.

    python -m bench.bench_team [--quick] [--reports N] [--seconds S]

Needs a PostgreSQL server: BEMOEIZORG_TEST_PG, an admin URL, as `.ci/start_postgres` sets
it (`eval "$(.ci/start_postgres)"`, then `eval "$BEMOEIZORG_TEST_PG_STOP"`).

Set-up (untimed): the demo register of bench_cases (`build`, 20,000 reports; `--quick`
1,000) in a temporary folder; on the server a fresh database owned by a fresh team lead
role, `team init`, and the demo register brought in whole (`import_register`, as `team
import-register` does). The team register is reached as the program reaches it: over TCP
on the loopback, with TLS verified against the test CA.

Timed, interleaved per round, through the same casework calls as bench_cases and the
screens: the case list (first 50 open cases), a search (four letters of a family name,
open and closed cases), opening a case (`read_case`) and saving a contact (`log_contact`),
on the team register against the same on the local register (the baseline). Budget
(issue 17): each within 2x of local, and each under 50 ms (printed apart).

Then concurrent saves: 2 and 8 writer processes, each with its own connection, save
contacts on cases of their own for S seconds (default 10; `--quick` 2); saves per second in
all, after which the log chain must verify and every save be there.
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import os
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from bench.bench_cases import PAGE, build
from bench.scratch import scratch_data_dir
from bench.timing import Result, elapsed_ms, in_rounds, report, rotating, timed

DEFAULT_REPORTS = 20_000
QUICK_REPORTS = 1_000
ROUNDS = 15
QUICK_ROUNDS = 3
SECONDS = 10.0
QUICK_SECONDS = 2.0
WRITERS = (2, 8)
TEAM_BUDGET = 2.0  # team register / local register
ABSOLUTE_BUDGET_MS = 50.0
NOTE = "Gebeld; gaat goed, volgende week huisbezoek."


def _contact(register: Any, case_id: int) -> int:
    from bemoeizorg.casework.cases import log_contact
    from bemoeizorg.domain.vocabulary import ContactKind

    return log_contact(
        register, case_id, date.today(), ContactKind.TELEFONISCH, "buurvrouw", True, NOTE
    )


def _writer(url: str, case_ids: list[int], seconds: float, start_at: float, saved: Any) -> None:
    """One worker's laptop: its own connection, saving contacts until the time is up."""
    from bemoeizorg.store.team_register import open_team_register

    register = open_team_register(url)
    try:
        count = 0
        while time.time() < start_at:
            time.sleep(0.005)
        turn = itertools.cycle(case_ids)
        while time.time() < start_at + seconds:
            _contact(register, next(turn))
            count += 1
        saved.put(count)
    finally:
        register.lock()


def concurrent_saves(url: str, case_ids: list[int], writers: int, seconds: float) -> float:
    """Saves per second of `writers` processes at once; checks the log and the count."""
    from sqlalchemy import func, select

    from bemoeizorg.store.schema import CaseEvent
    from bemoeizorg.store.team_register import open_team_register

    team = open_team_register(url)
    try:
        with team.session() as session:
            before = session.scalar(select(func.count()).select_from(CaseEvent)) or 0
    finally:
        team.lock()
    spawn = multiprocessing.get_context("spawn")
    saved = spawn.Queue()
    start_at = time.time() + 3.0 + 0.3 * writers  # every process open before the start
    shares = [case_ids[i::writers] or case_ids for i in range(writers)]
    processes = [
        spawn.Process(target=_writer, args=(url, share, seconds, start_at, saved))
        for share in shares
    ]
    for process in processes:
        process.start()
    counts = [saved.get(timeout=120 + seconds) for _ in processes]
    for process in processes:
        process.join()
    team = open_team_register(url)
    try:
        with team.session() as session:
            after = session.scalar(select(func.count()).select_from(CaseEvent)) or 0
        chain = team.verify()
    finally:
        team.lock()
    if after - before != sum(counts) or not chain.ok:
        raise RuntimeError(
            f"{writers} writers: {sum(counts)} saves, {after - before} in the register, "
            f"log {'in orde' if chain.ok else 'NIET in orde'}"
        )
    return sum(counts) / seconds


def run(
    admin_url: str, n_reports: int, rounds: int, seconds: float, workdir: Path
) -> tuple[list[Result], list[str]]:
    from sqlalchemy import select

    from bemoeizorg.casework.case_list import CaseFilter, CaseStatus, list_cases
    from bemoeizorg.casework.cases import read_case
    from bemoeizorg.demo import DEMO_PASSPHRASE, DEMO_USER
    from bemoeizorg.store import server_setup
    from bemoeizorg.store.register import Register
    from bemoeizorg.store.register_import import import_register
    from bemoeizorg.store.schema import Case
    from bemoeizorg.store.team_register import open_team_register

    path = workdir / "bench.bzregister"
    started = time.perf_counter()
    built = build(path, n_reports)
    lines = [f"local register built in {elapsed_ms(started) / 1000:.0f} s: {built.reports} reports"]
    local = Register.unlock(path, DEMO_USER, DEMO_PASSPHRASE)
    from tests.server.conftest import lead_database  # one way to make a team's database

    with lead_database(admin_url) as url:
        server_setup.init_team_register(url, "Bench")
        team = open_team_register(url)
        try:
            started = time.perf_counter()
            done = import_register(local, team)
            lines.append(
                f"team register: {done.reports} reports, {done.cases} cases brought in "
                f"in {elapsed_ms(started) / 1000:.0f} s"
            )
            with local.session() as session:
                numbers = [
                    session.scalar(select(Case.number).where(Case.id == c)) for c in built.case_ids
                ]
            with team.session() as session:
                team_ids = [
                    int(session.scalar(select(Case.id).where(Case.number == n)) or 0)
                    for n in numbers
                ]
            open_cases = CaseFilter()
            search = CaseFilter(status=CaseStatus.ALL, text=built.fragment)
            # The same cases on both (ids are each register's own: compare the numbers).
            shown = [
                [c.number for c in list_cases(r, open_cases, PAGE).rows] for r in (team, local)
            ]
            assert shown[0] == shown[1], "the team register does not hold the same cases"

            cases: dict[str, Callable[[], float]] = {}
            for side, register, ids in (("team", team, team_ids), ("local", local, built.case_ids)):
                cases[f"list_{side}"] = timed(partial(list_cases, register, open_cases, PAGE))
                cases[f"search_{side}"] = timed(partial(list_cases, register, search, PAGE))
                cases[f"open_{side}"] = rotating(ids, partial(read_case, register))
                cases[f"contact_{side}"] = rotating(ids, partial(_contact, register))
            med = in_rounds(cases, rounds)
        finally:
            team.lock()
            local.lock()
        for writers in WRITERS:
            per_second = concurrent_saves(url, team_ids * 4, writers, seconds)
            lines.append(
                f"concurrent saves, {writers} writers: {per_second:.0f} saves/s "
                f"(log verified, every save there)"
            )
    results = [
        Result(label, med[f"{key}_team"], "local register", med[f"{key}_local"], TEAM_BUDGET)
        for key, label in (
            ("list", "case list"),
            ("search", "search"),
            ("open", "open case"),
            ("contact", "save contact"),
        )
    ]
    for result in results:
        ok = result.median_ms <= ABSOLUTE_BUDGET_MS
        lines.append(
            f"{result.name:<24} {result.median_ms:9.2f} ms on the team register   "
            f"absolute budget {ABSOLUTE_BUDGET_MS:.0f} ms {'ok' if ok else 'OVER'}"
        )
    return results, lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_team", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1,000 reports, 3 rounds, 2 s")
    parser.add_argument("--reports", type=int, help=f"reports (default {DEFAULT_REPORTS})")
    parser.add_argument("--seconds", type=float, help=f"each writers' run (default {SECONDS})")
    args = parser.parse_args(argv)
    admin_url = os.environ.get("BEMOEIZORG_TEST_PG", "")
    if not admin_url:
        print(
            'Geen PostgreSQL-server: start er een met eval "$(.ci/start_postgres)" '
            "(BEMOEIZORG_TEST_PG).",
            file=sys.stderr,
        )
        return 2
    n_reports = args.reports or (QUICK_REPORTS if args.quick else DEFAULT_REPORTS)
    rounds = QUICK_ROUNDS if args.quick else ROUNDS
    seconds = args.seconds or (QUICK_SECONDS if args.quick else SECONDS)
    with scratch_data_dir() as data:
        results, lines = run(admin_url, n_reports, rounds, seconds, data)
    for line in lines:
        print(line)
    title = f"bench_team: median of {rounds} rounds, interleaved; baseline in the same run"
    return report(title, results, judge=not args.quick)


if __name__ == "__main__":
    sys.exit(main())
