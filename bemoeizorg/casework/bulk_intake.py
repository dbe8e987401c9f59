"""Writing many reports, persons and cases at once, inside one caller transaction.

The spreadsheet import and the demo register both bring in a history: reports that were
triaged, cases that were opened, moved on and closed. They describe it as a `Plan` and
this module writes it through the same steps as the intake screen (`add_report`,
`open_new_case`), so each created report and case gets its one access-log entry. What
happened inside a case besides its phases and closing (the demo's contacts, ZRM scores,
actions) is its `history`, written in bulk by `bulk_events`.

All reports are written first, in date order (no case of a new person exists yet, so none
joins one by accident); then the cases in order of opening, so case numbers follow the
calendar.

One person once: a plan's person may be one already in the register (`Plan.known`, found
by `find_in_register`: the same BSN, or the same name and birth date). Their reports go to
that person, and join their open case as at intake; a planned case of such reports then
continues that case instead of opening a second one. `report_in_register` tells a row that
is already there (same person, date and concerns): the import leaves it out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bemoeizorg.casework.bulk_events import CaseHistory, history_problem, write_histories
from bemoeizorg.casework.intake import add_report, case_event, open_new_case, person_with_bsn
from bemoeizorg.casework.persons import family_proper, prefix_key
from bemoeizorg.domain.intake import PersonInput, ReportInput, fold
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.vocabulary import Concern, EventKind, Outcome, Phase, TriageDecision
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import AccessLogHead, Case, Person, Report, ReportConcern, TeamMember

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
    # Index for index with persons: the register's person id when already there, else None
    # (shorter than persons, or empty: the rest are new).
    known: list[int | None] = field(default_factory=list)

    def known_id(self, person: int) -> int | None:
        return self.known[person] if person < len(self.known) else None


@dataclass(frozen=True, slots=True)
class Written:
    """Register ids: the persons made (known ones not), the reports and cases index for
    index with plan.reports and plan.cases (a case a known person had open continues)."""

    person_ids: list[int]
    report_ids: list[int]
    case_ids: list[int]
    new_cases: int = 0


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
    person_ids: list[int | None] = [plan.known_id(i) for i in range(len(plan.persons))]
    report_ids: list[int] = [0] * len(plan.reports)
    joined: set[int] = set()  # reports that joined an open case of a known person
    for index in sorted(range(len(plan.reports)), key=lambda i: plan.reports[i].report.received_on):
        planned = plan.reports[index]
        known = person_ids[planned.person]
        if known is None:
            report = dataclasses.replace(planned.report, person=plan.persons[planned.person])
        else:
            report = dataclasses.replace(planned.report, person=None, person_id=known)
        recorded = add_report(session, register, report, today=today)
        if recorded.case_id is not None:
            if plan.known_id(planned.person) is None:  # a new person has no case to join
                raise RuntimeError("a planned report joined a case of its own accord")
            joined.add(index)
        person_ids[planned.person] = recorded.person_id
        report_ids[index] = recorded.report_id

    rows: dict[int, Report] = {}
    for start in range(0, len(report_ids), 500):
        chunk = report_ids[start : start + 500]
        rows.update((r.id, r) for r in session.scalars(select(Report).where(Report.id.in_(chunk))))
    for index, planned in enumerate(plan.reports):
        if planned.decision in NOT_TAKEN_ON and index not in joined:  # joined: as at intake
            row = rows[report_ids[index]]
            row.triage = planned.decision.value
            row.triage_note = planned.note.strip()
            row.triaged_on = planned.triaged_on or planned.report.received_on

    case_ids: list[int] = [0] * len(plan.cases)
    continued_cases: list[int] = []
    for index in sorted(range(len(plan.cases)), key=lambda i: plan.cases[i].opened_on):
        planned_case = plan.cases[index]
        first, *others = planned_case.reports
        continued = next((i for i in planned_case.reports if i in joined), None)
        if continued is not None:
            # A known person's open case: the reports joined it, the case goes on.
            found = session.get(Case, rows[report_ids[continued]].case_id)
            assert found is not None
            case = found
            continued_cases.append(index)
        else:
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
            if other not in joined and rows[report_ids[other]].case_id is None:
                _join(session, register, case, rows[report_ids[other]])
        if case.closed_on is not None:
            continue  # an earlier planned case of this person already closed it
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
    new_persons = [
        p for i, p in enumerate(person_ids) if p is not None and plan.known_id(i) is None
    ]
    return Written(new_persons, report_ids, case_ids, len(case_ids) - len(continued_cases))


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


# --- what the register already holds --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InRegister:
    """Who a row's person is in the register: `person_id`, or None for a new person; or a
    `conflict` (Dutch, no personal details) when the register contradicts the row."""

    person_id: int | None = None
    conflict: str = ""


BSN_OTHER_BIRTH = (
    "het BSN hoort bij een persoon in het register met een andere geboortedatum. "
    "Controleer het BSN en de geboortedatum."
)
NAME_OTHER_BSN = (
    "een persoon in het register heeft dezelfde naam en geboortedatum maar een ander BSN. "
    "Controleer het BSN."
)


def _same_name(person: Person, p: PersonInput) -> bool:
    if p.family_name.strip():
        return (
            family_proper(person.family_name) == family_proper(p.family_name)
            and prefix_key(person.family_name, person.prefix) == prefix_key(p.family_name, p.prefix)
            and fold(person.given_names) == fold(p.given_names)
        )
    return not person.family_name and fold(person.alias) == fold(p.alias)


def find_in_register(session: Session, p: PersonInput) -> InRegister:
    """The register's person this is: the one with the same BSN, else the one with the same
    name and birth date (without a birth date: the same name, no birth date either, in the
    same municipality, as the workbook's own rows are grouped)."""
    if p.bsn:
        by_bsn = person_with_bsn(session, p.bsn)
        if by_bsn is not None:
            born = session.scalar(select(Person.birth_date).where(Person.id == by_bsn))
            if p.birth_date and born and born != p.birth_date:
                return InRegister(conflict=BSN_OTHER_BIRTH)
            return InRegister(by_bsn)
    query = select(Person).where(Person.birth_date == p.birth_date)
    if p.birth_date is None:
        query = select(Person).where(
            Person.birth_date.is_(None), Person.municipality_code == p.municipality_code
        )
    words = fold(f"{p.family_name} {p.alias}").split()
    if words:  # the search-text index narrows before names are compared in Python
        query = query.where(Person.search_text.contains(words[-1], autoescape=True))
    for person in session.scalars(query.order_by(Person.id)):
        if _same_name(person, p):
            if p.bsn and person.bsn and person.bsn != p.bsn:
                return InRegister(conflict=NAME_OTHER_BSN)
            return InRegister(person.id)
    return InRegister()


def report_in_register(
    session: Session, person_id: int, received_on: date, concerns: Sequence[Concern]
) -> bool:
    """Whether the person already has a report of that date about the same concerns."""
    wanted = {c.value for c in concerns}
    report_ids = list(
        session.scalars(
            select(Report.id).where(
                Report.person_id == person_id, Report.received_on == received_on
            )
        )
    )
    for report_id in report_ids:
        stored = set(
            session.scalars(
                select(ReportConcern.concern).where(ReportConcern.report_id == report_id)
            )
        )
        if stored == wanted:
            return True
    return False
