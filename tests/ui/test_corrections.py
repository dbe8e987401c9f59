"""Corrections with a trail in the case view (issue 14), with real widgets on a real
encrypted register: Corrigeren…/Intrekken… on a timeline line open its own dialog filled in
with a required reason; the original stays on the timeline, greyed and struck through, with
when, who and why; a withdrawn closing reopens the case; a corrected phase change moves the
phase; a referral's outcome later; a second ZRM score on a day asks first; actions changed,
done with undo, opened again, also on a closed case; a bemoeizorger who is not the owner
cannot correct; window titles carry the case number, never the person's name."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import QWidget

from bemoeizorg.casework import cases, corrections
from bemoeizorg.casework.corrections import OUTCOME_KNOWN
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.people import Role
from bemoeizorg.domain.vocabulary import (
    ContactKind,
    Outcome,
    Phase,
    ReferralTarget,
    ZrmDomain,
)
from bemoeizorg.settings import DeviceSettings
from bemoeizorg.store.register import Register
from bemoeizorg.ui import messages, style
from bemoeizorg.ui.dialogs.action_dialog import ActionDialog
from bemoeizorg.ui.dialogs.case_event_dialog import CaseEventDialog
from bemoeizorg.ui.dialogs.contact_dialog import ContactDialog
from bemoeizorg.ui.dialogs.correction_dialog import WithdrawDialog
from bemoeizorg.ui.dialogs.phase_dialog import PhaseDialog
from bemoeizorg.ui.dialogs.referral_dialog import ReferralDialog
from bemoeizorg.ui.dialogs.zrm_dialog import SAME_DAY_TITLE, ZrmDialog
from bemoeizorg.ui.jobs import JobRunner
from bemoeizorg.ui.models.case_action_model import ActionColumn
from bemoeizorg.ui.models.timeline_model import TimelineColumn
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.views.case_view import NOT_OWNER, NOT_OWNER_ACTION, CaseView
from tests.builders import CHANGE, STRONG, TEAM, days_ago, log_entries, new_case, team_member
from tests.ui.helpers import type_into

LEFT = Qt.MouseButton.LeftButton
TODAY = date.today()
FAMILY, GIVEN = "Hendriks", "Ria"
WORKER = "Bram Peeters"
OTHER_WORKER = "Carla Smeets"


@pytest.fixture
def case_id(register: Register) -> int:
    return new_case(register, family_name=FAMILY, given_names=GIVEN)


def shown_view(qtbot, session: RegisterSession, case_id: int) -> CaseView:
    widget = CaseView(session)
    qtbot.addWidget(widget)
    widget.resize(1100, 720)
    widget.show()
    qtbot.waitExposed(widget)
    widget.show_case(case_id)
    return widget


@pytest.fixture
def view(qtbot, unlocked_session: RegisterSession, case_id: int) -> CaseView:
    return shown_view(qtbot, unlocked_session, case_id)


def click(qtbot, widget: QWidget) -> None:
    assert widget.isEnabled(), widget
    qtbot.mouseClick(widget, LEFT)


def rows(view: CaseView) -> list[tuple[str, str, str]]:
    """(date, kind, what) of every timeline row, as shown."""
    model = view.timeline.model()
    return [
        tuple(  # type: ignore[misc]
            model.index(r, c).data()
            for c in (TimelineColumn.DATE, TimelineColumn.KIND, TimelineColumn.SUMMARY)
        )
        for r in range(model.rowCount())
    ]


def row_of(view: CaseView, kind_text: str) -> int:
    model = view.timeline.model()
    for r in range(model.rowCount()):
        if model.index(r, TimelineColumn.KIND).data() == kind_text:
            return r
    raise AssertionError(f"{kind_text!r} not on the timeline: {rows(view)}")


def choose_line(view: CaseView, kind_text: str) -> int:
    row = row_of(view, kind_text)
    view.timeline.selectRow(row)
    return row


def number(view: CaseView) -> str:
    assert view.detail is not None
    return view.detail.header.number


def reason_error(dialog: CaseEventDialog) -> str:
    return dialog.errors["correction_reason"].text()


def notices() -> list[str]:
    return [shown.text for shown in messages.shown if shown.kind in ("notice", "info")]


def saved_once(register: Register, case_id: int, before: int) -> None:
    # The case shown again right after one's own save adds no entry of its own: one
    # fsynced commit per save (casework/read_entries).
    assert log_entries(register)[before:] == [(CHANGE, case_id)]


# --- a correction keeps the original -------------------------------------------------------


def test_a_corrected_contact_shows_both_lines_the_original_marked(
    qtbot, view, register, case_id
) -> None:
    cases.log_contact(
        register, case_id, days_ago(3), ContactKind.TELEFONISCH, "zus", False, "Niet bereikt"
    )
    view.reload()
    assert not view.correct_button.isEnabled()  # nothing chosen yet
    choose_line(view, "Contact")
    click(qtbot, view.correct_button)
    dialog = view.dialog
    assert isinstance(dialog, ContactDialog) and dialog.isVisible()
    assert dialog.windowTitle() == f"Contact corrigeren: casus {number(view)}"
    assert FAMILY not in dialog.windowTitle() and GIVEN not in dialog.windowTitle()
    # Filled with what the line holds.
    assert dialog.date_edit is not None and dialog.date_edit.text() == date_text(days_ago(3))
    assert dialog.kind_combo.currentData() == ContactKind.TELEFONISCH.value
    assert dialog.with_edit.text() == "zus"
    assert dialog.made_choice.value() is False
    assert dialog.note_edit.toPlainText() == "Niet bereikt"
    assert dialog.drafts is None  # a correction leaves no draft to resume as a new contact

    before = len(log_entries(register))
    click(qtbot, dialog.save_button)
    assert reason_error(dialog) == "Geef in een paar woorden de reden van de correctie."
    assert log_entries(register)[before:] == []
    dialog.made_choice.set_value(True)
    dialog.with_edit.setText("betrokkene")
    assert dialog.correction_reason_edit is not None
    type_into(qtbot, dialog.correction_reason_edit, "toch gesproken")
    click(qtbot, dialog.save_button)
    saved_once(register, case_id, before)
    assert not dialog.isVisible()
    assert any("De oorspronkelijke regel blijft bewaard" in text for text in notices())

    shown = rows(view)
    assert (
        date_text(days_ago(3)),
        "Contact (correctie)",
        "Telefonisch met betrokkene: contact gelegd",
    ) in shown
    assert (
        date_text(days_ago(3)),
        "Contact (gecorrigeerd)",
        "Telefonisch met zus: geen contact",
    ) in shown
    model = view.timeline.model()
    old = row_of(view, "Contact (gecorrigeerd)")
    cell = model.index(old, TimelineColumn.SUMMARY)
    brush = cell.data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush) and brush.color().name() == style.INACTIVE
    font = cell.data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.strikeOut()
    tip = cell.data(Qt.ItemDataRole.ToolTipRole)
    assert f"Gecorrigeerd op {date_text(TODAY)} door Anna de Vries: toch gesproken" in tip
    # The original cannot be corrected again; the detail says why it is grey.
    view.timeline.selectRow(old)
    assert not view.correct_button.isEnabled() and not view.withdraw_button.isEnabled()
    assert "Gecorrigeerd op" in view.timeline_panel.detail.text()
    # The correction says what it replaced.
    choose_line(view, "Contact (correctie)")
    assert view.correct_button.isEnabled()
    assert "Correctie van de regel van" in view.timeline_panel.detail.text()
    assert "met zus" in view.timeline_panel.detail.text()


def test_the_context_menu_offers_correcting_and_withdrawing(qtbot, view, register, case_id) -> None:
    cases.add_note(register, case_id, TODAY, "Per ongeluk bij deze casus")
    view.reload()
    assert view.timeline_panel.context_menu() is None  # no line chosen
    choose_line(view, "Notitie")
    menu = view.timeline_panel.context_menu()
    assert menu is not None
    actions = {a.text(): a for a in menu.actions() if a.text()}
    assert set(actions) == {"Corrigeren…", "Intrekken…"}
    assert all(a.isEnabled() for a in actions.values())
    actions["Intrekken…"].trigger()
    dialog = view.dialog
    assert isinstance(dialog, WithdrawDialog)
    assert dialog.windowTitle() == f"Notitie intrekken: casus {number(view)}"
    assert dialog.save_button.text() == "Intrekken"
    before = len(log_entries(register))
    type_into(qtbot, dialog.reason_edit, "verkeerde casus")
    click(qtbot, dialog.save_button)
    saved_once(register, case_id, before)
    assert "Notitie (ingetrokken)" in [kind for _d, kind, _w in rows(view)]
    # The melding's own line is not withdrawn here, and the menu says so.
    choose_line(view, "Melding")
    menu = view.timeline_panel.context_menu()
    assert menu is not None
    items = {a.text(): a for a in menu.actions() if a.text()}
    assert not items["Intrekken…"].isEnabled()
    assert "intake" in items["Intrekken…"].toolTip()
    assert "Melding inzien…" in items


# --- the case follows ----------------------------------------------------------------------


def test_withdrawing_a_closing_reopens_the_case(qtbot, view, register, case_id) -> None:
    cases.close_case(register, case_id, Outcome.ZORG_GEWEIGERD, days_ago(2))
    view.reload()
    assert not view.note_button.isEnabled()  # closed: nothing new
    choose_line(view, "Afgesloten")
    assert view.withdraw_button.isEnabled()  # but a mistaken closing can be taken back
    click(qtbot, view.withdraw_button)
    dialog = view.dialog
    assert isinstance(dialog, WithdrawDialog)
    assert "De casus gaat weer open." in dialog.intro.text()
    type_into(qtbot, dialog.reason_edit, "verkeerde casus afgesloten")
    click(qtbot, dialog.save_button)
    assert view.detail is not None and view.detail.header.is_open
    assert view.header.status_label.text().startswith("Open sinds")
    assert view.note_button.isEnabled()
    assert "Afgesloten (ingetrokken)" in [kind for _d, kind, _w in rows(view)]


def test_correcting_a_phase_change_moves_the_phase(qtbot, view, register, case_id) -> None:
    cases.change_phase(register, case_id, Phase.BINDEN, days_ago(20), "eerste gesprek")
    view.reload()
    choose_line(view, "Fasewissel")
    click(qtbot, view.correct_button)
    dialog = view.dialog
    assert isinstance(dialog, PhaseDialog)
    assert dialog.windowTitle() == f"Fasewissel corrigeren: casus {number(view)}"
    assert dialog.to_phase() is Phase.BINDEN
    assert dialog.reason_edit.text() == "eerste gesprek"
    dialog.phase_combo.setCurrentIndex(dialog.phase_combo.findData(Phase.TOELEIDEN.value))
    assert dialog.correction_reason_edit is not None
    type_into(qtbot, dialog.correction_reason_edit, "was al toeleiden")
    click(qtbot, dialog.save_button)
    assert view.detail is not None
    assert view.detail.header.phase is Phase.TOELEIDEN
    assert view.header.phase_label.text().lower().startswith("toeleiden")


def test_a_referral_gets_its_outcome_later(qtbot, view, register, case_id) -> None:
    cases.add_referral(register, case_id, days_ago(9), ReferralTarget.GGZ, None, "intake")
    view.reload()
    choose_line(view, "Doorverwijzing")
    assert view.outcome_button.isVisible() and view.outcome_button.isEnabled()
    click(qtbot, view.outcome_button)
    dialog = view.dialog
    assert isinstance(dialog, ReferralDialog)
    assert dialog.correction_reason_edit is not None
    assert dialog.correction_reason_edit.text() == OUTCOME_KNOWN
    assert dialog.accepted_choice.value() is None
    dialog.accepted_choice.set_value(True)
    click(qtbot, dialog.save_button)
    whats = [what for _d, _k, what in rows(view)]
    assert "Doorverwezen naar GGZ (geaccepteerd)" in whats
    assert "Doorverwezen naar GGZ (nog onbekend)" in whats  # kept, marked
    choose_line(view, "Doorverwijzing (correctie)")
    assert not view.outcome_button.isVisible()  # known now


# --- ZRM -----------------------------------------------------------------------------------


def test_a_second_zrm_score_today_asks_and_keeps_the_first(qtbot, view, register, case_id) -> None:
    cases.score_zrm(register, case_id, TODAY, {ZrmDomain.FINANCIEN: 2})
    view.reload()
    click(qtbot, view.zrm_button)
    dialog = view.dialog
    assert isinstance(dialog, ZrmDialog)
    assert dialog.windowTitle() == f"ZRM scoren: casus {number(view)}"
    dialog.set_score(ZrmDomain.FINANCIEN, 4)
    before = len(log_entries(register))
    messages.script(False)  # first: no, keep the first
    click(qtbot, dialog.save_button)
    asked = [s for s in messages.shown if s.kind == "confirm"]
    assert asked[-1].title == SAME_DAY_TITLE
    assert "Er is vandaag al een ZRM-score" in asked[-1].text
    assert dialog.isVisible()
    assert log_entries(register)[before:] == []
    messages.script(True)  # then: yes, replace
    click(qtbot, dialog.save_button)
    saved_once(register, case_id, before)
    assert view.zrm_panel.model.dates() == [TODAY]
    row = list(ZrmDomain).index(ZrmDomain.FINANCIEN)
    assert view.zrm_panel.model.index(row, 1).data() == "4"
    kinds = [kind for _d, kind, _w in rows(view)]
    assert "ZRM (gecorrigeerd)" in kinds and "ZRM (correctie)" in kinds


# --- actions -------------------------------------------------------------------------------


def action_row(view: CaseView, description: str) -> int:
    model = view.actions_table.model()
    for r in range(model.rowCount()):
        if model.index(r, ActionColumn.DESCRIPTION).data() == description:
            return r
    raise AssertionError(description)


def action_cell(view: CaseView, description: str, column: ActionColumn) -> str:
    model = view.actions_table.model()
    return str(model.index(action_row(view, description), column).data())


def test_an_action_is_changed_done_undone_and_opened_again_also_when_closed(
    qtbot, view, register, case_id
) -> None:
    cases.add_action(register, case_id, "Huisarts bellen", "Anna", days_ago(1))
    view.reload()
    view.actions_table.selectRow(action_row(view, "Huisarts bellen"))
    click(qtbot, view.edit_action_button)
    dialog = view.dialog
    assert isinstance(dialog, ActionDialog)
    assert dialog.windowTitle() == f"Actie wijzigen: casus {number(view)}"
    assert dialog.description_edit.text() == "Huisarts bellen"
    dialog.description_edit.setText("Huisarts en apotheek bellen")
    dialog.due_edit.set_value(TODAY)
    before = len(log_entries(register))
    click(qtbot, dialog.save_button)
    saved_once(register, case_id, before)
    assert action_cell(view, "Huisarts en apotheek bellen", ActionColumn.DUE) == date_text(TODAY)

    # Done, then undone with one click.
    view.actions_table.selectRow(action_row(view, "Huisarts en apotheek bellen"))
    assert not view.undo_done_button.isVisible()
    click(qtbot, view.done_button)
    assert action_cell(view, "Huisarts en apotheek bellen", ActionColumn.DONE) == date_text(TODAY)
    assert any(text.startswith("Actie afgerond.") for text in notices())
    assert view.undo_done_button.isVisible()
    before = len(log_entries(register))
    click(qtbot, view.undo_done_button)
    saved_once(register, case_id, before)
    assert action_cell(view, "Huisarts en apotheek bellen", ActionColumn.DONE) == ""
    assert not view.undo_done_button.isVisible()

    # The case closes with the action open: it can still be done, and opened again.
    cases.close_case(register, case_id, Outcome.OVERGEDRAGEN, TODAY)
    view.reload()
    assert not view.add_action_button.isEnabled()
    view.actions_table.selectRow(action_row(view, "Huisarts en apotheek bellen"))
    click(qtbot, view.done_button)
    assert action_cell(view, "Huisarts en apotheek bellen", ActionColumn.DONE) == date_text(TODAY)
    view.actions_table.selectRow(action_row(view, "Huisarts en apotheek bellen"))
    assert not view.done_button.isEnabled()
    click(qtbot, view.reopen_action_button)
    assert action_cell(view, "Huisarts en apotheek bellen", ActionColumn.DONE) == ""


# --- who may -------------------------------------------------------------------------------


@pytest.fixture
def other_session(qtbot, register: Register) -> Iterator[tuple[RegisterSession, int]]:
    """A session of a bemoeizorger who does not own the case (owned by another one)."""
    owner = team_member(register, WORKER)
    team_member(register, OTHER_WORKER)
    register.add_user(WORKER, Role.BEMOEIZORGER, STRONG)
    register.add_user(OTHER_WORKER, Role.BEMOEIZORGER, STRONG)
    case_id = new_case(register, family_name=FAMILY, given_names=GIVEN, owner_id=owner)
    cases.add_note(register, case_id, TODAY, "Een notitie")
    cases.add_action(register, case_id, "Huisarts bellen", WORKER, days_ago(-2))
    done = cases.add_action(register, case_id, "Brief sturen", WORKER, days_ago(-1))
    corrections.complete_action(register, done, TODAY)
    register.lock()
    session = RegisterSession(JobRunner(inline=True), DeviceSettings())
    session.adopt(Register.unlock(register.path, OTHER_WORKER, STRONG), TEAM)
    yield session, case_id
    if session.register is not None:
        session.register.lock()


def test_a_bemoeizorger_who_is_not_the_owner_cannot_correct(qtbot, other_session) -> None:
    session, case_id = other_session
    view = shown_view(qtbot, session, case_id)
    choose_line(view, "Notitie")
    assert not view.correct_button.isEnabled()
    assert not view.withdraw_button.isEnabled()
    assert view.correct_button.toolTip() == NOT_OWNER
    assert "dossierhouder" in NOT_OWNER
    assert view.correct_selected() is None and view.withdraw_selected() is None
    assert view.note_button.isEnabled()  # recording goes on as before


def test_a_bemoeizorger_who_is_not_the_owner_cannot_change_actions(qtbot, other_session) -> None:
    session, case_id = other_session
    view = shown_view(qtbot, session, case_id)
    view.actions_table.selectRow(action_row(view, "Huisarts bellen"))
    for button in (view.edit_action_button, view.done_button):
        assert not button.isEnabled()
        assert button.toolTip() == NOT_OWNER_ACTION
    assert view.edit_selected_action() is None and view.dialog is None
    view.actions_table.selectRow(action_row(view, "Brief sturen"))
    assert not view.reopen_action_button.isEnabled()
    assert view.reopen_action_button.toolTip() == NOT_OWNER_ACTION
    assert "dossierhouder" in NOT_OWNER_ACTION and "teamleider" in NOT_OWNER_ACTION
    assert action_cell(view, "Brief sturen", ActionColumn.DONE) == date_text(TODAY)
    assert view.add_action_button.isEnabled()  # adding one goes on as before


def test_a_corrected_phase_change_is_refused_on_the_date_field_outside_its_neighbours(
    qtbot, view, register, case_id
) -> None:
    cases.change_phase(register, case_id, Phase.BINDEN, days_ago(30), "eerste gesprek")
    cases.change_phase(register, case_id, Phase.TOELEIDEN, days_ago(10), "wil hulp")
    view.reload()
    choose_line(view, "Fasewissel")  # the newest first: the one to toeleiden
    view.timeline.selectRow(row_of(view, "Fasewissel") + 1)  # the one to binden
    click(qtbot, view.correct_button)
    dialog = view.dialog
    assert isinstance(dialog, PhaseDialog) and dialog.to_phase() is Phase.BINDEN
    assert dialog.date_edit is not None and dialog.correction_reason_edit is not None
    dialog.date_edit.clear()
    type_into(qtbot, dialog.date_edit, date_text(days_ago(5)))
    type_into(qtbot, dialog.correction_reason_edit, "datum verkeerd")
    before = len(log_entries(register))
    click(qtbot, dialog.save_button)
    assert view.dialog is dialog and dialog.isVisible()  # not saved
    shown = dialog.errors["on_date"].text()
    assert shown.startswith("Kies een datum vóór de fasewissel erna")
    assert date_text(days_ago(10)) in shown
    assert log_entries(register)[before:] == []
    dialog.date_edit.clear()
    type_into(qtbot, dialog.date_edit, date_text(days_ago(20)))
    click(qtbot, dialog.save_button)
    assert view.detail is not None and view.detail.header.phase is Phase.TOELEIDEN
    assert date_text(days_ago(20)) in [r[0] for r in rows(view)]


# --- titles --------------------------------------------------------------------------------


def test_new_event_dialogs_carry_the_case_number_not_the_name(qtbot, view) -> None:
    for button in (view.contact_button, view.note_button, view.referral_button):
        click(qtbot, button)
        dialog = view.dialog
        assert dialog is not None
        assert dialog.windowTitle().endswith(f": casus {number(view)}")
        assert FAMILY not in dialog.windowTitle() and GIVEN not in dialog.windowTitle()
        dialog.reject()
        assert view.dialog is None or not view.dialog.isVisible()
