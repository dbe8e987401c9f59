"""What every dialog that changes a case shares, on top of a FormDialog: the case, and a
typed date (a DateField) that cannot lie in the future nor before the case could have it.

A dialog that needs nothing but the case and its first possible date derives from
`DatedCaseDialog` and only adds its rows.

The same dialog corrects a line (`correcting=`): filled with what the line holds, with a
required reason, saved as a correction (casework/corrections.py) that keeps the original.
Window titles name the case by its number, never the person.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from bemoeizorg.casework.cases import CaseState, TimelineEntry
from bemoeizorg.casework.corrections import NO_CORRECTION_REASON, REASON_FIELD
from bemoeizorg.domain import formats
from bemoeizorg.domain.formats import date_text
from bemoeizorg.store.concurrency import CaseChangedMeanwhile
from bemoeizorg.ui.dialogs.form_dialog import FormDialog
from bemoeizorg.ui.register_session import RegisterSession, Topic
from bemoeizorg.ui.widgets.date_field import DateField

DATE_FIELD = "on_date"
BEFORE_OPENING = "Deze datum ligt vóór de opening van de casus ({date})."
NO_DATE = "Vul de datum in."
FIRST_DAY = date(1990, 1, 1)  # no case of this register is older; a year typo otherwise
BEFORE_1990 = "Deze datum ligt vóór 1990; controleer het jaartal."
CASE_TITLE = "{title}: casus {number}"
CORRECT_TITLE = "{what} corrigeren: casus {number}"
CORRECT_INTRO = (
    "U corrigeert de regel van {date}. De oorspronkelijke regel blijft bewaard in het "
    "register, gemarkeerd als gecorrigeerd."
)
REASON_LABEL = "Reden van de correctie"
REASON_PLACEHOLDER = "bijvoorbeeld: verkeerde datum, typfout"


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
    what: ClassVar[str] = "Regel"  # what it records, in "... corrigeren: casus N"

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
        correcting: TimelineEntry | None = None,
        case_number: str = "",
        parent: QWidget | None = None,
    ) -> None:
        self.correcting = correcting
        if correcting is not None:
            title = CORRECT_TITLE.format(what=self.what, number=case_number or "?")
            intro = CORRECT_INTRO.format(date=date_text(correcting.on_date))
        elif case_number:
            title = CASE_TITLE.format(title=title, number=case_number)
        super().__init__(session, title, intro=intro, parent=parent)
        self.case_id = case_id
        # The case's state as the window showed it when this opened (case_view sets it): a
        # change of state is refused when a colleague changed it meanwhile.
        self.shown_state: CaseState | None = None
        self.date_edit: DateField | None = None
        self.correction_reason_edit: QLineEdit | None = None
        if with_date:
            self.date_edit = event_date_field()
            if earliest is not None:
                self.date_edit.set_earliest(earliest, earliest_problem)
            # Its problems show on the field when it is left, and stop Opslaan (FormDialog).
            self.add_row(date_label, self.date_edit, DATE_FIELD)

    def _failed(self, exc: BaseException) -> None:
        """A colleague changed the case meanwhile: said (the text stays here), the case
        behind reloads to show what changed, and a second Opslaan saves from there."""
        if isinstance(exc, CaseChangedMeanwhile) and self.is_alive():
            self.shown_state = None
            self._session.data_changed.emit(Topic.CASES)
        super()._failed(exc)

    # --- correcting ----------------------------------------------------------------------

    def add_correction_rows(self, reason: str = "") -> None:
        """When correcting: fill the form from the line and add the required reason. Called
        by a subclass once its own rows are there."""
        entry = self.correcting
        if entry is None:
            return
        if self.date_edit is not None:
            self.set_on_date(entry.on_date)
        self.prefill(entry)
        edit = QLineEdit(reason)
        edit.setPlaceholderText(REASON_PLACEHOLDER)
        edit.setMaxLength(300)
        self.correction_reason_edit = edit
        self.add_row(REASON_LABEL, edit, REASON_FIELD, required=NO_CORRECTION_REASON)
        self.save_button.setText("Correctie opslaan")

    def prefill(self, entry: TimelineEntry) -> None:
        """Subclasses: put what the line holds in the form."""

    def correction_reason(self) -> str:
        edit = self.correction_reason_edit
        return edit.text().strip() if edit is not None else ""

    def corrected_id(self) -> int:
        assert self.correcting is not None
        return self.correcting.id

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
    `add_rows`, what a line holds from `prefill` when it corrects one."""

    window_title: ClassVar[str]
    intro_text: ClassVar[str] = ""

    def __init__(
        self,
        session: RegisterSession,
        case_id: int,
        *,
        earliest: date | None = None,
        case_number: str = "",
        correcting: TimelineEntry | None = None,
        reason: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            session,
            case_id,
            self.window_title,
            intro=self.intro_text,
            earliest=earliest,
            correcting=correcting,
            case_number=case_number,
            parent=parent,
        )
        self.add_rows()
        self.add_correction_rows(reason)

    def add_rows(self) -> None:
        raise NotImplementedError
