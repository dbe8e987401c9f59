"""Meldingen outside the cases in the store: the triage queue, the meldingen not taken on,
changing a decision (team lead, logged, the old decision kept), and Mijn werk's week."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from bemoeizorg.casework import cases, corrections
from bemoeizorg.casework.intake import FieldProblems, not_taken_on, record_report, take_on
from bemoeizorg.casework.my_work import MY_WORK_READ, week_plan
from bemoeizorg.casework.report_reading import read_report
from bemoeizorg.casework.triage_queue import (
    NOT_TAKEN_ON_READ,
    WAITING_READ,
    change_triage,
    reports_not_taken_on,
    waiting_reports,
)
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.people import Role, Specialism
from bemoeizorg.domain.vocabulary import (
    Concern,
    EventKind,
    Outcome,
    ReporterKind,
    TriageDecision,
    Urgency,
)
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.errors import InvalidInput, NotAllowed
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import AccessLogEntry, Case, CaseEvent, Report
from tests.builders import LEAD, OTHER, ROERMOND, STRONG, VENLO, days_ago, new_case, team_member

WORKER = "Wim Werker"


def melding(
    register: Register,
    family: str,
    *,
    received_days_ago: int = 0,
    municipality: str = ROERMOND,
    urgency: Urgency = Urgency.NORMAAL,
    person_id: int | None = None,
) -> int:
    """A melding recorded and left for "Later beoordelen" (its triage stays open)."""
    report = ReportInput(
        received_on=days_ago(received_days_ago),
        municipality_code=municipality,
        reporter=ReporterInput(ReporterKind.BUURT, name="Buurvrouw Merelbeek"),
        person=None if person_id else PersonInput(family, municipality, given_names="Kees"),
        person_id=person_id,
        concerns=(Concern.VERVUILING, Concern.SCHULDEN),
        urgency=urgency,
    )
    return record_report(register, report).report_id


def entries(register: Register) -> list[tuple[str, int | None, str]]:
    with register.session() as session:
        rows = session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id))
        return [(e.action, e.case_id, e.detail) for e in rows]


def as_worker(register: Register) -> Register:
    """The same register unlocked by a bemoeizorger (the caller's register is locked)."""
    register.add_user(WORKER, Role.BEMOEIZORGER, OTHER)
    path = register.path
    register.lock()
    return Register.unlock(path, WORKER, OTHER)


# --- the queue -------------------------------------------------------------------------------


def test_the_queue_holds_waiting_meldingen_with_their_age(register: Register) -> None:
    old = melding(register, "Aarts", received_days_ago=12)
    crisis = melding(register, "Bosman", received_days_ago=2, urgency=Urgency.CRISIS)
    new = melding(register, "Coenen", received_days_ago=0)
    taken = melding(register, "Driessen", received_days_ago=5)
    take_on(register, taken, None, Specialism.VOLWASSENEN)
    advised = melding(register, "Evers", received_days_ago=3)
    not_taken_on(register, advised, TriageDecision.ADVIES, "")
    before = len(entries(register))

    rows = waiting_reports(register)
    # The most urgent first, then the longest waiting.
    assert [r.report_id for r in rows] == [crisis, old, new]
    first = rows[1]
    assert first.name == "Kees Aarts" and first.days_waiting == 12
    assert first.municipality == "Roermond"
    assert first.concerns == (Concern.SCHULDEN, Concern.VERVUILING)
    assert rows[0].urgency is Urgency.CRISIS and rows[2].days_waiting == 0
    assert entries(register)[before:] == [(Action.VIEW.value, None, WAITING_READ)]

    take_on(register, old, None, Specialism.VOLWASSENEN)
    assert old not in [r.report_id for r in waiting_reports(register)]


def test_an_empty_queue_logs_nothing(register: Register) -> None:
    before = len(entries(register))
    assert waiting_reports(register) == []
    assert len(entries(register)) == before


def test_meldingen_not_taken_on_are_findable(register: Register) -> None:
    advice = melding(register, "Aarts", received_days_ago=20)
    not_taken_on(register, advice, TriageDecision.ADVIES, "Buurvrouw gewezen op het wijkteam")
    referred = melding(register, "Bosman", received_days_ago=4, municipality=VENLO)
    not_taken_on(register, referred, TriageDecision.DOORVERWEZEN, "Huisarts")
    melding(register, "Coenen")  # still waiting: not in this list
    before = len(entries(register))

    rows = reports_not_taken_on(register)
    assert [r.report_id for r in rows] == [referred, advice]  # the newest first
    assert rows[0].triage is TriageDecision.DOORVERWEZEN and rows[0].triage_note == "Huisarts"
    assert rows[0].municipality == "Venlo" and rows[0].triaged_on == date.today()
    assert rows[1].triage is TriageDecision.ADVIES
    assert entries(register)[before:] == [(Action.VIEW.value, None, NOT_TAKEN_ON_READ)]
    assert [r.report_id for r in reports_not_taken_on(register, VENLO)] == [referred]


# --- changing a decision ---------------------------------------------------------------------


def test_advice_becomes_a_case_and_the_old_decision_stays(register: Register) -> None:
    owner = team_member(register)
    report_id = melding(register, "Aarts", received_days_ago=20)
    not_taken_on(
        register, report_id, TriageDecision.ADVIES, "Gewezen op het wijkteam", days_ago(19)
    )
    before = len(entries(register))

    changed = change_triage(
        register, report_id, TriageDecision.OPGEPAKT, owner_id=owner, on_date=date.today()
    )

    assert changed.case_id is not None and changed.case_number.endswith("-0001")
    with register.session() as s:
        report = s.get(Report, report_id)
        assert report is not None
        assert report.case_id == changed.case_id and report.triage == "opgepakt"
        assert report.triaged_on == date.today()
        earlier = f"Eerder ({days_ago(19):%d-%m-%Y}, door {LEAD}): Niet opgepakt: advies gegeven"
        assert report.triage_note == f"{earlier}: Gewezen op het wijkteam"
        case = s.get(Case, changed.case_id)
        assert case is not None and case.owner_id == owner
        kinds = [
            (e.kind, e.note)
            for e in s.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id))
        ]
    assert kinds[0] == (EventKind.MELDING.value, "")
    assert kinds[1][0] == EventKind.NOTITIE.value
    assert "eerder beoordeeld als ‘Niet opgepakt: advies gegeven’" in kinds[1][1]
    assert f"({days_ago(19):%d-%m-%Y}, door {LEAD})" in kinds[1][1]  # who decided then
    assert "Gewezen op het wijkteam" in kinds[1][1] and "omgezet naar deze casus" in kinds[1][1]
    detail = "beoordeling gewijzigd: Niet opgepakt: advies gegeven > Opgepakt"
    assert entries(register)[before:] == [
        (Action.CREATE.value, changed.case_id, ""),
        (Action.CHANGE.value, changed.case_id, detail),
    ]
    assert reports_not_taken_on(register) == []


