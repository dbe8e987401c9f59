"""What every dialog that fills in a form and saves it to the register shares: an error
sentence under each field, one above the buttons for any other refusal, Opslaan/Annuleren
(and Ctrl+Enter), and save-then-close on the worker with one failure path.

A subclass adds its rows with `add_row` (saying which must not be left empty; a DateField
row says its own problems on the field and at saving), says what else is wrong before
saving in `problems`, and gives the store call in `job` (usually
`store_call(fn, values...)`). Problems the store finds (FieldProblems) land under the field
they name; other refusals (InvalidInput) in the sentence above the buttons; anything else
goes to jobs.show_error. A dialog that deals with a refusal itself overrides
`handle_failure`. The case dialogs (case_event_dialog) build on this.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from bemoeizorg.casework.intake import FieldProblems
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register
from bemoeizorg.ui.dialog_host import LockableDialog
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.widgets.date_field import DateField
from bemoeizorg.ui.widgets.field_error import FieldError, with_error

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


def field_text(field: QWidget) -> str:
    """What is typed in a text field (a line, a text box, an editable list)."""
    if isinstance(field, QLineEdit):
        return field.text()
    if isinstance(field, QPlainTextEdit):
        return field.toPlainText()
    if isinstance(field, QComboBox):
        return field.currentText()
    raise TypeError(f"no text in a {type(field).__name__}")


class FormDialog(LockableDialog):
    saved = Signal(object)  # what the store call returned

    def __init__(
        self,
        session: RegisterSession,
        title: str,
        *,
        intro: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self.setWindowTitle(title)
        self.errors: dict[str, FieldError] = {}
        self._fields: dict[str, QWidget] = {}
        self._required: dict[str, str] = {}  # field name -> what to say when it is empty

        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setVisible(bool(intro))
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
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
        if isinstance(field, DateField):
            # A date says what is wrong with it as soon as the user leaves it.
            field.judged.connect(error.show_problem)
        self.form.addRow(label, with_error(field, error))

    def add_error_row(self, name: str, focus: QWidget) -> None:
        """An error sentence on its own row, for a problem about several rows at once."""
        error = FieldError()
        error.setObjectName(f"{name}_error")
        self.errors[name] = error
        self._fields[name] = focus
        self.form.addRow("", error)

    # --- values --------------------------------------------------------------------------

    def problems(self) -> dict[str, str]:
        """Field name -> Dutch message for what can be seen before asking the register:
        required fields left empty, and every date field that holds no right date."""
        problems = {
            name: message
            for name, message in self._required.items()
            if not field_text(self._fields[name]).strip()
        }
        for name, field in self._fields.items():
            if isinstance(field, DateField) and (problem := field.problem()):
                problems.setdefault(name, problem)
        return problems

    def job(self) -> Job:
        raise NotImplementedError

    # --- saving --------------------------------------------------------------------------

    def show_problems(self, problems: dict[str, str]) -> None:
        for name, error in self.errors.items():
            error.show_problem(problems.get(name))
            if isinstance(field := self._fields[name], DateField):
                field.set_shown(problems.get(name, ""))
        rest = [text for name, text in problems.items() if name not in self.errors]
        self.general_error.show_problem(" ".join(rest) or None)
        for name in self.errors:
            if name in problems:
                self._fields[name].setFocus()
                break

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
