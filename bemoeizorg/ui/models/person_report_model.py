"""The meldingen about a person on the person card: when, what about, the triage, which
case. Never who reported: that is read, by those allowed, in the melding itself."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt

from bemoeizorg.casework.person_card import PersonReport
from bemoeizorg.domain.formats import date_text
from bemoeizorg.ui.models.row_table import RowTableModel


class PersonReportColumn(IntEnum):
    RECEIVED = 0
    CONCERNS = 1
    TRIAGE = 2
    CASE = 3


HEADERS = {
    PersonReportColumn.RECEIVED: "Ontvangen",
    PersonReportColumn.CONCERNS: "Zorgen",
    PersonReportColumn.TRIAGE: "Beoordeling",
    PersonReportColumn.CASE: "Casus",
}


class PersonReportModel(RowTableModel[PersonReport]):
    columns = PersonReportColumn
    headers = HEADERS

    def display(self, item: PersonReport, column: Any) -> str:
        match column:
            case PersonReportColumn.RECEIVED:
                return date_text(item.received_on)
            case PersonReportColumn.CONCERNS:
                return ", ".join(c.label.lower() for c in item.concerns)
            case PersonReportColumn.TRIAGE:
                return item.triage.label
            case _:
                return item.case_number

    def sort_key(self, item: PersonReport, column: Any) -> str | int:
        if column is PersonReportColumn.RECEIVED:
            return f"{item.received_on.isoformat()}-{item.report_id:010d}"
        return self.display(item, column).casefold()

    def extra(self, item: PersonReport, column: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.display(item, column) or None
        return None
