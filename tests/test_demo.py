"""The demo register: years of realistic reports, persons and cases, made by the command
line, and an intact access log afterwards."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bemoeizorg.casework.cases import read_case
from bemoeizorg.demo import DEMO_PASSPHRASE, DEMO_USER, create_demo
from bemoeizorg.domain.identity import bsn_problem
from bemoeizorg.domain.municipalities import BY_CODE, Subregion
from bemoeizorg.domain.vocabulary import EventKind, Measure, Outcome, Phase, TriageDecision
from bemoeizorg.store import access_log
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import (
    AccessLogEntry,
    Case,
    CaseAction,
    CaseEvent,
    Meeting,
    Person,
    Report,
    ReportConcern,
    Reporter,
    ZrmScore,
)
from tests.helpers.processes import run

REPORTS = 300


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Register]:
    path = tmp_path_factory.mktemp("demo") / "demo.bzregister"
    result = run("demo", str(path), "--reports", str(REPORTS), passphrase=None)
    assert result.returncode == 0, result.stderr
    assert f"Demoregister maken met {REPORTS} meldingen" in result.stdout
    verified = run("verify", str(path), passphrase=DEMO_PASSPHRASE)
    assert verified.returncode == 0, verified.stderr
    assert "De database is in orde." in verified.stdout
    register = Register.unlock(path, DEMO_USER, DEMO_PASSPHRASE)
    yield register
    register.lock()


def test_reports_over_several_years_in_both_subregions(demo: Register) -> None:
    with demo.session() as session:
        reports = session.scalars(select(Report)).all()
        assert len(reports) == REPORTS
        years = Counter(r.received_on.year for r in reports)
        assert len(years) >= 3
        assert min(r.received_on for r in reports) >= date.today().replace(
            year=date.today().year - 3
        )
        assert max(r.received_on for r in reports) <= date.today()
        regions = Counter(BY_CODE[r.municipality_code].subregion for r in reports)
        # Noord 550-750 a year against Midden about 700: roughly half each.
        assert 0.38 < regions[Subregion.NOORD] / REPORTS < 0.58
        assert "GM0983" not in {r.municipality_code for r in reports}  # Venlo: not covered
        assert len({r.municipality_code for r in reports}) >= 10
        assert len({r.reporter_kind for r in reports}) >= 10
        concerns = set(session.scalars(select(ReportConcern.concern)))
        assert len(concerns) >= 10
        anonymous = session.scalars(select(Reporter).where(Reporter.anonymous)).all()
        assert anonymous and all(r.name == "" and r.contact == "" for r in anonymous)


def test_triage_both_ways(demo: Register) -> None:
    with demo.session() as session:
        triage = Counter(session.scalars(select(Report.triage)))
    assert {d.value for d in TriageDecision} - {TriageDecision.OPEN.value} <= set(triage)
    # Only the last days' reports may still wait for triage.
    with demo.session() as session:
        waiting = session.scalars(select(Report).where(Report.triage == TriageDecision.OPEN.value))
        assert all((date.today() - r.received_on).days <= 2 for r in waiting)
    assert 0.6 < triage[TriageDecision.OPGEPAKT.value] / REPORTS < 0.85


def test_persons_look_real_and_repeat(demo: Register) -> None:
    with demo.session() as session:
        persons = session.scalars(select(Person)).all()
        per_person = Counter(session.scalars(select(Report.person_id)))
        per_case = Counter(
            session.scalars(select(Report.case_id).where(Report.case_id.isnot(None)))
        )
    assert len(persons) < REPORTS  # some reports are about the same person
    assert any(n > 1 for n in per_case.values())  # ... and joined their open case
    assert max(per_person.values()) >= 2
    assert sum(1 for p in persons if p.prefix) > len(persons) // 10  # van, de, van der ...
    assert all(p.prefix == p.prefix.lower() for p in persons)
    assert sum(1 for p in persons if p.birth_date) > len(persons) // 2
    assert any(p.birth_date is None and p.birth_year_estimate for p in persons)
    bsns = [p.bsn for p in persons if p.bsn]
    assert bsns and all(bsn_problem(b) == "" for b in bsns)
    with_address = [p for p in persons if p.address]
    assert len(with_address) > len(persons) * 0.8
    assert all(len(p.postcode) == 7 and p.postcode[:4].isdigit() for p in with_address)


def test_cases_in_every_phase_and_outcome(demo: Register) -> None:
    with demo.session() as session:
        cases = session.scalars(select(Case)).all()
        kinds = Counter(session.scalars(select(CaseEvent.kind)))
        measures = set(
            session.scalars(select(CaseEvent.measure).where(CaseEvent.measure.isnot(None)))
        )
        zrm_cases = len(set(session.scalars(select(ZrmScore.case_id))))
        actions = session.scalars(select(CaseAction)).all()
    open_phases = {c.phase for c in cases if c.closed_on is None}
    assert open_phases == {p.value for p in Phase}
    assert {c.outcome for c in cases if c.closed_on is not None} == {o.value for o in Outcome}
    assert all(c.outcome is None for c in cases if c.closed_on is None)
    assert all(c.opened_on <= c.closed_on for c in cases if c.closed_on)
    for kind in EventKind:
        if kind not in (EventKind.HEROPEND, EventKind.EIGENAAR):
            assert kinds[kind.value] > 0, kind
    assert measures & {Measure.DRANG.value}
    assert zrm_cases > 10
    today = date.today()
    assert any(a.done_on is None and a.due_on and a.due_on < today for a in actions)  # overdue
    assert any(a.done_on is None and a.due_on and a.due_on >= today for a in actions)
    assert any(a.done_on is not None for a in actions)
    numbers = [c.number for c in sorted(cases, key=lambda c: c.id)]
    assert len(set(numbers)) == len(numbers)


def test_cases_read_back_and_one_log_entry_per_report_and_case(demo: Register) -> None:
    with demo.session() as session:
        created = session.scalar(
            select(func.count())
            .select_from(AccessLogEntry)
            .where(AccessLogEntry.action == "aanmaken")
        )
        cases = session.scalar(select(func.count()).select_from(Case))
        meetings = session.scalar(select(func.count()).select_from(Meeting))
        case_id = session.scalar(select(Case.id).where(Case.phase == Phase.TOELEIDEN.value))
        before = access_log.count(session)
    # One "aanmaken" per report, per case, and per network meeting planned.
    assert meetings == 4
    assert created == REPORTS + cases + meetings
    assert case_id is not None
    detail = read_case(demo, case_id)
    kinds = {entry.kind for entry in detail.timeline}
    assert {EventKind.MELDING, EventKind.CONTACT, EventKind.FASE} <= kinds
    assert detail.header.owner
    with demo.session() as session:
        assert access_log.count(session) == before + 1  # the view was logged


def test_same_seed_same_register(tmp_path: Path) -> None:
    def snapshot(path: Path) -> list[object]:
        register = create_demo(path, seed=7, reports=60, today=date(2025, 6, 30))
        try:
            with register.session() as session:
                people = [
                    (p.given_names, p.prefix, p.family_name, p.birth_date, p.bsn, p.address)
                    for p in session.scalars(select(Person).order_by(Person.id))
                ]
                cases = [
                    (c.number, c.phase, c.outcome, c.closed_on)
                    for c in session.scalars(select(Case).order_by(Case.id))
                ]
                events = session.scalar(select(func.count()).select_from(CaseEvent))
            return [people, cases, events]
        finally:
            register.lock()

    first = snapshot(tmp_path / "a.bzregister")
    assert first == snapshot(tmp_path / "b.bzregister")
    assert max(c[3] for c in first[1] if c[3]) <= date(2025, 6, 30)  # type: ignore[index]


def test_demo_reports_option_is_checked(tmp_path: Path) -> None:
    result = run("demo", str(tmp_path / "d.bzregister"), "--reports", "veel", passphrase=None)
    assert result.returncode == 2
    assert "bij --reports: geef een aantal van 0 tot en met 100000" in result.stderr
    assert not (tmp_path / "d.bzregister").exists()
