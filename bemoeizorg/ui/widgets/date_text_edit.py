"""A date typed as text (dd-mm-jjjj), that may stay empty: for a birth date.

A QDateEdit cannot be empty and makes typing a birth date from a letter slow; this field
takes "2-4-1971", "02-04-1971", "2/4/1971" or "02041971", and says in Dutch what is wrong
with anything else ("31-02-1980 bestaat niet"), so the form can show it on the field.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLineEdit, QWidget

from bemoeizorg.domain.formats import DATE_HINT, DateTextError, date_text, parse_date


def parse_date_text(text: str) -> tuple[date | None, str]:
    """(the date or None, a Dutch problem or ""); empty text is no date and no problem."""
    if not text.strip():
        return None, ""
    try:
        return parse_date(text), ""
    except DateTextError as problem:
        return None, str(problem)


class DateTextEdit(QLineEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(DATE_HINT)
        self.setMaxLength(10)

    def value(self) -> date | None:
        return parse_date_text(self.text())[0]

    def problem(self) -> str:
        return parse_date_text(self.text())[1]

    def set_value(self, day: date | None) -> None:
        self.setText(date_text(day))
