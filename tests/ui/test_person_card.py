"""The person card (persoonskaart) with real widgets on a real encrypted register: it shows
every person field typed at intake, and every case and melding about the person; a team lead
or the case owner corrects every field, saved as one change in the access log that names the
fields and holds no value; wrong input is refused on the field as at intake; another
bemoeizorger reads but cannot change. Afterwards no canary is outside the register."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from bemoeizorg.casework.intake import record_report
from bemoeizorg.casework.person_card import person_of_case
from bemoeizorg.domain import formats
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.vocabulary import Concern, ReporterKind, TriageDecision
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Person
from bemoeizorg.ui.dialog_host import DialogHost
from bemoeizorg.ui.dialogs.person_card_dialog import READ_ONLY, PersonCardDialog
from bemoeizorg.ui.dialogs.report_view_dialog import ReportViewDialog
from bemoeizorg.ui.models.person_case_model import PersonCaseColumn
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.views.case_view import CaseView
from tests.builders import ROERMOND, VENLO, days_ago
from tests.ui.helpers import choose, shown_rows
from tests.ui.typed_melding import (
    LEFT,
    OTHER_WORKER,
    TYPED,
    WORKER,
    case_number,
    files_holding,
    log_rows,
    log_texts,
    prepare,
    retype,
    session_as,
    type_melding,
)

# What a correction types over every field (canaries too).
NEW = {
    "family_name": "Kwakkelsteyn",
    "prefix": "ter",
    "given_names": "Wobbelientje",
    "alias": "Kraaitje",
    "birth_date": "15-07-1958",
    "address": "Reigersbekpad 9",
    "postcode": "6042 CD",
    "city": "Ohé en Laak",
    "bsn": "123456782",
}
ALL_FIELDS = (
    "persoonsgegevens: achternaam, gemeente, tussenvoegsel, voornamen, roepnaam, "
    "geboortedatum, BSN, adres, postcode, woonplaats"
)


@pytest.fixture
def opened() -> Iterator[list[Register]]:
    registers: list[Register] = []
    yield registers
    for register in registers:
        register.lock()


@pytest.fixture
def case_id(qtbot, unlocked_session: RegisterSession, register: Register) -> int:
    return type_melding(qtbot, unlocked_session, prepare(register))


def case_view(qtbot, session: RegisterSession, case_id: int) -> CaseView:
    view = CaseView(session)
    qtbot.addWidget(view)
    view.resize(1100, 720)
    view.show()
    qtbot.waitExposed(view)
    view.show_case(case_id)
    assert view.detail is not None
    return view


def open_card(qtbot, view: CaseView) -> PersonCardDialog:
    qtbot.mouseClick(view.person_button, LEFT)
    cards = view.findChildren(PersonCardDialog)
    assert len(cards) == 1 and cards[0].isVisible()
    assert cards[0].card is not None
    return cards[0]


def person_row(register: Register, person_id: int) -> Person:
    with register.session() as session:
        person = session.scalar(select(Person).where(Person.id == person_id))
        assert person is not None
        return person


def test_the_card_shows_every_field_typed_at_intake_and_the_case_and_melding(
    qtbot, unlocked_session: RegisterSession, register: Register, case_id: int
) -> None:
    view = case_view(qtbot, unlocked_session, case_id)
    before = len(log_rows(register))
    card = open_card(qtbot, view)
    number = case_number(register, case_id)
    assert card.windowTitle() == f"Persoonskaart: casus {number}"
    assert TYPED.family not in card.windowTitle() and TYPED.given not in card.windowTitle()
    assert log_rows(register)[before:] == [("inzien", case_id, "persoonskaart ingezien")]
    p = card.person
    assert p.family_edit.text() == TYPED.family
    assert p.prefix_edit.text() == TYPED.prefix
    assert p.given_edit.text() == TYPED.given
    assert p.alias_edit.text() == TYPED.alias
    assert p.birth_edit.text() == date_text(TYPED.born)
    assert p.age_edit.text() == ""
    assert p.address_edit.text() == TYPED.address
    assert p.postcode_edit.text() == TYPED.postcode
    assert p.city_edit.text() == TYPED.city
    assert p.bsn_edit.text() == TYPED.bsn
    assert card.municipality_combo.currentData() == ROERMOND
    assert not p.family_edit.isReadOnly() and card.save_button.isVisible()  # a team lead
    cases = shown_rows(card.cases_table)
    assert [row[PersonCaseColumn.NUMBER] for row in cases] == [number]
    assert cases[0][PersonCaseColumn.STATE] == "Vinden"
    assert cases[0][PersonCaseColumn.OWNER] == WORKER
    reports = shown_rows(card.reports_table)
    assert reports == [
        [
            date_text(TYPED.received),
            ", ".join(c.label.lower() for c in TYPED.concerns),
            TriageDecision.OPGEPAKT.label,
            number,
        ]
    ]
    assert not [row for row in reports if TYPED.reporter in " ".join(row)]


def test_an_estimated_age_shows_as_the_age(
    qtbot, unlocked_session: RegisterSession, register: Register
) -> None:
    year = formats.today().year
    report = record_report(
        register,
        ReportInput(
            received_on=days_ago(3),
            municipality_code=VENLO,
            reporter=ReporterInput(ReporterKind.ANONIEM),
            person=PersonInput(
                family_name="Leeftijdloos", birth_year_estimate=year - 47, municipality_code=VENLO
            ),
            concerns=(Concern.DAKLOOSHEID,),
        ),
    )
    dialog = PersonCardDialog(unlocked_session, DialogHost(unlocked_session), report.person_id)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Persoonskaart"
    assert dialog.person.birth_edit.text() == "" and dialog.person.age_edit.text() == "47"
    assert dialog.municipality_combo.currentData() == VENLO
    assert shown_rows(dialog.cases_table) == []
    assert [row[2] for row in shown_rows(dialog.reports_table)] == ["Nog niet beoordeeld"]


def test_every_field_corrected_is_one_change_naming_fields_without_values(
    qtbot, unlocked_session: RegisterSession, register: Register, case_id: int
) -> None:
    view = case_view(qtbot, unlocked_session, case_id)
    card = open_card(qtbot, view)
    for name, text in NEW.items():
        retype(qtbot, card.person.edits[name], text)
    choose(card.municipality_combo, VENLO)
    before = len(log_rows(register))
    card.activateWindow()  # Ctrl+Enter is the window's shortcut
    qtbot.waitUntil(lambda: QApplication.activeWindow() is card)
    qtbot.keyClick(card.person.bsn_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not card.isVisible(), [e.text() for e in card.errors.values()]
    new_entries = log_rows(register)[before:]
    assert new_entries[0] == ("wijzigen", case_id, ALL_FIELDS)
    # The case view read it again right after: the change stands for that sight.
    assert new_entries[1:] == []
    person = person_row(register, person_of_case(register, case_id))
    assert (person.family_name, person.prefix, person.given_names, person.alias) == (
        NEW["family_name"],
        NEW["prefix"],
        NEW["given_names"],
        NEW["alias"],
    )
    assert person.birth_date == date(1958, 7, 15) and person.birth_year_estimate is None
    assert (person.address, person.postcode, person.city, person.bsn) == (
        NEW["address"],
        NEW["postcode"],
        NEW["city"],
        NEW["bsn"],
    )
    assert person.municipality_code == VENLO
    assert view.header.name_label.text() == "Wobbelientje ter Kwakkelsteyn"
    # The log table holds field names only: no value, old or new.
    log = log_texts(register).lower()
    # (The tussenvoegsel "ter" is too short to look for: "Register" holds it.)
    new = [v for k, v in NEW.items() if k != "prefix"]
    values = [*TYPED.canaries(), *new, "maasbracht", "6041", "6042"]
    assert [v for v in values if v.lower() in log] == []


def test_wrong_input_is_refused_on_the_field_as_at_intake(
    qtbot, unlocked_session: RegisterSession, register: Register, case_id: int
) -> None:
    card = open_card(qtbot, case_view(qtbot, unlocked_session, case_id))
    before = len(log_rows(register))
    retype(qtbot, card.person.bsn_edit, "111222334")  # fails the 11-test
    qtbot.mouseClick(card.save_button, LEFT)
    assert card.isVisible()
    assert "elfproef" in card.errors["bsn"].text() and card.errors["bsn"].isVisible()
    retype(qtbot, card.person.bsn_edit, TYPED.bsn)
    retype(qtbot, card.person.postcode_edit, "60 41AB")
    card.person.family_edit.clear()
    card.person.alias_edit.clear()
    qtbot.mouseClick(card.save_button, LEFT)
    assert card.isVisible()
    assert card.errors["postcode"].isVisible()
    retype(qtbot, card.person.postcode_edit, TYPED.postcode)
    qtbot.mouseClick(card.save_button, LEFT)
    assert card.isVisible() and card.errors["family_name"].isVisible()
    assert log_rows(register)[before:] == []
    person = person_row(register, person_of_case(register, case_id))
    assert (person.family_name, person.bsn) == (TYPED.family, TYPED.bsn)


def test_the_case_owner_corrects_the_person(
    qtbot, runner, unlocked_session: RegisterSession, case_id: int, opened: list[Register]
) -> None:
    session = session_as(runner, unlocked_session, WORKER, opened)
    card = open_card(qtbot, case_view(qtbot, session, case_id))
    assert card.save_button.isVisible() and not card.person.city_edit.isReadOnly()
    retype(qtbot, card.person.city_edit, "Swalmen")
    qtbot.mouseClick(card.save_button, LEFT)
    assert not card.isVisible()
    assert ("wijzigen", case_id, "persoonsgegevens: woonplaats") in log_rows(opened[0])


def test_another_bemoeizorger_reads_the_card_but_cannot_change_it(
    qtbot, runner, unlocked_session: RegisterSession, case_id: int, opened: list[Register]
) -> None:
    session = session_as(runner, unlocked_session, OTHER_WORKER, opened)
    card = open_card(qtbot, case_view(qtbot, session, case_id))
    assert card.person.family_edit.text() == TYPED.family
    assert all(edit.isReadOnly() for edit in card.person.edits.values())
    assert not card.municipality_combo.isEnabled()
    assert not card.save_button.isVisible() and card.cancel_button.text() == "Sluiten"
    assert card.intro.text() == READ_ONLY
    card.save()  # Ctrl+Enter on a read-only card: nothing happens
    assert card.isVisible()


def test_a_melding_opens_from_the_card(
    qtbot, unlocked_session: RegisterSession, register: Register, case_id: int
) -> None:
    card = open_card(qtbot, case_view(qtbot, unlocked_session, case_id))
    table = card.reports_table
    table.selectRow(0)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    shown = card.findChildren(ReportViewDialog)
    assert len(shown) == 1 and shown[0].isVisible()
    assert shown[0].description_edit.toPlainText() == TYPED.description
    assert not shown[0].person_button.isVisible()  # the card of this person is already open


def test_a_correction_leaves_no_canary_outside_the_register(
    qtbot,
    tmp_path: Path,
    unlocked_session: RegisterSession,
    register: Register,
    case_id: int,
    caplog,
) -> None:
    caplog.set_level(logging.DEBUG)
    card = open_card(qtbot, case_view(qtbot, unlocked_session, case_id))
    for name, text in NEW.items():
        retype(qtbot, card.person.edits[name], text)
    qtbot.mouseClick(card.save_button, LEFT)
    assert not card.isVisible()
    register.lock()
    canaries = [*TYPED.canaries(), NEW["family_name"], NEW["given_names"], NEW["address"]]
    assert files_holding(tmp_path, canaries) == []
    messages = [r.getMessage() for r in caplog.records]
    assert not [m for m in messages if any(c in m for c in canaries)]
