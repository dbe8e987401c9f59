"""A published counts table as Qt shows it: the area in the first column, then one column
per category and the total. The order is the table's own (municipalities under their
subregion, then the region), so this model is not sorted; withheld numbers read ".", with
the reason in the tooltip (the screen stays inside the team)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from bemoeizorg.domain.suppression import REGION, PublishedTable
from bemoeizorg.ui import style

Index = QModelIndex | QPersistentModelIndex
AREA_COLUMN = 0
PRIMARY_TIP = "Weggelaten: een klein aantal (1 tot en met {high})."
SECONDARY_TIP = "Weggelaten zodat een klein aantal elders niet terug te rekenen is"
# The number behind a cell, for tests and the chart; None for the area column.
VALUE_ROLE = Qt.ItemDataRole.UserRole + 1
HIDDEN_ROLE = Qt.ItemDataRole.UserRole + 2


class PublishedTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._table: PublishedTable | None = None

    def set_table(self, table: PublishedTable | None) -> None:
        self.beginResetModel()
        self._table = table
        self.endResetModel()

    @property
    def table(self) -> PublishedTable | None:
        return self._table

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        if parent.isValid() or self._table is None:
            return 0
        return len(self._table.row_keys)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._table is None:
            return 0
        return 1 + len(self._table.column_keys)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        table = self._table
        if table is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        if section == AREA_COLUMN:
            return "Gebied"
        if 0 < section <= len(table.column_keys):
            return table.column_label(table.column_keys[section - 1])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        table = self._table
        if table is None or not index.isValid():
            return None
        if not (0 <= index.row() < len(table.row_keys)):
            return None
        row = table.row_keys[index.row()]
        is_sum = row == REGION or row.startswith("sub:")
        if role == Qt.ItemDataRole.FontRole and is_sum:
            font = QFont()
            font.setBold(True)
            return font
        if index.column() == AREA_COLUMN:
            return table.row_label(row) if role == Qt.ItemDataRole.DisplayRole else None
        if not (0 < index.column() <= len(table.column_keys)):
            return None
        cell = table.cell(row, table.column_keys[index.column() - 1])
        match role:
            case Qt.ItemDataRole.DisplayRole:
                return cell.text()
            case Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            case Qt.ItemDataRole.ForegroundRole if cell.hidden:
                return QBrush(QColor(style.HIDDEN_NUMBER))
            case Qt.ItemDataRole.ToolTipRole if cell.hidden:
                if cell.primary:
                    return PRIMARY_TIP.format(high=table.threshold - 1)
                reason = table.reasons.get((row, table.column_keys[index.column() - 1]))
                return f"{SECONDARY_TIP} ({reason})." if reason else f"{SECONDARY_TIP}."
            case _ if role == VALUE_ROLE:
                return None if cell.hidden else cell.value
            case _ if role == HIDDEN_ROLE:
                return cell.hidden
        return None
