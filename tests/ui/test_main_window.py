"""The main window as a user meets it: demo, lock on demand and on idle, dialogs closed."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from bemoeizorg import demo
from bemoeizorg.demo import DEMO_PASSPHRASE, DEMO_USER, demo_path
from bemoeizorg.settings import DeviceSettings
from bemoeizorg.store import access_log
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.process_lock import ProcessLock
from bemoeizorg.store.register import Register
from bemoeizorg.ui.main_window import MainWindow
from bemoeizorg.ui.register_session import RegisterSession
from tests.builders import STRONG


@pytest.fixture
def window(qtbot, runner, tmp_path) -> MainWindow:
    session = RegisterSession(runner, DeviceSettings())
    win = MainWindow(session, QSettings(str(tmp_path / "venster.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.session.close()


def _log_actions(path: Path, user: str, passphrase: str) -> list[str]:
    register = Register.unlock(path, user, passphrase)
    try:
        with register.session() as s:
            return [e.action for e in reversed(access_log.query(s, access_log.LogFilter()))]
    finally:
        register.lock(log=False)


def test_demo_register_opens_from_start_screen(qtbot, window, monkeypatch):
    # The flow is the subject here, not the demo's size (tests/test_demo.py, test_cli.py):
    # a demo of 60 reports instead of 1400.
    monkeypatch.setattr(demo, "create_demo", partial(demo.create_demo, reports=60))
    assert window.stack.currentWidget() is window.start_view
    assert DEMO_PASSPHRASE in window.start_view.findChild(object, "demo_note").text()
    with qtbot.waitSignal(window.session.unlocked, timeout=10_000):
        qtbot.mouseClick(window.start_view.demo_button, Qt.MouseButton.LeftButton)
    assert demo_path().exists()
    assert window.stack.currentWidget() is window.workspace
    assert window.session.user == DEMO_USER
    assert "Demo Teamleider" in window.user_label.text()
    # Second time: the existing demo register is opened, not made anew.
    window.session.close()
    size = demo_path().stat().st_size
    with qtbot.waitSignal(window.session.unlocked, timeout=10_000):
        qtbot.mouseClick(window.start_view.demo_button, Qt.MouseButton.LeftButton)
    assert demo_path().stat().st_size >= size
    assert str(demo_path().resolve()) in window.session.settings.recent_registers


def test_ctrl_l_locks_and_passphrase_unlocks(qtbot, window, unlocked_session, register_path):
    # Hand the window the fixture's unlocked register.
    register = unlocked_session.register
    unlocked_session.register = None
    window.session.adopt(register, "Team Roermond")
    assert window.stack.currentWidget() is window.workspace

    with qtbot.waitSignal(window.session.locked, timeout=3000):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.unlock_view
    assert window.unlock_view.title.text() == "Register vergrendeld"
    assert not register.is_unlocked  # connection closed, key dropped
    assert not window.lock_action.isEnabled()
    probe = ProcessLock(register_path)
    probe.acquire()  # the file lock was released
    probe.release()

    qtbot.keyClicks(window.unlock_view.passphrase_edit, STRONG)
    with qtbot.waitSignal(window.session.unlocked, timeout=5000):
        qtbot.keyClick(window.unlock_view.passphrase_edit, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.workspace
    window.session.close()
    actions = _log_actions(register_path, "Anna de Vries", STRONG)
    assert actions.count(Action.LOCK.value) == 2  # Ctrl+L, and the close just now
    # The unlock in the window, and the one this test just made to read the log.
    assert actions.count(Action.UNLOCK.value) == 2


def test_idle_lock_closes_an_open_modal_dialog(qtbot, window, unlocked_session, register_path):
    register = unlocked_session.register
    unlocked_session.register = None
    window.session.adopt(register, "Team Roermond")
    window.idle.set_timeout_ms(200)
    seen: list[QDialog] = []

    def open_dialog() -> None:
        # The change-passphrase dialog is window-modal; while it is open, the idle timer
        # fires. The timer starts only once the dialog is up, so a slow machine cannot
        # lock before the dialog exists.
        window.change_passphrase_action.trigger()
        seen.extend(
            w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()
        )
        window.idle.start()

    QTimer.singleShot(0, open_dialog)
    with qtbot.waitSignal(window.session.locked, timeout=5000):
        pass
    qtbot.waitUntil(
        lambda: (
            not any(
                isinstance(w, QDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
            )
        ),
        timeout=3000,
    )
    assert seen, "the modal dialog was open when the idle lock came"
    assert window.stack.currentWidget() is window.unlock_view
    # The lock screen says why it came: a lock out of the blue reads as a crash.
    said = window.unlock_view.message.text()
    assert said.startswith("Vergrendeld omdat er 5 minuten geen toetsenbord of muis"), said
    assert not register.is_unlocked
    assert window.session.register is None


def test_second_window_on_same_register_gets_clear_message(
    qtbot, window, unlocked_session, register_path
):
    """Another copy of the program holds the register: a Dutch message, nothing damaged."""
    before = register_path.read_bytes()
    window.open_register(register_path)
    qtbot.keyClicks(window.unlock_view.passphrase_edit, STRONG)
    qtbot.keyClick(window.unlock_view.passphrase_edit, Qt.Key.Key_Return)
    assert "al geopend" in window.unlock_view.message.text()
    assert window.session.register is None
    assert unlocked_session.register is not None and unlocked_session.register.is_unlocked
    assert register_path.read_bytes()[:4096] == before[:4096]


def test_ctrl_l_lock_does_not_claim_inactivity(qtbot, window, unlocked_session) -> None:
    register = unlocked_session.register
    unlocked_session.register = None
    window.session.adopt(register, "Team Roermond")
    window.session.settings.idle_lock_minutes = 1
    window.lock_now()
    assert window.stack.currentWidget() is window.unlock_view
    assert "Vergrendeld omdat" not in window.unlock_view.message.text()
    window.unlock_view.passphrase_edit.setText(STRONG)
    with qtbot.waitSignal(window.session.unlocked, timeout=5000):
        window.unlock_view.unlock_with_passphrase()
    window.lock_after_idle()
    assert "1 minuut geen toetsenbord" in window.unlock_view.message.text()


def test_the_menu_has_a_quit_item_that_closes_from_every_screen(qtbot, window) -> None:
    menu_actions = window.menuBar().actions()[0].menu().actions()
    assert menu_actions[-1] is window.quit_action
    assert window.quit_action.text() == "Afsluiten"
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert window.stack.currentWidget() is window.start_view
    assert window.quit_action.isEnabled()  # not only while a register is open
    window.quit_action.trigger()
    assert not window.isVisible()
