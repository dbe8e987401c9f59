"""Melding beoordelen on its own, as the case list opens it for a report still waiting."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from sqlalchemy import select

from bemoeizorg.casework import reference_data
from bemoeizorg.casework.intake import record_report
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.domain.vocabulary import Concern, ReporterKind, TriageDecision
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Case, Report
from bemoeizorg.ui.dialogs.triage_dialog import TriageDialog

LEFT = Qt.MouseButton.LeftButton


def report_about(register: Register, born: date) -> int:
    return record_report(
        register,
        ReportInput(
            received_on=date.today(),
            municipality_code="GM0988",
            reporter=ReporterInput(ReporterKind.GGD, "GGD Limburg-Noord"),
            person=PersonInput("Peeters", "GM0988", given_names="Lotte", birth_date=born),
            concerns=(Concern.VERWAARLOZING_KINDEREN,),
        ),
    ).report_id


def open_triage(qtbot, session, report_id: int) -> TriageDialog:
    dialog = TriageDialog(session, report_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_minor_defaults_to_jeugd_and_the_user_is_owner(qtbot, unlocked_session, register):
    reference_data.save_team_member(register, TeamMemberData("Bram Brouwers", Specialism.JEUGD))
    me = reference_data.save_team_member(
        register, TeamMemberData("Anna de Vries", Specialism.VOLWASSENEN)
    )
    report_id = report_about(register, date(date.today().year - 15, 3, 1))
    dialog = open_triage(qtbot, unlocked_session, report_id)
    assert "Lotte Peeters" in dialog.heading.text() and "15 jaar" in dialog.heading.text()
    assert "Weert" in dialog.heading.text()
    assert dialog.specialism_combo.currentData() == Specialism.JEUGD
    assert dialog.owner_combo.currentData() == me.id  # the signed-in user, a team member
    with qtbot.waitSignal(unlocked_session.data_changed, timeout=1000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    with register.session() as s:
        case = s.scalars(select(Case)).one()
        assert case.specialism == Specialism.JEUGD.value and case.owner_id == me.id
    assert dialog.case_id == case.id and dialog.decision is TriageDecision.OPGEPAKT


def test_no_team_members_yet_still_takes_on_without_owner(qtbot, unlocked_session, register):
    dialog = open_triage(qtbot, unlocked_session, report_about(register, date(1980, 1, 1)))
    assert not dialog.owner_combo.isEnabled()
    assert "Instellingen" in dialog.owner_combo.currentText()
    qtbot.mouseClick(dialog.save_button, LEFT)
    with register.session() as s:
        assert s.scalars(select(Case)).one().owner_id is None


def test_later_leaves_the_report_waiting(qtbot, unlocked_session, register):
    report_id = report_about(register, date(1980, 1, 1))
    dialog = open_triage(qtbot, unlocked_session, report_id)
    qtbot.mouseClick(dialog.later_button, LEFT)
    assert not dialog.isVisible() and dialog.case_id is None
    with register.session() as s:
        report = s.get(Report, report_id)
        assert report is not None and report.triage == TriageDecision.OPEN.value
