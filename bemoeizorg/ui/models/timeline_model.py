"""A case's timeline as a table: one row per event, newest first as loaded."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt

from bemoeizorg.casework.cases import TimelineEntry
from bemoeizorg.domain.formats import date_text
from bemoeizorg.ui.models.row_table import RowTableModel


class TimelineColumn(IntEnum):
    DATE = 0
    KIND = 1
    SUMMARY = 2
    NOTE = 3
    BY = 4


HEADERS = {
    TimelineColumn.DATE: "Datum",
    TimelineColumn.KIND: "Soort",
    TimelineColumn.SUMMARY: "Wat",
    TimelineColumn.NOTE: "Notitie",
    TimelineColumn.BY: "Door",
}


def first_line(text: str) -> str:
    """A note in one table cell: its first line, with a sign that there is more."""
    lines = text.strip().splitlines()
    if not lines:
        return ""
    return lines[0] + (" …" if len(lines) > 1 else "")


class TimelineModel(RowTableModel[TimelineEntry]):
    columns = TimelineColumn
    headers = HEADERS

    def display(self, item: TimelineEntry, column: Any) -> str:
        match column:
            case TimelineColumn.DATE:
                return date_text(item.on_date)
            case TimelineColumn.KIND:
                return item.kind.label
            case TimelineColumn.SUMMARY:
                return item.summary
            case TimelineColumn.NOTE:
                return first_line(item.note)
            case _:
                return item.created_by

    def sort_key(self, item: TimelineEntry, column: Any) -> str | int:
        if column is TimelineColumn.DATE:
            # Same day: the later-entered event after the earlier one.
            return f"{item.on_date.isoformat()}-{item.id:010d}"
        return self.display(item, column).casefold()

    def extra(self, item: TimelineEntry, column: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is TimelineColumn.NOTE:
                return item.note.strip() or None  # the whole note, every line
            return self.display(item, column) or None
        return None
