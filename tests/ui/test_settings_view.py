"""Instellingen as a team lead uses it: idle lock, municipalities, contact points, team."""

from __future__ import annotations

from datetime import date
from threading import Event

import pytest
from PySide6.QtCore import Qt

from bemoeizorg.casework import reference_data
from bemoeizorg.domain.municipalities import Subregion, codes_in
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.team import ContactPointData, TeamMemberData
from bemoeizorg.settings import DeviceSettings, load_device_settings
from bemoeizorg.ui import messages
from bemoeizorg.ui.jobs import JobRunner
from bemoeizorg.ui.models.contact_point_model import ContactPointModel
from bemoeizorg.ui.models.row_table import SortProxy
from bemoeizorg.ui.models.team_member_model import TeamColumn, TeamMemberModel
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.views import (
    settings_contact_points_page,
    settings_team_page,
    settings_users_page,
)
from bemoeizorg.ui.views.register_view import LOADING
from bemoeizorg.ui.views.settings_view import SettingsView
from tests.builders import TEAM
from tests.ui.helpers import retype, select_row, settings_entries, shown_rows, type_into

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def view(qtbot, unlocked_session: RegisterSession) -> SettingsView:
    widget = SettingsView(unlocked_session)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


# --- Algemeen ------------------------------------------------------------------------------


def test_idle_lock_minutes_saved_signalled_and_logged_once(qtbot, view, unlocked_session, register):
    page = view.general_page
    assert page.idle_spin.value() == 5
    assert not page.save_button.isEnabled()  # nothing changed yet
    before = settings_entries(register)

    page.idle_spin.selectAll()
    qtbot.keyClicks(page.idle_spin, "12")
    assert page.save_button.isEnabled()
    with qtbot.waitSignal(unlocked_session.settings_changed, timeout=1000):
        qtbot.mouseClick(page.save_button, LEFT)

    assert unlocked_session.settings.idle_lock_minutes == 12
    assert load_device_settings().idle_lock_minutes == 12
    assert settings_entries(register) == before + 1
    assert page.status.text() == "Opgeslagen."
    assert not page.save_button.isEnabled()
    qtbot.mouseClick(page.save_button, LEFT)  # disabled: a second click logs nothing
    assert settings_entries(register) == before + 1


def test_idle_lock_minutes_cannot_leave_its_bounds(qtbot, view):
    spin = view.general_page.idle_spin
    spin.selectAll()
    qtbot.keyClicks(spin, "500")
    assert spin.value() <= 120
    spin.setValue(0)
    assert spin.value() == 1


# --- Gemeenten -----------------------------------------------------------------------------


def test_choosing_midden_limburg_saves_its_seven_municipalities(qtbot, view, register):
    page = view.municipalities_page
    view.show_page("Gemeenten")
    before = settings_entries(register)

    qtbot.mouseClick(page.preset_buttons["Midden-Limburg"], LEFT)
    assert page.selection() == frozenset(codes_in(Subregion.MIDDEN))
    assert page.boxes["GM0957"].isChecked()  # Roermond
    assert not page.boxes["GM0983"].isChecked()  # Venlo
    qtbot.mouseClick(page.save_button, LEFT)

    covered = reference_data.covered_municipalities(register)
    assert covered == sorted(codes_in(Subregion.MIDDEN))
    assert len(covered) == 7
    assert settings_entries(register) == before + 1
    assert page.status.text() == "Opgeslagen."
    assert page.preset_buttons["Midden-Limburg"].isChecked()


def test_venlo_is_marked_outside_the_contract_but_can_be_chosen(qtbot, view, register):
    page = view.municipalities_page
    view.show_page("Gemeenten")
    venlo = page.boxes["GM0983"]
    assert "buiten het regionale contract" in venlo.text()

    qtbot.mouseClick(page.preset_buttons["Noord-Limburg"], LEFT)
    assert not venlo.isChecked()  # the subregion as contracted: without Venlo
    venlo.click()
    assert page.preset_buttons["Eigen keuze"].isChecked()
    qtbot.mouseClick(page.save_button, LEFT)

    covered = reference_data.covered_municipalities(register)
    assert "GM0983" in covered
    assert set(covered) == set(codes_in(Subregion.NOORD, contract_only=False))


