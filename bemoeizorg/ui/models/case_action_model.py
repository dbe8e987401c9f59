"""A case's actions as a table: what, who, by when, done; overdue ones in red."""

from __future__ import annotations

from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from bemoeizorg.casework.cases import ActionItem
from bemoeizorg.domain.formats import date_text
from bemoeizorg.ui import style
from bemoeizorg.ui.models.row_table import RowTableModel

OVERDUE_COLOUR = style.ERROR
OVERDUE = "{date} (te laat)"
OVERDUE_TIP = "Deze actie had op {date} af moeten zijn."


class ActionColumn(IntEnum):
    # By when comes right after what: in a narrow window "te laat" stays in sight.
    DESCRIPTION = 0
    DUE = 1
    RESPONSIBLE = 2
    DONE = 3


HEADERS = {
    ActionColumn.DESCRIPTION: "Actie",
    ActionColumn.DUE: "Uiterlijk",
    ActionColumn.RESPONSIBLE: "Wie",
    ActionColumn.DONE: "Afgerond",
}


def is_overdue(item: ActionItem, today: date | None = None) -> bool:
    today = today or date.today()
    return item.done_on is None and item.due_on is not None and item.due_on < today


class CaseActionModel(RowTableModel[ActionItem]):
    columns = ActionColumn
    headers = HEADERS
    # On a closed case nothing is late any more: nobody is expected to do it.
    mark_overdue = True

    def is_late(self, item: ActionItem) -> bool:
        return self.mark_overdue and is_overdue(item)

    def display(self, item: ActionItem, column: Any) -> str:
        match column:
            case ActionColumn.DESCRIPTION:
                return item.description
            case ActionColumn.RESPONSIBLE:
                return item.responsible
            case ActionColumn.DUE:
                if self.is_late(item):
                    return OVERDUE.format(date=date_text(item.due_on))
                return date_text(item.due_on)
            case _:
                return date_text(item.done_on)

    def sort_key(self, item: ActionItem, column: Any) -> str | int:
        match column:
            case ActionColumn.DUE:
                # Open actions first, by date; those without a date after the dated ones.
                done = "1" if item.done_on else "0"
                return done + (item.due_on.isoformat() if item.due_on else "9999")
            case ActionColumn.DONE:
                return item.done_on.isoformat() if item.done_on else ""
            case _:
                return self.display(item, column).casefold()

    def extra(self, item: ActionItem, column: Any, role: int) -> Any:
        overdue = self.is_late(item)
        if role == Qt.ItemDataRole.ForegroundRole:
            if overdue:
                return QBrush(QColor(OVERDUE_COLOUR))
            if item.done_on is not None:
                return QBrush(QColor(style.DONE))
        if role == Qt.ItemDataRole.FontRole and overdue and column is ActionColumn.DUE:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if overdue:
                return OVERDUE_TIP.format(date=date_text(item.due_on))
            return self.display(item, column) or None
        return None
