"""A meeting's agenda as a table, and the actions agreed about one case at an earlier
meeting (for "Vorige keer afgesproken"). The name is for the team lead in the program; a
pack never prints it."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt

from bemoeizorg.casework.meetings import AgendaEntry, AgreedAction
from bemoeizorg.domain.formats import date_text
from bemoeizorg.ui.models.row_table import RowTableModel

RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
NO_QUESTION = "(nog geen vraag)"
CLOSED = " (afgesloten)"
NO_DUE = "geen datum"
OPEN = "open"
DONE = "gedaan {day}"


class AgendaColumn(IntEnum):
    POSITION = 0
    NUMBER = 1
    NAME = 2
    PHASE = 3
    QUESTION = 4
    ASKED_OF = 5


HEADERS = {
    AgendaColumn.POSITION: "Nr.",
    AgendaColumn.NUMBER: "Casus",
    AgendaColumn.NAME: "Naam",
    AgendaColumn.PHASE: "Fase",
    AgendaColumn.QUESTION: "Vraag aan het netwerk",
    AgendaColumn.ASKED_OF: "Gevraagd van",
}


def one_line(text: str) -> str:
    return " ".join(text.split())


class AgendaModel(RowTableModel[AgendaEntry]):
    columns = AgendaColumn
    headers = HEADERS

    def display(self, item: AgendaEntry, column: Any) -> str:
        match column:
            case AgendaColumn.POSITION:
                return str(item.position)
            case AgendaColumn.NUMBER:
                return item.case_number
            case AgendaColumn.NAME:
                return item.name
            case AgendaColumn.PHASE:
                return item.phase.label + ("" if item.case_open else CLOSED)
            case AgendaColumn.QUESTION:
                return one_line(item.question) or NO_QUESTION
            case _:
                return item.asked_of

    def sort_key(self, item: AgendaEntry, column: Any) -> str | int:
        if column is AgendaColumn.POSITION:
            return item.position
        return self.display(item, column).casefold()

    def extra(self, item: AgendaEntry, column: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column is AgendaColumn.POSITION:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column is AgendaColumn.QUESTION:
            return item.question or None
        return None


class AgreedColumn(IntEnum):
    DESCRIPTION = 0
    ORGANISATION = 1
    DUE = 2
    STATE = 3


AGREED_HEADERS = {
    AgreedColumn.DESCRIPTION: "Afspraak",
    AgreedColumn.ORGANISATION: "Organisatie",
    AgreedColumn.DUE: "Uiterlijk",
    AgreedColumn.STATE: "Stand",
}


class AgreedActionModel(RowTableModel[AgreedAction]):
    columns = AgreedColumn
    headers = AGREED_HEADERS

    def display(self, item: AgreedAction, column: Any) -> str:
        match column:
            case AgreedColumn.DESCRIPTION:
                return item.description
            case AgreedColumn.ORGANISATION:
                return item.organisation
            case AgreedColumn.DUE:
                return date_text(item.due_on) if item.due_on else NO_DUE
            case _:
                return DONE.format(day=date_text(item.done_on)) if item.done_on else OPEN

    def sort_key(self, item: AgreedAction, column: Any) -> str | int:
        match column:
            case AgreedColumn.DUE:
                return item.due_on.isoformat() if item.due_on else "9"
            case AgreedColumn.STATE:
                return item.done_on.isoformat() if item.done_on else ""
            case _:
                return self.display(item, column).casefold()

    def extra(self, item: AgreedAction, column: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column is AgreedColumn.DESCRIPTION:
            return item.description
        return None
