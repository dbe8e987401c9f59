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
by `RegisterPersons.find`: the same BSN, or the same name and birth date). Their reports go to
that person, and join their open case as at intake; a planned case of such reports then
continues that case instead of opening a second one. `RegisterPersons.has_report` tells a row that
is already there (same person, date and concerns): the import leaves it out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Integer, Row, Select, cast, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from bemoeizorg.casework.bulk_events import CaseHistory, history_problem, write_histories
from bemoeizorg.casework.intake import BsnTaken, FieldProblems, now_text
from bemoeizorg.casework.persons import family_proper, prefix_key
from bemoeizorg.domain.identity import normalise_bsn
from bemoeizorg.domain.intake import (
    PersonInput,
    ReportInput,
    fold,
    person_search_text,
    report_problems,
)
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.vocabulary import Concern, EventKind, Outcome, Phase, TriageDecision
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.engine import insert_rows
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import (
    Base,
    Case,
    CaseEvent,
    Person,
    Report,
    ReportConcern,
    Reporter,
    TeamMember,
    name_key,
    number_key,
)

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


Progress = Callable[[int, int], None]  # (steps done, steps in all); may raise to stop


def write_plan(
    session: Session,
    register: Register,
    plan: Plan,
    *,
    today: date | None = None,
    progress: Progress | None = None,
) -> Written:
    """Write the plan in the caller's transaction; any error leaves the caller to roll back.

    `progress` is called now and then with (done, total); raising there (a cancel) stops
    the write, and the caller's rollback leaves the register as it was."""
    check_plan(plan)
    with session.no_autoflush:
        written = _BulkWriter(session, register, plan, today or date.today(), progress).write()
    return written


class _CaseState:
    """A case as the plan leaves it: a new one (`row`, inserted at the end) or a known
    person's open case that the plan continues (`orm`, changed in place)."""

    __slots__ = ("id", "phase", "phase_since", "closed_on", "outcome", "row", "orm")

    def __init__(self, case_id: int, opened_on: date) -> None:
        self.id = case_id
        self.phase = Phase.VINDEN.value
        self.phase_since = opened_on
        self.closed_on: date | None = None
        self.outcome: str | None = None
        self.row: dict[str, object] | None = None
        self.orm: Case | None = None

    @classmethod
    def of(cls, case: Case) -> _CaseState:
        state = cls(case.id, case.phase_since)
        state.phase, state.closed_on, state.outcome = case.phase, case.closed_on, case.outcome
        state.orm = case
        return state

    def settle(self) -> None:
        """Into the row to insert, or onto the continued case."""
        values = {
            "phase": self.phase,
            "phase_since": self.phase_since,
            "closed_on": self.closed_on,
            "outcome": self.outcome,
        }
        if self.row is not None:
            self.row.update(values)
        elif self.orm is not None:
            for name, value in values.items():
                setattr(self.orm, name, value)


