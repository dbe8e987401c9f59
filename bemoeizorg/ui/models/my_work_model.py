"""Mijn werk as a table: the user's open cases and what needs attention in each."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from bemoeizorg.store.case_list import AttentionRow
from bemoeizorg.ui.models.case_list_model import (
    RIGHT,
    CaseColumn,
    case_cell,
    case_sort_key,
    case_tooltip,
)
from bemoeizorg.ui.models.row_table import RowTableModel

OVERDUE_COLOUR = QColor("#b3261e")  # the red of the other warnings in the program
NOTHING = "Niets bijzonders"


class WorkColumn(IntEnum):
    NUMBER = 0
    NAME = 1
    MUNICIPALITY = 2
    PHASE = 3
    DAYS_IN_PHASE = 4
    LAST_CONTACT = 5
    ATTENTION = 6


HEADERS = {
    WorkColumn.NUMBER: "Nummer",
    WorkColumn.NAME: "Naam",
    WorkColumn.MUNICIPALITY: "Gemeente",
    WorkColumn.PHASE: "Fase",
    WorkColumn.DAYS_IN_PHASE: "Dagen in fase",
    WorkColumn.LAST_CONTACT: "Laatste contact",
    WorkColumn.ATTENTION: "Aandacht nodig",
}

# The columns Mijn werk shares with Casussen.
_CASE_COLUMN = {
    WorkColumn.NUMBER: CaseColumn.NUMBER,
    WorkColumn.NAME: CaseColumn.NAME,
    WorkColumn.MUNICIPALITY: CaseColumn.MUNICIPALITY,
    WorkColumn.PHASE: CaseColumn.PHASE,
    WorkColumn.DAYS_IN_PHASE: CaseColumn.DAYS_IN_PHASE,
    WorkColumn.LAST_CONTACT: CaseColumn.LAST_CONTACT,
}


class MyWorkModel(RowTableModel[AttentionRow]):
    columns = WorkColumn
    headers = HEADERS

    def display(self, item: AttentionRow, column: Any) -> str:
        if column is WorkColumn.ATTENTION:
            return item.reasons_text or NOTHING
        return case_cell(item.case, _CASE_COLUMN[column])

    def sort_key(self, item: AttentionRow, column: Any) -> str | int:
        if column is WorkColumn.ATTENTION:
            # Most pressing first when sorted descending: overdue actions, then how many
            # reasons, then how long without contact.
            return (
                item.overdue_actions * 1_000_000
                + len(item.reasons) * 10_000
                + min(item.days_without_contact, 9_999)
            )
        return case_sort_key(item.case, _CASE_COLUMN[column])

    def extra(self, item: AttentionRow, column: Any, role: int) -> Any:
        if column is WorkColumn.ATTENTION:
            if role == Qt.ItemDataRole.ForegroundRole and item.overdue_actions:
                return QBrush(OVERDUE_COLOUR)
            if role == Qt.ItemDataRole.FontRole and item.overdue_actions:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole and item.reasons:
                return "\n".join(r.text for r in item.reasons)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column is WorkColumn.DAYS_IN_PHASE:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return case_tooltip(item.case, _CASE_COLUMN[column])
        return None
