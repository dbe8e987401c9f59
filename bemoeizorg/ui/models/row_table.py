"""The one table-model pattern: rows of plain values, columns as an IntEnum, a sort role
and an object role, and a shared sort proxy.

A model says per column what to display and how to sort; views sort and filter through
`SortProxy`, so the model itself never reorders and its rows stay the loaded order.

Painting asks `data` for every visible cell and several roles on each paint (issue 16:
70 % of the GUI time of the case list's first screen), so `data` is cheap: a row's texts
are made once, when first painted, and kept until the rows change; a column's sort keys
once, when first sorted on; roles are compared as plain ints; and a model that names the
roles its `extra` answers (`extra_roles`) is not asked for any other. Rows that come
already in the order asked for (the log, newest first) are not sorted again: the proxy
keeps the loaded order (sorting 5,000 rows asked `data` 118,000 times).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
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

# The roles as plain ints: compared on every call of `data`.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_SORT = int(SORT_ROLE)
_OBJECT = int(OBJECT_ROLE)


class RowTableModel(QAbstractTableModel, Generic[T]):
    """Subclasses set `columns` and `headers` and implement `display` and `sort_key`;
    `extra` for other roles, naming them in `extra_roles` (None: `extra` is asked for
    every other role)."""

    columns: type[IntEnum]
    headers: dict[Any, str]
    extra_roles: ClassVar[frozenset[int] | None] = None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []
        self._columns: tuple[Any, ...] = tuple(self.columns)  # by position, no enum call
        self._column_count = len(self._columns)
        self._texts: list[tuple[str, ...] | None] = []  # per row, made when first asked
        self._sort_keys: dict[int, list[str | int]] = {}  # per column, made when sorted on
        roles = self.extra_roles
        self._extra_roles = None if roles is None else frozenset(int(r) for r in roles)

    # --- contents ------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = [None] * len(self._rows)
        self._sort_keys.clear()
        self.endResetModel()

    def append_rows(self, rows: Sequence[T]) -> None:
        """More rows below those shown (the next page)."""
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self._texts.extend([None] * len(rows))
        self._sort_keys.clear()
        self.endInsertRows()

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

    def _keys(self, col: int) -> list[str | int]:
        keys = self._sort_keys.get(col)
        if keys is None:
            column = self._columns[col]
            keys = self._sort_keys[col] = [self.sort_key(r, column) for r in self._rows]
        return keys

    def in_order(self, col: int, descending: bool) -> bool:
        """Whether the rows as loaded are already in this column's order, as the proxy
        would sort them (only for whole numbers and ASCII texts, which Python compares as
        Qt does, case ignored)."""
        if not 0 <= col < self._column_count:
            return False
        keys: list[Any] = self._keys(col)
        if all(isinstance(k, int) for k in keys):
            pass
        elif all(isinstance(k, str) and k.isascii() for k in keys):
            keys = [str(k).lower() for k in keys]
        else:
            return False
        pairs = zip(keys, keys[1:], strict=False)
        if descending:
            return all(a >= b for a, b in pairs)
        return all(a <= b for a, b in pairs)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._column_count

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

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        row, col = index.row(), index.column()  # -1 for an invalid index
        if not (0 <= row < len(self._rows) and 0 <= col < self._column_count):
            return None
        role = int(role)
        if role == _DISPLAY:
            texts = self._texts[row]
            if texts is None:
                item = self._rows[row]
                texts = self._texts[row] = tuple(self.display(item, c) for c in self._columns)
            return texts[col]
        if role == _SORT:
            return self._keys(col)[row]
        if role == _OBJECT:
            return self._rows[row]
        if self._extra_roles is not None and role not in self._extra_roles:
            return None
        return self.extra(self._rows[row], self._columns[col], role)


class SortProxy(QSortFilterProxyModel):
    """Sorts by SORT_ROLE; an optional predicate on the row's value filters rows. Rows
    loaded already in the order asked for keep that order, unsorted (module text)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setDynamicSortFilter(True)
        self._accepts: Callable[[Any], bool] | None = None
        self._wanted: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)

    def setSourceModel(self, source: QAbstractItemModel) -> None:
        super().setSourceModel(source)
        # After the proxy's own handling (connected first): sort now if the new rows
        # are not in the order asked for.
        source.modelReset.connect(self._resort)
        source.rowsInserted.connect(self._resort)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._wanted = (column, order)
        source = self.sourceModel()
        descending = order == Qt.SortOrder.DescendingOrder
        if (
            column >= 0
            and isinstance(source, RowTableModel)
            and source.in_order(column, descending)
        ):
            # The loaded order is the order asked for: keep it (-1 with a descending order
            # would reverse it).
            super().sort(-1, Qt.SortOrder.AscendingOrder)
        else:
            super().sort(column, order)

    def _resort(self, *_args: object) -> None:
        column, order = self._wanted
        if column < 0 or (self.sortColumn() == column and self.sortOrder() == order):
            return  # the register's order, or sorted by Qt already (dynamic sorting)
        self.sort(column, order)

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
