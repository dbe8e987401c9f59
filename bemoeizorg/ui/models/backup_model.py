"""The back-ups of the open register in the back-up folder: when, how big, checked, and the
access-log chain head it holds (an outside anchor for the log)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt

from bemoeizorg.domain.formats import size_text
from bemoeizorg.store.backup import BackupInfo
from bemoeizorg.ui.models.row_table import RowTableModel


class BackupColumn(IntEnum):
    MADE = 0
    SIZE = 1
    CHECKED = 2
    CHAIN = 3


HEADERS = {
    BackupColumn.MADE: "Gemaakt op",
    BackupColumn.SIZE: "Grootte",
    BackupColumn.CHECKED: "Gecontroleerd",
    BackupColumn.CHAIN: "Controlecode",
}


class BackupModel(RowTableModel[BackupInfo]):
    columns = BackupColumn
    headers = HEADERS

    def display(self, item: BackupInfo, column: Any) -> str:
        match column:
            case BackupColumn.MADE:
                return item.label
            case BackupColumn.SIZE:
                return size_text(item.size)
            case BackupColumn.CHECKED:
                return "ja" if item.checked else "nee"
            case _:
                return item.code

    def sort_key(self, item: BackupInfo, column: Any) -> str | int:
        match column:
            case BackupColumn.MADE:
                return item.made_at.isoformat()
            case BackupColumn.SIZE:
                return item.size
            case _:
                return self.display(item, column).casefold()

    def extra(self, item: BackupInfo, column: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == BackupColumn.CHAIN:
                return f"Controlecode van het logboek: {item.code}"
            return item.path.name
        if role == Qt.ItemDataRole.TextAlignmentRole and column == BackupColumn.SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