class _BulkWriter:
    """The steps of `add_report` and `open_new_case` for a whole plan, the same rows and
    log entries in the same order, written as one insert per table: the intake's
    unit-of-work per report cost about 9 ms a row, too slow for 100,000 rows.

    Ids are given here (the next free ones: the transaction holds the write lock), so
    reports, cases and their events are linked before anything is inserted."""

    def __init__(
        self,
        session: Session,
        register: Register,
        plan: Plan,
        today: date,
        progress: Progress | None,
    ) -> None:
        self.session = session
        self.register = register
        self.plan = plan
        self.today = today
        self.progress = progress
        self.stamp = now_text()
        self.person_rows: list[dict[str, object]] = []
        self.case_rows: list[dict[str, object]] = []
        self.concern_rows: list[dict[str, object]] = []
        self.reporter_rows: list[dict[str, object]] = []
        self.events: list[dict[str, object]] = []
        self.audits: list[tuple[Action, int | None]] = []
        # Steps: each report and case planned, then each row inserted (known once planned).
        self.total = 2 * (len(plan.reports) + len(plan.cases))
        self.done = 0

    def _step(self, count: int = 1) -> None:
        before, self.done = self.done, self.done + count
        if self.progress is not None and before // PROGRESS_EVERY != self.done // PROGRESS_EVERY:
            self.progress(self.done, self.total)

    def _next_id(self, model: type[Person] | type[Report] | type[Case]) -> int:
        return int(self.session.scalar(select(func.max(model.id))) or 0) + 1

    def _event(self, case_id: int, kind: EventKind, on_date: date, **fields: object) -> None:
        """A timeline line as `intake.case_event` makes it (same defaults, `EVENT_DEFAULTS`)."""
        self.events.append(
            {
                **EVENT_DEFAULTS,
                "case_id": case_id,
                "kind": kind.value,
                "on_date": on_date,
                "created_by": self.register.user,
                "created_at": self.stamp,
                **fields,
            }
        )

    def write(self) -> Written:
        plan, session = self.plan, self.session
        order = sorted(range(len(plan.reports)), key=lambda i: plan.reports[i].report.received_on)
        for index in order:
            if problems := report_problems(self._input(index), self.today):
                raise FieldProblems(problems)
        known_ids = sorted({k for k in plan.known if k is not None})
        present = {row[0] for row in _in_chunks(session, select(Person.id), Person.id, known_ids)}
        if any(k not in present for k in known_ids):
            raise FieldProblems({"person": "Deze persoon staat niet (meer) in het register."})
        # A known person's open case, as `intake.open_case_of` finds it (the lowest id).
        open_cases: dict[int, Case] = {}
        by_person = select(Case).where(Case.closed_on.is_(None)).order_by(Case.person_id, Case.id)
        for (case,) in _in_chunks(session, by_person, Case.person_id, known_ids):
            open_cases.setdefault(case.person_id, case)

        person_ids = self._persons(order)
        reports, joined = self._reports(order, person_ids, open_cases)
        case_ids, continued = self._cases(reports, joined, open_cases)
        tables = (
            (Person, self.person_rows),
            (Case, self.case_rows),
            (Report, reports),
            (ReportConcern, self.concern_rows),
            (Reporter, self.reporter_rows),
            (CaseEvent, self.events),
        )
        planned = self.done
        self.total = planned + sum(len(rows) for _model, rows in tables)
        for model, rows in tables:
            _insert(session, model, rows, self._step)
        session.flush()  # the changes to continued cases
        histories = zip(case_ids, (c.history for c in plan.cases), strict=True)
        write_histories(session, self.register, histories)
        self.register.audit_many(session, self.audits)
        if self.progress is not None:
            self.progress(self.total, self.total)
        new_persons = [
            p for i, p in enumerate(person_ids) if p is not None and plan.known_id(i) is None
        ]
        report_ids = [_int(row["id"]) for row in reports]
        return Written(new_persons, report_ids, case_ids, len(case_ids) - continued)

    def _input(self, index: int) -> ReportInput:
        """The report as intake gets it: with its new person, or the known person's id."""
        planned = self.plan.reports[index]
        known = self.plan.known_id(planned.person)
        if known is None:
            return dataclasses.replace(planned.report, person=self.plan.persons[planned.person])
        return dataclasses.replace(planned.report, person=None, person_id=known)

    def _persons(self, order: list[int]) -> list[int | None]:
        """Ids for the new persons, in order of their first report, as intake makes them:
        none with a BSN someone in the register (or made before it) already has."""
        plan = self.plan
        person_ids = [plan.known_id(i) for i in range(len(plan.persons))]
        new: list[int] = []
        seen: set[int] = set()
        for index in order:
            person = plan.reports[index].person
            if person_ids[person] is None and person not in seen:
                seen.add(person)
                new.append(person)
        bsns = sorted({b for p in new if (b := normalise_bsn(plan.persons[p].bsn))})
        # A merged entry's BSN belongs to the person it was merged into (hidden, as in intake).
        by_bsn = (
            select(Person.bsn, func.min(Person.id))
            .where(Person.merged_into_id.is_(None))
            .group_by(Person.bsn)
        )
        taken: dict[str, int] = {
            row[0]: row[1] for row in _in_chunks(self.session, by_bsn, Person.bsn, bsns)
        }
        next_id = self._next_id(Person)
        for index in new:
            p = plan.persons[index]
            bsn = normalise_bsn(p.bsn)
            if bsn in taken:
                raise BsnTaken(taken[bsn])
            if bsn:
                taken[bsn] = next_id
            person_ids[index] = next_id
            self.person_rows.append(
                {
                    "id": next_id,
                    "family_name": p.family_name.strip(),
                    "prefix": p.prefix.strip(),
                    "given_names": p.given_names.strip(),
                    "alias": p.alias.strip(),
                    "birth_date": p.birth_date,
                    "birth_year_estimate": p.birth_year_estimate,
                    "bsn": bsn,
                    "address": p.address.strip(),
                    "postcode": p.postcode.strip().upper(),
                    "city": p.city.strip(),
                    "municipality_code": p.municipality_code,
                    "search_text": person_search_text(p),
                    "name_key": name_key(p.family_name.strip(), p.given_names.strip()),
                    "created_at": self.stamp,
                }
            )
            next_id += 1
        return person_ids

    def _reports(
        self, order: list[int], person_ids: list[int | None], open_cases: dict[int, Case]
    ) -> tuple[list[dict[str, object]], set[int]]:
        """The report rows, index for index with plan.reports, as `intake.add_report`
        writes them: a report about a known person with an open case joins it."""
        plan, user = self.plan, self.register.user
        rows: list[dict[str, object]] = [{} for _ in plan.reports]
        joined: set[int] = set()
        next_id = self._next_id(Report)
        for index in order:
            planned = plan.reports[index]
            report = planned.report
            person_id = person_ids[planned.person]
            assert person_id is not None
            known = plan.known_id(planned.person) is not None
            case = open_cases.get(person_id) if known else None  # a new person has none
            rows[index] = {
                "id": next_id,
                "received_on": report.received_on,
                "municipality_code": report.municipality_code,
                "person_id": person_id,
                "case_id": case.id if case else None,
                "reporter_kind": report.reporter.kind.value,
                "description": report.description,
                "urgency": report.urgency.value,
                "triage": (TriageDecision.OPGEPAKT if case else TriageDecision.OPEN).value,
                "triage_note": "",
                "triaged_on": report.received_on if case else None,
                "created_by": user,
                "created_at": self.stamp,
            }
            self.concern_rows += [
                {"report_id": next_id, "concern": c.value} for c in set(report.concerns)
            ]
            anonymous = report.reporter.anonymous
            self.reporter_rows.append(
                {
                    "report_id": next_id,
                    "organisation": report.reporter.organisation.strip(),
                    "name": "" if anonymous else report.reporter.name.strip(),
                    "contact": "" if anonymous else report.reporter.contact.strip(),
                    "anonymous": anonymous,
                }
            )
            if case is not None:
                joined.add(index)
                self._event(case.id, EventKind.MELDING, report.received_on, report_id=next_id)
            self.audits.append((Action.CREATE, case.id if case else None))
            next_id += 1
            self._step()
        for index, planned in enumerate(plan.reports):
            if planned.decision in NOT_TAKEN_ON and index not in joined:  # joined: as at intake
                row = rows[index]
                row["triage"] = planned.decision.value
                row["triage_note"] = planned.note.strip()
                row["triaged_on"] = planned.triaged_on or planned.report.received_on
        return rows, joined

    def _cases(
        self, reports: list[dict[str, object]], joined: set[int], open_cases: dict[int, Case]
    ) -> tuple[list[int], int]:
        """The cases in order of opening, as `intake.open_new_case` opens them, with their
        phases and closing; a planned case of reports that joined an open case continues it."""
        plan = self.plan
        team = set(self.session.scalars(select(TeamMember.id)))
        continuing = {case.id: case for case in open_cases.values()}
        states: dict[int, _CaseState] = {}
        numbers: dict[int, int] = {}
        next_id = self._next_id(Case)
        case_ids = [0] * len(plan.cases)
        continued = 0
        for index in sorted(range(len(plan.cases)), key=lambda i: plan.cases[i].opened_on):
            planned = plan.cases[index]
            first, *others = planned.reports
            joined_report = next((i for i in planned.reports if i in joined), None)
            if joined_report is not None:
                # A known person's open case: the reports joined it, the case goes on.
                case_id = _int(reports[joined_report]["case_id"])
                if case_id not in states:
                    states[case_id] = _CaseState.of(continuing[case_id])
                state = states[case_id]
                continued += 1
            else:
                if planned.owner_id is not None and planned.owner_id not in team:
                    raise FieldProblems({"owner": "Kies een dossierhouder uit het team."})
                case_id, next_id = next_id, next_id + 1
                row = reports[first]
                state = states[case_id] = _CaseState(case_id, planned.opened_on)
                number = self._number(planned.opened_on.year, numbers)
                state.row = {
                    "id": case_id,
                    "number": number,
                    "number_key": number_key(number),
                    "person_id": row["person_id"],
                    "municipality_code": row["municipality_code"],
                    "owner_id": planned.owner_id,
                    "specialism": planned.specialism.value,
                    "opened_on": planned.opened_on,
                    "last_contact_on": None,
                }
                self.case_rows.append(state.row)
                row["case_id"] = case_id
                row["triage"] = TriageDecision.OPGEPAKT.value
                row["triaged_on"] = planned.opened_on
                self._event(
                    case_id, EventKind.MELDING, _day(row["received_on"]), report_id=row["id"]
                )
                self.audits.append((Action.CREATE, case_id))
            case_ids[index] = case_id
            for other in others:
                row = reports[other]
                if other not in joined and row["case_id"] is None:
                    # A later report about someone with this open case joins it, as at intake.
                    row["case_id"] = case_id
                    row["triage"] = TriageDecision.OPGEPAKT.value
                    row["triaged_on"] = row["received_on"]
                    self._event(
                        case_id, EventKind.MELDING, _day(row["received_on"]), report_id=row["id"]
                    )
            self._step()
            if state.closed_on is not None:
                continue  # an earlier planned case of this person already closed it
            for change in planned.phase_changes:
                if state.phase == change.to.value:
                    continue
                self._event(
                    case_id,
                    EventKind.FASE,
                    change.on_date,
                    phase_from=state.phase,
                    phase_to=change.to.value,
                    note=change.reason,
                )
                state.phase, state.phase_since = change.to.value, change.on_date
            if planned.closed_on is not None and planned.outcome is not None:
                state.closed_on, state.outcome = planned.closed_on, planned.outcome.value
                self._event(
                    case_id,
                    EventKind.AFGESLOTEN,
                    planned.closed_on,
                    outcome=planned.outcome.value,
                    note=planned.close_note,
                )
        for state in states.values():
            state.settle()
        return case_ids, continued

    def _number(self, year: int, numbers: dict[int, int]) -> str:
        """The next case number of the year, as `intake.next_case_number` gives it (by
        number, so past 9999 a year too)."""
        prefix = f"{year}-"
        if year not in numbers:
            seq = cast(func.substr(Case.number, len(prefix) + 1), Integer)
            last = self.session.scalar(select(func.max(seq)).where(Case.number.like(prefix + "%")))
            numbers[year] = int(last or 0)
        numbers[year] += 1
        return f"{prefix}{numbers[year]:04d}"


