"""Casussen: every case, filtered by phase, municipality, owner, status and specialism,
and found while typing by any part of a name, an alias or a case number.

Each query runs on the worker and is tagged with a sequence number: a result that comes
back after a newer query was asked for is dropped, so an earlier keystroke never
overwrites the rows of a later one.

Speed where it is felt (issue 16, bench/bench_window.py): the search asks at each
keystroke, with no waiting for typing to pause; one query is on its way at a time, and
keys typed meanwhile make one query for the newest text once it answers. The first page
(FIRST_PAGE rows) comes without its count; the count follows once typing pauses
(COUNT_DELAY_MS), so the rows are painted first.

The register sorts and pages (casework/case_list.py): a header click asks it again, so the
order holds for every matching case, not only the loaded page. The proxy keeps the rows in
the order they came (sorting 500 rows again in Python, on every keystroke, cost more than
the query itself).

Buttons beside the title switch to the meldingen that are no case: "Te beoordelen" (the
triage queue) and "Niet opgepakt" (views/report_list_panel.py).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework.case_list import (
    CaseFilter,
    CaseListPage,
    CaseStatus,
    count_cases,
    list_cases,
)
from bemoeizorg.casework.reference_data import team_members
from bemoeizorg.domain.formats import counted, number_text
from bemoeizorg.domain.municipalities import MUNICIPALITIES
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.vocabulary import PHASE_ORDER, Phase
from bemoeizorg.store.register import Register
from bemoeizorg.ui import style
from bemoeizorg.ui.jobs import ignore_error, show_error
from bemoeizorg.ui.models.case_list_model import (
    HEADERS,
    NO_CONTACT,
    NO_OWNER,
    SQL_SORT,
    CaseColumn,
    CaseListModel,
)
from bemoeizorg.ui.models.row_table import SortProxy
from bemoeizorg.ui.register_session import Topic
from bemoeizorg.ui.views.register_view import EVERY_TOPIC, RegisterView
from bemoeizorg.ui.views.report_list_panel import ReportListKind, ReportListPanel
from bemoeizorg.ui.widgets.table_view import TableView

# Keys that arrive together make one query; otherwise each keystroke asks at once.
SEARCH_DELAY_MS = 0
# The count after the first page, once typing pauses: long enough not to fall between two
# keys (a count can take 50-90 ms at 100,000 reports, and the next key would wait for it).
COUNT_DELAY_MS = 500
# The first page: a screen and some scrolling, found soon even at 100,000 reports (a
# smaller page is found sooner walking the list, casework/case_list.py); "Meer tonen" then
# loads PAGE_SIZE more at a time.
FIRST_PAGE = 60
PAGE_SIZE = 200
IGNORED_TOPICS = frozenset({Topic.LOG})  # log entries change no case

FILTER_NARROWEST = 72  # a filter's choice box at its narrowest (see build)
NAME_NARROWEST = 180  # below this the name column stops shrinking and the table scrolls
ALL_PHASES = "Alle fasen"
ALL_MUNICIPALITIES = "Alle gemeenten"
ALL_OWNERS = "Alle dossierhouders"
ALL_SPECIALISMS = "Alle specialismen"
SEARCH_PLACEHOLDER = "Zoek op naam, casusnummer, BSN of geboortedatum"
SEARCH_TIP = (
    "Naam of roepnaam; een naam mag een tikfout hebben of anders gespeld zijn (Meyer, "
    "Meijer): vindt de zoekopdracht weinig, dan komen namen die erop lijken erbij. Een BSN "
    "met alle 9 cijfers; een geboortedatum als 28-11-1980 of 28111980."
)
EMPTY = "Geen casussen die bij deze zoekopdracht en filters passen."
NO_OPEN = "Geen open casussen. Kies bij Status ‘Alle’ om ook afgesloten casussen te zien."
COUNT_PART = "{shown} van {count} casussen getoond"
COUNTING = "{shown} getoond; de rest wordt geteld…"
MORE = "Meer tonen"
MODE_CASES = "Casussen"
MODE_WAITING = "Te beoordelen"
MODE_NOT_TAKEN = "Niet opgepakt"
CELL_PADDING = 12  # the cell's margins
HEADER_PADDING = 24  # the margins and the sort arrow


def count_text(shown: int, total: int | None) -> str:
    if total is None:
        return COUNTING.format(shown=counted(shown, "casus", "casussen"))
    if shown < total:
        return COUNT_PART.format(shown=number_text(shown), count=number_text(total))
    return counted(total, "casus", "casussen")


def _load_owners(register: Register) -> list[tuple[int, str]]:
    return [(m.id, m.name) for m in team_members(register) if m.id is not None]


class CaseListView(RegisterView):
    case_requested = Signal(int)  # a case id: open it
    topics = EVERY_TOPIC - IGNORED_TOPICS
    reads_when_shown = True  # a list read is logged: read when the user looks at it

    def build(self) -> None:
        self._seq = 0  # the newest query asked for; older answers are dropped
        self._total: int | None = 0
        self._asking = False  # a first page is on its way
        self._ask_again = False  # ... and the filter changed since: ask once it answered
        self._count_filter: CaseFilter | None = None  # the page whose count is still due

        title = QLabel("Casussen")
        title.setStyleSheet(style.page_title())

        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search_box.setToolTip(SEARCH_TIP)
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(320)
        self.search_box.setAccessibleName("Zoeken")
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.count_timer = QTimer(self)
        self.count_timer.setSingleShot(True)
        self.count_timer.setInterval(COUNT_DELAY_MS)

        self.phase_combo = QComboBox()
        self.phase_combo.addItem(ALL_PHASES, None)
        for phase in PHASE_ORDER:
            self.phase_combo.addItem(phase.label, phase.value)
        self.municipality_combo = QComboBox()
        self.municipality_combo.addItem(ALL_MUNICIPALITIES, None)
        for m in sorted(MUNICIPALITIES, key=lambda m: m.name):
            self.municipality_combo.addItem(m.name, m.code)
        self.owner_combo = QComboBox()
        self.owner_combo.addItem(ALL_OWNERS, None)
        self.status_combo = QComboBox()
        for status in (CaseStatus.OPEN, CaseStatus.CLOSED, CaseStatus.ALL):
            self.status_combo.addItem(status.label, status.value)
        self.specialism_combo = QComboBox()
        self.specialism_combo.addItem(ALL_SPECIALISMS, None)
        for specialism in Specialism:
            self.specialism_combo.addItem(specialism.label, specialism.value)
        self.clear_button = QPushButton("Filters wissen")

        self.model = CaseListModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = TableView(EMPTY)
        self.table.setModel(self.proxy)
        # The header shows and changes the order; the register does the sorting.
        self.table.setSortingEnabled(False)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(CaseColumn.NUMBER, Qt.SortOrder.DescendingOrder)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(CaseColumn.NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self._fit_columns()
        self.table.viewport().installEventFilter(self)  # the name's width follows the table's
        self.count_label = QLabel()
        self.count_label.setObjectName("case_count")
        self.more_button = QPushButton(MORE)
        self.more_button.setVisible(False)

        search = QHBoxLayout()
        search.addWidget(self.search_box, 1)
        search.addWidget(QLabel("Status"))
        search.addWidget(self.status_combo)
        filters = QHBoxLayout()
        for label, combo in (
            ("Fase", self.phase_combo),
            ("Gemeente", self.municipality_combo),
            ("Dossierhouder", self.owner_combo),
            ("Specialisme", self.specialism_combo),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(combo)
            # As wide as its longest choice when there is room; narrower (the choice
            # shortened) in an 800-pixel window rather than widening the window.
            combo.setMinimumWidth(FILTER_NARROWEST)
            filters.addSpacing(8)
        filters.addStretch(1)
        filters.addWidget(self.clear_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.more_button)
        cases_page = QWidget()
        layout = QVBoxLayout(cases_page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(search)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._build_modes(title, cases_page)

        self.search_box.textChanged.connect(self._search_typed)
        self.search_box.returnPressed.connect(self.reload)
        self.search_timer.timeout.connect(self.reload)
        self.count_timer.timeout.connect(self._count)
        for combo in self._combos():
            combo.currentIndexChanged.connect(self.reload)
        self.clear_button.clicked.connect(self.clear_filters)
        self.more_button.clicked.connect(self.load_more)
        self.table.activated.connect(self._activated)  # double-click or Enter
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_changed)

    def _build_modes(self, title: QLabel, cases_page: QWidget) -> None:
        """Casussen, or the meldingen that are no case: the triage queue ("Te beoordelen")
        and those not taken on ("Niet opgepakt"), each a list of its own in a stack."""
        self.waiting_panel = ReportListPanel(
            self._session, ReportListKind.WAITING, self._dialog_host
        )
        self.not_taken_panel = ReportListPanel(
            self._session, ReportListKind.NOT_TAKEN_ON, self._dialog_host
        )
        self.pages = QStackedWidget()
        self.mode_group = QButtonGroup(self)
        modes = QHBoxLayout()
        modes.addWidget(title)
        modes.addStretch(1)
        for text, page in (
            (MODE_CASES, cases_page),
            (MODE_WAITING, self.waiting_panel),
            (MODE_NOT_TAKEN, self.not_taken_panel),
        ):
            self.pages.addWidget(page)
            button = QToolButton()
            button.setText(text)
            button.setCheckable(True)
            button.setAutoRaise(False)
            self.mode_group.addButton(button, self.pages.indexOf(page))
            modes.addWidget(button)
        self.cases_button, self.waiting_button, self.not_taken_button = self.mode_group.buttons()
        self.cases_button.setChecked(True)
        self.mode_group.idClicked.connect(self.pages.setCurrentIndex)
        outer = QVBoxLayout(self)
        outer.addLayout(modes)
        outer.addWidget(self.pages, 1)

    def show_mode(self, kind: ReportListKind | None) -> None:
        """Show the cases (None) or one of the lists of meldingen."""
        button = {
            None: self.cases_button,
            ReportListKind.WAITING: self.waiting_button,
            ReportListKind.NOT_TAKEN_ON: self.not_taken_button,
        }[kind]
        button.setChecked(True)
        self.pages.setCurrentIndex(self.mode_group.id(button))

    def _combos(self) -> tuple[QComboBox, ...]:
        return (
            self.phase_combo,
            self.municipality_combo,
            self.owner_combo,
            self.status_combo,
            self.specialism_combo,
        )

    # --- what is asked ---------------------------------------------------------------------

    def case_filter(self) -> CaseFilter:
        header = self.table.horizontalHeader()
        column = CaseColumn(header.sortIndicatorSection())
        # Combo data comes back from Qt as plain str/int: make the enums again.
        phase = self.phase_combo.currentData()
        specialism = self.specialism_combo.currentData()
        owner = self.owner_combo.currentData()
        return CaseFilter(
            phase=Phase(phase) if phase else None,
            municipality_code=self.municipality_combo.currentData() or None,
            owner_id=int(owner) if owner is not None else None,
            status=CaseStatus(self.status_combo.currentData() or CaseStatus.OPEN),
            specialism=Specialism(specialism) if specialism else None,
            text=self.search_box.text(),
            sort=SQL_SORT[column],
            descending=header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder,
        )

    def _search_typed(self, _text: str) -> None:
        self.search_timer.start()  # restarts: the query runs once typing pauses

    def _sort_changed(self, _section: int, _order: Qt.SortOrder) -> None:
        self.reload()

    def clear_filters(self) -> None:
        widgets = (*self._combos(), self.search_box)
        for widget in widgets:
            widget.blockSignals(True)  # one query for all of them
        for combo in self._combos():
            combo.setCurrentIndex(0)
        self.search_box.clear()
        for widget in widgets:
            widget.blockSignals(False)
        self.reload()

    # --- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Ask for the first page; any answer still on its way is now stale."""
        self.search_timer.stop()
        self._seq += 1
        super().reload()

    def load(self) -> None:
        self.count_timer.stop()
        if self._asking:  # one query at a time: the newest goes once this one answered
            self._ask_again = True
            return
        self._asking = True
        seq, flt = self._seq, self.case_filter()
        self._session.call(
            lambda r: list_cases(r, flt, FIRST_PAGE, 0, count=False),
            lambda page: self._answered(seq, flt, page),
            lambda exc: self._answer_failed(seq, exc),
        )

    def _asked_again(self) -> None:
        self._asking = False
        if self._ask_again:
            self._ask_again = False
            self.read_now()  # the newest filter; the answer just come is for an older one

    def _answered(self, seq: int, flt: CaseFilter, page: CaseListPage) -> None:
        self._asked_again()
        self._loaded(seq, flt, page, append=False)

    def _answer_failed(self, seq: int, exc: BaseException) -> None:
        self._asked_again()
        self._failed(seq, exc)

    def _count(self) -> None:
        flt, seq = self._count_filter, self._seq
        if flt is None:
            return
        # Without a count the label says the rest is being counted; nothing more to say.
        self._session.call(
            lambda r: count_cases(r, flt), lambda total: self._counted(seq, total), ignore_error
        )

    def _counted(self, seq: int, total: int) -> None:
        if seq != self._seq:
            return  # counted for an earlier question
        self._count_filter = None
        self._show_count(total)

    def load_more(self) -> None:
        seq, flt, offset = self._seq, self.case_filter(), self.model.rowCount()
        self.more_button.setEnabled(False)
        self._session.call(
            lambda r: list_cases(r, flt, PAGE_SIZE, offset),
            lambda page: self._loaded(seq, flt, page, append=True),
            lambda exc: self._failed(seq, exc),
        )

    def _loaded(self, seq: int, flt: CaseFilter, page: CaseListPage, *, append: bool) -> None:
        if seq != self._seq:
            return  # an answer to an earlier question
        if append:
            self.model.append_rows(page.rows)
        else:
            self.model.set_rows(page.rows)
        # A status column that says the same on every row is only in the way.
        self.table.setColumnHidden(CaseColumn.STATUS, flt.status is not CaseStatus.ALL)
        only_open = flt == CaseFilter(sort=flt.sort, descending=flt.descending)
        self.table.set_placeholder(NO_OPEN if only_open else EMPTY)
        self._count_filter = flt if page.total is None else None
        self._show_count(page.total)
        if page.total is None:
            self.count_timer.start()

    def _show_count(self, total: int | None) -> None:
        self._total = total
        shown = self.model.rowCount()
        self.count_label.setText(count_text(shown, total))
        self.more_button.setVisible(total is not None and shown < total)
        self.more_button.setEnabled(True)

    def _fit_columns(self) -> None:
        """Widths from what each column can hold (not from the rows of the moment, so the
        columns stay put while the user types); the name takes the rest of the width."""
        header = self.table.horizontalHeader()
        cell, head = self.table.fontMetrics(), header.fontMetrics()
        owners = [self.owner_combo.itemText(i) for i in range(1, self.owner_combo.count())]
        samples = {
            CaseColumn.NUMBER: ["2026-0000"],
            CaseColumn.MUNICIPALITY: [m.name for m in MUNICIPALITIES],
            CaseColumn.OWNER: [*owners, NO_OWNER],
            CaseColumn.PHASE: [p.label for p in PHASE_ORDER],
            CaseColumn.DAYS_IN_PHASE: ["00000"],
            CaseColumn.LAST_CONTACT: ["00-00-0000", NO_CONTACT],
            CaseColumn.STATUS: [s.label for s in CaseStatus],
            CaseColumn.SPECIALISM: [s.label for s in Specialism],
        }
        for column, values in samples.items():
            width = max(
                head.horizontalAdvance(HEADERS[column]) + HEADER_PADDING,
                max(cell.horizontalAdvance(v) for v in values) + CELL_PADDING,
            )
            header.resizeSection(column, width)
        self._keep_names_readable()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._keep_names_readable()
        return super().eventFilter(watched, event)

    def _keep_names_readable(self) -> None:
        """The name takes the width the other columns leave, but in a narrow window (800
        pixels) at least NAME_NARROWEST: then the table scrolls sideways instead."""
        header = self.table.horizontalHeader()
        others = sum(
            header.sectionSize(c)
            for c in range(header.count())
            if c != CaseColumn.NAME and not header.isSectionHidden(c)
        )
        narrow = self.table.viewport().width() - others < NAME_NARROWEST
        mode = QHeaderView.ResizeMode.Interactive if narrow else QHeaderView.ResizeMode.Stretch
        if header.sectionResizeMode(CaseColumn.NAME) is not mode:
            header.setSectionResizeMode(CaseColumn.NAME, mode)
            if narrow:
                header.resizeSection(CaseColumn.NAME, NAME_NARROWEST)

    def _failed(self, seq: int, exc: BaseException) -> None:
        self.more_button.setEnabled(True)
        if seq == self._seq:
            show_error(exc)

    def _load_owners(self) -> None:
        # Without the owners the filter offers "all" only; the list itself still loads.
        self._session.call(_load_owners, self._set_owners, ignore_error)

    def _set_owners(self, owners: list[tuple[int, str]]) -> None:
        chosen = self.owner_combo.currentData()
        self.owner_combo.blockSignals(True)  # refilling is not a new choice
        self.owner_combo.clear()
        self.owner_combo.addItem(ALL_OWNERS, None)
        for member_id, name in owners:
            self.owner_combo.addItem(name, member_id)
        self._fit_columns()
        index = self.owner_combo.findData(chosen) if chosen is not None else 0
        self.owner_combo.setCurrentIndex(max(index, 0))
        self.owner_combo.blockSignals(False)
        if chosen is not None and index < 0:
            self.reload()  # the chosen owner is gone: show everyone's cases

    # --- session -------------------------------------------------------------------------

    def _unlocked(self) -> None:
        self._load_owners()
        super()._unlocked()

    def _data_changed(self, topic: str) -> None:
        if topic == Topic.TEAM:
            self._load_owners()
        super()._data_changed(topic)

    def clear(self) -> None:
        """Locked: nothing of the register stays on screen, not even the search text."""
        self._seq += 1  # whatever is still on its way is not shown
        self.search_timer.stop()
        self.count_timer.stop()
        self._count_filter = None
        self._asking = self._ask_again = False
        self.search_box.blockSignals(True)
        self.search_box.clear()
        self.search_box.blockSignals(False)
        self.model.clear()
        self._total = 0
        self.count_label.clear()
        self.more_button.setVisible(False)

    # --- opening -------------------------------------------------------------------------

    def selected_case_id(self) -> int | None:
        row = self.table.selected_value()
        return getattr(row, "id", None)

    def _activated(self, index: QModelIndex) -> None:
        row = self.proxy.value_at(index.row())
        if row is not None:
            self.case_requested.emit(row.id)
