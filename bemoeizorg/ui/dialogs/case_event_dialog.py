"""What every dialog that changes a case shares: a date that cannot lie in the future, an
error sentence under each field, Opslaan/Annuleren, and save-then-close on the worker.

A subclass adds its rows with `add_row` (saying which must not be left empty), says what
else is wrong before saving in `problems`,
and gives the store call in `job` (usually `store_call(fn, values...)`). Problems the store
finds (FieldProblems) land under the field they name; other refusals in the sentence above
the buttons. A dialog that needs nothing but the case and its first possible date derives
from `DatedCaseDialog` and only adds its rows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar, Concatenate, ParamSpec, TypeVar

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from bemoeizorg.casework.intake import FieldProblems
from bemoeizorg.domain.formats import date_text
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register
from bemoeizorg.ui.dialog_host import LockableDialog
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.widgets.field_error import FieldError
from bemoeizorg.ui.widgets.optional_date_edit import DATE_FORMAT, from_qdate, to_qdate

DATE_FIELD = "on_date"
BEFORE_OPENING = "Deze datum ligt vóór de opening van de casus ({date})."
IN_FUTURE = "Deze datum ligt in de toekomst."
SAVE_HINT = "Ctrl+Enter slaat op."

Job = Callable[[Register], Any]
P = ParamSpec("P")
R = TypeVar("R")


def store_call(
    fn: Callable[Concatenate[Register, P], R], *args: P.args, **kwargs: P.kwargs
) -> Callable[[Register], R]:
    """The job of a save: fn(register, *args) on the worker, with the values the caller read
    from the form now, in the GUI thread (a job never touches a widget)."""
    return lambda register: fn(register, *args, **kwargs)


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


def field_text(field: QWidget) -> str:
    """What is typed in a text field (a line, a text box, an editable list)."""
    if isinstance(field, QLineEdit):
        return field.text()
    if isinstance(field, QPlainTextEdit):
        return field.toPlainText()
    if isinstance(field, QComboBox):
        return field.currentText()
    raise TypeError(f"no text in a {type(field).__name__}")


def with_error(field: QWidget, error: FieldError) -> QWidget:
    """The field and its error sentence as one form row, so the label stays beside it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(error)
    return box


class CaseEventDialog(LockableDialog):
    saved = Signal(object)  # what the store call returned

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
        super().__init__(parent)
        self._session = session
        self.case_id = case_id
        self._earliest = earliest
        self._earliest_problem = earliest_problem
        self.setWindowTitle(title)
        self.errors: dict[str, FieldError] = {}
        self._fields: dict[str, QWidget] = {}
        self._required: dict[str, str] = {}  # field name -> what to say when it is empty

        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setVisible(bool(intro))
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.date_edit: QDateEdit | None = None
        if with_date:
            self.date_edit = date_edit()
            self.add_row(date_label, self.date_edit, DATE_FIELD)
            # An impossible date is said at once, on the field, not after pressing Opslaan.
            self.date_edit.dateChanged.connect(self._date_changed)
        self.general_error = FieldError()
        self.general_error.setObjectName("general_error")

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("Opslaan", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(
            "Annuleren", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.save_button.setDefault(True)
        self.save_button.setToolTip(SAVE_HINT)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    # --- building ------------------------------------------------------------------------

    def add_row(
        self, label: str, field: QWidget, name: str | None = None, *, required: str = ""
    ) -> None:
        """A labelled row; with a name, the row gets an error sentence under the field, and
        with `required` that sentence says so when the field is left empty."""
        if name is None:
            self.form.addRow(label, field)
            return
        if required:
            self._required[name] = required
        error = FieldError()
        error.setObjectName(f"{name}_error")
        self.errors[name] = error
        self._fields[name] = field
        self.form.addRow(label, with_error(field, error))

    def add_error_row(self, name: str, focus: QWidget) -> None:
        """An error sentence on its own row, for a problem about several rows at once."""
        error = FieldError()
        error.setObjectName(f"{name}_error")
        self.errors[name] = error
        self._fields[name] = focus
        self.form.addRow("", error)

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
        """Field name -> Dutch message for what can be seen before asking the register."""
        problem = self.date_problem()
        problems = {DATE_FIELD: problem} if problem else {}
        for name, message in self._required.items():
            if not field_text(self._fields[name]).strip():
                problems[name] = message
        return problems

    def job(self) -> Job:
        raise NotImplementedError

    # --- saving --------------------------------------------------------------------------

    def show_problems(self, problems: dict[str, str]) -> None:
        for name, error in self.errors.items():
            error.show_problem(problems.get(name))
        rest = [text for name, text in problems.items() if name not in self.errors]
        self.general_error.show_problem(" ".join(rest) or None)
        for name in self.errors:
            if name in problems:
                self._fields[name].setFocus()
                break

    def _date_changed(self) -> None:
        problem = self.date_problem()
        self.errors[DATE_FIELD].show_problem(problem or None)

    def save(self) -> None:
        if not self.save_button.isEnabled() or not self.isEnabled():
            return
        problems = self.problems()
        self.show_problems(problems)
        if problems:
            return
        self.submit(self.job())

    def submit(self, job: Job) -> None:
        self.setEnabled(False)  # one save at a time; the worker may take a moment
        self._session.call(job, self._saved, self._failed)

    def is_alive(self) -> bool:
        """False once Qt deleted the dialog (closed by a lock while the worker saved)."""
        return isValid(self)

    def _saved(self, result: object) -> None:
        if not self.is_alive():
            return
        self.setEnabled(True)
        self.saved.emit(result)
        self.accept()

    def handle_failure(self, exc: BaseException) -> bool:
        """Subclasses: True when they dealt with this refusal themselves."""
        return False

    def _failed(self, exc: BaseException) -> None:
        if not self.is_alive():
            return
        self.setEnabled(True)
        if self.handle_failure(exc):
            return
        if isinstance(exc, FieldProblems):
            self.show_problems(exc.problems)
        elif isinstance(exc, InvalidInput):
            self.show_problems({"": exc.message})
        else:
            show_error(exc)


class DatedCaseDialog(CaseEventDialog):
    """A dialog that needs only the case and its first possible date (a note, a measure, a
    referral, the closing): its title and intro on the class, its rows from `add_rows`."""

    window_title: ClassVar[str]
    intro_text: ClassVar[str] = ""

    def __init__(
        self,
        session: RegisterSession,
        case_id: int,
        *,
        earliest: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            session,
            case_id,
            self.window_title,
            intro=self.intro_text,
            earliest=earliest,
            parent=parent,
        )
        self.add_rows()

    def add_rows(self) -> None:
        raise NotImplementedError
