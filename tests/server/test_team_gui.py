"""The team register in the real window (issue 17): opened from the start screen with a
server address, name and password; a case another process saves shows after a reload;
locking closes it and the start screen says how to open it again."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from psycopg import sql
from PySide6.QtCore import QPoint, Qt

from bemoeizorg.casework import reference_data
from bemoeizorg.domain.people import Role
from bemoeizorg.settings import DeviceSettings
from bemoeizorg.store import server_setup
from bemoeizorg.store.server import conninfo
from bemoeizorg.store.team_register import TeamRegister, open_team_register
from bemoeizorg.ui import messages
from bemoeizorg.ui.dialogs.team_register_dialog import TeamRegisterDialog
from bemoeizorg.ui.jobs import JobRunner
from bemoeizorg.ui.main_window import TEAM_LOCKED
from bemoeizorg.ui.views.case_list_view import CaseListView
from bemoeizorg.ui.views.settings_general_page import TLS_ON
from tests.builders import COVERED, new_case
from tests.server.test_team_register import _worker
from tests.ui.helpers import shown_main_window

ROOT = Path(__file__).resolve().parents[2]
# Another worker's laptop: a process of its own saves a case in the same team register.
OTHER_PROCESS = """
import sys
from bemoeizorg.store.team_register import open_team_register
from tests.builders import new_case
register = open_team_register(sys.argv[1])
try:
    new_case(register, family_name="Tweedezaak", given_names="Wim")
finally:
    register.lock()
