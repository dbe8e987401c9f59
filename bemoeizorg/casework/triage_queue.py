"""Meldingen that are not (or not yet) a case: the triage queue and the reports not taken on.

"Te beoordelen": meldingen left for "Later beoordelen" (triage still open), with how many
days they have waited. "Niet opgepakt": meldingen answered with advice or a referral of the
reporter elsewhere, findable afterwards. A team lead may change such a decision
(`change_triage`): to the other "not taken on" answer, or into a case. The register has no
history table for triage, so the decision that is replaced is kept in three places: the
access-log entry names the old and new decision (the program's own labels, never typed
text), the melding's triage note keeps a line with the old decision, its date and its note,
and a case made from it gets a timeline note saying what was decided before.

Lists are logged like the case lists (casework/case_list.py): one VIEW entry without a
case id for a call that shows at least one row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, case, select
from sqlalchemy.orm import Session

from bemoeizorg.casework.intake import (
    FieldProblems,
    case_event,
    decided,
    open_case_of,
    open_new_case,
)
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.identity import display_name
from bemoeizorg.domain.municipalities import BY_CODE
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.vocabulary import Concern, EventKind, TriageDecision, Urgency
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Person, Report, ReportConcern

WAITING_READ = "meldingen te beoordelen ingezien"
NOT_TAKEN_ON_READ = "meldingen niet opgepakt ingezien"
# What "Alleen een teamleider mag ..." says (the store's refusal, and the UI's grey line).
CHANGE_TRIAGE = "een beoordeling wijzigen"
TRIAGE_WAITING = "meldingen uit de wachtrij beoordelen"
CHANGED = "beoordeling gewijzigd: {old} > {new}"
EARLIER = "Eerder ({day}): {decision}"
EARLIER_NOTE = "Eerder ({day}): {decision}: {note}"
CASE_NOTE = "Melding van {received} eerder beoordeeld als {decision} ({day}){note}. {what}"
MADE_CASE = "Op {day} omgezet naar deze casus."
JOINED_CASE = "Op {day} bij deze casus gevoegd."
NOT_TAKEN_ON = (TriageDecision.ADVIES, TriageDecision.DOORVERWEZEN)
DEFAULT_LIMIT = 500
_URGENCY_RANK = {Urgency.CRISIS.value: 0, Urgency.HOOG.value: 1, Urgency.NORMAAL.value: 2}


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One melding in a list: whom it is about, when, where, what about, what was decided."""

    report_id: int
    person_id: int
    name: str
    received_on: date
    days_waiting: int  # since it was received (today for the queue; for the rest, too)
    municipality_code: str
    municipality: str
    concerns: tuple[Concern, ...]
    urgency: Urgency
    triage: TriageDecision
    triage_note: str  # the advice given or to whom referred, with earlier decisions below
    triaged_on: date | None


@dataclass(frozen=True, slots=True)
class TriageChanged:
    report_id: int
    decision: TriageDecision
    case_id: int | None  # the case the melding now belongs to
    case_number: str


def _concerns(session: Session, report_ids: list[int]) -> dict[int, tuple[Concern, ...]]:
    found: dict[int, list[Concern]] = defaultdict(list)
    if report_ids:
        for report_id, concern in session.execute(
            select(ReportConcern.report_id, ReportConcern.concern).where(
                ReportConcern.report_id.in_(report_ids)
            )
        ):
            found[report_id].append(Concern(concern))
    order = list(Concern)
    return {rid: tuple(sorted(values, key=order.index)) for rid, values in found.items()}


def _rows(
    session: Session,
    where: list[ColumnElement[bool]],
    order: list[Any],
    today: date,
    limit: int,
) -> list[ReportRow]:
    query = (
        select(
            Report.id,
            Report.person_id,
            Person.given_names,
            Person.prefix,
            Person.family_name,
            Person.alias,
            Report.received_on,
            Report.municipality_code,
            Report.urgency,
            Report.triage,
            Report.triage_note,
            Report.triaged_on,
        )
        .join(Person, Person.id == Report.person_id)
        .where(*where)
        .order_by(*order)
        .limit(limit)
    )
    found = session.execute(query).all()
    concerns = _concerns(session, [row[0] for row in found])
    rows: list[ReportRow] = []
    for rid, pid, given, prefix, family, alias, received, muni, urg, triage, note, on in found:
        municipality = BY_CODE.get(muni)
        rows.append(
            ReportRow(
                report_id=rid,
                person_id=pid,
                name=display_name(given, prefix, family) or alias,
                received_on=received,
                days_waiting=max((today - received).days, 0),
                municipality_code=muni,
                municipality=municipality.name if municipality else muni,
                concerns=concerns.get(rid, ()),
                urgency=Urgency(urg),
                triage=TriageDecision(triage),
                triage_note=note or "",
                triaged_on=on,
            )
        )
    return rows


def waiting_rows(session: Session, today: date, limit: int = DEFAULT_LIMIT) -> list[ReportRow]:
    """Meldingen still to be triaged: most urgent first, then the longest waiting. Inside a
    caller's transaction; logs nothing (waiting_reports and Mijn werk do)."""
    rank = case(_URGENCY_RANK, value=Report.urgency, else_=9)
    where: list[ColumnElement[bool]] = [
        Report.triage == TriageDecision.OPEN.value,
        Report.case_id.is_(None),
    ]
    return _rows(session, where, [rank, Report.received_on, Report.id], today, limit)


