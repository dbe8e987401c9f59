"""What several UI tests do by hand: show a main window and give it a register, type into
fields and pick from combos as a user would, fill the intake form, read a table's rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLineEdit

from bemoeizorg.domain.vocabulary import Concern, ReporterKind
from bemoeizorg.settings import DeviceSettings
from bemoeizorg.store import access_log
from bemoeizorg.store.access_log import Action, LogFilter
from bemoeizorg.store.register import Register
from bemoeizorg.ui.dialogs.intake_dialog import IntakeDialog
from bemoeizorg.ui.jobs import JobRunner
from bemoeizorg.ui.main_window import MainWindow
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.widgets.table_view import TableView
from tests.builders import ROERMOND, TEAM

CANARY_REPORTER = "Buurvrouw Merelbeek"

# --- the main window -----------------------------------------------------------------------


def shown_main_window(
    qtbot: Any, runner: JobRunner, tmp_path: Path, settings: DeviceSettings | None = None
) -> MainWindow:
    """A main window on its own QSettings file, shown; the caller closes its session."""
    window = MainWindow(
        RegisterSession(runner, settings or DeviceSettings()),
        QSettings(str(tmp_path / "venster.ini"), QSettings.Format.IniFormat),
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def hand_over(window: MainWindow, unlocked_session: RegisterSession) -> Register:
    """Give the window the fixture's unlocked register, as an unlock would."""
    register = unlocked_session.register
    assert register is not None
    unlocked_session.register = None
    window.session.adopt(register, TEAM)
    return register


# --- typing and choosing -------------------------------------------------------------------


def type_into(qtbot: Any, edit: QLineEdit, text: str, leave: bool = True) -> None:
    """Type like a user (ASCII through key clicks, other text inserted), then Tab away."""
    edit.setFocus()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        edit.insert(text)
    if leave:
        qtbot.keyClick(edit, Qt.Key.Key_Tab)
        edit.editingFinished.emit()  # focus-out is not delivered reliably offscreen


def retype(qtbot: Any, edit: QLineEdit, text: str, leave: bool = True) -> None:
    """Select all that is in the field (Ctrl+A) and type over it, as a user corrects one."""
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_into(qtbot, edit, text, leave)


def choose(combo: Any, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def check_concern(dialog: IntakeDialog, concern: Concern) -> None:
    for i in range(dialog.concern_list.count()):
        item = dialog.concern_list.item(i)
        if item.data(Qt.ItemDataRole.UserRole) == concern:
            item.setCheckState(Qt.CheckState.Checked)
            return
    raise AssertionError(concern)


def fill_rest(qtbot: Any, dialog: IntakeDialog, reporter_name: str = CANARY_REPORTER) -> None:
    """Municipality, reporter, a concern and a description: what every intake test needs."""
    choose(dialog.municipality_combo, ROERMOND)
    choose(dialog.reporter.kind_combo, ReporterKind.BUURT)
    type_into(qtbot, dialog.reporter.organisation_edit, "Bewonerscommissie")
    type_into(qtbot, dialog.reporter.name_edit, reporter_name)
    type_into(qtbot, dialog.reporter.contact_edit, "06 12345678")
    check_concern(dialog, Concern.VERVUILING)
    check_concern(dialog, Concern.ONBEGREPEN_GEDRAG)
    dialog.description_edit.setFocus()
    qtbot.keyClicks(dialog.description_edit, "Stank in het trappenhuis, post stapelt zich op.")


# --- tables --------------------------------------------------------------------------------


def shown_rows(table: TableView) -> list[list[str]]:
    model = table.model()
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def select_row(table: TableView, text: str) -> None:
    model = table.model()
    for row in range(model.rowCount()):
        if text in [model.index(row, c).data() for c in range(model.columnCount())]:
            table.selectRow(row)
            return
    raise AssertionError(f"{text!r} not in the table")


def settings_entries(register: Register) -> int:
    """How many 'instellingen' entries the access log holds."""
    with register.session() as session:
        return len(access_log.query(session, LogFilter(actions=(Action.SETTINGS,))))
