"""Casussen as a table: one row per case, as loaded (a page of the SQL query)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette

from bemoeizorg.casework.case_list import CaseRow, CaseSort, days_text
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.vocabulary import PHASE_ORDER
from bemoeizorg.ui.models.row_table import OBJECT_ROLE, SORT_ROLE, RowTableModel

__all__ = ["OBJECT_ROLE", "SORT_ROLE", "CaseColumn", "CaseListModel"]

RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class CaseColumn(IntEnum):
    NUMBER = 0
    NAME = 1
    MUNICIPALITY = 2
    OWNER = 3
    PHASE = 4
    DAYS_IN_PHASE = 5
    LAST_CONTACT = 6
    STATUS = 7
    SPECIALISM = 8


HEADERS = {
    CaseColumn.NUMBER: "Nummer",
    CaseColumn.NAME: "Naam",
    CaseColumn.MUNICIPALITY: "Gemeente",
    CaseColumn.OWNER: "Dossierhouder",
    CaseColumn.PHASE: "Fase",
    CaseColumn.DAYS_IN_PHASE: "Dagen in fase",
    CaseColumn.LAST_CONTACT: "Laatste contact",
    CaseColumn.STATUS: "Status",
    CaseColumn.SPECIALISM: "Specialisme",
}

# How the register orders by a column, when not every row is loaded.
SQL_SORT = {
    CaseColumn.NUMBER: CaseSort.NUMBER,
    CaseColumn.NAME: CaseSort.NAME,
    CaseColumn.MUNICIPALITY: CaseSort.MUNICIPALITY,
    CaseColumn.OWNER: CaseSort.OWNER,
    CaseColumn.PHASE: CaseSort.PHASE,
    CaseColumn.DAYS_IN_PHASE: CaseSort.DAYS_IN_PHASE,
    CaseColumn.LAST_CONTACT: CaseSort.LAST_CONTACT,
    CaseColumn.STATUS: CaseSort.STATUS,
    CaseColumn.SPECIALISM: CaseSort.SPECIALISM,
}

NO_OWNER = "Geen dossierhouder"
NO_CONTACT = "Nog geen"
NAME_ALIAS = "{name} ‘{alias}’"
ALIAS_ONLY = "‘{alias}’"
CLOSED_TIP = "Afgesloten op {day}: {outcome}"
UNKNOWN_OUTCOME = "onbekende uitkomst"
PHASE_TIP = "In deze fase sinds {day} ({days})"
OPENED_TIP = "Geopend op {day}"


def name_text(row: CaseRow) -> str:
    """The name with the alias in quotes; just the alias when the name is not known."""
    if row.alias and row.name:
        return NAME_ALIAS.format(name=row.name, alias=row.alias)
    return row.name or ALIAS_ONLY.format(alias=row.alias)


def status_text(row: CaseRow) -> str:
    return "Open" if row.is_open else "Afgesloten"


def case_cell(row: CaseRow, column: CaseColumn) -> str:
    """What a case-row column shows; shared with Mijn werk."""
    match column:
        case CaseColumn.NUMBER:
            return row.number
        case CaseColumn.NAME:
            return name_text(row)
        case CaseColumn.MUNICIPALITY:
            return row.municipality
        case CaseColumn.OWNER:
            return row.owner or NO_OWNER
        case CaseColumn.PHASE:
            return row.phase.label
        case CaseColumn.DAYS_IN_PHASE:
            return str(row.days_in_phase)
        case CaseColumn.LAST_CONTACT:
            return date_text(row.last_contact_on) or NO_CONTACT
        case CaseColumn.STATUS:
            return status_text(row)
        case _:
            return row.specialism.label


def case_sort_key(row: CaseRow, column: CaseColumn) -> str | int:
    """The same order the register uses (store.case_list), so a sorted page agrees."""
    match column:
        case CaseColumn.NAME:
            return f"{row.family_name.casefold()}\x00{row.given_names.casefold()}"
        case CaseColumn.OWNER:
            return row.owner.casefold()
        case CaseColumn.PHASE:
            return PHASE_ORDER.index(row.phase)
        case CaseColumn.DAYS_IN_PHASE:
            return row.days_in_phase
        case CaseColumn.LAST_CONTACT:
            return row.last_contact_on.isoformat() if row.last_contact_on else ""
        case CaseColumn.STATUS:
            return 0 if row.is_open else 1
        case CaseColumn.SPECIALISM:
            return row.specialism.value
        case _:
            return case_cell(row, column).casefold()


def case_tooltip(row: CaseRow, column: CaseColumn) -> str | None:
    if column is CaseColumn.STATUS and not row.is_open:
        outcome = row.outcome.label if row.outcome else UNKNOWN_OUTCOME
        return CLOSED_TIP.format(day=date_text(row.closed_on), outcome=outcome)
    if column is CaseColumn.PHASE:
        days = days_text(row.days_in_phase)
        return PHASE_TIP.format(day=date_text(row.phase_since), days=days)
    if column is CaseColumn.NUMBER:
        return OPENED_TIP.format(day=date_text(row.opened_on))
    if column is CaseColumn.NAME:
        return name_text(row)  # whole, where the column cuts it off
    return None


class CaseListModel(RowTableModel[CaseRow]):
    columns = CaseColumn
    headers = HEADERS
    extra_roles = frozenset(
        {
            Qt.ItemDataRole.TextAlignmentRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
        }
    )

    def display(self, item: CaseRow, column: Any) -> str:
        return case_cell(item, column)

    def sort_key(self, item: CaseRow, column: Any) -> str | int:
        return case_sort_key(item, column)

    def extra(self, item: CaseRow, column: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column is CaseColumn.DAYS_IN_PHASE:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return case_tooltip(item, column)
        if role == Qt.ItemDataRole.ForegroundRole and (
            (column is CaseColumn.OWNER and not item.owner)
            or (column is CaseColumn.LAST_CONTACT and item.last_contact_on is None)
        ):
            return _muted()
        return None


def _muted() -> Any:
    return QGuiApplication.palette().brush(QPalette.ColorRole.PlaceholderText)
