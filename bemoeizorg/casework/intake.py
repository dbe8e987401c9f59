"""Recording a report (melding) and its triage. Each call is one transaction with its
access-log entries; the reporter goes into its own table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session

from bemoeizorg.domain.identity import normalise_bsn
from bemoeizorg.domain.intake import PersonInput, ReportInput, person_search_text, report_problems
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.vocabulary import EventKind, Phase, TriageDecision
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import (
    Case,
    CaseEvent,
    Person,
    Report,
    ReportConcern,
    Reporter,
    TeamMember,
)


class FieldProblems(InvalidInput):
    """Bad input, per field: `problems` maps a field name to its Dutch message."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class RecordedReport:
    report_id: int
    person_id: int
    case_id: int | None  # set when the report joined the person's open case


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def case_event(
    register: Register, case: Case, kind: EventKind, on_date: date, **fields: object
) -> CaseEvent:
    """A new timeline line of `case`, by the register's user: the one way every writer of
    events (intake, cases, meetings, the bulk import) makes one."""
    return CaseEvent(
        case_id=case.id,
        kind=kind.value,
        on_date=on_date,
        created_by=register.user,
        created_at=now_text(),
        **fields,
    )


BSN_TAKEN = "Dit BSN hoort bij een persoon in het register: kies die persoon."


class BsnTaken(FieldProblems):
    """A BSN that another person in the register already has: a person is in the register
    once. `person_id` is that person (the lowest id when an old register has several)."""

    def __init__(self, person_id: int, message: str = BSN_TAKEN) -> None:
        super().__init__({"bsn": message})
        self.person_id = person_id


def person_with_bsn(session: Session, bsn: str, other_than: int | None = None) -> int | None:
    """The person in the register with this BSN (not `other_than`), or None. The BSN is
    compared in its stored form (nine digits); an empty BSN belongs to nobody, nor does a
    person merged into another (the kept person stands for them)."""
    stored = normalise_bsn(bsn)
    if not stored:
        return None
    query = select(Person.id).where(Person.bsn == stored, Person.merged_into_id.is_(None))
    if other_than is not None:
        query = query.where(Person.id != other_than)
    return session.scalar(query.order_by(Person.id).limit(1))


def refuse_taken_bsn(
    session: Session, bsn: str, person_id: int | None = None, message: str = BSN_TAKEN
) -> None:
    """The one check that a BSN is this person's own (or nobody's): intake, the import and
    the person card all call it, so no second person ever gets a BSN in use."""
    other = person_with_bsn(session, bsn, other_than=person_id)
    if other is not None:
        raise BsnTaken(other, message)


def _new_person(session: Session, p: PersonInput) -> Person:
    refuse_taken_bsn(session, p.bsn)
    person = Person(
        family_name=p.family_name.strip(),
        prefix=p.prefix.strip(),
        given_names=p.given_names.strip(),
        alias=p.alias.strip(),
        birth_date=p.birth_date,
        birth_year_estimate=p.birth_year_estimate,
        bsn=normalise_bsn(p.bsn),
        address=p.address.strip(),
        postcode=p.postcode.strip().upper(),
        city=p.city.strip(),
        municipality_code=p.municipality_code,
        search_text=person_search_text(p),
        created_at=now_text(),
    )
    session.add(person)
    session.flush()
    return person


def open_case_of(session: Session, person_id: int) -> Case | None:
    return session.scalar(
        select(Case).where(Case.person_id == person_id, Case.closed_on.is_(None)).limit(1)
    )


def add_report(
    session: Session, register: Register, report: ReportInput, *, today: date | None = None
) -> RecordedReport:
    """The work of record_report inside a caller's transaction (the importer uses it)."""
    problems = report_problems(report, today or date.today())
    if problems:
        raise FieldProblems(problems)
    if report.person_id is not None:
        person = session.get(Person, report.person_id)
        if person is None:
            raise FieldProblems({"person": "Deze persoon staat niet (meer) in het register."})
    else:
        assert report.person is not None
        person = _new_person(session, report.person)
    case = open_case_of(session, person.id)
    row = Report(
        received_on=report.received_on,
        municipality_code=report.municipality_code,
        person_id=person.id,
        case_id=case.id if case else None,
        reporter_kind=report.reporter.kind.value,
        description=report.description,
        urgency=report.urgency.value,
        # A report about someone with an open case joins it: no separate triage needed.
        triage=(TriageDecision.OPGEPAKT if case else TriageDecision.OPEN).value,
        triaged_on=report.received_on if case else None,
        triaged_by=register.user if case else "",
        created_by=register.user,
        created_at=now_text(),
    )
    session.add(row)
    session.flush()
    session.add_all(ReportConcern(report_id=row.id, concern=c.value) for c in set(report.concerns))
    session.add(
        Reporter(
            report_id=row.id,
            organisation=report.reporter.organisation.strip(),
            name="" if report.reporter.anonymous else report.reporter.name.strip(),
            contact="" if report.reporter.anonymous else report.reporter.contact.strip(),
            anonymous=report.reporter.anonymous,
        )
    )
    if case is not None:
        session.add(
            case_event(register, case, EventKind.MELDING, report.received_on, report_id=row.id)
        )
    register.audit(session, Action.CREATE, case.id if case else None)
    return RecordedReport(row.id, person.id, case.id if case else None)


