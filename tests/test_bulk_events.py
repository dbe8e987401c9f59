"""A case's planned history: only the kinds a history may hold, ZRM scores on ZRM events,
nothing outside the case, and the last contact as `log_contact` keeps it. Writing it is
covered by the demo register (tests/test_demo.py)."""

from __future__ import annotations

from datetime import date

import pytest

from bemoeizorg.casework.bulk_events import CaseHistory, PlannedEvent, history_problem
from bemoeizorg.casework.bulk_intake import Plan, PlannedCase, PlannedReport, check_plan
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.vocabulary import (
    Concern,
    ContactKind,
    EventKind,
    ReporterKind,
    ZrmDomain,
)

OPENED = date(2025, 3, 1)
CLOSED = date(2025, 9, 1)


def _contact(on: date, made: bool) -> PlannedEvent:
    return PlannedEvent(
        EventKind.CONTACT, on, contact_kind=ContactKind.HUISBEZOEK, contact_made=made
    )


def test_last_contact_is_the_latest_contact_made_or_not() -> None:
    history = CaseHistory(
        (
            _contact(date(2025, 4, 1), True),
            _contact(date(2025, 6, 1), False),
            PlannedEvent(EventKind.NOTITIE, date(2025, 7, 1), note="Brief achtergelaten."),
        )
    )
    assert history.last_contact == date(2025, 6, 1)
    assert CaseHistory().last_contact is None


@pytest.mark.parametrize(
    ("event", "problem"),
    [
        (PlannedEvent(EventKind.FASE, OPENED), "plan it on the case"),
        (PlannedEvent(EventKind.AFGESLOTEN, CLOSED), "plan it on the case"),
        (PlannedEvent(EventKind.ZRM, OPENED), "a ZRM event has scores"),
        (
            PlannedEvent(EventKind.NOTITIE, OPENED, scores=((ZrmDomain.FINANCIEN, 3),)),
            "a ZRM event has scores",
        ),
        (PlannedEvent(EventKind.ZRM, OPENED, scores=((ZrmDomain.FINANCIEN, 6),)), "1 to 5"),
        (_contact(date(2025, 2, 28), True), "outside its case"),
        (_contact(date(2025, 9, 2), True), "outside its case"),
    ],
)
def test_a_wrong_history_is_a_programming_error(event: PlannedEvent, problem: str) -> None:
    assert problem in history_problem(CaseHistory((event,)), OPENED, CLOSED)


def test_a_sound_history_passes_and_check_plan_refuses_a_wrong_one() -> None:
    sound = CaseHistory(
        (
            _contact(OPENED, False),
            PlannedEvent(EventKind.ZRM, CLOSED, scores=((ZrmDomain.FINANCIEN, 2),)),
        )
    )
    assert history_problem(sound, OPENED, CLOSED) == ""
    assert history_problem(sound, OPENED, None) == ""
    report = ReportInput(
        received_on=OPENED,
        municipality_code="GM0957",
        reporter=ReporterInput(ReporterKind.BUURT),
        concerns=(Concern.VERVUILING,),
        description="Sterke geur uit de woning.",
    )
    case = PlannedCase((0,), OPENED, Specialism.VOLWASSENEN, history=sound)
    plan = Plan(
        persons=[PersonInput(family_name="Jansen", municipality_code="GM0957")],
        reports=[PlannedReport(0, report)],
        cases=[case],
    )
    check_plan(plan)
    plan.cases = [PlannedCase((0,), date(2025, 5, 1), Specialism.VOLWASSENEN, history=sound)]
    with pytest.raises(ValueError, match="outside its case"):
        check_plan(plan)
