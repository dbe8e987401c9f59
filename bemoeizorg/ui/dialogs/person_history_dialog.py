"""Eerdere gegevens: what a person's data said before each correction on the person card,
newest first: when, by whom, which field, and the earlier value. Read-only.

Opening it reads person data: logged as one view of the case the card was opened from
(casework.person_card.read_person_history). The window title names the case, never the
person.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QVBoxLayout, QWidget
from shiboken6 import isValid

from bemoeizorg.casework.person_card import HistoryLine, read_person_history
from bemoeizorg.domain.formats import stored_moment_text
from bemoeizorg.ui import style
from bemoeizorg.ui.dialog_host import LockableDialog
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.models.row_table import RowTableModel, SortProxy
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.widgets.table_view import TableView

TITLE = "Eerdere gegevens: casus {number}"
TITLE_NO_CASE = "Eerdere gegevens"
LOADING = "De eerdere gegevens worden gelezen…"
INTRO = (
    "Wat er in de persoonsgegevens stond voordat het werd gewijzigd, het nieuwste eerst. "
    "De huidige gegevens staan op de persoonskaart."
)
EMPTY = "Nog niets gewijzigd: er zijn geen eerdere gegevens."
EMPTY_VALUE = "(leeg)"


class HistoryColumn(IntEnum):
    WHEN = 0
    BY = 1
    FIELD = 2
    VALUE = 3


HEADERS = {
    HistoryColumn.WHEN: "Gewijzigd op",
    HistoryColumn.BY: "Door",
    HistoryColumn.FIELD: "Veld",
    HistoryColumn.VALUE: "Eerdere waarde",
}


class HistoryModel(RowTableModel[HistoryLine]):
    columns = HistoryColumn
    headers = HEADERS

    def display(self, item: HistoryLine, column: Any) -> str:
        match column:
            case HistoryColumn.WHEN:
                return stored_moment_text(item.changed_at)
            case HistoryColumn.BY:
                return item.changed_by
            case HistoryColumn.FIELD:
                return item.field
            case _:
                return item.old_value or EMPTY_VALUE

    def sort_key(self, item: HistoryLine, column: Any) -> str | int:
        if column is HistoryColumn.WHEN:
            return item.changed_at
        return self.display(item, column).casefold()

    def extra(self, item: HistoryLine, column: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.display(item, column) or None
        return None


class PersonHistoryDialog(LockableDialog):
    def __init__(
        self,
        session: RegisterSession,
        person_id: int,
        *,
        from_case_id: int | None = None,
        case_number: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE.format(number=case_number) if case_number else TITLE_NO_CASE)
        self.lines: tuple[HistoryLine, ...] | None = None
        self.intro = QLabel(LOADING)
        self.intro.setWordWrap(True)
        self.model = HistoryModel(self)
        proxy = SortProxy(self)
        proxy.setSourceModel(self.model)
        self.table = TableView(EMPTY)
        self.table.setObjectName("person_history")
        self.table.setModel(proxy)
        self.table.sortByColumn(HistoryColumn.WHEN, Qt.SortOrder.DescendingOrder)
        self.table.fit_columns({HistoryColumn.VALUE})
        hint = QLabel(
            "De eerdere waarden blijven in het register; ze gaan nooit mee in een overlegpakket."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(style.muted_text())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText("Sluiten")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(760, 420)
        session.call(
            lambda r: read_person_history(r, person_id, from_case_id), self._loaded, self._failed
        )

    def _loaded(self, lines: tuple[HistoryLine, ...]) -> None:
        if not isValid(self):
            return  # closed (a lock) while the worker read
        self.lines = lines
        self.model.set_rows(lines)
        self.intro.setText(INTRO)

    def _failed(self, exc: BaseException) -> None:
        if isValid(self):
            self.reject()
        show_error(exc)
