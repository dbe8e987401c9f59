"""Cases due for removal under the retention rules: number, municipality, closed, outcome."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from bemoeizorg.casework.retention import DueCase
from bemoeizorg.domain.formats import date_text
from bemoeizorg.ui.models.row_table import RowTableModel


class DueColumn(IntEnum):
    NUMBER = 0
    MUNICIPALITY = 1
    CLOSED = 2
    OUTCOME = 3


HEADERS = {
    DueColumn.NUMBER: "Casus",
    DueColumn.MUNICIPALITY: "Gemeente",
    DueColumn.CLOSED: "Afgesloten op",
    DueColumn.OUTCOME: "Uitkomst",
}


class DueCaseModel(RowTableModel[DueCase]):
    columns = DueColumn
    headers = HEADERS

    def display(self, item: DueCase, column: Any) -> str:
        match column:
            case DueColumn.NUMBER:
                return item.number
            case DueColumn.MUNICIPALITY:
                return item.municipality
            case DueColumn.CLOSED:
                return date_text(item.closed_on)
            case _:
                return item.outcome.label if item.outcome else ""

    def sort_key(self, item: DueCase, column: Any) -> str | int:
        if column == DueColumn.CLOSED:
            return item.closed_on.isoformat()
        return self.display(item, column).casefold()
