"""A person's cases on the person card: number, where it stands, when, who holds it."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from bemoeizorg.casework.person_card import PersonCase
from bemoeizorg.domain.formats import date_text
from bemoeizorg.ui.models.row_table import RowTableModel

CLOSED = "Afgesloten: {outcome}"


class PersonCaseColumn(IntEnum):
    NUMBER = 0
    STATE = 1
    OPENED = 2
    CLOSED = 3
    OWNER = 4
    MUNICIPALITY = 5


HEADERS = {
    PersonCaseColumn.NUMBER: "Casus",
    PersonCaseColumn.STATE: "Fase of afgesloten",
    PersonCaseColumn.OPENED: "Geopend",
    PersonCaseColumn.CLOSED: "Gesloten",
    PersonCaseColumn.OWNER: "Dossierhouder",
    PersonCaseColumn.MUNICIPALITY: "Gemeente",
}


def state_text(case: PersonCase) -> str:
    if case.is_open:
        return case.phase.label
    return CLOSED.format(outcome=case.outcome.label.lower() if case.outcome else "?")


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
            case PersonCaseColumn.CLOSED:
                return date_text(item.closed_on)
            case PersonCaseColumn.OWNER:
                return item.owner
            case _:
                return item.municipality

    def sort_key(self, item: PersonCase, column: Any) -> str | int:
        if column is PersonCaseColumn.OPENED:
            return item.opened_on.isoformat()
        if column is PersonCaseColumn.CLOSED:
            return item.closed_on.isoformat() if item.closed_on else ""
        return self.display(item, column).casefold()
