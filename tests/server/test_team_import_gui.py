"""Laptopregister inlezen in the window (issue 17): a team lead brings a laptop's register
into the team register; a wrong passphrase is said in the dialog; the cases show; a second
time nothing is read in; a worker sees the action greyed out with the reason."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bemoeizorg.casework import reference_data
from bemoeizorg.domain.people import Role
from bemoeizorg.settings import DeviceSettings
from bemoeizorg.store import server_setup
from bemoeizorg.store.register import Register
from bemoeizorg.store.team_register import open_team_register
from bemoeizorg.ui import messages
from bemoeizorg.ui.dialogs.import_register_dialog import ImportRegisterDialog
from bemoeizorg.ui.jobs import JobRunner
from bemoeizorg.ui.views.case_list_view import CaseListView
from tests.builders import COVERED, STRONG, new_case
from tests.server.conftest import with_user
from tests.server.test_team_register import _worker
from tests.ui.helpers import shown_main_window


@pytest.fixture(autouse=True)
def no_real_message_boxes() -> Iterator[None]:
    messages.reset()
    messages.script()
    yield
    messages.reset()


def _names(view: CaseListView) -> list[str]:
    return sorted(view.proxy.value_at(row).name for row in range(view.proxy.rowCount()))


def _import(qtbot, window, laptop: Path, passphrase: str) -> ImportRegisterDialog:
    window.import_register_action.trigger()
    dialog = window.dialogs.shown_by(window, ImportRegisterDialog)
    assert dialog is not None
    if not dialog.file_edit.text():
        qtbot.keyClicks(dialog.file_edit, str(laptop))
    assert dialog.user_combo.currentText() == "Anna de Vries"
    qtbot.keyClicks(dialog.passphrase_edit, passphrase)
    dialog.ok_button.click()
    return dialog


def test_a_team_lead_reads_a_laptop_register_in_once(qtbot, tmp_path: Path, lead_url: str) -> None:
    laptop_path = tmp_path / "laptop.bzregister"
    laptop, _code = Register.create(laptop_path, "Laptop", "Anna de Vries", Role.TEAMLEIDER, STRONG)
    try:
        reference_data.set_covered_municipalities(laptop, COVERED)
        new_case(laptop, family_name="Laptopzaak", given_names="Lies")
    finally:
        laptop.lock()
    server_setup.init_team_register(lead_url, "Team Oost")
    lead = open_team_register(lead_url)
    reference_data.set_covered_municipalities(lead, COVERED)
    new_case(lead, family_name="Teamzaak", given_names="Tom")

    window = shown_main_window(qtbot, JobRunner(inline=True), tmp_path, DeviceSettings())
    window.session.adopt(lead, "Team Oost")
    try:
        action = window.import_register_action
        assert action.isVisible()
        qtbot.waitUntil(action.isEnabled)  # once the role is read: a teamleider
        view = window.case_list_view
        window.workspace.setCurrentWidget(view)
        qtbot.waitUntil(lambda: _names(view) == ["Tom Teamzaak"])

        # A wrong passphrase: said in the dialog, nothing read in, the rest kept.
        dialog = _import(qtbot, window, laptop_path, "niet de goede wachtwoordzin")
        qtbot.waitUntil(lambda: dialog.isEnabled() and "wachtwoordzin" in dialog.error_label.text())
        assert dialog.isVisible() and dialog.file_edit.text() == str(laptop_path)
        qtbot.keyClicks(dialog.passphrase_edit, STRONG)
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: not dialog.isVisible())
        assert "1 casus" in window.statusBar().currentMessage()
        qtbot.waitUntil(lambda: _names(view) == ["Lies Laptopzaak", "Tom Teamzaak"])

        dialog = _import(qtbot, window, laptop_path, STRONG)
        qtbot.waitUntil(lambda: not dialog.isVisible())
        assert window.statusBar().currentMessage().startswith("Niets ingelezen")
        assert _names(view) == ["Lies Laptopzaak", "Tom Teamzaak"]
    finally:
        window.lock_now()


def test_a_worker_sees_the_action_greyed_out_with_the_reason(
    qtbot, tmp_path: Path, lead_url: str
) -> None:
    server_setup.init_team_register(lead_url, "Team Oost")
    login, password = _worker(lead_url, "wk")
    worker = open_team_register(with_user(lead_url, login, password))
    window = shown_main_window(qtbot, JobRunner(inline=True), tmp_path, DeviceSettings())
    window.session.adopt(worker, "Team Oost")
    try:
        action = window.import_register_action
        qtbot.waitUntil(lambda: "teamleider" in action.toolTip())
        assert action.isVisible() and not action.isEnabled()
    finally:
        window.lock_now()
