"""The verstrekkingenlog as a table: which pack a case went into, for which meeting,
shared with which organisations, when and by whom."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from bemoeizorg.casework.meetings import DisclosureEntry
from bemoeizorg.domain.formats import date_text, stored_moment_text
from bemoeizorg.ui.models.row_table import RowTableModel


class DisclosureColumn(IntEnum):
    MADE_AT = 0
    CASE = 1
    MEETING = 2
    ORGANISATIONS = 3
    BY = 4


HEADERS = {
    DisclosureColumn.MADE_AT: "Gemaakt op",
    DisclosureColumn.CASE: "Casus",
    DisclosureColumn.MEETING: "Voor overleg",
    DisclosureColumn.ORGANISATIONS: "Gedeeld met",
    DisclosureColumn.BY: "Door",
}


class DisclosureModel(RowTableModel[DisclosureEntry]):
    columns = DisclosureColumn
    headers = HEADERS

    def display(self, item: DisclosureEntry, column: Any) -> str:
        match column:
            case DisclosureColumn.MADE_AT:
                return stored_moment_text(item.made_at)
            case DisclosureColumn.CASE:
                return item.case_number
            case DisclosureColumn.MEETING:
                return f"{item.municipality}, {date_text(item.held_on)}"
            case DisclosureColumn.ORGANISATIONS:
                return ", ".join(item.organisations)
            case _:
                return item.made_by

    def sort_key(self, item: DisclosureEntry, column: Any) -> str | int:
        match column:
            case DisclosureColumn.MADE_AT:
                return item.made_at
            case DisclosureColumn.MEETING:
                return item.held_on.isoformat()
            case _:
                return self.display(item, column).casefold()