"""


@pytest.fixture(autouse=True)
def no_real_message_boxes() -> Iterator[list[messages.Shown]]:
    messages.reset()
    messages.script()
    yield messages.shown
    unanswered = list(messages.unanswered)
    messages.reset()
    assert not unanswered, unanswered


def _names(view: CaseListView) -> list[str]:
    return [view.proxy.value_at(row).name for row in range(view.proxy.rowCount())]


def test_a_worker_opens_the_team_register_in_the_window_and_sees_anothers_new_case(
    qtbot, tmp_path: Path, lead_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    server_setup.init_team_register(lead_url, "Team Oost")
    lead = open_team_register(lead_url)
    try:
        reference_data.set_covered_municipalities(lead, COVERED)
        new_case(lead, family_name="Eerstezaak", given_names="Els")
    finally:
        lead.lock()
    login, password = _worker(lead_url, "tl", Role.TEAMLEIDER)
    address = urlsplit(lead_url)
    # Name and password come from the dialog only, not from libpq's environment.
    monkeypatch.delenv("PGPASSWORD", raising=False)

    window = shown_main_window(qtbot, JobRunner(inline=True), tmp_path, DeviceSettings())
    qtbot.mouseClick(window.start_view.team_button, Qt.MouseButton.LeftButton)
    dialog = window.dialogs.shown_by(window, TeamRegisterDialog)
    assert dialog is not None and dialog.windowTitle() == "Teamregister openen"
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.host_edit, str(address.hostname))
    dialog.port_spin.setValue(int(address.port or 5432))
    qtbot.keyClicks(dialog.database_edit, address.path.lstrip("/"))
    qtbot.keyClicks(dialog.user_edit, login)

    # A wrong password: a Dutch sentence in the dialog, the password to type again, the
    # rest kept, nothing opened.
    qtbot.keyClicks(dialog.password_edit, "niet-het-wachtwoord")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.isEnabled() and "wachtwoord" in dialog.error_label.text())
    assert "Traceback" not in dialog.error_label.text()
    assert dialog.password_edit.text() == "" and dialog.user_edit.text() == login
    assert window.session.register is None and dialog.isVisible()

    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.register is not None)
    register = window.session.register
    try:
        assert isinstance(register, TeamRegister) and register.user == login
        assert window.stack.currentWidget() is window.workspace
        assert window.session.register_name == "Team Oost"
        assert window.session.settings.recent_registers == []  # an address is no file
        # Passwords and this computer's key are the server's business, not the menu's;
        # users are added as login roles on the server.
        assert window.add_user_action.isVisible()
        assert not window.change_passphrase_action.isVisible()
        assert not window.remember_action.isVisible()
        assert window.lock_action.isVisible() and window.close_action.isVisible()

        view = window.case_list_view
        window.workspace.setCurrentWidget(view)
        qtbot.waitUntil(lambda: _names(view) == ["Els Eerstezaak"])

        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        subprocess.run(
            [sys.executable, "-c", OTHER_PROCESS, lead_url], check=True, cwd=ROOT, env=env
        )
        view.reload()
        qtbot.waitUntil(lambda: sorted(_names(view)) == ["Els Eerstezaak", "Wim Tweedezaak"])

        # Instellingen says whose duty the data at rest is, and how the connection runs
        # (the test server offers TLS, so libpq takes it also on this computer).
        window.workspace.setCurrentWidget(window.settings_view)
        state = window.settings_view.general_page.server_label
        qtbot.waitUntil(state.isVisible)
        assert "pg_dump" in state.text() and address.path.lstrip("/") in state.text()
        assert TLS_ON in state.text()
    finally:
        window.lock_now()
    # Locking a team register closes it: the start screen, and how to open it again.
    assert window.session.register is None and not register.is_unlocked
    assert window.stack.currentWidget() is window.start_view
    assert window.statusBar().currentMessage() == TEAM_LOCKED
    assert window.change_passphrase_action.isVisible()  # for the next, local, register


def _tick(qtbot, dialog: TeamRegisterDialog) -> None:
    """A click on the box itself (the row is wider than its text)."""
    box = dialog.remember_box
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


def _open_from_start(qtbot, window, *, password: str = "") -> TeamRegisterDialog:
    qtbot.mouseClick(window.start_view.team_button, Qt.MouseButton.LeftButton)
    dialog = window.dialogs.shown_by(window, TeamRegisterDialog)
    assert dialog is not None
    if password:
        qtbot.keyClicks(dialog.password_edit, password)
    return dialog


def test_the_password_is_remembered_in_the_keyring_and_forgotten_when_it_no_longer_works(
    qtbot, tmp_path: Path, lead_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bemoeizorg.store import keyring_store
    from bemoeizorg.ui.dialogs.team_register_dialog import KEPT_WRONG, REMEMBER
    from tests.test_keyring_store import MemoryKeyring, _name

    keyring = MemoryKeyring()
    monkeypatch.setattr(
        keyring_store, "ALLOWED_BACKENDS", keyring_store.ALLOWED_BACKENDS | {_name(MemoryKeyring)}
    )
    monkeypatch.setattr(keyring_store, "_default_backend", lambda: keyring)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    server_setup.init_team_register(lead_url, "Team Oost")
    login, password = _worker(lead_url, "rm")
    address = urlsplit(lead_url)
    window = shown_main_window(qtbot, JobRunner(inline=True), tmp_path, DeviceSettings())

    dialog = _open_from_start(qtbot, window, password=password)
    assert dialog.remember_box.text() == REMEMBER and not dialog.remember_box.isChecked()
    qtbot.keyClicks(dialog.host_edit, str(address.hostname))
    dialog.port_spin.setValue(int(address.port or 5432))
    qtbot.keyClicks(dialog.database_edit, address.path.lstrip("/"))
    qtbot.keyClicks(dialog.user_edit, login)
    _tick(qtbot, dialog)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.register is not None)
    # In the keyring, read back; in the settings file only where and who, never the password.
    assert list(keyring.items.values()) == [password]
    settings_text = (tmp_path / "thuis" / "config" / "instellingen.json").read_text("utf-8")
    assert password not in settings_text and login in settings_text
    window.lock_now()

    # Next time: address and name filled in, the box ticked, no password to type.
    dialog = _open_from_start(qtbot, window)
    assert dialog.host_edit.text() == address.hostname and dialog.user_edit.text() == login
    assert dialog.remember_box.isChecked() and dialog.password_edit.text() == ""
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.register is not None)
    assert window.session.register.user == login
    window.lock_now()

    # The password changed on the server: the kept one is refused, said, and forgotten.
    with psycopg.connect(conninfo(lead_url), autocommit=True) as conn:
        conn.execute(
            sql.SQL("ALTER ROLE {} PASSWORD 'iets-anders-nu-1'").format(sql.Identifier(login))
        )
    dialog = _open_from_start(qtbot, window)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.isEnabled() and dialog.error_label.text() == KEPT_WRONG)
    assert window.session.register is None and keyring.items == {}
    # Typed, the box unticked: opened, and nothing kept.
    _tick(qtbot, dialog)
    qtbot.keyClicks(dialog.password_edit, "iets-anders-nu-1")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.register is not None)
    assert keyring.items == {} and not window.session.settings.team_password_remembered
    window.lock_now()


def test_anothers_new_case_appears_in_the_open_list_without_a_reload(
    qtbot, tmp_path: Path, lead_url: str
) -> None:
    server_setup.init_team_register(lead_url, "Team Oost")
    lead = open_team_register(lead_url)
    reference_data.set_covered_municipalities(lead, COVERED)
    new_case(lead, family_name="Eerstezaak", given_names="Els")
    window = shown_main_window(qtbot, JobRunner(inline=True), tmp_path, DeviceSettings())
    window.session.adopt(lead, "Team Oost")
    try:
        view = window.case_list_view
        window.workspace.setCurrentWidget(view)
        qtbot.waitUntil(lambda: _names(view) == ["Els Eerstezaak"])
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        subprocess.run(
            [sys.executable, "-c", OTHER_PROCESS, lead_url], check=True, cwd=ROOT, env=env
        )
        # The server tells (LISTEN/NOTIFY) and the visible list reloads by itself.
        qtbot.waitUntil(
            lambda: sorted(_names(view)) == ["Els Eerstezaak", "Wim Tweedezaak"], timeout=10_000
        )
    finally:
        window.lock_now()


def test_no_file_backups_of_a_team_register(qtbot, tmp_path: Path, lead_url: str) -> None:
    """This computer's back-up folder is for its own registers: a team register is backed up
    on its server, so no daily back-up is tried and Instellingen has no Back-ups page."""
    folder = tmp_path / "usb"
    folder.mkdir()
    settings = DeviceSettings(backup_folder=str(folder), backup_daily=True)
    server_setup.init_team_register(lead_url, "Team Oost")
    window = shown_main_window(qtbot, JobRunner(inline=True), tmp_path, settings)
    window.session.adopt(open_team_register(lead_url), "Team Oost")
    try:
        assert window.backup_schedule is not None  # made at this first unlock, and asked
        assert "back-up" not in window.statusBar().currentMessage().lower()
        assert list(folder.iterdir()) == []
        pages = window.settings_view.page_list
        assert pages.findItems("Back-ups", Qt.MatchFlag.MatchExactly)[0].isHidden()
        assert not pages.findItems("Gebruikers", Qt.MatchFlag.MatchExactly)[0].isHidden()
    finally:
        window.lock_now()
