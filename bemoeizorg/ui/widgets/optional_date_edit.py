"""A date that may be absent: a date field with a "none" checkbox beside it.

A QDateEdit cannot hold "no date" and cannot hold an impossible date, which is why it is
used instead of free text.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget

DATE_FORMAT = "dd-MM-yyyy"


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class OptionalDateEdit(QWidget):
    changed = Signal()

    def __init__(self, none_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(DATE_FORMAT)
        self.date_edit.setDate(QDate.currentDate())
        self.none_box = QCheckBox(none_label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.date_edit)
        layout.addWidget(self.none_box)
        layout.addStretch(1)
        self.none_box.toggled.connect(self._none_toggled)
        self.date_edit.dateChanged.connect(self.changed)

    def _none_toggled(self, none: bool) -> None:
        self.date_edit.setEnabled(not none)
        self.changed.emit()

    def value(self) -> date | None:
        return None if self.none_box.isChecked() else from_qdate(self.date_edit.date())

    def set_value(self, day: date | None) -> None:
        if day is not None:
            self.date_edit.setDate(to_qdate(day))
        self.none_box.setChecked(day is None)
        self.date_edit.setEnabled(day is not None)

    def set_minimum(self, day: date | None) -> None:
        """Dates before `day` cannot be chosen (an end before its start)."""
        if day is None:
            self.date_edit.clearMinimumDate()
        else:
            self.date_edit.setMinimumDate(to_qdate(day))
