"""The first rows of a workbook to import, as the import dialog previews them."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from bemoeizorg.sheets.reading import BY_KEY, SampleRow
from bemoeizorg.ui import style
from bemoeizorg.ui.models.row_table import RowTableModel

ROW_WITH_ERROR = "Deze rij heeft een fout: zie de lijst onder de tabel."
IN_REGISTER = "al in het register"
ROW_IN_REGISTER = (
    "Deze melding staat al in het register (zelfde persoon, datum en zorgen) en wordt niet "
    "opnieuw ingelezen."
)


class PreviewColumn(IntEnum):
    ROW = 0
    RECEIVED = 1
    MUNICIPALITY = 2
    NAME = 3
    BORN = 4
    REPORTER = 5
    CONCERNS = 6
    TRIAGE = 7
    CLOSED = 8
    REGISTER = 9


HEADERS = {
    PreviewColumn.ROW: "Rij",
    PreviewColumn.RECEIVED: "Datum melding",
    PreviewColumn.MUNICIPALITY: "Gemeente",
    PreviewColumn.NAME: "Naam",
    PreviewColumn.BORN: "Geboren",
    PreviewColumn.REPORTER: "Melder",
    PreviewColumn.CONCERNS: "Zorgen",
    PreviewColumn.TRIAGE: "Opgepakt",
    PreviewColumn.CLOSED: "Afgesloten",
    PreviewColumn.REGISTER: "Register",
}

# Which workbook column each plain preview column shows.
_CELL = {
    PreviewColumn.RECEIVED: "received_on",
    PreviewColumn.MUNICIPALITY: "municipality",
    PreviewColumn.REPORTER: "reporter_kind",
    PreviewColumn.CONCERNS: "concerns",
}


def _cell(item: SampleRow, key: str) -> str:
    return item.cells.get(BY_KEY[key].header, "")


class ImportPreviewModel(RowTableModel[SampleRow]):
    columns = PreviewColumn
    headers = HEADERS

    def display(self, item: SampleRow, column: Any) -> str:
        def cell(key: str) -> str:
            return _cell(item, key)

        match column:
            case PreviewColumn.ROW:
                return str(item.number)
            case PreviewColumn.NAME:
                name = " ".join(p for p in map(cell, ("given_names", "prefix", "family_name")) if p)
                return name or cell("alias")
            case PreviewColumn.BORN:
                age = cell("age")
                return cell("birth_date") or (f"ca. {age} jaar" if age else "")
            case PreviewColumn.TRIAGE:
                if cell("decision"):
                    return f"{cell('taken_on') or 'nee'}: {cell('decision')}"
                phase = cell("phase")
                return f"{cell('taken_on')}, {phase.lower()}" if phase else cell("taken_on")
            case PreviewColumn.CLOSED:
                return ", ".join(p for p in (cell("closed_on"), cell("outcome").lower()) if p)
            case PreviewColumn.REGISTER:
                return IN_REGISTER if item.in_register else ""
        return cell(_CELL[column])

    def sort_key(self, item: SampleRow, column: Any) -> str | int:
        if column is PreviewColumn.ROW:
            return item.number
        return self.display(item, column).casefold()

    def extra(self, item: SampleRow, column: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            # The whole text of a narrow cell; a row with an error says where to look.
            if item.has_error:
                return ROW_WITH_ERROR
            return ROW_IN_REGISTER if item.in_register else self.display(item, column) or None
        if role == Qt.ItemDataRole.ForegroundRole and item.has_error:
            return QBrush(QColor(style.ERROR))
        if role == Qt.ItemDataRole.ForegroundRole and item.in_register:
            return QBrush(QColor(style.INACTIVE))  # left out: shown, but greyed
        return None
