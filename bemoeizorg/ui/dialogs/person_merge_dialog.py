"""Samenvoegen met…: the person on the card (kept) and another entry of the same person
made one, for a teamleider (casework.person_merge; the store refuses anyone else).

The list starts with the persons alike to this one (as intake matching finds them); typing
a name, BSN or birth date looks further. Choosing one shows both side by side; Samenvoegen
asks once more with both summaries, then moves every case, melding and contact person of
the chosen person to this one. It is logged and can be undone from the card. The window
title names no one.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework.person_merge import (
    MergeSide,
    merge_candidates,
    merge_persons,
    merge_side,
)
from bemoeizorg.casework.persons import PersonMatch
from bemoeizorg.ui import messages
from bemoeizorg.ui.dialogs.form_dialog import FormDialog, Job, store_call
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.models.row_table import RowTableModel, SortProxy
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.widgets.table_view import TableView

TITLE = "Personen samenvoegen"
INTRO = (
    "Staat deze persoon twee keer in het register? Kies hieronder de andere inschrijving. "
    "Alle casussen, meldingen en contactpersonen daarvan gaan naar deze persoon; de andere "
    "inschrijving verdwijnt uit zoeken en matchen. De gegevens van deze persoon blijven zoals "
    "ze zijn. U kunt het later ongedaan maken op de persoonskaart."
)
SEARCH_HINT = "Zoek op naam, BSN of geboortedatum"
EMPTY = "Geen persoon gevonden die op deze persoon lijkt. Zoek op naam, BSN of geboortedatum."
KEPT_TITLE = "Blijft: deze persoon"
OTHER_TITLE = "Wordt samengevoegd"
NOTHING_CHOSEN = "Kies een persoon in de lijst."
CONFIRM_TITLE = "Personen samenvoegen"
CONFIRM = (
    "Samenvoegen?\n\nBlijft:\n{kept}\n\nWordt samengevoegd en verdwijnt uit zoeken:\n{other}"
    "\n\nAlle casussen, meldingen en contactpersonen gaan naar de persoon die blijft. Het "
    "komt in het logboek."
)
DONE = "De personen zijn samengevoegd. Ongedaan maken kan op de persoonskaart."


class MatchColumn(IntEnum):
    NAME = 0
    BORN = 1
    MUNICIPALITY = 2
    CASE = 3
    REASONS = 4


HEADERS = {
    MatchColumn.NAME: "Naam",
    MatchColumn.BORN: "Geboren",
    MatchColumn.MUNICIPALITY: "Gemeente",
    MatchColumn.CASE: "Open casus",
    MatchColumn.REASONS: "Lijkt op",
}


class MatchModel(RowTableModel[PersonMatch]):
    columns = MatchColumn
    headers = HEADERS

    def display(self, item: PersonMatch, column: Any) -> str:
        match column:
            case MatchColumn.NAME:
                return item.name
            case MatchColumn.BORN:
                return item.born_text
            case MatchColumn.MUNICIPALITY:
                return item.municipality
            case MatchColumn.CASE:
                return item.open_case_number or ""
            case _:
                return ", ".join(item.reasons)

    def sort_key(self, item: PersonMatch, column: Any) -> str | int:
        return self.display(item, column).casefold()


def side_text(side: MergeSide) -> str:
    """A person as the confirmation shows them: enough to tell two entries apart."""
    lines = [
        side.name or "(geen naam)",
        f"Persoonsnummer {side.person_id}",
        f"Geboren: {side.born or 'onbekend'}",
        f"BSN: {side.bsn or 'niet bekend'}",
        f"Adres: {side.address or 'niet bekend'}",
        f"Casussen: {', '.join(side.cases) or 'geen'}",
        f"Meldingen: {side.reports}",
    ]
    return "\n".join(lines)


def _panel(title: str) -> tuple[QGroupBox, QLabel]:
    box = QGroupBox(title)
    label = QLabel("…")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    layout = QVBoxLayout(box)
    layout.addWidget(label)
    return box, label


class PersonMergeDialog(FormDialog):
    def __init__(
        self, session: RegisterSession, person_id: int, *, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, TITLE, intro=INTRO, parent=parent)
        self._person_id = person_id
        self.kept: MergeSide | None = None
        self.other: MergeSide | None = None
        self.save_button.setText("Samenvoegen…")
        self.save_button.setEnabled(False)  # until a person is chosen

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("merge_search")
        self.search_edit.setPlaceholderText(SEARCH_HINT)
        self.search_edit.returnPressed.connect(self.search)
        self.search_button = QPushButton("Zoeken")
        self.search_button.setAutoDefault(False)
        self.search_button.clicked.connect(self.search)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.search_button)

        self.model = MatchModel(self)
        proxy = SortProxy(self)
        proxy.setSourceModel(self.model)
        self.table = TableView(EMPTY)
        self.table.setObjectName("merge_candidates")
        self.table.setSortingEnabled(False)  # most alike first, as found
        self.table.setModel(proxy)
        self.table.fit_columns({MatchColumn.NAME, MatchColumn.REASONS})
        self.table.setMinimumHeight(170)
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(self._chosen)

        kept_box, self.kept_label = _panel(KEPT_TITLE)
        other_box, self.other_label = _panel(OTHER_TITLE)
        self.other_label.setText(NOTHING_CHOSEN)
        sides = QHBoxLayout()
        sides.addWidget(kept_box, 1)
        sides.addWidget(other_box, 1)

        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(search_row)
        column.addWidget(self.table, 1)
        column.addLayout(sides)
        self.form.addRow(body)
        self.setMinimumWidth(820)
        self.resize(860, 540)

        self._session.call(lambda r: merge_side(r, person_id), self._kept_read, self._read_failed)
        self.search()

    # --- finding the other ---------------------------------------------------------------

    def search(self) -> None:
        text = self.search_edit.text()
        person_id = self._person_id
        self._session.call(lambda r: merge_candidates(r, person_id, text), self._found)

    def _found(self, matches: list[PersonMatch]) -> None:
        if not self.is_alive():
            return
        self.table.clearSelection()
        self.model.set_rows(matches)
        self._show_other(None)

    def _kept_read(self, side: MergeSide) -> None:
        if self.is_alive():
            self.kept = side
            self.kept_label.setText(side_text(side))

    def _read_failed(self, exc: BaseException) -> None:
        if self.is_alive():
            self.reject()
        show_error(exc)

    def _chosen(self, *_args: object) -> None:
        match = self.table.selected_value()
        if not isinstance(match, PersonMatch):
            self._show_other(None)
            return
        self._session.call(lambda r: merge_side(r, match.person_id), self._other_read)

    def _other_read(self, side: MergeSide) -> None:
        if not self.is_alive():
            return
        match = self.table.selected_value()
        if isinstance(match, PersonMatch) and match.person_id == side.person_id:
            self._show_other(side)

    def _show_other(self, side: MergeSide | None) -> None:
        self.other = side
        self.other_label.setText(side_text(side) if side else NOTHING_CHOSEN)
        self.save_button.setEnabled(side is not None)

    # --- merging -------------------------------------------------------------------------

    def save(self) -> None:
        if not self.save_button.isEnabled() or self.kept is None or self.other is None:
            return
        text = CONFIRM.format(kept=side_text(self.kept), other=side_text(self.other))
        if not messages.confirm(self, CONFIRM_TITLE, text):
            return
        self.submit(self.job())

    def job(self) -> Job:
        assert self.other is not None
        return store_call(merge_persons, self._person_id, self.other.person_id)
