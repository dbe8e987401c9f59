"""Netwerkoverleg, right: the chosen meeting. Who sits at the table, the municipality's
contact point, the agenda with the question to the network per case, and for the chosen
case what the previous meeting agreed (so this meeting can evaluate it). The buttons live
here; what they do is in meeting_actions.py."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework.meetings import AgendaEntry, MeetingDetail
from bemoeizorg.domain.formats import date_text
from bemoeizorg.ui import style
from bemoeizorg.ui.dialogs.meeting_dialog import contact_point_text
from bemoeizorg.ui.models.agenda_model import AgendaColumn, AgendaModel, AgreedActionModel
from bemoeizorg.ui.models.row_table import SortProxy
from bemoeizorg.ui.widgets.table_view import TableView

NO_MEETING = "Kies links een overleg, of plan een nieuw overleg."
EMPTY_AGENDA = "Nog geen casussen op de agenda. Kies ‘Casus toevoegen…’."
PREVIOUS_TITLE = "Vorige keer afgesproken"
PREVIOUS_HINT = "Kies een casus op de agenda om te zien wat de vorige keer is afgesproken."
NO_PREVIOUS = "Deze casus is niet eerder in een overleg met vastgelegde afspraken besproken."
PREVIOUS = "Overleg van {day}; casushouder: {holder}."
NO_HOLDER = "niet vastgelegd"
NO_ACTIONS = "Er zijn toen geen afspraken gemaakt."
HEADER = "{kind} {municipality}, {day}"
RECORDED = "Afspraken vastgelegd op {day}."
NOT_RECORDED = "Afspraken nog niet vastgelegd."


def _muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(style.muted_text())
    return label


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(style.bold())
    return label


class PreviousAgreements(QWidget):
    """What the previous meeting agreed for the agenda case chosen now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = _muted(PREVIOUS_HINT)
        self.label.setObjectName("previous_summary")
        self.model = AgreedActionModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = TableView("")
        self.table.setObjectName("previous_actions")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(False)
        self.table.fit_columns({0})
        self.table.setMaximumHeight(140)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_section(PREVIOUS_TITLE))
        layout.addWidget(self.label)
        layout.addWidget(self.table)

    def show_entry(self, entry: AgendaEntry | None) -> None:
        previous = entry.previous if entry is not None else None
        if previous is None:
            self.label.setText(PREVIOUS_HINT if entry is None else NO_PREVIOUS)
            self.model.clear()
            self.table.setVisible(False)
            return
        text = PREVIOUS.format(day=date_text(previous.held_on), holder=previous.holder or NO_HOLDER)
        if not previous.actions:
            text = f"{text} {NO_ACTIONS}"
        self.label.setText(text)
        self.model.set_rows(list(previous.actions))
        self.table.setVisible(bool(previous.actions))

    def clear(self) -> None:
        self.label.setText(PREVIOUS_HINT)
        self.model.clear()


def when_text(starts_at: str, place: str) -> str:
    """ "14:30 uur, Stadhuis"; a dash when neither is known."""
    parts = [f"{starts_at} uur" if starts_at else "", place]
    return ", ".join(p for p in parts if p) or "—"


