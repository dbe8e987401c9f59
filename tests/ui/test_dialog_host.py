"""The dialog host: dialogs open window-modally without a nested loop, are tracked while
open, and the lock closes every one of them, asking nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from bemoeizorg.domain.people import Role
from bemoeizorg.ui.dialog_host import DialogHost, LockableDialog
from bemoeizorg.ui.dialogs.create_register_dialog import CreateRegisterDialog
from bemoeizorg.ui.dialogs.recovery_code_dialog import RecoveryCodeDialog
from bemoeizorg.ui.register_session import RegisterSession
from tests.builders import STRONG
from tests.ui.helpers import shown_main_window


class Asking(LockableDialog):
    """Stands in for a form with typing in it: a plain reject() is refused."""

    def reject(self) -> None:
        if self.closing_for_lock:
            super().reject()


@pytest.fixture
def parent(qtbot) -> QWidget:
    """The shown window the dialogs belong to."""
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def host(unlocked_session: RegisterSession, parent: QWidget) -> DialogHost:
    return DialogHost(unlocked_session, parent)


def test_open_is_window_modal_returns_at_once_and_tracks_until_finished(
    host: DialogHost, parent: QWidget
) -> None:
    dialog = host.open(QDialog(parent))
    assert dialog.isVisible()
    assert dialog.windowModality() is Qt.WindowModality.WindowModal
    assert host.shown_by(parent, QDialog) is dialog
    assert host.shown_by(parent, Asking) is None
    dialog.accept()
    assert host.shown_by(parent, QDialog) is None


def test_close_all_closes_every_dialog_through_close_for_lock(
    host: DialogHost, parent: QWidget
) -> None:
    plain = host.open(QDialog(parent))
    asking = host.open(Asking(parent))
    asking.reject()  # a user's Annuleren is refused here
    assert asking.isVisible() and not asking.closing_for_lock
    outside = QDialog(parent)  # opened past the host, e.g. by another dialog
    outside.show()

    host.close_all()
    assert asking.closing_for_lock
    assert not plain.isVisible() and not asking.isVisible() and not outside.isVisible()
    assert host.shown_by(parent, QDialog) is None


def test_a_lock_without_lock_now_closes_what_is_open_too(
    host: DialogHost, parent: QWidget, unlocked_session: RegisterSession
) -> None:
    asking = host.open(Asking(parent))
    unlocked_session.lock()
    assert not asking.isVisible() and asking.closing_for_lock


def test_new_register_shows_the_recovery_code_before_it_opens(
    qtbot, runner, tmp_path, scripted_messages
) -> None:
    window = shown_main_window(qtbot, runner, tmp_path)
    dialog = window.new_register()
    assert dialog.isVisible()  # open(), not exec(): the call returned with it shown
    dialog.file_edit.setText(str(tmp_path / "nieuw.bzregister"))
    qtbot.keyClicks(dialog.name_edit, "Team Venlo")
    qtbot.keyClicks(dialog.user_edit, "Anna de Vries")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.TEAMLEIDER))
    qtbot.keyClicks(dialog.passphrase.first, STRONG)
    qtbot.keyClicks(dialog.passphrase.second, STRONG)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.dialogs.shown_by(window, RecoveryCodeDialog) is not None)
    shown = window.dialogs.shown_by(window, RecoveryCodeDialog)
    assert shown is not None and window.dialogs.shown_by(window, CreateRegisterDialog) is None
    assert not window.session.is_unlocked  # the code is seen first
    shown.confirm_box.setChecked(True)
    with qtbot.waitSignal(window.session.unlocked, timeout=5000):
        qtbot.mouseClick(shown.close_button, Qt.MouseButton.LeftButton)
    assert window.session.register_name == "Team Venlo"
    assert window.stack.currentWidget() is window.workspace
    window.session.close()
