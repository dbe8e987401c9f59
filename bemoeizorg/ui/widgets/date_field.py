"""The one field for a date a user types or chooses: a contact, a phase, a closing, a due
date, a birth date, a meeting.

It is a line of text, not a QDateEdit: a QDateEdit types into sections, so "28112026"
became 02-08-2026 and select-all-then-type garbled it, and it always holds some date, so a
half-typed one was silently saved as the default. Here the text is read by
`formats.parse_date` ("28-11-2026", "28112026", "28-11", "28/11/26", "28.11.2026", "2811")
and shown back as dd-mm-jjjj when the user leaves the field, so they see what was
understood. A calendar opens on the button in the field, with F4 or with Alt+Down.

What is wrong is said when the user leaves the field or chooses a date (`judged`), and is
cleared as soon as the text is right again; `problem()` says it at saving, so a form with an
unreadable, impossible, too early or (where it applies) future date cannot be saved.
An empty field is no date: allowed unless `required` gives the sentence to say.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QLocale, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.domain import formats
from bemoeizorg.domain.formats import DATE_HINT, DateTextError, date_text

DATE_FORMAT = "dd-MM-yyyy"  # the Qt spelling of formats.DATE_FORMAT, for Qt's own date edits
IN_FUTURE = "Deze datum ligt in de toekomst."
TOO_EARLY = "Deze datum ligt vóór {date}."
TIP = (
    "Typ bijvoorbeeld 28-11-2026, 28112026, 28/11/26 of 28-11 (dit jaar). "
    "F4 of Alt+pijl omlaag opent de kalender."
)
TIP_EMPTY = " Leeg laten: {empty}."
CALENDAR = "Kalender (F4)"
DUTCH = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _calendar_icon(widget: QWidget) -> QIcon:
    """A small calendar drawn in the text colour of the palette (no icon theme needed)."""
    size = 16
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    colour = widget.palette().text().color()
    painter.setPen(colour)
    painter.drawRect(QRect(1, 3, 13, 11))
    painter.fillRect(QRect(1, 3, 14, 3), colour)
    painter.fillRect(QRect(4, 1, 2, 3), colour)
    painter.fillRect(QRect(10, 1, 2, 3), colour)
    for row in range(2):
        for column in range(3):
            painter.fillRect(QRect(3 + 4 * column, 8 + 3 * row, 2, 2), colour)
    painter.end()
    return QIcon(pixmap)


class CalendarPopup(QFrame):
    """The calendar under a date field: a click, Enter or Space chooses, Escape closes."""

    chosen = Signal(QDate)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # closed by a click elsewhere, too
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget()
        self.calendar.setLocale(DUTCH)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.calendar)
        self.calendar.clicked.connect(self.chosen)
        self.calendar.activated.connect(self.chosen)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)


class DateField(QLineEdit):
    judged = Signal(str)  # left or chosen: what is wrong with the date, "" when nothing
    chosen = Signal()  # a date was chosen in the calendar

    def __init__(
        self,
        *,
        required: str = "",
        future: bool = True,
        future_problem: str = IN_FUTURE,
        earliest: date | None = None,
        earliest_problem: str = TOO_EARLY,
        empty: str = "",
        value: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`required`: what to say when left empty (else empty is no date, which `empty`
        names in the tooltip); `future`: whether a date after today is right here;
        `earliest`: the first right date, `earliest_problem` what to say before it (with
        {date})."""
        super().__init__(parent)
        self._required = required
        self._future = future
        self._future_problem = future_problem
        self._earliest = earliest
        self._earliest_problem = earliest_problem
        self._shown = ""  # the problem said last, so fixing the text can clear it at once
        self.popup: CalendarPopup | None = None
        self.setPlaceholderText(DATE_HINT)
        self.setMaxLength(12)  # "28-11-2026" with a space typed before or after
        self.setToolTip(TIP + (TIP_EMPTY.format(empty=empty) if empty and not required else ""))
        self.calendar_action = QAction(_calendar_icon(self), CALENDAR, self)
        self.calendar_action.setToolTip(CALENDAR)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.triggered.connect(self.show_calendar)
        self.editingFinished.connect(self._left)
        self.textChanged.connect(self._text_changed)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.set_value(value)

    def sizeHint(self) -> QSize:
        # Wide enough for a typed date with room to spare, and the calendar button.
        hint = super().sizeHint()
        text = self.fontMetrics().horizontalAdvance("00-00-00000  ")
        return QSize(text + 2 * hint.height() + 8, hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    # --- the value ---------------------------------------------------------------------------

    def _read(self) -> tuple[date | None, str]:
        text = self.text().strip()
        if not text:
            return None, self._required
        try:
            return formats.parse_date(text, past=not self._future), ""
        except DateTextError as problem:
            return None, str(problem)

    def value(self) -> date | None:
        """The date typed or chosen; None when empty or not a date (see `problem`)."""
        return self._read()[0]

    def problem(self) -> str:
        """What is wrong, in Dutch; "" when the field holds a right date or may be empty."""
        day, problem = self._read()
        if problem or day is None:
            return problem
        if not self._future and day > formats.today():
            return self._future_problem
        if self._earliest is not None and day < self._earliest:
            return self._earliest_problem.format(date=date_text(self._earliest))
        return ""

    def set_value(self, day: date | None) -> None:
        self.setText(date_text(day))
        self.setCursorPosition(0)

    def set_earliest(self, day: date | None, problem: str | None = None) -> None:
        """The first right date (an end not before its start); None: no limit."""
        self._earliest = day
        if problem is not None:
            self._earliest_problem = problem
        if self._shown:
            self.judge()

    # --- judging -----------------------------------------------------------------------------

    def judge(self) -> str:
        """Say now what is wrong (or that nothing is) to whoever shows it."""
        self._shown = self.problem()
        self.judged.emit(self._shown)
        return self._shown

    def set_shown(self, problem: str) -> None:
        """The form shows this problem for the field now (at saving), so it goes as soon
        as the text is right, as one the field said itself."""
        self._shown = problem

    def _left(self) -> None:
        """The user left the field (or pressed Enter): show the date as it was understood."""
        day = self.value()
        if day is not None and date_text(day) != self.text():
            self.set_value(day)
        self.judge()

    def _text_changed(self) -> None:
        # A problem already said disappears as soon as the text is right; a new one waits
        # until the user leaves the field, so half-typed dates are not scolded.
        if self._shown and not self.problem():
            self.judge()

    # --- the calendar ------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ReadOnlyChange:
            # A field that only shows a date (a person chosen from the register) offers no
            # calendar to choose from.
            self.calendar_action.setVisible(not self.isReadOnly())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt_down = event.key() == Qt.Key.Key_Down and (
            event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if event.key() == Qt.Key.Key_F4 or alt_down:
            self.show_calendar()
            return
        super().keyPressEvent(event)

    def show_calendar(self) -> None:
        """The calendar under the field, on the typed date (else today), limited to the
        dates that are right here."""
        if self.isReadOnly() or not self.isEnabled():
            return
        popup = CalendarPopup(self)
        calendar = popup.calendar
        today = formats.today()
        if self._earliest is not None:
            calendar.setMinimumDate(to_qdate(self._earliest))
        if not self._future:
            calendar.setMaximumDate(to_qdate(today))
        calendar.setSelectedDate(to_qdate(self.value() or today))
        popup.chosen.connect(self._chosen)
        popup.destroyed.connect(self._popup_gone)
        popup.adjustSize()
        popup.move(self._popup_place(popup.sizeHint()))
        self.popup = popup
        popup.show()
        calendar.setFocus()

    def _popup_place(self, size: QSize) -> QPoint:
        """Under the field, or above it where the screen ends."""
        below = self.mapToGlobal(QPoint(0, self.height()))
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry()
        x = max(room.left(), min(below.x(), room.right() - size.width()))
        y = below.y()
        if y + size.height() > room.bottom():
            y = max(room.top(), self.mapToGlobal(QPoint(0, 0)).y() - size.height())
        return QPoint(x, y)

    def _popup_gone(self) -> None:
        self.popup = None

    def _chosen(self, day: QDate) -> None:
        if self.popup is not None:
            self.popup.close()  # deleted later (WA_DeleteOnClose)
            self.popup = None
        self.set_value(from_qdate(day))
        self.setFocus()
        self.chosen.emit()
        self.judge()
