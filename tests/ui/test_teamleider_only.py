"""Teamleider-only actions as a bemoeizorger meets them (issue 12, finding 3): there, but
disabled, with the reason in a tooltip or a grey line; a teamleider uses them. The store
refuses a bemoeizorger anyway (tests/test_team_policy.py, test_register.py); these tests
are about what the screen offers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from bemoeizorg.domain.people import Role
from bemoeizorg.store.register import Register
from bemoeizorg.ui.dialogs.add_user_dialog import AddUserDialog
from bemoeizorg.ui.main_window import MainWindow
from bemoeizorg.ui.register_session import RegisterSession
from tests.builders import OTHER, TEAM
from tests.ui.helpers import hand_over, shown_main_window

MEMBER = "Bram Janssen"
THIRD = "Twaalf tamme tijgers in Tegelen"
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def member_session(unlocked_session: RegisterSession, register: Register) -> RegisterSession:
    """The fixture's session, now holding the register as a bemoeizorger."""
    register.add_user(MEMBER, Role.BEMOEIZORGER, OTHER)
    unlocked_session.lock()
    unlocked_session.adopt(Register.unlock(register.path, MEMBER, OTHER), TEAM)
    return unlocked_session


@pytest.fixture
def window(qtbot, runner, tmp_path: Path) -> Iterator[MainWindow]:
    win = shown_main_window(qtbot, runner, tmp_path)
    yield win
    win.session.close()


def toolbar_button(window: MainWindow, text: str) -> QToolButton:
    action = next(a for a in window.toolbar.actions() if a.text() == text)
    button = window.toolbar.widgetForAction(action)
    assert isinstance(button, QToolButton)
    return button


def test_a_bemoeizorger_sees_the_actions_disabled_with_the_reason(window, member_session):
    hand_over(window, member_session)
    assert window.role is Role.BEMOEIZORGER
    add, recovery = window.add_user_action, window.new_recovery_action
    assert not add.isEnabled() and not recovery.isEnabled()
    assert add.toolTip() == add.statusTip() == "Alleen een teamleider kan gebruikers toevoegen."
    assert recovery.toolTip() == "Alleen een teamleider kan een nieuwe herstelcode maken."
    button = toolbar_button(window, "Gebruiker toevoegen…")
    assert not button.isEnabled() and "Alleen een teamleider" in button.toolTip()
    # Everyone's own actions stay.
    assert window.lock_action.isEnabled() and window.change_passphrase_action.isEnabled()


def test_a_teamleider_has_them_and_after_lock_nobody_does(window, unlocked_session):
    hand_over(window, unlocked_session)
    assert window.role is Role.TEAMLEIDER
    assert window.add_user_action.isEnabled() and window.new_recovery_action.isEnabled()
    assert "Alleen een teamleider" not in window.add_user_action.toolTip()
    window.lock_now()
    assert window.role is None and not window.add_user_action.isEnabled()


def test_the_add_user_dialog_offers_a_bemoeizorger_nothing(qtbot, member_session, register):
    dialog = AddUserDialog(member_session)
    qtbot.addWidget(dialog)
    dialog.show()
    roles = [dialog.role_combo.itemData(i) for i in range(dialog.role_combo.count())]
    assert roles == [Role.BEMOEIZORGER]  # never Teamleider
    assert not dialog.role_combo.isEnabled() and not dialog.name_edit.isEnabled()
    assert dialog.reason.isVisible()
    assert dialog.reason.text() == "Alleen een teamleider kan gebruikers toevoegen."
    qtbot.keyClicks(dialog.passphrase.first, THIRD)
    qtbot.keyClicks(dialog.passphrase.second, THIRD)
    dialog.name_edit.setText("Nieuwe Teamleider")
    assert not dialog.ok_button.isEnabled()
    dialog.start()  # even called directly: nothing is asked of the register
    assert dialog.isVisible()
    assert [u.name for u in member_session.register.users()] == ["Anna de Vries", MEMBER]


def test_a_teamleider_adds_a_teamleider(qtbot, unlocked_session, register):
    dialog = AddUserDialog(unlocked_session)
    qtbot.addWidget(dialog)
    dialog.show()
    roles = [dialog.role_combo.itemData(i) for i in range(dialog.role_combo.count())]
    assert roles == [Role.BEMOEIZORGER, Role.TEAMLEIDER]
    assert not dialog.reason.isVisible()
    qtbot.keyClicks(dialog.name_edit, "Carla Smeets")
    dialog.role_combo.setCurrentIndex(1)
    qtbot.keyClicks(dialog.passphrase.first, THIRD)
    qtbot.keyClicks(dialog.passphrase.second, THIRD)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, LEFT)
    assert ("Carla Smeets", Role.TEAMLEIDER) in [(u.name, u.role) for u in register.users()]
