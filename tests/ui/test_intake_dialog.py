"""Nieuwe melding as a worker types it: field problems, matches, triage, drafts, privacy.

Real widgets on a real encrypted register; the job runner runs inline, so a debounce timer
is fired by emitting its timeout (no sleeps), and message boxes are scripted.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from bemoeizorg.casework import drafts, reference_data
from bemoeizorg.casework.intake import record_report, take_on
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.municipalities import Subregion, codes_in
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.domain.vocabulary import Concern, Phase, ReporterKind, TriageDecision
from bemoeizorg.settings import load_device_settings
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import AccessLogEntry, Case, Person, Report, Reporter
from bemoeizorg.ui import messages
from bemoeizorg.ui.dialogs.intake_dialog import IntakeDialog
from bemoeizorg.ui.register_session import RegisterSession
from tests.ui.helpers import (
    CANARY_REPORTER,
    check_concern,
    choose,
    fill_rest,
    retype,
    type_into,
)

LEFT = Qt.MouseButton.LeftButton
ROERMOND = "GM0957"
CANARY_FAMILY = "Kanarievogel"
CANARY_GIVEN = "Zwaantje Ëlvira"  # not ASCII: typed with QLineEdit.insert
YEAR = date.today().year


@pytest.fixture
def register(register: Register) -> Register:
    """The shared fresh register, covering Midden-Limburg."""
    reference_data.set_covered_municipalities(register, codes_in(Subregion.MIDDEN))
    return register


@pytest.fixture
def owner(register: Register) -> TeamMemberData:
    reference_data.save_team_member(register, TeamMemberData("Bram Brouwers", Specialism.JEUGD))
    return reference_data.save_team_member(
        register, TeamMemberData("Piet Pelgrim", Specialism.VOLWASSENEN)
    )


def stop_without_saving(dialog: IntakeDialog) -> None:
    """When a test ends, qtbot closes its dialogs; one with typed text asks first whether
    to stop without saving: the answer is yes."""
    if dialog.isVisible() and dialog.has_content():
        messages.script(True)


def open_dialog(qtbot, session: RegisterSession, dialog: IntakeDialog | None = None):
    dialog = dialog or IntakeDialog(session)
    qtbot.addWidget(dialog, before_close_func=stop_without_saving)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


@pytest.fixture
def dialog(qtbot, unlocked_session, register) -> IntakeDialog:
    return open_dialog(qtbot, unlocked_session)


def press_ctrl_enter(qtbot, dialog: IntakeDialog) -> None:
    qtbot.keyClick(
        dialog.focusWidget() or dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )


def count(register: Register, model) -> int:
    with register.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def creates(register: Register) -> list[int | None]:
    with register.session() as s:
        return list(
            s.scalars(
                select(AccessLogEntry.case_id)
                .where(AccessLogEntry.action == Action.CREATE.value)
                .order_by(AccessLogEntry.id)
            )
        )


def existing_case(register: Register) -> tuple[int, str]:
    """Jan van den Berg, born 2-4-1971, with an open case."""
    recorded = record_report(
        register,
        ReportInput(
            received_on=date(YEAR, 1, 5),
            municipality_code=ROERMOND,
            reporter=ReporterInput(ReporterKind.POLITIE, "Politie Roermond"),
            person=PersonInput(
                family_name="Berg",
                prefix="van den",
                given_names="Jan",
                birth_date=date(1971, 4, 2),
                municipality_code=ROERMOND,
            ),
            concerns=(Concern.OVERLAST,),
        ),
    )
    case_id = take_on(register, recorded.report_id, None, Specialism.VOLWASSENEN)
    with register.session() as s:
        case = s.get(Case, case_id)
        assert case is not None
        return case_id, case.number


# --- field problems --------------------------------------------------------------------------


def test_impossible_date_and_invalid_bsn_shown_on_the_field_and_nothing_saved(
    qtbot, dialog, register, scripted_messages
):
    retype(qtbot, dialog.received_edit, date_text(date.today() + timedelta(days=1)))
    assert dialog.errors["received_on"].text() == "De datum van ontvangst ligt in de toekomst."
    retype(qtbot, dialog.received_edit, date_text(date.today()))
    assert not dialog.errors["received_on"].isVisible()
    person = dialog.person
    type_into(qtbot, person.family_edit, "Jansen")
    type_into(qtbot, person.birth_edit, "31-02-1980")
    error = person.errors["birth_date"]
    assert error.isVisible() and "31-02-1980 bestaat niet" in error.text()
    type_into(qtbot, person.bsn_edit, "123456789")
    assert person.errors["bsn"].isVisible() and "elfproef" in person.errors["bsn"].text()
    type_into(qtbot, person.postcode_edit, "60411AB")
    assert "4 cijfers en 2 letters" in person.errors["postcode"].text()
    fill_rest(qtbot, dialog)

    reports = count(register, Report)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert count(register, Report) == reports  # Save did nothing ...
    assert dialog.isVisible() and scripted_messages == []  # ... and no box after the fact
    assert dialog.focusWidget() is person.birth_edit  # the first problem gets the focus

    # Fixing a field clears its message while typing.
    person.birth_edit.clear()
    type_into(qtbot, person.birth_edit, "28-02-1980")
    assert not person.errors["birth_date"].isVisible()
    person.bsn_edit.clear()
    type_into(qtbot, person.bsn_edit, "111222333")
    assert not person.errors["bsn"].isVisible()


def test_required_fields_are_named_on_save(qtbot, dialog, register):
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert "achternaam" in dialog.person.errors["family_name"].text()
    assert dialog.errors["municipality_code"].isVisible()
    assert "Kies wie de melding doet" in dialog.reporter.kind_error.text()
    assert "minstens één zorg" in dialog.errors["concerns"].text()
    assert count(register, Report) == 0


def test_concerns_say_onbegrepen_gedrag_never_verward(dialog):
    labels = [dialog.concern_list.item(i).text() for i in range(dialog.concern_list.count())]
    assert "Onbegrepen gedrag" in labels
    assert not [label for label in labels if "verward" in label.lower()]


def test_covered_municipalities_come_first_in_alphabetical_order(dialog):
    combo = dialog.municipality_combo
    assert combo.itemData(0) is None  # "Kies een gemeente"
    names = [combo.itemText(i) for i in range(combo.count()) if combo.itemData(i)]
    # The team's own first, then the rest of the region by subregion, each A to Z like the
    # filters (it was CBS-code order: Roermond before Nederweert, Venlo before Venray...).
    assert names == [
        *["Echt-Susteren", "Leudal", "Maasgouw", "Nederweert", "Roerdalen", "Roermond", "Weert"],
        *["Beesel", "Bergen (L.)", "Gennep", "Horst aan de Maas", "Peel en Maas", "Venlo"],
        "Venray",
    ]


def test_the_last_municipality_saved_is_where_the_next_melding_starts(
    qtbot, unlocked_session, register
):
    first = open_dialog(qtbot, unlocked_session)
    assert first.municipality_combo.currentData() is None  # nothing remembered yet
    type_into(qtbot, first.person.alias_edit, "Sjefke")
    fill_rest(qtbot, first)
    choose(first.municipality_combo, "GM0988")  # Weert
    qtbot.mouseClick(first.save_button, LEFT)
    assert first.triage_dialog is not None
    qtbot.mouseClick(first.triage_dialog.later_button, LEFT)
    # Kept on this computer, in the settings file, as a code only.
    assert unlocked_session.settings.last_municipality == "GM0988"
    assert load_device_settings().last_municipality == "GM0988"

    second = open_dialog(qtbot, unlocked_session)
    assert second.municipality_combo.currentData() == "GM0988"
    assert not second.has_content()  # a remembered choice is nothing typed
    # A chosen person's own municipality replaces the remembered one.
    existing_case(register)
    type_into(qtbot, second.person.family_edit, "vd Berg")
    type_into(qtbot, second.person.given_edit, "Jan")
    second.match_timer.timeout.emit()
    second.match_panel.list.setCurrentRow(0)
    qtbot.mouseClick(second.match_panel.choose_button, LEFT)
    assert second.municipality_combo.currentData() == ROERMOND


# --- matches ---------------------------------------------------------------------------------


def test_choosing_a_match_joins_the_open_case(qtbot, unlocked_session, dialog, register):
    case_id, number = existing_case(register)
    before = creates(register)
    person = dialog.person
    type_into(qtbot, person.family_edit, "vd Berg")
    type_into(qtbot, person.given_edit, "Jan")
    assert dialog.match_timer.isActive()  # debounced: the look-up waits for a pause
    dialog.match_timer.timeout.emit()
    matches = dialog.match_panel.matches()
    assert [m.name for m in matches] == ["Jan van den Berg"]
    assert matches[0].open_case_number == number
    assert number in dialog.match_panel.list.item(0).text()

    dialog.match_panel.list.setCurrentRow(0)
    qtbot.mouseClick(dialog.match_panel.choose_button, LEFT)
    assert person.chosen is not None and person.family_edit.isReadOnly()
    assert person.family_edit.text() == "Berg" and person.prefix_edit.text() == "van den"
    assert person.birth_edit.text() == "02-04-1971"
    assert number in person.chosen_label.text() and person.new_person_button.isVisible()
    assert dialog.municipality_combo.currentData() == ROERMOND  # taken from the person

    fill_rest(qtbot, dialog)
    with qtbot.waitSignal(unlocked_session.data_changed, timeout=1000) as signal:
        press_ctrl_enter(qtbot, dialog)
    assert signal.args == ["cases"]
    assert dialog.result() == IntakeDialog.DialogCode.Accepted
    assert dialog.saved_case_id == case_id and dialog.triage_dialog is None
    assert count(register, Person) == 1
    with register.session() as s:
        assert set(s.scalars(select(Report.case_id))) == {case_id}
    # One "aanmaken" entry for this report, on the case it joined; matching logged nothing.
    assert creates(register) == [*before, case_id]


def test_toch_een_nieuwe_persoon_after_choosing(qtbot, dialog, register, owner):
    existing_case(register)
    person = dialog.person
    type_into(qtbot, person.family_edit, "Berg")
    dialog.look_for_matches()
    dialog.match_panel.list.setCurrentRow(0)
    qtbot.mouseClick(dialog.match_panel.choose_button, LEFT)
    assert person.family_edit.isReadOnly()
    qtbot.mouseClick(person.new_person_button, LEFT)
    assert not person.family_edit.isReadOnly() and person.chosen is None
    assert dialog.match_panel.isEnabled() and dialog.match_panel.matches()
    person.given_edit.clear()
    type_into(qtbot, person.given_edit, "Johanna")
    person.birth_edit.clear()
    fill_rest(qtbot, dialog)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert count(register, Person) == 2  # a second person, not the chosen one
    assert dialog.triage_dialog is not None


def test_first_letter_variant_is_offered_while_typing(qtbot, dialog, register):
    record_report(
        register,
        ReportInput(
            received_on=date(YEAR, 1, 5),
            municipality_code=ROERMOND,
            reporter=ReporterInput(ReporterKind.BUURT),
            person=PersonInput(
                family_name="Qwyxzgui", given_names="Ans", municipality_code=ROERMOND
            ),
            concerns=(Concern.OVERLAST,),
        ),
    )
    type_into(qtbot, dialog.person.family_edit, "Kwyxzgui")
    dialog.match_timer.timeout.emit()
    matches = dialog.match_panel.matches()
    assert [m.name for m in matches] == ["Ans Qwyxzgui"]
    assert "naam lijkt op" in dialog.match_panel.list.item(0).text()


def test_a_bsn_in_the_register_is_refused_and_its_person_offered(
    qtbot, unlocked_session, dialog, register, scripted_messages
):
    case_id, number = existing_case(register)
    with register.session() as s:
        berg = s.scalars(select(Person)).one()
        berg.bsn = "111222333"
    persons_before, reports_before = count(register, Person), count(register, Report)
    person = dialog.person
    # Another name, the same BSN: typed quickly and saved before the look-up's pause.
    type_into(qtbot, person.family_edit, "Bergen")
    type_into(qtbot, person.given_edit, "Johan")
    type_into(qtbot, person.bsn_edit, "111222333")
    fill_rest(qtbot, dialog)
    qtbot.mouseClick(dialog.save_button, LEFT)

    # Refused below the screen: nothing saved, the reason on the BSN field ...
    assert count(register, Person) == persons_before
    assert count(register, Report) == reports_before
    assert dialog.isVisible() and scripted_messages == []
    bsn_error = person.errors["bsn"]
    assert bsn_error.isVisible()
    assert bsn_error.text() == "Dit BSN hoort bij een persoon in het register: kies die persoon."
    # ... and the person with that BSN offered in the match panel, selected, once.
    panel = dialog.match_panel
    assert [m.name for m in panel.matches()] == ["Jan van den Berg"]
    assert panel.hint.text() == bsn_error.text() and panel.offers_bsn_owner
    assert panel.list.currentRow() == 0 and panel.choose_button.isEnabled()

    qtbot.mouseClick(panel.choose_button, LEFT)
    assert person.chosen is not None and person.family_edit.text() == "Berg"
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.result() == IntakeDialog.DialogCode.Accepted
    assert dialog.saved_case_id == case_id
    assert count(register, Person) == persons_before  # still one person with that BSN
    assert scripted_messages  # "Toegevoegd aan casus ..."


# --- a new person, then triage -------------------------------------------------------------


def save_new_person(qtbot, dialog: IntakeDialog) -> None:
    person = dialog.person
    type_into(qtbot, person.family_edit, CANARY_FAMILY)
    type_into(qtbot, person.given_edit, CANARY_GIVEN)
    type_into(qtbot, person.birth_edit, "14-07-1958")
    type_into(qtbot, person.address_edit, "Kloosterstraat 12b")
    type_into(qtbot, person.postcode_edit, "6041 AB")
    type_into(qtbot, person.bsn_edit, "111222333")
    dialog.match_timer.timeout.emit()
    assert dialog.match_panel.matches() == []
    fill_rest(qtbot, dialog)
    qtbot.mouseClick(dialog.save_button, LEFT)


def test_new_person_taken_on_makes_a_case_in_vinden_with_owner(
    qtbot, unlocked_session, dialog, register, owner, scripted_messages
):
    with qtbot.waitSignals([unlocked_session.data_changed] * 2, timeout=1000):
        save_new_person(qtbot, dialog)
        triage = dialog.triage_dialog
        assert triage is not None and triage.isVisible()
        assert CANARY_FAMILY in triage.heading.text() and "Roermond" in triage.heading.text()
        assert triage.take_on_radio.isChecked()
        choose(triage.owner_combo, owner.id)
        assert triage.specialism_combo.currentData() == Specialism.VOLWASSENEN
        qtbot.mouseClick(triage.save_button, LEFT)

    assert dialog.result() == IntakeDialog.DialogCode.Accepted
    with register.session() as s:
        case = s.scalars(select(Case)).one()
        report = s.scalars(select(Report)).one()
        assert case.phase == Phase.VINDEN.value and case.owner_id == owner.id
        assert case.specialism == Specialism.VOLWASSENEN.value
        assert case.number == f"{YEAR}-0001" and case.opened_on == date.today()
        assert report.case_id == case.id and report.triage == TriageDecision.OPGEPAKT.value
        person = s.scalars(select(Person)).one()
        assert person.bsn == "111222333" and person.birth_date == date(1958, 7, 14)
        assert person.given_names == CANARY_GIVEN and person.postcode == "6041 AB"
    assert dialog.saved_case_id == case.id and triage.case_number == case.number
    assert scripted_messages[-1].text == f"Casus {case.number} is aangemaakt, in fase vinden."
    # One "aanmaken" for the report (no case yet), one for the case that triage made.
    assert creates(register) == [None, case.id]


def test_referred_elsewhere_needs_to_whom(qtbot, dialog, register, owner):
    save_new_person(qtbot, dialog)
    triage = dialog.triage_dialog
    assert triage is not None
    triage.referred_radio.setChecked(True)
    assert triage.not_taken_box.isVisible() and not triage.take_on_box.isVisible()
    qtbot.mouseClick(triage.save_button, LEFT)
    assert triage.isVisible()
    assert triage.note_error.text() == "Vul in naar wie de melder is verwezen."
    type_into(qtbot, triage.note_edit, "Wijkteam Roermond-Oost")
    assert not triage.note_error.isVisible()
    qtbot.mouseClick(triage.save_button, LEFT)

    assert not triage.isVisible() and dialog.result() == IntakeDialog.DialogCode.Accepted
    with register.session() as s:
        report = s.scalars(select(Report)).one()
        assert report.triage == TriageDecision.DOORVERWEZEN.value
        assert report.triage_note == "Wijkteam Roermond-Oost" and report.case_id is None
    assert count(register, Case) == 0 and dialog.saved_case_id is None


def test_advice_given_needs_no_note_and_later_leaves_it_open(qtbot, unlocked_session, register):
    first = open_dialog(qtbot, unlocked_session)
    save_new_person(qtbot, first)
    assert first.triage_dialog is not None
    first.triage_dialog.advice_radio.setChecked(True)
    qtbot.mouseClick(first.triage_dialog.save_button, LEFT)
    second = open_dialog(qtbot, unlocked_session)
    type_into(qtbot, second.person.alias_edit, "Sjefke")
    fill_rest(qtbot, second)
    qtbot.mouseClick(second.save_button, LEFT)
    assert second.triage_dialog is not None
    qtbot.mouseClick(second.triage_dialog.later_button, LEFT)
    assert second.result() == IntakeDialog.DialogCode.Accepted
    with register.session() as s:
        assert [r.triage for r in s.scalars(select(Report).order_by(Report.id))] == [
            TriageDecision.ADVIES.value,
            TriageDecision.OPEN.value,
        ]


# --- the reporter ----------------------------------------------------------------------------


def test_reporter_kept_apart_from_the_description(qtbot, dialog, register):
    save_new_person(qtbot, dialog)
    with register.session() as s:
        report = s.scalars(select(Report)).one()
        reporter = s.get(Reporter, report.id)
        assert reporter is not None and reporter.name == CANARY_REPORTER
        assert reporter.contact == "06 12345678" and reporter.organisation == "Bewonerscommissie"
        assert report.reporter_kind == ReporterKind.BUURT.value
        assert CANARY_REPORTER not in report.description
        assert "06 12345678" not in report.description


def test_anonymous_reporter_has_no_name_or_contact(qtbot, dialog):
    type_into(qtbot, dialog.reporter.name_edit, "Iemand")
    choose(dialog.reporter.kind_combo, ReporterKind.ANONIEM)
    assert not dialog.reporter.name_edit.isEnabled() and dialog.reporter.name_edit.text() == ""
    assert not dialog.reporter.contact_edit.isEnabled()
    choose(dialog.reporter.kind_combo, ReporterKind.HUISARTS)
    assert dialog.reporter.name_edit.isEnabled()


# --- keyboard --------------------------------------------------------------------------------


def test_enter_moves_on_and_never_saves(qtbot, dialog, register):
    type_into(qtbot, dialog.person.family_edit, "Jansen", leave=False)
    qtbot.keyClick(dialog.person.family_edit, Qt.Key.Key_Return)
    assert count(register, Report) == 0 and dialog.isVisible()
    assert dialog.focusWidget() is dialog.person.prefix_edit


def test_escape_asks_before_throwing_typed_text_away(qtbot, dialog, register, scripted_messages):
    type_into(qtbot, dialog.person.family_edit, "Jansen")
    dialog.draft_timer.timeout.emit()
    assert len(drafts.drafts_of_user(register)) == 1
    scripted_messages.clear()
    from bemoeizorg.ui import messages

    messages.script(False)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and scripted_messages[-1].title == "Melding niet opslaan?"
    messages.script(True)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert drafts.drafts_of_user(register) == []  # an explicit discard removes the draft


def test_escape_on_an_empty_form_just_closes(qtbot, dialog, scripted_messages):
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and scripted_messages == []


# --- drafts ----------------------------------------------------------------------------------


def test_half_typed_melding_survives_a_crash(qtbot, unlocked_session, register):
    first = IntakeDialog(unlocked_session)
    first.show()
    person = first.person
    type_into(qtbot, person.family_edit, CANARY_FAMILY)
    type_into(qtbot, person.given_edit, CANARY_GIVEN)
    type_into(qtbot, person.birth_edit, "31-02-19")  # half typed, not yet a date
    choose(first.municipality_combo, "GM0988")
    choose(first.reporter.kind_combo, ReporterKind.WONINGCORPORATIE)
    check_concern(first, Concern.HUISUITZETTING)
    first.description_edit.setFocus()
    first.description_edit.insertPlainText("Huurachterstand; deurwaarder is geweest.")
    assert first.draft_timer.isActive()
    first.draft_timer.timeout.emit()  # what the debounce does after two quiet seconds
    # The crash: the dialog is gone without saving, asking or discarding anything.
    first.hide()
    first.deleteLater()
    del first

    saved = drafts.drafts_of_user(register)
    assert len(saved) == 1 and saved[0].kind is drafts.DraftKind.MELDING
    again = open_dialog(
        qtbot, unlocked_session, IntakeDialog.from_draft(unlocked_session, saved[0])
    )
    assert again.restored_note.isVisible() and "eerder begon" in again.restored_note.text()
    assert again.person.family_edit.text() == CANARY_FAMILY
    assert again.person.given_edit.text() == CANARY_GIVEN
    assert again.person.birth_edit.text() == "31-02-19"
    assert again.municipality_combo.currentData() == "GM0988"
    assert again.reporter.kind() is ReporterKind.WONINGCORPORATIE
    assert again.concerns() == (Concern.HUISUITZETTING,)
    assert again.description_edit.toPlainText() == "Huurachterstand; deurwaarder is geweest."

    # Saving it for real discards the draft.
    again.person.birth_edit.clear()
    type_into(qtbot, again.person.birth_edit, "01-02-1960")
    again.draft_timer.timeout.emit()
    assert [d.id for d in drafts.drafts_of_user(register)] == [saved[0].id]  # overwritten
    type_into(qtbot, again.reporter.organisation_edit, "Wonen Limburg")
    qtbot.mouseClick(again.save_button, LEFT)
    assert count(register, Report) == 1
    assert drafts.drafts_of_user(register) == []


def test_lock_keeps_the_draft_without_asking(
    qtbot, unlocked_session, dialog, register, scripted_messages
):
    type_into(qtbot, dialog.person.family_edit, "Vermeulen")
    check_concern(dialog, Concern.ISOLEMENT)
    # What MainWindow.lock_now does: close_for_lock, then lock behind it.
    dialog.close_for_lock()
    assert not dialog.isVisible() and scripted_messages == []
    saved = drafts.drafts_of_user(register)
    assert len(saved) == 1 and saved[0].fields["family_name"] == "Vermeulen"
    assert saved[0].fields["concerns"] == [Concern.ISOLEMENT.value]


def test_a_chosen_person_survives_in_the_draft(qtbot, unlocked_session, dialog, register):
    _case_id, number = existing_case(register)
    type_into(qtbot, dialog.person.family_edit, "Berg")
    dialog.look_for_matches()
    dialog.match_panel.list.setCurrentRow(0)
    qtbot.mouseClick(dialog.match_panel.choose_button, LEFT)
    dialog.save_draft()
    draft = drafts.drafts_of_user(register)[0]
    again = open_dialog(qtbot, unlocked_session, IntakeDialog.from_draft(unlocked_session, draft))
    assert again.person.chosen is not None and number in again.person.chosen_label.text()


# --- privacy ---------------------------------------------------------------------------------


def test_canary_names_stay_inside_the_register(
    qtbot, unlocked_session, dialog, register, owner, tmp_path: Path, caplog
):
    save_new_person(qtbot, dialog)
    triage = dialog.triage_dialog
    assert triage is not None
    qtbot.mouseClick(triage.save_button, LEFT)
    half = open_dialog(qtbot, unlocked_session)
    type_into(qtbot, half.person.family_edit, CANARY_FAMILY + "s")
    half.draft_timer.timeout.emit()
    half.close_for_lock()
    unlocked_session.save_settings()

    canaries = [CANARY_FAMILY, CANARY_GIVEN, CANARY_REPORTER]
    needles = [c.encode() for c in canaries] + [c.lower().encode() for c in canaries]
    needles += [c.encode("utf-16-le") for c in canaries]
    checked = 0
    for path in tmp_path.rglob("*"):
        if not path.is_file() or path.name.startswith("team.bzregister"):
            continue
        data = path.read_bytes()
        checked += 1
        assert not [n for n in needles if n in data], path
    assert checked > 0
    assert not [r for r in caplog.records if any(c in r.getMessage() for c in canaries)]
