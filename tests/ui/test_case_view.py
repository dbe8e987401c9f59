"""The case view as a worker uses it, on a real encrypted register with real widgets: every
kind of event through its dialog, the phase rule, closing and reopening, actions past due,
ZRM over time, one access-log entry per view or change, drafts that survive a crash or a
lock, and impossible dates refused on the field."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QApplication, QWidget

from bemoeizorg.casework import cases, drafts
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.vocabulary import (
    ContactKind,
    EventKind,
    Measure,
    Outcome,
    Phase,
    ReferralTarget,
    ZrmDomain,
)
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.register import Register
from bemoeizorg.ui import messages
from bemoeizorg.ui.dialogs.action_dialog import ActionDialog
from bemoeizorg.ui.dialogs.case_event_dialog import CaseEventDialog
from bemoeizorg.ui.dialogs.close_case_dialog import CloseCaseDialog
from bemoeizorg.ui.dialogs.contact_dialog import ContactDialog
from bemoeizorg.ui.dialogs.measure_dialog import MeasureDialog
from bemoeizorg.ui.dialogs.note_dialog import NoteDialog
from bemoeizorg.ui.dialogs.owner_dialog import OwnerDialog
from bemoeizorg.ui.dialogs.phase_dialog import SKIP_TITLE, PhaseDialog
from bemoeizorg.ui.dialogs.referral_dialog import ReferralDialog
from bemoeizorg.ui.dialogs.reopen_dialog import ReopenDialog
from bemoeizorg.ui.dialogs.zrm_dialog import ZrmDialog
from bemoeizorg.ui.models.case_action_model import OVERDUE_COLOUR, ActionColumn, CaseActionModel
from bemoeizorg.ui.models.timeline_model import TimelineColumn, TimelineModel
from bemoeizorg.ui.models.zrm_model import GREEN, RED, ZrmHistoryModel
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.views.case_view import CaseView
from tests.builders import (
    CHANGE,
    VIEW,
    days_ago,
    log_entries,
    new_case,
    team_member,
    writing_commits,
)
from tests.ui.helpers import retype

LEFT = Qt.MouseButton.LeftButton
TODAY = date.today()


@pytest.fixture
def case_id(register: Register) -> int:
    return new_case(register, family_name="Hendriks", given_names="Ria", alias="Rietje")


@pytest.fixture
def view(qtbot, unlocked_session: RegisterSession, case_id: int) -> CaseView:
    widget = CaseView(unlocked_session)
    qtbot.addWidget(widget)
    widget.resize(1100, 720)
    widget.show()
    qtbot.waitExposed(widget)
    widget.show_case(case_id)
    return widget


def column(view: CaseView, col: int) -> list[str]:
    model = view.timeline.model()
    return [model.index(row, col).data() for row in range(model.rowCount())]


def kinds(view: CaseView) -> list[str]:
    return column(view, TimelineColumn.KIND)


def click(qtbot, widget: QWidget) -> None:
    assert widget.isEnabled(), widget
    qtbot.mouseClick(widget, LEFT)


def save(qtbot, dialog: CaseEventDialog) -> None:
    click(qtbot, dialog.save_button)


def throw_away_on_close(dialog: ContactDialog) -> None:
    """When a test ends, qtbot closes its dialogs; a contact not saved asks first whether
    to throw it away: the answer is yes."""
    if dialog.isVisible() and dialog.drafts.has_draft:
        messages.script(True)


def open_dialog(qtbot, view: CaseView, button: QWidget) -> CaseEventDialog:
    click(qtbot, button)
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def set_date(qtbot, dialog: CaseEventDialog, day: date) -> None:
    """Type the date over what the field holds, and leave it, as a user does."""
    assert dialog.date_edit is not None
    retype(qtbot, dialog.date_edit, date_text(day))


def saved_once(register: Register, case_id: int, before: int) -> None:
    """The save wrote exactly one change entry for this case; the reload one view."""
    # The case shown again right after one's own save adds no entry of its own: one
    # fsynced commit per save (casework/read_entries).
    assert log_entries(register)[before:] == [(CHANGE, case_id)]


# --- viewing -------------------------------------------------------------------------------


def test_opening_a_case_logs_one_view_and_shows_its_header(
    qtbot, unlocked_session, register, case_id
) -> None:
    widget = CaseView(unlocked_session)
    qtbot.addWidget(widget)
    before = len(log_entries(register))
    with qtbot.waitSignal(widget.loaded) as loaded:
        widget.show_case(case_id)
    assert log_entries(register)[before:] == [(VIEW, case_id)]
    assert loaded.args[0].id == case_id

    header = widget.header
    assert header.name_label.text() == "Ria Hendriks"
    assert header.alias_label.text() == "“Rietje”"
    assert header.number_label.text() == f"Casus {days_ago(90).year}-0001"
    assert header.municipality_label.text() == "Roermond"
    assert header.owner_label.text() == "nog niet gekozen"
    assert header.phase_label.text() == "Vinden"
    assert header.days_label.text() == "90 dagen in deze fase"
    assert header.status_label.text() == f"Open sinds {days_ago(90):%d-%m-%Y}"
    assert header.concerns_label.text() == "Schulden en armoede, Vervuilde of verwaarloosde woning"
    assert kinds(widget) == ["Melding"]


def test_nothing_is_read_while_hidden_and_a_lock_clears_the_view(
    qtbot, view, unlocked_session, register, case_id
) -> None:
    view.hide()
    before = len(log_entries(register))
    unlocked_session.data_changed.emit("cases")
    assert log_entries(register)[before:] == []  # hidden: no read, so no log entry
    register.log_event(Action.SETTINGS)  # not the case's own sight any more: logged again
    before = len(log_entries(register))
    view.show()
    assert log_entries(register)[before:] == [(VIEW, case_id)]

    unlocked_session.lock()
    assert view.case_id is None
    assert view.pages.currentWidget() is view.placeholder
    assert view.timeline.model().rowCount() == 0
    assert view.header.name_label.text() == ""


# --- every kind of event through its dialog -------------------------------------------------


def test_every_kind_of_event_through_its_dialog_lands_on_the_timeline(
    qtbot, view, unlocked_session, register, case_id
) -> None:
    team_member(register, "Bram Peeters")

    def step(button: QWidget, fill, kind: str) -> None:
        dialog = open_dialog(qtbot, view, button)
        fill(dialog)
        before = len(log_entries(register))
        with qtbot.waitSignal(unlocked_session.data_changed) as changed:
            save(qtbot, dialog)
        assert changed.args == ["cases"]
        assert not dialog.isVisible()
        saved_once(register, case_id, before)
        assert kinds(view)[0] == kind, kinds(view)

    def contact(d: ContactDialog) -> None:
        set_date(qtbot, d, days_ago(80))
        d.kind_combo.setCurrentIndex(d.kind_combo.findData(ContactKind.OP_STRAAT.value))
        qtbot.keyClicks(d.with_edit, "betrokkene")
        click(qtbot, d.made_choice.buttons[0])
        qtbot.keyClicks(d.note_edit, "Kort gesprek bij de supermarkt")

    def phase(d: PhaseDialog) -> None:
        set_date(qtbot, d, days_ago(79))
        assert d.to_phase() is Phase.BINDEN
        qtbot.keyClicks(d.reason_edit, "Eerste gesprek gehad")

    def referral(d: ReferralDialog) -> None:
        set_date(qtbot, d, days_ago(60))
        d.target_combo.setCurrentIndex(d.target_combo.findData(ReferralTarget.SCHULDHULP.value))
        click(qtbot, d.accepted_choice.buttons[0])

    def measure(d: MeasureDialog) -> None:
        set_date(qtbot, d, days_ago(50))
        d.measure_combo.setCurrentIndex(d.measure_combo.findData(Measure.DRANG.value))
        qtbot.keyClicks(d.note_edit, "Via de woningcorporatie")

    def zrm(d: ZrmDialog) -> None:
        set_date(qtbot, d, days_ago(40))
        d.set_score(ZrmDomain.FINANCIEN, 2)

    def note(d: NoteDialog) -> None:
        set_date(qtbot, d, days_ago(30))
        qtbot.keyClicks(d.note_edit, "Huisarts gebeld")

    def owner(d: OwnerDialog) -> None:
        set_date(qtbot, d, days_ago(20))
        assert d.owner_combo.currentText() == "Bram Peeters (volwassenen)"

    step(view.contact_button, contact, "Contact")
    step(view.phase_button, phase, "Fasewissel")
    step(view.referral_button, referral, "Doorverwijzing")
    step(view.measure_button, measure, "Maatregel")
    step(view.zrm_button, zrm, "ZRM")
    step(view.note_button, note, "Notitie")
    step(view.owner_button, owner, "Dossierhouder gewijzigd")

    assert column(view, TimelineColumn.SUMMARY) == [
        "Dossierhouder gewijzigd",
        "Notitie",
        "ZRM gescoord",
        "Maatregel: drang",
        "Doorverwezen naar Schuldhulp (geaccepteerd)",
        "Fase vinden → binden",
        "Op straat met betrokkene: contact gelegd",
        "Melding ontvangen (schulden en armoede, vervuilde of verwaarloosde woning)",
    ]
    assert column(view, TimelineColumn.BY)[0] == "Anna de Vries"
    assert view.header.phase_label.text() == "Binden"
    assert view.header.days_label.text() == "79 dagen in deze fase"
    assert view.header.owner_label.text() == "Bram Peeters"

    view.timeline.selectRow(6)  # the contact: its whole note under the table
    assert "Kort gesprek bij de supermarkt" in view.timeline_panel.detail.text()


def test_phase_skip_asks_declining_keeps_vinden_confirming_moves(
    qtbot, view, register, case_id, scripted_messages
) -> None:
    dialog = open_dialog(qtbot, view, view.phase_button)
    assert isinstance(dialog, PhaseDialog)
    dialog.phase_combo.setCurrentIndex(dialog.phase_combo.findData(Phase.TOELEIDEN.value))
    qtbot.keyClicks(dialog.reason_edit, "Meteen naar de GGZ")

    messages.script(False)
    before = len(log_entries(register))
    save(qtbot, dialog)
    assert [s.title for s in scripted_messages] == [SKIP_TITLE]
    assert dialog.isVisible()  # declined: back in the form, nothing written
    assert log_entries(register)[before:] == []
    assert cases.read_case(register, case_id).header.phase is Phase.VINDEN

    messages.script(True)
    before = len(log_entries(register))
    save(qtbot, dialog)
    assert not dialog.isVisible()
    saved_once(register, case_id, before)
    assert view.header.phase_label.text() == "Toeleiden"
    assert kinds(view)[0] == "Fasewissel"


def test_close_with_outcome_then_reopen(qtbot, view, register, case_id) -> None:
    cases.add_action(register, case_id, "Huisarts bellen", "Bram", days_ago(1))
    view.reload()
    assert view.actions_panel.title.text() == "Acties (1 te laat)"
    assert view.close_button.isVisible() and not view.reopen_button.isVisible()
    dialog = open_dialog(qtbot, view, view.close_button)
    assert isinstance(dialog, CloseCaseDialog)
    save(qtbot, dialog)  # no outcome chosen: refused on the field
    assert dialog.errors["outcome"].isVisible()
    dialog.outcome_combo.setCurrentIndex(
        dialog.outcome_combo.findData(Outcome.ZORG_GEWEIGERD.value)
    )
    set_date(qtbot, dialog, days_ago(2))
    before = len(log_entries(register))
    save(qtbot, dialog)
    saved_once(register, case_id, before)

    header = view.header
    assert header.status_label.text() == (
        f"Afgesloten op {days_ago(2):%d-%m-%Y}: zorg geweigerd (geen grond voor dwang)"
    )
    assert kinds(view)[0] == "Afgesloten"
    for button in (*view.edit_buttons, view.add_action_button, view.done_button):
        assert not button.isEnabled(), button.text()
    assert not view.close_button.isVisible()
    assert view.reopen_button.isVisible() and view.reopen_button.isEnabled()
    assert view.contact_button.toolTip().startswith("De casus is afgesloten")
    assert view.actions_panel.title.text() == "Acties"  # closed: nothing is late any more

    dialog = open_dialog(qtbot, view, view.reopen_button)
    assert isinstance(dialog, ReopenDialog)
    set_date(qtbot, dialog, days_ago(3))  # before the closing: said on the field at once
    assert dialog.errors["on_date"].text().startswith("Deze datum ligt vóór de afsluiting")
    set_date(qtbot, dialog, TODAY)
    assert not dialog.errors["on_date"].isVisible()
    save(qtbot, dialog)  # no reason yet
    assert dialog.errors["reason"].isVisible()
    qtbot.keyClicks(dialog.reason_edit, "Nieuwe melding van de buren")
    before = len(log_entries(register))
    save(qtbot, dialog)
    saved_once(register, case_id, before)
    assert view.header.status_label.text().startswith("Open sinds")
    assert kinds(view)[0] == "Heropend"
    assert all(button.isEnabled() for button in view.edit_buttons)
    assert view.contact_button.toolTip().startswith("Huisbezoek")
    assert view.actions_panel.title.text() == "Acties (1 te laat)"


# --- actions -------------------------------------------------------------------------------


def test_actions_past_due_are_shown_as_such_and_can_be_completed(
    qtbot, view, register, case_id
) -> None:
    dialog = open_dialog(qtbot, view, view.add_action_button)
    assert isinstance(dialog, ActionDialog)
    save(qtbot, dialog)
    assert dialog.errors["description"].isVisible()
    qtbot.keyClicks(dialog.description_edit, "Huisarts bellen")
    dialog.responsible_combo.setEditText("Wijkagent Janssen")
    dialog.due_edit.set_value(days_ago(3))
    before = len(log_entries(register))
    save(qtbot, dialog)
    saved_once(register, case_id, before)
    cases.add_action(register, case_id, "Huisbezoek", "Anna", TODAY + timedelta(days=5))
    view.reload()

    table = view.actions_table.model()
    rows = {table.index(r, ActionColumn.DESCRIPTION).data(): r for r in range(table.rowCount())}
    late = rows["Huisarts bellen"]
    due = table.index(late, ActionColumn.DUE)
    assert due.data() == f"{days_ago(3):%d-%m-%Y} (te laat)"
    brush = due.data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush) and brush.color().name() == OVERDUE_COLOUR
    assert table.index(late, ActionColumn.RESPONSIBLE).data() == "Wijkagent Janssen"
    on_time = table.index(rows["Huisbezoek"], ActionColumn.DUE)
    assert "te laat" not in on_time.data()
    assert on_time.data(Qt.ItemDataRole.ForegroundRole) is None
    assert view.actions_panel.title.text() == "Acties (1 te laat)"

    assert not view.done_button.isEnabled()  # nothing chosen yet
    view.actions_table.selectRow(late)
    before = len(log_entries(register))
    click(qtbot, view.done_button)
    saved_once(register, case_id, before)
    table = view.actions_table.model()
    rows = {table.index(r, ActionColumn.DESCRIPTION).data(): r for r in range(table.rowCount())}
    done = rows["Huisarts bellen"]
    assert table.index(done, ActionColumn.DONE).data() == f"{TODAY:%d-%m-%Y}"
    assert "te laat" not in table.index(done, ActionColumn.DUE).data()
    assert view.actions_panel.title.text() == "Acties"


# --- ZRM -----------------------------------------------------------------------------------


def test_zrm_over_two_dates_with_the_previous_score_shown(qtbot, view, register, case_id) -> None:
    dialog = open_dialog(qtbot, view, view.zrm_button)
    assert isinstance(dialog, ZrmDialog)
    assert not dialog.copy_button.isEnabled()  # nothing scored before
    save(qtbot, dialog)
    assert dialog.errors["zrm"].text() == "Scoor minstens één leefgebied."
    set_date(qtbot, dialog, days_ago(60))
    dialog.set_score(ZrmDomain.FINANCIEN, 1)
    dialog.set_score(ZrmDomain.HUISVESTING, 2)
    save(qtbot, dialog)

    dialog = open_dialog(qtbot, view, view.zrm_button)
    assert isinstance(dialog, ZrmDialog)
    assert dialog.previous_labels[ZrmDomain.FINANCIEN].text() == "vorige: 1"
    assert dialog.previous_labels[ZrmDomain.ADL].text() == "vorige: —"
    click(qtbot, dialog.copy_button)
    assert dialog.scores() == {ZrmDomain.FINANCIEN: 1, ZrmDomain.HUISVESTING: 2}
    dialog.set_score(ZrmDomain.FINANCIEN, 4)
    set_date(qtbot, dialog, days_ago(5))
    before = len(log_entries(register))
    save(qtbot, dialog)
    saved_once(register, case_id, before)

    model = view.zrm_panel.model
    assert model.dates() == [days_ago(5), days_ago(60)]  # newest first, as the timeline
    assert model.headerData(1, Qt.Orientation.Horizontal) == f"{days_ago(5):%d-%m-%Y}"
    row = list(ZrmDomain).index(ZrmDomain.FINANCIEN)
    assert model.index(row, 0).data() == "Financiën"
    assert [model.index(row, c).data() for c in (1, 2)] == ["4", "1"]
    newest, oldest = model.index(row, 1), model.index(row, 2)
    assert newest.data(Qt.ItemDataRole.BackgroundRole).color().name() == GREEN[0]
    assert oldest.data(Qt.ItemDataRole.BackgroundRole).color().name() == RED[0]
    unscored = model.index(list(ZrmDomain).index(ZrmDomain.JUSTITIE), 1)
    assert unscored.data() == ""
    assert view.zrm_table.isVisible()


# --- drafts: nothing is lost ---------------------------------------------------------------


def test_contact_draft_survives_a_crash(qtbot, view, unlocked_session, register, case_id) -> None:
    dialog = open_dialog(qtbot, view, view.contact_button)
    assert isinstance(dialog, ContactDialog)
    before = len(log_entries(register))
    set_date(qtbot, dialog, days_ago(1))
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(ContactKind.TELEFONISCH.value))
    click(qtbot, dialog.made_choice.buttons[1])
    with qtbot.waitSignal(dialog.draft_saved, timeout=5000):
        qtbot.keyClicks(dialog.with_edit, "zus")
        qtbot.keyClicks(dialog.note_edit, "Belde terug over de huur")
    assert log_entries(register)[before:] == []  # a draft is not a case change

    # The program dies: the dialog is gone without saving, cancelling or being asked.
    dialog.draft_timer.stop()
    dialog.setParent(None)
    dialog.deleteLater()
    view.hide()
    view.deleteLater()

    (draft,) = drafts.drafts_of_user(register)
    assert (draft.kind, draft.case_id) == (drafts.DraftKind.CONTACT, case_id)

    after_restart = CaseView(unlocked_session)
    qtbot.addWidget(after_restart)
    after_restart.show_case(case_id)
    assert after_restart.draft_banner.isVisibleTo(after_restart)
    restored = after_restart.log_contact()  # continues the draft instead of a blank form
    assert isinstance(restored, ContactDialog)
    assert restored.on_date() == days_ago(1)
    assert restored.kind_combo.currentData() == ContactKind.TELEFONISCH.value
    assert restored.with_edit.text() == "zus"
    assert restored.made_choice.value() is False
    assert restored.note_edit.toPlainText() == "Belde terug over de huur"
    assert restored.intro.text().startswith("Hersteld uit een niet-opgeslagen concept")

    before = len(log_entries(register))
    writes = writing_commits(register)
    save(qtbot, restored)
    saved_once(register, case_id, before)
    # One fsynced commit for the contact and its draft; the reload after it writes nothing.
    assert len(writes) == 1
    assert drafts.drafts_of_user(register) == []  # saved for real: the draft is gone
    assert column(after_restart, TimelineColumn.SUMMARY)[0] == "Telefonisch met zus: geen contact"
    assert not after_restart.draft_banner.isVisibleTo(after_restart)


def test_contact_from_draft_without_the_view(qtbot, unlocked_session, register, case_id) -> None:
    fields = {"on_date": days_ago(2).isoformat(), "kind": "huisbezoek", "with_whom": "buurman"}
    drafts.save_draft(register, drafts.DraftKind.CONTACT, fields, case_id=case_id)
    (draft,) = drafts.drafts_of_user(register)
    dialog = ContactDialog.from_draft(unlocked_session, draft)
    qtbot.addWidget(dialog)
    assert dialog.case_id == case_id
    assert dialog.draft_id == draft.id
    assert dialog.with_edit.text() == "buurman"
    assert not dialog.made_choice.is_chosen()


def test_lock_with_the_contact_dialog_open_keeps_the_draft_without_asking(
    qtbot, view, unlocked_session, register, case_id, scripted_messages
) -> None:
    dialog = open_dialog(qtbot, view, view.contact_button)
    assert isinstance(dialog, ContactDialog)
    qtbot.keyClicks(dialog.with_edit, "wijkagent")  # typed just now: not yet kept

    dialog.close_for_lock()  # what MainWindow.lock_now does
    assert not dialog.isVisible()
    assert scripted_messages == []  # nothing asked at a lock
    (draft,) = drafts.drafts_of_user(register)
    assert draft.fields["with_whom"] == "wijkagent"
    assert draft.case_id == case_id


def test_cancelling_a_typed_contact_asks_before_throwing_it_away(
    qtbot, view, register, scripted_messages
) -> None:
    dialog = open_dialog(qtbot, view, view.contact_button)
    assert isinstance(dialog, ContactDialog)
    with qtbot.waitSignal(dialog.draft_saved, timeout=5000):
        qtbot.keyClicks(dialog.with_edit, "buurvrouw")
    assert len(drafts.drafts_of_user(register)) == 1

    messages.script(False)
    click(qtbot, dialog.cancel_button)
    assert dialog.isVisible()  # "No": back to the form
    assert len(drafts.drafts_of_user(register)) == 1

    messages.script(True)
    click(qtbot, dialog.cancel_button)
    assert not dialog.isVisible()
    assert drafts.drafts_of_user(register) == []
    assert [s.kind for s in scripted_messages] == ["confirm", "confirm"]
    assert not view.draft_banner.isVisibleTo(view)


def test_untouched_contact_closes_without_a_question(qtbot, view, scripted_messages) -> None:
    dialog = open_dialog(qtbot, view, view.contact_button)
    click(qtbot, dialog.cancel_button)
    assert not dialog.isVisible()
    assert scripted_messages == []


# --- dates ---------------------------------------------------------------------------------


def test_impossible_dates_are_refused_on_the_field(
    qtbot, view, unlocked_session, register, case_id
) -> None:
    dialog = open_dialog(qtbot, view, view.contact_button)
    assert isinstance(dialog, ContactDialog) and dialog.date_edit is not None
    assert dialog.on_date() == TODAY  # today to begin with, shown in the field
    assert dialog.date_edit.text() == date_text(TODAY)
    click(qtbot, dialog.made_choice.buttons[0])

    retype(qtbot, dialog.date_edit, date_text(TODAY + timedelta(days=3)))
    error = dialog.errors["on_date"]
    assert error.isVisible() and error.text() == "Deze datum ligt in de toekomst."
    before = len(log_entries(register))
    save(qtbot, dialog)
    assert dialog.isVisible() and log_entries(register)[before:] == []

    set_date(qtbot, dialog, days_ago(200))  # before the case was opened
    assert error.isVisible()
    assert (
        error.text() == f"Deze datum ligt vóór de opening van de casus ({days_ago(90):%d-%m-%Y})."
    )
    before = len(log_entries(register))
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert log_entries(register)[before:] == []
    set_date(qtbot, dialog, days_ago(1))
    assert not error.isVisible()

    # Where the form does not know the case, the register refuses, on the same field.
    bare = ContactDialog(unlocked_session, case_id)
    qtbot.addWidget(bare, before_close_func=throw_away_on_close)
    bare.show()
    set_date(qtbot, bare, days_ago(200))
    assert not bare.errors["on_date"].isVisible()
    click(qtbot, bare.made_choice.buttons[0])
    before = len(log_entries(register))
    save(qtbot, bare)
    assert bare.errors["on_date"].text() == "Deze datum ligt vóór de opening van de casus."
    assert log_entries(register)[before:] == []

    phase = PhaseDialog(unlocked_session, case_id, Phase.VINDEN, days_ago(10))
    qtbot.addWidget(phase)
    phase.show()
    set_date(qtbot, phase, days_ago(11))
    assert phase.errors["on_date"].text().startswith("Deze datum ligt vóór het begin")


# --- models --------------------------------------------------------------------------------


def test_models_pass_the_model_tester(qtmodeltester, register, case_id) -> None:
    cases.log_contact(register, case_id, days_ago(5), ContactKind.HUISBEZOEK, "", True, "a\nb")
    cases.add_note(register, case_id, days_ago(4), "Notitie")
    cases.add_action(register, case_id, "Bellen", "Bram", days_ago(1))
    cases.add_action(register, case_id, "Later", "", None)
    cases.score_zrm(register, case_id, days_ago(20), {ZrmDomain.ADL: 3})
    cases.score_zrm(register, case_id, days_ago(2), {ZrmDomain.ADL: 4, ZrmDomain.WERK: 1})
    detail = cases.read_case(register, case_id)

    timeline = TimelineModel()
    timeline.set_rows(detail.timeline)
    qtmodeltester.check(timeline)
    loaded = [e.kind for e in timeline.rows()]
    assert loaded[-1] is EventKind.MELDING  # newest first, as read
    contact = timeline.index(loaded.index(EventKind.CONTACT), TimelineColumn.NOTE)
    assert contact.data() == "a …"  # a note's first line, the whole note as tooltip
    assert contact.data(Qt.ItemDataRole.ToolTipRole) == "a\nb"

    actions = CaseActionModel()
    actions.set_rows(detail.actions)
    qtmodeltester.check(actions)

    zrm = ZrmHistoryModel()
    zrm.set_history(detail.zrm)
    qtmodeltester.check(zrm)
    assert zrm.columnCount() == 3
    zrm.clear()
    qtmodeltester.check(zrm)


def test_ctrl_enter_saves_from_the_note_field(qtbot, view, register, case_id) -> None:
    dialog = open_dialog(qtbot, view, view.note_button)
    assert isinstance(dialog, NoteDialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClicks(dialog.note_edit, "Gebeld met de zus")
    before = len(log_entries(register))
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    saved_once(register, case_id, before)
    assert not dialog.isVisible()
    assert column(view, TimelineColumn.NOTE)[0] == "Gebeld met de zus"


def test_a_phase_change_after_a_colleagues_change_is_told_and_keeps_the_text(
    qtbot, view, register, case_id, scripted_messages
) -> None:
    """The case's state changed behind the open dialog (a colleague, on a team register):
    the save is refused in Dutch, nothing written, the reason still typed, the case behind
    reloaded with the colleague's change; a second Opslaan saves from there."""
    dialog = open_dialog(qtbot, view, view.phase_button)
    assert isinstance(dialog, PhaseDialog)
    qtbot.keyClicks(dialog.reason_edit, "Eerste gesprek gehad")
    cases.change_owner(register, case_id, team_member(register), days_ago(1))

    before = len(log_entries(register))
    save(qtbot, dialog)
    assert [s.kind for s in scripted_messages] == ["error"]
    assert scripted_messages[0].text.startswith("Deze casus is intussen door een ander gewijzigd")
    assert dialog.isVisible() and dialog.reason_edit.text() == "Eerste gesprek gehad"
    assert cases.read_case(register, case_id).header.phase is Phase.VINDEN
    assert [e for e in log_entries(register)[before:] if e[0] == CHANGE] == []
    qtbot.waitUntil(lambda: view.header.owner_label.text().endswith("Bram Peeters"))

    save(qtbot, dialog)
    assert not dialog.isVisible()
    header = cases.read_case(register, case_id).header
    assert header.phase is Phase.BINDEN and header.owner == "Bram Peeters"


def test_a_contact_saved_meanwhile_does_not_stop_a_phase_change(
    qtbot, view, register, case_id
) -> None:
    dialog = open_dialog(qtbot, view, view.phase_button)
    assert isinstance(dialog, PhaseDialog)
    qtbot.keyClicks(dialog.reason_edit, "Eerste gesprek gehad")
    cases.log_contact(register, case_id, days_ago(1), ContactKind.TELEFONISCH, "buurvrouw", True)
    save(qtbot, dialog)
    assert not dialog.isVisible()
    assert cases.read_case(register, case_id).header.phase is Phase.BINDEN
