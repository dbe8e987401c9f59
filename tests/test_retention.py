"""Bewaartermijnen with the clock moved (freezegun): a register lived in since 2009, looked
at again years later. What is due is listed, removed for good once confirmed, the access
log still verifies, and only a deletion record without names remains."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select, text

from bemoeizorg.casework import cases, retention
from bemoeizorg.casework.intake import FieldProblems, not_taken_on, record_report, take_on
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.people import Role, Specialism
from bemoeizorg.domain.retention import RetentionPolicy
from bemoeizorg.domain.vocabulary import Concern, Outcome, ReporterKind, TriageDecision
from bemoeizorg.store.errors import NotAllowed
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import (
    AccessLogEntry,
    Case,
    DeletionRecord,
    Person,
    Report,
    Reporter,
)
from tests.builders import OTHER, ROERMOND, STRONG

OLD = "Oudhoornbeek"  # closed in 2009: past 15 years by 2025
RECENT = "Nieuwlandsma"  # closed in 2020: kept, but the reporter wiped after 2 years
ADVICE = "Raadgeverink"  # advice in 2009, no case: past 5 years
WAITING = "Wachtersveld"  # never assessed: no term runs
REPORTER = "Melder Merelbeek"


@dataclass
class Built:
    register: Register
    old_case: int
    recent_case: int


def report(register: Register, family: str, on: date) -> int:
    recorded = record_report(
        register,
        ReportInput(
            received_on=on,
            municipality_code=ROERMOND,
            reporter=ReporterInput(ReporterKind.BUURT, "Buurtvereniging", REPORTER, "06 1"),
            person=PersonInput(family_name=family, municipality_code=ROERMOND),
            concerns=(Concern.OVERLAST,),
        ),
    )
    return recorded.report_id


@pytest.fixture
def built(tmp_path: Path) -> Iterator[Built]:
    with freeze_time("2009-02-01") as clock:
        register, _code = Register.create(
            tmp_path / "team.bzregister", "Team", "Anna de Vries", Role.TEAMLEIDER, STRONG
        )
        old = take_on(
            register, report(register, OLD, date(2009, 1, 20)), None, Specialism.VOLWASSENEN
        )
        not_taken_on(
            register, report(register, ADVICE, date(2009, 1, 25)), TriageDecision.ADVIES, ""
        )
        report(register, WAITING, date(2009, 1, 30))
        clock.move_to("2009-06-30")
        cases.close_case(register, old, Outcome.TOEGELEID, date(2009, 6, 30))
        clock.move_to("2019-05-01")
        recent = take_on(
            register, report(register, RECENT, date(2019, 4, 1)), None, Specialism.JEUGD
        )
        clock.move_to("2020-03-01")
        cases.close_case(register, recent, Outcome.VERHUISD, date(2020, 3, 1))
    yield Built(register, old, recent)
    register.lock()


def names(register: Register) -> set[str]:
    with register.session() as s:
        return set(s.scalars(select(Person.family_name)))


def test_nothing_is_due_while_the_terms_run(built: Built) -> None:
    with freeze_time("2012-01-01"):
        due = retention.review(built.register)
    # Only the reporter of the advice report: 2 years after its assessment in 2009.
    assert due.cases == () and due.reports == ()
    assert due.reporter_cases and due.log_entries == 0


def test_years_later_everything_due_is_listed_then_removed(built: Built) -> None:
    register = built.register
    with freeze_time("2025-01-15"):
        due = retention.review(register)
        assert [c.case_id for c in due.cases] == [built.old_case]
        assert (
            due.cases[0].closed_on == date(2009, 6, 30) and due.cases[0].municipality == "Roermond"
        )
        assert len(due.reports) == 1  # the advice, not the one never assessed
        assert len(due.reporters) == 1  # the 2020 case's reporter (the 2009 one goes anyway)
        assert due.log_entries > 0 and due.log_before == date(2020, 1, 15)
        done = retention.apply(register, due)
        assert (done.cases, done.reports, done.reporters) == (1, 1, 1)
        assert done.persons == 2 and done.log_entries == due.log_entries

        assert names(register) == {RECENT, WAITING}
        with register.session() as s:
            assert s.get(Case, built.old_case) is None
            reporters = {(r.name, r.contact, r.organisation) for r in s.scalars(select(Reporter))}
            # The 2020 case's reporter wiped; the waiting report's reporter kept.
            assert reporters == {("", "", ""), (REPORTER, "06 1", "Buurtvereniging")}
            assert s.scalar(select(func.count()).select_from(Report)) == 2
            assert not s.scalars(
                select(AccessLogEntry).where(AccessLogEntry.at < "2020-01-15")
            ).all()
            records = {(r.kind, r.count) for r in s.scalars(select(DeletionRecord))}
            everything = " ".join(
                f"{r.kind} {r.rule} {r.confirmed_by}" for r in s.scalars(select(DeletionRecord))
            )
        assert ("casus verwijderd", 1) in records and ("melding verwijderd", 1) in records
        assert OLD not in everything and ADVICE not in everything
        # The chain still verifies from its new start; the removals themselves are logged.
        verdict = register.verify()
        assert verdict.ok, verdict.chain.problem
        with register.session() as s:
            actions = [(e.action, e.case_id) for e in s.scalars(select(AccessLogEntry))]
        assert ("verwijderen", built.old_case) in actions
        assert ("wijzigen", built.recent_case) in actions
        # Nothing is due any more.
        assert retention.review(register).empty


def test_the_space_is_reclaimed_and_no_name_stays_in_the_file(built: Built) -> None:
    register = built.register
    with freeze_time("2025-01-15"):
        retention.apply(register, retention.review(register))
    with register.session() as s:
        assert s.execute(text("PRAGMA freelist_count")).scalar() == 0  # VACUUM gave it back
    register.lock()
    # Encrypted anyway; this checks no stray plaintext copy (journal, temp) is left behind.
    for path in register.path.parent.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        assert OLD.encode() not in data and ADVICE.encode() not in data, path.name


def test_a_case_reopened_after_the_review_is_not_removed(built: Built) -> None:
    register = built.register
    with freeze_time("2025-01-15"):
        due = retention.review(register)
        cases.reopen_case(register, built.old_case, date(2025, 1, 15), "Weer zorgen")
        done = retention.apply(register, due)
        assert done.cases == 0
        assert OLD in names(register)


def test_the_terms_are_settings_within_bounds(built: Built) -> None:
    register = built.register
    assert retention.load_policy(register) == RetentionPolicy(2, 15, 5)
    retention.save_policy(
        register, RetentionPolicy(reporter_years=1, case_years=20, report_years=3)
    )
    assert retention.load_policy(register) == RetentionPolicy(1, 20, 3)
    with pytest.raises(FieldProblems) as caught:
        retention.save_policy(register, RetentionPolicy(case_years=0))
    assert "case_years" in caught.value.problems
    with freeze_time("2025-01-15"):
        assert retention.review(register).cases == ()  # 2009 + 20 is not yet


def test_a_bemoeizorger_sees_what_is_due_but_cannot_remove_it_or_change_terms(
    built: Built,
) -> None:
    """Issue 12, finding 3: refused in the store, whatever the screen shows."""
    lead = built.register
    with freeze_time("2025-01-15"):
        lead.add_user("Bram Janssen", Role.BEMOEIZORGER, OTHER)
        path = lead.path
        lead.lock()
        member = Register.unlock(path, "Bram Janssen", OTHER)
        try:
            due = retention.review(member)  # reading is for everyone
            assert due.cases and due.log_entries
            with pytest.raises(NotAllowed, match="Alleen een teamleider mag gegevens volgens"):
                retention.apply(member, due)
            with pytest.raises(NotAllowed, match="Alleen een teamleider mag de bewaartermijnen"):
                retention.save_policy(member, RetentionPolicy(1, 20, 3))
            assert names(member) >= {OLD, ADVICE}  # nothing removed
            assert retention.load_policy(member) == RetentionPolicy(2, 15, 5)
            assert retention.deletion_records(member) == []
        finally:
            member.lock()
