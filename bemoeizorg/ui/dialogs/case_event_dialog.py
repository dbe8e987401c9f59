"""What every dialog that changes a case shares, on top of a FormDialog: the case, and a
date that cannot lie in the future nor before the case could have it.

A dialog that needs nothing but the case and its first possible date derives from
`DatedCaseDialog` and only adds its rows.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QHBoxLayout,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from bemoeizorg.domain.formats import date_text
from bemoeizorg.ui.dialogs.form_dialog import FormDialog
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.widgets.optional_date_edit import DATE_FORMAT, from_qdate, to_qdate

DATE_FIELD = "on_date"
BEFORE_OPENING = "Deze datum ligt vóór de opening van de casus ({date})."
IN_FUTURE = "Deze datum ligt in de toekomst."


def date_edit(maximum_today: bool = True) -> QDateEdit:
    """A picked date in dd-mm-jjjj; by default no later than today."""
    edit = QDateEdit(QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setMinimumDate(QDate(1990, 1, 1))
    if maximum_today:
        edit.setMaximumDate(QDate.currentDate())
    return edit


def note_edit(placeholder: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
    edit.setPlaceholderText(placeholder)
    edit.setMinimumHeight(90)
    return edit


class Choice(QWidget):
    """Two or three mutually exclusive answers as radio buttons; `value()` is the chosen
    one's data, or None when nothing is chosen yet."""

    def __init__(self, options: list[tuple[str, object]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.buttons: list[QRadioButton] = []
        self._values: list[object] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for text, value in options:
            button = QRadioButton(text)
            self.group.addButton(button, len(self.buttons))
            self.buttons.append(button)
            self._values.append(value)
            layout.addWidget(button)
        layout.addStretch(1)

    def is_chosen(self) -> bool:
        return self.group.checkedId() >= 0

    def value(self) -> object:
        chosen = self.group.checkedId()
        return self._values[chosen] if chosen >= 0 else None

    def set_value(self, value: object) -> None:
        for button, candidate in zip(self.buttons, self._values, strict=True):
            if candidate == value:
                button.setChecked(True)
                return


class CaseEventDialog(FormDialog):
    def __init__(
        self,
        session: RegisterSession,
        case_id: int,
        title: str,
        *,
        intro: str = "",
        with_date: bool = True,
        date_label: str = "Datum",
        earliest: date | None = None,
        earliest_problem: str = BEFORE_OPENING,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, title, intro=intro, parent=parent)
        self.case_id = case_id
        self._earliest = earliest
        self._earliest_problem = earliest_problem
        self.date_edit: QDateEdit | None = None
        if with_date:
            self.date_edit = date_edit()
            self.add_row(date_label, self.date_edit, DATE_FIELD)
            # An impossible date is said at once, on the field, not after pressing Opslaan.
            self.date_edit.dateChanged.connect(self._date_changed)

    # --- values --------------------------------------------------------------------------

    def on_date(self) -> date:
        assert self.date_edit is not None
        return from_qdate(self.date_edit.date())

    def set_on_date(self, day: date) -> None:
        assert self.date_edit is not None
        self.date_edit.setDate(to_qdate(day))

    def date_problem(self) -> str:
        if self.date_edit is None:
            return ""
        day = self.on_date()
        if day > date.today():
            return IN_FUTURE  # the field's maximum prevents it; kept for a date past midnight
        if self._earliest is not None and day < self._earliest:
            return self._earliest_problem.format(date=date_text(self._earliest))
        return ""

    def problems(self) -> dict[str, str]:
        problem = self.date_problem()
        return {**({DATE_FIELD: problem} if problem else {}), **super().problems()}

    def _date_changed(self) -> None:
        problem = self.date_problem()
        self.errors[DATE_FIELD].show_problem(problem or None)


class DatedCaseDialog(CaseEventDialog):
    """A dialog that needs only the case and its first possible date (a contact, a note, a
    measure, a referral, the closing): its title and intro on the class, its rows from
    `add_rows`. Given the person's name, a class with `title_for` names them in the title."""

    window_title: ClassVar[str]
    title_for: ClassVar[str] = ""  # "... {name}"
    intro_text: ClassVar[str] = ""

    def __init__(
        self,
        session: RegisterSession,
        case_id: int,
        *,
        earliest: date | None = None,
        name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            session,
            case_id,
            self.title_for.format(name=name) if name and self.title_for else self.window_title,
            intro=self.intro_text,
            earliest=earliest,
            parent=parent,
        )
        self.add_rows()

    def add_rows(self) -> None:
        raise NotImplementedError