def test_noord_en_midden_and_undo(qtbot, view, register):
    page = view.municipalities_page
    view.show_page("Gemeenten")
    qtbot.mouseClick(page.preset_buttons["Noord en Midden"], LEFT)
    assert len(page.selection()) == 13
    qtbot.mouseClick(page.undo_button, LEFT)
    assert page.selection() == frozenset()
    assert "Kies minstens één gemeente" in page.status.text()
    assert not page.save_button.isEnabled()
    assert reference_data.covered_municipalities(register) == []


# --- Aanspreekpunten -----------------------------------------------------------------------


def test_contact_point_with_bad_email_shows_field_message_and_is_not_saved(
    qtbot, view, register, scripted_messages
):
    page = view.contact_points_page
    view.show_page("Aanspreekpunten")
    assert page.table.is_empty()
    assert "Nog geen aanspreekpunten" in page.table.placeholder()
    page.show_municipality("GM0957")

    qtbot.mouseClick(page.add_button, LEFT)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.isActiveWindow)  # typing goes to the active window only
    assert dialog.municipality_combo.currentText() == "Roermond"
    assert dialog.save_button.text() == "Opslaan"
    assert dialog.cancel_button.text() == "Annuleren"
    qtbot.keyClicks(dialog.name_edit, "Marit Ghoerle")
    dialog.email_edit.setFocus()
    qtbot.keyClicks(dialog.email_edit, "marit@roermond")
    assert not dialog.errors["email"].isVisible()  # not while still typing
    qtbot.keyClick(dialog.email_edit, Qt.Key.Key_Tab)  # leaving the field judges it

    assert dialog.errors["email"].isVisible()
    assert dialog.errors["email"].text() == "Dit is geen geldig e-mailadres."
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.isVisible()
    assert reference_data.contact_points(register) == []
    assert scripted_messages == []  # on the field, not in a box

    dialog.email_edit.clear()
    qtbot.keyClicks(dialog.email_edit, "marit@roermond.nl")
    assert not dialog.errors["email"].isVisible()  # cleared as soon as it is right
    qtbot.mouseClick(dialog.save_button, LEFT)

    assert not dialog.isVisible()
    stored = reference_data.contact_points(register)
    assert [(cp.municipality_code, cp.name, cp.email) for cp in stored] == [
        ("GM0957", "Marit Ghoerle", "marit@roermond.nl")
    ]
    assert stored[0].valid_from == date.today() and stored[0].valid_to is None
    assert shown_rows(page.table)[0][:2] == ["Roermond", "Marit Ghoerle"]


def test_contact_point_name_phone_and_end_date(qtbot, view, register):
    page = view.contact_points_page
    view.show_page("Aanspreekpunten")
    dialog = page.add()
    qtbot.keyClicks(dialog.phone_edit, "bel mij")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.errors["name"].text() == "Vul de naam van het aanspreekpunt in."
    assert "cijfers" in dialog.errors["phone"].text()
    assert reference_data.contact_points(register) == []

    # An end before the start is refused on the field; an end date that is no date too.
    retype(qtbot, dialog.from_edit, "01062025")
    assert dialog.from_edit.text() == "01-06-2025"
    type_into(qtbot, dialog.to_edit, "01-01-2025")
    assert dialog.errors["valid_to"].text() == "De einddatum ligt vóór de begindatum."
    retype(qtbot, dialog.to_edit, "31-02-2025")
    assert "31-02-2025 bestaat niet" in dialog.errors["valid_to"].text()
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert reference_data.contact_points(register) == []
    retype(qtbot, dialog.to_edit, "31-12-25")
    assert dialog.to_edit.value() == date(2025, 12, 31)
    assert not dialog.errors["valid_to"].isVisible()
    dialog.reject()


