"""Team members who can be case owner (dossierhouder), as a table."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.ui import style
from bemoeizorg.ui.models.row_table import RowTableModel


class TeamColumn(IntEnum):
    NAME = 0
    SPECIALISM = 1
    ACTIVE = 2


HEADERS = {
    TeamColumn.NAME: "Naam",
    TeamColumn.SPECIALISM: "Specialisme",
    TeamColumn.ACTIVE: "Actief",
}


class TeamMemberModel(RowTableModel[TeamMemberData]):
    columns = TeamColumn
    headers = HEADERS

    def display(self, item: TeamMemberData, column: Any) -> str:
        match column:
            case TeamColumn.NAME:
                return item.name
            case TeamColumn.SPECIALISM:
                return item.specialism.label
            case _:
                return "Ja" if item.active else "Nee"

    def sort_key(self, item: TeamMemberData, column: Any) -> str | int:
        if column is TeamColumn.ACTIVE:
            return 0 if item.active else 1
        return self.display(item, column).casefold()

    def extra(self, item: TeamMemberData, column: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and not item.active:
            return QBrush(QColor(style.INACTIVE))
        return None
