"""The planned history into the register: a `bulk_intake.Plan` per batch of persons, with
each case's life as its history, so every report and case is written, and logged, the way
intake and the spreadsheet import write them."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping

from bemoeizorg.casework.bulk_intake import PhaseChange, Plan, PlannedCase, write_plan
from bemoeizorg.demo import data
from bemoeizorg.demo.case_life import case_history
from bemoeizorg.demo.cases import DemoCase
from bemoeizorg.demo.history import History
from bemoeizorg.domain.vocabulary import Phase
from bemoeizorg.store.register import Register

BATCH_REPORTS = 600  # reports per transaction


def write_history(register: Register, history: History) -> None:
    for persons in _batches(history):
        with register.session() as session:
            write_plan(session, register, _plan(history, persons), today=history.today)


def _batches(history: History) -> Iterator[list[int]]:
    """Persons in order of their first report, in groups of about BATCH_REPORTS."""
    batch: list[int] = []
    size = 0
    for index, person in enumerate(history.persons):
        batch.append(index)
        size += len(person.reports)
        if size >= BATCH_REPORTS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _plan(history: History, persons: list[int]) -> Plan:
    """The batch's persons with their reports and cases, renumbered within the batch."""
    local_person = {g: i for i, g in enumerate(persons)}
    report_indexes = sorted(r for g in persons for r in history.persons[g].reports)
    local_report = {g: i for i, g in enumerate(report_indexes)}
    cases = [history.cases[c] for g in persons for c in history.persons[g].cases]
    # All outlines first, then all lives: the order in which they draw from the seed.
    planned = [_planned_case(history, case, local_report) for case in cases]
    lives = [case_history(history.rng, history.today, case) for case in cases]
    return Plan(
        persons=[history.persons[g].input for g in persons],
        reports=[
            dataclasses.replace(history.reports[r], person=local_person[history.reports[r].person])
            for r in report_indexes
        ],
        cases=[
            dataclasses.replace(p, history=life) for p, life in zip(planned, lives, strict=True)
        ],
    )


def _planned_case(history: History, case: DemoCase, local_report: Mapping[int, int]) -> PlannedCase:
    rng = history.rng
    changes: list[PhaseChange] = []
    if case.binden_on is not None:
        changes.append(
            PhaseChange(case.binden_on, Phase.BINDEN, rng.choice(data.PHASE_REASONS_BINDING))
        )
    if case.toeleiden_on is not None:
        changes.append(
            PhaseChange(case.toeleiden_on, Phase.TOELEIDEN, rng.choice(data.PHASE_REASONS_REFERRAL))
        )
    return PlannedCase(
        reports=tuple(local_report[r] for r in case.reports),
        opened_on=case.opened_on,
        specialism=case.specialism,
        owner_id=case.owner.id if case.owner else None,
        phase_changes=tuple(changes),
        closed_on=case.closed_on,
        outcome=case.outcome,
        close_note=rng.choice(data.CLOSE_NOTES[case.outcome]) if case.outcome else "",
    )
