"""A done-message from a dialog lands in the main window's status bar, not in a box to
click away; without a main window it is still said, in a box."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMainWindow

from bemoeizorg.ui import messages


def test_notice_from_a_dialog_shows_in_the_main_window_status_bar(qtbot, scripted_messages):
    window = QMainWindow()
    qtbot.addWidget(window)
    dialog = QDialog(window)
    messages.notice(dialog, "Contact opgeslagen.")
    assert window.statusBar().currentMessage() == "Contact opgeslagen."
    assert scripted_messages == [messages.Shown("notice", "", "Contact opgeslagen.")]


def test_notice_without_a_main_window_is_a_box(qtbot, scripted_messages):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    messages.notice(dialog, "Opgeslagen.")
    assert scripted_messages == [messages.Shown("info", "Gelukt", "Opgeslagen.")]
