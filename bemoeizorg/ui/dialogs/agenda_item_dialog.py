"""Casus op de agenda: which case (an open case of the meeting's municipality that is not on
the agenda yet), the question to the network, of whom it is asked, and what the pack may
show of it. Every switch here only narrows what is shared; the pack never shows more than
the store allows (`domain/meetings.SharedFields`).

The candidates and their concerns are read (and logged) by `casework.meetings`, on the
session's worker like every register access.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework.case_list import CaseRow
from bemoeizorg.casework.meetings import (
    AgendaEntry,
    Candidate,
    add_to_agenda,
    agenda_candidates,
    case_concerns,
    update_agenda_item,
)
from bemoeizorg.domain.intake import fold
from bemoeizorg.domain.meetings import PseudonymStyle, SharedFields
from bemoeizorg.domain.vocabulary import Concern
from bemoeizorg.store.register import Register
from bemoeizorg.ui import style
from bemoeizorg.ui.dialogs.case_event_dialog import Choice, note_edit
from bemoeizorg.ui.dialogs.form_dialog import FormDialog, Job
from bemoeizorg.ui.models.case_list_model import CaseColumn, CaseListModel
from bemoeizorg.ui.models.row_table import SortProxy
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.widgets.table_view import TableView

ADD_TITLE = "Casus op de agenda zetten"
EDIT_TITLE = "Vraag en delen"
NEVER = (
    "Uit het register komt nooit in het pakket: de melder, de volledige naam, BSN, adres, "
    "geboortedatum, contactverslagen en notities. Wat u hier typt komt er wel in: schrijf "
    "geen namen, adressen of nummers. Het voorbeeld van het pakket markeert wat erop lijkt."
)
SEARCH_PLACEHOLDER = "Zoek op naam of casusnummer"
LOADING = "Open casussen worden geladen…"
NO_CANDIDATES = "Geen open casussen van deze gemeente die nog niet op de agenda staan."
NO_MATCH = "Geen open casus past bij deze zoektekst."
CHOOSE_CASE = "Kies de casus die besproken wordt."
NO_CONCERNS = "Bij deze casus zijn geen zorgen vastgelegd."
CHOOSE_FIRST = "Kies eerst een casus."
QUESTION_PLACEHOLDER = "Wat vraagt het team aan het netwerk? Bijvoorbeeld: wie kent hem?"
ASKED_OF_PLACEHOLDER = "Organisatie of ‘iedereen’"
CONCERN_COLUMNS = 2
VISIBLE_COLUMNS = (CaseColumn.NUMBER, CaseColumn.NAME, CaseColumn.PHASE, CaseColumn.OWNER)


class AgendaItemDialog(FormDialog):
    """For "Casus toevoegen…" give `municipality_code` and `on_agenda`; for "Vraag en
    delen…" give the `entry` already on the agenda."""

    def __init__(
        self,
        session: RegisterSession,
        meeting_id: int,
        *,
        municipality_code: str = "",
        on_agenda: frozenset[int] = frozenset(),
        participants: tuple[str, ...] = (),
        entry: AgendaEntry | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, EDIT_TITLE if entry else ADD_TITLE, parent=parent)
        self.meeting_id = meeting_id
        self.entry = entry
        self.concern_boxes: dict[Concern, QCheckBox] = {}
        self._candidates: dict[int, Candidate] = {}

        self.search_box: QLineEdit | None = None
        self.case_table: TableView | None = None
        self.case_model = CaseListModel(self)
        self.case_proxy = SortProxy(self)
        self.case_proxy.setSourceModel(self.case_model)
        if entry is None:
            self.search_box = QLineEdit()
            self.search_box.setPlaceholderText(SEARCH_PLACEHOLDER)
            self.search_box.setClearButtonEnabled(True)
            self.search_box.setAccessibleName("Zoeken")
            self.case_table = TableView(LOADING)
            self.case_table.setModel(self.case_proxy)
            self.case_table.setSortingEnabled(False)
            for column in CaseColumn:
                self.case_table.setColumnHidden(column, column not in VISIBLE_COLUMNS)
            header = self.case_table.horizontalHeader()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(CaseColumn.NAME, QHeaderView.ResizeMode.Stretch)
            self.case_table.setMinimumHeight(180)
            chooser = QWidget()
            column_layout = QVBoxLayout(chooser)
            column_layout.setContentsMargins(0, 0, 0, 0)
            column_layout.addWidget(self.search_box)
            column_layout.addWidget(self.case_table)
            self.add_row("Casus", chooser, "case")
        else:
            case_label = QLabel(f"{entry.case_number} — {entry.name}")
            case_label.setStyleSheet(style.bold())
            self.add_row("Casus", case_label)

        self.question_edit = note_edit(QUESTION_PLACEHOLDER)
        self.question_edit.setAccessibleName("Vraag aan het netwerk")
        self.question_edit.setMinimumHeight(70)
        self.question_edit.setMaximumHeight(110)
        self.asked_of_combo = QComboBox()
        self.asked_of_combo.setEditable(True)
        self.asked_of_combo.addItem("")
        self.asked_of_combo.addItems(list(participants))
        asked_of_line = self.asked_of_combo.lineEdit()
        assert asked_of_line is not None  # an editable combo box has one
        asked_of_line.setPlaceholderText(ASKED_OF_PLACEHOLDER)
        self.asked_of_combo.setAccessibleName("Gevraagd van wie")
        self.add_row("Vraag aan het netwerk", self.question_edit, "question")
        self.add_row("Gevraagd van wie", self.asked_of_combo, "asked_of")

        self.pseudonym_choice = Choice([(s.label, s) for s in PseudonymStyle])
        self.pseudonym_choice.set_value(PseudonymStyle.INITIALEN)
        self.age_band_box = QCheckBox("Leeftijdsgroep")
        self.phase_box = QCheckBox("Fase")
        self.actions_box = QCheckBox("Afspraken van eerdere overleggen")
        for box in (self.age_band_box, self.phase_box, self.actions_box):
            box.setChecked(True)
        self.concern_area = QWidget()
        self.concern_grid = QGridLayout(self.concern_area)
        self.concern_grid.setContentsMargins(0, 0, 0, 0)
        self.concern_grid.setHorizontalSpacing(16)
        self.concern_hint = QLabel(CHOOSE_FIRST if entry is None else "")
        self.concern_hint.setStyleSheet(style.muted_text())

        shared = QGroupBox("Wat het pakket van deze casus laat zien")
        shared_layout = QVBoxLayout(shared)
        shared_layout.addWidget(QLabel("Aanduiding"))
        shared_layout.addWidget(self.pseudonym_choice)
        shared_layout.addWidget(self.age_band_box)
        shared_layout.addWidget(self.phase_box)
        shared_layout.addWidget(self.actions_box)
        shared_layout.addWidget(QLabel("Zorgen (haal het vinkje weg om een zorg weg te laten)"))
        shared_layout.addWidget(self.concern_area)
        shared_layout.addWidget(self.concern_hint)
        self.form.addRow(shared)
        self.never_label = QLabel(NEVER)
        self.never_label.setWordWrap(True)
        self.never_label.setObjectName("never_in_pack")
        self.never_label.setStyleSheet(style.warning_note())
        self.form.addRow(self.never_label)
        self.setMinimumWidth(640)

        if entry is not None:
            self.question_edit.setPlainText(entry.question)
            self.asked_of_combo.setEditText(entry.asked_of)
            self.set_shared(entry.shared)
            case_id = entry.case_id
            self._session.call(
                lambda r: case_concerns(r, case_id),
                lambda found: self._show_concerns(found, entry.shared.concerns_left_out),
                self._failed,
            )
        else:
            assert self.search_box is not None and self.case_table is not None
            self.search_box.textChanged.connect(self._filter)
            self.case_table.selectionModel().selectionChanged.connect(self._case_chosen)
            self.case_table.activated.connect(lambda _index: self.question_edit.setFocus())
            code, exclude = municipality_code, on_agenda
            self._session.call(
                lambda r: agenda_candidates(r, code, exclude), self._candidates_loaded, self._failed
            )

    # --- choosing the case ---------------------------------------------------------------------

    def _candidates_loaded(self, candidates: list[Candidate]) -> None:
        if not self.is_alive() or self.case_table is None:
            return
        self._candidates = {c.row.id: c for c in candidates}
        self.case_model.set_rows([c.row for c in candidates])
        self.case_table.set_placeholder(NO_CANDIDATES)
        if self.search_box is not None:
            self.search_box.setFocus()

    def _filter(self, text: str) -> None:
        words = fold(text).split()
        if not words:
            self.case_proxy.set_row_filter(None)
        else:

            def accepts(row: CaseRow) -> bool:
                haystack = fold(f"{row.number} {row.name} {row.alias}")
                return all(w in haystack for w in words)

            self.case_proxy.set_row_filter(accepts)
        if self.case_table is not None:
            self.case_table.set_placeholder(NO_MATCH if words else NO_CANDIDATES)
            if self.case_proxy.rowCount() == 1:
                self.case_table.selectRow(0)

    def chosen_case_id(self) -> int | None:
        if self.entry is not None:
            return self.entry.case_id
        if self.case_table is None:
            return None
        row = self.case_table.selected_value()
        return row.id if isinstance(row, CaseRow) else None

    def choose_case(self, case_id: int) -> None:
        """Select a case in the list (for tests and for a single match)."""
        assert self.case_table is not None
        for proxy_row in range(self.case_proxy.rowCount()):
            row = self.case_proxy.value_at(proxy_row)
            if row is not None and row.id == case_id:
                self.case_table.selectRow(proxy_row)
                return

    def _case_chosen(self, *_args: QItemSelection) -> None:
        case_id = self.chosen_case_id()
        candidate = self._candidates.get(case_id) if case_id is not None else None
        if candidate is None:
            self._show_concerns((), frozenset(), hint=CHOOSE_FIRST)
            return
        self.errors["case"].show_problem(None)
        self._show_concerns(candidate.concerns, frozenset())

    # --- what is shared ----------------------------------------------------------------------

    def _show_concerns(
        self, concerns: tuple[Concern, ...], left_out: frozenset[Concern], hint: str = ""
    ) -> None:
        if not self.is_alive():
            return
        for box in self.concern_boxes.values():
            self.concern_grid.removeWidget(box)
            box.deleteLater()
        self.concern_boxes.clear()
        for index, concern in enumerate(concerns):
            box = QCheckBox(concern.label)
            box.setChecked(concern not in left_out)
            self.concern_boxes[concern] = box
            self.concern_grid.addWidget(box, index // CONCERN_COLUMNS, index % CONCERN_COLUMNS)
        self.concern_hint.setText(hint or ("" if concerns else NO_CONCERNS))
        self.concern_hint.setVisible(bool(self.concern_hint.text()))

    def set_shared(self, shared: SharedFields) -> None:
        self.pseudonym_choice.set_value(shared.pseudonym)
        self.age_band_box.setChecked(shared.age_band)
        self.phase_box.setChecked(shared.phase)
        self.actions_box.setChecked(shared.actions)

    def shared(self) -> SharedFields:
        style = self.pseudonym_choice.value()
        left_out = frozenset(c for c, box in self.concern_boxes.items() if not box.isChecked())
        if self.entry is not None:
            # Concerns left out before and no longer on the case stay left out.
            left_out |= self.entry.shared.concerns_left_out - set(self.concern_boxes)
        return SharedFields(
            pseudonym=style if isinstance(style, PseudonymStyle) else PseudonymStyle.NUMMER,
            age_band=self.age_band_box.isChecked(),
            phase=self.phase_box.isChecked(),
            concerns_left_out=left_out,
            actions=self.actions_box.isChecked(),
        )

    # --- saving --------------------------------------------------------------------------

    def problems(self) -> dict[str, str]:
        if self.entry is None and self.chosen_case_id() is None:
            return {"case": CHOOSE_CASE}
        return {}

    def job(self) -> Job:
        meeting_id, case_id = self.meeting_id, self.chosen_case_id()
        question = self.question_edit.toPlainText()
        asked_of = self.asked_of_combo.currentText()
        shared = self.shared()
        item_id = self.entry.id if self.entry else None
        assert case_id is not None

        def job(register: Register) -> int:
            if item_id is None:  # one change entry for the case, not two
                return add_to_agenda(register, meeting_id, case_id, question, asked_of, shared)
            update_agenda_item(register, item_id, question, asked_of, shared)
            return item_id

        return job
