"""The three tables of the case view, each with its title: the timeline (with the whole
note of the chosen line under it), the actions (with their buttons), and ZRM over time."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
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
from bemoeizorg.ui.models.timeline_model import TimelineColumn, TimelineModel
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
ZRM_DATES_IN_SIGHT = 4


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
        self.detail = QLabel(DETAIL_HINT)
        self.detail.setObjectName("timeline_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setMinimumHeight(self.fontMetrics().height() * 2)
        # The buttons that add to the timeline sit on its title line (`add_buttons`).
        self.title_row = QHBoxLayout()
        self.title_row.setSpacing(6)
        self.title_row.addWidget(_title(TIMELINE_TITLE))
        self.title_row.addSpacing(12)
        self.title_row.addStretch(1)
        self.setLayout(_column(self.title_row, self.table, self.detail))
        self.table.selectionModel().selectionChanged.connect(self._selected)

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
        self.detail.setText(f"{text}\n{note}" if note else text)
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
        self.done_button = QPushButton("Af&gerond")
        self.done_button.setToolTip("Zet de gekozen actie op afgerond (vandaag)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.done_button)
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
        # All twelve domains in sight: the table asks for their height.
        header_height = self.table.horizontalHeader().sizeHint().height()
        self.table.setMinimumHeight(row_height * len(DOMAINS) + header_height + 4)
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
        self.table.setMaximumHeight(rows * 4 + self.table.horizontalHeader().sizeHint().height())
        self.setLayout(_column(self.title, self.table))

    def set_entries(self, entries: list[DisclosureEntry]) -> None:
        self.model.set_rows(entries)
        count = len(entries)
        self.title.setText(DISCLOSURES_COUNT.format(count=count) if count else DISCLOSURES_TITLE)

    def clear(self) -> None:
        self.set_entries([])
