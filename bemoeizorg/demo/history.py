"""Years of reports, persons and cases of the demo register, planned in memory.

Reports arrive day by day; some are about someone already known and join their open case.
A report is taken on, triaged as advice or referral, or (in the last days) still waits.
Afterwards a few cases are adjusted so that even a small demo shows open cases in every
phase and closed cases with every outcome.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bemoeizorg.casework.bulk_intake import PlannedReport
from bemoeizorg.demo import data
from bemoeizorg.demo.cases import DemoCase, choose_owner, decide_fate, reopen_in
from bemoeizorg.demo.people import DemoPerson, new_person
from bemoeizorg.demo.reports import new_report, not_taken_on
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.domain.vocabulary import PHASE_ORDER, Outcome

if TYPE_CHECKING:
    from faker import Faker

TAKEN_ON_SHARE = 0.70
REPEAT_SHARE = 0.17  # reports about someone already known
LONG_RUNNING_SHARE = 0.04  # cases that stay open a long time


class History:
    def __init__(
        self,
        rng: random.Random,
        fake: Faker,
        today: date,
        team: Sequence[TeamMemberData],
        covered: Sequence[str],
    ) -> None:
        self.rng = rng
        self.fake = fake
        self.today = today
        self.team = list(team)
        self.municipalities = {c: data.REPORTS_PER_YEAR.get(c, 20) for c in covered}
        self.persons: list[DemoPerson] = []
        self.bsns: set[str] = set()  # a BSN is one person's (the register refuses a second)
        self.reports: list[PlannedReport] = []
        self.cases: list[DemoCase] = []
        self.not_taken = 0

    def build(self, count: int, years: int) -> None:
        """`count` reports on random days of the last `years` years, up to today."""
        rng = self.rng
        span = max(1, 365 * years)
        start = self.today - timedelta(days=span - 1)
        days = sorted(start + timedelta(days=rng.randrange(span)) for _ in range(count))
        codes = list(self.municipalities)
        weights = list(self.municipalities.values())
        for day in days:
            person_index = self._repeat_person(day) if rng.random() < REPEAT_SHARE else None
            if person_index is None:
                person = new_person(rng, self.fake, rng.choices(codes, weights)[0], day)
                if person.bsn in self.bsns:  # a chance repeat of a fake BSN: left out
                    person = dataclasses.replace(person, bsn="")
                self.bsns.add(person.bsn)
                self.persons.append(DemoPerson(person))
                person_index = len(self.persons) - 1
            report_index = self._add_report(day, person_index)
            active = next(
                (i for i in self.persons[person_index].cases if self.cases[i].active_on(day)),
                None,
            )
            if active is not None:
                self._join(active, report_index)
            elif (self.today - day).days <= 2 and rng.random() < 0.6:
                pass  # the last days' reports partly still wait for triage
            elif rng.random() < TAKEN_ON_SHARE:
                self._open_case(report_index)
            else:
                self.reports[report_index] = not_taken_on(
                    rng, self.reports[report_index], self.not_taken, self.today
                )
                self.not_taken += 1
        self._ensure_open_phases()
        self._ensure_outcomes()

    def _repeat_person(self, day: date) -> int | None:
        """Someone already known: often the subject of an open case, else anyone recent."""
        if not self.persons:
            return None
        rng = self.rng
        if rng.random() < 0.6:
            active = [
                c.person
                for c in self.cases[-300:]
                if c.active_on(day) and c.opened_on < day - timedelta(days=3)
            ]
            if active:
                return rng.choice(active)
        return rng.randrange(max(0, len(self.persons) - 400), len(self.persons))

    def _add_report(self, day: date, person_index: int) -> int:
        person = self.persons[person_index]
        report = new_report(self.rng, self.fake, day, person)
        self.reports.append(PlannedReport(person_index, report))
        index = len(self.reports) - 1
        person.reports.append(index)
        return index

    def _open_case(self, report_index: int) -> None:
        planned = self.reports[report_index]
        person = self.persons[planned.person]
        day = planned.report.received_on
        age = person.age(day)
        specialism = Specialism.JEUGD if age is not None and age < 18 else Specialism.VOLWASSENEN
        case = DemoCase(
            person=planned.person,
            reports=[report_index],
            opened_on=day,
            specialism=specialism,
            owner=choose_owner(self.rng, self.team, specialism, day, self.today),
            concerns=set(planned.report.concerns),
        )
        long_running = self.rng.random() < LONG_RUNNING_SHARE
        decide_fate(self.rng, case, self.today, long_running=long_running)
        self.cases.append(case)
        person.cases.append(len(self.cases) - 1)

    def _join(self, case_index: int, report_index: int) -> None:
        case = self.cases[case_index]
        case.reports.append(report_index)
        case.concerns.update(self.reports[report_index].report.concerns)

    def _reports_after(self, case: DemoCase) -> bool:
        """Whether the person had reports after this case opened that are not in it."""
        person = self.persons[case.person]
        inside = set(case.reports)
        return any(
            i not in inside and self.reports[i].report.received_on >= case.opened_on
            for i in person.reports
        )

    def _ensure_open_phases(self) -> None:
        """Open cases in every phase, even in a small demo: reopen a late closed case."""
        present = {c.phase for c in self.cases if c.closed_on is None}
        for phase in PHASE_ORDER:
            if phase in present:
                continue
            candidates = [
                c
                for c in reversed(self.cases)
                if c.closed_on is not None
                and (self.today - c.opened_on).days >= 6
                and not self._reports_after(c)
            ]
            if not candidates:
                continue
            reopen_in(candidates[0], phase, self.today)
            present.add(phase)

    def _ensure_outcomes(self) -> None:
        """Every outcome among the closed cases: change the outcome of a common one."""
        counts = Counter(c.outcome for c in self.cases if c.outcome is not None)
        for outcome in Outcome:
            if counts[outcome] or not counts:
                continue
            donor, donor_count = counts.most_common(1)[0]
            if donor_count < 2:
                continue
            case = next(c for c in self.cases if c.outcome is donor)
            decide_fate(self.rng, case, self.today, outcome=outcome, close_on=case.closed_on)
            counts[donor] -= 1
            counts[outcome] += 1
