"""Netwerkoverleg as a team lead uses it, on a real encrypted register with real widgets:
planning a meeting, putting cases on the agenda with a question and less to share, the
preview that shows exactly the pack (never a full name), recording what was agreed and
seeing it again at the next meeting, opening a case from the agenda, and the lock that
leaves nothing on screen."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from bemoeizorg.casework import meetings, reference_data
from bemoeizorg.domain.meetings import MeetingKind
from bemoeizorg.domain.team import ContactPointData
from bemoeizorg.domain.vocabulary import Concern
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import CaseAction
from bemoeizorg.ui import messages
from bemoeizorg.ui.dialogs.agreements_dialog import NO_ORGANISATION, AgreementsDialog
from bemoeizorg.ui.dialogs.meeting_dialog import NO_CONTACT_POINT
from bemoeizorg.ui.dialogs.pack_preview_dialog import NO_MATCH, TOO_SHORT
from bemoeizorg.ui.models.agenda_model import AgendaColumn, AgendaModel, AgreedActionModel
from bemoeizorg.ui.models.meeting_list_model import MeetingListModel
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.views.meetings_view import NO_MEETING, NO_PREVIOUS, MeetingsView
from tests.builders import ROERMOND, log_entries, new_case
from tests.ui.helpers import hand_over, shown_main_window

LEFT = Qt.MouseButton.LeftButton
TODAY = date.today()
CANARY_FAMILY = "Reigerbosch"
CANARY_GIVEN = "Ottoline"
VIEW = Action.VIEW.value
WEERT = "GM0988"


@pytest.fixture
def canary(register: Register) -> int:
    return new_case(
        register,
        family_name=CANARY_FAMILY,
        given_names=CANARY_GIVEN,
        concerns=(Concern.SCHULDEN, Concern.VERWAARLOZING_KINDEREN),
    )


@pytest.fixture
def other(register: Register) -> int:
    return new_case(register, family_name="Jansen", given_names="Piet")


@pytest.fixture
def view(qtbot, unlocked_session: RegisterSession) -> MeetingsView:
    widget = MeetingsView(unlocked_session)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def plan(register: Register, held_on: date, *case_ids: int) -> int:
    meeting_id = meetings.plan_meeting(
        register,
        meetings.MeetingData(
            ROERMOND, held_on, MeetingKind.NETWERKOVERLEG, "Wethouder", ("GGD", "Politie", "GGZ")
        ),
    )
    for case_id in case_ids:
        meetings.add_to_agenda(register, meeting_id, case_id, "Wie kent hem?", "GGD")
    return meeting_id


def click(qtbot, widget) -> None:
    assert widget.isEnabled(), widget
    qtbot.mouseClick(widget, LEFT)


def agenda_numbers(view: MeetingsView) -> list[str]:
    proxy = view.agenda_proxy
    return [proxy.index(r, AgendaColumn.NUMBER).data() for r in range(proxy.rowCount())]


# --- planning --------------------------------------------------------------------------------


def test_planning_a_meeting_needs_a_participant_and_shows_the_contact_point(
    qtbot, view, register
) -> None:
    reference_data.save_contact_point(
        register,
        ContactPointData(ROERMOND, "Marit Ghoerle", "Wijkteam", "077 394 8494", "m@example.nl"),
    )
    reference_data.set_covered_municipalities(register, [WEERT, ROERMOND])
    assert view.meeting_model.rowCount() == 0
    dialog = view.plan_meeting()
    assert dialog is not None and dialog.isVisible()
    assert dialog.contact_point_label.text() == NO_CONTACT_POINT  # no municipality yet
    combo = dialog.municipality_combo
    # The team's own municipalities first, then the others.
    assert [combo.itemText(i) for i in range(4)] == ["Kies een gemeente…", "Roermond", "Weert", ""]
    assert combo.itemText(4) == "Beesel"
    combo.setCurrentIndex(combo.findData(ROERMOND))
    assert "Marit Ghoerle (Wijkteam)" in dialog.contact_point_label.text()
    assert "077 394 8494" in dialog.contact_point_label.text()

    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.errors["participants"].isVisible()
    assert "organisatie" in dialog.errors["participants"].text()
    assert meetings.list_meetings(register) == []

    dialog.partner_boxes["GGD"].setChecked(True)
    dialog.partner_boxes["Politie"].setChecked(True)
    dialog.other_edit.setText("Veilig Thuis, Schuldhulp")
    dialog.chair_combo.setEditText("Wethouder zorg")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()

    [saved] = meetings.list_meetings(register)
    assert view.meeting_model.rowCount() == 1
    assert view.detail is not None and view.detail.id == saved.id
    assert view.detail.data.participants == ("GGD", "Politie", "Veilig Thuis", "Schuldhulp")
    assert "Roermond" in view.header_label.text()
    assert view.participants_label.text() == "GGD, Politie, Veilig Thuis, Schuldhulp"
    assert view.chair_label.text() == "Wethouder zorg"
    assert "Marit Ghoerle" in view.contact_point_label.text()

    edit = view.edit_meeting()
    assert edit is not None
    assert edit.partner_boxes["GGD"].isChecked() and not edit.partner_boxes["GGZ"].isChecked()
    assert edit.other_edit.text() == "Veilig Thuis, Schuldhulp"
    edit.reject()


def test_a_municipality_without_contact_point_says_where_to_add_it(view, register) -> None:
    meeting_id = plan(register, TODAY + timedelta(days=7))
    view.reload()
    view.show_meeting(meeting_id)
    assert view.contact_point_label.text() == NO_CONTACT_POINT
    assert "Instellingen" in NO_CONTACT_POINT


# --- the agenda and the preview -----------------------------------------------------------------


def test_cases_go_on_the_agenda_narrowed_and_the_preview_shows_only_what_is_shared(
    qtbot, view, register, canary, other
) -> None:
    meeting_id = plan(register, TODAY + timedelta(days=7))
    view.reload()
    view.show_meeting(meeting_id)

    dialog = view.add_case()
    assert dialog is not None
    assert "komt nooit in het pakket: de melder" in dialog.never_label.text()
    assert "schrijf geen namen" in dialog.never_label.text()
    assert dialog.case_proxy.rowCount() == 2
    click(qtbot, dialog.save_button)
    assert dialog.errors["case"].isVisible()  # no case chosen yet

    dialog.choose_case(canary)
    assert set(dialog.concern_boxes) == {Concern.SCHULDEN, Concern.VERWAARLOZING_KINDEREN}
    assert all(box.isChecked() for box in dialog.concern_boxes.values())
    dialog.concern_boxes[Concern.VERWAARLOZING_KINDEREN].setChecked(False)
    dialog.question_edit.setPlainText("Wie heeft contact met de huisarts?")
    dialog.asked_of_combo.setEditText("GGZ")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert agenda_numbers(view) == [view.detail.agenda[0].case_number]

    second = view.add_case()
    assert second is not None
    assert second.case_proxy.rowCount() == 1  # the case on the agenda is not offered again
    second.search_box.setText("jans")
    assert second.chosen_case_id() == other  # the one match is chosen
    second.age_band_box.setChecked(False)
    click(qtbot, second.save_button)
    assert len(view.detail.agenda) == 2

    first = view.detail.agenda[0]
    assert first.case_id == canary and first.question == "Wie heeft contact met de huisarts?"
    assert first.asked_of == "GGZ"
    assert first.shared.concerns_left_out == {Concern.VERWAARLOZING_KINDEREN}

    view.select_agenda_case(canary)
    edit = view.edit_item()
    assert edit is not None
    assert not edit.concern_boxes[Concern.VERWAARLOZING_KINDEREN].isChecked()
    assert edit.question_edit.toPlainText() == "Wie heeft contact met de huisarts?"
    edit.reject()

    preview = view.preview_pack()
    assert preview is not None and preview.pack is not None
    assert preview.page_list.count() == 4  # the agenda, one page per case, the agreements
    agenda_page = preview.page_text(0)
    assert "Agenda" in agenda_page and "Roermond" in agenda_page
    case_page = preview.page_text(1)
    assert "Wie heeft contact met de huisarts?" in case_page
    assert Concern.SCHULDEN.label in case_page
    assert Concern.VERWAARLOZING_KINDEREN.label not in case_page
    assert "Leeftijd" not in preview.page_text(2)  # narrowed for the second case
    assert preview.footer_label.text() == preview.pack.footer()
    for index in range(preview.page_list.count()):
        text = preview.page_text(index)
        assert CANARY_FAMILY not in text and CANARY_GIVEN not in text
        assert "Jansen" not in text
    preview.reject()


def test_the_pack_password_must_be_long_enough_and_typed_twice(view, register, canary) -> None:
    meeting_id = plan(register, TODAY + timedelta(days=7), canary)
    view.reload()
    view.show_meeting(meeting_id)
    preview = view.preview_pack()
    assert preview is not None
    preview.protect_box.setChecked(True)
    preview.password_edit.setText("kort")
    assert not preview.check_password()
    assert preview.password_error.text() == TOO_SHORT
    preview.password_edit.setText("lang genoeg")
    preview.repeat_edit.setText("anders")
    assert not preview.check_password()
    assert preview.password_error.text() == NO_MATCH
    preview.repeat_edit.setText("lang genoeg")
    assert preview.check_password()
    assert preview.password() == "lang genoeg"
    preview.reject()


# --- agreements --------------------------------------------------------------------------------


def test_agreements_are_recorded_per_case_and_shown_at_the_next_meeting(
    qtbot, view, register, canary, other
) -> None:
    meeting_id = plan(register, TODAY, canary, other)
    view.reload()
    view.show_meeting(meeting_id)
    dialog = view.record_agreements()
    assert isinstance(dialog, AgreementsDialog)
    assert len(dialog.groups) == 2
    group = dialog.group_of(canary)
    row = group.rows[0]
    row.description.setText("Huisbezoek samen met de wijkagent")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert group.error.isVisible() and group.error.text() == NO_ORGANISATION
    assert not dialog.group_of(other).error.isVisible()

    due = TODAY + timedelta(days=14)
    row.organisation.setEditText("Politie")
    row.due.set_value(due)
    extra = group.add_action()
    extra.description.setText("Budgetcoach zoeken")
    extra.organisation.setEditText("GGD")
    extra.due.set_value(None)
    dropped = group.add_action()
    dropped.description.setText("Weg ermee")
    group.remove_action(dropped)
    group.holder_combo.setEditText("GGZ")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()

    with register.session() as s:
        rows = [
            (a.case_id, a.description, a.organisation, a.due_on)
            for a in s.scalars(
                select(CaseAction)
                .where(CaseAction.meeting_id == meeting_id)
                .order_by(CaseAction.id)
            )
        ]
    assert rows == [
        (canary, "Huisbezoek samen met de wijkagent", "Politie", due),
        (canary, "Budgetcoach zoeken", "GGD", None),
    ]
    detail = meetings.meeting_detail(register, meeting_id)
    assert detail.agreements_recorded_on == TODAY
    assert {e.case_id: e.holder_after for e in detail.agenda}[canary] == "GGZ"
    assert "vastgelegd" in view.recorded_label.text()

    again = view.record_agreements()  # pre-filled with what was recorded
    assert again is not None
    assert [r.value().description for r in again.group_of(canary).rows] == [
        "Huisbezoek samen met de wijkagent",
        "Budgetcoach zoeken",
    ]
    assert again.group_of(canary).holder_combo.currentText() == "GGZ"
    again.reject()

    next_id = plan(register, TODAY + timedelta(days=28), canary)
    view.reload()
    view.show_meeting(next_id)
    assert view.select_agenda_case(canary)
    assert f"{TODAY:%d-%m-%Y}" in view.previous_label.text()
    assert "GGZ" in view.previous_label.text()
    assert view.previous_table.isVisibleTo(view)
    shown = [(a.description, a.organisation, a.due_on) for a in view.previous_model.rows()]
    assert shown == [
        ("Huisbezoek samen met de wijkagent", "Politie", due),
        ("Budgetcoach zoeken", "GGD", None),
    ]
    assert view.previous_proxy.index(0, 3).data() == "open"


def test_agreements_wait_for_the_day_of_the_meeting(view, register, canary) -> None:
    meeting_id = plan(register, TODAY + timedelta(days=3), canary)
    view.reload()
    view.show_meeting(meeting_id)
    assert not view.agreements_button.isEnabled()
    assert "vanaf de dag van het overleg" in view.agreements_button.toolTip()
    view.select_agenda_case(canary)
    assert view.previous_label.text() == NO_PREVIOUS


# --- opening, hiding, locking --------------------------------------------------------------------


def test_double_click_on_an_agenda_row_asks_to_open_the_case(qtbot, view, register, canary):
    meeting_id = plan(register, TODAY, canary)
    view.reload()
    view.show_meeting(meeting_id)
    table = view.agenda_table
    rect = table.visualRect(view.agenda_proxy.index(0, AgendaColumn.NAME))
    with qtbot.waitSignal(view.case_requested) as opened:
        qtbot.mouseClick(table.viewport(), LEFT, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), LEFT, pos=rect.center())
    assert opened.args == [canary]


def test_a_hidden_view_reads_no_case_and_the_lock_clears_everything(
    qtbot, view, unlocked_session, register, canary
) -> None:
    meeting_id = plan(register, TODAY, canary)
    view.hide()
    before = len(log_entries(register))
    unlocked_session.data_changed.emit("cases")
    assert log_entries(register)[before:] == []  # nothing read while nobody looks

    view.show()
    view.show_meeting(meeting_id)
    assert (VIEW, canary) in log_entries(register)[before:]
    assert view.agenda_model.rowCount() == 1
    dialog = view.add_case()
    assert dialog is not None and dialog.isVisible()

    unlocked_session.lock()
    assert not dialog.isVisible()
    assert view.meeting_model.rowCount() == 0
    assert view.agenda_model.rowCount() == 0
    assert view.previous_model.rowCount() == 0
    assert view.detail is None
    assert view.header_label.text() == "" and view.contact_point_label.text() == ""
    assert view.pages.currentWidget() is view.placeholder
    assert view.placeholder.text() == NO_MEETING


def test_deleting_a_meeting_asks_first(view, register, canary, scripted_messages) -> None:
    meeting_id = plan(register, TODAY, canary)
    view.reload()
    view.show_meeting(meeting_id)
    messages.script(False)
    view.delete_meeting()
    assert len(meetings.list_meetings(register)) == 1
    messages.script(True)
    view.delete_meeting()
    assert meetings.list_meetings(register) == []
    assert view.meeting_model.rowCount() == 0
    assert view.detail is None


def test_the_main_window_has_the_netwerkoverleg_tab_after_casus(
    qtbot, runner, tmp_path, unlocked_session, canary
) -> None:
    register = unlocked_session.register
    assert register is not None
    meeting_id = plan(register, TODAY, canary)
    win = shown_main_window(qtbot, runner, tmp_path)
    hand_over(win, unlocked_session)
    try:
        titles = [win.workspace.tabText(i) for i in range(win.workspace.count())]
        assert titles[titles.index("Casus") + 1] == "Netwerkoverleg"
        assert titles.index("Netwerkoverleg") < titles.index("Logboek")
        win.workspace.setCurrentWidget(win.meetings_view)
        win.meetings_view.show_meeting(meeting_id)
        win.meetings_view.case_requested.emit(canary)
        assert win.workspace.currentWidget() is win.case_view
        assert win.case_view.case_id == canary
    finally:
        win.session.close()


# --- the models and the PDF ----------------------------------------------------------------------


def test_models_pass_the_model_tester(qtmodeltester, register, canary, other) -> None:
    first = plan(register, TODAY, canary, other)
    meetings.record_agreements(
        register,
        first,
        [
            meetings.Agreement(
                item.id,
                (meetings.AgreedAction("Bellen", "GGD", TODAY + timedelta(days=7)),),
                "GGZ",
            )
            for item in meetings.meeting_detail(register, first).agenda
        ],
    )
    second = plan(register, TODAY + timedelta(days=28), canary)
    listed = MeetingListModel()
    listed.set_rows(meetings.list_meetings(register))
    qtmodeltester.check(listed)
    agenda = AgendaModel()
    detail = meetings.meeting_detail(register, second)
    agenda.set_rows(list(detail.agenda))
    qtmodeltester.check(agenda)
    previous = detail.agenda[0].previous
    assert previous is not None
    actions = AgreedActionModel()
    actions.set_rows(list(previous.actions))
    qtmodeltester.check(actions)
    actions.clear()
    qtmodeltester.check(actions)


def test_making_the_pdf_writes_the_file_and_logs_each_case(
    qtbot, view, unlocked_session, register, canary, other, tmp_path: Path, scripted_messages
) -> None:
    meeting_id = plan(register, TODAY + timedelta(days=7), canary, other)
    view.reload()
    view.show_meeting(meeting_id)
    preview = view.preview_pack()
    assert preview is not None and preview.pack is not None
    target = tmp_path / preview.pack.file_name
    with qtbot.waitSignal(unlocked_session.data_changed) as changed:
        preview.make_pdf(target, None)
    assert changed.args == ["meetings"]
    assert target.exists() and target.read_bytes().startswith(b"%PDF")
    assert CANARY_FAMILY not in target.name
    entries = meetings.disclosures(register)
    assert sorted(e.case_id for e in entries) == sorted([canary, other])
    assert all(e.meeting_id == meeting_id for e in entries)
    assert any("Vastgelegd in het verstrekkingenlog" in m.text for m in scripted_messages)
    assert not preview.isVisible()
    assert view.meeting_model.rows()[0].packs_made == 1


# --- issue 15: details carried over, moving after a pack, the privacy guard ----------------------


def test_a_new_meeting_takes_time_place_chair_and_participants_from_the_previous(
    qtbot, view, register
) -> None:
    meetings.plan_meeting(
        register,
        meetings.MeetingData(
            ROERMOND,
            TODAY - timedelta(days=14),
            MeetingKind.NETWERKOVERLEG,
            "Wethouder Smeets",
            ("GGD", "Politie", "wijkagent De Wit"),
            starts_at="14:30",
            place="Stadhuis, zaal 2",
        ),
    )
    view.reload()
    dialog = view.plan_meeting()
    assert dialog is not None
    dialog.municipality_combo.setCurrentIndex(dialog.municipality_combo.findData(ROERMOND))
    qtbot.waitUntil(dialog.carried_label.isVisible)
    assert dialog.chair_combo.currentText() == "Wethouder Smeets"
    assert dialog.partner_boxes["GGD"].isChecked() and dialog.partner_boxes["Politie"].isChecked()
    assert dialog.other_edit.text() == "wijkagent De Wit"
    assert (dialog.time_edit.text(), dialog.place_edit.text()) == ("14:30", "Stadhuis, zaal 2")
    dialog.time_edit.setText("9.30")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert view.detail is not None
    assert (view.detail.data.starts_at, view.detail.data.place) == ("09:30", "Stadhuis, zaal 2")
    assert view.when_label.text() == "09:30 uur, Stadhuis, zaal 2"
    assert view.meeting_model.index(0, 0).data().endswith(" 09:30")


def test_moving_a_meeting_with_a_pack_asks_first_and_the_log_keeps_the_pack_date(
    qtbot, view, register, canary, tmp_path: Path, scripted_messages
) -> None:
    first_day = TODAY + timedelta(days=7)
    meeting_id = plan(register, first_day, canary)
    from bemoeizorg.exports import meeting_pack, pack_pages

    pack = pack_pages.build_pack(register, meeting_id)
    meeting_pack.write_pack(register, pack, tmp_path / pack.file_name)
    view.reload()
    view.show_meeting(meeting_id)
    moved = TODAY + timedelta(days=9)

    edit = view.edit_meeting()
    assert edit is not None
    edit.date_edit_field.set_value(moved)
    messages.script(False)
    click(qtbot, edit.save_button)
    assert edit.isVisible()  # not moved
    assert "verstrekkingenlog houdt de datum" in scripted_messages[-1].text
    assert meetings.meeting_detail(register, meeting_id).data.held_on == first_day

    messages.script(True)
    click(qtbot, edit.save_button)
    assert not edit.isVisible()
    assert meetings.meeting_detail(register, meeting_id).data.held_on == moved
    [entry] = meetings.disclosures(register)
    assert entry.date_on_pack == first_day and entry.held_on == moved


def test_the_preview_marks_names_and_making_the_pdf_asks_to_remove_them(
    qtbot, view, unlocked_session, register, canary, other, tmp_path: Path, scripted_messages
) -> None:
    meeting_id = plan(register, TODAY + timedelta(days=7), canary, other)
    detail = meetings.meeting_detail(register, meeting_id)
    item = next(e for e in detail.agenda if e.case_id == canary)
    meetings.update_agenda_item(
        register,
        item.id,
        f"Mevrouw {CANARY_FAMILY} en Piet Jansen, bel 06-12345678",
        "",
        item.shared,
    )
    view.reload()
    view.show_meeting(meeting_id)
    preview = view.preview_pack()
    assert preview is not None and preview.pack is not None
    assert (
        preview.hits_label.isVisible() and "Mogelijk persoonsgegevens" in preview.hits_label.text()
    )
    position = preview.pack.case_ids.index(canary) + 1
    page = preview.page_text(position)
    assert "[naam van deze persoon]" in page
    assert "[naam van een persoon of melder in het register]" in page  # Jansen, the other
    assert "[telefoonnummer]" in page
    assert "(!)" in preview.page_list.item(0).text()  # the agenda repeats the question

    target = tmp_path / preview.pack.file_name
    assert not preview.hits_allowed()
    assert scripted_messages[-1].kind == "error"
    assert f"Casus {position}, Vraag aan het netwerk" in scripted_messages[-1].text
    assert CANARY_FAMILY not in scripted_messages[-1].text
    assert not target.exists()

    # A teamleider goes on with a reason: asked once more, logged with the export.
    assert preview.override_combo.isEnabled()
    preview.override_combo.setCurrentIndex(1)
    messages.script(True)
    assert preview.hits_allowed()
    change = Action.CHANGE.value

    def changes() -> tuple[int, int]:
        return (
            log_entries(register, canary).count((change, canary)),
            log_entries(register, other).count((change, other)),
        )

    before = changes()
    with qtbot.waitSignal(unlocked_session.data_changed):
        preview.make_pdf(target, None)
    assert target.exists()
    assert changes() == (before[0] + 1, before[1])  # the override, for that case only
    assert len(meetings.disclosures(register)) == 2


def test_the_preview_marks_a_disguised_name_and_a_name_typed_as_chair(
    qtbot, view, unlocked_session, register, canary, other, tmp_path: Path, scripted_messages
) -> None:
    meeting_id = meetings.plan_meeting(
        register,
        meetings.MeetingData(
            ROERMOND, TODAY + timedelta(days=7), MeetingKind.NETWERKOVERLEG, "Piet Jansen", ("GGD",)
        ),
    )
    # A hyphen, a zero-width space and a Cyrillic 'о' all print as the plain name.
    split = f"{CANARY_FAMILY[:6]}-{CANARY_FAMILY[6:]}"
    disguised = CANARY_FAMILY.replace("o", "\u043e")
    meetings.add_to_agenda(
        register, meeting_id, canary, f"Mevrouw {split} of {disguised}, wie kent haar?", "GGD"
    )
    view.reload()
    view.show_meeting(meeting_id)
    preview = view.preview_pack()
    assert preview is not None and preview.pack is not None
    assert preview.hits_label.isVisible()
    page = preview.page_text(preview.pack.case_ids.index(canary) + 1)
    assert page.count("[naam van deze persoon]") == 2
    assert f"{split} [naam van deze persoon]" in page
    agenda = preview.page_text(0)
    # The chair is someone in the register.
    assert "Jansen [naam van een persoon of melder in het register]" in agenda
    assert not preview.hits_allowed()
    assert not (tmp_path / preview.pack.file_name).exists()
