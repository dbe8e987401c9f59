"""Bewaartermijnen and the person card's own rows (issue 14): when retention removes a
person, their contact persons, earlier values and merge records go with them, and so does
an entry merged into them; an entry merged into a person who stays is kept (the merge can
still be undone). Clock moved with freezegun, as in test_retention."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from bemoeizorg.casework import cases, retention
from bemoeizorg.casework.intake import record_report, take_on
from bemoeizorg.casework.person_card import (
    ContactInput,
    change_person,
    person_of_case,
    read_person_card,
    save_contact,
)
from bemoeizorg.casework.person_merge import merge_persons, undo_merge
from bemoeizorg.casework.persons import find_matches
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.people import Role, Specialism
from bemoeizorg.domain.vocabulary import Concern, Outcome, ReporterKind
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Person, PersonContact, PersonHistory, PersonMerge
from tests.builders import ROERMOND, STRONG

OLD = "Oudhoornbeek"  # closed in 2009: removed by 2025
RECENT = "Nieuwlandsma"  # closed in 2020: kept


@dataclass
class Built:
    register: Register
    old_person: int
    old_twin: int
    recent_person: int
    recent_twin: int
    recent_merge: int


def _case(register: Register, family: str, on: date, given: str = "") -> int:
    recorded = record_report(
        register,
        ReportInput(
            received_on=on,
            municipality_code=ROERMOND,
            reporter=ReporterInput(ReporterKind.ANONIEM),
            person=PersonInput(family_name=family, given_names=given, municipality_code=ROERMOND),
            concerns=(Concern.OVERLAST,),
        ),
    )
    return take_on(register, recorded.report_id, None, Specialism.VOLWASSENEN)


@pytest.fixture
def built(tmp_path: Path) -> Iterator[Built]:
    with freeze_time("2009-02-01") as clock:
        register, _code = Register.create(
            tmp_path / "team.bzregister", "Team", "Anna de Vries", Role.TEAMLEIDER, STRONG
        )
        old_case = _case(register, OLD, date(2009, 1, 20))
        old_twin_case = _case(register, OLD, date(2009, 1, 22), given="Jan")
        old_person = person_of_case(register, old_case)
        old_twin = person_of_case(register, old_twin_case)
        save_contact(register, old_person, ContactInput("Dokter Zwaluwstaart", "huisarts"))
        save_contact(register, old_twin, ContactInput("Aaltje Zwaluwstaart", "zus"))
        card = read_person_card(register, old_person)
        change_person(register, old_person, replace(card.person, city="Swalmen"))
        merge_persons(register, old_person, old_twin)
        clock.move_to("2009-06-30")
        cases.close_case(register, old_case, Outcome.TOEGELEID, date(2009, 6, 30))
        cases.close_case(register, old_twin_case, Outcome.TOEGELEID, date(2009, 6, 30))
        clock.move_to("2019-05-01")
        recent_case = _case(register, RECENT, date(2019, 4, 1))
        twin_case = _case(register, RECENT, date(2019, 4, 2), given="Piet")
        recent_person = person_of_case(register, recent_case)
        recent_twin = person_of_case(register, twin_case)
        save_contact(register, recent_person, ContactInput("Buurvrouw Merel", "buurvrouw"))
        recent_merge = merge_persons(register, recent_person, recent_twin).merge_id
        clock.move_to("2020-03-01")
        cases.close_case(register, recent_case, Outcome.VERHUISD, date(2020, 3, 1))
        cases.close_case(register, twin_case, Outcome.VERHUISD, date(2020, 3, 1))
    yield Built(register, old_person, old_twin, recent_person, recent_twin, recent_merge)
    register.lock()


def _count(register: Register, model: type, **where: int) -> int:
    with register.session() as s:
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return int(s.scalar(query) or 0)


def test_a_removed_person_takes_contacts_history_merges_and_twin_along(built: Built) -> None:
    register = built.register
    assert _count(register, PersonHistory, person_id=built.old_person) == 1
    with freeze_time("2025-01-15"):
        due = retention.review(register)
        assert len(due.cases) == 2  # both old cases (one moved to the kept person)
        done = retention.apply(register, due)
    assert done.persons == 2  # the old person and the entry merged into it
    with register.session() as s:
        families = set(s.scalars(select(Person.family_name)))
        contacts = set(s.scalars(select(PersonContact.name)))
        merges = [(m.kept_id, m.merged_id) for m in s.scalars(select(PersonMerge))]
    assert families == {RECENT}
    assert contacts == {"Buurvrouw Merel"}
    assert _count(register, PersonHistory) == 0
    assert merges == [(built.recent_person, built.recent_twin)]


def test_an_entry_merged_into_a_person_who_stays_is_kept_and_can_come_back(
    built: Built,
) -> None:
    register = built.register
    with freeze_time("2025-01-15"):
        retention.apply(register, retention.review(register))
    # The twin owns nothing since the merge, yet stays with the person it was merged into.
    assert read_person_card(register, built.recent_twin).merged_into_id == built.recent_person
    assert [m.person_id for m in find_matches(register, family_name=RECENT)] == [
        built.recent_person
    ]
    undo_merge(register, built.recent_merge)
    assert len(read_person_card(register, built.recent_twin).cases) == 1
