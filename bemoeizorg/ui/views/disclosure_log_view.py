"""Verstrekkingenlog for the whole register: every pack made, per case, for which meeting,
shared with which organisations, when and by whom. Case numbers only, no names."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout

from bemoeizorg.casework.meetings import DisclosureEntry, disclosures
from bemoeizorg.domain.formats import counted
from bemoeizorg.ui.models.disclosure_model import DisclosureColumn, DisclosureModel
from bemoeizorg.ui.models.row_table import SortProxy
from bemoeizorg.ui.views.register_view import EVERY_TOPIC, RegisterView
from bemoeizorg.ui.widgets.table_view import TableView

INTRO = (
    "Welke casus in welk pakket voor een netwerkoverleg zat (met de datum die op het pakket "
    "stond), gedeeld met welke organisaties, wat er van de casus in stond, of het een "
    "wachtwoord had, wanneer en door wie. Het pakket zelf wordt niet bewaard; de SHA-256 "
    "laat een bewaard exemplaar herkennen."
)
EMPTY = "Nog geen pakketten gemaakt."


class DisclosureLogView(RegisterView):
    topics = EVERY_TOPIC
    reads_when_shown = True  # a page of the Logboek: read when its tab is chosen

    def build(self) -> None:
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.model = DisclosureModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = TableView(EMPTY)
        self.table.setObjectName("disclosure_log")
        self.table.setModel(self.proxy)
        self.table.sortByColumn(DisclosureColumn.MADE_AT, Qt.SortOrder.DescendingOrder)
        self.table.fit_columns({DisclosureColumn.ORGANISATIONS, DisclosureColumn.SHARED})
        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

    def load(self) -> None:
        self._session.call(disclosures, self._loaded)

    def _loaded(self, entries: list[DisclosureEntry]) -> None:
        self.model.set_rows(entries)
        self.count_label.setText(
            counted(len(entries), "verstrekking", "verstrekkingen") if entries else ""
        )

    def clear(self) -> None:
        self.model.clear()
        self.count_label.clear()
