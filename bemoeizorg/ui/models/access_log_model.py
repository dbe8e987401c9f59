"""The access log as a table: one row per entry, newest first as loaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt

from bemoeizorg.domain.formats import stored_moment_text
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.schema import AccessLogEntry
from bemoeizorg.ui.models.row_table import RowTableModel


class LogColumn(IntEnum):
    NUMBER = 0
    WHEN = 1
    USER = 2
    ACTION = 3
    CASE = 4
    MACHINE = 5


HEADERS = {
    LogColumn.NUMBER: "Nr.",
    LogColumn.WHEN: "Wanneer",
    LogColumn.USER: "Wie",
    LogColumn.ACTION: "Handeling",
    LogColumn.CASE: "Casus",
    LogColumn.MACHINE: "Computer",
}


@dataclass(frozen=True, slots=True)
class LogRow:
    """A log entry as plain values, made on the worker from the database row."""

    number: int
    at: str  # ISO timestamp in UTC, as stored: sorts in time order
    user: str
    action: str
    case: str  # the case number users see ("" for none; deleted cases say so)
    machine: str

    @classmethod
    def of(cls, entry: AccessLogEntry, case: str) -> LogRow:
        return cls(entry.id, entry.at, entry.user_name, entry.action, case, entry.machine)

    @property
    def local_time(self) -> str:
        return stored_moment_text(self.at, seconds=True)

    @property
    def action_label(self) -> str:
        try:
            return Action(self.action).label
        except ValueError:
            return self.action


def period_bounds(first: date, last: date) -> tuple[str, str]:
    """Local calendar days first..last (inclusive) as UTC ISO bounds for the stored `at`."""
    start = datetime.combine(first, time.min).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time.min).astimezone(UTC)
    end -= timedelta(microseconds=1)
    return start.isoformat(timespec="microseconds"), end.isoformat(timespec="microseconds")


class AccessLogModel(RowTableModel[LogRow]):
    columns = LogColumn
    headers = HEADERS
    extra_roles = frozenset({Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole})

    def display(self, item: LogRow, column: Any) -> str:
        match column:
            case LogColumn.NUMBER:
                return str(item.number)
            case LogColumn.WHEN:
                return item.local_time
            case LogColumn.USER:
                return item.user
            case LogColumn.ACTION:
                return item.action_label
            case LogColumn.CASE:
                return item.case
            case _:
                return item.machine

    def sort_key(self, item: LogRow, column: Any) -> str | int:
        match column:
            case LogColumn.NUMBER:
                return item.number
            case LogColumn.WHEN:
                return item.at
            case _:
                return self.display(item, column).casefold()

    def extra(self, item: LogRow, column: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column is LogColumn.NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column is LogColumn.WHEN:
            return "Lokale tijd van deze computer"
        return None