class MeetingDetailPanel(QStackedWidget):
    """Two pages: a sentence (none chosen, loading) or the chosen meeting."""

    entry_chosen = Signal()  # another agenda case (or none) is chosen
    case_requested = Signal(int)  # a case id: open it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._init_widgets()
        self._init_layout()
        self.agenda_table.selectionModel().selectionChanged.connect(self._agenda_chosen)
        self.agenda_table.activated.connect(self._agenda_activated)

    def _init_widgets(self) -> None:
        self.placeholder = QLabel(NO_MEETING)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet(style.placeholder_text())
        self.header_label = QLabel()
        self.header_label.setObjectName("meeting_header")
        self.header_label.setStyleSheet(style.title(style.HEADER_SIZE))
        self.header_label.setWordWrap(True)
        self.chair_label = QLabel()
        self.chair_label.setObjectName("meeting_chair")
        self.when_label = QLabel()
        self.when_label.setObjectName("meeting_when")
        self.when_label.setWordWrap(True)
        self.participants_label = QLabel()
        self.participants_label.setObjectName("meeting_participants")
        self.participants_label.setWordWrap(True)
        self.recorded_label = _muted()
        self.recorded_label.setObjectName("agreements_recorded")
        self.contact_point_label = QLabel()
        self.contact_point_label.setObjectName("contact_point")
        self.contact_point_label.setWordWrap(True)
        self.contact_point_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )

        self.agenda_model = AgendaModel(self)
        self.agenda_proxy = SortProxy(self)
        self.agenda_proxy.setSourceModel(self.agenda_model)
        self.agenda_table = TableView(EMPTY_AGENDA)
        self.agenda_table.setObjectName("agenda")
        self.agenda_table.setModel(self.agenda_proxy)
        self.agenda_table.sortByColumn(AgendaColumn.POSITION, Qt.SortOrder.AscendingOrder)
        self.agenda_table.fit_columns({AgendaColumn.QUESTION})
        self.agenda_table.horizontalHeader().setSectionResizeMode(
            AgendaColumn.NAME, QHeaderView.ResizeMode.Interactive
        )
        self.agenda_table.setToolTip("Dubbelklik of Enter opent de casus.")
        self.add_case_button = QPushButton("Casus &toevoegen…")
        self.edit_item_button = QPushButton("&Vraag en delen…")
        self.remove_item_button = QPushButton("Van agenda halen")
        self.preview_button = QPushButton("Voorbeeld &pakket…")
        self.agreements_button = QPushButton("&Afspraken vastleggen…")
        self.previous = PreviousAgreements()

    def _init_layout(self) -> None:
        card = QWidget()
        card.setObjectName("contact_card")
        card.setStyleSheet(style.card("#contact_card"))
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(8, 6, 8, 6)
        card_layout.addWidget(_section("Aanspreekpunt gemeente"))
        card_layout.addWidget(self.contact_point_label)

        facts = QGridLayout()
        facts.setContentsMargins(0, 0, 0, 0)
        facts.setHorizontalSpacing(12)
        facts.addWidget(_muted("Tijd en plaats"), 0, 0, Qt.AlignmentFlag.AlignTop)
        facts.addWidget(self.when_label, 0, 1)
        facts.addWidget(_muted("Voorzitter"), 1, 0, Qt.AlignmentFlag.AlignTop)
        facts.addWidget(self.chair_label, 1, 1)
        facts.addWidget(_muted("Aan tafel"), 2, 0, Qt.AlignmentFlag.AlignTop)
        facts.addWidget(self.participants_label, 2, 1)
        facts.setColumnStretch(1, 1)
        head = QHBoxLayout()
        head_text = QVBoxLayout()
        head_text.addWidget(self.header_label)
        head_text.addLayout(facts)
        head_text.addWidget(self.recorded_label)
        head.addLayout(head_text, 3)
        head.addWidget(card, 2, Qt.AlignmentFlag.AlignTop)

        agenda_title = QHBoxLayout()
        agenda_title.addWidget(_section("Agenda"))
        agenda_title.addSpacing(12)
        for button in (self.add_case_button, self.edit_item_button, self.remove_item_button):
            agenda_title.addWidget(button)
        agenda_title.addStretch(1)

        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.preview_button)
        bottom.addWidget(self.agreements_button)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addSpacing(6)
        layout.addLayout(agenda_title)
        layout.addWidget(self.agenda_table, 1)
        layout.addWidget(self.previous)
        layout.addLayout(bottom)
        self.addWidget(self.placeholder)
        self.addWidget(content)

    # --- showing -------------------------------------------------------------------------

    def show_sentence(self, text: str) -> None:
        self.placeholder.setText(text)
        self.setCurrentWidget(self.placeholder)

    def show_detail(self, detail: MeetingDetail) -> None:
        """Fill the page from a meeting read; the chosen agenda case stays chosen."""
        chosen = self.selected_entry()
        data = detail.data
        self.header_label.setText(
            HEADER.format(
                kind=data.kind.label.split(" (")[0],
                municipality=detail.municipality,
                day=date_text(data.held_on),
            )
        )
        self.chair_label.setText(data.chair or "—")
        self.when_label.setText(when_text(data.starts_at, data.place))
        self.participants_label.setText(", ".join(data.participants) or "—")
        recorded = detail.agreements_recorded_on
        self.recorded_label.setText(
            RECORDED.format(day=date_text(recorded)) if recorded else NOT_RECORDED
        )
        self.contact_point_label.setText(contact_point_text(detail.contact_point))
        self.agenda_model.set_rows(list(detail.agenda))
        self.agenda_table.resizeColumnToContents(AgendaColumn.NAME)
        if chosen is not None:
            self.select_agenda_case(chosen.case_id)
        self._agenda_chosen()
        self.setCurrentIndex(1)

    def clear_agenda(self) -> None:
        self.agenda_model.clear()
        self.previous.model.clear()

    def clear(self) -> None:
        """Nothing of a case stays on screen."""
        self.clear_agenda()
        for label in (
            self.header_label,
            self.chair_label,
            self.when_label,
            self.participants_label,
            self.recorded_label,
            self.contact_point_label,
        ):
            label.clear()
        self.previous.clear()
        self.show_sentence(NO_MEETING)

    # --- the agenda ------------------------------------------------------------------------

    def selected_entry(self) -> AgendaEntry | None:
        value = self.agenda_table.selected_value()
        return value if isinstance(value, AgendaEntry) else None

    def select_agenda_case(self, case_id: int) -> bool:
        for proxy_row in range(self.agenda_proxy.rowCount()):
            entry = self.agenda_proxy.value_at(proxy_row)
            if entry is not None and entry.case_id == case_id:
                self.agenda_table.selectRow(proxy_row)
                return True
        return False

    def _agenda_chosen(self, *_args: QItemSelection) -> None:
        self.previous.show_entry(self.selected_entry())
        self.entry_chosen.emit()

    def _agenda_activated(self, index: QModelIndex) -> None:
        entry = self.agenda_proxy.value_at(index.row())
        if entry is not None:
            self.case_requested.emit(entry.case_id)
