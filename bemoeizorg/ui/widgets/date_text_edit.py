"""A date typed as text (dd-mm-jjjj), that may stay empty: for a birth date.

A QDateEdit cannot be empty and makes typing a birth date from a letter slow; this field
takes "2-4-1971", "02-04-1971", "2/4/1971" or "02041971", and says in Dutch what is wrong
with anything else ("31-02-1980 bestaat niet"), so the form can show it on the field.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtWidgets import QLineEdit, QWidget

_SEPARATED = re.compile(r"^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{2,4})$")
_RUN = re.compile(r"^(\d{2})(\d{2})(\d{4})$")


def parse_date_text(text: str) -> tuple[date | None, str]:
    """(the date or None, a Dutch problem or ""); empty text is no date and no problem."""
    text = text.strip()
    if not text:
        return None, ""
    found = _SEPARATED.match(text) or _RUN.match(text)
    if found is None:
        return None, "Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 02-04-1971."
    day, month, year = (int(part) for part in found.groups())
    if len(found.group(3)) != 4:
        return None, "Schrijf het jaar met vier cijfers, bijvoorbeeld 02-04-1971."
    try:
        return date(year, month, day), ""
    except ValueError:
        return None, f"De datum {text} bestaat niet."


class DateTextEdit(QLineEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("dd-mm-jjjj")
        self.setMaxLength(10)

    def value(self) -> date | None:
        return parse_date_text(self.text())[0]

    def problem(self) -> str:
        return parse_date_text(self.text())[1]

    def set_value(self, day: date | None) -> None:
        self.setText(day.strftime("%d-%m-%Y") if day else "")
