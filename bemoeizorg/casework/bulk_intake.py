"""Writing many reports, persons and cases at once, inside one caller transaction.

The spreadsheet import and the demo register both bring in a history: reports that were
triaged, cases that were opened, moved on and closed. They describe it as a `Plan` and
this module writes it through the same steps as the intake screen (`add_report`,
`open_new_case`), so each created report and case gets its one access-log entry. What
happened inside a case besides its phases and closing (the demo's contacts, ZRM scores,
actions) is its `history`, written in bulk by `bulk_events`.

All reports are written first, in date order (no case exists yet, so none joins one by
accident); then the cases in order of opening, so case numbers follow the calendar.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bemoeizorg.casework.bulk_events import CaseHistory, history_problem, write_histories
from bemoeizorg.casework.intake import add_report, case_event, open_new_case
from bemoeizorg.domain.intake import PersonInput, ReportInput
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.vocabulary import EventKind, Outcome, Phase, TriageDecision
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import AccessLogHead, Case, Report, TeamMember

NOT_TAKEN_ON = (TriageDecision.ADVIES, TriageDecision.DOORVERWEZEN)


@dataclass(frozen=True, slots=True)
class PlannedReport:
    """One report about plan.persons[person]; `report.person` is left empty."""

    person: int
    report: ReportInput
    decision: TriageDecision = TriageDecision.OPEN  # for reports that start no case
    note: str = ""  # advice given, or to whom the reporter was referred
    triaged_on: date | None = None


@dataclass(frozen=True, slots=True)
class PhaseChange:
    on_date: date
    to: Phase
    reason: str


@dataclass(frozen=True, slots=True)
class PlannedCase:
    """A case from plan.reports[reports[0]] on; the other reports join it."""

    reports: tuple[int, ...]
    opened_on: date
    specialism: Specialism
    owner_id: int | None = None
    phase_changes: tuple[PhaseChange, ...] = ()
    closed_on: date | None = None
    outcome: Outcome | None = None
    close_note: str = ""
    history: CaseHistory = CaseHistory()


@dataclass(slots=True)
class Plan:
    persons: list[PersonInput] = field(default_factory=list)
    reports: list[PlannedReport] = field(default_factory=list)
    cases: list[PlannedCase] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Written:
    """Register ids, index for index with plan.persons, plan.reports and plan.cases."""

    person_ids: list[int]
    report_ids: list[int]
    case_ids: list[int]


def write_plan(
    session: Session, register: Register, plan: Plan, *, today: date | None = None
) -> Written:
    """Write the plan in the caller's transaction; any error leaves the caller to roll back."""
    check_plan(plan)
    # The session's identity map holds objects weakly: keeping the log head and the team
    # referenced here spares a query for each of the thousands of audits and case owners.
    # Every step flushes what it needs, so autoflush before each query is only overhead.
    keep_alive: list[object] = [session.get(AccessLogHead, 1), *session.scalars(select(TeamMember))]
    with session.no_autoflush:
        written = _write(session, register, plan, today)
    keep_alive.clear()
    return written


def _write(session: Session, register: Register, plan: Plan, today: date | None) -> Written:
    person_ids: list[int | None] = [None] * len(plan.persons)
    report_ids: list[int] = [0] * len(plan.reports)
    for index in sorted(range(len(plan.reports)), key=lambda i: plan.reports[i].report.received_on):
        planned = plan.reports[index]
        known = person_ids[planned.person]
        if known is None:
            report = dataclasses.replace(planned.report, person=plan.persons[planned.person])
        else:
            report = dataclasses.replace(planned.report, person=None, person_id=known)
        recorded = add_report(session, register, report, today=today)
        if recorded.case_id is not None:  # the plan's persons are new: nothing to join
            raise RuntimeError("a planned report joined a case of its own accord")
        person_ids[planned.person] = recorded.person_id
        report_ids[index] = recorded.report_id

    rows: dict[int, Report] = {}
    for start in range(0, len(report_ids), 500):
        chunk = report_ids[start : start + 500]
        rows.update((r.id, r) for r in session.scalars(select(Report).where(Report.id.in_(chunk))))
    for index, planned in enumerate(plan.reports):
        if planned.decision in NOT_TAKEN_ON:
            row = rows[report_ids[index]]
            row.triage = planned.decision.value
            row.triage_note = planned.note.strip()
            row.triaged_on = planned.triaged_on or planned.report.received_on

    case_ids: list[int] = [0] * len(plan.cases)
    for index in sorted(range(len(plan.cases)), key=lambda i: plan.cases[i].opened_on):
        planned_case = plan.cases[index]
        first, *others = planned_case.reports
        case = open_new_case(
            session,
            register,
            rows[report_ids[first]],
            planned_case.owner_id,
            planned_case.specialism,
            planned_case.opened_on,
        )
        case_ids[index] = case.id
        for other in others:
            _join(session, register, case, rows[report_ids[other]])
        for change in planned_case.phase_changes:
            _change_phase(session, register, case, change)
        if planned_case.closed_on is not None and planned_case.outcome is not None:
            case.closed_on = planned_case.closed_on
            case.outcome = planned_case.outcome.value
            session.add(
                case_event(
                    register,
                    case,
                    EventKind.AFGESLOTEN,
                    planned_case.closed_on,
                    outcome=planned_case.outcome.value,
                    note=planned_case.close_note,
                )
            )
    session.flush()
    write_histories(session, register, zip(case_ids, (c.history for c in plan.cases), strict=True))
    return Written([p for p in person_ids if p is not None], report_ids, case_ids)


def _join(session: Session, register: Register, case: Case, report: Report) -> None:
    """A later report about someone with this open case joins it, as intake does."""
    report.case_id = case.id
    report.triage = TriageDecision.OPGEPAKT.value
    report.triaged_on = report.received_on
    session.add(
        case_event(register, case, EventKind.MELDING, report.received_on, report_id=report.id)
    )


def _change_phase(session: Session, register: Register, case: Case, change: PhaseChange) -> None:
    if Phase(case.phase) is change.to:
        return
    session.add(
        case_event(
            register,
            case,
            EventKind.FASE,
            change.on_date,
            phase_from=case.phase,
            phase_to=change.to.value,
            note=change.reason,
        )
    )
    case.phase = change.to.value
    case.phase_since = change.on_date


def check_plan(plan: Plan) -> None:
    """Programming errors in a plan, before anything is written."""
    seen: set[int] = set()
    for case in plan.cases:
        for index in case.reports:
            if index in seen:
                raise ValueError("a report belongs to two planned cases")
            seen.add(index)
        people = {plan.reports[i].person for i in case.reports}
        if len(people) != 1:
            raise ValueError("a planned case holds reports about different persons")
        if problem := history_problem(case.history, case.opened_on, case.closed_on):
            raise ValueError(problem)


def count_closed(cases: Sequence[PlannedCase]) -> int:
    return sum(1 for c in cases if c.closed_on is not None)
