"""The person card's earlier values, contact persons and merging (issue 14), with real
widgets on a real encrypted register: a correction typed on the card shows up under
"Eerdere gegevens…" (its reading logged as a view); contact persons are added, changed and
removed from the card (a change each in the log, without a value; a notice in the status
bar, no box); a teamleider merges a second entry of the same person into the card's person
and undoes it; a bemoeizorger sees the merge buttons disabled with the reason. Window
titles never name the person."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from bemoeizorg.casework.intake import record_report, take_on
from bemoeizorg.casework.person_card import person_of_case
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.vocabulary import Concern, ReporterKind
from bemoeizorg.store.register import Register
from bemoeizorg.ui import messages
from bemoeizorg.ui.dialog_host import DialogHost
from bemoeizorg.ui.dialogs.person_card_dialog import (
    CONTACT_REMOVED,
    CONTACT_SAVED,
    MERGED_NOTICE,
    UNDONE,
    PersonCardDialog,
)
from bemoeizorg.ui.dialogs.person_contact_dialog import PersonContactDialog
from bemoeizorg.ui.dialogs.person_history_dialog import PersonHistoryDialog
from bemoeizorg.ui.dialogs.person_merge_dialog import PersonMergeDialog
from bemoeizorg.ui.jobs import JobRunner
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.views.case_view import CaseView
from tests.builders import ROERMOND, days_ago
from tests.ui.helpers import shown_rows
from tests.ui.typed_melding import (
    LEFT,
    OTHER_WORKER,
    TYPED,
    WORKER,
    case_number,
    log_rows,
    log_texts,
    prepare,
    retype,
    session_as,
    type_melding,
)

DOCTOR = "Dokter Zwaluwstaart"
DOCTOR_PHONE = "077 1234567"


@pytest.fixture
def opened() -> Iterator[list[Register]]:
    registers: list[Register] = []
    yield registers
    for register in registers:
        register.lock()


@pytest.fixture
def case_id(qtbot, unlocked_session: RegisterSession, register: Register) -> int:
    return type_melding(qtbot, unlocked_session, prepare(register))


def open_card(qtbot, session: RegisterSession, case_id: int) -> PersonCardDialog:
    view = CaseView(session)
    qtbot.addWidget(view)
    view.resize(1100, 720)
    view.show()
    qtbot.waitExposed(view)
    view.show_case(case_id)
    qtbot.mouseClick(view.person_button, LEFT)
    [card] = view.findChildren(PersonCardDialog)
    assert card.isVisible() and card.card is not None
    return card


def notices(shown: list[messages.Shown]) -> list[str]:
    return [s.text for s in shown if s.kind in ("notice", "info") and s.title in ("", "Gelukt")]


def duplicate(register: Register) -> tuple[int, int]:
    """(case id, person id): the typed person entered once more, without a BSN."""
    recorded = record_report(
        register,
        ReportInput(
            received_on=days_ago(3),
            municipality_code=ROERMOND,
            reporter=ReporterInput(ReporterKind.ANONIEM),
            person=PersonInput(
                family_name=TYPED.family,
                prefix=TYPED.prefix,
                given_names=TYPED.given,
                municipality_code=ROERMOND,
            ),
            concerns=(Concern.SCHULDEN,),
        ),
    )
    case_id = take_on(register, recorded.report_id, None, Specialism.VOLWASSENEN, days_ago(2))
    return case_id, recorded.person_id


# --- earlier values ----------------------------------------------------------------------------


def test_a_correction_shows_under_earlier_values_and_reading_them_is_logged(
    qtbot, unlocked_session: RegisterSession, register: Register, case_id: int
) -> None:
    card = open_card(qtbot, unlocked_session, case_id)
    assert card.history_button.text() == "Eerdere gegevens…"
    retype(qtbot, card.person.city_edit, "Swalmen")
    qtbot.mouseClick(card.save_button, LEFT)
    assert not card.isVisible()
    card = open_card(qtbot, unlocked_session, case_id)
    assert card.history_button.text() == "Eerdere gegevens (1)…"
    before = len(log_rows(register))
    qtbot.mouseClick(card.history_button, LEFT)
    [history] = card.findChildren(PersonHistoryDialog)
    assert history.isVisible()
    assert history.windowTitle() == f"Eerdere gegevens: casus {case_number(register, case_id)}"
    [row] = shown_rows(history.table)
    assert row[1:] == ["Anna de Vries", "woonplaats", TYPED.city]
    assert row[0][:10].count("-") == 2  # dd-mm-jjjj uu:mm
    assert log_rows(register)[before:] == [("inzien", case_id, "eerdere persoonsgegevens ingezien")]
    assert TYPED.city not in log_texts(register)


# --- contact persons ---------------------------------------------------------------------------


def test_contacts_are_added_changed_and_removed_from_the_card(
    qtbot,
    unlocked_session: RegisterSession,
    register: Register,
    case_id: int,
    scripted_messages: list[messages.Shown],
) -> None:
    card = open_card(qtbot, unlocked_session, case_id)
    first = len(scripted_messages)
    assert shown_rows(card.contacts_table) == []
    assert card.contact_add_button.isEnabled() and not card.contact_edit_button.isEnabled()
    before = len(log_rows(register))
    qtbot.mouseClick(card.contact_add_button, LEFT)
    [dialog] = card.findChildren(PersonContactDialog)
    assert dialog.windowTitle() == "Contactpersoon toevoegen"
    qtbot.mouseClick(dialog.save_button, LEFT)  # no name: refused on the field
    assert dialog.isVisible() and dialog.errors["name"].isVisible()
    qtbot.keyClicks(dialog.name_edit, DOCTOR)
    dialog.relation_combo.setFocus()
    qtbot.keyClicks(dialog.relation_combo, "huisarts")
    qtbot.keyClicks(dialog.phone_edit, DOCTOR_PHONE)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible()
    assert shown_rows(card.contacts_table) == [[DOCTOR, "huisarts", DOCTOR_PHONE]]
    assert notices(scripted_messages)[-1] == CONTACT_SAVED
    # Change the phone number: double-click (Enter) opens the contact.
    card.contacts_table.selectRow(0)
    assert card.contact_edit_button.isEnabled()
    qtbot.mouseClick(card.contact_edit_button, LEFT)
    edit = [d for d in card.findChildren(PersonContactDialog) if d.isVisible()]
    assert len(edit) == 1 and edit[0].windowTitle() == "Contactpersoon wijzigen"
    assert edit[0].name_edit.text() == DOCTOR
    retype(qtbot, edit[0].phone_edit, "077 7654321")
    qtbot.mouseClick(edit[0].save_button, LEFT)
    assert shown_rows(card.contacts_table) == [[DOCTOR, "huisarts", "077 7654321"]]
    # Remove it, after saying yes.
    card.contacts_table.selectRow(0)
    messages.script(True)
    qtbot.mouseClick(card.contact_remove_button, LEFT)
    assert shown_rows(card.contacts_table) == []
    assert notices(scripted_messages)[-1] == CONTACT_REMOVED
    assert log_rows(register)[before:] == [
        ("wijzigen", case_id, "contactpersoon toegevoegd"),
        ("wijzigen", case_id, "contactpersoon gewijzigd"),
        ("wijzigen", case_id, "contactpersoon verwijderd"),
    ]
    log = log_texts(register)
    assert DOCTOR not in log and DOCTOR_PHONE not in log and "7654321" not in log
    # Done-messages only, no OK box to click away (no main window here: "Gelukt" boxes).
    assert [s.kind for s in scripted_messages[first:]] == ["info", "info", "confirm", "info"]
    assert {s.title for s in scripted_messages[first:] if s.kind == "info"} == {"Gelukt"}


def test_another_bemoeizorger_sees_contacts_but_cannot_change_them(
    qtbot,
    runner: JobRunner,
    unlocked_session: RegisterSession,
    register: Register,
    case_id: int,
    opened: list[Register],
) -> None:
    from bemoeizorg.casework.person_card import ContactInput, save_contact

    save_contact(register, person_of_case(register, case_id), ContactInput(DOCTOR, "huisarts"))
    session = session_as(runner, unlocked_session, OTHER_WORKER, opened)
    card = open_card(qtbot, session, case_id)
    assert shown_rows(card.contacts_table) == [[DOCTOR, "huisarts", ""]]
    card.contacts_table.selectRow(0)
    assert not card.contact_add_button.isEnabled()
    assert not card.contact_edit_button.isEnabled()
    assert not card.contact_remove_button.isEnabled()
    assert card.add_contact() is None  # past the button: nothing opens


# --- merging ----------------------------------------------------------------------------------


def test_a_teamleider_merges_a_second_entry_and_undoes_it(
    qtbot,
    unlocked_session: RegisterSession,
    register: Register,
    case_id: int,
    scripted_messages: list[messages.Shown],
) -> None:
    other_case, other = duplicate(register)
    kept = person_of_case(register, case_id)
    card = open_card(qtbot, unlocked_session, case_id)
    assert card.merge_button.isEnabled() and not card.undo_merge_button.isEnabled()
    assert len(shown_rows(card.cases_table)) == 1
    qtbot.mouseClick(card.merge_button, LEFT)
    [merge] = card.findChildren(PersonMergeDialog)
    assert merge.isVisible() and merge.windowTitle() == "Personen samenvoegen"
    assert TYPED.family in merge.kept_label.text() and TYPED.bsn in merge.kept_label.text()
    rows = shown_rows(merge.table)
    assert [row[0] for row in rows] == [f"{TYPED.given} {TYPED.prefix} {TYPED.family}"]
    assert not merge.save_button.isEnabled()  # nobody chosen yet
    # A search that finds nobody empties the list; the name finds the entry again.
    retype(qtbot, merge.search_edit, "Zzyzxwq")
    qtbot.keyClick(merge.search_edit, Qt.Key.Key_Return)
    assert shown_rows(merge.table) == []
    retype(qtbot, merge.search_edit, "Kwakkelsteijn")  # a typo still finds it
    qtbot.keyClick(merge.search_edit, Qt.Key.Key_Return)
    assert len(shown_rows(merge.table)) == 1
    merge.table.selectRow(0)
    assert "BSN: niet bekend" in merge.other_label.text()
    assert case_number(register, other_case) in merge.other_label.text()
    assert merge.save_button.isEnabled()
    before = len(log_rows(register))
    messages.script(True)
    qtbot.mouseClick(merge.save_button, LEFT)
    question = [s for s in scripted_messages if s.kind == "confirm"][-1]
    assert question.title == "Personen samenvoegen"
    assert f"Persoonsnummer {kept}" in question.text
    assert f"Persoonsnummer {other}" in question.text
    assert not merge.isVisible()
    assert person_of_case(register, other_case) == kept
    assert ("wijzigen", other_case, "personen samengevoegd") in log_rows(register)[before:]
    assert MERGED_NOTICE in notices(scripted_messages)
    numbers = sorted(row[0] for row in shown_rows(card.cases_table))
    assert numbers == sorted([case_number(register, case_id), case_number(register, other_case)])
    assert card.undo_merge_button.isEnabled()
    # Undo, after saying yes: the other entry has its case back.
    messages.script(True)
    qtbot.mouseClick(card.undo_merge_button, LEFT)
    assert person_of_case(register, other_case) == other
    assert [row[0] for row in shown_rows(card.cases_table)] == [case_number(register, case_id)]
    assert UNDONE in notices(scripted_messages)
    assert not card.undo_merge_button.isEnabled()
    assert ("wijzigen", other_case, "samenvoegen ongedaan gemaakt") in log_rows(register)


def test_a_merged_persons_card_says_so_and_cannot_be_changed(
    qtbot, unlocked_session: RegisterSession, register: Register, case_id: int
) -> None:
    from bemoeizorg.casework.person_merge import merge_persons

    _, other = duplicate(register)
    kept = person_of_case(register, case_id)
    merge_persons(register, kept, other)
    card = PersonCardDialog(unlocked_session, DialogHost(unlocked_session), other)
    qtbot.addWidget(card)
    assert f"persoonsnummer {kept}" in card.intro.text()
    assert card.person.family_edit.isReadOnly() and not card.save_button.isVisible()
    assert not card.merge_button.isEnabled() and not card.contact_add_button.isEnabled()


def test_a_bemoeizorger_sees_merging_disabled_with_the_reason(
    qtbot,
    runner: JobRunner,
    unlocked_session: RegisterSession,
    case_id: int,
    opened: list[Register],
) -> None:
    session = session_as(runner, unlocked_session, WORKER, opened)
    card = open_card(qtbot, session, case_id)
    assert card.merge_button.isVisible() and not card.merge_button.isEnabled()
    assert card.merge_button.toolTip().endswith("Alleen een teamleider kan personen samenvoegen.")
    assert not card.undo_merge_button.isEnabled()
    assert card.open_merge() is None
    assert card.contact_add_button.isEnabled()  # the owner keeps the contacts
