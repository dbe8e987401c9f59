"""Verstrekkingenlog for the whole register: every pack made, per case, for which meeting,
shared with which organisations, when and by whom. Case numbers only, no names."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from bemoeizorg.casework.meetings import DisclosureEntry, disclosures
from bemoeizorg.ui.models.disclosure_model import DisclosureColumn, DisclosureModel
from bemoeizorg.ui.models.row_table import SortProxy
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.widgets.table_view import TableView

INTRO = (
    "Welke casus in welk pakket voor een netwerkoverleg zat, gedeeld met welke "
    "organisaties, wanneer en door wie. Het pakket zelf wordt niet bewaard."
)
EMPTY = "Nog geen pakketten gemaakt."
COUNT = "{count} verstrekkingen"


class DisclosureLogView(QWidget):
    def __init__(self, session: RegisterSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._stale = True
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.model = DisclosureModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = TableView(EMPTY)
        self.table.setObjectName("disclosure_log")
        self.table.setModel(self.proxy)
        self.table.sortByColumn(DisclosureColumn.MADE_AT, Qt.SortOrder.DescendingOrder)
        self.table.fit_columns({DisclosureColumn.ORGANISATIONS})
        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        session.locked.connect(self.clear)
        session.closed.connect(self.clear)
        session.data_changed.connect(self._data_changed)

    def reload(self) -> None:
        if not self._session.is_unlocked:
            return
        self._stale = False
        self._session.call(disclosures, self._loaded)

    def _loaded(self, entries: list[DisclosureEntry]) -> None:
        self.model.set_rows(entries)
        self.count_label.setText(COUNT.format(count=len(entries)) if entries else "")

    def _data_changed(self, _topic: str) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def clear(self) -> None:
        self.model.clear()
        self.count_label.clear()
        self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()