def record_report(register: Register, report: ReportInput) -> RecordedReport:
    with register.session() as session:
        return add_report(session, register, report)


def decided(register: Register, report: Report, decision: TriageDecision, on_date: date) -> None:
    """The triage decision on `report`, when, and by whom (the acting user): the one way
    every triage (and every change of one) is written, so the melding says who decided."""
    report.triage = decision.value
    report.triaged_on = on_date
    report.triaged_by = register.user


def next_case_number(session: Session, year: int) -> str:
    """The year's next number: after the highest by its number, not by its text
    ("2026-9999" is text-higher than "2026-10000": a text max gave 10000 twice)."""
    prefix = f"{year}-"
    number = cast(func.substr(Case.number, len(prefix) + 1), Integer)
    last = session.scalar(select(func.max(number)).where(Case.number.like(prefix + "%")))
    seq = int(last or 0) + 1
    return f"{prefix}{seq:04d}"


def open_new_case(
    session: Session,
    register: Register,
    report: Report,
    owner_id: int | None,
    specialism: Specialism,
    on_date: date,
) -> Case:
    if owner_id is not None and session.get(TeamMember, owner_id) is None:
        raise FieldProblems({"owner": "Kies een dossierhouder uit het team."})
    case = Case(
        number=next_case_number(session, on_date.year),
        person_id=report.person_id,
        municipality_code=report.municipality_code,
        owner_id=owner_id,
        specialism=specialism.value,
        phase=Phase.VINDEN.value,
        phase_since=on_date,
        opened_on=on_date,
    )
    session.add(case)
    session.flush()
    report.case_id = case.id
    decided(register, report, TriageDecision.OPGEPAKT, on_date)
    session.add(
        case_event(register, case, EventKind.MELDING, report.received_on, report_id=report.id)
    )
    register.audit(session, Action.CREATE, case.id)
    return case


def take_on(
    register: Register,
    report_id: int,
    owner_id: int | None,
    specialism: Specialism,
    on_date: date | None = None,
) -> int:
    """Triage: take the report on. A new case in phase vinden (or the open one it joins)."""
    on_date = on_date or date.today()
    with register.session() as session:
        report = session.get(Report, report_id)
        if report is None:
            raise InvalidInput("Deze melding bestaat niet (meer).")
        if report.case_id is not None:
            return report.case_id
        existing = open_case_of(session, report.person_id)
        if existing is not None:
            report.case_id = existing.id
            decided(register, report, TriageDecision.OPGEPAKT, on_date)
            register.audit(session, Action.CHANGE, existing.id)
            return existing.id
        return open_new_case(session, register, report, owner_id, specialism, on_date).id


def not_taken_on(
    register: Register,
    report_id: int,
    decision: TriageDecision,
    note: str,
    on_date: date | None = None,
) -> None:
    """Triage: not taken on, with the advice given or to whom the reporter was referred."""
    if decision not in (TriageDecision.ADVIES, TriageDecision.DOORVERWEZEN):
        raise InvalidInput("Kies: advies gegeven, of elders naartoe verwezen.")
    if decision is TriageDecision.DOORVERWEZEN and not note.strip():
        raise FieldProblems({"note": "Vul in naar wie de melder is verwezen."})
    with register.session() as session:
        report = session.get(Report, report_id)
        if report is None:
            raise InvalidInput("Deze melding bestaat niet (meer).")
        if report.case_id is not None:
            raise InvalidInput("Deze melding hoort al bij een casus.")
        decided(register, report, decision, on_date or date.today())
        report.triage_note = note.strip()
        register.audit(session, Action.CHANGE, None)
