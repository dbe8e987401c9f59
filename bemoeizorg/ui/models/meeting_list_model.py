"""Netwerkoverleg: the meetings as a table, newest first (no case data: a meeting's date,
municipality, kind and how many cases it discusses)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt

from bemoeizorg.casework.meetings import MeetingSummary
from bemoeizorg.domain.formats import date_text
from bemoeizorg.ui.models.row_table import RowTableModel

RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
NOT_YET = "nog niet"


class MeetingColumn(IntEnum):
    DATE = 0
    MUNICIPALITY = 1
    KIND = 2
    CASES = 3
    AGREEMENTS = 4
    PACKS = 5
    PLACE = 6


HEADERS = {
    MeetingColumn.DATE: "Datum",
    MeetingColumn.MUNICIPALITY: "Gemeente",
    MeetingColumn.KIND: "Soort",
    MeetingColumn.CASES: "Casussen",
    MeetingColumn.AGREEMENTS: "Afspraken",
    MeetingColumn.PACKS: "Pakketten",
    MeetingColumn.PLACE: "Plaats",
}


class MeetingListModel(RowTableModel[MeetingSummary]):
    columns = MeetingColumn
    headers = HEADERS

    def display(self, item: MeetingSummary, column: Any) -> str:
        match column:
            case MeetingColumn.DATE:
                time = f" {item.starts_at}" if item.starts_at else ""
                return f"{date_text(item.held_on)}{time}"
            case MeetingColumn.PLACE:
                return item.place
            case MeetingColumn.MUNICIPALITY:
                return item.municipality
            case MeetingColumn.KIND:
                return item.kind.label
            case MeetingColumn.CASES:
                return str(item.cases)
            case MeetingColumn.AGREEMENTS:
                recorded = item.agreements_recorded_on
                return date_text(recorded) if recorded else NOT_YET
            case _:
                return str(item.packs_made)

    def sort_key(self, item: MeetingSummary, column: Any) -> str | int:
        match column:
            case MeetingColumn.DATE:
                return f"{item.held_on.isoformat()}\x00{item.starts_at:5}\x00{item.id:09d}"
            case MeetingColumn.CASES:
                return item.cases
            case MeetingColumn.PACKS:
                return item.packs_made
            case MeetingColumn.AGREEMENTS:
                recorded = item.agreements_recorded_on
                return recorded.isoformat() if recorded else ""
            case _:
                return self.display(item, column).casefold()

    def extra(self, item: MeetingSummary, column: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            MeetingColumn.CASES,
            MeetingColumn.PACKS,
        ):
            return RIGHT
        return None

    def row_of(self, meeting_id: int) -> int | None:
        for row, item in enumerate(self._rows):
            if item.id == meeting_id:
                return row
        return None
