"""Bewaartermijnen in the register: what is due, and removing it for good once a team lead
has confirmed. The terms are team policy (casework/team_policy.py): anyone may read them
and see what is due; only a teamleider changes them or applies them (the store refuses
anyone else with NotAllowed).

- The reporter's name, organisation and contact are wiped in place (the kind of reporter
  stays, for the counts) when the case was closed, or the report without a case was
  assessed, longer ago than the reporter term.
- A closed case past its term is deleted with everything of it: its reports and their
  reporters, timeline, ZRM scores, actions, agenda items, disclosure entries and drafts;
  the person too when nothing else refers to them.
- A report that led to no case is deleted after its own term.
- Access-log entries written more than five years ago are removed from the start of the
  chain only: from its first entry up to, not including, the first entry written since.
  An old date further on (a wrong clock once) keeps everything after it. The chain's new
  start is sealed under the log head's MAC, and the removal's own log entry names which
  entries went (under the entries' MAC). A log whose head or removed part does not verify
  loses nothing.

Deleting runs with `secure_delete` on (freed pages are overwritten), then VACUUM gives
the space back. What remains is a deletion record per kind (how many, under which rule,
who confirmed it) and one access-log entry per deleted or wiped case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bemoeizorg.casework.person_merge import forget_persons, orphaned_persons
from bemoeizorg.casework.team_policy import (
    APPLY_RETENTION,
    CHANGE_TERMS,
    read_settings,
    write_settings,
)
from bemoeizorg.domain.municipalities import BY_CODE
from bemoeizorg.domain.retention import (
    ACCESS_LOG_YEARS,
    TERMS,
    RetentionPolicy,
    years_before,
)
from bemoeizorg.domain.vocabulary import Outcome, TriageDecision
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import (
    AgendaItem,
    Case,
    CaseAction,
    CaseEvent,
    DeletionRecord,
    Disclosure,
    Draft,
    Report,
    ReportConcern,
    Reporter,
    ZrmScore,
)
from bemoeizorg.store.sql_functions import erase_for_good

SETTING_PREFIX = "retention."


@dataclass(frozen=True, slots=True)
class DueCase:
    case_id: int
    number: str
    municipality: str
    closed_on: date
    outcome: Outcome | None


@dataclass(frozen=True, slots=True)
class DueReport:
    report_id: int
    municipality: str
    received_on: date
    triaged_on: date | None


@dataclass(frozen=True, slots=True)
class RetentionReview:
    """What is due on `today` under `policy`: shown to the team lead before anything goes."""

    today: date
    policy: RetentionPolicy
    reporters: tuple[int, ...]  # report ids whose reporter details are to be wiped
    reporter_cases: tuple[str, ...]  # the case numbers those belong to (for the screen)
    cases: tuple[DueCase, ...]
    reports: tuple[DueReport, ...]
    log_entries: int
    log_before: date

    @property
    def empty(self) -> bool:
        return not (self.reporters or self.cases or self.reports or self.log_entries)


@dataclass(frozen=True, slots=True)
class RetentionDone:
    reporters: int
    cases: int
    reports: int
    persons: int
    log_entries: int
    space_reclaimed: bool = True


# --- the policy ------------------------------------------------------------------------------


def load_policy(register: Register) -> RetentionPolicy:
    with register.session() as session:
        stored = read_settings(session, SETTING_PREFIX)
    values = {}
    for term in TERMS:
        raw = stored.get(SETTING_PREFIX + term.key)
        try:
            value = int(raw) if raw is not None else term.default
        except ValueError:
            value = term.default
        values[term.key] = value if term.low <= value <= term.high else term.default
    return RetentionPolicy(**values)


def save_policy(register: Register, policy: RetentionPolicy) -> None:
    """Teamleider only; logged as a settings change."""
    register.require_teamleider(CHANGE_TERMS)
    if problems := policy.problems():
        from bemoeizorg.casework.intake import FieldProblems

        raise FieldProblems(problems)
    with register.session() as session:
        write_settings(
            session, {SETTING_PREFIX + t.key: str(getattr(policy, t.key)) for t in TERMS}
        )
        register.audit(session, Action.SETTINGS)


# --- what is due -----------------------------------------------------------------------------


def _reporters_due(session: Session, today: date, years: int) -> list[tuple[int, str]]:
    cutoff = years_before(today, years)
    has_details = or_(Reporter.name != "", Reporter.contact != "", Reporter.organisation != "")
    closed_case = (
        select(Reporter.report_id, Case.number)
        .join(Report, Report.id == Reporter.report_id)
        .join(Case, Case.id == Report.case_id)
        .where(has_details, Case.closed_on.is_not(None), Case.closed_on <= cutoff)
    )
    no_case = (
        select(Reporter.report_id, Report.id)
        .join(Report, Report.id == Reporter.report_id)
        .where(
            has_details,
            Report.case_id.is_(None),
            Report.triage != TriageDecision.OPEN.value,
            Report.triaged_on <= cutoff,
        )
    )
    found = [(rid, number) for rid, number in session.execute(closed_case)]
    found += [(rid, f"melding {rid}") for rid, _ in session.execute(no_case)]
    return sorted(found)


def review(register: Register, today: date | None = None) -> RetentionReview:
    """What the rules say is due today. Reading it is no case read: it shows case numbers,
    dates and municipalities only."""
    today = today or date.today()
    policy = load_policy(register)
    with register.session() as session:
        reporters = _reporters_due(session, today, policy.reporter_years)
        case_cutoff = years_before(today, policy.case_years)
        cases = tuple(
            DueCase(
                c.id,
                c.number,
                BY_CODE[c.municipality_code].name,
                c.closed_on,
                Outcome(c.outcome) if c.outcome else None,
            )
            for c in session.scalars(
                select(Case)
                .where(Case.closed_on.is_not(None), Case.closed_on <= case_cutoff)
                .order_by(Case.closed_on, Case.number)
            )
            if c.closed_on is not None
        )
        report_cutoff = years_before(today, policy.report_years)
        reports = tuple(
            DueReport(r.id, BY_CODE[r.municipality_code].name, r.received_on, r.triaged_on)
            for r in session.scalars(
                select(Report)
                .where(
                    Report.case_id.is_(None),
                    Report.triage != TriageDecision.OPEN.value,
                    Report.triaged_on <= report_cutoff,
                )
                .order_by(Report.received_on)
            )
        )
        log_before = years_before(today, ACCESS_LOG_YEARS)
        log_entries = register.access_log.old_start(session, log_before.isoformat())
    # Reporters of cases and reports that are deleted anyway need no separate wiping.
    deleted = {c.number for c in cases}
    deleted_reports = {r.report_id for r in reports}
    kept_reporters = [
        (rid, n) for rid, n in reporters if n not in deleted and rid not in deleted_reports
    ]
    return RetentionReview(
        today=today,
        policy=policy,
        reporters=tuple(rid for rid, _ in kept_reporters),
        reporter_cases=tuple(sorted({n for _, n in kept_reporters})),
        cases=cases,
        reports=reports,
        log_entries=int(log_entries or 0),
        log_before=log_before,
    )


# --- removing --------------------------------------------------------------------------------


def _delete_reports(session: Session, report_ids: list[int]) -> None:
    if not report_ids:
        return
    session.execute(delete(ReportConcern).where(ReportConcern.report_id.in_(report_ids)))
    session.execute(delete(Reporter).where(Reporter.report_id.in_(report_ids)))
    session.execute(delete(CaseEvent).where(CaseEvent.report_id.in_(report_ids)))
    session.execute(delete(Report).where(Report.id.in_(report_ids)))


def _delete_case(session: Session, case_id: int) -> None:
    report_ids = list(session.scalars(select(Report.id).where(Report.case_id == case_id)))
    # ZRM scores name their timeline line (migration 0008): they go before the lines.
    session.execute(delete(ZrmScore).where(ZrmScore.case_id == case_id))
    session.execute(delete(CaseEvent).where(CaseEvent.case_id == case_id))
    _delete_reports(session, report_ids)
    for model in (CaseAction, AgendaItem, Disclosure):
        session.execute(delete(model).where(model.case_id == case_id))
    session.execute(delete(Draft).where(Draft.case_id == case_id))
    session.execute(delete(Case).where(Case.id == case_id))


def _orphaned_persons(session: Session) -> int:
    # With their contact persons, earlier values and merge records, and an entry merged
    # into them; an entry merged into a person who stays is kept (casework.person_merge).
    ids = orphaned_persons(session)
    if ids:
        forget_persons(session, ids)
    return len(ids)


def apply(register: Register, confirmed: RetentionReview) -> RetentionDone:
    """Remove what the team lead confirmed, for good: a teamleider only. Checks again that
    each item is still due (nothing reopened meanwhile); one transaction, then the space is
    reclaimed."""
    register.require_teamleider(APPLY_RETENTION)
    fresh = review(register, confirmed.today)
    cases = [c for c in confirmed.cases if c in fresh.cases]
    reports = [r for r in confirmed.reports if r in fresh.reports]
    reporters = [r for r in confirmed.reporters if r in fresh.reporters]
    if not (cases or reports or reporters or fresh.log_entries):
        raise InvalidInput("Er is niets (meer) dat volgens de bewaartermijnen weg moet.")
    policy = fresh.policy
    with register.session() as session:
        erase_for_good(session)
        wiped_cases: set[int] = set()
        for report_id in reporters:
            session.execute(
                update(Reporter)
                .where(Reporter.report_id == report_id)
                .values(name="", contact="", organisation="")
            )
            case_id = session.scalar(select(Report.case_id).where(Report.id == report_id))
            if case_id is not None:
                wiped_cases.add(case_id)
        for case_id in sorted(wiped_cases):
            register.audit(session, Action.CHANGE, case_id)
        for due in cases:
            _delete_case(session, due.case_id)
            register.audit(session, Action.DELETE, due.case_id)
        _delete_reports(session, [r.report_id for r in reports])
        if reports:
            register.audit(session, Action.DELETE)
        persons = _orphaned_persons(session)
        removed = register.access_log.remove_start(session, fresh.log_before.isoformat())
        log_entries = removed.count if removed else 0
        records = [
            ("melder gewist", len(reporters), f"{policy.reporter_years} jaar na afsluiten"),
            ("casus verwijderd", len(cases), f"{policy.case_years} jaar na afsluiten"),
            ("melding verwijderd", len(reports), f"{policy.report_years} jaar na beoordeling"),
            ("persoon verwijderd", persons, "geen casus of melding meer"),
            ("logboekregel verwijderd", log_entries, f"ouder dan {ACCESS_LOG_YEARS} jaar"),
        ]
        for kind, count, rule in records:
            if count:
                session.add(
                    DeletionRecord(
                        deleted_on=confirmed.today,
                        kind=kind,
                        count=count,
                        rule=rule,
                        confirmed_by=register.user,
                    )
                )
        if removed:
            register.audit(
                session,
                Action.DELETE,
                detail=removed.detail(fresh.log_before, ACCESS_LOG_YEARS),  # verify reads it back
            )
    # Removed for good already (committed, secure_delete overwrote the pages); giving the
    # space back may fail on a full disk without undoing anything.
    reclaimed = True
    try:
        register.vacuum()
    except (SQLAlchemyError, OSError, MemoryError):
        reclaimed = False
    return RetentionDone(len(reporters), len(cases), len(reports), persons, log_entries, reclaimed)


def deletion_records(register: Register) -> list[DeletionRecord]:
    with register.session() as session:
        return list(session.scalars(select(DeletionRecord).order_by(DeletionRecord.id.desc())))