def test_advice_for_someone_with_an_open_case_joins_it(register: Register) -> None:
    advised = melding(register, "Aarts", received_days_ago=30)
    not_taken_on(register, advised, TriageDecision.ADVIES, "", days_ago(30))
    with register.session() as s:
        report = s.get(Report, advised)
        assert report is not None
        person_id = report.person_id
    # A later melding about the same person was taken on: the advice joins that case.
    later = melding(register, "", person_id=person_id, received_days_ago=2)
    case_id = take_on(register, later, None, Specialism.VOLWASSENEN)
    changed = change_triage(register, advised, TriageDecision.OPGEPAKT)
    assert changed.case_id == case_id
    with register.session() as s:
        lines = s.execute(
            select(CaseEvent.kind, CaseEvent.report_id).where(CaseEvent.case_id == case_id)
        ).all()
    assert (EventKind.MELDING.value, advised) in lines
    assert (EventKind.NOTITIE.value, None) in lines and len(lines) == 3


def test_advice_changed_into_a_referral_keeps_the_advice(register: Register) -> None:
    report_id = melding(register, "Aarts")
    not_taken_on(register, report_id, TriageDecision.ADVIES, "Gewezen op het wijkteam")
    with pytest.raises(FieldProblems) as refused:
        change_triage(register, report_id, TriageDecision.DOORVERWEZEN, note="  ")
    assert "note" in refused.value.problems
    change_triage(register, report_id, TriageDecision.DOORVERWEZEN, note="GGZ Noord-Limburg")
    row = reports_not_taken_on(register)[0]
    assert row.triage is TriageDecision.DOORVERWEZEN
    assert row.triage_note.splitlines() == [
        "GGZ Noord-Limburg",
        f"Eerder ({date.today():%d-%m-%Y}, door {LEAD}): Niet opgepakt: advies gegeven: "
        "Gewezen op het wijkteam",
    ]
    assert entries(register)[-2][:2] == (Action.CHANGE.value, None)


def test_only_a_decision_not_to_take_on_can_be_changed(register: Register) -> None:
    waiting = melding(register, "Aarts")
    with pytest.raises(InvalidInput):
        change_triage(register, waiting, TriageDecision.OPGEPAKT)
    taken = melding(register, "Bosman")
    take_on(register, taken, None, Specialism.VOLWASSENEN)
    with pytest.raises(InvalidInput):
        change_triage(register, taken, TriageDecision.ADVIES)


def test_a_bemoeizorger_may_not_change_a_decision(register: Register) -> None:
    report_id = melding(register, "Aarts")
    not_taken_on(register, report_id, TriageDecision.ADVIES, "")
    worker = as_worker(register)
    try:
        with pytest.raises(NotAllowed, match="Alleen een teamleider mag een beoordeling"):
            change_triage(worker, report_id, TriageDecision.OPGEPAKT)
        with worker.session() as s:
            report = s.get(Report, report_id)
            assert report is not None and report.triage == TriageDecision.ADVIES.value
    finally:
        worker.lock()


