"""The one table-model pattern: rows of plain values, columns as an IntEnum, a sort role
and an object role, and a shared sort proxy.

A model says per column what to display and how to sort; views sort and filter through
`SortProxy`, so the model itself never reorders and its rows stay the loaded order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

# The value a column sorts by (a str or int: never None, so Qt compares like with like).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
# The row's whole value (a frozen dataclass), for views that act on the selected row.
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 2

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex


class RowTableModel(QAbstractTableModel, Generic[T]):
    """Subclasses set `columns` and `headers` and implement `display` and `sort_key`."""

    columns: type[IntEnum]
    headers: dict[Any, str]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []

    # --- contents ------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def rows(self) -> list[T]:
        return list(self._rows)

    def row_value(self, row: int) -> T:
        return self._rows[row]

    # --- what subclasses say -------------------------------------------------------------

    def display(self, item: T, column: Any) -> str:
        raise NotImplementedError

    def sort_key(self, item: T, column: Any) -> str | int:
        return self.display(item, column).casefold()

    def extra(self, item: T, column: Any, role: int) -> Any:
        """Other roles (colour, tooltip, alignment); None when there is nothing to say."""
        return None

    # --- Qt ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.headers[self.columns(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self.columns):
            return None
        item = self._rows[index.row()]
        column = self.columns(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(item, column)
        if role == SORT_ROLE:
            return self.sort_key(item, column)
        if role == OBJECT_ROLE:
            return item
        return self.extra(item, column, role)


class SortProxy(QSortFilterProxyModel):
    """Sorts by SORT_ROLE; an optional predicate on the row's value filters rows."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setDynamicSortFilter(True)
        self._accepts: Callable[[Any], bool] | None = None

    def set_row_filter(self, accepts: Callable[[Any], bool] | None) -> None:
        self.beginFilterChange()
        self._accepts = accepts
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._accepts is None:
            return True
        source = self.sourceModel()
        item = source.data(source.index(source_row, 0, source_parent), OBJECT_ROLE)
        return item is None or self._accepts(item)

    def value_at(self, proxy_row: int) -> Any:
        """The row value behind a row as the user sees it (sorted, filtered)."""
        return self.data(self.index(proxy_row, 0), OBJECT_ROLE)
