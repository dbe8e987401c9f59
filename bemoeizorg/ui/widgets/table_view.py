"""A read-only table over a SortProxy that says what to do when it has no rows."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from bemoeizorg.ui.models.row_table import SortProxy

RESIZE_ROWS = 100


class TableView(QTableView):
    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._placeholder = placeholder
        self.setSortingEnabled(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        # Compact rows: a log of thousands of lines should not need endless scrolling.
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        # Fitting a column to its contents measures the rows shown and RESIZE_ROWS more,
        # not Qt's 1,000 (issue 16: half a second for the Logboek's 5,000 lines).
        header.setResizeContentsPrecision(RESIZE_ROWS)
        self.verticalHeader().setResizeContentsPrecision(RESIZE_ROWS)

    def fit_columns(self, stretch: set[int]) -> None:
        """Columns in `stretch` share the free width; the others fit their contents.

        Only for short tables: fitting to contents measures every row on each layout.
        """
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(header.count()):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column in stretch
                else (QHeaderView.ResizeMode.ResizeToContents)
            )
            header.setSectionResizeMode(column, mode)

    def placeholder(self) -> str:
        return self._placeholder

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        self.viewport().update()

    def selected_value(self) -> object | None:
        """The row value of the selected row, or None."""
        model = self.model()
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        if not rows or not isinstance(model, SortProxy):
            return None
        value: object | None = model.value_at(rows[0].row())
        return value

    def is_empty(self) -> bool:
        model = self.model()
        return model is None or model.rowCount(QModelIndex()) == 0

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._placeholder and self.is_empty():
            # An empty grid looks broken; a sentence says why it is empty and what to do.
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            rect = self.viewport().rect().adjusted(24, 24, -24, -24)
            painter.drawText(
                rect,
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
                | int(Qt.TextFlag.TextWordWrap),
                self._placeholder,
            )
            painter.end()
