"""The melding read back from the case timeline, with real widgets on a real encrypted
register: a melding typed into Nieuwe melding with a canary in every field shows all of it;
the reporter only behind "Contactgegevens melder inzien", for a team lead and the case
owner, each reading logged; another bemoeizorger gets no button and casework refuses them.
Afterwards no canary is in any file the test left behind."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from bemoeizorg.casework.report_reading import ReporterNotAllowed, read_reporter
from bemoeizorg.domain import formats
from bemoeizorg.domain.formats import date_text
from bemoeizorg.store.register import Register
from bemoeizorg.ui.dialogs.person_card_dialog import PersonCardDialog
from bemoeizorg.ui.dialogs.report_view_dialog import SHOW_REPORTER, ReportViewDialog
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.views.case_view import CaseView
from tests.builders import LEAD
from tests.ui.helpers import select_row
from tests.ui.typed_melding import (
    LEFT,
    OTHER_WORKER,
    TYPED,
    WORKER,
    case_number,
    files_holding,
    log_rows,
    prepare,
    session_as,
    type_melding,
)

REPORTER_FIELDS = (TYPED.organisation, TYPED.reporter, TYPED.contact)


@pytest.fixture
def opened() -> Iterator[list[Register]]:
    registers: list[Register] = []
    yield registers
    for register in registers:
        register.lock()


@pytest.fixture
def case_id(qtbot, unlocked_session: RegisterSession, register: Register) -> int:
    return type_melding(qtbot, unlocked_session, prepare(register))


def case_view(qtbot, session: RegisterSession, case_id: int) -> CaseView:
    view = CaseView(session)
    qtbot.addWidget(view)
    view.resize(1100, 720)
    view.show()
    qtbot.waitExposed(view)
    view.show_case(case_id)
    assert view.detail is not None
    return view


def open_melding_with_enter(qtbot, view: CaseView) -> ReportViewDialog:
    """Choose the 'Melding ontvangen' line and press Enter, as a user would."""
    assert not view.report_button.isEnabled()  # nothing chosen yet
    select_row(view.timeline, "Melding")
    assert view.report_button.isEnabled()
    assert "Melding inzien" in view.timeline_panel.detail.text()  # says how to read it
    view.timeline.setFocus()
    qtbot.keyClick(view.timeline, Qt.Key.Key_Return)
    dialogs = view.findChildren(ReportViewDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    return dialogs[0]


def shown_texts(dialog: ReportViewDialog) -> str:
    """Every text the window shows now (labels that are visible, the description)."""
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]
    return "\n".join([*labels, dialog.description_edit.toPlainText(), dialog.windowTitle()])


def test_the_melding_reads_back_every_field_typed_at_intake(
    qtbot, unlocked_session: RegisterSession, register: Register, case_id: int
) -> None:
    view = case_view(qtbot, unlocked_session, case_id)
    before = len(log_rows(register))
    dialog = open_melding_with_enter(qtbot, view)
    number = case_number(register, case_id)
    assert dialog.windowTitle() == f"Melding: casus {number}"  # never the person's name
    assert dialog.received_label.text() == date_text(TYPED.received)
    assert dialog.municipality_label.text() == "Roermond"
    assert dialog.kind_label.text() == TYPED.kind.label
    assert dialog.concerns_label.text() == ", ".join(c.label for c in TYPED.concerns)
    assert dialog.urgency_label.text() == TYPED.urgency.label
    assert dialog.description_edit.toPlainText() == TYPED.description
    triaged = date_text(formats.today())  # the triage date left as it came
    assert dialog.triage_label.text() == f"Opgepakt op {triaged} door {LEAD}"
    assert dialog.case_label.text() == number
    assert dialog.recorded_label.text().startswith(f"{LEAD}, ")
    assert log_rows(register)[before:] == [("inzien", case_id, "melding ingezien")]
    # The reporter is not shown until asked for, and not read either.
    assert not any(value in shown_texts(dialog) for value in REPORTER_FIELDS)
    assert dialog.show_reporter_button.isVisible()


def test_a_team_lead_reads_the_reporter_and_the_reading_is_logged(
    qtbot, unlocked_session: RegisterSession, register: Register, case_id: int
) -> None:
    dialog = open_melding_with_enter(qtbot, case_view(qtbot, unlocked_session, case_id))
    assert dialog.show_reporter_button.text() == SHOW_REPORTER
    before = len(log_rows(register))
    qtbot.mouseClick(dialog.show_reporter_button, LEFT)
    assert log_rows(register)[before:] == [("inzien", case_id, "melder ingezien")]
    assert dialog.reporter_organisation.text() == TYPED.organisation
    assert dialog.reporter_name.text() == TYPED.reporter
    assert dialog.reporter_contact.text() == TYPED.contact
    assert all(value in shown_texts(dialog) for value in REPORTER_FIELDS)
    assert not dialog.show_reporter_button.isVisible()


def test_the_case_owner_reads_the_reporter(
    qtbot, runner, unlocked_session: RegisterSession, case_id: int, opened: list[Register]
) -> None:
    session = session_as(runner, unlocked_session, WORKER, opened)
    dialog = open_melding_with_enter(qtbot, case_view(qtbot, session, case_id))
    assert dialog.show_reporter_button.isVisible() and dialog.show_reporter_button.isEnabled()
    qtbot.mouseClick(dialog.show_reporter_button, LEFT)
    assert dialog.reporter_name.text() == TYPED.reporter
    assert log_rows(opened[0])[-1] == ("inzien", case_id, "melder ingezien")


def test_another_bemoeizorger_sees_the_melding_but_not_the_reporter(
    qtbot, runner, unlocked_session: RegisterSession, case_id: int, opened: list[Register]
) -> None:
    session = session_as(runner, unlocked_session, OTHER_WORKER, opened)
    dialog = open_melding_with_enter(qtbot, case_view(qtbot, session, case_id))
    assert dialog.description_edit.toPlainText() == TYPED.description
    assert not dialog.show_reporter_button.isVisible()
    assert "dossierhouder" in dialog.reporter_note.text()
    dialog.show_reporter()  # even asked for by name, the screen reads nothing
    assert not any(value in shown_texts(dialog) for value in REPORTER_FIELDS)
    register = opened[0]
    before = len(log_rows(register))
    with pytest.raises(ReporterNotAllowed):  # and casework refuses, below the screen
        read_reporter(register, dialog.record.report_id if dialog.record else 0)
    assert log_rows(register)[before:] == []


def test_the_person_card_opens_from_the_melding(
    qtbot, unlocked_session: RegisterSession, register: Register, case_id: int
) -> None:
    view = case_view(qtbot, unlocked_session, case_id)
    dialog = open_melding_with_enter(qtbot, view)
    qtbot.mouseClick(dialog.person_button, LEFT)
    cards = dialog.findChildren(PersonCardDialog)
    assert len(cards) == 1 and cards[0].isVisible()
    assert cards[0].person.family_edit.text() == TYPED.family
    assert cards[0].windowTitle() == f"Persoonskaart: casus {case_number(register, case_id)}"


def test_read_back_and_reporter_leave_no_canary_outside_the_register(
    qtbot,
    tmp_path: Path,
    unlocked_session: RegisterSession,
    register: Register,
    case_id: int,
    caplog,
) -> None:
    caplog.set_level(logging.DEBUG)
    dialog = open_melding_with_enter(qtbot, case_view(qtbot, unlocked_session, case_id))
    qtbot.mouseClick(dialog.show_reporter_button, LEFT)
    qtbot.mouseClick(dialog.close_button, LEFT)
    assert dialog.reporter_name.text() == ""  # nothing of the reporter kept after closing
    log = "\n".join(" ".join(str(v) for v in row) for row in log_rows(register))
    assert not [c for c in TYPED.canaries() if c.lower() in log.lower()]
    register.lock()
    assert files_holding(tmp_path, TYPED.canaries()) == []
    assert not [
        r.getMessage() for r in caplog.records if any(c in r.getMessage() for c in TYPED.canaries())
    ]