def test_contact_point_edit_filter_and_delete(qtbot, view, register, scripted_messages):
    reference_data.save_contact_point(
        register, ContactPointData("GM0988", "Tom Backer", "Sociaal team Weert", "0495 123456")
    )
    reference_data.save_contact_point(
        register,
        ContactPointData("GM1640", "Lieke van Gastel", valid_from=date(2024, 1, 1)),
    )
    reference_data.set_covered_municipalities(register, ["GM0988", "GM1640", "GM0957"])
    page = view.contact_points_page
    view.show_page("Aanspreekpunten")
    page.reload()
    assert len(shown_rows(page.table)) == 2
    assert "Roermond" in page.missing_label.text()

    page.show_municipality("GM0988")
    assert [row[1] for row in shown_rows(page.table)] == ["Tom Backer"]
    page.show_municipality("GM0889")  # Beesel has none: the table says so
    assert page.table.is_empty()
    assert "Beesel heeft nog geen aanspreekpunt" in page.table.placeholder()
    page.show_municipality(None)

    select_row(page.table, "Tom Backer")
    dialog = page.edit_selected()
    assert dialog is not None and dialog.name_edit.text() == "Tom Backer"
    type_into(qtbot, dialog.to_edit, "31-12-2099")
    qtbot.mouseClick(dialog.save_button, LEFT)
    weert = reference_data.contact_points(register, "GM0988")
    assert weert[0].valid_to == date(2099, 12, 31)
    assert len(weert) == 1  # edited, not added

    select_row(page.table, "Lieke van Gastel")
    scripted_messages.clear()
    messages.script(True)  # "Ja, verwijderen"
    qtbot.mouseClick(page.delete_button, LEFT)
    assert scripted_messages[0].kind == "confirm"
    assert "Lieke van Gastel" in scripted_messages[0].text
    assert [cp.name for cp in reference_data.contact_points(register)] == ["Tom Backer"]
    assert [row[1] for row in shown_rows(page.table)] == ["Tom Backer"]


def test_contact_point_model(qtmodeltester):
    model = ContactPointModel()
    model.set_rows(
        [
            ContactPointData("GM0988", "Tom Backer", "Sociaal team Weert", "0495 123456"),
            ContactPointData(
                "GM1640",
                "Lieke",
                email="l@x.nl",
                valid_from=date(2020, 1, 1),
                valid_to=date(2021, 1, 1),
                id=3,
            ),
        ]
    )
    qtmodeltester.check(model)
    proxy = SortProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    assert model.index(1, 6).data() == "01-01-2021"


# --- Team ----------------------------------------------------------------------------------


def test_team_member_added_appears_in_the_table(qtbot, view, register):
    page = view.team_page
    view.show_page("Team")
    assert "Nog geen teamleden" in page.table.placeholder()

    qtbot.mouseClick(page.add_button, LEFT)
    dialog = page.dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.name_error.text() == "Vul de naam van het teamlid in."
    assert reference_data.team_members(register) == []

    qtbot.keyClicks(dialog.name_edit, "Jorien Smeets")
    assert not dialog.name_error.isVisible()
    dialog.specialism_combo.setCurrentIndex(dialog.specialism_combo.findText("Jeugd"))
    qtbot.mouseClick(dialog.save_button, LEFT)

    assert not dialog.isVisible()
    assert shown_rows(page.table) == [["Jorien Smeets", "Jeugd", "Ja"]]
    assert reference_data.team_members(register) == [
        TeamMemberData("Jorien Smeets", Specialism.JEUGD, True, 1)
    ]


def test_team_member_duplicate_name_is_refused_on_the_field(qtbot, view, register):
    reference_data.save_team_member(register, TeamMemberData("Puk de Bruyn", Specialism.JEUGD))
    page = view.team_page
    view.show_page("Team")
    page.reload()
    dialog = page.add()
    qtbot.keyClicks(dialog.name_edit, "Puk  de Bruyn")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.isVisible()
    assert "al een teamlid" in dialog.name_error.text()
    assert len(reference_data.team_members(register)) == 1
    dialog.reject()


