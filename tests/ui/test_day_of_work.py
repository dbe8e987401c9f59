"""A worker's day in the main window, then a search of every byte the program left behind.

Canary names for a person, a reporter and a note go in through the real screens: a melding
with Ctrl+N and triage, a contact, a phase change, a referral, a note, closing and
reopening, a half-typed melding kept over a lock, a spreadsheet import, a search in
Casussen. Afterwards no file in the test's folder (register included: it is encrypted),
no settings file and no log record holds any of them.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from bemoeizorg.casework import drafts, reference_data
from bemoeizorg.domain.municipalities import Subregion, codes_in
from bemoeizorg.domain.vocabulary import Outcome, Phase, ReferralTarget
from bemoeizorg.settings import DeviceSettings
from bemoeizorg.ui.dialogs.intake_dialog import IntakeDialog
from bemoeizorg.ui.main_window import MainWindow
from bemoeizorg.ui.register_session import RegisterSession
from tests.builders import STRONG, team_member
from tests.spreadsheet_helpers import GOOD_ROWS, TEAM_MEMBER, fill_template
from tests.ui.helpers import choose, fill_rest, type_into

LEFT = Qt.MouseButton.LeftButton
PERSON_FAMILY = "Quispelhorst"
PERSON_GIVEN = "Wendeline"
REPORTER = "Tjalling Vreeburgh"
NOTE = "Ooievaarsnest achter de schuur"
DRAFT_FAMILY = "Zwanenburght"
IMPORTED_FAMILY = "Kievitsbloemer"
CANARIES = [PERSON_FAMILY, PERSON_GIVEN, REPORTER, NOTE, DRAFT_FAMILY, IMPORTED_FAMILY]


def needles() -> list[bytes]:
    found: list[bytes] = []
    for canary in CANARIES:
        for text in {canary, canary.lower(), canary.upper()}:
            found += [text.encode(), text.encode("utf-16-le")]
    return found


def save_event(qtbot, window: MainWindow, open_dialog, fill) -> None:
    dialog = open_dialog()
    assert dialog is not None and dialog.isVisible()
    fill(dialog)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible(), f"{type(dialog).__name__} did not save"


def test_a_day_of_work_leaves_no_name_outside_the_register(
    qtbot, runner, tmp_path: Path, register_path: Path, unlocked_session, caplog
):
    caplog.set_level(logging.DEBUG)
    register = unlocked_session.register
    assert register is not None
    reference_data.set_covered_municipalities(register, codes_in(Subregion.MIDDEN))
    owner = team_member(register, "Anna de Vries")
    team_member(register, TEAM_MEMBER)
    unlocked_session.register = None
    window = MainWindow(
        RegisterSession(runner, DeviceSettings()),
        QSettings(str(tmp_path / "venster.ini"), QSettings.Format.IniFormat),
    )
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):  # shortcuts go to the active window, as on a desktop
        window.activateWindow()
    window.session.adopt(register, "Team Roermond")

    # A melding with Ctrl+N, taken on at triage: the new case opens.
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    intake = next(w for w in QApplication.topLevelWidgets() if isinstance(w, IntakeDialog))
    type_into(qtbot, intake.person.family_edit, PERSON_FAMILY)
    type_into(qtbot, intake.person.given_edit, PERSON_GIVEN)
    type_into(qtbot, intake.person.birth_edit, "09-10-1966")
    intake.match_timer.timeout.emit()
    fill_rest(qtbot, intake, reporter_name=REPORTER)
    qtbot.mouseClick(intake.save_button, LEFT)
    assert intake.triage_dialog is not None
    choose(intake.triage_dialog.owner_combo, owner)
    qtbot.mouseClick(intake.triage_dialog.save_button, LEFT)
    view = window.case_view
    assert window.workspace.currentWidget() is view
    assert PERSON_GIVEN in view.header.name_label.text()

    # The case through its life.
    def contact(d) -> None:
        qtbot.keyClicks(d.with_edit, "buurvrouw")
        qtbot.mouseClick(d.made_choice.buttons[0], LEFT)
        qtbot.keyClicks(d.note_edit, NOTE)

    save_event(qtbot, window, view.log_contact, contact)
    save_event(
        qtbot, window, view.change_phase, lambda d: qtbot.keyClicks(d.reason_edit, "Vertrouwen")
    )
    assert view.header.phase_label.text() == Phase.BINDEN.label

    def referral(d) -> None:
        d.target_combo.setCurrentIndex(d.target_combo.findData(ReferralTarget.GGZ.value))

    save_event(qtbot, window, view.add_referral, referral)
    save_event(qtbot, window, view.add_note, lambda d: qtbot.keyClicks(d.note_edit, NOTE))

    def close(d) -> None:
        d.outcome_combo.setCurrentIndex(d.outcome_combo.findData(Outcome.TOEGELEID.value))

    save_event(qtbot, window, view.close_case, close)
    assert view.detail is not None and not view.detail.header.is_open
    save_event(qtbot, window, view.reopen_case, lambda d: qtbot.keyClicks(d.reason_edit, "Terug"))
    assert view.detail is not None and view.detail.header.is_open

    # A melding half typed when the screen is locked: kept, offered back, left for later.
    half = window.new_report()
    assert half is not None
    type_into(qtbot, half.person.family_edit, DRAFT_FAMILY)
    qtbot.keyClick(half.person.family_edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not window.session.is_unlocked
    qtbot.keyClicks(window.unlock_view.passphrase_edit, STRONG)
    qtbot.keyClick(window.unlock_view.passphrase_edit, Qt.Key.Key_Return)
    assert window.drafts_dialog is not None
    qtbot.mouseClick(window.drafts_dialog.later_button, LEFT)
    live = window.session.register
    assert live is not None and len(drafts.drafts_of_user(live)) == 1

    # A spreadsheet import, then a search in Casussen by part of a name.
    rows = [dict(GOOD_ROWS[0], family_name=IMPORTED_FAMILY, prefix="")]
    (tmp_path / "invoer").mkdir()
    workbook = fill_template(tmp_path / "invoer" / "werkmap.xlsx", rows)
    importer = window.import_spreadsheet()
    assert importer is not None
    importer.set_path(workbook)
    qtbot.mouseClick(importer.import_button, LEFT)
    window.workspace.setCurrentWidget(window.case_list_view)
    qtbot.keyClicks(window.case_list_view.search_box, "quispel")
    window.case_list_view.search_timer.timeout.emit()
    assert window.case_list_view.model.rowCount() == 1

    window.close()  # saves geometry and settings, locks the register
    assert not window.session.is_unlocked

    scanned = []
    for path in tmp_path.rglob("*"):
        if not path.is_file() or path == workbook:
            continue  # the workbook is the user's own input file
        data = path.read_bytes()
        scanned.append(path.name)
        hits = [n for n in needles() if n in data]
        assert not hits, f"{path.name} holds {hits}"
    assert register_path.name in scanned and "venster.ini" in scanned
    assert any(name.endswith(".sleutels") for name in scanned)
    records = [r.getMessage() for r in caplog.records]
    assert not [m for m in records if any(c.lower() in m.lower() for c in CANARIES)]
