"""Dates typed as a Dutch user types them (issue 14, finding 2), with real keys on the real
field and, where it is saved, through the real dialog into a real encrypted register.

"Today" is set through `formats.today` (the clock every date field asks), so the days
before and after today's day of the month are the same on every run: 2 December 2026, the
day the finding was made. The register itself checks against the real calendar, so dates
saved there lie before the real today.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QVBoxLayout, QWidget

from bemoeizorg.casework import cases, meetings
from bemoeizorg.domain import formats
from bemoeizorg.domain.meetings import MeetingKind
from bemoeizorg.store.register import Register
from bemoeizorg.ui import messages
from bemoeizorg.ui.dialogs.action_dialog import ActionDialog
from bemoeizorg.ui.dialogs.agreements_dialog import AgreementsDialog
from bemoeizorg.ui.dialogs.contact_dialog import ContactDialog
from bemoeizorg.ui.dialogs.meeting_dialog import MeetingDialog
from bemoeizorg.ui.dialogs.note_dialog import NoteDialog
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.widgets.date_field import DateField
from bemoeizorg.ui.widgets.field_error import FieldError
from bemoeizorg.ui.widgets.person_fields import PersonFields
from tests.builders import ROERMOND, log_entries, new_case
from tests.ui.helpers import retype, type_into

DECEMBER_2 = date(2026, 12, 2)
NOT_A_DATE = "Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 02-04-1971."
LEFT = Qt.MouseButton.LeftButton
# The offscreen platform has no window manager: a popup cannot be raised nor grab the
# keyboard there. Harmless for what these tests check (what the calendar offers and sets).
offscreen_popup = pytest.mark.qt_log_ignore(
    "^This plugin does not support (raise|grabbing the keyboard)", extend=True
)


@pytest.fixture
def december_2(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(formats, "today", lambda: DECEMBER_2)
    return DECEMBER_2


class Form(QWidget):
    """A date field with its error sentence under it and a field after it to Tab to."""

    def __init__(self, field: DateField) -> None:
        super().__init__()
        self.field = field
        self.error = FieldError()
        self.after = QLineEdit()
        layout = QVBoxLayout(self)
        for widget in (field, self.error, self.after):
            layout.addWidget(widget)
        field.judged.connect(self.error.show_problem)


def shown(qtbot, field: DateField) -> Form:
    form = Form(field)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form


def throw_away_on_close(dialog: ContactDialog) -> None:
    """A contact with typing asks before it is thrown away when the test closes it."""
    if dialog.isVisible() and dialog.drafts.has_draft:
        messages.script(True)


@pytest.fixture
def case_id(register: Register) -> int:
    # Opened on 1 November 2026, so 28 November is a right date for the register too.
    return new_case(register, opened_days_ago=(date.today() - date(2026, 11, 1)).days)


# --- typing on 2 December --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "understood"),
    [
        ("28112026", "28-11-2026"),  # gave 02-08-2026 in the old field
        ("28-11-2026", "28-11-2026"),
        ("28-11", "28-11-2026"),
        ("2811", "28-11-2026"),
        ("28/11/26", "28-11-2026"),
        ("28.11.2026", "28-11-2026"),
        ("1-12", "01-12-2026"),  # before today's day of the month
        ("0212", "02-12-2026"),  # today
        ("3-12", "03-12-2026"),  # after it
        ("09122026", "09-12-2026"),
        ("31-12", "31-12-2026"),
    ],
)
def test_typed_dates_are_read_as_written(qtbot, december_2, typed: str, understood: str) -> None:
    form = shown(qtbot, DateField())
    type_into(qtbot, form.field, typed)
    assert form.field.text() == understood  # shown back as understood once left
    assert form.field.value() == formats.parse_date(understood)
    assert not form.error.isVisible()


def test_a_date_after_today_is_refused_where_only_the_past_is_right(qtbot, december_2) -> None:
    form = shown(qtbot, DateField(future=False))
    type_into(qtbot, form.field, "3-12")
    assert form.field.text() == "03-12-2026"  # understood, and said why it is not right
    assert form.error.isVisible() and form.error.text() == "Deze datum ligt in de toekomst."
    assert form.field.problem() == "Deze datum ligt in de toekomst."
    retype(qtbot, form.field, "1-12")
    assert form.field.value() == date(2026, 12, 1)
    assert not form.error.isVisible()
    retype(qtbot, form.field, "2811")
    assert form.field.value() == date(2026, 11, 28) and not form.error.isVisible()


def test_select_all_and_type_replaces_the_date(qtbot, december_2) -> None:
    form = shown(qtbot, DateField(value=date(2026, 12, 16)))
    assert form.field.text() == "16-12-2026"
    retype(qtbot, form.field, "09122026")
    assert form.field.text() == "09-12-2026"
    assert form.field.value() == date(2026, 12, 9)
    # Selected by a double click as well: the typing replaces it, nothing is garbled.
    form.field.setFocus()
    form.field.selectAll()
    qtbot.keyClicks(form.field, "28-11")
    assert form.field.text() == "28-11"
    qtbot.keyClick(form.field, Qt.Key.Key_Return)
    assert form.field.text() == "28-11-2026"


def test_29_february_in_a_leap_year_and_not_in_another(qtbot, december_2, monkeypatch) -> None:
    form = shown(qtbot, DateField())
    type_into(qtbot, form.field, "29022028")
    assert form.field.value() == date(2028, 2, 29) and not form.error.isVisible()

    retype(qtbot, form.field, "29-02-2026")
    assert form.field.value() is None
    assert form.field.text() == "29-02-2026"  # kept as typed, to correct
    assert form.error.text() == "De datum 29-02-2026 bestaat niet. 2026 is geen schrikkeljaar."
    retype(qtbot, form.field, "2902")  # this year, 2026
    assert "2026 is geen schrikkeljaar" in form.error.text()
    retype(qtbot, form.field, "31-02-2024")
    assert form.error.text() == "De datum 31-02-2024 bestaat niet. Februari 2024 heeft 29 dagen."

    monkeypatch.setattr(formats, "today", lambda: date(2028, 1, 10))
    retype(qtbot, form.field, "29-02")
    assert form.field.value() == date(2028, 2, 29) and not form.error.isVisible()


def test_a_half_typed_date_is_said_only_on_leaving_and_cleared_once_right(
    qtbot, december_2
) -> None:
    form = shown(qtbot, DateField(required="Vul de datum in."))
    type_into(qtbot, form.field, "28-1", leave=False)
    assert not form.error.isVisible()  # no scolding while typing
    form.field.clear()
    type_into(qtbot, form.field, "2811202")
    assert form.error.isVisible() and form.error.text() == NOT_A_DATE
    assert form.field.value() is None
    qtbot.keyClick(form.field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(form.field, "26")
    assert form.field.text() == "28112026"
    assert not form.error.isVisible()  # right again: the sentence goes while typing
    retype(qtbot, form.field, "")
    form.field.clear()
    form.field.editingFinished.emit()
    assert form.error.text() == "Vul de datum in."


def test_birth_date_short_year_is_in_the_past_and_a_future_one_refused(qtbot, december_2) -> None:
    person = PersonFields()
    qtbot.addWidget(person)
    person.show()
    problems: list[str] = []
    person.birth_edit.judged.connect(problems.append)
    type_into(qtbot, person.birth_edit, "14-07-58")
    assert person.birth_edit.text() == "14-07-1958"
    assert person.value("GM0957").birth_date == date(1958, 7, 14)
    retype(qtbot, person.birth_edit, "03-12-2026")
    assert problems[-1] == "Een geboortedatum kan niet in de toekomst liggen."
    assert person.problems()["birth_date"] == problems[-1]
    person.birth_edit.clear()
    assert person.value("GM0957").birth_date is None and "birth_date" not in person.problems()


# --- the calendar ----------------------------------------------------------------------------


@offscreen_popup
def test_f4_opens_the_calendar_on_the_typed_date_and_enter_chooses(qtbot, december_2) -> None:
    form = shown(qtbot, DateField(future=False))
    type_into(qtbot, form.field, "28-11")
    form.field.setFocus()
    qtbot.keyClick(form.field, Qt.Key.Key_F4)
    popup = form.field.popup
    assert popup is not None and popup.isVisible()
    calendar = popup.calendar
    assert calendar.selectedDate() == QDate(2026, 11, 28)
    assert calendar.maximumDate() == QDate(2026, 12, 2)  # no future day to choose here
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Monday
    days = calendar.findChild(QAbstractItemView)  # the grid of days, where keys go
    assert days is not None
    with qtbot.waitSignal(form.field.chosen):
        qtbot.keyClick(days, Qt.Key.Key_Left)  # the day before
        qtbot.keyClick(days, Qt.Key.Key_Return)
    assert form.field.popup is None
    assert form.field.text() == "27-11-2026"
    assert form.field.value() == date(2026, 11, 27)


@offscreen_popup
def test_alt_down_opens_the_calendar_and_escape_changes_nothing(qtbot, december_2) -> None:
    form = shown(qtbot, DateField(value=date(2026, 12, 16)))
    form.field.setFocus()
    qtbot.keyClick(form.field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = form.field.popup
    assert popup is not None and popup.isVisible()
    assert popup.calendar.selectedDate() == QDate(2026, 12, 16)
    assert popup.calendar.maximumDate() > QDate(2027, 1, 1)  # a due date may lie ahead
    with qtbot.waitSignal(popup.destroyed):
        qtbot.keyClick(popup, Qt.Key.Key_Escape)
    assert form.field.popup is None
    assert form.field.text() == "16-12-2026"


@offscreen_popup
def test_the_calendar_button_in_the_field_opens_it_too(qtbot, december_2) -> None:
    form = shown(qtbot, DateField())
    form.field.calendar_action.trigger()
    popup = form.field.popup
    assert popup is not None and popup.isVisible()
    assert popup.calendar.selectedDate() == QDate(2026, 12, 2)  # empty: today
    popup.chosen.emit(QDate(2026, 12, 24))  # what a click on the 24th emits
    assert form.field.text() == "24-12-2026"
    form.field.setReadOnly(True)  # a chosen person's fields: no calendar either
    assert not form.field.calendar_action.isVisible()
    form.field.calendar_action.trigger()
    qtbot.keyClick(form.field, Qt.Key.Key_F4)
    assert form.field.popup is None
    form.field.setReadOnly(False)
    assert form.field.calendar_action.isVisible()


# --- through the dialogs into the register ---------------------------------------------------


def test_a_contact_typed_as_28112026_on_2_december_is_saved_as_28_november(
    qtbot, december_2, unlocked_session: RegisterSession, register: Register, case_id: int
) -> None:
    dialog = ContactDialog(unlocked_session, case_id, earliest=date(2026, 11, 1))
    qtbot.addWidget(dialog, before_close_func=throw_away_on_close)
    dialog.show()
    assert dialog.date_edit is not None
    assert dialog.date_edit.text() == "02-12-2026"  # today, to begin with
    retype(qtbot, dialog.date_edit, "28112026")
    assert dialog.date_edit.text() == "28-11-2026"
    qtbot.mouseClick(dialog.made_choice.buttons[0], LEFT)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible()
    (contact,) = [e for e in cases.read_case(register, case_id).timeline if e.kind == "contact"]
    assert contact.on_date == date(2026, 11, 28)


def test_a_future_contact_date_is_refused_on_the_field_and_nothing_saved(
    qtbot, december_2, unlocked_session: RegisterSession, register: Register, case_id: int
) -> None:
    dialog = ContactDialog(unlocked_session, case_id, earliest=date(2026, 11, 1))
    qtbot.addWidget(dialog, before_close_func=throw_away_on_close)
    dialog.show()
    assert dialog.date_edit is not None
    qtbot.mouseClick(dialog.made_choice.buttons[0], LEFT)
    retype(qtbot, dialog.date_edit, "03-12")
    error = dialog.errors["on_date"]
    assert error.isVisible() and error.text() == "Deze datum ligt in de toekomst."
    before = len(log_entries(register))
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.isVisible() and log_entries(register)[before:] == []
    assert error.text() == "Deze datum ligt in de toekomst."

    retype(qtbot, dialog.date_edit, "31-10")  # before the case was opened
    assert error.text() == "Deze datum ligt vóór de opening van de casus (01-11-2026)."
    retype(qtbot, dialog.date_edit, "1-12")
    assert not error.isVisible()


def test_an_action_due_date_typed_as_09122026_is_saved_as_9_december(
    qtbot, december_2, unlocked_session: RegisterSession, register: Register, case_id: int
) -> None:
    dialog = ActionDialog(unlocked_session, case_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.due_edit.text() == "16-12-2026"  # the default: two weeks from today
    type_into(qtbot, dialog.description_edit, "Huisarts bellen")
    retype(qtbot, dialog.due_edit, "09122026")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible()
    (action,) = cases.read_case(register, case_id).actions
    assert (action.description, action.due_on) == ("Huisarts bellen", date(2026, 12, 9))


def test_an_action_due_date_left_empty_is_no_due_date_and_a_wrong_one_stops_saving(
    qtbot, december_2, unlocked_session: RegisterSession, register: Register, case_id: int
) -> None:
    dialog = ActionDialog(unlocked_session, case_id)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.description_edit, "Woningcorporatie bellen")
    retype(qtbot, dialog.due_edit, "0912202")  # one digit short
    assert dialog.errors["due_on"].text() == NOT_A_DATE
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.isVisible()
    assert cases.read_case(register, case_id).actions == []  # not the default, not anything

    dialog.due_edit.clear()
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible()
    (action,) = cases.read_case(register, case_id).actions
    assert action.due_on is None


def test_an_incomplete_date_blocks_saving_with_a_dutch_sentence(
    qtbot, december_2, unlocked_session: RegisterSession, register: Register, case_id: int
) -> None:
    dialog = NoteDialog(unlocked_session, case_id, earliest=date(2026, 11, 1))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.date_edit is not None
    qtbot.keyClicks(dialog.note_edit, "Buurman gesproken")
    dialog.date_edit.setFocus()
    qtbot.keyClick(dialog.date_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.date_edit, "28-11-")  # not finished, and Opslaan pressed
    before = len(log_entries(register))
    dialog.save()  # what Ctrl+Enter does (a shortcut needs an active window)
    assert dialog.isVisible() and log_entries(register)[before:] == []
    assert dialog.errors["on_date"].isVisible()
    assert dialog.errors["on_date"].text() == NOT_A_DATE
    assert dialog.focusWidget() is dialog.date_edit

    dialog.date_edit.clear()
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.errors["on_date"].text() == "Vul de datum in."
    assert log_entries(register)[before:] == []

    qtbot.keyClicks(dialog.date_edit, "30112026")
    assert not dialog.errors["on_date"].isVisible()
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible()
    notes = [e for e in cases.read_case(register, case_id).timeline if e.kind == "notitie"]
    assert [n.on_date for n in notes] == [date(2026, 11, 30)]


def test_a_meeting_date_that_does_not_exist_cannot_be_planned(
    qtbot, december_2, unlocked_session: RegisterSession
) -> None:
    dialog = MeetingDialog(unlocked_session)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.date_edit_field.text() == "09-12-2026"  # a week ahead, to begin with
    retype(qtbot, dialog.date_edit_field, "31-02-2027")
    problem = "De datum 31-02-2027 bestaat niet. Februari 2027 heeft 28 dagen."
    assert dialog.errors["held_on"].text() == problem
    assert dialog.held_on() is None
    assert dialog.problems()["held_on"] == problem


def test_a_wrong_agreed_due_date_stops_recording_the_agreements(
    qtbot, december_2, unlocked_session: RegisterSession, register: Register, case_id: int
) -> None:
    meeting_id = meetings.plan_meeting(
        register,
        meetings.MeetingData(
            ROERMOND, date.today(), MeetingKind.NETWERKOVERLEG, "Wethouder", ("GGD", "Politie")
        ),
    )
    meetings.add_to_agenda(register, meeting_id, case_id, "Wie kent hem?", "GGD")
    dialog = AgreementsDialog(unlocked_session, meetings.meeting_detail(register, meeting_id))
    qtbot.addWidget(dialog)
    dialog.show()
    group = dialog.groups[0]
    (row,) = group.rows
    type_into(qtbot, row.description, "Huisarts bellen")
    row.organisation.setEditText("GGD")
    retype(qtbot, row.due, "31-02")
    problem = "Uiterlijk: De datum 31-02-2026 bestaat niet. Februari 2026 heeft 28 dagen."
    assert group.error.isVisible() and group.error.text() == problem
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.isVisible()
    assert [a.agreed for a in meetings.meeting_detail(register, meeting_id).agenda] == [()]

    retype(qtbot, row.due, "0901")  # 9 January of this (set) year: a due date may be past
    assert not group.error.isVisible()
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible()
    (entry,) = meetings.meeting_detail(register, meeting_id).agenda
    assert [(a.description, a.due_on) for a in entry.agreed] == [
        ("Huisarts bellen", date(2026, 1, 9))
    ]