def test_team_member_made_inactive_and_hidden(qtbot, view, register):
    for name in ("Ravi Vos", "Teun Zuidweg"):
        reference_data.save_team_member(register, TeamMemberData(name, Specialism.VOLWASSENEN))
    page = view.team_page
    view.show_page("Team")
    page.reload()
    select_row(page.table, "Teun Zuidweg")
    dialog = page.edit_selected()
    assert dialog is not None and dialog.active_box.isChecked()
    dialog.active_box.click()
    qtbot.mouseClick(dialog.save_button, LEFT)

    assert ["Teun Zuidweg", "Volwassenen", "Nee"] in shown_rows(page.table)
    page.show_inactive.click()
    assert [row[0] for row in shown_rows(page.table)] == ["Ravi Vos"]


def test_team_member_model(qtmodeltester):
    model = TeamMemberModel()
    model.set_rows(
        [
            TeamMemberData("Ravi Vos", Specialism.VOLWASSENEN, True, 1),
            TeamMemberData("Juul van Brenen", Specialism.JEUGD, False, 2),
        ]
    )
    qtmodeltester.check(model)
    proxy = SortProxy()
    proxy.setSourceModel(model)
    proxy.sort(TeamColumn.NAME)
    qtmodeltester.check(proxy)
    assert proxy.index(0, 0).data() == "Juul van Brenen"


# --- locking -------------------------------------------------------------------------------


def test_locking_empties_the_pages_and_unlocking_reloads(qtbot, view, unlocked_session, register):
    reference_data.save_team_member(register, TeamMemberData("Ravi Vos", Specialism.JEUGD))
    reference_data.set_covered_municipalities(register, codes_in(Subregion.NOORD))
    unlocked_session.data_changed.emit("team")
    unlocked_session.data_changed.emit("municipalities")
    view.show_page("Team")  # a page reads when shown (issue 16)
    assert shown_rows(view.team_page.table)
    view.show_page("Gemeenten")
    assert view.municipalities_page.preset_buttons["Noord-Limburg"].isChecked()

    unlocked_session.lock()
    assert view.team_page.table.is_empty()
    assert view.municipalities_page.selection() == frozenset()


def test_settings_lists_say_loading_until_the_register_answered(qtbot, register) -> None:
    """An empty list's sentence ("Nog geen teamleden…") is only said once it is true; the
    worker is held while the pages are looked at."""
    runner = JobRunner()  # a real worker thread
    session = RegisterSession(runner, DeviceSettings())
    session.adopt(register, TEAM)
    held = Event()
    runner.submit(lambda: held.wait(30))
    widget = SettingsView(session)
    qtbot.addWidget(widget)
    widget.show()
    pages = {
        widget.team_page: settings_team_page.EMPTY,
        widget.users_page: settings_users_page.EMPTY,
        widget.contact_points_page: settings_contact_points_page.EMPTY_ALL,
    }
    for label in ("Team", "Gebruikers", "Aanspreekpunten"):
        widget.show_page(label)  # a page reads when shown (issue 16)
    try:
        for page in pages:
            assert page.table.placeholder() == LOADING, type(page).__name__
    finally:
        held.set()
    qtbot.waitUntil(lambda: not runner.busy)
    for page, empty in pages.items():
        assert page.table.placeholder() == empty, type(page).__name__
    session.register = None  # the fixture locks the register itself


def test_units_after_a_number_agree_with_it(view) -> None:
    """'1 minuten' read as a mistake: the unit follows the number."""
    spin = view.general_page.idle_spin
    spin.setValue(1)
    assert spin.text() == "1 minuut"
    spin.setValue(5)
    assert spin.text() == "5 minuten"
    days = view.general_page.no_contact_spin
    days.setValue(1)
    assert days.text() == "1 dag"
    keep = view.backup_page.keep_spin
    assert keep.text() == "10 back-ups"  # as loaded from the settings (signals blocked)
    keep.setValue(1)
    assert keep.text() == "1 back-up"
    keep.setValue(3)
    assert keep.text() == "3 back-ups"
