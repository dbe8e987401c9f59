"""A case's timeline as a table: one row per event, newest first as loaded. A corrected or
withdrawn line stays, greyed and struck through, its kind saying so and its tooltip when,
by whom and why; a correction says which line it took the place of."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from bemoeizorg.casework.cases import TimelineEntry
from bemoeizorg.domain.formats import date_text
from bemoeizorg.ui import style
from bemoeizorg.ui.models.row_table import RowTableModel

CORRECTED = "gecorrigeerd"
WITHDRAWN = "ingetrokken"
CORRECTION = "correctie"
MARKED_KIND = "{kind} ({state})"
SUPERSEDED_TIP = "{State} op {date} door {by}: {reason}"
CORRECTION_TIP = "Correctie van de regel van {date}: {summary}"
SUPERSEDED_COLOUR = style.INACTIVE


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


def moment_day(iso: str | None) -> date | None:
    """The local day of a moment stored as ISO text (UTC), or None."""
    if not iso:
        return None
    try:
        return datetime.fromisoformat(iso).astimezone().date()
    except ValueError:
        return None


def superseded_text(entry: TimelineEntry) -> str:
    """'Gecorrigeerd op 02-12-2026 door Anna de Vries: typfout', or '' for a current line."""
    if entry.is_current:
        return ""
    return SUPERSEDED_TIP.format(
        State=(WITHDRAWN if entry.is_withdrawn else CORRECTED).capitalize(),
        date=date_text(moment_day(entry.superseded_at)),
        by=entry.superseded_by,
        reason=entry.supersede_reason,
    )


def state_word(entry: TimelineEntry) -> str:
    if not entry.is_current:
        return WITHDRAWN if entry.is_withdrawn else CORRECTED
    return CORRECTION if entry.corrects_id is not None else ""


class TimelineModel(RowTableModel[TimelineEntry]):
    columns = TimelineColumn
    headers = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._by_id: dict[int, TimelineEntry] = {}

    def set_rows(self, rows: Sequence[TimelineEntry]) -> None:
        self._by_id = {row.id: row for row in rows}
        super().set_rows(rows)

    def original_of(self, entry: TimelineEntry) -> TimelineEntry | None:
        """The line a correction took the place of."""
        if entry.corrects_id is None:
            return None
        return self._by_id.get(entry.corrects_id)

    def correction_text(self, entry: TimelineEntry) -> str:
        original = self.original_of(entry)
        if original is None:
            return ""
        return CORRECTION_TIP.format(date=date_text(original.on_date), summary=original.summary)

    def display(self, item: TimelineEntry, column: Any) -> str:
        match column:
            case TimelineColumn.DATE:
                return date_text(item.on_date)
            case TimelineColumn.KIND:
                state = state_word(item)
                return (
                    MARKED_KIND.format(kind=item.kind.label, state=state)
                    if state
                    else (item.kind.label)
                )
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
            said = superseded_text(item) or self.correction_text(item)
            if column is TimelineColumn.NOTE:
                text = item.note.strip()  # the whole note, every line
            else:
                text = self.display(item, column)
            return "\n".join(t for t in (text, said) if t) or None
        if item.is_current:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(SUPERSEDED_COLOUR))
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None
