"""A melding read back: everything recorded at intake and at triage, and, apart from it,
who reported (the reporter's details) for the few who may see them.

Reading a melding is logged as one view ("melding ingezien") of its case. The reporter's
name, organisation and contact are read by `read_reporter` only: it refuses anyone but a
teamleider and the case owner (dossierhouder) of the case the melding belongs to, and logs
each reading ("melder ingezien"). The refusal is here, below every screen; the screen only
hides the button from those it would refuse. Exports never import this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bemoeizorg.casework.person_card import concerns_in_order
from bemoeizorg.domain.municipalities import BY_CODE
from bemoeizorg.domain.people import Role
from bemoeizorg.domain.vocabulary import Concern, EventKind, ReporterKind, TriageDecision, Urgency
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.errors import InvalidInput, RegisterError
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Case, CaseEvent, Report, ReportConcern, Reporter, TeamMember

REPORT_READ = "melding ingezien"
REPORTER_READ = "melder ingezien"


class ReporterNotAllowed(RegisterError):
    """The acting user may not see who reported this melding."""

    def __init__(self) -> None:
        super().__init__(
            "Alleen de dossierhouder van de casus en een teamleider mogen de "
            "contactgegevens van de melder inzien."
        )


@dataclass(frozen=True, slots=True)
class ReportRecord:
    """A melding as recorded, without its reporter's identity (only the kind)."""

    report_id: int
    person_id: int
    case_id: int | None
    case_number: str  # "" when the melding belongs to no case
    received_on: date
    municipality: str  # the municipality's name
    reporter_kind: ReporterKind
    concerns: tuple[Concern, ...]
    description: str
    urgency: Urgency
    triage: TriageDecision
    triage_note: str  # the advice given, or to whom the reporter was referred
    triaged_on: date | None
    triaged_by: str  # "" when the register does not say
    recorded_by: str
    recorded_at: str  # ISO moment, UTC
    may_see_reporter: bool  # the acting user may read the reporter (read_reporter)


@dataclass(frozen=True, slots=True)
class ReporterDetails:
    kind: ReporterKind
    organisation: str
    name: str
    contact: str
    anonymous: bool


def _report(session: Session, report_id: int) -> Report:
    report = session.get(Report, report_id)
    if report is None:
        raise InvalidInput("Deze melding bestaat niet (meer).")
    return report


def _may_see_reporter(session: Session, register: Register, role: Role, report: Report) -> bool:
    """A teamleider, or the case owner of the case the melding belongs to."""
    if role is Role.TEAMLEIDER:
        return True
    if report.case_id is None:
        return False
    owner = session.scalar(
        select(TeamMember.name)
        .join(Case, Case.owner_id == TeamMember.id)
        .where(Case.id == report.case_id)
    )
    return owner is not None and owner.casefold() == register.user.casefold()


def _triaged_by(session: Session, report: Report) -> str:
    """Who made the triage decision: the melding says so since migration 0008 (every triage
    and every change of one writes it). For a melding triaged before, the best the register
    knows: who wrote its line on the case's timeline when it was taken on; otherwise ""."""
    if report.triaged_by:
        return report.triaged_by
    if report.triage != TriageDecision.OPGEPAKT.value:
        return ""
    by = session.scalar(
        select(CaseEvent.created_by)
        .where(CaseEvent.report_id == report.id, CaseEvent.kind == EventKind.MELDING.value)
        .order_by(CaseEvent.id)
        .limit(1)
    )
    return by or ""


def read_report(register: Register, report_id: int) -> ReportRecord:
    """A melding as recorded (logged as one view of its case: "melding ingezien")."""
    role = register.role()
    with register.session() as session:
        report = _report(session, report_id)
        concerns = concerns_in_order(
            session.scalars(
                select(ReportConcern.concern).where(ReportConcern.report_id == report_id)
            )
        )
        number = ""
        if report.case_id is not None:
            number = session.scalar(select(Case.number).where(Case.id == report.case_id)) or ""
        municipality = BY_CODE.get(report.municipality_code)
        record = ReportRecord(
            report_id=report.id,
            person_id=report.person_id,
            case_id=report.case_id,
            case_number=number,
            received_on=report.received_on,
            municipality=municipality.name if municipality else "",
            reporter_kind=ReporterKind(report.reporter_kind),
            concerns=concerns,
            description=report.description,
            urgency=Urgency(report.urgency),
            triage=TriageDecision(report.triage),
            triage_note=report.triage_note,
            triaged_on=report.triaged_on,
            triaged_by=_triaged_by(session, report),
            recorded_by=report.created_by,
            recorded_at=report.created_at,
            may_see_reporter=_may_see_reporter(session, register, role, report),
        )
        register.audit(session, Action.VIEW, report.case_id, detail=REPORT_READ)
        return record


def read_reporter(register: Register, report_id: int) -> ReporterDetails:
    """Who reported this melding: for a teamleider and the case owner only (anyone else is
    refused with ReporterNotAllowed, and nothing is read). Each reading is logged."""
    role = register.role()
    with register.session() as session:
        report = _report(session, report_id)
        if not _may_see_reporter(session, register, role, report):
            raise ReporterNotAllowed()
        reporter = session.get(Reporter, report_id)
        register.audit(session, Action.VIEW, report.case_id, detail=REPORTER_READ)
        kind = ReporterKind(report.reporter_kind)
        if reporter is None:  # not expected: intake always writes one
            return ReporterDetails(kind, "", "", "", kind is ReporterKind.ANONIEM)
        return ReporterDetails(
            kind=kind,
            organisation=reporter.organisation,
            name=reporter.name,
            contact=reporter.contact,
            anonymous=reporter.anonymous,
        )
