"""Instellingen > Gebruikers: everyone sees who can open the register and with which role;
a teamleider adds, changes roles and removes; a bemoeizorger sees those buttons disabled,
with the reason."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from bemoeizorg.domain.people import Role
from bemoeizorg.store.register import Register
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.views.settings_users_page import UsersPage
from bemoeizorg.ui.views.settings_view import SettingsView
from tests.builders import OTHER, TEAM
from tests.ui.helpers import shown_rows

MEMBER = "Bram Janssen"
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def member_session(unlocked_session: RegisterSession, register: Register) -> RegisterSession:
    register.add_user(MEMBER, Role.BEMOEIZORGER, OTHER)
    unlocked_session.lock()
    unlocked_session.adopt(Register.unlock(register.path, MEMBER, OTHER), TEAM)
    return unlocked_session


def shown_page(qtbot, session: RegisterSession) -> tuple[SettingsView, UsersPage]:
    """Instellingen with Gebruikers chosen (the caller keeps the view: the page is its child)."""
    view = SettingsView(session)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    view.show_page("Gebruikers")
    assert view.pages.currentWidget() is view.users_page
    return view, view.users_page


def test_a_bemoeizorger_sees_the_users_and_why_the_buttons_are_off(qtbot, member_session):
    _view, page = shown_page(qtbot, member_session)
    assert shown_rows(page.table) == [
        ["Anna de Vries", "Teamleider"],
        [f"{MEMBER} (u)", "Bemoeizorger"],
    ]
    reason = "Alleen een teamleider kan gebruikers toevoegen."
    assert not page.add_button.isEnabled() and page.add_button.toolTip() == reason
    assert page.reason.isVisible()
    assert page.reason.text() == (
        "Alleen een teamleider kan gebruikers toevoegen, verwijderen of hun rol wijzigen."
    )
    assert page.add() is None


def test_a_teamleider_adds_from_the_page(qtbot, unlocked_session):
    _view, page = shown_page(qtbot, unlocked_session)
    assert shown_rows(page.table) == [["Anna de Vries (u)", "Teamleider"]]
    assert page.add_button.isEnabled() and not page.reason.isVisible()
    qtbot.mouseClick(page.add_button, LEFT)
    dialog = page.add_dialog
    assert dialog is not None and dialog.role_combo.count() == 2
