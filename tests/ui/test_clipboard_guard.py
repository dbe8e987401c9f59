"""Text copied from the program is cleared from the clipboard after some seconds and on
lock, but only while the clipboard still holds it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from bemoeizorg.ui.clipboard_guard import ClipboardGuard

NAME = "Jan van der Kwartelbeek"


def copy_from(qtbot, edit: QLineEdit) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)


def focused_field(qtbot) -> QLineEdit:
    edit = QLineEdit(NAME)
    qtbot.addWidget(edit)
    edit.show()
    with qtbot.waitActive(edit):
        edit.activateWindow()
    return edit


def test_copied_text_is_cleared_after_the_delay(qtbot) -> None:
    guard = ClipboardGuard(clear_after_ms=50)
    edit = focused_field(qtbot)
    copy_from(qtbot, edit)
    clipboard = QApplication.clipboard()
    assert clipboard.text() == NAME and guard.holds_ours and guard.timer.isActive()
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=2000)


def test_lock_clears_at_once_but_only_our_text(qtbot) -> None:
    guard = ClipboardGuard(clear_after_ms=60_000)
    edit = focused_field(qtbot)
    copy_from(qtbot, edit)
    assert guard.clear_if_ours() is True  # what the main window calls on lock
    assert QApplication.clipboard().text() == ""

    copy_from(qtbot, edit)
    # Then the user copies something in another program (no window of ours has focus).
    edit.clearFocus()
    edit.hide()
    QApplication.clipboard().setText("boodschappenlijst")
    assert not guard.holds_ours
    assert guard.clear_if_ours() is False
    assert QApplication.clipboard().text() == "boodschappenlijst"


def test_locking_the_main_window_clears_what_was_copied_from_it(
    qtbot, runner, tmp_path, unlocked_session
) -> None:
    from PySide6.QtCore import QSettings

    from bemoeizorg.settings import DeviceSettings
    from bemoeizorg.ui.main_window import MainWindow
    from bemoeizorg.ui.register_session import RegisterSession

    window = MainWindow(
        RegisterSession(runner, DeviceSettings()),
        QSettings(str(tmp_path / "venster.ini"), QSettings.Format.IniFormat),
    )
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    register, unlocked_session.register = unlocked_session.register, None
    window.session.adopt(register, "Team")
    window.workspace.setCurrentWidget(window.case_list_view)
    box = window.case_list_view.search_box
    box.setText(NAME)
    copy_from(qtbot, box)
    assert QApplication.clipboard().text() == NAME
    with qtbot.waitSignal(window.session.locked, timeout=3000):
        qtbot.keyClick(box, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == ""
    window.session.close()
