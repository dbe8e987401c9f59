"""What every dialog that changes a case shares, on top of a FormDialog: the case, and a
typed date (a DateField) that cannot lie in the future nor before the case could have it.

A dialog that needs nothing but the case and its first possible date derives from
`DatedCaseDialog` and only adds its rows.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from bemoeizorg.domain import formats
from bemoeizorg.ui.dialogs.form_dialog import FormDialog
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.widgets.date_field import DateField

DATE_FIELD = "on_date"
BEFORE_OPENING = "Deze datum ligt vóór de opening van de casus ({date})."
NO_DATE = "Vul de datum in."
FIRST_DAY = date(1990, 1, 1)  # no case of this register is older; a year typo otherwise
BEFORE_1990 = "Deze datum ligt vóór 1990; controleer het jaartal."


def event_date_field(*, future: bool = False) -> DateField:
    """The date something happened: today to begin with, not before 1990 and, unless
    `future`, not after today."""
    return DateField(
        required=NO_DATE,
        future=future,
        earliest=FIRST_DAY,
        earliest_problem=BEFORE_1990,
        value=formats.today(),
    )


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
        self.date_edit: DateField | None = None
        if with_date:
            self.date_edit = event_date_field()
            if earliest is not None:
                self.date_edit.set_earliest(earliest, earliest_problem)
            # Its problems show on the field when it is left, and stop Opslaan (FormDialog).
            self.add_row(date_label, self.date_edit, DATE_FIELD)

    # --- values --------------------------------------------------------------------------

    def on_date(self) -> date:
        """The date typed or chosen; only asked once `problems()` found nothing wrong."""
        assert self.date_edit is not None
        day = self.date_edit.value()
        assert day is not None, "a case event is saved only with a right date"
        return day

    def set_on_date(self, day: date) -> None:
        assert self.date_edit is not None
        self.date_edit.set_value(day)

    def date_problem(self) -> str:
        return self.date_edit.problem() if self.date_edit is not None else ""


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
