"""Contact points (aanspreekpunten) as a table, one row per person and period."""

from __future__ import annotations

from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.municipalities import BY_CODE
from bemoeizorg.domain.team import ContactPointData
from bemoeizorg.ui import style
from bemoeizorg.ui.models.row_table import RowTableModel

NOT_TODAY = "{text} (niet het aanspreekpunt van vandaag)"


class ContactPointColumn(IntEnum):
    MUNICIPALITY = 0
    NAME = 1
    ORGANISATION = 2
    PHONE = 3
    EMAIL = 4
    FROM = 5
    TO = 6


HEADERS = {
    ContactPointColumn.MUNICIPALITY: "Gemeente",
    ContactPointColumn.NAME: "Naam",
    ContactPointColumn.ORGANISATION: "Organisatie",
    ContactPointColumn.PHONE: "Telefoon",
    ContactPointColumn.EMAIL: "E-mail",
    ContactPointColumn.FROM: "Vanaf",
    ContactPointColumn.TO: "Tot en met",
}


def municipality_name(code: str) -> str:
    found = BY_CODE.get(code)
    return found.name if found else code


class ContactPointModel(RowTableModel[ContactPointData]):
    columns = ContactPointColumn
    headers = HEADERS

    def display(self, item: ContactPointData, column: Any) -> str:
        match column:
            case ContactPointColumn.MUNICIPALITY:
                return municipality_name(item.municipality_code)
            case ContactPointColumn.NAME:
                return item.name
            case ContactPointColumn.ORGANISATION:
                return item.organisation
            case ContactPointColumn.PHONE:
                return item.phone
            case ContactPointColumn.EMAIL:
                return item.email
            case ContactPointColumn.FROM:
                return date_text(item.valid_from)
            case _:
                return date_text(item.valid_to)

    def sort_key(self, item: ContactPointData, column: Any) -> str | int:
        match column:
            case ContactPointColumn.FROM:
                return item.valid_from.isoformat() if item.valid_from else ""
            case ContactPointColumn.TO:
                # No end date means "still going": after every real date.
                return item.valid_to.isoformat() if item.valid_to else "9999"
            case _:
                return self.display(item, column).casefold()

    def extra(self, item: ContactPointData, column: Any, role: int) -> Any:
        current = item.current_on(date.today())
        if role == Qt.ItemDataRole.ForegroundRole and not current:
            return QBrush(QColor(style.INACTIVE))  # past or future: not whom to call today
        if role == Qt.ItemDataRole.ToolTipRole:
            # The full text, for when a narrow column cuts it short.
            text = self.display(item, column)
            return text if current else NOT_TODAY.format(text=text)
        return None