PROGRESS_EVERY = 500  # steps between two progress calls
INSERT_CHUNK = 5000  # rows in one executemany
# The columns of a timeline line that `intake.case_event` leaves to the defaults.
EVENT_DEFAULTS: dict[str, object] = {
    "contact_kind": None,
    "contact_with": "",
    "contact_made": None,
    "phase_from": None,
    "phase_to": None,
    "referral_target": None,
    "referral_accepted": None,
    "measure": None,
    "outcome": None,
    "report_id": None,
    "note": "",
}
_CHUNK = 500  # values in one IN (...)


def _int(value: object) -> int:
    assert isinstance(value, int)
    return value


def _day(value: object) -> date:
    assert isinstance(value, date)
    return value


def _in_chunks(
    session: Session,
    stmt: Select[*tuple[Any, ...]],
    column: ColumnElement[Any] | InstrumentedAttribute[Any],
    keys: Sequence[Any],
) -> Iterator[Row[*tuple[Any, ...]]]:
    """The rows of `stmt` for `column` in `keys`, a chunk of keys per query."""
    for start in range(0, len(keys), _CHUNK):
        yield from session.execute(stmt.where(column.in_(keys[start : start + _CHUNK])))


def _insert(
    session: Session,
    model: type[Base],
    rows: list[dict[str, object]],
    step: Callable[[int], None],
) -> None:
    """Executemany on the table (no ORM objects, no SQLAlchemy parameters per row:
    `engine.insert_rows`), in chunks, with a step after each."""
    connection = session.connection()
    for start in range(0, len(rows), INSERT_CHUNK):
        chunk = rows[start : start + INSERT_CHUNK]
        insert_rows(connection, model, chunk)
        step(len(chunk))


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


