"""The three tables of the case view, each with its title: the timeline (with the whole
note of the chosen line under it, and Corrigeren/Intrekken for it, as buttons and in its
context menu), the actions (with their buttons: add, change, done and its undo, open
again), and ZRM over time."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework.cases import ActionItem, TimelineEntry
from bemoeizorg.casework.meetings import DisclosureEntry
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.vocabulary import ZrmDomain
from bemoeizorg.ui import style
from bemoeizorg.ui.models.case_action_model import ActionColumn, CaseActionModel
from bemoeizorg.ui.models.disclosure_model import DisclosureColumn, DisclosureModel
from bemoeizorg.ui.models.row_table import SortProxy
from bemoeizorg.ui.models.timeline_model import TimelineColumn, TimelineModel, superseded_text
from bemoeizorg.ui.models.zrm_model import DOMAINS, ZrmHistoryModel
from bemoeizorg.ui.widgets.table_view import TableView

NO_EVENTS = "Nog niets vastgelegd."
NO_ACTIONS = "Geen acties. Kies 'Actie toevoegen' voor een afspraak met een datum."
NO_ZRM = "Nog niet gescoord. Kies 'ZRM scoren' om de leefgebieden te scoren."
DETAIL_HINT = (
    "Kies een regel in de tijdlijn om de hele notitie te lezen; dubbelklik op een melding "
    "om hem helemaal te lezen."
)
DETAIL = "{date} · {summary} · {by}"
OPEN_REPORT = (
    "Dubbelklik, Enter of 'Melding inzien' toont alles wat bij deze melding is vastgelegd."
)
TIMELINE_TITLE = "Tijdlijn"
ACTIONS_TITLE = "Acties"
ACTIONS_LATE = "Acties ({count} te laat)"
ZRM_TITLE = "ZRM door de tijd"
DISCLOSURES_TITLE = "Verstrekkingen"
DISCLOSURES_COUNT = "Verstrekkingen ({count})"
NO_DISCLOSURES = "Nog met niemand gedeeld: deze casus zat in geen pakket voor een overleg."
ZRM_LEGEND = "1-2 rood, 3 oranje, 4-5 groen; de nieuwste score links."
MAX_NAME_WIDTH = 180
CORRECT = "Corr&igeren…"
CORRECT_TIP = "De gekozen regel verbeteren; de oorspronkelijke regel blijft bewaard"
WITHDRAW = "Intre&kken…"
WITHDRAW_TIP = "De gekozen regel intrekken; hij blijft bewaard, gemarkeerd als ingetrokken"
OUTCOME = "&Uitkomst vastleggen…"
OUTCOME_TIP = "Of de doorverwijzing is geaccepteerd, nu dat bekend is"
EDIT_ACTION = "Wi&jzigen…"
EDIT_ACTION_TIP = "Wat, wie of uiterlijk wanneer van de gekozen actie wijzigen"
DONE_TIP = "Zet de gekozen actie op afgerond (vandaag)"
REOPEN_ACTION = "Weer &open"
REOPEN_ACTION_TIP = "De gekozen afgeronde actie staat weer open"
UNDO_DONE = "Ongedaan maken"
UNDO_DONE_TIP = "De actie die u zojuist op afgerond zette, staat weer open"
ZRM_DATES_IN_SIGHT = 4
ZRM_DOMAINS_IN_SIGHT = 7


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(style.bold())
    return label


def _column(*items: QWidget | QHBoxLayout, stretch_index: int = 1) -> QVBoxLayout:
    layout = QVBoxLayout()
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    for index, item in enumerate(items):
        stretch = 1 if index == stretch_index else 0
        if isinstance(item, QHBoxLayout):
            layout.addLayout(item, stretch)
        else:
            layout.addWidget(item, stretch)
    return layout


class TimelinePanel(QWidget):
    correct_requested = Signal()  # Corrigeren… for the chosen line
    withdraw_requested = Signal()  # Intrekken…
    outcome_requested = Signal()  # a referral's outcome, once known
    report_requested = Signal()  # Melding inzien…

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TimelineModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = TableView(NO_EVENTS)
        self.table.setObjectName("timeline")
        self.table.setModel(self.proxy)
        self.table.sortByColumn(TimelineColumn.DATE, Qt.SortOrder.DescendingOrder)
        self.table.fit_columns({TimelineColumn.SUMMARY, TimelineColumn.NOTE})
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.detail = QLabel(DETAIL_HINT)
        self.detail.setObjectName("timeline_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setMinimumHeight(self.fontMetrics().height() * 2)
        # What can be done with the chosen line sits beside what it says.
        self.correct_button = QPushButton(CORRECT)
        self.correct_button.setToolTip(CORRECT_TIP)
        self.withdraw_button = QPushButton(WITHDRAW)
        self.withdraw_button.setToolTip(WITHDRAW_TIP)
        self.outcome_button = QPushButton(OUTCOME)
        self.outcome_button.setToolTip(OUTCOME_TIP)
        self.correct_button.clicked.connect(self.correct_requested)
        self.withdraw_button.clicked.connect(self.withdraw_requested)
        self.outcome_button.clicked.connect(self.outcome_requested)
        # In one row beside the text, so that showing "Uitkomst vastleggen" for a referral
        # does not take height from the timeline.
        under = QHBoxLayout()
        under.setSpacing(6)
        under.addWidget(self.detail, 1)
        for button in (self.outcome_button, self.correct_button, self.withdraw_button):
            under.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        # The buttons that add to the timeline sit on its title line (`add_buttons`).
        self.title_row = QHBoxLayout()
        self.title_row.setSpacing(6)
        self.title_row.addWidget(_title(TIMELINE_TITLE))
        self.title_row.addSpacing(12)
        self.title_row.addStretch(1)
        self.setLayout(_column(self.title_row, self.table, under))
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.set_line_actions(correct="", withdraw="", outcome=False, report=False)

    def selected(self) -> TimelineEntry | None:
        value = self.table.selected_value()
        return value if isinstance(value, TimelineEntry) else None

    def add_buttons(self, *buttons: QPushButton) -> None:
        for button in buttons:
            self.title_row.insertWidget(self.title_row.count() - 1, button)

    def set_entries(self, entries: list[TimelineEntry]) -> None:
        self.model.set_rows(entries)
        self._selected()

    def clear(self) -> None:
        self.set_entries([])

    # --- what can be done with the chosen line ----------------------------------------------

    def set_line_actions(
        self, *, correct: str | None, withdraw: str | None, outcome: bool, report: bool
    ) -> None:
        """None: allowed; a text: why not (the button's tooltip); '' : nothing chosen."""
        for button, why, tip in (
            (self.correct_button, correct, CORRECT_TIP),
            (self.withdraw_button, withdraw, WITHDRAW_TIP),
        ):
            button.setEnabled(why is None)
            button.setToolTip(why or tip)
        self.outcome_button.setVisible(outcome)
        self.outcome_button.setEnabled(outcome)
        self._report_allowed = report

    def context_menu(self) -> QMenu | None:
        """The chosen line's menu: what its buttons do, and reading its melding."""
        if self.selected() is None:
            return None
        menu = QMenu(self)
        for text, button, signal in (
            ("Corrigeren…", self.correct_button, self.correct_requested),
            ("Intrekken…", self.withdraw_button, self.withdraw_requested),
            ("Uitkomst vastleggen…", self.outcome_button, self.outcome_requested),
        ):
            if button is self.outcome_button and not button.isVisible():
                continue
            action = QAction(text, menu)
            action.setEnabled(button.isEnabled())
            action.setToolTip(button.toolTip())
            action.triggered.connect(signal)
            menu.addAction(action)
        if self._report_allowed:
            menu.addSeparator()
            action = QAction("Melding inzien…", menu)
            action.triggered.connect(self.report_requested)
            menu.addAction(action)
        menu.setToolTipsVisible(True)  # why a greyed item is greyed
        return menu

    def _context_menu(self, point: QPoint) -> None:
        index = self.table.indexAt(point)
        if index.isValid():
            self.table.selectRow(index.row())
        menu = self.context_menu()
        if menu is not None:
            menu.popup(self.table.viewport().mapToGlobal(point))

    def _selected(self, *_args: object) -> None:
        entry = self.table.selected_value()
        if not isinstance(entry, TimelineEntry):
            self.detail.setText(DETAIL_HINT)
            self.detail.setStyleSheet(style.muted_text())
            return
        text = DETAIL.format(
            date=date_text(entry.on_date), summary=entry.summary, by=entry.created_by
        )
        note = entry.note.strip() or (OPEN_REPORT if entry.report_id is not None else "")
        lines = [text, note, superseded_text(entry), self.model.correction_text(entry)]
        self.detail.setText("\n".join(line for line in lines if line))
        self.detail.setStyleSheet("")


class ActionsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _title(ACTIONS_TITLE)
        self.title.setObjectName("actions_title")
        self.model = CaseActionModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = TableView(NO_ACTIONS)
        self.table.setObjectName("actions")
        self.table.setModel(self.proxy)
        self.table.sortByColumn(ActionColumn.DUE, Qt.SortOrder.AscendingOrder)
        self.table.fit_columns({ActionColumn.DESCRIPTION})
        # A long name must not squeeze what is to be done; the tooltip has it whole.
        self.table.horizontalHeader().setMaximumSectionSize(MAX_NAME_WIDTH)
        self.add_button = QPushButton("Actie &toevoegen…")
        self.edit_button = QPushButton(EDIT_ACTION)
        self.edit_button.setToolTip(EDIT_ACTION_TIP)
        self.done_button = QPushButton("Af&gerond")
        self.done_button.setToolTip(DONE_TIP)
        self.reopen_button = QPushButton(REOPEN_ACTION)
        self.reopen_button.setToolTip(REOPEN_ACTION_TIP)
        # Shown right after "Afgerond": a click too quick is undone in one more.
        self.undo_button = QPushButton(UNDO_DONE)
        self.undo_button.setToolTip(UNDO_DONE_TIP)
        self.undo_button.hide()
        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.edit_button,
            self.done_button,
            self.reopen_button,
            self.undo_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.setLayout(_column(self.title, self.table, buttons))

    def set_actions(self, actions: list[ActionItem], *, case_open: bool = True) -> None:
        self.model.mark_overdue = case_open
        self.model.set_rows(actions)
        late = sum(1 for action in actions if self.model.is_late(action))
        self.title.setText(ACTIONS_LATE.format(count=late) if late else ACTIONS_TITLE)
        self.title.setStyleSheet(style.late_title() if late else style.bold())

    def clear(self) -> None:
        self.set_actions([])

    def selected(self) -> ActionItem | None:
        value = self.table.selected_value()
        return value if isinstance(value, ActionItem) else None


class ZrmPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ZrmHistoryModel(self)
        self.table = QTableView()
        self.table.setObjectName("zrm")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        row_height = self.fontMetrics().height() + 6
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        self.table.verticalHeader().setMinimumSectionSize(row_height)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setHighlightSections(False)
        # Most domains in sight (the rest a scroll away); asking for all twelve left the
        # timeline about four rows at the default window size (issue 14).
        header_height = self.table.horizontalHeader().sizeHint().height()
        in_sight = min(len(DOMAINS), ZRM_DOMAINS_IN_SIGHT)
        self.table.setMinimumHeight(row_height * in_sight + header_height + 4)
        self.empty = QLabel(NO_ZRM)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet(style.muted_text())
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # Takes the free height itself, so its sentence stays under the title.
        self.empty.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.legend = QLabel(ZRM_LEGEND)
        self.legend.setStyleSheet(style.muted_text())
        title = QHBoxLayout()
        title.addWidget(_title(ZRM_TITLE))
        title.addStretch(1)
        title.addWidget(self.legend)
        layout = _column(self.table, self.empty, stretch_index=0)
        layout.insertLayout(0, title)
        self.setLayout(layout)
        self.set_history({})

    def set_history(self, history: dict[date, dict[ZrmDomain, int]]) -> None:
        self.model.set_history(history)
        # Wide enough for the domains and the newest few dates; older ones scroll.
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        shown = min(header.count(), 1 + ZRM_DATES_IN_SIGHT)
        width = sum(header.sectionSize(i) for i in range(shown))
        scrollbar = self.table.verticalScrollBar().sizeHint().width()
        self.table.setMinimumWidth(width + 2 * self.table.frameWidth() + scrollbar)
        self.table.setVisible(bool(history))
        self.legend.setVisible(bool(history))
        self.empty.setVisible(not history)

    def clear(self) -> None:
        self.set_history({})


class DisclosurePanel(QWidget):
    """The verstrekkingenlog of this case: each pack it went into, newest first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _title(DISCLOSURES_TITLE)
        self.model = DisclosureModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = TableView(NO_DISCLOSURES)
        self.table.setObjectName("disclosures")
        self.table.setModel(self.proxy)
        self.table.sortByColumn(DisclosureColumn.MADE_AT, Qt.SortOrder.DescendingOrder)
        self.table.setColumnHidden(DisclosureColumn.CASE, True)  # it is this case
        self.table.fit_columns({DisclosureColumn.ORGANISATIONS})
        rows = self.fontMetrics().height() + 8
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setMaximumHeight(rows * 4 + header)
        self.table.setMinimumHeight(rows * 3 + header)  # its empty sentence stays whole
        self.setLayout(_column(self.title, self.table))

    def set_entries(self, entries: list[DisclosureEntry]) -> None:
        self.model.set_rows(entries)
        count = len(entries)
        self.title.setText(DISCLOSURES_COUNT.format(count=count) if count else DISCLOSURES_TITLE)

    def clear(self) -> None:
        self.set_entries([])
