"""Meldingen that are no case as tables: the triage queue ("Te beoordelen") and the
meldingen not taken on ("Niet opgepakt"); and Mijn werk's actions of the week."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from bemoeizorg.casework.case_list import days_text as days_text  # also the triage dialog's
from bemoeizorg.casework.my_work import DueAction
from bemoeizorg.casework.triage_queue import ReportRow
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.vocabulary import TriageDecision, Urgency
from bemoeizorg.ui import style
from bemoeizorg.ui.models.row_table import RowTableModel

RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LATE_COLOUR = QColor(style.ERROR)
TODAY = "vandaag"
TOMORROW = "morgen"
IN_DAYS = "over {days}"
DAYS_LATE = "{days} over datum"
WEEKDAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")
DUE_DAY = "{weekday} {day}"
_URGENCY_RANK = {Urgency.CRISIS: 0, Urgency.HOOG: 1, Urgency.NORMAAL: 2}


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


# --- the triage queue ------------------------------------------------------------------------


class WaitingColumn(IntEnum):
    WAITING = 0
    RECEIVED = 1
    NAME = 2
    MUNICIPALITY = 3
    URGENCY = 4
    CONCERNS = 5


WAITING_HEADERS = {
    WaitingColumn.WAITING: "Wacht",
    WaitingColumn.RECEIVED: "Ontvangen",
    WaitingColumn.NAME: "Naam",
    WaitingColumn.MUNICIPALITY: "Gemeente",
    WaitingColumn.URGENCY: "Urgentie",
    WaitingColumn.CONCERNS: "Zorgen",
}


def concerns_text(row: ReportRow) -> str:
    return ", ".join(c.label for c in row.concerns)


class WaitingModel(RowTableModel[ReportRow]):
    columns = WaitingColumn
    headers = WAITING_HEADERS

    def display(self, item: ReportRow, column: Any) -> str:
        match column:
            case WaitingColumn.WAITING:
                return days_text(item.days_waiting)
            case WaitingColumn.RECEIVED:
                return date_text(item.received_on)
            case WaitingColumn.NAME:
                return item.name
            case WaitingColumn.MUNICIPALITY:
                return item.municipality
            case WaitingColumn.URGENCY:
                return item.urgency.label
            case _:
                return concerns_text(item)

    def sort_key(self, item: ReportRow, column: Any) -> str | int:
        match column:
            case WaitingColumn.WAITING:
                return item.days_waiting
            case WaitingColumn.RECEIVED:
                return item.received_on.isoformat()
            case WaitingColumn.URGENCY:
                return _URGENCY_RANK.get(item.urgency, 9)
            case _:
                return self.display(item, column).casefold()

    def extra(self, item: ReportRow, column: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column is WaitingColumn.WAITING:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is WaitingColumn.CONCERNS:
                return concerns_text(item)
            if column is WaitingColumn.NAME:
                return item.name
        if column is WaitingColumn.URGENCY and item.urgency is not Urgency.NORMAAL:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(LATE_COLOUR)
            if role == Qt.ItemDataRole.FontRole:
                return _bold()
        return None


# --- not taken on ----------------------------------------------------------------------------


class NotTakenColumn(IntEnum):
    RECEIVED = 0
    NAME = 1
    MUNICIPALITY = 2
    DECISION = 3
    TRIAGED_ON = 4
    NOTE = 5


NOT_TAKEN_HEADERS = {
    NotTakenColumn.RECEIVED: "Ontvangen",
    NotTakenColumn.NAME: "Naam",
    NotTakenColumn.MUNICIPALITY: "Gemeente",
    NotTakenColumn.DECISION: "Beslissing",
    NotTakenColumn.TRIAGED_ON: "Beoordeeld op",
    NotTakenColumn.NOTE: "Advies of verwezen naar",
}
DECISION_SHORT = {
    TriageDecision.ADVIES: "Advies gegeven",
    TriageDecision.DOORVERWEZEN: "Elders naartoe verwezen",
}


class NotTakenOnModel(RowTableModel[ReportRow]):
    columns = NotTakenColumn
    headers = NOT_TAKEN_HEADERS

    def display(self, item: ReportRow, column: Any) -> str:
        match column:
            case NotTakenColumn.RECEIVED:
                return date_text(item.received_on)
            case NotTakenColumn.NAME:
                return item.name
            case NotTakenColumn.MUNICIPALITY:
                return item.municipality
            case NotTakenColumn.DECISION:
                return DECISION_SHORT.get(item.triage, item.triage.label)
            case NotTakenColumn.TRIAGED_ON:
                return date_text(item.triaged_on)
            case _:
                # Earlier decisions are on the lines below the current note: the tooltip.
                return item.triage_note.split("\n", 1)[0]

    def sort_key(self, item: ReportRow, column: Any) -> str | int:
        if column is NotTakenColumn.RECEIVED:
            return item.received_on.isoformat()
        if column is NotTakenColumn.TRIAGED_ON:
            return item.triaged_on.isoformat() if item.triaged_on else ""
        return self.display(item, column).casefold()

    def extra(self, item: ReportRow, column: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is NotTakenColumn.NOTE and item.triage_note:
                return item.triage_note
            if column is NotTakenColumn.NAME:
                return item.name
            if column is NotTakenColumn.DECISION:
                return item.triage.label
        return None


# --- Mijn werk: the actions of the week ------------------------------------------------------


class ActionColumn(IntEnum):
    DUE = 0
    WHEN = 1
    NUMBER = 2
    NAME = 3
    ACTION = 4
    WHO = 5


ACTION_HEADERS = {
    ActionColumn.DUE: "Datum",
    ActionColumn.WHEN: "Wanneer",
    ActionColumn.NUMBER: "Casus",
    ActionColumn.NAME: "Naam",
    ActionColumn.ACTION: "Actie",
    ActionColumn.WHO: "Wie",
}


def when_text(item: DueAction) -> str:
    if item.days_left < 0:
        return DAYS_LATE.format(days=days_text(-item.days_left))
    if item.days_left == 0:
        return TODAY
    if item.days_left == 1:
        return TOMORROW
    return IN_DAYS.format(days=days_text(item.days_left))


def who_text(item: DueAction) -> str:
    return ", ".join(part for part in (item.responsible, item.organisation) if part)


class DueActionModel(RowTableModel[DueAction]):
    columns = ActionColumn
    headers = ACTION_HEADERS

    def display(self, item: DueAction, column: Any) -> str:
        match column:
            case ActionColumn.DUE:
                weekday = WEEKDAYS[item.due_on.weekday()]
                return DUE_DAY.format(weekday=weekday, day=date_text(item.due_on))
            case ActionColumn.WHEN:
                return when_text(item)
            case ActionColumn.NUMBER:
                return item.case_number
            case ActionColumn.NAME:
                return item.name
            case ActionColumn.ACTION:
                return item.description
            case _:
                return who_text(item)

    def sort_key(self, item: DueAction, column: Any) -> str | int:
        if column in (ActionColumn.DUE, ActionColumn.WHEN):
            return item.days_left
        return self.display(item, column).casefold()

    def extra(self, item: DueAction, column: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column in (
            ActionColumn.ACTION,
            ActionColumn.NAME,
            ActionColumn.WHO,
        ):
            return self.display(item, column) or None
        if column is ActionColumn.WHEN and item.overdue:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(LATE_COLOUR)
            if role == Qt.ItemDataRole.FontRole:
                return _bold()
        return None
