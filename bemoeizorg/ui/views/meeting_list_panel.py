"""Netwerkoverleg, left: the meetings, newest first, with plan, change and delete below."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from bemoeizorg.casework.meetings import MeetingSummary
from bemoeizorg.ui import style
from bemoeizorg.ui.models.meeting_list_model import MeetingColumn, MeetingListModel
from bemoeizorg.ui.models.row_table import SortProxy
from bemoeizorg.ui.widgets.table_view import TableView

TITLE = "Netwerkoverleg"
# The list asks to be as wide as its columns (`wanted_width`; the view gives it that when the
# window has room); at its narrowest, in an 800-pixel window, it scrolls sideways.
NARROWEST = 280
NO_MEETINGS = "Nog geen overleg gepland. Kies ‘Nieuw overleg…’."


class MeetingListPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(TITLE)
        self.title.setStyleSheet(style.page_title())
        self.model = MeetingListModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = TableView(NO_MEETINGS)
        self.table.setObjectName("meetings")
        self.table.setModel(self.proxy)
        self.table.sortByColumn(MeetingColumn.DATE, Qt.SortOrder.DescendingOrder)
        self.table.fit_columns(set())
        self.table.setMinimumWidth(NARROWEST)
        self.wanted_width = NARROWEST  # every column's width, once rows are set
        self.new_button = QPushButton("&Nieuw overleg…")
        self.edit_button = QPushButton("Wijzigen…")
        self.delete_button = QPushButton("Verwijderen…")

        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def set_rows(self, rows: list[MeetingSummary]) -> None:
        """New rows, without a selection signal: the view selects (and loads) itself."""
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        self.model.set_rows(rows)
        selection.blockSignals(False)
        self._fit()

    def _fit(self) -> None:
        """Wide enough for every column where the window has room: no sideways scrolling to
        see the packs made."""
        table = self.table
        table.resizeColumnsToContents()
        header = table.horizontalHeader()
        width = sum(header.sectionSize(i) for i in range(header.count()))
        width += 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
        self.wanted_width = width  # the panel has no margins: the table is all of its width

    def select(self, meeting_id: int) -> bool:
        """Select a meeting without a selection signal; False when it is not in the list."""
        source_row = self.model.row_of(meeting_id)
        if source_row is None:
            return False
        proxy_row = self.proxy.mapFromSource(self.model.index(source_row, 0)).row()
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        self.table.selectRow(proxy_row)
        selection.blockSignals(False)
        return True

    def selected(self) -> MeetingSummary | None:
        row = self.table.selected_value()
        return row if isinstance(row, MeetingSummary) else None
