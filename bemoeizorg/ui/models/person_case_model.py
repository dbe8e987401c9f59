"""A person's cases on the person card: number, when opened, where it stands (its phase,
or when it closed and how), who holds it."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt

from bemoeizorg.casework.person_card import PersonCase
from bemoeizorg.domain.formats import date_text
from bemoeizorg.ui.models.row_table import RowTableModel

CLOSED = "Afgesloten op {date}: {outcome}"


class PersonCaseColumn(IntEnum):
    NUMBER = 0
    OPENED = 1
    STATE = 2
    OWNER = 3


HEADERS = {
    PersonCaseColumn.NUMBER: "Casus",
    PersonCaseColumn.OPENED: "Geopend",
    PersonCaseColumn.STATE: "Fase, of afgesloten",
    PersonCaseColumn.OWNER: "Dossierhouder",
}


def state_text(case: PersonCase) -> str:
    if case.closed_on is None:
        return case.phase.label
    outcome = case.outcome.label.lower() if case.outcome else "?"
    return CLOSED.format(date=date_text(case.closed_on), outcome=outcome)


class PersonCaseModel(RowTableModel[PersonCase]):
    columns = PersonCaseColumn
    headers = HEADERS

    def display(self, item: PersonCase, column: Any) -> str:
        match column:
            case PersonCaseColumn.NUMBER:
                return item.number
            case PersonCaseColumn.STATE:
                return state_text(item)
            case PersonCaseColumn.OPENED:
                return date_text(item.opened_on)
            case _:
                return item.owner

    def sort_key(self, item: PersonCase, column: Any) -> str | int:
        if column is PersonCaseColumn.OPENED:
            return item.opened_on.isoformat()
        return self.display(item, column).casefold()

    def extra(self, item: PersonCase, column: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.display(item, column) or None
        return None
