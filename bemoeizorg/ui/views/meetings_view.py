"""Netwerkoverleg: what a team lead prepares and records. Left the meetings; right the
chosen one: who sits at the table, the municipality's contact point, the agenda with the
question to the network per case, and for the chosen case what the previous meeting agreed
(so this meeting can evaluate it). From here the pack is previewed and made, and what was
agreed is recorded.

Reading a meeting reads its cases (one VIEW entry per case, casework/meetings.py): so nothing
is read while the view is hidden, and on lock everything goes, dialogs included.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework.meetings import (
    AgendaEntry,
    MeetingDetail,
    MeetingSummary,
    delete_meeting,
    list_meetings,
    meeting_detail,
    remove_from_agenda,
)
from bemoeizorg.domain.formats import date_text
from bemoeizorg.ui import messages, style
from bemoeizorg.ui.dialog_host import DialogHost
from bemoeizorg.ui.dialogs.agenda_item_dialog import AgendaItemDialog
from bemoeizorg.ui.dialogs.agreements_dialog import AgreementsDialog
from bemoeizorg.ui.dialogs.meeting_dialog import MeetingDialog, contact_point_text
from bemoeizorg.ui.dialogs.pack_preview_dialog import PackPreviewDialog
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.models.agenda_model import AgendaColumn, AgendaModel, AgreedActionModel
from bemoeizorg.ui.models.meeting_list_model import MeetingColumn, MeetingListModel
from bemoeizorg.ui.models.row_table import SortProxy
from bemoeizorg.ui.register_session import RegisterSession, Topic
from bemoeizorg.ui.widgets.table_view import TableView

TOPICS = frozenset({Topic.CASES, Topic.MEETINGS})
TITLE = "Netwerkoverleg"
NO_MEETINGS = "Nog geen overleg gepland. Kies ‘Nieuw overleg…’."
NO_MEETING = "Kies links een overleg, of plan een nieuw overleg."
LOADING = "Overleg wordt geladen…"
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
NOT_YET_HELD = "Afspraken vastleggen kan vanaf de dag van het overleg ({day})."
DELETE_TITLE = "Overleg verwijderen"
DELETE_TEXT = "Het overleg van {day} in {municipality} verwijderen, met zijn agenda?"
REMOVE_TITLE = "Van de agenda halen"
REMOVE_TEXT = "Casus {number} van de agenda halen? De vraag aan het netwerk gaat verloren."


def _muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(style.muted_text())
    return label


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(style.bold())
    return label


class MeetingsView(QWidget):
    case_requested = Signal(int)  # a case id: open it

    def __init__(
        self,
        session: RegisterSession,
        dialogs: DialogHost | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        # The main window's host; a view built on its own (tests) hosts its own dialogs.
        self._dialogs = dialogs or DialogHost(session, self)
        self._seq = 0  # the newest list load; older answers are dropped
        self._detail_seq = 0
        self._stale = True
        self._selected_id: int | None = None
        self.detail: MeetingDetail | None = None
        self.today = date.today  # tests may pin the day
        self._init_widgets()
        self._init_layout()
        self._connect_signals()
        self.clear()

    # --- building ------------------------------------------------------------------------

    def _init_widgets(self) -> None:
        self.title = QLabel(TITLE)
        self.title.setStyleSheet(style.page_title())
        self.meeting_model = MeetingListModel(self)
        self.meeting_proxy = SortProxy(self)
        self.meeting_proxy.setSourceModel(self.meeting_model)
        self.meeting_table = TableView(NO_MEETINGS)
        self.meeting_table.setObjectName("meetings")
        self.meeting_table.setModel(self.meeting_proxy)
        self.meeting_table.sortByColumn(MeetingColumn.DATE, Qt.SortOrder.DescendingOrder)
        self.meeting_table.fit_columns(set())
        self.new_button = QPushButton("&Nieuw overleg…")
        self.edit_button = QPushButton("Wijzigen…")
        self.delete_button = QPushButton("Verwijderen…")

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

        self.previous_label = _muted(PREVIOUS_HINT)
        self.previous_label.setObjectName("previous_summary")
        self.previous_model = AgreedActionModel(self)
        self.previous_proxy = SortProxy(self)
        self.previous_proxy.setSourceModel(self.previous_model)
        self.previous_table = TableView("")
        self.previous_table.setObjectName("previous_actions")
        self.previous_table.setModel(self.previous_proxy)
        self.previous_table.setSortingEnabled(False)
        self.previous_table.fit_columns({0})
        self.previous_table.setMaximumHeight(140)

    def _init_layout(self) -> None:
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.title)
        left_layout.addWidget(self.meeting_table, 1)
        left_layout.addLayout(buttons)

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
        facts.addWidget(_muted("Voorzitter"), 0, 0, Qt.AlignmentFlag.AlignTop)
        facts.addWidget(self.chair_label, 0, 1)
        facts.addWidget(_muted("Aan tafel"), 1, 0, Qt.AlignmentFlag.AlignTop)
        facts.addWidget(self.participants_label, 1, 1)
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
        layout.addWidget(_section(PREVIOUS_TITLE))
        layout.addWidget(self.previous_label)
        layout.addWidget(self.previous_table)
        layout.addLayout(bottom)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.placeholder)
        self.pages.addWidget(content)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([520, 760])
        self.splitter = splitter
        outer = QVBoxLayout(self)
        outer.addWidget(splitter)

    def _connect_signals(self) -> None:
        s = self._session
        s.unlocked.connect(self.reload)
        s.locked.connect(self.clear)
        s.closed.connect(self.clear)
        s.data_changed.connect(self._data_changed)
        self.meeting_table.selectionModel().selectionChanged.connect(self._meeting_chosen)
        self.agenda_table.selectionModel().selectionChanged.connect(self._agenda_chosen)
        self.agenda_table.activated.connect(self._agenda_activated)
        self.meeting_table.activated.connect(lambda _index: self.edit_meeting())
        self.new_button.clicked.connect(self.plan_meeting)
        self.edit_button.clicked.connect(self.edit_meeting)
        self.delete_button.clicked.connect(self.delete_meeting)
        self.add_case_button.clicked.connect(self.add_case)
        self.edit_item_button.clicked.connect(self.edit_item)
        self.remove_item_button.clicked.connect(self.remove_item)
        self.preview_button.clicked.connect(self.preview_pack)
        self.agreements_button.clicked.connect(self.record_agreements)

    # --- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        self._seq += 1
        if not self._session.is_unlocked:
            return
        if not self.isVisible():
            self._stale = True  # read (and logged) when the user looks at it
            return
        self._stale = False
        seq = self._seq
        self._session.call(
            list_meetings, lambda rows: self._listed(seq, rows), lambda exc: self._failed(seq, exc)
        )

    def _listed(self, seq: int, rows: list[MeetingSummary]) -> None:
        if seq != self._seq:
            return
        wanted = self._selected_id
        self.meeting_table.selectionModel().blockSignals(True)
        self.meeting_model.set_rows(rows)
        self.meeting_table.selectionModel().blockSignals(False)
        self._fit_meeting_list()
        if wanted is not None and self.select_meeting(wanted):
            self._load_detail(wanted)
        else:
            self._show_none()
        self._update_buttons()

    def _fit_meeting_list(self) -> None:
        """Wide enough for every column: no sideways scrolling to see the packs made."""
        table = self.meeting_table
        table.resizeColumnsToContents()
        header = table.horizontalHeader()
        width = sum(header.sectionSize(i) for i in range(header.count()))
        width += 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
        table.setMinimumWidth(width)

    def select_meeting(self, meeting_id: int) -> bool:
        """Select a meeting in the list (without loading it); False when it is not there."""
        source_row = self.meeting_model.row_of(meeting_id)
        if source_row is None:
            return False
        proxy_row = self.meeting_proxy.mapFromSource(self.meeting_model.index(source_row, 0)).row()
        model = self.meeting_table.selectionModel()
        model.blockSignals(True)
        self.meeting_table.selectRow(proxy_row)
        model.blockSignals(False)
        self._selected_id = meeting_id
        return True

    def show_meeting(self, meeting_id: int) -> None:
        """Choose a meeting and read it (its cases are logged as viewed)."""
        if self.select_meeting(meeting_id):
            self._load_detail(meeting_id)
        self._update_buttons()

    def _meeting_chosen(self, *_args: QItemSelection) -> None:
        row = self.meeting_table.selected_value()
        if isinstance(row, MeetingSummary):
            self._selected_id = row.id
            self._load_detail(row.id)
        else:
            self._selected_id = None
            self._show_none()
        self._update_buttons()

    def _load_detail(self, meeting_id: int) -> None:
        self._detail_seq += 1
        seq = self._detail_seq
        if self.detail is None or self.detail.id != meeting_id:
            self.detail = None
            self.placeholder.setText(LOADING)
            self.pages.setCurrentWidget(self.placeholder)
        self._session.call(
            lambda r: meeting_detail(r, meeting_id),
            lambda detail: self._detail_loaded(seq, detail),
            lambda exc: self._failed(seq, exc, detail=True),
        )

    def _detail_loaded(self, seq: int, detail: MeetingDetail) -> None:
        if seq != self._detail_seq or detail.id != self._selected_id:
            return
        chosen = self.selected_entry()
        self.detail = detail
        data = detail.data
        self.header_label.setText(
            HEADER.format(
                kind=data.kind.label.split(" (")[0],
                municipality=detail.municipality,
                day=date_text(data.held_on),
            )
        )
        self.chair_label.setText(data.chair or "—")
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
        self.pages.setCurrentIndex(1)
        self._update_buttons()

    def _show_none(self) -> None:
        self._detail_seq += 1
        self.detail = None
        self.agenda_model.clear()
        self.previous_model.clear()
        self.placeholder.setText(NO_MEETING)
        self.pages.setCurrentWidget(self.placeholder)

    def _failed(self, seq: int, exc: BaseException, *, detail: bool = False) -> None:
        if seq != (self._detail_seq if detail else self._seq):
            return
        if detail:
            self._selected_id = None
            self._show_none()
        show_error(exc)

    def _data_changed(self, topic: str) -> None:
        if topic not in TOPICS:
            return
        self.reload()

    def clear(self) -> None:
        """Locked or closed: nothing of a case stays on screen (the dialog host closes the
        dialogs)."""
        self._seq += 1
        self._detail_seq += 1
        self._stale = True
        self._selected_id = None
        self.detail = None
        self.meeting_model.clear()
        self.agenda_model.clear()
        self.previous_model.clear()
        for label in (
            self.header_label,
            self.chair_label,
            self.participants_label,
            self.recorded_label,
            self.contact_point_label,
        ):
            label.clear()
        self.previous_label.setText(PREVIOUS_HINT)
        self.placeholder.setText(NO_MEETING)
        self.pages.setCurrentWidget(self.placeholder)
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self._session.is_unlocked:
            self.reload()

    # --- the agenda --------------------------------------------------------------------------

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
        entry = self.selected_entry()
        if entry is None:
            self.previous_label.setText(PREVIOUS_HINT)
            self.previous_model.clear()
            self.previous_table.setVisible(False)
        elif entry.previous is None:
            self.previous_label.setText(NO_PREVIOUS)
            self.previous_model.clear()
            self.previous_table.setVisible(False)
        else:
            previous = entry.previous
            text = PREVIOUS.format(
                day=date_text(previous.held_on), holder=previous.holder or NO_HOLDER
            )
            if not previous.actions:
                text = f"{text} {NO_ACTIONS}"
            self.previous_label.setText(text)
            self.previous_model.set_rows(list(previous.actions))
            self.previous_table.setVisible(bool(previous.actions))
        self._update_buttons()

    def _agenda_activated(self, index: QModelIndex) -> None:
        entry = self.agenda_proxy.value_at(index.row())
        if entry is not None:
            self.case_requested.emit(entry.case_id)

    # --- state -----------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        chosen = self._selected_id is not None
        detail = self.detail
        has_detail = detail is not None
        has_agenda = has_detail and bool(detail.agenda) if detail else False
        entry = self.selected_entry() if has_detail else None
        self.new_button.setEnabled(self._session.is_unlocked)
        self.edit_button.setEnabled(chosen and has_detail)
        self.delete_button.setEnabled(chosen and has_detail)
        self.add_case_button.setEnabled(has_detail)
        self.edit_item_button.setEnabled(entry is not None)
        self.remove_item_button.setEnabled(entry is not None)
        self.preview_button.setEnabled(has_agenda)
        held = detail is not None and detail.data.held_on <= self.today()
        self.agreements_button.setEnabled(has_agenda and held)
        self.agreements_button.setToolTip(
            NOT_YET_HELD.format(day=date_text(detail.data.held_on))
            if detail is not None and not held
            else ""
        )

    # --- dialogs -------------------------------------------------------------------------------

    def _changed(self, _result: object = None) -> None:
        """After a save: tell every other view (this one reloads too)."""
        self._session.data_changed.emit(Topic.MEETINGS)

    def _meeting_saved(self, meeting_id: object) -> None:
        """A meeting planned or changed: show it."""
        if isinstance(meeting_id, int):
            self._selected_id = meeting_id
        self._changed()

    def plan_meeting(self) -> MeetingDialog | None:
        if not self._session.is_unlocked:
            return None
        dialog = MeetingDialog(self._session, parent=self)
        dialog.saved.connect(self._meeting_saved)
        return self._dialogs.open(dialog)

    def edit_meeting(self) -> MeetingDialog | None:
        detail = self.detail
        if detail is None:
            return None
        dialog = MeetingDialog(self._session, meeting_id=detail.id, data=detail.data, parent=self)
        dialog.saved.connect(self._meeting_saved)
        return self._dialogs.open(dialog)

    def delete_meeting(self) -> None:
        detail = self.detail
        if detail is None:
            return
        text = DELETE_TEXT.format(
            day=date_text(detail.data.held_on), municipality=detail.municipality
        )
        if not messages.confirm(self, DELETE_TITLE, text):
            return
        meeting_id = detail.id

        def done(_result: object) -> None:
            if self._selected_id == meeting_id:
                self._selected_id = None
            self._changed()

        self._session.call(lambda r: delete_meeting(r, meeting_id), done)

    def add_case(self) -> AgendaItemDialog | None:
        detail = self.detail
        if detail is None:
            return None
        dialog = AgendaItemDialog(
            self._session,
            detail.id,
            municipality_code=detail.data.municipality_code,
            on_agenda=frozenset(e.case_id for e in detail.agenda),
            participants=detail.data.participants,
            parent=self,
        )
        dialog.saved.connect(self._changed)
        return self._dialogs.open(dialog)

    def edit_item(self) -> AgendaItemDialog | None:
        detail, entry = self.detail, self.selected_entry()
        if detail is None or entry is None:
            return None
        dialog = AgendaItemDialog(
            self._session,
            detail.id,
            participants=detail.data.participants,
            entry=entry,
            parent=self,
        )
        dialog.saved.connect(self._changed)
        return self._dialogs.open(dialog)

    def remove_item(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        if not messages.confirm(self, REMOVE_TITLE, REMOVE_TEXT.format(number=entry.case_number)):
            return
        item_id = entry.id
        self._session.call(lambda r: remove_from_agenda(r, item_id), self._changed)

    def preview_pack(self) -> PackPreviewDialog | None:
        detail = self.detail
        if detail is None or not detail.agenda:
            return None
        dialog = PackPreviewDialog(self._session, detail.id, parent=self)
        return self._dialogs.open(dialog)

    def record_agreements(self) -> AgreementsDialog | None:
        detail = self.detail
        if detail is None or not detail.agenda:
            return None
        dialog = AgreementsDialog(self._session, detail, parent=self)
        dialog.saved.connect(self._changed)
        return self._dialogs.open(dialog)