# --- Mijn werk's week ------------------------------------------------------------------------


def test_the_week_holds_actions_due_soon_and_those_past_due(register: Register) -> None:
    anna = team_member(register, LEAD)
    case_id = new_case(register, family_name="Aarts", owner_id=anna, opened_days_ago=10)
    today = date.today()
    soon = cases.add_action(register, case_id, "Huisarts bellen", "Anna", today + timedelta(3))
    late = cases.add_action(register, case_id, "Schuldhulp", "Anna", today - timedelta(2))
    cases.add_action(register, case_id, "Later", "Anna", today + timedelta(8))
    cases.add_action(register, case_id, "Geen datum", "Anna", None)
    done = cases.add_action(register, case_id, "Gedaan", "Anna", today + timedelta(1))
    corrections.complete_action(register, done, today)
    closed = new_case(register, family_name="Bosman", owner_id=anna)
    cases.add_action(register, closed, "Van een gesloten casus", "Anna", today)
    cases.close_case(register, closed, Outcome.TOEGELEID, today)
    waiting = melding(register, "Coenen", received_days_ago=6)
    before = len(entries(register))

    plan = week_plan(register, LEAD, today, 30, 60)

    assert [(a.action_id, a.days_left, a.overdue) for a in plan.actions] == [
        (late, -2, True),
        (soon, 3, False),
    ]
    assert plan.actions[1].name == "Piet Aarts" and plan.actions[1].case_number.endswith("1")
    row = next(r for r in plan.cases if r.case.id == case_id)
    assert row.reasons[0].text.startswith("1 actie over datum (sinds ")
    assert plan.waiting is not None and [r.report_id for r in plan.waiting] == [waiting]
    assert plan.waiting[0].days_waiting == 6
    assert entries(register)[before:] == [(Action.VIEW.value, None, MY_WORK_READ)]


def test_a_bemoeizorger_gets_no_queue(register: Register) -> None:
    team_member(register, WORKER)
    melding(register, "Coenen")
    worker = as_worker(register)
    try:
        plan = week_plan(worker, WORKER, date.today(), 30, 60)
        assert plan.waiting is None and plan.owner == WORKER and plan.cases == []
    finally:
        worker.lock()


# --- who decided ------------------------------------------------------------------------------


def test_the_melding_says_who_decided_and_who_changed_the_decision(register: Register) -> None:
    """'Beoordeeld door': the worker who triaged, then the team lead who changed it."""
    advised = melding(register, "Aarts")
    taken = melding(register, "Bosman")
    worker = as_worker(register)
    try:
        not_taken_on(worker, advised, TriageDecision.ADVIES, "Gewezen op het wijkteam")
        take_on(worker, taken, None, Specialism.VOLWASSENEN)
        assert read_report(worker, advised).triaged_by == WORKER
        assert read_report(worker, taken).triaged_by == WORKER
        path = worker.path
    finally:
        worker.lock()
    lead = Register.unlock(path, LEAD, STRONG)
    try:
        assert read_report(lead, advised).recorded_by == LEAD  # recorded by the lead
        assert read_report(lead, advised).triaged_by == WORKER  # decided by the worker
        change_triage(lead, advised, TriageDecision.OPGEPAKT)
        record = read_report(lead, advised)
        assert record.triage is TriageDecision.OPGEPAKT and record.triaged_by == LEAD
        assert record.triaged_on == date.today()
    finally:
        lead.lock()


def test_a_melding_that_joins_an_open_case_was_decided_by_who_recorded_it(
    register: Register,
) -> None:
    case_id = new_case(register, family_name="Aarts")
    with register.session() as s:
        person_id = s.get_one(Case, case_id).person_id
    report_id = melding(register, "Aarts", person_id=person_id)
    with register.session() as s:
        assert s.get_one(Report, report_id).triaged_by == LEAD
    assert read_report(register, report_id).triaged_by == LEAD


def test_the_week_is_today_and_the_seven_days_after_it(register: Register) -> None:
    """Due in 7 days is in the week, in 8 days not yet; due today is not overdue."""
    anna = team_member(register, LEAD)
    case_id = new_case(register, family_name="Aarts", owner_id=anna, opened_days_ago=10)
    today = date.today()
    due = {
        days: cases.add_action(register, case_id, f"Over {days}", "Anna", today + timedelta(days))
        for days in (-1, 0, 7, 8)
    }
    plan = week_plan(register, LEAD, today, 30, 60)
    assert [(a.action_id, a.days_left, a.overdue) for a in plan.actions] == [
        (due[-1], -1, True),
        (due[0], 0, False),
        (due[7], 7, False),
    ]
    row = next(r for r in plan.cases if r.case.id == case_id)
    assert [reason.text for reason in row.reasons][:1] == [
        f"1 actie over datum (sinds {date_text(today - timedelta(1))})"
    ]
