"""Melding beoordelen on its own, and as Casussen opens it from its lists of meldingen that
are no case: "Te beoordelen" (the triage queue) and "Niet opgepakt" (a decision changed,
advice turned into a case; read-only for a bemoeizorger)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from sqlalchemy import select

from bemoeizorg.casework import reference_data
from bemoeizorg.casework.intake import not_taken_on, record_report
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.people import Role, Specialism
from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.domain.vocabulary import Concern, EventKind, ReporterKind, TriageDecision
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import AccessLogEntry, Case, CaseEvent, Report
from bemoeizorg.ui.dialogs.report_view_dialog import ReportViewDialog
from bemoeizorg.ui.dialogs.triage_dialog import NOTE_REQUIRED, TriageDialog
from bemoeizorg.ui.models.report_list_model import NotTakenColumn, WaitingColumn
from bemoeizorg.ui.views.case_list_view import CaseListView
from bemoeizorg.ui.views.report_list_panel import ReportListKind, ReportListPanel
from tests.builders import LEAD, OTHER
from tests.ui.helpers import choose, select_row, type_into

LEFT = Qt.MouseButton.LeftButton


def report_about(register: Register, born: date, family: str = "Peeters") -> int:
    return record_report(
        register,
        ReportInput(
            received_on=date.today(),
            municipality_code="GM0988",
            reporter=ReporterInput(ReporterKind.GGD, "GGD Limburg-Noord"),
            person=PersonInput(family, "GM0988", given_names="Lotte", birth_date=born),
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


def test_specialism_follows_estimated_age_then_the_chosen_owner(qtbot, unlocked_session, register):
    """A 15-year-old known only by estimated age starts at Jeugd (it stayed Volwassenen);
    choosing an owner sets the owner's specialism; the user can still pick the other."""
    bram = reference_data.save_team_member(
        register, TeamMemberData("Bram Brouwers", Specialism.JEUGD)
    )
    me = reference_data.save_team_member(
        register, TeamMemberData("Anna de Vries", Specialism.VOLWASSENEN)
    )
    report_id = record_report(
        register,
        ReportInput(
            received_on=date.today(),
            municipality_code="GM0988",
            reporter=ReporterInput(ReporterKind.GGD, "GGD Limburg-Noord"),
            person=PersonInput(
                "Peeters", "GM0988", given_names="Lotte", birth_year_estimate=date.today().year - 15
            ),
            concerns=(Concern.VERWAARLOZING_KINDEREN,),
        ),
    ).report_id
    dialog = open_triage(qtbot, unlocked_session, report_id)
    assert "ongeveer 15 jaar" in dialog.heading.text()
    assert dialog.owner_combo.currentData() == me.id
    assert dialog.specialism_combo.currentData() == Specialism.JEUGD

    choose(dialog.owner_combo, bram.id)
    assert dialog.specialism_combo.currentData() == Specialism.JEUGD
    choose(dialog.owner_combo, me.id)
    assert dialog.specialism_combo.currentData() == Specialism.VOLWASSENEN
    choose(dialog.specialism_combo, Specialism.JEUGD)  # the user's own choice stands
    with qtbot.waitSignal(unlocked_session.data_changed, timeout=1000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    with register.session() as s:
        case = s.scalars(select(Case)).one()
        assert case.specialism == Specialism.JEUGD.value and case.owner_id == me.id


def test_an_adult_starts_at_the_proposed_owners_specialism(qtbot, unlocked_session, register):
    reference_data.save_team_member(register, TeamMemberData("Anna de Vries", Specialism.JEUGD))
    other = reference_data.save_team_member(
        register, TeamMemberData("Bram Brouwers", Specialism.VOLWASSENEN)
    )
    dialog = open_triage(qtbot, unlocked_session, report_about(register, date(1980, 1, 1)))
    assert "Anna de Vries" in dialog.owner_combo.currentText()
    assert dialog.specialism_combo.currentData() == Specialism.JEUGD  # Anna's, not the age's
    choose(dialog.owner_combo, other.id)
    assert dialog.specialism_combo.currentData() == Specialism.VOLWASSENEN


# --- Casussen > Te beoordelen and Niet opgepakt ------------------------------------------------


def case_list(qtbot, session) -> CaseListView:
    view = CaseListView(session)
    qtbot.addWidget(view)
    view.resize(1300, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


def cells(panel: ReportListPanel, column: int) -> list[str]:
    model = panel.table.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def advised(register: Register, family: str = "Peeters", note: str = "Gewezen op wijkteam") -> int:
    report_id = report_about(register, date(1980, 1, 1), family)
    not_taken_on(register, report_id, TriageDecision.ADVIES, note, date.today() - timedelta(3))
    return report_id


def test_advice_is_found_and_turned_into_a_case(qtbot, unlocked_session, register):
    owner = reference_data.save_team_member(
        register, TeamMemberData("Anna de Vries", Specialism.VOLWASSENEN)
    )
    report_id = advised(register)
    view = case_list(qtbot, unlocked_session)
    qtbot.mouseClick(view.not_taken_button, LEFT)
    panel = view.not_taken_panel
    assert view.pages.currentWidget() is panel
    assert cells(panel, NotTakenColumn.NAME) == ["Lotte Peeters"]
    assert cells(panel, NotTakenColumn.RECEIVED) == [date_text(date.today())]
    assert cells(panel, NotTakenColumn.MUNICIPALITY) == ["Weert"]
    assert cells(panel, NotTakenColumn.DECISION) == ["Advies gegeven"]
    assert cells(panel, NotTakenColumn.NOTE) == ["Gewezen op wijkteam"]

    select_row(panel.table, "Lotte Peeters")
    assert panel.case_button.isEnabled() and panel.reason.isHidden()
    qtbot.mouseClick(panel.case_button, LEFT)
    dialog = panel._dialogs.shown_by(panel, TriageDialog)
    assert dialog is not None and dialog.windowTitle() == "Beoordeling wijzigen"
    assert dialog.take_on_radio.isChecked()
    assert "Nu: Niet opgepakt: advies gegeven" in dialog.current_label.text()
    assert "Gewezen op wijkteam" in dialog.current_label.text()
    assert dialog.later_button.text() == "Annuleren"
    choose(dialog.owner_combo, owner.id)
    qtbot.mouseClick(dialog.save_button, LEFT)

    assert panel.model.rowCount() == 0  # no longer "not taken on"
    with register.session() as s:
        case = s.scalars(select(Case)).one()
        report = s.get(Report, report_id)
        note = s.scalar(
            select(CaseEvent.note).where(
                CaseEvent.case_id == case.id, CaseEvent.kind == EventKind.NOTITIE.value
            )
        )
        changed = s.scalars(
            select(AccessLogEntry).where(AccessLogEntry.action == Action.CHANGE.value)
        ).all()
    assert report is not None and report.case_id == case.id and case.owner_id == owner.id
    assert "eerder beoordeeld als ‘Niet opgepakt: advies gegeven’" in (note or "")
    # The advice (no case yet), then its change, naming both decisions.
    assert [(e.case_id, e.detail) for e in changed] == [
        (None, ""),
        (case.id, "beoordeling gewijzigd: Niet opgepakt: advies gegeven > Opgepakt"),
    ]
    qtbot.mouseClick(view.cases_button, LEFT)
    assert view.model.rowCount() == 1  # the new case in Casussen


def test_advice_changed_into_a_referral_keeps_the_advice(qtbot, unlocked_session, register):
    advised(register)
    view = case_list(qtbot, unlocked_session)
    view.show_mode(ReportListKind.NOT_TAKEN_ON)
    panel = view.not_taken_panel
    select_row(panel.table, "Lotte Peeters")
    qtbot.mouseClick(panel.change_button, LEFT)
    dialog = panel._dialogs.shown_by(panel, TriageDialog)
    assert dialog is not None and dialog.advice_radio.isChecked()  # as it is now
    dialog.referred_radio.setChecked(True)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.isVisible() and dialog.note_error.text() == NOTE_REQUIRED
    type_into(qtbot, dialog.note_edit, "GGZ Noord-Limburg")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible()
    assert cells(panel, NotTakenColumn.DECISION) == ["Elders naartoe verwezen"]
    assert cells(panel, NotTakenColumn.NOTE) == ["GGZ Noord-Limburg"]
    tip = panel.table.model().index(0, NotTakenColumn.NOTE).data(Qt.ItemDataRole.ToolTipRole)
    earlier = date_text(date.today() - timedelta(3))
    assert (
        f"Eerder ({earlier}, door {LEAD}): Niet opgepakt: advies gegeven: Gewezen op wijkteam"
        in tip
    )


def test_annuleren_leaves_the_decision(qtbot, unlocked_session, register):
    report_id = advised(register)
    view = case_list(qtbot, unlocked_session)
    view.show_mode(ReportListKind.NOT_TAKEN_ON)
    panel = view.not_taken_panel
    select_row(panel.table, "Lotte Peeters")
    dialog = panel.change_selected(None)
    assert dialog is not None
    qtbot.mouseClick(dialog.later_button, LEFT)
    with register.session() as s:
        report = s.get(Report, report_id)
        assert report is not None and report.triage == TriageDecision.ADVIES.value
        assert report.triage_note == "Gewezen op wijkteam"


def test_the_queue_in_casussen_is_triaged_by_a_team_lead(qtbot, unlocked_session, register):
    report_about(register, date(1980, 1, 1), "Aarts")
    view = case_list(qtbot, unlocked_session)
    view.show_mode(ReportListKind.WAITING)
    panel = view.waiting_panel
    assert cells(panel, WaitingColumn.NAME) == ["Lotte Aarts"]
    assert cells(panel, WaitingColumn.WAITING) == ["0 dagen"]
    assert panel.count_label.text() == "1 melding"
    select_row(panel.table, "Lotte Aarts")
    qtbot.mouseClick(panel.triage_button, LEFT)
    dialog = panel._dialogs.shown_by(panel, TriageDialog)
    assert dialog is not None and "wacht 0 dagen" in dialog.heading.text()
    dialog.referred_radio.setChecked(True)
    type_into(qtbot, dialog.note_edit, "Huisarts")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert panel.model.rowCount() == 0
    view.show_mode(ReportListKind.NOT_TAKEN_ON)
    assert cells(view.not_taken_panel, NotTakenColumn.NAME) == ["Lotte Aarts"]


def test_a_bemoeizorger_reads_the_lists_but_cannot_triage(
    qtbot, unlocked_session, register, scripted_messages
):
    advised(register)
    report_about(register, date(1980, 1, 1), "Aarts")
    register.add_user("Wim Werker", Role.BEMOEIZORGER, OTHER)
    path = register.path
    unlocked_session.lock()
    worker = Register.unlock(path, "Wim Werker", OTHER)
    unlocked_session.adopt(worker, "Team")
    view = case_list(qtbot, unlocked_session)

    view.show_mode(ReportListKind.WAITING)
    waiting = view.waiting_panel
    select_row(waiting.table, "Lotte Aarts")
    reason = "Alleen een teamleider kan meldingen uit de wachtrij beoordelen."
    assert not waiting.triage_button.isEnabled() and waiting.triage_button.toolTip() == reason
    assert waiting.reason.isVisible() and waiting.reason.text() == reason
    assert waiting.triage_selected() is None
    qtbot.keyClick(waiting.table, Qt.Key.Key_Return)  # Enter reads the melding instead
    shown = waiting._dialogs.shown_by(waiting, ReportViewDialog)
    assert shown is not None and shown.description_edit.toPlainText()
    shown.reject()

    view.show_mode(ReportListKind.NOT_TAKEN_ON)
    panel = view.not_taken_panel
    select_row(panel.table, "Lotte Peeters")
    reason = "Alleen een teamleider kan een beoordeling wijzigen."
    assert panel.read_button.isEnabled()
    assert not panel.change_button.isEnabled() and not panel.case_button.isEnabled()
    assert panel.case_button.toolTip() == reason and panel.reason.text() == reason
    # Read back, the melding says who decided not to take it on.
    qtbot.mouseClick(panel.read_button, LEFT)
    read = panel._dialogs.shown_by(panel, ReportViewDialog)
    assert read is not None
    advised_on = date_text(date.today() - timedelta(3))
    assert read.triage_label.text() == (
        f"Niet opgepakt: advies gegeven op {advised_on} door {LEAD}"
    )
    read.reject()