def waiting_reports(register: Register, today: date | None = None) -> list[ReportRow]:
    """The triage queue ("Te beoordelen"); one VIEW entry when rows show."""
    with register.session() as session:
        rows = waiting_rows(session, today or date.today())
        if rows:
            register.audit(session, Action.VIEW, None, detail=WAITING_READ)
        return rows


def reports_not_taken_on(
    register: Register,
    municipality_code: str | None = None,
    today: date | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[ReportRow]:
    """Meldingen answered with advice or a referral elsewhere, the newest first (of one
    municipality when given); one VIEW entry when rows show."""
    where: list[ColumnElement[bool]] = [
        Report.triage.in_([d.value for d in NOT_TAKEN_ON]),
        Report.case_id.is_(None),
    ]
    if municipality_code:
        where.append(Report.municipality_code == municipality_code)
    order: list[Any] = [Report.received_on.desc(), Report.id.desc()]
    with register.session() as session:
        rows = _rows(session, where, order, today or date.today(), limit)
        if rows:
            register.audit(session, Action.VIEW, None, detail=NOT_TAKEN_ON_READ)
        return rows


# --- changing a decision ---------------------------------------------------------------------


def _when_by(report: Report) -> str:
    """When the decision being replaced was made, and by whom when the melding says so
    (report.triaged_by is overwritten by the new decision: this line keeps the old one)."""
    day = date_text(report.triaged_on) if report.triaged_on else "?"
    return f"{day}, door {report.triaged_by}" if report.triaged_by else day


def _earlier(report: Report) -> str:
    """The line that keeps the decision being replaced on the melding."""
    decision = TriageDecision(report.triage).label
    day = _when_by(report)
    note = report.triage_note.strip()
    if note:
        return EARLIER_NOTE.format(day=day, decision=decision, note=note)
    return EARLIER.format(day=day, decision=decision)


def _with_history(new_note: str, report: Report) -> str:
    return "\n".join(part for part in (new_note.strip(), _earlier(report)) if part)


def _case_note(report: Report, on_date: date, joined: bool) -> str:
    note = report.triage_note.strip()
    what = (JOINED_CASE if joined else MADE_CASE).format(day=date_text(on_date))
    return CASE_NOTE.format(
        received=date_text(report.received_on),
        decision=f"‘{TriageDecision(report.triage).label}’",
        day=_when_by(report),
        note=f": {note}" if note else "",
        what=what,
    )


def change_triage(
    register: Register,
    report_id: int,
    decision: TriageDecision,
    *,
    note: str = "",
    owner_id: int | None = None,
    specialism: Specialism = Specialism.VOLWASSENEN,
    on_date: date | None = None,
) -> TriageChanged:
    """A team lead changes the decision on a melding that was not taken on: the other
    answer (advice / referred elsewhere, with its note), or taken on after all (a new case
    in phase vinden, or the person's open case it joins). One CHANGE entry names the old
    and the new decision; the old one stays on the melding (and on the case's timeline)."""
    register.require_teamleider(CHANGE_TRIAGE)
    on_date = on_date or date.today()
    if decision is TriageDecision.DOORVERWEZEN and not note.strip():
        raise FieldProblems({"note": "Vul in naar wie de melder is verwezen."})
    if decision is TriageDecision.OPEN:
        raise InvalidInput("Kies een nieuwe beoordeling: oppakken, advies of verwezen.")
    with register.session() as session:
        report = session.get(Report, report_id)
        if report is None:
            raise InvalidInput("Deze melding bestaat niet (meer).")
        old = TriageDecision(report.triage)
        if report.case_id is not None or old not in NOT_TAKEN_ON:
            raise InvalidInput(
                "Alleen de beoordeling van een melding die niet is opgepakt kan hier "
                "worden gewijzigd."
            )
        detail = CHANGED.format(old=old.label, new=decision.label)
        if decision is TriageDecision.OPGEPAKT:
            existing = open_case_of(session, report.person_id)
            timeline_note = _case_note(report, on_date, joined=existing is not None)
            report.triage_note = _with_history("", report)
            if existing is not None:
                report.case_id = existing.id
                decided(register, report, TriageDecision.OPGEPAKT, on_date)
                session.add(
                    case_event(
                        register,
                        existing,
                        EventKind.MELDING,
                        report.received_on,
                        report_id=report.id,
                    )
                )
                target = existing
            else:
                target = open_new_case(session, register, report, owner_id, specialism, on_date)
            session.add(
                case_event(register, target, EventKind.NOTITIE, on_date, note=timeline_note)
            )
            register.audit(session, Action.CHANGE, target.id, detail=detail)
            return TriageChanged(report.id, decision, target.id, target.number)
        report.triage_note = _with_history(note, report)
        decided(register, report, decision, on_date)
        register.audit(session, Action.CHANGE, None, detail=detail)
        return TriageChanged(report.id, decision, None, "")
