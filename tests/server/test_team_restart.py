"""The team register's server goes away in the middle of a session (issue 17): a save says
so in Dutch and loses nothing (the dialog keeps the text, kept as a draft once the server
is back), and the program reconnects by itself when the server is there again."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import psycopg
import pytest
from psycopg import sql
from PySide6.QtCore import Qt

from bemoeizorg.casework import drafts, reference_data
from bemoeizorg.casework.cases import read_case
from bemoeizorg.domain.vocabulary import ContactKind
from bemoeizorg.settings import DeviceSettings
from bemoeizorg.store import server_setup
from bemoeizorg.store.team_register import open_team_register
from bemoeizorg.ui import messages
from bemoeizorg.ui.dialogs.contact_dialog import ContactDialog
from bemoeizorg.ui.jobs import JobRunner
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.views.case_view import CaseView
from tests.builders import COVERED, new_case
from tests.server.conftest import with_database

NOTE = "Wielewaalhorst: deur bleef dicht, briefje achtergelaten"


@pytest.fixture(autouse=True)
def no_real_message_boxes() -> Iterator[list[messages.Shown]]:
    messages.reset()
    messages.script()
    yield messages.shown
    messages.reset()


def _server_down(admin_url: str, database: str, *, down: bool) -> None:
    """As a restart looks to the program: every connection to the register dropped, and
    none accepted until it is back (one database of the shared test server only)."""
    with psycopg.connect(with_database(admin_url, "postgres"), autocommit=True) as conn:
        conn.execute(
            sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS {}").format(
                sql.Identifier(database), sql.SQL("false" if down else "true")
            )
        )
        if down:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (database,),
            )


def test_a_save_while_the_server_is_gone_keeps_the_text_and_works_once_it_is_back(
    qtbot, lead_url: str, pg_admin_url: str
) -> None:
    database = urlsplit(lead_url).path.lstrip("/")
    server_setup.init_team_register(lead_url, "Team Oost")
    register = open_team_register(lead_url)
    reference_data.set_covered_municipalities(register, COVERED)
    case_id = new_case(register, family_name="Hendriks", given_names="Ria")
    session = RegisterSession(JobRunner(inline=True), DeviceSettings())
    session.adopt(register, "Team Oost")
    try:
        view = CaseView(session)
        qtbot.addWidget(view)
        view.resize(1100, 720)
        view.show()
        view.show_case(case_id)
        qtbot.mouseClick(view.contact_button, Qt.MouseButton.LeftButton)
        dialog = view.dialog
        assert isinstance(dialog, ContactDialog)
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(ContactKind.HUISBEZOEK.value))
        qtbot.keyClicks(dialog.with_edit, "betrokkene")
        qtbot.mouseClick(dialog.made_choice.buttons[1], Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.note_edit, NOTE)

        _server_down(pg_admin_url, database, down=True)
        try:
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: bool(messages.shown))
            shown = messages.shown[-1]
            assert shown.kind == "error" and "verbinding" in shown.text
            assert "niets opgeslagen" in shown.text and "staat nog in het venster" in shown.text
            assert "Traceback" not in shown.text and "psycopg" not in shown.text
            # Nothing lost: the dialog is open with everything typed in it.
            assert dialog.isVisible() and dialog.note_edit.toPlainText() == NOTE
        finally:
            _server_down(pg_admin_url, database, down=False)

        # Back: the next edit keeps the draft on the server (a new connection, by itself) ...
        qtbot.keyClicks(dialog.note_edit, ".")
        dialog.drafts.save()
        kept = drafts.drafts_of_user(register)
        assert [d.case_id for d in kept] == [case_id]
        # ... and the save goes through; the draft goes with it.
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible())
        notes = [e.note for e in read_case(register, case_id).timeline]
        assert NOTE + "." in notes
        assert drafts.drafts_of_user(register) == []
        assert register.verify().ok
    finally:
        if session.register is not None:
            session.register.lock()
