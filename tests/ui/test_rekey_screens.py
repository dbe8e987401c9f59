"""Removing a user, changing a role and "Oude sleutel ook vervangen" on screen (issue 12,
findings 3 and 5): a teamleider does it from Instellingen > Gebruikers and the passphrase
dialog; the confirmation says plainly that back-ups made before still open with the old
passphrases, and the fresh back-up and the removal of the older ones it offers happen.
A bemoeizorger sees these buttons disabled, with the reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from bemoeizorg.domain.people import Role
from bemoeizorg.store import backup
from bemoeizorg.store.errors import RegisterError
from bemoeizorg.store.register import Register
from bemoeizorg.ui import messages
from bemoeizorg.ui.dialogs.change_passphrase_dialog import ChangePassphraseDialog
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.rekey_follow_up import WARNING
from bemoeizorg.ui.views.settings_users_page import UsersPage
from bemoeizorg.ui.views.settings_view import SettingsView
from tests.builders import LEAD, OTHER, STRONG, TEAM
from tests.ui.helpers import select_row

MEMBER = "Bram Janssen"
NEW = "Twaalf tamme tijgers in Tegelen"
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def folder(tmp_path: Path, unlocked_session: RegisterSession) -> Path:
    """This computer's back-up folder, holding one back-up made before any change."""
    made = tmp_path / "back-ups"
    made.mkdir()
    unlocked_session.settings.backup_folder = str(made)
    return made


@pytest.fixture
def with_member(register: Register) -> Register:
    register.add_user(MEMBER, Role.BEMOEIZORGER, OTHER)
    return register


def shown_page(qtbot, session: RegisterSession) -> tuple[SettingsView, UsersPage]:
    view = SettingsView(session)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    view.show_page("Gebruikers")
    return view, view.users_page


def opens(path: Path, user: str, passphrase: str) -> bool:
    try:
        Register.unlock(path, user, passphrase).lock(log=False)
    except RegisterError:
        return False
    return True


def test_a_teamleider_removes_a_user_with_a_fresh_backup(
    qtbot, unlocked_session, with_member, folder, scripted_messages
) -> None:
    register = with_member
    older = backup.make_backup(register, folder)
    _view, page = shown_page(qtbot, unlocked_session)
    select_row(page.table, MEMBER)
    assert page.remove_button.isEnabled()
    qtbot.mouseClick(page.remove_button, LEFT)
    dialog = page.remove_dialog
    assert dialog is not None
    assert "nieuwe sleutel" in dialog.text.text() and MEMBER in dialog.text.text()
    box = dialog.follow_up_box
    assert box.warning.text() == WARNING
    assert "openen nog steeds met de wachtwoordzinnen" in WARNING
    assert box.backup_box.isChecked() and box.remove_box.isChecked()
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.rekeyed is not None
    said = scripted_messages[-1]
    assert said.kind == "info" and "nieuwe sleutel" in said.text
    assert "1 oudere back-up verwijderd" in said.text
    assert [u.name for u in register.users()] == [LEAD]
    assert not older.path.exists()
    fresh = dialog.rekeyed.made
    assert fresh is not None and fresh.path.exists()
    assert [b.path for b in backup.survey(folder, register).verified] == [fresh.path]
    assert shown_rows_names(page) == [f"{LEAD} (u)"]
    path = register.path
    unlocked_session.lock()
    assert not opens(path, MEMBER, OTHER)
    assert opens(path, LEAD, STRONG)


def shown_rows_names(page: UsersPage) -> list[str]:
    model = page.proxy
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_removing_oneself_is_not_offered(qtbot, unlocked_session, with_member) -> None:
    _view, page = shown_page(qtbot, unlocked_session)
    select_row(page.table, f"{LEAD} (u)")
    assert not page.remove_button.isEnabled()
    assert "uzelf niet verwijderen" in page.remove_button.toolTip()
    assert page.role_button.isEnabled()


def test_a_teamleider_changes_a_role(qtbot, unlocked_session, with_member) -> None:
    _view, page = shown_page(qtbot, unlocked_session)
    select_row(page.table, MEMBER)
    messages.script(True)
    qtbot.mouseClick(page.role_button, LEFT)
    assert (MEMBER, Role.TEAMLEIDER) in [(u.name, u.role) for u in with_member.users()]
    assert page.model.rows()[1].role is Role.TEAMLEIDER
    assert "is nu teamleider" in page.status.text()


def test_a_bemoeizorger_sees_role_and_removal_disabled(
    qtbot, unlocked_session, with_member
) -> None:
    unlocked_session.lock()
    unlocked_session.adopt(Register.unlock(with_member.path, MEMBER, OTHER), TEAM)
    _view, page = shown_page(qtbot, unlocked_session)
    select_row(page.table, LEAD)
    reason = "Alleen een teamleider kan gebruikers verwijderen of hun rol wijzigen."
    for button in (page.role_button, page.remove_button):
        assert not button.isEnabled() and button.toolTip() == reason
    assert page.reason.isVisible()
    assert "verwijderen of hun rol wijzigen" in page.reason.text()
    assert page.remove_selected() is None


def test_change_passphrase_can_replace_the_old_key(
    qtbot, unlocked_session, register, folder, scripted_messages
) -> None:
    older = backup.make_backup(register, folder)
    dialog = ChangePassphraseDialog(unlocked_session)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.follow_up_box.isVisible()
    dialog.rekey_box.setChecked(True)
    assert dialog.follow_up_box.isVisible()
    assert "openen nog steeds" in dialog.follow_up_box.warning.text()
    qtbot.keyClicks(dialog.current_edit, STRONG)
    qtbot.keyClicks(dialog.passphrase.first, NEW)
    qtbot.keyClicks(dialog.passphrase.second, NEW)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, LEFT)
    said = scripted_messages[-1]
    assert said.title == "Wachtwoordzin gewijzigd" and "nieuwe sleutel" in said.text
    assert not older.path.exists()
    path = register.path
    unlocked_session.lock()
    assert opens(path, LEAD, NEW) and not opens(path, LEAD, STRONG)
