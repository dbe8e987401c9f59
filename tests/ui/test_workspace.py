"""The workspace as a worker meets it: Mijn werk first, Ctrl+N from anywhere, a case opened
from either list, drafts offered back after a lock, and the spreadsheet import reachable.

Real main window on a real encrypted register; jobs run inline; message boxes scripted.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import func, select

from bemoeizorg.casework import drafts
from bemoeizorg.domain.vocabulary import Concern
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.schema import Case
from bemoeizorg.ui import messages
from bemoeizorg.ui.dialogs.contact_dialog import ContactDialog
from bemoeizorg.ui.dialogs.drafts_dialog import DraftsDialog
from bemoeizorg.ui.dialogs.import_dialog import ImportDialog
from bemoeizorg.ui.dialogs.intake_dialog import IntakeDialog
from bemoeizorg.ui.main_window import MainWindow
from tests.builders import STRONG, log_entries, new_case, team_member
from tests.spreadsheet_helpers import GOOD_ROWS, TEAM_MEMBER, fill_template
from tests.ui.helpers import (
    check_concern,
    choose,
    fill_rest,
    hand_over,
    shown_main_window,
    type_into,
)

LEFT = Qt.MouseButton.LeftButton
CANARY = "Reigerbosch"


@pytest.fixture
def window(qtbot, runner, tmp_path, unlocked_session) -> MainWindow:
    win = shown_main_window(qtbot, runner, tmp_path)
    yield win
    win.session.close()


def visible_dialogs(kind: type[QDialog]) -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def tab_titles(window: MainWindow) -> list[str]:
    return [window.workspace.tabText(i) for i in range(window.workspace.count())]


def lock_and_unlock(qtbot, window: MainWindow) -> None:
    # Pressed where the user's focus is: in an open dialog, if there is one.
    target = QApplication.focusWidget() or window
    with qtbot.waitSignal(window.session.locked, timeout=3000):
        qtbot.keyClick(target, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.unlock_view.passphrase_edit, STRONG)
    with qtbot.waitSignal(window.session.unlocked, timeout=5000):
        qtbot.keyClick(window.unlock_view.passphrase_edit, Qt.Key.Key_Return)


def test_workspace_opens_on_mijn_werk_with_the_daily_tabs(qtbot, window, unlocked_session):
    assert unlocked_session.register is not None
    owner = team_member(unlocked_session.register, "Anna de Vries")  # the user herself
    new_case(unlocked_session.register, family_name=CANARY, owner_id=owner, opened_days_ago=80)
    hand_over(window, unlocked_session)
    assert tab_titles(window) == [
        "Mijn werk",
        "Casussen",
        "Casus",
        "Netwerkoverleg",
        "Jaarcijfers",
        "Logboek",
        "Instellingen",
    ]
    assert window.workspace.currentWidget() is window.my_work_view
    assert window.toolbar.actions()[0] is window.new_report_action
    assert window.my_work_view.model.rowCount() == 1  # her case, long in vinden

    window.my_work_view.table.setFocus()
    window.my_work_view.table.setCurrentIndex(window.my_work_view.table.model().index(0, 0))
    qtbot.keyClick(window.my_work_view.table, Qt.Key.Key_Return)
    assert window.workspace.currentWidget() is window.case_view
    assert CANARY in window.case_view.header.name_label.text()


def test_ctrl_n_from_the_case_list_then_triage_opens_the_new_case(
    qtbot, window, unlocked_session, scripted_messages
):
    register = hand_over(window, unlocked_session)
    owner = team_member(register)
    window.workspace.setCurrentWidget(window.case_list_view)
    window.case_list_view.search_box.setFocus()

    qtbot.keyClick(
        window.case_list_view.search_box, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier
    )
    (dialog,) = visible_dialogs(IntakeDialog)
    assert isinstance(dialog, IntakeDialog)
    type_into(qtbot, dialog.person.family_edit, CANARY)
    type_into(qtbot, dialog.person.given_edit, "Lotte")
    type_into(qtbot, dialog.person.birth_edit, "03-03-1980")
    dialog.match_timer.timeout.emit()
    fill_rest(qtbot, dialog)
    qtbot.mouseClick(dialog.save_button, LEFT)
    triage = dialog.triage_dialog
    assert triage is not None and triage.isVisible()
    choose(triage.owner_combo, owner)
    qtbot.mouseClick(triage.save_button, LEFT)

    qtbot.waitUntil(lambda: not visible_dialogs(IntakeDialog), timeout=2000)
    with register.session() as s:
        number = s.scalars(select(Case.number)).one()
    assert window.workspace.currentWidget() is window.case_view
    assert window.workspace.tabText(2) == f"Casus {number}"
    assert "Lotte" in window.case_view.header.name_label.text()
    assert window.case_list_view.model.rowCount() == 1  # the list was told as well


def test_double_click_in_casussen_opens_the_case_and_logs_one_view(qtbot, window, unlocked_session):
    assert unlocked_session.register is not None
    case_id = new_case(unlocked_session.register, family_name=CANARY)
    register = hand_over(window, unlocked_session)
    window.workspace.setCurrentWidget(window.case_list_view)
    table = window.case_list_view.table
    rect = table.visualRect(table.model().index(0, 1))
    before = len(log_entries(register, case_id))
    qtbot.mouseClick(table.viewport(), LEFT, pos=rect.center())  # a user's first press
    assert window.workspace.currentWidget() is window.case_list_view
    qtbot.mouseDClick(table.viewport(), LEFT, pos=rect.center())
    assert window.workspace.currentWidget() is window.case_view
    assert window.case_view.case_id == case_id
    assert log_entries(register, case_id)[before:] == [(Action.VIEW.value, case_id)]


def test_lock_leaves_no_case_on_screen_not_even_in_the_tab_title(qtbot, window, unlocked_session):
    assert unlocked_session.register is not None
    case_id = new_case(unlocked_session.register, family_name=CANARY)
    hand_over(window, unlocked_session)
    window.open_case(case_id)
    assert window.workspace.tabText(2).startswith("Casus 2")
    lock_and_unlock(qtbot, window)
    assert window.workspace.tabText(2) == "Casus"
    assert window.case_view.case_id is None
    assert CANARY not in window.case_view.header.name_label.text()
    assert window.workspace.currentWidget() is window.my_work_view


def test_half_typed_melding_is_offered_back_after_lock_and_unlock(
    qtbot, window, unlocked_session, scripted_messages
):
    register = hand_over(window, unlocked_session)
    dialog = window.new_report()
    assert dialog is not None
    type_into(qtbot, dialog.person.family_edit, CANARY)
    type_into(qtbot, dialog.person.given_edit, "Mees")
    check_concern(dialog, Concern.ZELFVERWAARLOZING)
    lock_and_unlock(qtbot, window)
    assert scripted_messages == []  # the lock asked nothing

    offer = window.drafts_dialog
    assert isinstance(offer, DraftsDialog) and offer.isVisible()
    assert offer.draft_list.count() == 1
    assert offer.draft_list.item(0).text().startswith(f"Nieuwe melding over Mees {CANARY}")
    qtbot.mouseClick(offer.go_on_button, LEFT)
    (again,) = visible_dialogs(IntakeDialog)
    assert isinstance(again, IntakeDialog)
    assert again.person.family_edit.text() == CANARY
    assert again.concerns() == (Concern.ZELFVERWAARLOZING,)
    assert again.restored_note.isVisible()
    assert len(drafts.drafts_of_user(window.session.register or register)) == 1


def test_half_typed_contact_is_offered_back_and_reopens_in_its_case(
    qtbot, window, unlocked_session
):
    assert unlocked_session.register is not None
    case_id = new_case(unlocked_session.register, family_name=CANARY)
    hand_over(window, unlocked_session)
    window.open_case(case_id)
    contact = window.case_view.log_contact()
    assert isinstance(contact, ContactDialog)
    with qtbot.waitSignal(contact.draft_saved, timeout=5000):
        qtbot.keyClicks(contact.with_edit, "buurman")
    lock_and_unlock(qtbot, window)

    offer = window.drafts_dialog
    assert offer is not None
    with window.session.register.session() as s:  # type: ignore[union-attr]
        number = s.scalar(select(Case.number).where(Case.id == case_id))
    assert offer.draft_list.item(0).text().startswith(f"Contact bij casus {number}")
    qtbot.mouseClick(offer.go_on_button, LEFT)
    assert window.workspace.currentWidget() is window.case_view
    (resumed,) = visible_dialogs(ContactDialog)
    assert isinstance(resumed, ContactDialog)
    assert resumed.with_edit.text() == "buurman"


def test_later_keeps_drafts_and_weggooien_removes_one(
    qtbot, window, unlocked_session, scripted_messages
):
    register = unlocked_session.register
    assert register is not None
    drafts.save_draft(register, drafts.DraftKind.MELDING, {"family_name": "Eerste"})
    drafts.save_draft(register, drafts.DraftKind.MELDING, {"family_name": "Tweede"})
    hand_over(window, unlocked_session)
    offer = window.drafts_dialog
    assert offer is not None and offer.draft_list.count() == 2
    qtbot.mouseClick(offer.later_button, LEFT)
    assert len(drafts.drafts_of_user(register)) == 2

    lock_and_unlock(qtbot, window)
    offer = window.drafts_dialog
    assert offer is not None
    offer.draft_list.setCurrentRow(0)
    messages.script(True)  # "yes" to the question
    qtbot.mouseClick(offer.discard_button, LEFT)
    assert scripted_messages[-1].kind == "confirm"
    live = window.session.register
    assert live is not None
    assert [d.fields["family_name"] for d in drafts.drafts_of_user(live)] == ["Tweede"]
    assert offer.draft_list.count() == 1


def test_import_from_the_register_menu(qtbot, window, unlocked_session, tmp_path: Path):
    register = hand_over(window, unlocked_session)
    team_member(register, TEAM_MEMBER)
    menu_texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Importeren uit spreadsheet…" in menu_texts
    window.import_action.trigger()
    (dialog,) = visible_dialogs(ImportDialog)
    assert isinstance(dialog, ImportDialog)
    dialog.set_path(fill_template(tmp_path / "werkmap.xlsx", GOOD_ROWS))
    qtbot.mouseClick(dialog.import_button, LEFT)
    with register.session() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 3
        still_open = s.scalar(select(func.count()).where(Case.closed_on.is_(None)))
    window.workspace.setCurrentWidget(window.case_list_view)
    assert window.case_list_view.model.rowCount() == still_open == 1  # open ones by default
