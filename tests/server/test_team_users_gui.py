"""Instellingen > Gebruikers on a team register (issue 17): the same screen as for a file,
but a user is a login role on the server. A team lead adds one (who can then log in, in
the server's group for the role), changes the role (the server's group follows) and
removes one (the server no longer lets the name in)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import psycopg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from bemoeizorg.domain.people import Role
from bemoeizorg.settings import DeviceSettings
from bemoeizorg.store import server_setup
from bemoeizorg.store.server import ServerUserDisabled, conninfo
from bemoeizorg.store.team_register import open_team_register
from bemoeizorg.ui import messages
from bemoeizorg.ui.jobs import JobRunner
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.views.settings_view import SettingsView
from tests.builders import STRONG
from tests.server.conftest import with_user
from tests.ui.helpers import shown_rows

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def no_real_message_boxes() -> Iterator[None]:
    messages.reset()
    messages.script()
    yield
    messages.reset()


def _in_group(lead_url: str, user: str, role: Role) -> bool:
    database = urlsplit(lead_url).path.lstrip("/")
    group = server_setup.group_roles(database)[role]
    with psycopg.connect(conninfo(lead_url)) as conn:
        row = conn.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", (user, group)).fetchone()
    return bool(row and row[0])


def test_a_team_lead_adds_promotes_and_removes_a_user_on_the_server(qtbot, lead_url: str) -> None:
    lead_name = server_setup.init_team_register(lead_url, "Team Oost")
    tag = lead_url.split("lead_")[1][:8]
    newcomer = f"Bram Peeters {tag}"  # roles are server-wide: a name of this test's own
    session = RegisterSession(JobRunner(inline=True), DeviceSettings())
    session.adopt(open_team_register(lead_url), "Team Oost")
    try:
        view = SettingsView(session)
        qtbot.addWidget(view)
        view.resize(900, 600)
        view.show()
        view.show_page("Gebruikers")
        page = view.users_page
        qtbot.waitUntil(lambda: shown_rows(page.table) == [[f"{lead_name} (u)", "Teamleider"]])

        qtbot.mouseClick(page.add_button, LEFT)
        dialog = page.add_dialog
        assert dialog is not None
        assert any("SCRAM" in label.text() for label in dialog.findChildren(QLabel))
        qtbot.keyClicks(dialog.name_edit, newcomer)
        qtbot.keyClicks(dialog.passphrase.first, STRONG)
        qtbot.keyClicks(dialog.passphrase.second, STRONG)
        qtbot.waitUntil(dialog.ok_button.isEnabled)
        qtbot.mouseClick(dialog.ok_button, LEFT)
        qtbot.waitUntil(lambda: [newcomer, "Bemoeizorger"] in shown_rows(page.table))
        # A login role: the newcomer opens the register with that password, as a worker.
        bram = open_team_register(with_user(lead_url, newcomer, STRONG))
        try:
            assert bram.role() is Role.BEMOEIZORGER
        finally:
            bram.lock()
        assert _in_group(lead_url, newcomer, Role.BEMOEIZORGER)
        assert not _in_group(lead_url, newcomer, Role.TEAMLEIDER)

        row = [r[0] for r in shown_rows(page.table)].index(newcomer)
        page.table.selectRow(row)
        messages.script(True)
        qtbot.mouseClick(page.role_button, LEFT)
        qtbot.waitUntil(lambda: [newcomer, "Teamleider"] in shown_rows(page.table))
        assert _in_group(lead_url, newcomer, Role.TEAMLEIDER)  # the server's group followed

        row = [r[0] for r in shown_rows(page.table)].index(newcomer)
        page.table.selectRow(row)
        messages.script(True)
        qtbot.mouseClick(page.remove_button, LEFT)
        qtbot.waitUntil(lambda: len(shown_rows(page.table)) == 1)
        with pytest.raises(ServerUserDisabled):
            open_team_register(with_user(lead_url, newcomer, STRONG))
    finally:
        if session.register is not None:
            session.register.lock()
