"""Mijn werk as a table: the user's open cases and what needs attention in each.

Every reason is in "Aandacht nodig", one a line, overdue actions first and then in red:
a separate column for them once left this column empty on rows with nothing else.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QPalette

from bemoeizorg.casework.case_list import AttentionRow
from bemoeizorg.ui import style
from bemoeizorg.ui.models.case_list_model import (
    CaseColumn,
    case_cell,
    case_sort_key,
    case_tooltip,
)
from bemoeizorg.ui.models.row_table import RowTableModel

OVERDUE_COLOUR = QColor(style.ERROR)
NOTHING = "Niets bijzonders"


class WorkColumn(IntEnum):
    """No days-in-phase column: a phase held too long is a reason in the last column,
    and the phase's tooltip gives its start; the reasons get the width."""

    NUMBER = 0
    NAME = 1
    MUNICIPALITY = 2
    PHASE = 3
    LAST_CONTACT = 4
    ATTENTION = 5


HEADERS = {
    WorkColumn.NUMBER: "Nummer",
    WorkColumn.NAME: "Naam",
    WorkColumn.MUNICIPALITY: "Gemeente",
    WorkColumn.PHASE: "Fase",
    WorkColumn.LAST_CONTACT: "Laatste contact",
    WorkColumn.ATTENTION: "Aandacht nodig",
}

# The columns Mijn werk shares with Casussen.
_CASE_COLUMN = {
    WorkColumn.NUMBER: CaseColumn.NUMBER,
    WorkColumn.NAME: CaseColumn.NAME,
    WorkColumn.MUNICIPALITY: CaseColumn.MUNICIPALITY,
    WorkColumn.PHASE: CaseColumn.PHASE,
    WorkColumn.LAST_CONTACT: CaseColumn.LAST_CONTACT,
}


def reason_lines(item: AttentionRow) -> str:
    """Every reason, one a line, the most pressing (overdue actions) first."""
    return "\n".join(r.text for r in item.reasons)


def urgency(item: AttentionRow) -> int:
    """Most pressing highest: overdue actions, then how many reasons, then how long
    without contact."""
    return (
        item.overdue_actions * 1_000_000
        + len(item.reasons) * 10_000
        + min(item.days_without_contact, 9_999)
    )


class MyWorkModel(RowTableModel[AttentionRow]):
    columns = WorkColumn
    headers = HEADERS

    def display(self, item: AttentionRow, column: Any) -> str:
        if column is WorkColumn.ATTENTION:
            return reason_lines(item) if item.reasons else NOTHING
        return case_cell(item.case, _CASE_COLUMN[column])

    def sort_key(self, item: AttentionRow, column: Any) -> str | int:
        if column is WorkColumn.ATTENTION:
            return urgency(item)
        return case_sort_key(item.case, _CASE_COLUMN[column])

    def extra(self, item: AttentionRow, column: Any, role: int) -> Any:
        if column is WorkColumn.ATTENTION:
            if role == Qt.ItemDataRole.ForegroundRole:
                if item.overdue_actions:
                    return QBrush(OVERDUE_COLOUR)
                if not item.reasons:
                    return QGuiApplication.palette().brush(QPalette.ColorRole.PlaceholderText)
            if role == Qt.ItemDataRole.FontRole and item.overdue_actions:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole and item.reasons:
                return reason_lines(item)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return case_tooltip(item.case, _CASE_COLUMN[column])
        return None