class _Known(NamedTuple):
    """A person in the register as matching reads them (plain columns, no ORM object)."""

    id: int
    family_name: str
    prefix: str
    given_names: str
    alias: str
    birth_date: date | None
    bsn: str
    municipality_code: str
    search_text: str


def _same_name(person: _Known, p: PersonInput) -> bool:
    if p.family_name.strip():
        return (
            family_proper(person.family_name) == family_proper(p.family_name)
            and prefix_key(person.family_name, person.prefix) == prefix_key(p.family_name, p.prefix)
            and fold(person.given_names) == fold(p.given_names)
        )
    return not person.family_name and fold(person.alias) == fold(p.alias)


class RegisterPersons:
    """The register's persons, read once, to match a whole workbook against: one query
    for all of them instead of a few per row (an import of 100,000 rows). Merged persons
    (`merged_into_id`) are not found themselves: their BSN, name and birth date lead to the
    person they were merged into."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._by_bsn: dict[str, int] = {}
        self._by_birth: dict[tuple[date | None, str], list[_Known]] = {}
        self._born: dict[int, date | None] = {}
        self._reports: dict[int, dict[date, list[set[str]]]] = {}
        columns = select(
            Person.id,
            Person.family_name,
            Person.prefix,
            Person.given_names,
            Person.alias,
            Person.birth_date,
            Person.bsn,
            Person.municipality_code,
            Person.search_text,
        ).where(Person.merged_into_id.is_(None))
        for row in session.execute(columns.order_by(Person.id)):
            person = _Known(*row)
            if person.bsn:
                self._by_bsn.setdefault(person.bsn, person.id)  # the lowest id
            # Without a birth date: the same name, no birth date, in the same municipality.
            where = "" if person.birth_date else person.municipality_code
            self._by_birth.setdefault((person.birth_date, where), []).append(person)
            self._born[person.id] = person.birth_date
        # A merged entry's BSN, name and birth date lead to the person it was merged into
        # (as intake's BSN check): the workbook's rows about it are about that person.
        merged = select(
            Person.merged_into_id,
            Person.family_name,
            Person.prefix,
            Person.given_names,
            Person.alias,
            Person.birth_date,
            Person.bsn,
            Person.municipality_code,
            Person.search_text,
        ).where(Person.merged_into_id.is_not(None))
        for entry in session.execute(merged.order_by(Person.id)):
            kept = entry[0]
            if kept is None or kept not in self._born:
                continue  # merged into an entry that was merged on in turn: left out
            person = _Known(kept, *entry[1:])
            if person.bsn:
                self._by_bsn.setdefault(person.bsn, person.id)
            where = "" if person.birth_date else person.municipality_code
            self._by_birth.setdefault((person.birth_date, where), []).append(person)

    def find(self, p: PersonInput) -> InRegister:
        """The register's person this is: the one with the same BSN, else the one with the
        same name and birth date (without a birth date: the same name, no birth date
        either, in the same municipality, as the workbook's own rows are grouped)."""
        if bsn := normalise_bsn(p.bsn):
            by_bsn = self._by_bsn.get(bsn)
            if by_bsn is not None:
                born = self._born[by_bsn]
                if p.birth_date and born and born != p.birth_date:
                    return InRegister(conflict=BSN_OTHER_BIRTH)
                return InRegister(by_bsn)
        where = "" if p.birth_date else p.municipality_code
        words = fold(f"{p.family_name} {p.alias}").split()
        for person in self._by_birth.get((p.birth_date, where), ()):
            if words and words[-1] not in person.search_text:
                continue  # as the search-text index narrowed before
            if _same_name(person, p):
                if p.bsn and person.bsn and person.bsn != normalise_bsn(p.bsn):
                    return InRegister(conflict=NAME_OTHER_BSN)
                return InRegister(person.id)
        return InRegister()

    def read_reports(self, person_ids: Collection[int]) -> None:
        """Read the reports of these persons (their dates and concerns) for `has_report`."""
        ids = sorted(set(person_ids) - self._reports.keys())
        for person_id in ids:
            self._reports[person_id] = {}
        by_report: dict[int, set[str]] = {}
        stmt = select(
            Report.id, Report.person_id, Report.received_on, ReportConcern.concern
        ).outerjoin(ReportConcern, ReportConcern.report_id == Report.id)
        for report_id, owner, day, concern in _in_chunks(
            self._session, stmt, Report.person_id, ids
        ):
            if report_id not in by_report:
                by_report[report_id] = set()
                self._reports[owner].setdefault(day, []).append(by_report[report_id])
            if concern is not None:
                by_report[report_id].add(concern)

    def has_report(self, person_id: int, received_on: date, concerns: Sequence[Concern]) -> bool:
        """Whether the person already has a report of that date about the same concerns."""
        if person_id not in self._reports:
            self.read_reports([person_id])
        wanted = {c.value for c in concerns}
        return wanted in self._reports[person_id].get(received_on, [])
