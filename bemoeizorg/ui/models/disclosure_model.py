"""The verstrekkingenlog as a table: which pack a case went into, for which meeting (the
date printed on the pack, which a meeting moved later does not change), shared with which
organisations, what of the case, with or without a password, when and by whom."""

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
    SHARED = 5
    PASSWORD = 6
    DIGEST = 7


HEADERS = {
    DisclosureColumn.MADE_AT: "Gemaakt op",
    DisclosureColumn.CASE: "Casus",
    DisclosureColumn.MEETING: "Voor overleg",
    DisclosureColumn.ORGANISATIONS: "Gedeeld met",
    DisclosureColumn.BY: "Door",
    DisclosureColumn.SHARED: "Wat gedeeld",
    DisclosureColumn.PASSWORD: "Wachtwoord",
    DisclosureColumn.DIGEST: "SHA-256",
}
UNKNOWN = "onbekend"  # packs made before the log kept this


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
                return f"{item.municipality}, {date_text(item.date_on_pack)}"
            case DisclosureColumn.ORGANISATIONS:
                return ", ".join(item.organisations)
            case DisclosureColumn.SHARED:
                return ", ".join(item.shared) if item.shared else UNKNOWN
            case DisclosureColumn.PASSWORD:
                if item.password_protected is None:
                    return UNKNOWN
                return "ja" if item.password_protected else "nee"
            case DisclosureColumn.DIGEST:
                return item.digest
            case _:
                return item.made_by

    def sort_key(self, item: DisclosureEntry, column: Any) -> str | int:
        match column:
            case DisclosureColumn.MADE_AT:
                return item.made_at
            case DisclosureColumn.MEETING:
                return item.date_on_pack.isoformat()
            case _:
                return self.display(item, column).casefold()
